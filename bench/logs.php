<?php
/**
 * Benchmark of the log reader and summarizer against the naive approach.
 *
 * Usage: php -d memory_limit=128M bench/logs.php [--skip-1g] [--keep]
 *
 * Method: generates realistic debug.log files (warnings, notices, deprecations, fatals with stack traces,
 * database errors, print_r dumps, a few very long lines) of 10 MB, 100 MB and 1 GB in sys_get_temp_dir(),
 * plus a file with one 300 MB line followed by recent entries. Each file is then measured in a fresh child
 * PHP process with the same memory_limit (so the generator's own memory and writes do not colour the
 * figures): wall time (hrtime), CPU time (getrusage, user + system) and peak memory growth
 * (memory_reset_peak_usage() before each measurement, then memory_get_peak_usage() minus the usage before)
 * of the tail of the last 500 entries (its first call apart: that one also compiles regular expressions
 * and loads time zone data) and of a full summary (one slice, no time budget). Files were just written,
 * so they are in the page cache: the figures are for a warm cache. The naive approach (file() of the whole
 * log) runs in its own child process too, so that its out-of-memory fatal does not end the benchmark. Every
 * generated file is deleted at the end. Only WordPress-free classes from includes/Logs/ are loaded.
 *
 * @package Triage
 */

// phpcs:disable WordPress.WP.AlternativeFunctions, WordPress.Security.EscapeOutput.OutputNotEscaped, WordPress.PHP.DiscouragedPHPFunctions

define( 'ABSPATH', rtrim( sys_get_temp_dir(), '/' ) . '/' );

require dirname( __DIR__ ) . '/includes/Logs/Log_Entry_Parser.php';
require dirname( __DIR__ ) . '/includes/Logs/Log_Attributor.php';
require dirname( __DIR__ ) . '/includes/Logs/Log_Tail_Reader.php';
require dirname( __DIR__ ) . '/includes/Logs/Log_Grouper.php';
require dirname( __DIR__ ) . '/includes/Logs/Log_Summarizer.php';

use Triage\Logs\Log_Attributor;
use Triage\Logs\Log_Summarizer;
use Triage\Logs\Log_Tail_Reader;

/**
 * One entry with a time stamp placeholder.
 *
 * @param string $plugin Plugin slug.
 * @param int    $roll   1 to 100: which kind of entry.
 * @param string $root   Site root.
 * @return string
 */
function triage_bench_entry( string $plugin, int $roll, string $root ): string {
	$ts = '[@@STAMP@@@@@@@@@@@@@@@@] ';
	if ( $roll <= 30 ) {
		$key = array( 'price', 'sku', 'variation_id', 'qty' )[ mt_rand( 0, 3 ) ];
		return $ts . "PHP Warning:  Undefined array key \"$key\" in $root/wp-content/plugins/$plugin/includes/class-cart.php on line " . ( 100 + mt_rand( 0, 3 ) ) . "\n";
	}
	if ( $roll <= 45 ) {
		return $ts . 'PHP Deprecated:  Creation of dynamic property Astra_Child_Walker::$menu_item_' . mt_rand( 1, 3 ) . " is deprecated in $root/wp-content/themes/astra-child/functions.php on line 45\n";
	}
	if ( $roll <= 55 ) {
		return $ts . "PHP Deprecated:  Automatic conversion of false to array is deprecated in $root/wp-content/mu-plugins/host-loader.php on line 12\n";
	}
	if ( $roll <= 65 ) {
		return $ts . "PHP Notice:  Function wpdb::prepare was called <strong>incorrectly</strong>. The query argument of wpdb::prepare() must have a placeholder. Please see <a href=\"https://developer.wordpress.org/advanced-administration/debug/debug-wordpress/\">Debugging in WordPress</a> for more information. (This message was added in version 3.9.0.) in $root/wp-includes/functions.php on line 6078\n";
	}
	if ( $roll <= 72 ) {
		return $ts . 'PHP Notice:  Undefined offset: ' . mt_rand( 1, 5000 ) . " in $root/wp-content/plugins/$plugin/$plugin.php on line 88\n";
	}
	if ( $roll <= 80 ) {
		return $ts . "WordPress database error Deadlock found when trying to get lock; try restarting transaction for query UPDATE `wp_options` SET `option_value` = '" . mt_rand( 1000000, 9999999 ) . "' WHERE `option_name` = '_transient_timeout_wc_session' made by require('wp-blog-header.php'), wp(), WP->main(), do_action_ref_array('wp'), WP_Hook->do_action(), WP_Hook->apply_filters(), WC_Session_Handler->save_data\n";
	}
	if ( $roll <= 86 ) {
		return $ts . "PHP Fatal error:  Uncaught Error: Call to undefined function wc_get_product_legacy() in $root/wp-content/plugins/$plugin/includes/class-sync.php:214\nStack trace:\n#0 $root/wp-includes/class-wp-hook.php(324): Sync->run('')\n#1 $root/wp-includes/class-wp-hook.php(348): WP_Hook->apply_filters(NULL, Array)\n#2 $root/wp-includes/plugin.php(517): WP_Hook->do_action(Array)\n#3 $root/wp-settings.php(695): do_action('init')\n#4 $root/wp-config.php(96): require_once('/var/www/html/w...')\n#5 $root/wp-load.php(50): require_once('/var/www/html/w...')\n#6 {main}\n  thrown in $root/wp-content/plugins/$plugin/includes/class-sync.php on line 214\n";
	}
	if ( $roll <= 89 ) {
		return $ts . 'PHP Fatal error:  Allowed memory size of 268435456 bytes exhausted (tried to allocate ' . mt_rand( 4096, 4194304 ) . " bytes) in $root/wp-includes/class-wpdb.php on line 2349\n";
	}
	if ( $roll <= 97 ) {
		return $ts . "Array\n(\n    [order_id] => " . mt_rand( 1000, 99999 ) . "\n    [status] => processing\n    [items] => Array\n        (\n            [0] => Array\n                (\n                    [product_id] => " . mt_rand( 1, 999 ) . "\n                    [qty] => 2\n                )\n\n        )\n\n)\n\n";
	}
	return $ts . "PHP Warning:  Cannot modify header information - headers already sent by (output started at $root/wp-content/plugins/$plugin/$plugin.php:" . mt_rand( 10, 20 ) . ") in $root/wp-includes/pluggable.php on line 1450\n";
}

