<?php
/**
 * Switches the site's debug profile in wp-config.php, and switches it back.
 *
 * @package Triage
 */

namespace Triage\Config;

use Triage\Files\Atomic_Writer;
use Triage\Files\Private_Directory;
use WP_Error;

defined( 'ABSPATH' ) || exit;

/**
 * The debug-mode service. Every switch: read wp-config.php, undo Triage's previous edits in memory (so the
 * site's own lines come back byte for byte), apply the new profile, check the result parses, back up and
 * write atomically, then ask the site for its front page and put the old file back if it now answers 5xx.
 *
 * What Triage changed is kept in the option `triage_debug_mode` (the original statement text and the text
 * Triage wrote, per constant), with the expiry. The profile reverts by a single WP-Cron event and, because
 * WP-Cron may be dead on a broken site, also on the next admin request after the expiry: that check is one
 * read of an autoloaded option, on admin requests only.
 */
final class Debug_Mode {

	public const OPTION       = Debug_Auto_Revert::OPTION;
	public const LOCK_OPTION  = 'triage_debug_lock';
	public const CRON_HOOK    = Debug_Auto_Revert::CRON_HOOK;
	public const EXPIRY       = HOUR_IN_SECONDS;
	public const MAX_EXPIRY   = DAY_IN_SECONDS;
	public const FLOOR_EXPIRY = 10;
	public const KEEP_BACKUPS = 10;

	/** Files larger than this (wp-config.php is a few kilobytes) are not read. */
	private const MAX_CONFIG_BYTES = 1048576;

	/**
	 * Locator.
	 *
	 * @var Config_Locator
	 */
	private $locator;

	/**
	 * Editor.
	 *
	 * @var Config_Editor
	 */
	private $editor;

	/**
	 * Parser.
	 *
	 * @var Config_Parser
	 */
	private $parser;

	/**
	 * Writer.
	 *
	 * @var Atomic_Writer
	 */
	private $writer;

	/**
	 * Private directory for backups and the log.
	 *
	 * @var Private_Directory
	 */
	private $private_dir;

	/**
	 * Returns array{status: int|null, broken: bool, error: string|null, ms: int}.
	 *
	 * @var callable
	 */
	private $loopback;

	/**
	 * Returns array{defined: bool, value: mixed} for a constant name in this request.
	 *
	 * @var callable
	 */
	private $runtime;

	/**
	 * Takes its collaborators.
	 *
	 * @param Config_Locator    $locator     Locator.
	 * @param Config_Parser     $parser      Parser.
	 * @param Atomic_Writer     $writer      Writer.
	 * @param Private_Directory $private_dir Private directory.
	 * @param callable          $loopback    Loopback check (Loopback_Checker::check, or a test double).
	 * @param callable|null     $runtime     Reads a constant of this request; defaults to defined()/constant().
	 */
	public function __construct( Config_Locator $locator, Config_Parser $parser, Atomic_Writer $writer, Private_Directory $private_dir, callable $loopback, ?callable $runtime = null ) {
		$this->locator     = $locator;
		$this->parser      = $parser;
		$this->editor      = new Config_Editor( $parser );
		$this->writer      = $writer;
		$this->private_dir = $private_dir;
		$this->loopback    = $loopback;
		$this->runtime     = null === $runtime ? array( self::class, 'read_constant' ) : $runtime;
	}

	/**
	 * The service for the running site: its wp-config.php, the real loopback, this request's constants.
	 *
	 * @return Debug_Mode
	 */
	public static function for_this_site(): Debug_Mode {
		$checker = new Loopback_Checker();
		return new self(
			new Config_Locator( ABSPATH ),
			new Config_Parser(),
			new Atomic_Writer(),
			new Private_Directory( Private_Directory::detect_web_root(), WP_CONTENT_DIR ),
			array( $checker, 'check' )
		);
	}

	/**
	 * A constant of this request.
	 *
	 * @param string $name Constant.
	 * @return array{defined: bool, value: mixed}
	 */
	public static function read_constant( string $name ): array {
		return array(
			'defined' => defined( $name ),
			'value'   => defined( $name ) ? constant( $name ) : null,
		);
	}

	/**
	 * Shortest expiry allowed, in seconds: 60, lowered only through the `triage_debug_min_expiry` filter
	 * (end-to-end tests) and never below 10.
	 *
	 * @return int
	 */
	public function min_expiry(): int {
		/**
		 * Filters the shortest auto-revert delay, in seconds. Never below 10.
		 *
		 * @since 0.1.0
		 *
		 * @param int $seconds Default 60.
		 */
		$seconds = (int) apply_filters( 'triage_debug_min_expiry', MINUTE_IN_SECONDS );
		return max( self::FLOOR_EXPIRY, min( $seconds, self::MAX_EXPIRY ) );
	}

