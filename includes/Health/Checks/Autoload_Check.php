<?php
/**
 * Size of the options WordPress loads on every request.
 *
 * @package Triage
 */

namespace Triage\Health\Checks;

use Triage\Health\Check;
use Triage\Health\Check_Context;
use Triage\Health\Check_Result;
use Triage\Health\Format;

defined( 'ABSPATH' ) || exit;

/**
 * Autoloaded options are read on every request, front end included; megabytes of them make every request
 * slow and memory-hungry (and with an object cache, can exceed its item size and fail).
 */
final class Autoload_Check implements Check {

	public const WARNING_BYTES = 800 * 1024;

	public const CRITICAL_BYTES = 3 * 1024 * 1024;

	/**
	 * {@inheritDoc}
	 */
	public function id(): string {
		return 'autoload';
	}

	/**
	 * {@inheritDoc}
	 */
	public function layer(): string {
		return 'database';
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
		global $wpdb;
		// WordPress 6.6 added 'on', 'auto-on' and 'auto' next to the older 'yes'.
		$values       = function_exists( 'wp_autoload_values_to_autoload' ) ? wp_autoload_values_to_autoload() : array( 'yes' );
		$placeholders = implode( ', ', array_fill( 0, count( $values ), '%s' ) );
		// phpcs:disable WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- placeholders are built from a fixed list.
		$total   = $wpdb->get_row( $wpdb->prepare( "SELECT COUNT(*) AS count, COALESCE(SUM(LENGTH(option_value)), 0) AS bytes FROM {$wpdb->options} WHERE autoload IN ($placeholders)", $values ) );
		$largest = $wpdb->get_results( $wpdb->prepare( "SELECT option_name, LENGTH(option_value) AS bytes FROM {$wpdb->options} WHERE autoload IN ($placeholders) ORDER BY bytes DESC LIMIT 5", $values ) );
		// phpcs:enable
		if ( null === $total ) {
			return Check_Result::unknown( $this, __( 'Autoloaded options could not be measured', 'triage' ), (string) $wpdb->last_error );
		}
		$bytes    = (int) $total->bytes;
		$evidence = array(
			/* translators: 1: size, 2: number of options. */
			Check_Result::evidence( __( 'Autoloaded options', 'triage' ), sprintf( __( '%1$s in %2$d options', 'triage' ), Format::bytes( $bytes ), (int) $total->count ) ),
		);
		$names    = array();
		foreach ( (array) $largest as $row ) {
			$names[] = $row->option_name . ' (' . Format::bytes( (int) $row->bytes ) . ')';
		}
		if ( $names ) {
			$evidence[] = Check_Result::evidence( __( 'Largest', 'triage' ), implode( ', ', $names ) );
		}
		if ( $bytes <= self::WARNING_BYTES ) {
			return Check_Result::measured( $this, Check_Result::GOOD, __( 'Autoloaded options are a reasonable size', 'triage' ), $evidence );
		}
		return Check_Result::measured(
			$this,
			$bytes > self::CRITICAL_BYTES ? Check_Result::CRITICAL : Check_Result::WARNING,
			/* translators: %s: size. */
			sprintf( __( 'WordPress loads %s of options on every request', 'triage' ), Format::bytes( $bytes ) ),
			$evidence,
			__( 'Autoloaded options are read and unserialised on every request, visitors included: every page gets slower and needs more memory, and an object cache may refuse the oversized entry, so every request goes back to the database.', 'triage' ),
			__( 'Look at the largest options above: transients or logs a plugin stores with autoload, or leftovers of removed plugins. Delete leftovers, and switch big ones to autoload off (WP-CLI: wp option set-autoload <name> no, WordPress 6.6+; or update_option( $name, $value, false )).', 'triage' )
		);
	}
}