/**
 * One batch of entries with a time stamp placeholder: 24 characters, the length of a real stamp.
 *
 * @param int $seed Variant.
 * @return string
 */
function triage_bench_batch( int $seed ): string {
	mt_srand( $seed );
	$root    = '/var/www/html';
	$plugins = array( 'woo-extras', 'seo-booster', 'contact-pro', 'cache-master', 'legacy-slider' );
	$out     = '';
	$length  = 0;
	while ( $length < 2 * 1048576 ) {
		$out   .= triage_bench_entry( $plugins[ mt_rand( 0, 4 ) ], mt_rand( 1, 100 ), $root );
		$length = strlen( $out );
	}
	if ( 0 === $seed % 4 ) {
		// A very long line: a serialized option dumped by a plugin.
		$out .= '[@@STAMP@@@@@@@@@@@@@@@@] cache-master payload: ' . str_repeat( 'a:3:{s:4:"name";s:7:"example";}', 6000 ) . "\n";
	}
	return $out;
}

/**
 * Writes a log of about $bytes bytes, one batch per minute of log time.
 *
 * @param string $file  Path.
 * @param int    $bytes Target size.
 * @return void
 */
function triage_bench_generate( string $file, int $bytes ): void {
	static $batches = null;
	if ( null === $batches ) {
		$batches = array();
		for ( $i = 0; $i < 8; $i++ ) {
			$batches[] = triage_bench_batch( $i );
		}
	}
	$out     = fopen( $file, 'wb' );
	$time    = strtotime( '2026-11-20 00:00:00 UTC' );
	$written = 0;
	$i       = 0;
	while ( $written < $bytes ) {
		$stamp    = gmdate( 'd-M-Y H:i:s', $time ) . ' UTC';
		$written += fwrite( $out, str_replace( '@@STAMP@@@@@@@@@@@@@@@@', $stamp, $batches[ $i % 8 ] ) );
		$time    += 60;
		++$i;
	}
	fclose( $out );
}

/**
 * Runs a measurement.
 *
 * @param callable $run Work.
 * @return array{0: float, 1: int, 2: mixed, 3: float} Wall milliseconds, peak growth in bytes, result, CPU milliseconds (user + system).
 */
function triage_bench_measure( callable $run ): array {
	gc_collect_cycles();
	if ( function_exists( 'memory_reset_peak_usage' ) ) {
		memory_reset_peak_usage();
	}
	$before = memory_get_usage();
	$usage  = getrusage();
	$start  = hrtime( true );
	$result = $run();
	$ms     = ( hrtime( true ) - $start ) / 1e6;
	$after  = getrusage();
	$growth = memory_get_peak_usage() - $before;
	$cpu_ms = 0.0;
	foreach ( array( 'ru_utime', 'ru_stime' ) as $kind ) {
		$cpu_ms += ( $after[ $kind . '.tv_sec' ] - $usage[ $kind . '.tv_sec' ] ) * 1000 + ( $after[ $kind . '.tv_usec' ] - $usage[ $kind . '.tv_usec' ] ) / 1000;
	}
	return array( $ms, $growth, $result, $cpu_ms );
}

/**
 * Formats bytes.
 *
 * @param float $bytes Bytes.
 * @return string
 */
