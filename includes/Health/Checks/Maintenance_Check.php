<?php
/**
 * A .maintenance file left behind, and update locks.
 *
 * @package Triage
 */

namespace Triage\Health\Checks;

use Triage\Health\Check;
use Triage\Health\Check_Context;
use Triage\Health\Check_Result;
use Triage\Health\Format;
use Triage\Maintenance\Maintenance_State;

defined( 'ABSPATH' ) || exit;

/**
 * An interrupted update leaves .maintenance behind: for ten minutes after its $upgrading time WordPress
 * answers every visitor with 503; after that it ignores the file, which stays.
 */
final class Maintenance_Check implements Check {

	/**
	 * Where the .maintenance file is (the site's folder; a temporary one in tests, since a fresh file in
	 * the real folder answers 503 to every other process using it).
	 *
	 * @var Maintenance_State|null
	 */
	private $state;

	/**
	 * Takes the site's maintenance state, or reads this site's when none is given.
	 *
	 * @param Maintenance_State|null $state State.
	 */
	public function __construct( ?Maintenance_State $state = null ) {
		$this->state = $state;
	}

	/**
	 * {@inheritDoc}
	 */
	public function id(): string {
		return 'maintenance';
	}

	/**
	 * {@inheritDoc}
	 */
	public function layer(): string {
		return Check_Result::LAYER_WORDPRESS;
	}

	/**
	 * {@inheritDoc}
	 */
	public function is_slow(): bool {
		return false;
	}

	/**
	 * {@inheritDoc}
	 *
	 * @param Check_Context $context Context.
	 */
	public function run( Check_Context $context ): Check_Result {
		$now      = $context->runtime()->now();
		$state    = $this->state ?? Maintenance_State::for_this_site();
		$file     = $state->file_path();
		$evidence = array();
		$locks    = array();
		foreach ( array( 'core_updater.lock', 'auto_updater.lock' ) as $lock ) {
			$since = get_option( $lock );
			if ( is_numeric( $since ) && $now - (int) $since < HOUR_IN_SECONDS ) {
				$locks[] = $lock;
				/* translators: %s: age. */
				$evidence[] = Check_Result::evidence( $lock, sprintf( __( 'set %s ago', 'triage' ), Format::duration( max( 0, $now - (int) $since ) ) ) );
			}
		}

		if ( ! file_exists( $file ) ) {
			$evidence[] = Check_Result::evidence( '.maintenance', __( 'none', 'triage' ) );
			if ( $locks ) {
				return Check_Result::measured(
					$this,
					Check_Result::WARNING,
					__( 'An update is running or was interrupted', 'triage' ),
					$evidence,
					__( 'During an update WordPress switches to maintenance mode (503); an interrupted update can leave files half-replaced.', 'triage' ),
					__( 'Wait a few minutes. If the lock stays, check Dashboard → Updates and re-run the update; the lock option expires after an hour.', 'triage' )
				);
			}
			return Check_Result::measured( $this, Check_Result::GOOD, __( 'The site is not in maintenance mode', 'triage' ), $evidence );
		}

		// One reading of the file for the check, the card and WP-CLI: Maintenance_State knows the
		// "$upgrading = time();" form, which keeps the site in maintenance for as long as the file exists.
		$read       = $state->file();
		$always     = 'always' === $read['format'];
		$age        = max( 0, (int) $read['age'] );
		$honoured   = $read['honoured'];
		$evidence[] = Check_Result::evidence( '.maintenance', $file );
		if ( $always ) {
			$evidence[] = Check_Result::evidence( '$upgrading', __( 'time(): maintenance for as long as the file exists', 'triage' ) );
		} else {
			/* translators: %s: age. */
			$evidence[] = Check_Result::evidence( null !== $read['upgrading'] ? '$upgrading' : __( 'File age', 'triage' ), sprintf( __( '%s ago', 'triage' ), Format::duration( $age ) ) );
		}
		$evidence[] = Check_Result::evidence( __( 'WordPress honours it', 'triage' ), $honoured ? __( 'yes: visitors get 503', 'triage' ) : __( 'no: older than 10 minutes', 'triage' ) );

		$fix = __( 'If no update is running, delete the .maintenance file: Clear on the Overview\'s maintenance card, wp triage maintenance clear, or over SFTP in the WordPress folder. Then re-run the interrupted update from Dashboard → Updates.', 'triage' );
		if ( $honoured ) {
			return Check_Result::measured(
				$this,
				Check_Result::CRITICAL,
				__( 'The site is in maintenance mode: every visitor gets 503', 'triage' ),
				$evidence,
				__( 'While .maintenance is fresh, WordPress answers every request with "Briefly unavailable for scheduled maintenance" (503); an update that died leaves it behind.', 'triage' ),
				$fix
			);
		}
		return Check_Result::measured(
			$this,
			Check_Result::WARNING,
			__( 'A stale .maintenance file was left behind', 'triage' ),
			$evidence,
			__( 'WordPress ignores the file after 10 minutes, so the site works, but the update that left it was interrupted and may have left plugins or core half-updated (fatal errors, 500).', 'triage' ),
			$fix
		);
	}
}
