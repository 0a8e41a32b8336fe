<?php
/**
 * Switches the site's debug profile in wp-config.php, and switches it back.
 *
 * @package Triage
 */

namespace Triage\Config;

use Triage\Files\Atomic_Writer;
use Triage\Files\File_Mods;
use Triage\Files\Private_Directory;
use Triage\Storage\Network_Storage;
use WP_Error;

defined( 'ABSPATH' ) || exit;

/**
 * The debug-mode service. Every switch: read wp-config.php, undo Triage's previous edits in memory (so the
 * site's own lines come back byte for byte), apply the new profile, check the result parses, back up and
 * write atomically, then ask the site for its front page and put the old file back if it now answers 5xx.
 *
 * What Triage changed is kept in a Debug_Record with the expiry. The profile reverts by a single WP-Cron
 * event and, because WP-Cron may be dead on a broken site, also on the next admin request after the expiry
 * (Debug_Auto_Revert).
 */
final class Debug_Mode {

	// The names the REST controller and the tests know this service's parts by.
	public const OPTION       = Debug_Record::OPTION;
	public const CRON_HOOK    = Debug_Expiry::CRON_HOOK;
	public const EXPIRY       = Debug_Expiry::DEFAULT;
	public const MAX_EXPIRY   = Debug_Expiry::MAX;
	public const FLOOR_EXPIRY = Debug_Expiry::FLOOR;

	/**
	 * The wp-config.php file.
	 *
	 * @var Config_File
	 */
	private $file;

	/**
	 * Plans the define() edits and undoes Triage's previous ones.
	 *
	 * @var Config_Editor
	 */
	private $editor;

	/**
	 * Reads the define() calls a plan is checked against.
	 *
	 * @var Config_Parser
	 */
	private $parser;

	/**
	 * Private directory for the log.
	 *
	 * @var Private_Directory
	 */
	private $private_dir;

	/**
	 * What Triage changed.
	 *
	 * @var Debug_Record
	 */
	private $record;

	/**
	 * Debug constants and their blockers.
	 *
	 * @var Debug_Constants
	 */
	private $constants;

	/**
	 * Expiry bounds and the cron event.
	 *
	 * @var Debug_Expiry
	 */
	private $expiry;

	/**
	 * One change at a time.
	 *
	 * @var Config_Write_Lock
	 */
	private $lock;

	/**
	 * Returns array{status: int|null, broken: bool, error: string|null, ms: int}.
	 *
	 * @var callable
	 */
	private $loopback;

	/**
	 * Takes its collaborators.
	 *
	 * @param Config_File       $file        The wp-config.php file.
	 * @param Config_Parser     $parser      Parser.
	 * @param Private_Directory $private_dir Private directory for the log.
	 * @param Debug_Record      $record      What Triage changed.
	 * @param callable          $loopback    Loopback check (Loopback_Checker::check, or a test double).
	 * @param callable|null     $runtime     Reads a constant of this request; defaults to defined()/constant().
	 */
	public function __construct( Config_File $file, Config_Parser $parser, Private_Directory $private_dir, Debug_Record $record, callable $loopback, ?callable $runtime = null ) {
		$this->file        = $file;
		$this->parser      = $parser;
		$this->editor      = new Config_Editor( $parser );
		$this->private_dir = $private_dir;
		$this->record      = $record;
		$this->constants   = new Debug_Constants( $this->editor, $runtime );
		$this->expiry      = new Debug_Expiry();
		$this->lock        = new Config_Write_Lock();
		$this->loopback    = $loopback;
	}

	/**
	 * The service for the running site: its wp-config.php, the real loopback, this request's constants.
	 *
	 * @param Debug_Record|null $record The record shared with Debug_Auto_Revert; a new one when null.
	 * @return Debug_Mode
	 */
	public static function for_this_site( ?Debug_Record $record = null ): Debug_Mode {
		$private_dir = new Private_Directory( Private_Directory::detect_web_root(), WP_CONTENT_DIR );
		return new self(
			new Config_File( new Config_Locator( ABSPATH ), new Atomic_Writer(), $private_dir ),
			new Config_Parser(),
			$private_dir,
			null === $record ? new Debug_Record( new Network_Storage() ) : $record,
			array( new Loopback_Checker(), 'check' )
		);
	}

	/**
	 * Reverts an expired profile (called by Debug_Auto_Revert from WP-Cron and admin requests).
	 *
	 * @return void
	 */
	public function maybe_expire(): void {
		if ( Debug_Expiry::is_due( $this->record->get(), time() ) ) {
			$this->revert( false );
		}
	}

