<?php
/**
 * Lab helper for the bisection specs (CLI): switches the triage-bisect-* fixture plugins
 * (tests/e2e/bisect-plugins, copied into the lab by up.sh) on and off, and picks the scenario that makes
 * their culprits misbehave.
 *
 * Usage: php tests/lab/bisect.php <site-dir> <command> [arg]
 *
 *   activate          adds every installed triage-bisect-* plugin to active_plugins; prints {"active":N}
 *   deactivate        removes them from active_plugins; prints {"active":0}
 *   scenario <name>   writes wp-content/triage-bisect-scenario (fatal, memory, sleep, admin, post, pair),
 *                     or deletes it (off); prints {"scenario":"<name>"} or {"scenario":null}
 *   list              prints {"installed":[...],"active":[...],"scenario":...}
 *
 * Exit codes: 0 done, 1 failed (no site, database down, file not written), 2 bad usage.
 *
 * WordPress is loaded with WP_INSTALLING, as install-site.php does: WordPress then loads no plugin and no
 * theme, so this script still works while a culprit breaks every request (activate and deactivate write
 * the option directly instead of calling activate_plugin(), which would run the culprit). Cron is off and
 * WordPress's debug settings are skipped, so the script sends no request to the lab and never writes the
 * site's debug.log (a file created here as root would lock PHP-FPM's www-data out of it); its own
 * warnings go to stderr. The scenario command does not load WordPress at all.
 *
 * @package Triage
 */

if ( 'cli' !== PHP_SAPI ) {
	exit( 1 );
}

error_reporting( E_ALL );
ini_set( 'display_errors', 'stderr' );
ini_set( 'log_errors', '0' );

const TRIAGE_LAB_BISECT_PREFIX    = 'triage-bisect-';
const TRIAGE_LAB_BISECT_FILE      = 'triage-bisect-scenario';
const TRIAGE_LAB_BISECT_SCENARIOS = array( 'fatal', 'memory', 'sleep', 'admin', 'post', 'pair', 'off' );

$triage_args    = array_slice( $argv, 1 );
$triage_site    = isset( $triage_args[0] ) ? rtrim( $triage_args[0], '/' ) : '';
$triage_command = isset( $triage_args[1] ) ? $triage_args[1] : '';
$triage_arg     = isset( $triage_args[2] ) ? $triage_args[2] : null;

if ( '' === $triage_site || in_array( $triage_site, array( '-h', '--help', 'help' ), true ) ) {
	triage_lab_bisect_usage( '' === $triage_site ? 2 : 0 );
}
$triage_arity = array(
	'activate'   => 0,
	'deactivate' => 0,
	'list'       => 0,
	'scenario'   => 1,
);
if ( ! isset( $triage_arity[ $triage_command ] ) ) {
	triage_lab_bisect_usage( 2, '' === $triage_command ? 'no command given' : "unknown command: $triage_command" );
}
if ( count( $triage_args ) - 2 !== $triage_arity[ $triage_command ] ) {
	triage_lab_bisect_usage( 2, "wrong number of arguments for $triage_command" );
}
if ( 'scenario' === $triage_command && ! in_array( $triage_arg, TRIAGE_LAB_BISECT_SCENARIOS, true ) ) {
	triage_lab_bisect_fail( "unknown scenario: $triage_arg (valid: " . implode( ', ', TRIAGE_LAB_BISECT_SCENARIOS ) . ')', 2 );
}
if ( '' === $triage_site || ! is_file( $triage_site . '/wp-load.php' ) ) {
	triage_lab_bisect_fail( "no WordPress at $triage_site: expected $triage_site/wp-load.php (the lab's is .cache/lab/site)" );
}
$triage_content = $triage_site . '/wp-content';

if ( 'scenario' === $triage_command ) {
	triage_lab_bisect_set_scenario( $triage_content, $triage_arg );
	triage_lab_bisect_print( array( 'scenario' => triage_lab_bisect_scenario( $triage_content ) ) );
	exit( 0 );
}

