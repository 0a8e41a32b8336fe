<?php
/**
 * Lab helper for the Cron tab and maintenance specs (CLI). Writes and removes switch files only; it never
 * loads WordPress, so it works while a fresh .maintenance makes every request answer 503.
 *
 * Usage: php tests/lab/cron.php <site-dir> <command> [arg]
 *
 *   pileup on         writes a new token to wp-content/triage-cron-pileup: the triage-fixture-cron-pileup
 *                     plugin (activate it first) schedules its 200 overdue events, two orphans, a duplicate
 *                     and a fatal event on the next request; a new token starts the pile over
 *   pileup off        deletes the switch: the plugin removes its events on the next request
 *   maintenance fresh writes <site>/.maintenance as core's upgrader does, $upgrading = now (503 for 10 minutes)
 *   maintenance stale the same, $upgrading = one hour ago (WordPress ignores it; Triage offers to clear it)
 *   maintenance off   deletes <site>/.maintenance
 *   heartbeat due     writes wp-content/triage-cron-heartbeat-due: the fixture plugin makes Triage's heartbeat
 *                     event due on the next request (so the next cron run, whatever starts it, records a beat)
 *   status            prints {"pileup":<token|null>,"maintenance":<$upgrading|null>}
 *
 * Files are written to a temporary name and renamed, and given to the owner of wp-content (the PHP-FPM
 * user) when this runs as root. Exit codes: 0 done, 1 failed, 2 bad usage.
 *
 * @package Triage
 */

// phpcs:disable WordPress.WP.AlternativeFunctions, WordPress.Security.EscapeOutput.OutputNotEscaped, WordPress.WP.GlobalVariablesOverride -- a command-line script without WordPress.

if ( 'cli' !== PHP_SAPI ) {
	exit( 1 );
}

$triage_site    = isset( $argv[1] ) ? rtrim( $argv[1], '/' ) : '';
$triage_command = isset( $argv[2] ) ? $argv[2] : '';
$triage_arg     = isset( $argv[3] ) ? $argv[3] : '';
$triage_valid   = array(
	'pileup'      => array( 'on', 'off' ),
	'maintenance' => array( 'fresh', 'stale', 'off' ),
	'heartbeat'   => array( 'due' ),
	'status'      => array( '' ),
);
if ( ! isset( $triage_valid[ $triage_command ] ) || ! in_array( $triage_arg, $triage_valid[ $triage_command ], true ) ) {
	fwrite( STDERR, "usage: php tests/lab/cron.php <site-dir> pileup on|off | maintenance fresh|stale|off | heartbeat due | status\n" );
	exit( 2 );
}
if ( ! is_file( $triage_site . '/wp-load.php' ) || ! is_dir( $triage_site . '/wp-content' ) ) {
	fwrite( STDERR, "no WordPress at $triage_site (the lab's is .cache/lab/site)\n" );
	exit( 1 );
}
$triage_switch      = $triage_site . '/wp-content/triage-cron-pileup';
$triage_maintenance = $triage_site . '/.maintenance';

/**
 * Writes a file atomically, owned like wp-content.
 *
 * @param string $file     Path.
 * @param string $contents Contents.
 * @param string $owner_of Directory whose owner the file gets.
 * @return void
 */
function triage_lab_cron_write( $file, $contents, $owner_of ) {
	$temp = dirname( $file ) . '/.' . basename( $file ) . '.' . bin2hex( random_bytes( 6 ) ) . '.tmp';
	if ( strlen( $contents ) !== file_put_contents( $temp, $contents, LOCK_EX ) ) {
		fwrite( STDERR, "could not write $temp\n" );
		exit( 1 );
	}
	chmod( $temp, 0644 );
	if ( function_exists( 'posix_geteuid' ) && 0 === posix_geteuid() ) {
		chown( $temp, (int) fileowner( $owner_of ) );
		chgrp( $temp, (int) filegroup( $owner_of ) );
	}
	if ( ! rename( $temp, $file ) ) {
		unlink( $temp );
		fwrite( STDERR, "could not rename $temp to $file\n" );
		exit( 1 );
	}
}

/**
 * Deletes a file if it exists.
 *
 * @param string $file Path.
 * @return void
 */
function triage_lab_cron_delete( $file ) {
	if ( file_exists( $file ) && ! unlink( $file ) ) {
		fwrite( STDERR, "could not delete $file\n" );
		exit( 1 );
	}
}

if ( 'pileup' === $triage_command ) {
	if ( 'on' === $triage_arg ) {
		triage_lab_cron_write( $triage_switch, bin2hex( random_bytes( 8 ) ) . "\n", $triage_site . '/wp-content' );
	} else {
		triage_lab_cron_delete( $triage_switch );
	}
} elseif ( 'heartbeat' === $triage_command ) {
	triage_lab_cron_write( $triage_site . '/wp-content/triage-cron-heartbeat-due', "due\n", $triage_site . '/wp-content' );
} elseif ( 'maintenance' === $triage_command ) {
	if ( 'off' === $triage_arg ) {
		triage_lab_cron_delete( $triage_maintenance );
	} else {
		// The exact text core's WP_Upgrader::maintenance_mode() writes.
		$triage_time = 'fresh' === $triage_arg ? time() : time() - 3600;
		triage_lab_cron_write( $triage_maintenance, '<?php $upgrading = ' . $triage_time . '; ?>', $triage_site . '/wp-content' );
	}
}

clearstatcache();
$triage_token = is_file( $triage_switch ) ? trim( (string) file_get_contents( $triage_switch ) ) : null;
$triage_since = null;
if ( is_file( $triage_maintenance ) && preg_match( '/\$upgrading\s*=\s*(\d+)/', (string) file_get_contents( $triage_maintenance ), $triage_match ) ) {
	$triage_since = (int) $triage_match[1];
}
echo json_encode(
	array(
		'pileup'      => $triage_token,
		'maintenance' => $triage_since,
	)
) . "\n";
exit( 0 );