	/**
	 * Everything the Debug tab shows.
	 *
	 * @return array<string, mixed> Shape documented by the debug REST schema.
	 */
	public function state(): array {
		$file   = $this->file->locate();
		$record = $this->record->get();
		$source = $this->file->peek( $file );
		$parsed = null === $source ? null : $this->parser->parse( $source );

		$constants = array();
		foreach ( Debug_Profiles::MANAGED as $name ) {
			$constants[] = $this->constants->describe( $name, $parsed );
		}

		$log_example = $this->private_dir->candidate() . '/debug-' . substr( wp_hash( 'triage-debug-log' ), 0, 32 ) . '.log';
		$profiles    = array();
		foreach ( array( Debug_Profiles::LOG, Debug_Profiles::DEVELOPER ) as $profile ) {
			$values     = Debug_Profiles::values( $profile, $log_example );
			$blockers   = null === $parsed ? array() : $this->constants->blockers( $parsed, $values, null === $record ? array() : wp_list_pluck( $record['edits'], 'name' ) );
			$profiles[] = array(
				'id'        => $profile,
				'label'     => Debug_Profiles::label( $profile ),
				'constants' => array_keys( $values ),
				'available' => null !== $parsed && empty( $blockers ) && $file['writable'] && $file['directory_writable'] && File_Mods::allowed( File_Mods::CONFIG ),
				'blockers'  => $blockers,
				'manual'    => Debug_Constants::manual( $values ),
			);
		}

		return array(
			'file'           => Config_File::describe( $file ),
			'profile'        => null === $record ? Debug_Profiles::OFF : (string) $record['profile'],
			'active'         => Debug_Record::describe( $record ),
			'constants'      => $constants,
			'profiles'       => $profiles,
			'display_errors' => (string) ini_get( 'display_errors' ),
			'expiry'         => $this->expiry->bounds(),
		);
	}

	/**
	 * Switches to a profile (Off reverts).
	 *
	 * @param string $profile    Profile id.
	 * @param int    $expires_in Seconds until the automatic revert.
	 * @param bool   $dry_run    Plan only: validate and report the changes without writing.
	 * @return array<string, mixed>|WP_Error
	 */
	public function apply( string $profile, int $expires_in, bool $dry_run ) {
		if ( ! in_array( $profile, Debug_Profiles::ids(), true ) ) {
			return new WP_Error( 'triage_debug_profile', __( 'Unknown debug profile.', 'triage' ), array( 'status' => 400 ) );
		}
		if ( Debug_Profiles::OFF === $profile ) {
			return $this->revert( $dry_run );
		}
		$too_long = $this->expiry->check( $expires_in );
		if ( null !== $too_long ) {
			return $too_long;
		}
		$started = microtime( true );
		$record  = $this->record->get();
		$loaded  = $this->file->load();
		if ( is_wp_error( $loaded ) ) {
			return $loaded;
		}
		list( $file, $source ) = $loaded;

		$base    = $source;
		$changes = array();
		if ( null !== $record ) {
			$restored = $this->editor->restore( $source, $record['edits'] );
			if ( is_wp_error( $restored ) ) {
				return $restored;
			}
			$base    = $restored['source'];
			$changes = $restored['changes'];
		}

		$log_file = null !== $record && '' !== (string) $record['log_file'] ? (string) $record['log_file'] : null;
		// In this request, the constants Triage set are still in effect: they say nothing about other files.
		$ours     = null === $record ? array() : wp_list_pluck( $record['edits'], 'name' );
		$wanted   = Debug_Profiles::values( $profile, null === $log_file ? '' : $log_file );
		$blockers = $this->constants->blockers( $this->parser->parse( $base ), $wanted, $ours );
		if ( ! empty( $blockers ) ) {
			return new WP_Error(
				'triage_config_foreign',
				__( 'Triage will not edit these settings, because it cannot change them safely:', 'triage' ) . ' ' . implode( ' ', wp_list_pluck( $blockers, 'message' ) ),
				array(
					'status'   => 409,
					'blockers' => $blockers,
					'manual'   => Debug_Constants::manual( $wanted ),
				)
			);
		}
		$unwritable = Config_File::unwritable( $file, Debug_Constants::manual( $wanted ) );
		if ( null !== $unwritable ) {
			return $unwritable;
		}
		if ( null === $log_file ) {
			// Only now, with the change known to be possible, is the private folder created.
			$log_file = $dry_run
				? $this->private_dir->candidate() . '/debug-<random>.log'
				: $this->private_dir->random_file( 'debug', 'log' );
			if ( is_wp_error( $log_file ) ) {
				return $log_file;
			}
		}
		$values = Debug_Profiles::values( $profile, $log_file );
		$plan   = $this->editor->apply( $base, $values );
		if ( is_wp_error( $plan ) ) {
			return $plan;
		}
		$changes = array_merge( $changes, $plan['changes'] );
		if ( $dry_run ) {
			return Debug_Outcome::result( true, $profile, $changes, null, $started, time() + $expires_in );
		}

		if ( ! $this->lock->acquire() ) {
			return Config_Write_Lock::busy();
		}
		$written = $this->file->write( (string) $file['real_path'], $plan['source'] );
		if ( is_wp_error( $written ) ) {
			$this->lock->release();
			return $written;
		}
		$loopback = call_user_func( $this->loopback );
		if ( ! empty( $loopback['broken'] ) ) {
			$back = $this->file->put_back( (string) $file['real_path'], $source );
			$this->lock->release();
			return new WP_Error(
				'triage_config_rolled_back',
				is_wp_error( $back )
					/* translators: 1: HTTP status, 2: backup file. */
					? sprintf( __( 'The site answered HTTP %1$d after the change and putting the old wp-config.php back failed. Restore it from the backup %2$s.', 'triage' ), (int) $loopback['status'], (string) $written['backup'] )
					/* translators: %d: HTTP status. */
					: sprintf( __( 'The site answered HTTP %d after the change, so Triage put wp-config.php back exactly as it was.', 'triage' ), (int) $loopback['status'] ),
				array(
					'status'   => 502,
					'loopback' => $loopback,
				)
			);
		}

		$expires_at = time() + $expires_in;
		$this->record->save(
			array(
				'profile'    => $profile,
				'started_at' => null === $record ? time() : (int) $record['started_at'],
				'expires_at' => $expires_at,
				'edits'      => $plan['edits'],
				'log_file'   => $log_file,
				'backup'     => $written['backup'],
				'file'       => (string) $file['real_path'],
				'failed'     => null,
			)
		);
		$this->expiry->schedule( $expires_at );
		$this->lock->release();
		return Debug_Outcome::result( false, $profile, $changes, $loopback, $started, $expires_at );
	}

