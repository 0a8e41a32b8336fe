<?php
/**
 * Benchmark of the support report on a big site: 200 active plugins and 1 GB logs.
 *
 * Usage: TRIAGE_DB_NAME=<scratch database> php bench/report.php [runs]
 *
 * Method: installs a fresh test site (as the PHPUnit bootstrap does) whose plugins folder is a temporary
 * folder under .cache holding 200 plugins with real headers, all active, a dozen of them recorded as updated
 * this week. Two 1 GB logs are written there as well, filled to the end with realistic lines (an 8 MB block
 * of PHP warnings, notices and fatals attributed to those plugins, or of nginx upstream errors, written 128
 * times), and declared as log sources. The report (JSON, then Markdown) is then built `runs` times (5 by
 * default) in this process; the plugin header cache is emptied before each run, so each one reads the 200
 * headers again. Printed: wall time of each run (hrtime), median and worst, the Markdown's size, and the
 * peak memory. The target is 2 s. The folder and its 2 GB are deleted at the end, also on failure.
 *
 * @package Triage
 */

// phpcs:disable WordPress.Security.EscapeOutput.OutputNotEscaped, WordPress.WP.AlternativeFunctions, WordPress.PHP.DiscouragedPHPFunctions, WordPress.NamingConventions.PrefixAllGlobals -- a command-line benchmark.

if ( 'cli' !== PHP_SAPI ) {
	exit( 1 );
}
if ( ! getenv( 'TRIAGE_DB_NAME' ) ) {
	fwrite( STDERR, "Set TRIAGE_DB_NAME to a scratch database (its WordPress tables are recreated).\n" );
	exit( 2 );
}
$triage_runs  = isset( $argv[1] ) ? max( 1, (int) $argv[1] ) : 5;
$triage_tests = dirname( __DIR__ ) . '/tests/php';
$triage_dir   = dirname( __DIR__ ) . '/.cache/bench-report-' . getmypid();
$triage_gb    = 1024 * 1024 * 1024;
$triage_block = 8 * 1024 * 1024;

/**
 * Deletes the benchmark's folder.
 *
 * @param string $dir Folder.
 * @return void
 */
function triage_bench_clean( string $dir ): void {
	if ( is_dir( $dir ) ) {
		exec( 'rm -rf ' . escapeshellarg( $dir ) );
	}
}
register_shutdown_function( 'triage_bench_clean', $triage_dir );

// 200 plugins with real headers.
mkdir( $triage_dir . '/plugins', 0777, true );
$triage_plugins = array();
for ( $i = 1; $i <= 200; $i++ ) {
	$slug = sprintf( 'bench-plugin-%03d', $i );
	mkdir( "$triage_dir/plugins/$slug" );
	file_put_contents( "$triage_dir/plugins/$slug/$slug.php", "<?php\n/**\n * Plugin Name: Bench Plugin $i\n * Version: 1.$i.0\n * Description: A dummy plugin for the report benchmark.\n * Author: Triage\n * Requires PHP: 7.4\n */\n" );
	$triage_plugins[] = "$slug/$slug.php";
}

// Two 1 GB logs, real lines to the end.
$triage_stamp = static function ( int $age ): string {
	return '[' . gmdate( 'd-M-Y H:i:s', time() - $age ) . ' UTC] ';
};
$triage_php   = '';
$triage_n     = 0;
while ( ! isset( $triage_php[ $triage_block ] ) ) {
	$slug        = sprintf( 'bench-plugin-%03d', 1 + $triage_n % 200 );
	$root        = $triage_dir . '/plugins';
	$triage_php .= $triage_stamp( 3600 - $triage_n % 3600 ) . ( 0 === $triage_n % 7
		? "PHP Fatal error:  Uncaught Error: Call to undefined function {$slug}_run() in $root/$slug/$slug.php:" . ( $triage_n % 50 ) . "\nStack trace:\n#0 {main}\n  thrown in $root/$slug/$slug.php on line " . ( $triage_n % 50 ) . "\n"
		: "PHP Warning:  Undefined array key \"k{$triage_n}\" in $root/$slug/$slug.php on line " . ( $triage_n % 90 ) . "\n" );
	++$triage_n;
}
$triage_nginx = '';
while ( ! isset( $triage_nginx[ $triage_block ] ) ) {
	$triage_nginx .= gmdate( 'Y/m/d H:i:s', time() - 600 ) . ' [error] 812#812: *' . ( $triage_n++ ) . " upstream timed out (110: Connection timed out) while reading response header from upstream, client: 203.0.113.9, server: shop.example, request: \"GET /?s=x HTTP/1.1\", upstream: \"fastcgi://unix:/run/php/php8.2-fpm.sock\", host: \"shop.example\"\n";
}
$triage_started = hrtime( true );
foreach ( array(
	'debug.log'       => $triage_php,
	'nginx-error.log' => $triage_nginx,
) as $name => $block ) {
	$handle = fopen( "$triage_dir/$name", 'wb' );
	for ( $written = 0; $written < $triage_gb; $written += strlen( $block ) ) {
		fwrite( $handle, $block );
	}
	fclose( $handle );
}
printf( "Wrote 2 x %s of logs in %.1f s.\n", number_format( filesize( "$triage_dir/debug.log" ) / $triage_gb, 2 ) . ' GB', ( hrtime( true ) - $triage_started ) / 1e9 );

