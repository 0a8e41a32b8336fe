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
 *   scenario <name>   writes wp-content/triage-bisect-scenario (fatal, memory, sleep, admin, post, pair,
 *                     theme, front), or deletes it (off); prints {"scenario":"<name>"} or {"scenario":null}
 *   list              prints {"installed":[...],"active":[...],"scenario":...,"theme":...}
 *   theme <slug>      makes an installed theme the active one; prints {"theme":"<slug>"}
 *   break-theme <slug>  adds to that theme's functions.php a require of triage-bisect-theme-fatal.php, which
 *                     calls a function the theme does not define while the scenario is "theme" (a theme
 *                     update that dropped a helper); prints {"broken":"<slug>"}
 *   mend-theme <slug> takes that line and file out again; prints {"broken":null}
 *   hide-themes <slug>  hides every other theme folder (renamed .triage-hidden-<name>, which WordPress skips),
 *                     so no other installed theme can stand in for <slug>; prints {"hidden":[...]}
 *   show-themes       renames them back; prints {"hidden":[]}
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

const TRIAGE_LAB_BISECT_PREFIX     = 'triage-bisect-';
const TRIAGE_LAB_BISECT_FILE       = 'triage-bisect-scenario';
const TRIAGE_LAB_BISECT_SCENARIOS  = array( 'fatal', 'memory', 'sleep', 'admin', 'post', 'pair', 'theme', 'front', 'off' );
const TRIAGE_LAB_BISECT_THEME_FILE = 'triage-bisect-theme-fatal.php';
const TRIAGE_LAB_BISECT_THEME_LINE = "require_once __DIR__ . '/triage-bisect-theme-fatal.php'; // Added by tests/lab/bisect.php break-theme.";

$triage_args    = array_slice( $argv, 1 );
$triage_site    = isset( $triage_args[0] ) ? rtrim( $triage_args[0], '/' ) : '';
$triage_command = isset( $triage_args[1] ) ? $triage_args[1] : '';
$triage_arg     = isset( $triage_args[2] ) ? $triage_args[2] : null;

if ( '' === $triage_site || in_array( $triage_site, array( '-h', '--help', 'help' ), true ) ) {
	triage_lab_bisect_usage( '' === $triage_site ? 2 : 0 );
}
$triage_arity = array(
	'activate'    => 0,
	'deactivate'  => 0,
	'list'        => 0,
	'scenario'    => 1,
	'theme'       => 1,
	'break-theme' => 1,
	'mend-theme'  => 1,
	'hide-themes' => 1,
	'show-themes' => 0,
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
if ( 'hide-themes' === $triage_command || 'show-themes' === $triage_command ) {
	triage_lab_bisect_print( array( 'hidden' => triage_lab_bisect_hide_themes( $triage_content . '/themes', 'hide-themes' === $triage_command ? (string) $triage_arg : null ) ) );
	exit( 0 );
}
if ( 'break-theme' === $triage_command || 'mend-theme' === $triage_command ) {
	triage_lab_bisect_theme_fatal( $triage_content, (string) $triage_arg, 'break-theme' === $triage_command );
	triage_lab_bisect_print( array( 'broken' => 'break-theme' === $triage_command ? $triage_arg : null ) );
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
				'theme'     => get_option( 'stylesheet' ),
			)
		);
		break;

	case 'theme':
		$triage_theme = wp_get_theme( (string) $triage_arg );
		if ( ! $triage_theme->exists() || $triage_theme->errors() ) {
			triage_lab_bisect_fail( "no usable theme $triage_arg in " . get_theme_root() );
		}
		switch_theme( $triage_theme->get_stylesheet() );
		if ( get_option( 'stylesheet' ) !== $triage_theme->get_stylesheet() ) {
			triage_lab_bisect_fail( "$triage_arg was not made the active theme" );
		}
		triage_lab_bisect_print( array( 'theme' => get_option( 'stylesheet' ) ) );
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
		. "  list              print the installed and active triage-bisect-* plugins, the scenario and the theme\n"
		. "  theme <slug>      make an installed theme the active one\n"
		. "  break-theme <slug>  make that theme call a missing function while the scenario is theme\n"
		. "  mend-theme <slug> undo break-theme\n"
		. "  hide-themes <slug>  hide every other theme folder; show-themes brings them back\n"
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

/**
 * Breaks a theme the way a bad theme update does (a call to a function the theme no longer ships, while
 * the scenario is "theme"), or mends it: a file of its own in the theme's folder, so the fatal error names
 * the theme's file, and one line at the end of its functions.php that loads it.
 *
 * @param string $content_dir wp-content directory.
 * @param string $slug        Theme folder.
 * @param bool   $on          Break (true) or mend (false).
 * @return void
 */
