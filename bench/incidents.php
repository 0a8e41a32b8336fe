<?php
/**
 * Benchmark of "What happened" (Incident_Service::recent()) on 1 GB logs.
 *
 * Usage: php -d memory_limit=128M bench/incidents.php [--size=1024] [--keep]
 *
 * Method: writes six logs of --size MB each (default 1024) in sys_get_temp_dir(), one per source the
 * joiner reads: nginx's error log, its access log, PHP-FPM's log, its slow log, WordPress's debug.log and
 * MariaDB's error log. Everything older than a day is sparse filler written in 1 MB blocks (each block
 * one time stamp, blocks spread from 2025-01-01 to a day ago); the last 24 hours are realistic, written
 * line by line with their own times: the access log at one request a second with a few 5xx, the error
 * log's upstream errors of eight incidents (PHP-FPM stopped, a saturated pool, read time-outs, a request
 * killed by request_terminate_timeout, a segfault, a SIGKILL, a header too big, memory) among a steady
 * trickle of noise, PHP 8.2's deprecation flood in debug.log (about 20 MB a day) with fatals and database
 * warnings, the slow log's stacks and MariaDB's restart. Then, in a fresh child PHP process (so the
 * generator's memory and writes do not colour the figures), "What happened" for the last 24 hours runs
 * twice over the six files: the first call also loads time zone data and compiles regular expressions,
 * the second is the figure the bar is about. Each measurement gives wall time (hrtime), CPU time
 * (getrusage) and peak memory growth (memory_reset_peak_usage() before, memory_get_peak_usage() minus the
 * usage before). Files were just written, so they are in the page cache: the figures are for a warm cache.
 * The generated files are deleted at the end unless --keep. Only WordPress-free classes are loaded, with
 * stand-ins for the two translation functions.
 *
 * Bar (issue 12): at most 300 ms server time and 8 MB peak growth.
 *
 * @package Triage
 */

// phpcs:disable WordPress.WP.AlternativeFunctions, WordPress.Security.EscapeOutput.OutputNotEscaped, WordPress.PHP.DiscouragedPHPFunctions, WordPress.NamingConventions.PrefixAllGlobals, WordPress.DateTime.RestrictedFunctions

define( 'ABSPATH', rtrim( sys_get_temp_dir(), '/' ) . '/' );
define( 'DAY_IN_SECONDS', 86400 );

if ( ! function_exists( '__' ) ) {
	/**
	 * Stand-in for WordPress's translation function.
	 *
	 * @param string $text   Text.
	 * @param string $domain Text domain.
	 * @return string
	 */
	function __( $text, $domain = 'default' ) { // phpcs:ignore Generic.CodeAnalysis.UnusedFunctionParameter.FoundAfterLastUsed -- WordPress's signature.
		return $text;
	}
	/**
	 * Stand-in for WordPress's plural translation function.
	 *
	 * @param string $single Singular.
	 * @param string $plural Plural.
	 * @param int    $number Number.
	 * @param string $domain Text domain.
	 * @return string
	 */
	function _n( $single, $plural, $number, $domain = 'default' ) { // phpcs:ignore Generic.CodeAnalysis.UnusedFunctionParameter.FoundAfterLastUsed -- WordPress's signature.
		return 1 === (int) $number ? $single : $plural;
	}
}

foreach ( array( 'Logs/Log_Entry_Parser', 'Logs/Secret_Redactor', 'Logs/Log_Attributor', 'Incidents/Log_Clock', 'Incidents/Event_Parser', 'Incidents/Event_Reader', 'Incidents/Incident_Joiner', 'Incidents/Incident_Builder', 'Incidents/Cause_Catalog', 'Incidents/Incident_Service' ) as $triage_bench_class ) {
	require dirname( __DIR__ ) . '/includes/' . $triage_bench_class . '.php';
}

use Triage\Incidents\Incident_Service;
use Triage\Incidents\Log_Clock;
use Triage\Logs\Log_Attributor;