// Plugins and theme stay unloaded (see above); a host is set for code that expects one.
define( 'WP_INSTALLING', true );
if ( ! defined( 'DISABLE_WP_CRON' ) ) {
	define( 'DISABLE_WP_CRON', true );
}
if ( empty( $_SERVER['HTTP_HOST'] ) ) {
	$_SERVER['HTTP_HOST'] = '127.0.0.1';
}
if ( empty( $_SERVER['REQUEST_URI'] ) ) {
	$_SERVER['REQUEST_URI'] = '/';
}
// Hooks pre-seeded before WordPress loads, as core's test library does: keep WordPress's debug settings
// (log file, display) out of this process, and turn wp_die() (database down...) into exit status 1.
$wp_filter['enable_wp_debug_mode_checks'][10]['triage_lab'] = array( // phpcs:ignore WordPress.WP.GlobalVariablesOverride.Prohibited -- pre-seeding hooks.
	'function'      => 'triage_lab_bisect_false',
	'accepted_args' => 1,
);

$wp_filter['wp_die_handler'][10]['triage_lab'] = array( // phpcs:ignore WordPress.WP.GlobalVariablesOverride.Prohibited -- pre-seeding hooks.
	'function'      => 'triage_lab_bisect_die_handler_name',
	'accepted_args' => 1,
);

require $triage_site . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

$triage_installed = triage_lab_bisect_installed();
$triage_active    = (array) get_option( 'active_plugins', array() );

switch ( $triage_command ) {
	case 'activate':
		if ( ! $triage_installed ) {
			triage_lab_bisect_fail( 'no ' . TRIAGE_LAB_BISECT_PREFIX . '* plugin is installed in ' . WP_PLUGIN_DIR . ': start the lab again (tests/lab/up.sh copies tests/e2e/bisect-plugins)' );
		}
		$triage_new = array_values( array_unique( array_merge( $triage_active, $triage_installed ) ) );
		sort( $triage_new );
		triage_lab_bisect_save( $triage_active, $triage_new );
		triage_lab_bisect_print( array( 'active' => count( triage_lab_bisect_only_fixtures( $triage_new ) ) ) );
		break;

	case 'deactivate':
		$triage_new = array_values( array_diff( $triage_active, triage_lab_bisect_only_fixtures( $triage_active ) ) );
		triage_lab_bisect_save( $triage_active, $triage_new );
		triage_lab_bisect_print( array( 'active' => count( triage_lab_bisect_only_fixtures( $triage_new ) ) ) );
		break;

	case 'list':
		triage_lab_bisect_print(
			array(
				'installed' => $triage_installed,
				'active'    => triage_lab_bisect_only_fixtures( $triage_active ),
				'scenario'  => triage_lab_bisect_scenario( $triage_content ),
			)
		);
		break;
}
exit( 0 );

/**
 * Prints the usage and exits.
 *
 * @param int    $code    Exit status.
 * @param string $message Error to print first, if any.
 * @return void
 */
function triage_lab_bisect_usage( $code, $message = '' ) {
	$usage = "Usage: php tests/lab/bisect.php <site-dir> <command> [arg]\n"
		. "  activate          activate every installed triage-bisect-* plugin (prints {\"active\":N})\n"
		. "  deactivate        deactivate them (prints {\"active\":0})\n"
		. '  scenario <name>   ' . implode( '|', TRIAGE_LAB_BISECT_SCENARIOS ) . ": write or (off) delete wp-content/triage-bisect-scenario\n"
		. "  list              print the installed and active triage-bisect-* plugins and the scenario\n"
		. "<site-dir> is the lab's WordPress, e.g. .cache/lab/site. Exit status: 0 done, 1 failed, 2 bad usage.\n";
	fwrite( 0 === $code ? STDOUT : STDERR, ( '' === $message ? '' : "bisect.php: $message\n" ) . $usage );
	exit( (int) $code );
}

/**
 * Prints an error and exits.
 *
 * @param string $message Error.
 * @param int    $code    Exit status.
 * @return void
 */
function triage_lab_bisect_fail( $message, $code = 1 ) {
	fwrite( STDERR, "bisect.php: $message\n" );
	exit( (int) $code );
}

/**
 * Prints one JSON line on stdout.
 *
 * @param array $data Data.
 * @return void
 */
function triage_lab_bisect_print( array $data ) {
	fwrite( STDOUT, json_encode( $data, JSON_UNESCAPED_SLASHES ) . "\n" );
}

/**
 * Returns false (__return_false() is not defined yet when the debug-mode filter runs).
 *
 * @return bool
 */
function triage_lab_bisect_false() {
	return false;
}

/**
 * Name of the wp_die() handler, for the wp_die_handler filter.
 *
 * @return string
 */
function triage_lab_bisect_die_handler_name() {
	return 'triage_lab_bisect_die_handler';
}