function triage_lab_bisect_theme_fatal( $content_dir, $slug, $on ) {
	$dir = $content_dir . '/themes/' . $slug;
	if ( '' === $slug || false !== strpos( $slug, '/' ) || ! is_file( $dir . '/style.css' ) ) {
		triage_lab_bisect_fail( "no theme $slug in $content_dir/themes" );
	}
	$functions = $dir . '/functions.php';
	$source    = is_file( $functions ) ? (string) file_get_contents( $functions ) : "<?php\n";
	$lines     = array_values(
		array_filter(
			explode( "\n", rtrim( $source, "\n" ) ),
			static function ( $line ) {
				return TRIAGE_LAB_BISECT_THEME_LINE !== $line;
			}
		)
	);
	$fatal     = $dir . '/' . TRIAGE_LAB_BISECT_THEME_FILE;
	if ( $on ) {
		$lines[] = TRIAGE_LAB_BISECT_THEME_LINE;
		$code    = "<?php\n// A bad theme update (tests/lab/bisect.php break-theme): calls a helper it no longer ships.\n"
			. "defined( 'ABSPATH' ) || exit;\n"
			. "\$triage_bisect_file = WP_CONTENT_DIR . '/triage-bisect-scenario';\n"
			. "if ( is_file( \$triage_bisect_file ) && 'theme' === trim( (string) file_get_contents( \$triage_bisect_file ) ) ) {\n"
			. "\ttriage_bisect_theme_helper_removed_in_this_update();\n"
			. "}\n";
		triage_lab_bisect_write( $fatal, $code, $dir );
	} elseif ( file_exists( $fatal ) && ! unlink( $fatal ) ) {
		triage_lab_bisect_fail( "could not delete $fatal" );
	}
	triage_lab_bisect_write( $functions, implode( "\n", $lines ) . "\n", $dir );
	clearstatcache();
}

/**
 * Writes a file atomically, owned like the folder it is in when run as root (PHP-FPM only reads it).
 *
 * @param string $file   File.
 * @param string $code   Contents.
 * @param string $folder Folder whose owner it gets.
 * @return void
 */
function triage_lab_bisect_write( $file, $code, $folder ) {
	$temp = dirname( $file ) . '/.' . basename( $file ) . '.' . bin2hex( random_bytes( 6 ) ) . '.tmp';
	if ( strlen( $code ) !== file_put_contents( $temp, $code, LOCK_EX ) ) {
		if ( file_exists( $temp ) ) {
			unlink( $temp );
		}
		triage_lab_bisect_fail( "could not write $temp" );
	}
	chmod( $temp, 0644 );
	if ( function_exists( 'posix_geteuid' ) && 0 === posix_geteuid() ) {
		$owner = fileowner( $folder );
		$group = filegroup( $folder );
		if ( false !== $owner && false !== $group ) {
			chown( $temp, $owner );
			chgrp( $temp, $group );
		}
	}
	if ( ! rename( $temp, $file ) ) {
		unlink( $temp );
		triage_lab_bisect_fail( "could not rename $temp to $file" );
	}
}

/**
 * Hides every theme folder but one (a dot-prefixed name, which WordPress skips), or brings them back.
 *
 * @param string      $themes_dir Themes directory.
 * @param string|null $keep       Theme to leave visible; null shows every hidden one again.
 * @return string[] Folders hidden now.
 */
function triage_lab_bisect_hide_themes( $themes_dir, $keep ) {
	$prefix = '.triage-hidden-';
	$hidden = array();
	foreach ( (array) scandir( $themes_dir ) as $name ) {
		$name = (string) $name;
		$path = $themes_dir . '/' . $name;
		if ( '.' === $name || '..' === $name || ! is_dir( $path ) ) {
			continue;
		}
		$is_hidden = 0 === strpos( $name, $prefix );
		if ( null === $keep && $is_hidden ) {
			if ( ! rename( $path, $themes_dir . '/' . substr( $name, strlen( $prefix ) ) ) ) {
				triage_lab_bisect_fail( "could not show $name again" );
			}
		} elseif ( null !== $keep && ! $is_hidden && '.' !== $name[0] && $name !== $keep ) {
			if ( ! rename( $path, $themes_dir . '/' . $prefix . $name ) ) {
				triage_lab_bisect_fail( "could not hide $name" );
			}
			$hidden[] = $name;
		} elseif ( $is_hidden ) {
			$hidden[] = substr( $name, strlen( $prefix ) );
		}
	}
	sort( $hidden );
	return $hidden;
}