/** "Now" for the generated logs: every run reads the same day. */
const TRIAGE_BENCH_NOW = 1796173200;

/** The six sources: id => file name, role. */
const TRIAGE_BENCH_SOURCES = array(
	'nginx'        => array( 'error.log', 'web-error' ),
	'nginx-access' => array( 'access.log', 'web-access' ),
	'php-fpm'      => array( 'php8.2-fpm.log', 'fpm' ),
	'fpm-slow'     => array( 'php8.2-fpm-wp.slow.log', 'fpm-slow' ),
	'debug'        => array( 'debug.log', 'php' ),
	'mariadb'      => array( 'mariadb-error.log', 'database' ),
);

/**
 * A time stamp in a source's format.
 *
 * @param string $role Role.
 * @param int    $time Unix time (UTC: the benchmark's servers run in UTC).
 * @return string
 */
function triage_bench_stamp( string $role, int $time ): string {
	switch ( $role ) {
		case 'web-error':
			return gmdate( 'Y/m/d H:i:s', $time );
		case 'web-access':
			return gmdate( 'd/M/Y:H:i:s', $time ) . ' +0000';
		case 'fpm':
		case 'fpm-slow':
			return '[' . gmdate( 'd-M-Y H:i:s', $time ) . ']';
		case 'php':
			return '[' . gmdate( 'd-M-Y H:i:s', $time ) . ' UTC]';
		default:
			return gmdate( 'Y-m-d', $time ) . ' ' . str_pad( gmdate( 'G', $time ), 2, ' ', STR_PAD_LEFT ) . gmdate( ':i:s', $time );
	}
}

/**
 * One ordinary line of a source (noise, or an error of no interest) at a time.
 *
 * @param string $role Role.
 * @param int    $time Time.
 * @param int    $n    Counter, to vary the line.
 * @return string
 */
function triage_bench_noise( string $role, int $time, int $n ): string {
	$stamp = triage_bench_stamp( $role, $time );
	switch ( $role ) {
		case 'web-error':
			return $stamp . ' [error] 4021#4021: *' . $n . ' open() "/srv/site/wp-content/uploads/2019/0' . ( $n % 9 + 1 ) . '/missing-' . $n . '.jpg" failed (2: No such file or directory), client: 203.0.113.' . ( $n % 250 ) . ', server: shop.example.com, request: "GET /wp-content/uploads/2019/01/missing.jpg HTTP/2.0", host: "shop.example.com"' . "\n";
		case 'web-access':
			return '203.0.113.' . ( $n % 250 ) . ' - - [' . $stamp . '] "GET /product/item-' . ( $n % 5000 ) . '/?ref=' . $n . ' HTTP/2.0" 200 ' . ( 20000 + $n % 9000 ) . ' "https://shop.example.com/" "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"' . "\n";
		case 'fpm':
			return $stamp . ' NOTICE: [pool wp] child ' . ( 20000 + $n % 9000 ) . ' started' . "\n";
		case 'fpm-slow':
			return "\n" . $stamp . '  [pool wp] pid ' . ( 20000 + $n % 9000 ) . "\nscript_filename = /srv/site/index.php\n[0x00007f1c4a213f60] curl_exec() /srv/site/wp-includes/Requests/src/Transport/Curl.php:205\n[0x00007f1c4a213ee0] request() /srv/site/wp-content/plugins/shop-sync/includes/api.php:88\n[0x00007f1c4a213e10] do_action() /srv/site/wp-includes/plugin.php:517\n";
		case 'php':
			if ( 0 === $n % 3 ) {
				return $stamp . ' PHP Warning:  Undefined array key "variation_' . ( $n % 40 ) . '" in /srv/site/wp-content/plugins/woo-extras/includes/class-cart.php on line ' . ( 100 + $n % 7 ) . "\n";
			}
			return $stamp . ' PHP Deprecated:  Creation of dynamic property Astra_Walker::$menu_item_' . ( $n % 5 ) . ' is deprecated in /srv/site/wp-content/themes/astra-child/functions.php on line 45' . "\n";
		default:
			return $stamp . ' 0 [Note] InnoDB: Buffer pool(s) dump completed at ' . gmdate( 'ymd H:i:s', $time ) . "\n";
	}
}