function triage_bench_mb( float $bytes ): string {
	return sprintf( '%.2f MB', $bytes / 1048576 );
}

/**
 * Measures one file (child mode) and prints the figures as JSON.
 *
 * @param string $file Log file.
 * @return void
 */
function triage_bench_measure_file( string $file ): void {
	$attributor = new Log_Attributor( '/var/www/html/wp-content/plugins', '/var/www/html/wp-content/mu-plugins', array( '/var/www/html/wp-content/themes' ), '/var/www/html/' );
	$tail       = new Log_Tail_Reader( $attributor );
	$summarizer = new Log_Summarizer( $attributor );
	$handle     = fopen( $file, 'rb' );
	$read_tail  = function () use ( $tail, $handle ) {
		return $tail->tail( $handle, array( 'limit' => 500 ) );
	};
	$first      = triage_bench_measure( $read_tail );
	$second     = triage_bench_measure( $read_tail );
	$summary    = triage_bench_measure(
		function () use ( $summarizer, $handle ) {
			return $summarizer->run( $handle, null, array( 'time_budget' => INF ) );
		}
	);
	fclose( $handle );
	echo triage_bench_json(
		array(
			'first_ms'        => $first[0],
			'tail_ms'         => $second[0],
			'tail_mem'        => $second[1],
			'tail_entries'    => count( $second[2]['entries'] ),
			'tail_incomplete' => $second[2]['incomplete'],
			'sum_ms'          => $summary[0],
			'sum_mem'         => $summary[1],
			'sum_cpu'         => $summary[3],
			'groups'          => count( $summary[2]['groups'] ),
			'entries'         => $summary[2]['entries'],
			'dropped'         => $summary[2]['dropped'],
			'done'            => $summary[2]['done'],
		)
	);
}

/**
 * JSON without WordPress.
 *
 * @param array<string, mixed> $data Data.
 * @return string
 */
function triage_bench_json( array $data ): string {
	return (string) json_encode( $data ); // phpcs:ignore WordPress.WP.AlternativeFunctions.json_encode_json_encode -- WordPress is not loaded here.
}

/**
 * Runs a PHP child with the same memory_limit.
 *
 * @param string $args Arguments, already escaped.
 * @return array{0: string, 1: float} Output and wall milliseconds.
 */
function triage_bench_child( string $args ): array {
	$start  = hrtime( true );
	$output = shell_exec( escapeshellarg( PHP_BINARY ) . ' -d memory_limit=' . escapeshellarg( (string) ini_get( 'memory_limit' ) ) . ' ' . $args . ' 2>&1' );
	return array( trim( (string) $output ), ( hrtime( true ) - $start ) / 1e6 );
}

/**
 * Measures a file in a child process.
 *
 * @param string $file Log file.
 * @return array<string, mixed>
 */
function triage_bench_measure_in_child( string $file ): array {
	list( $output ) = triage_bench_child( escapeshellarg( __FILE__ ) . ' --measure ' . escapeshellarg( $file ) );
	$data           = json_decode( $output, true );
	if ( ! is_array( $data ) ) {
		fwrite( STDERR, "measurement failed: $output\n" );
		exit( 1 );
	}
	return $data;
}

$triage_measure = array_search( '--measure', $argv, true );
if ( false !== $triage_measure ) {
	triage_bench_measure_file( (string) $argv[ $triage_measure + 1 ] );
	exit( 0 );
}

$triage_bench_dir = rtrim( sys_get_temp_dir(), '/' ) . '/triage-bench-' . getmypid();
mkdir( $triage_bench_dir, 0700 );
$triage_skip_1g = in_array( '--skip-1g', $argv, true );
$triage_keep    = in_array( '--keep', $argv, true );

// Generated files go even when the run fails half-way (a fatal error); Ctrl-C is caught where pcntl exists.
register_shutdown_function(
	function () use ( $triage_bench_dir, $triage_keep ) {
		if ( $triage_keep || ! is_dir( $triage_bench_dir ) ) {
			return;
		}
		foreach ( (array) glob( $triage_bench_dir . '/*' ) as $file ) {
			unlink( $file );
		}
		rmdir( $triage_bench_dir );
	}
);
if ( function_exists( 'pcntl_async_signals' ) ) {
	pcntl_async_signals( true );
	pcntl_signal( SIGINT, 'triage_bench_stop' );
	pcntl_signal( SIGTERM, 'triage_bench_stop' );
}

/**
 * Ends the run on a signal, so the shutdown function removes the files.
 *
 * @return void
 */
function triage_bench_stop(): void {
	exit( 130 );
}