/**
 * Handler for wp_die(): prints the message as text and exits with status 1.
 *
 * @param string|WP_Error $message Message.
 * @return void
 */
function triage_lab_bisect_die_handler( $message ) {
	if ( is_wp_error( $message ) ) {
		$message = $message->get_error_message();
	}
	// Plain PHP only: WordPress may have stopped before its formatting functions were loaded.
	$text = trim( (string) preg_replace( '/\s+/', ' ', html_entity_decode( strip_tags( (string) $message ) ) ) );
	triage_lab_bisect_fail( 'WordPress stopped: ' . ( '' === $text ? '(no message)' : $text ) );
}

/**
 * Basenames of the installed triage-bisect-* plugins, sorted.
 *
 * @return string[]
 */
function triage_lab_bisect_installed() {
	$basenames = triage_lab_bisect_only_fixtures( array_keys( get_plugins() ) );
	sort( $basenames );
	return $basenames;
}

/**
 * The entries of a plugin list that are bisection fixtures, sorted.
 *
 * @param array $plugins Plugin basenames.
 * @return string[]
 */
function triage_lab_bisect_only_fixtures( array $plugins ) {
	$fixtures = array();
	foreach ( $plugins as $plugin ) {
		if ( is_string( $plugin ) && 0 === strpos( $plugin, TRIAGE_LAB_BISECT_PREFIX ) ) {
			$fixtures[] = $plugin;
		}
	}
	sort( $fixtures );
	return array_values( array_unique( $fixtures ) );
}

/**
 * Writes active_plugins when it changed, and checks it was written.
 *
 * @param array $old Current list.
 * @param array $wanted New list.
 * @return void
 */
function triage_lab_bisect_save( array $old, array $wanted ) {
	if ( $old === $wanted ) {
		return;
	}
	update_option( 'active_plugins', $wanted );
	// WP_INSTALLING makes get_option() read the database, not a cache: this checks what was stored.
	if ( (array) get_option( 'active_plugins', array() ) !== $wanted ) {
		triage_lab_bisect_fail( 'active_plugins was not saved' );
	}
}

/**
 * The scenario in effect: the trimmed contents of the scenario file, or null without one.
 *
 * @param string $content_dir wp-content directory.
 * @return string|null
 */
function triage_lab_bisect_scenario( $content_dir ) {
	$file = $content_dir . '/' . TRIAGE_LAB_BISECT_FILE;
	if ( ! is_file( $file ) ) {
		return null;
	}
	$contents = file_get_contents( $file );
	return false === $contents ? null : trim( $contents );
}

/**
 * Writes the scenario file atomically (temporary file, then rename), or deletes it for "off".
 *
 * The file is left 0644 (PHP-FPM's www-data only reads it) and, when run as root, owned like wp-content.
 *
 * @param string $content_dir wp-content directory.
 * @param string $name        Scenario.
 * @return void
 */
function triage_lab_bisect_set_scenario( $content_dir, $name ) {
	if ( ! is_dir( $content_dir ) ) {
		triage_lab_bisect_fail( "no wp-content directory at $content_dir" );
	}
	$file = $content_dir . '/' . TRIAGE_LAB_BISECT_FILE;
	if ( 'off' === $name ) {
		if ( file_exists( $file ) && ! unlink( $file ) ) {
			triage_lab_bisect_fail( "could not delete $file" );
		}
		clearstatcache();
		return;
	}
	$temp = $content_dir . '/.' . TRIAGE_LAB_BISECT_FILE . '.' . bin2hex( random_bytes( 6 ) ) . '.tmp';
	if ( strlen( $name . "\n" ) !== file_put_contents( $temp, $name . "\n", LOCK_EX ) ) {
		if ( file_exists( $temp ) ) {
			unlink( $temp );
		}
		triage_lab_bisect_fail( "could not write $temp" );
	}
	chmod( $temp, 0644 );
	if ( function_exists( 'posix_geteuid' ) && 0 === posix_geteuid() ) {
		$owner = fileowner( $content_dir );
		$group = filegroup( $content_dir );
		if ( false !== $owner && false !== $group ) {
			chown( $temp, $owner );
			chgrp( $temp, $group );
		}
	}
	if ( ! rename( $temp, $file ) ) {
		unlink( $temp );
		triage_lab_bisect_fail( "could not rename $temp to $file" );
	}
	clearstatcache();
}