/**
 * The lines of the day's incidents, by role: [time, line] pairs.
 *
 * @param int $now Now.
 * @return array<string, array<int, array{0: int, 1: string}>>
 */
function triage_bench_incidents( int $now ): array {
	$up    = ', client: 127.0.0.1, server: shop.example.com, request: "GET %s HTTP/2.0", upstream: "fastcgi://unix:/run/php/php8.2-fpm-wp.sock:", host: "shop.example.com"';
	$lines = array_fill_keys( array( 'web-error', 'web-access', 'fpm', 'fpm-slow', 'php', 'database' ), array() );
	$at    = static function ( int $hours_ago, int $plus = 0 ) use ( $now ): int {
		return $now - $hours_ago * 3600 + $plus;
	};
	$nginx = static function ( int $time, string $level, string $what, string $url ) use ( &$lines, $up ) {
		$lines['web-error'][]  = array( $time, triage_bench_stamp( 'web-error', $time ) . " [$level] 4021#4021: *" . mt_rand( 1000, 999999 ) . ' ' . $what . sprintf( $up, $url ) . "\n" );
		$status                = false !== strpos( $what, 'timed out' ) ? 504 : 502;
		$lines['web-access'][] = array( $time, '203.0.113.7 - - [' . triage_bench_stamp( 'web-access', $time ) . '] "GET ' . $url . ' HTTP/2.0" ' . $status . ' 157 "-" "Mozilla/5.0"' . "\n" );
	};
	// PHP-FPM stopped for two minutes, 23 hours ago.
	$lines['fpm'][] = array( $at( 23 ), triage_bench_stamp( 'fpm', $at( 23 ) ) . " NOTICE: Terminating ...\n" );
	for ( $i = 0; $i < 40; $i++ ) {
		$nginx( $at( 23, 2 + 3 * $i ), 'crit', 'connect() to unix:/run/php/php8.2-fpm-wp.sock failed (2: No such file or directory) while connecting to upstream', '/shop/' );
	}
	// A saturated pool 20 hours ago, a read time-out 16 hours ago.
	for ( $i = 0; $i < 25; $i++ ) {
		$nginx( $at( 20, (int) ( $i / 5 ) ), 'error', 'connect() to unix:/run/php/php8.2-fpm-wp.sock failed (11: Resource temporarily unavailable) while connecting to upstream', '/?s=' . $i );
	}
	$lines['fpm'][] = array( $at( 20 ), triage_bench_stamp( 'fpm', $at( 20 ) ) . " WARNING: [pool wp] server reached pm.max_children setting (8), consider raising it\n" );
	for ( $i = 0; $i < 3; $i++ ) {
		$nginx( $at( 16, 20 * $i ), 'error', 'upstream timed out (110: Connection timed out) while reading response header from upstream', '/wp-admin/admin-ajax.php' );
		$lines['fpm-slow'][] = array( $at( 16, 20 * $i - 30 ), "\n" . triage_bench_stamp( 'fpm-slow', $at( 16, 20 * $i - 30 ) ) . '  [pool wp] pid ' . ( 30000 + $i ) . "\nscript_filename = /srv/site/wp-admin/admin-ajax.php\n[0x00007f1c4a213f60] curl_exec() /srv/site/wp-includes/Requests/src/Transport/Curl.php:205\n[0x00007f1c4a213ee0] sync() /srv/site/wp-content/plugins/shop-sync/includes/api.php:88\n" );
	}
	// request_terminate_timeout 9 hours ago, a segfault at 6, a SIGKILL at 3, a header too big at 2.
	$lines['fpm'][] = array( $at( 9 ), triage_bench_stamp( 'fpm', $at( 9 ) ) . " WARNING: [pool wp] child 31337, script '/srv/site/index.php' (request: \"GET /export/\") execution timed out (30.01 sec), terminating\n" );
	$lines['fpm'][] = array( $at( 9 ), triage_bench_stamp( 'fpm', $at( 9 ) ) . " WARNING: [pool wp] child 31337 exited on signal 15 (SIGTERM) after 812.2 seconds from start\n" );
	$nginx( $at( 9 ), 'error', 'recv() failed (104: Connection reset by peer) while reading response header from upstream', '/export/' );
	$lines['fpm'][] = array( $at( 6 ), triage_bench_stamp( 'fpm', $at( 6 ) ) . " WARNING: [pool wp] child 31400 exited on signal 11 (SIGSEGV) after 31.33 seconds from start\n" );
	$nginx( $at( 6 ), 'error', 'recv() failed (104: Connection reset by peer) while reading response header from upstream', '/product/x/' );
	$lines['fpm'][] = array( $at( 3 ), triage_bench_stamp( 'fpm', $at( 3 ) ) . " WARNING: [pool wp] child 31500 exited on signal 9 (SIGKILL) after 12.50 seconds from start\n" );
	$nginx( $at( 3 ), 'error', 'recv() failed (104: Connection reset by peer) while reading response header from upstream', '/report/' );
	$nginx( $at( 2 ), 'error', 'upstream sent too big header while reading response header from upstream', '/cart/' );
	// Memory and a plugin fatal in debug.log, the database restarted an hour ago.
	$lines['php'][]      = array( $at( 5 ), triage_bench_stamp( 'php', $at( 5 ) ) . " PHP Fatal error:  Allowed memory size of 268435456 bytes exhausted (tried to allocate 20480 bytes) in /srv/site/wp-content/plugins/woo-extras/includes/class-export.php on line 311\n" );
	$lines['php'][]      = array( $at( 4 ), triage_bench_stamp( 'php', $at( 4 ) ) . " PHP Fatal error:  Uncaught Error: Call to undefined function wc_get_product_legacy() in /srv/site/wp-content/plugins/legacy-slider/slider.php:214\nStack trace:\n#0 /srv/site/wp-includes/class-wp-hook.php(324): slider_init('')\n#1 {main}\n  thrown in /srv/site/wp-content/plugins/legacy-slider/slider.php on line 214\n" );
	$lines['database'][] = array( $at( 1 ), triage_bench_stamp( 'database', $at( 1 ) ) . " 0 [Note] /usr/sbin/mariadbd (initiated by: unknown): Normal shutdown\n" );
	for ( $i = 0; $i < 30; $i++ ) {
		$lines['php'][] = array( $at( 1, 5 + 2 * $i ), triage_bench_stamp( 'php', $at( 1, 5 + 2 * $i ) ) . " PHP Warning:  mysqli_real_connect(): (HY000/2002): No such file or directory in /srv/site/wp-includes/class-wpdb.php on line 1987\n" );
	}
	$lines['database'][] = array( $at( 1, 70 ), triage_bench_stamp( 'database', $at( 1, 70 ) ) . " 0 [Note] /usr/sbin/mariadbd: ready for connections.\n" );
	return $lines;
}