$triage_load = function_exists( 'sys_getloadavg' ) ? sys_getloadavg() : false;
printf( "Triage log benchmark: PHP %s, memory_limit %s, %s, load average at start %s\n", PHP_VERSION, ini_get( 'memory_limit' ), php_uname( 'm' ), false === $triage_load ? 'unknown' : sprintf( '%.2f', $triage_load[0] ) );
printf( "Each file is measured in a fresh PHP process. Wall times swing with other work on the machine; CPU time is printed too.\n" );
printf( "Bars: tail 500 <= 20 ms and <= 4 MB; 300 MB line: tail <= 100 ms, summary <= 1 s and <= 8 MB; summary >= 400 MB/s and <= 8 MB.\n\n" );

$triage_sizes = array(
	'10 MB'  => 10 * 1048576,
	'100 MB' => 100 * 1048576,
);
if ( ! $triage_skip_1g ) {
	$triage_sizes['1 GB'] = 1024 * 1048576;
}

printf( "%-8s %-44s %-40s %s\n", 'size', 'tail 500 entries (repeat; first call)', 'full summary (wall)', 'naive file() in a child process' );
foreach ( $triage_sizes as $triage_label => $triage_bytes ) {
	$triage_file = "$triage_bench_dir/debug-$triage_bytes.log";
	triage_bench_generate( $triage_file, $triage_bytes );
	$triage_size = filesize( $triage_file );
	$triage_m    = triage_bench_measure_in_child( $triage_file );

	list( $triage_naive, $triage_naive_ms ) = triage_bench_child( '-n -r ' . escapeshellarg( '$l = file( $argv[1] ); echo "ok ", count( $l ), " lines, peak ", round( memory_get_peak_usage() / 1048576 ), " MB";' ) . ' ' . escapeshellarg( $triage_file ) );
	$triage_naive                           = false !== strpos( $triage_naive, 'Allowed memory size' ) ? 'FAILED: out of memory' : $triage_naive;

	printf(
		"%-8s %-44s %-40s %s\n",
		$triage_label,
		sprintf( '%.1f ms, +%s, %d entries; first %.1f ms', $triage_m['tail_ms'], triage_bench_mb( $triage_m['tail_mem'] ), $triage_m['tail_entries'], $triage_m['first_ms'] ),
		sprintf( '%.0f ms, %.0f MB/s, +%s, %d groups', $triage_m['sum_ms'], $triage_size / 1048576 / ( $triage_m['sum_ms'] / 1000 ), triage_bench_mb( $triage_m['sum_mem'] ), $triage_m['groups'] ),
		sprintf( '%s (%.0f ms)', $triage_naive, $triage_naive_ms )
	);
	printf( "         summary CPU time %.0f ms = %.0f MB per CPU second; entries counted: %d, dropped: %d, done: %s\n", $triage_m['sum_cpu'], $triage_size / 1048576 / max( 0.001, $triage_m['sum_cpu'] / 1000 ), $triage_m['entries'], $triage_m['dropped'], $triage_m['done'] ? 'yes' : 'no' );
	if ( ! $triage_keep ) {
		unlink( $triage_file );
	}
}

// One 300 MB line (a dumped array with no newline), then recent entries.
$triage_file = "$triage_bench_dir/one-line.log";
$triage_out  = fopen( $triage_file, 'wb' );
fwrite( $triage_out, '[20-Nov-2026 00:00:00 UTC] PHP Warning:  huge dump ' );
$triage_piece = str_repeat( 'x', 1048576 );
for ( $triage_i = 0; $triage_i < 300; $triage_i++ ) {
	fwrite( $triage_out, $triage_piece );
}
fwrite( $triage_out, "\n" );
$triage_recent = '';
for ( $triage_i = 0; $triage_i < 200; $triage_i++ ) {
	$triage_recent .= '[21-Nov-2026 10:' . sprintf( '%02d', $triage_i % 60 ) . ':00 UTC] PHP Warning:  Undefined variable $recent in /var/www/html/wp-content/plugins/seo-booster/seo-booster.php on line ' . ( $triage_i % 7 ) . "\n";
}
fwrite( $triage_out, $triage_recent );
fclose( $triage_out );
$triage_m = triage_bench_measure_in_child( $triage_file );
printf(
	"\n300 MB line + 200 recent entries (%s): tail %.1f ms, +%s, %d entries, incomplete: %s; summary %.0f ms (CPU %.0f ms), +%s, %d groups, %d entries\n",
	triage_bench_mb( filesize( $triage_file ) ),
	$triage_m['tail_ms'],
	triage_bench_mb( $triage_m['tail_mem'] ),
	$triage_m['tail_entries'],
	$triage_m['tail_incomplete'] ? 'yes (scan bound)' : 'no',
	$triage_m['sum_ms'],
	$triage_m['sum_cpu'],
	triage_bench_mb( $triage_m['sum_mem'] ),
	$triage_m['groups'],
	$triage_m['entries']
);
if ( ! $triage_keep ) {
	unlink( $triage_file );
}