// A fresh site, in a child process, as the PHPUnit bootstrap does; the plugins folder is the one above.
passthru( escapeshellarg( PHP_BINARY ) . ' ' . escapeshellarg( $triage_tests . '/framework/install.php' ), $triage_status );
if ( 0 !== $triage_status ) {
	exit( 1 );
}
define( 'WP_PLUGIN_DIR', $triage_dir . '/plugins' );
require $triage_tests . '/framework/config.php';
tests_add_filter(
	'muplugins_loaded',
	static function () {
		require TRIAGE_TESTS_ROOT . '/plugin.php';
	}
);
tests_add_filter(
	'triage_log_source_candidates',
	static function ( $candidates ) use ( $triage_dir ) {
		$candidates['bench-php']   = array(
			'label'  => 'Bench debug log',
			'layout' => 'php',
			'kind'   => 'php',
			'paths'  => array( "$triage_dir/debug.log" ),
		);
		$candidates['bench-nginx'] = array(
			'label'  => 'Bench nginx error log',
			'layout' => 'line',
			'paths'  => array( "$triage_dir/nginx-error.log" ),
		);
		return $candidates;
	}
);
tests_reset__SERVER();
require_once ABSPATH . 'wp-settings.php';

update_option( 'active_plugins', $triage_plugins );
$triage_updates = array();
foreach ( array_slice( $triage_plugins, 0, 12 ) as $i => $file ) {
	$triage_updates[ $file ] = time() - $i * 3600 * 11;
}
update_option( Triage\Bisect\Suspects::UPDATES_OPTION, $triage_updates, false );
wp_set_current_user( 1 );

$triage_times = array();
$triage_md    = '';
$triage_json  = array();
for ( $run = 1; $run <= $triage_runs; $run++ ) {
	wp_cache_delete( 'plugins', 'plugins' );
	$start          = hrtime( true );
	$triage_json    = Triage\Plugin::boot()->support_report()->build();
	$triage_md      = Triage\Report\Support_Report::markdown( $triage_json );
	$triage_times[] = ( hrtime( true ) - $start ) / 1e6;
	printf( "Run %d: %.0f ms\n", $run, end( $triage_times ) );
}
sort( $triage_times );
$triage_logs = array_column( $triage_json['logs'], null, 'id' );
printf(
	"\n200 active plugins (report lists %d), logs of %s and %s (read the last %s and %s).\n",
	count( $triage_json['plugins']['active'] ),
	size_format( (int) $triage_logs['bench-php']['size'], 2 ),
	size_format( (int) $triage_logs['bench-nginx']['size'], 2 ),
	size_format( (int) $triage_logs['bench-php']['read_bytes'] ),
	size_format( (int) $triage_logs['bench-nginx']['read_bytes'] )
);
printf( "Report (JSON + Markdown): median %.0f ms, worst %.0f ms over %d runs; target 2000 ms: %s.\n", $triage_times[ (int) floor( count( $triage_times ) / 2 ) ], end( $triage_times ), count( $triage_times ), end( $triage_times ) <= 2000 ? 'met' : 'MISSED' );
printf( "Markdown %s (limit 60 KB), JSON %s; peak memory %s.\n", size_format( strlen( $triage_md ), 1 ), size_format( strlen( (string) wp_json_encode( $triage_json ) ), 1 ), size_format( memory_get_peak_usage( true ) ) );
exit( end( $triage_times ) <= 2000 && strlen( $triage_md ) < 61440 ? 0 : 1 );