/**
 * Lines per hour of noise in the last day, by role (realistic for a busy shop).
 */
const TRIAGE_BENCH_DAY_RATE = array(
	'web-error'  => 300,
	'web-access' => 3600,
	'fpm'        => 60,
	'fpm-slow'   => 20,
	'php'        => 4500,
	'database'   => 2,
);

/**
 * Writes one source's file: sparse filler up to a day ago, then the last day line by line.
 *
 * @param string $file  Path.
 * @param string $role  Role.
 * @param int    $bytes Target size.
 * @param array  $extra The day's incident lines for this role: [time, line] pairs.
 * @return void
 */
function triage_bench_generate( string $file, string $role, int $bytes, array $extra ): void {
	$day_start = TRIAGE_BENCH_NOW - DAY_IN_SECONDS;
	$day       = array();
	$rate      = TRIAGE_BENCH_DAY_RATE[ $role ];
	$step      = 3600 / $rate;
	for ( $t = 0.0, $n = 0; $t < DAY_IN_SECONDS; $t += $step, $n++ ) {
		$day[] = array( $day_start + (int) $t, triage_bench_noise( $role, $day_start + (int) $t, $n ) );
	}
	$day = array_merge( $day, $extra );
	usort(
		$day,
		static function ( $a, $b ) {
			return $a[0] <=> $b[0];
		}
	);
	$day_text = implode( '', array_column( $day, 1 ) );
	unset( $day );

	// The filler: 1 MB blocks of older lines, each block one time stamp.
	$block  = '';
	$length = 0;
	for ( $n = 0; $length < 1048576; $n++ ) {
		$block .= triage_bench_noise( $role, 1735689600, $n );
		$length = strlen( $block );
	}
	$stamp  = triage_bench_stamp( $role, 1735689600 );
	$blocks = max( 0, (int) floor( ( $bytes - strlen( $day_text ) ) / strlen( $block ) ) );
	$span   = $day_start - 1735689600;
	$out    = fopen( $file, 'wb' );
	for ( $i = 0; $i < $blocks; $i++ ) {
		fwrite( $out, str_replace( $stamp, triage_bench_stamp( $role, 1735689600 + (int) ( $span * $i / max( 1, $blocks ) ) ), $block ) );
	}
	fwrite( $out, $day_text );
	fclose( $out );
}