	/**
	 * The active record, or null.
	 *
	 * @return array{profile: string, started_at: int, expires_at: int, edits: array, log_file: string, backup: string|null, file: string, failed: string|null}|null
	 */
	public function record(): ?array {
		$record = is_multisite() ? get_site_option( self::OPTION ) : get_option( self::OPTION );
		return is_array( $record ) && isset( $record['profile'], $record['edits'], $record['expires_at'] ) ? $record : null;
	}

	/**
	 * Reverts an expired profile (called by Debug_Auto_Revert from WP-Cron and admin requests).
	 *
	 * @return void
	 */
	public function maybe_expire(): void {
		$record = $this->record();
		if ( null === $record || ! empty( $record['failed'] ) || (int) $record['expires_at'] > time() ) {
			return;
		}
		$this->revert( false );
	}

	/**
	 * Everything the Debug tab shows.
	 *
	 * @return array<string, mixed> Shape documented by the debug REST schema.
	 */
	public function state(): array {
		$file   = $this->locator->locate();
		$record = $this->record();
		$parsed = null;
		if ( $file['found'] && $file['readable'] && $file['size'] <= self::MAX_CONFIG_BYTES ) {
			$source = file_get_contents( (string) $file['real_path'] ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a local file.
			$parsed = false === $source ? null : $this->parser->parse( $source );
		}

		$constants = array();
		foreach ( Debug_Profiles::MANAGED as $name ) {
			$constants[] = $this->describe_constant( $name, $parsed );
		}

		$log_example = $this->private_dir->candidate() . '/debug-' . substr( wp_hash( 'triage-debug-log' ), 0, 32 ) . '.log';
		$profiles    = array();
		foreach ( array( Debug_Profiles::LOG, Debug_Profiles::DEVELOPER ) as $profile ) {
			$values   = Debug_Profiles::values( $profile, $log_example );
			$blockers = null === $parsed ? array() : $this->blockers( $parsed, $values, null === $record ? array() : wp_list_pluck( $record['edits'], 'name' ) );
			$manual   = array();
			foreach ( $values as $name => $value ) {
				$manual[] = Config_Editor::define_statement( $name, $value );
			}
			$profiles[] = array(
				'id'        => $profile,
				'label'     => Debug_Profiles::label( $profile ),
				'constants' => array_keys( $values ),
				'available' => null !== $parsed && empty( $blockers ) && $file['writable'] && $file['directory_writable'],
				'blockers'  => $blockers,
				'manual'    => implode( "\n", $manual ),
			);
		}

		return array(
			'file'           => array(
				'found'              => $file['found'],
				'path'               => null === $file['path'] ? '' : $file['path'],
				'real_path'          => null === $file['real_path'] ? '' : $file['real_path'],
				'symlink'            => $file['symlink'],
				'readable'           => $file['readable'],
				'writable'           => $file['writable'],
				'directory_writable' => $file['directory_writable'],
				'owner'              => $file['owner'],
				'permissions'        => $file['permissions'],
			),
			'profile'        => null === $record ? Debug_Profiles::OFF : (string) $record['profile'],
			'active'         => null === $record ? null : array(
				'profile'      => (string) $record['profile'],
				'started_at'   => (int) $record['started_at'],
				'expires_at'   => (int) $record['expires_at'],
				'seconds_left' => max( 0, (int) $record['expires_at'] - time() ),
				'log_file'     => (string) $record['log_file'],
				'failed'       => empty( $record['failed'] ) ? null : (string) $record['failed'],
			),
			'constants'      => $constants,
			'profiles'       => $profiles,
			'display_errors' => (string) ini_get( 'display_errors' ),
			'expiry'         => array(
				'default' => self::EXPIRY,
				'min'     => $this->min_expiry(),
				'max'     => self::MAX_EXPIRY,
			),
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
		if ( $expires_in < $this->min_expiry() || $expires_in > self::MAX_EXPIRY ) {
			return new WP_Error(
				'triage_debug_expiry',
				/* translators: 1: shortest delay in seconds, 2: longest delay in seconds. */
				sprintf( __( 'Choose an automatic switch-off between %1$d and %2$d seconds from now.', 'triage' ), $this->min_expiry(), self::MAX_EXPIRY ),
				array( 'status' => 400 )
			);
		}
		$started = microtime( true );
		$record  = $this->record();
		$loaded  = $this->load();
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
		$blockers = $this->blockers( $this->parser->parse( $base ), $wanted, $ours );
		if ( ! empty( $blockers ) ) {
			return new WP_Error(
				'triage_config_foreign',
				__( 'Triage will not edit these settings, because it cannot change them safely:', 'triage' ) . ' ' . implode( ' ', wp_list_pluck( $blockers, 'message' ) ),
				array(
					'status'   => 409,
					'blockers' => $blockers,
					'manual'   => $this->manual( $wanted ),
				)
			);
		}
		$unwritable = $this->unwritable( $file, $wanted );
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
			return $this->result( true, $profile, $changes, null, $started, time() + $expires_in );
		}

		if ( ! $this->lock() ) {
			return new WP_Error( 'triage_debug_busy', __( 'Another change to wp-config.php is in progress. Try again in a minute.', 'triage' ), array( 'status' => 409 ) );
		}
		$written = $this->write( (string) $file['real_path'], $plan['source'] );
		if ( is_wp_error( $written ) ) {
			$this->unlock();
			return $written;
		}
		$loopback = call_user_func( $this->loopback );
		if ( ! empty( $loopback['broken'] ) ) {
			$back = $this->writer->write( (string) $file['real_path'], $source, null, array( Config_Parser::class, 'validate' ) );
			$this->unlock();
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
		$this->save(
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
		wp_clear_scheduled_hook( self::CRON_HOOK );
		wp_schedule_single_event( $expires_at, self::CRON_HOOK );
		$this->unlock();
		return $this->result( false, $profile, $changes, $loopback, $started, $expires_at );
	}

	/**
	 * Puts back the site's own lines, byte for byte.
	 *
	 * @param bool $dry_run Plan only.
	 * @return array<string, mixed>|WP_Error
	 */
	public function revert( bool $dry_run ) {
		$started = microtime( true );
		$record  = $this->record();
		if ( null === $record ) {
			return new WP_Error( 'triage_debug_not_active', __( 'Triage\'s debug mode is not on, so there is nothing to switch off.', 'triage' ), array( 'status' => 409 ) );
		}
		$loaded = $this->load();
		if ( is_wp_error( $loaded ) ) {
			return $this->fail( $record, $loaded, $dry_run );
		}
		list( $file, $source ) = $loaded;
		$restored              = $this->editor->restore( $source, $record['edits'] );
		if ( is_wp_error( $restored ) ) {
			return $this->fail( $record, $restored, $dry_run );
		}
		if ( $dry_run ) {
			return $this->result( true, Debug_Profiles::OFF, $restored['changes'], null, $started, null );
		}
		if ( ! $this->lock() ) {
			return new WP_Error( 'triage_debug_busy', __( 'Another change to wp-config.php is in progress. Try again in a minute.', 'triage' ), array( 'status' => 409 ) );
		}
		if ( $restored['source'] !== $source ) {
			$written = $this->write( (string) $file['real_path'], $restored['source'] );
			if ( is_wp_error( $written ) ) {
				$this->unlock();
				return $this->fail( $record, $written, false );
			}
		}
		if ( is_multisite() ) {
			delete_site_option( self::OPTION );
		} else {
			delete_option( self::OPTION );
		}
		wp_clear_scheduled_hook( self::CRON_HOOK );
		$this->unlock();
		return $this->result( false, Debug_Profiles::OFF, $restored['changes'], null, $started, null );
	}

	/**
	 * Reads wp-config.php.
	 *
	 * @return array{0: array, 1: string}|WP_Error
	 */
	private function load() {
		$file = $this->locator->locate();
		if ( ! $file['found'] ) {
			return new WP_Error( 'triage_config_not_found', __( 'Triage cannot find wp-config.php where WordPress looks for it (the WordPress folder, or the folder above it).', 'triage' ), array( 'status' => 404 ) );
		}
		if ( ! $file['readable'] ) {
			return new WP_Error( 'triage_config_unreadable', __( 'wp-config.php exists but the web server cannot read it.', 'triage' ), array( 'status' => 409 ) );
		}
		if ( $file['size'] > self::MAX_CONFIG_BYTES ) {
			return new WP_Error( 'triage_config_too_large', __( 'wp-config.php is larger than 1 MB; Triage does not edit it.', 'triage' ), array( 'status' => 409 ) );
		}
		$source = file_get_contents( (string) $file['real_path'] ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a local file.
		if ( false === $source ) {
			return new WP_Error( 'triage_config_unreadable', __( 'wp-config.php exists but the web server cannot read it.', 'triage' ), array( 'status' => 409 ) );
		}
		$valid = Config_Parser::validate( $source );
		if ( true !== $valid ) {
			return new WP_Error(
				'triage_config_invalid',
				/* translators: %s: PHP parser message. */
				sprintf( __( 'wp-config.php does not parse as it is (%s); Triage will not edit it.', 'triage' ), $valid ),
				array( 'status' => 409 )
			);
		}
		return array( $file, $source );
	}

	/**
	 * Backs up and writes.
	 *
	 * @param string $path   File.
	 * @param string $source New contents.
	 * @return array{path: string, bytes: int, backup: string|null}|WP_Error
	 */
	private function write( string $path, string $source ) {
		$dir = $this->private_dir->resolve();
		if ( is_wp_error( $dir ) ) {
			return $dir;
		}
		$written = $this->writer->write( $path, $source, $dir['path'], array( Config_Parser::class, 'validate' ) );
		if ( ! is_wp_error( $written ) ) {
			$this->prune_backups( $dir['path'], basename( $written['path'] ) );
		}
		return $written;
	}

	/**
	 * Keeps the newest backups of the file (names sort by date) and deletes older ones.
	 *
	 * @param string $dir  Backup directory.
	 * @param string $name File name the backups are of.
	 * @return void
	 */
	private function prune_backups( string $dir, string $name ): void {
		$backups = glob( $dir . '/' . $name . '.*.bak' );
		if ( ! is_array( $backups ) || count( $backups ) <= self::KEEP_BACKUPS ) {
			return;
		}
		sort( $backups );
		foreach ( array_slice( $backups, 0, count( $backups ) - self::KEEP_BACKUPS ) as $old ) {
			wp_delete_file( $old );
		}
	}

	/**
	 * A WP_Error when the file cannot be replaced, with the lines to add by hand.
	 *
	 * @param array                      $file   Locator result.
	 * @param array<string, bool|string> $values Wanted values.
	 * @return WP_Error|null
	 */
	private function unwritable( array $file, array $values ): ?WP_Error {
		if ( $file['writable'] && $file['directory_writable'] ) {
			return null;
		}
		$message = $file['writable']
			/* translators: %s: folder. */
			? sprintf( __( 'The folder %s is not writable by the web server, so wp-config.php cannot be replaced safely (Triage never edits it in place). Add these lines by hand:', 'triage' ), dirname( (string) $file['real_path'] ) )
			/* translators: %s: file owner and permissions. */
			: sprintf( __( 'wp-config.php is read-only for the web server (%s). Triage respects that and changes nothing. Add these lines by hand:', 'triage' ), trim( $file['owner'] . ' ' . $file['permissions'] ) );
		return new WP_Error(
			'triage_config_read_only',
			$message,
			array(
				'status' => 409,
				'manual' => $this->manual( $values ),
			)
		);
	}

	/**
	 * Blockers for a set of values: the editor's, plus constants set outside wp-config.php in this request.
	 *
	 * @param array                      $parsed Parser result.
	 * @param array<string, bool|string> $values Wanted values.
	 * @param array<int, string>         $ours   Constants Triage itself set in this request's wp-config.php.
	 * @return array<int, array{name: string, line: int, status: string, message: string}>
	 */
	private function blockers( array $parsed, array $values, array $ours = array() ): array {
		$blockers = array();
		foreach ( $this->editor->blockers( $parsed, array_keys( $values ) ) as $blocker ) {
			$blocker['message'] = Config_Editor::describe( $blocker );
			$blockers[]         = $blocker;
		}
		foreach ( array_keys( $values ) as $name ) {
			$described = $this->describe_constant( $name, $parsed );
			if ( 'elsewhere' === $described['source'] && ! in_array( $name, $ours, true ) ) {
				$blockers[] = array(
					'name'    => $name,
					'line'    => 0,
					'status'  => 'elsewhere',
					/* translators: %s: constant name. */
					'message' => sprintf( __( '%s is set outside wp-config.php (an included file, a must-use plugin or the server), where Triage does not edit.', 'triage' ), $name ),
				);
			}
		}
		return $blockers;
	}

	/**
	 * One constant: its value and where it comes from.
	 *
	 * @param string     $name   Constant.
	 * @param array|null $parsed Parser result, null when the file could not be read.
	 * @return array{name: string, value: string|null, source: string, line: int|null, status: string|null}
	 */
	private function describe_constant( string $name, ?array $parsed ): array {
		if ( null !== $parsed ) {
			foreach ( $parsed['defines'] as $define ) {
				if ( $define['name'] === $name ) {
					return array(
						'name'   => $name,
						'value'  => Config_Parser::CONST_DECLARATION === $define['status'] ? $this->runtime_literal( $name ) : $define['value'],
						'source' => 'wp-config',
						'line'   => $define['line'],
						'status' => $define['status'],
					);
				}
			}
		}
		$runtime    = call_user_func( $this->runtime, $name );
		$defaults   = array(
			'WP_DEBUG'         => false,
			'WP_DEBUG_LOG'     => false,
			'WP_DEBUG_DISPLAY' => true,
			'SCRIPT_DEBUG'     => false,
		);
		$default    = array_key_exists( $name, $defaults ) ? $defaults[ $name ] : null;
		$is_default = ! $runtime['defined'] || $runtime['value'] === $default
			|| ( 'WP_DEBUG' === $name && function_exists( 'wp_get_environment_type' ) && 'development' === wp_get_environment_type() );
		return array(
			'name'   => $name,
			'value'  => $this->runtime_literal( $name ),
			'source' => $is_default ? 'default' : 'elsewhere',
			'line'   => null,
			'status' => null,
		);
	}

	/**
	 * A runtime constant as PHP source, or null when undefined.
	 *
	 * @param string $name Constant.
	 * @return string|null
	 */
	private function runtime_literal( string $name ): ?string {
		$runtime = call_user_func( $this->runtime, $name );
		if ( ! $runtime['defined'] ) {
			return null;
		}
		$value = $runtime['value'];
		if ( is_bool( $value ) || is_int( $value ) || is_string( $value ) ) {
			return Config_Editor::literal( $value );
		}
		return null === $value ? 'null' : wp_json_encode( $value );
	}

	/**
	 * Lines to add by hand.
	 *
	 * @param array<string, bool|string> $values Values.
	 * @return string
	 */
	private function manual( array $values ): string {
		$lines = array();
		foreach ( $values as $name => $value ) {
			$lines[] = Config_Editor::define_statement( $name, $value );
		}
		return implode( "\n", $lines );
	}

	/**
	 * Marks the record as failed (so the automatic revert stops retrying) and returns the error.
	 *
	 * @param array    $record  Record.
	 * @param WP_Error $error   Error.
	 * @param bool     $dry_run Whether this was only a plan.
	 * @return WP_Error
	 */
	private function fail( array $record, WP_Error $error, bool $dry_run ): WP_Error {
		if ( ! $dry_run ) {
			$record['failed'] = $error->get_error_message();
			$this->save( $record );
		}
		return $error;
	}

	/**
	 * Stores the record (autoloaded: the admin-request check reads it from the options already in memory).
	 *
	 * @param array $record Record.
	 * @return void
	 */
	private function save( array $record ): void {
		if ( is_multisite() ) {
			update_site_option( self::OPTION, $record );
			return;
		}
		update_option( self::OPTION, $record, true );
	}

	/**
	 * Takes the write lock (an option insert: atomic in the database); a lock older than a minute is stale.
	 *
	 * @return bool
	 */
	private function lock(): bool {
		if ( add_option( self::LOCK_OPTION, time(), '', false ) ) {
			return true;
		}
		$since = (int) get_option( self::LOCK_OPTION );
		if ( $since > 0 && $since < time() - MINUTE_IN_SECONDS ) {
			delete_option( self::LOCK_OPTION );
			return add_option( self::LOCK_OPTION, time(), '', false );
		}
		return false;
	}

	/**
	 * Releases the write lock.
	 *
	 * @return void
	 */
	private function unlock(): void {
		delete_option( self::LOCK_OPTION );
	}

	/**
	 * The result of a switch.
	 *
	 * @param bool       $dry_run    Whether nothing was written.
	 * @param string     $profile    Profile.
	 * @param array      $changes    Changed lines.
	 * @param array|null $loopback   Loopback result.
	 * @param float      $started    microtime() at the start.
	 * @param int|null   $expires_at Expiry.
	 * @return array<string, mixed>
	 */
	private function result( bool $dry_run, string $profile, array $changes, ?array $loopback, float $started, ?int $expires_at ): array {
		return array(
			'dry_run'     => $dry_run,
			'profile'     => $profile,
			'changes'     => $changes,
			'loopback'    => null === $loopback ? null : array(
				'status' => isset( $loopback['status'] ) ? $loopback['status'] : null,
				'ms'     => isset( $loopback['ms'] ) ? (int) $loopback['ms'] : 0,
			),
			'duration_ms' => (int) round( ( microtime( true ) - $started ) * 1000 ),
			'expires_at'  => $expires_at,
		);
	}
}