	/**
	 * Puts back the site's own lines, byte for byte.
	 *
	 * @param bool $dry_run Plan only.
	 * @return array<string, mixed>|WP_Error
	 */
	public function revert( bool $dry_run ) {
		$started = microtime( true );
		$record  = $this->record->get();
		if ( null === $record ) {
			return new WP_Error( 'triage_debug_not_active', __( 'Triage\'s debug mode is not on, so there is nothing to switch off.', 'triage' ), array( 'status' => 409 ) );
		}
		$loaded = $this->file->load();
		if ( is_wp_error( $loaded ) ) {
			return $this->fail( $record, $loaded, $dry_run );
		}
		list( $file, $source ) = $loaded;
		$restored              = $this->editor->restore( $source, $record['edits'] );
		if ( is_wp_error( $restored ) ) {
			return $this->fail( $record, $restored, $dry_run );
		}
		if ( $restored['source'] !== $source ) {
			// On a hardened site even the way back is the site owner's to make (the auto-revert stops on it).
			$refused = File_Mods::refusal( File_Mods::CONFIG, Debug_Outcome::revert_manual( $restored['changes'] ) );
			if ( null !== $refused ) {
				return $this->fail( $record, $refused, $dry_run );
			}
		}
		if ( $dry_run ) {
			return Debug_Outcome::result( true, Debug_Profiles::OFF, $restored['changes'], null, $started, null );
		}
		if ( ! $this->lock->acquire() ) {
			return Config_Write_Lock::busy();
		}
		if ( $restored['source'] !== $source ) {
			$written = $this->file->write( (string) $file['real_path'], $restored['source'] );
			if ( is_wp_error( $written ) ) {
				$this->lock->release();
				return $this->fail( $record, $written, false );
			}
		}
		$this->record->delete();
		$this->expiry->unschedule();
		$this->lock->release();
		return Debug_Outcome::result( false, Debug_Profiles::OFF, $restored['changes'], null, $started, null );
	}

	/**
	 * Marks the record as failed (so the automatic revert stops retrying) and returns the error.
	 *
	 * @param array<string, mixed> $record  Record.
	 * @param WP_Error             $error   Error.
	 * @param bool                 $dry_run Whether this was only a plan.
	 * @return WP_Error
	 */
	private function fail( array $record, WP_Error $error, bool $dry_run ): WP_Error {
		if ( ! $dry_run ) {
			$record['failed'] = $error->get_error_message();
			$this->record->save( $record );
		}
		return $error;
	}
}