/**
 * Runs a measurement.
 *
 * @param callable $run Work.
 * @return array{0: float, 1: int, 2: mixed, 3: float} Wall milliseconds, peak growth in bytes, result, CPU milliseconds.
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
 * The service over the generated files.
 *
 * @param string $dir Folder of the files.
 * @return Incident_Service
 */
function triage_bench_service( string $dir ): Incident_Service {
	$sources = array();
	foreach ( TRIAGE_BENCH_SOURCES as $id => $source ) {
		$sources[ $id ] = array(
			'id'     => $id,
			'label'  => $source[0],
			'kind'   => 'server',
			'layout' => 'line',
			'path'   => $dir . '/' . $source[0],
			'origin' => 'detected',
			'role'   => $source[1],
		);
	}
	return new Incident_Service(
		static function () use ( $sources ) {
			return $sources;
		},
		static function ( string $id ) use ( $sources ) {
			return fopen( $sources[ $id ]['path'], 'rb' );
		},
		static function () {
			return array();
		},
		static function () {
			return null;
		},
		static function () {
			return array();
		},
		new Log_Attributor( '/srv/site/wp-content/plugins', '/srv/site/wp-content/mu-plugins', array( '/srv/site/wp-content/themes' ), '/srv/site/' ),
		static function () {
			return array();
		},
		static function () {
			return TRIAGE_BENCH_NOW;
		},
		new Log_Clock( new DateTimeZone( 'UTC' ) )
	);
}

/**
 * Child mode: measures "What happened" for 24 hours twice and prints the figures as JSON.
 *
 * @param string $dir Folder of the files.
 * @return void
 */
function triage_bench_child( string $dir ): void {
	$service = triage_bench_service( $dir );
	$runs    = array();
	for ( $i = 0; $i < 2; $i++ ) {
		$runs[] = triage_bench_measure(
			static function () use ( $service ) {
				return $service->recent( DAY_IN_SECONDS, 1, 20 );
			}
		);
	}
	$answer = $runs[1][2];
	echo json_encode(
		array(
			'runs'      => array_map(
				static function ( $run ) {
					return array(
						'wall_ms' => $run[0],
						'cpu_ms'  => $run[3],
						'took_ms' => $run[2]['took_ms'],
						'growth'  => $run[1],
					);
				},
				$runs
			),
			'incidents' => array_map(
				static function ( $incident ) {
					return $incident['sentence'];
				},
				$answer['incidents']
			),
			'sources'   => array_map(
				static function ( $source ) {
					return array( $source['id'], $source['read_from'] );
				},
				$answer['sources']
			),
		)
	);
}

$triage_bench_options = getopt( '', array( 'size:', 'keep', 'child:' ) );
if ( isset( $triage_bench_options['child'] ) ) {
	triage_bench_child( (string) $triage_bench_options['child'] );
	exit( 0 );
}

$triage_bench_size = (int) ( $triage_bench_options['size'] ?? 1024 ) * 1048576;
$triage_bench_dir  = sys_get_temp_dir() . '/triage-bench-incidents-' . getmypid();
mkdir( $triage_bench_dir, 0700 );
mt_srand( 12 );
$triage_bench_lines = triage_bench_incidents( TRIAGE_BENCH_NOW );
$triage_bench_start = hrtime( true );
foreach ( TRIAGE_BENCH_SOURCES as $triage_bench_id => $triage_bench_source ) {
	triage_bench_generate( $triage_bench_dir . '/' . $triage_bench_source[0], $triage_bench_source[1], $triage_bench_size, $triage_bench_lines[ $triage_bench_source[1] ] );
	printf( "%-24s %8.1f MB\n", $triage_bench_source[0], filesize( $triage_bench_dir . '/' . $triage_bench_source[0] ) / 1048576 );
}
printf( "Generated in %.1f s.\n\n", ( hrtime( true ) - $triage_bench_start ) / 1e9 );

$triage_bench_json = shell_exec( escapeshellarg( PHP_BINARY ) . ' -d memory_limit=' . escapeshellarg( (string) ini_get( 'memory_limit' ) ) . ' ' . escapeshellarg( __FILE__ ) . ' --child=' . escapeshellarg( $triage_bench_dir ) );
$triage_bench_data = json_decode( (string) $triage_bench_json, true );
if ( ! is_array( $triage_bench_data ) ) {
	echo "The measuring process failed:\n" . $triage_bench_json . "\n";
} else {
	foreach ( $triage_bench_data['runs'] as $triage_bench_i => $triage_bench_run ) {
		printf(
			"%s: %6.1f ms wall (%d ms by the service's own clock), %6.1f ms CPU, peak memory growth %.2f MB\n",
			0 === $triage_bench_i ? 'First call (loads zone data)' : 'What happened, 24 h       ',
			$triage_bench_run['wall_ms'],
			$triage_bench_run['took_ms'],
			$triage_bench_run['cpu_ms'],
			$triage_bench_run['growth'] / 1048576
		);
	}
	$triage_bench_last = end( $triage_bench_data['runs'] );
	printf( "Bar: <= 300 ms and <= 8 MB: %s\n\n", $triage_bench_last['wall_ms'] <= 300 && $triage_bench_last['growth'] <= 8 * 1048576 ? 'met' : 'NOT met' );
	foreach ( $triage_bench_data['sources'] as $triage_bench_source ) {
		printf( "%-14s read back to %s\n", $triage_bench_source[0], null === $triage_bench_source[1] ? '-' : gmdate( 'Y-m-d H:i:s', $triage_bench_source[1] ) . ' UTC' );
	}
	echo "\n" . count( $triage_bench_data['incidents'] ) . " incidents, newest first:\n";
	foreach ( $triage_bench_data['incidents'] as $triage_bench_sentence ) {
		echo '- ' . $triage_bench_sentence . "\n";
	}
}//end if

if ( ! isset( $triage_bench_options['keep'] ) ) {
	foreach ( TRIAGE_BENCH_SOURCES as $triage_bench_source ) {
		unlink( $triage_bench_dir . '/' . $triage_bench_source[0] );
	}
	rmdir( $triage_bench_dir );
} else {
	echo "\nKept: $triage_bench_dir\n";
}
