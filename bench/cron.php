<?php
/**
 * Benchmark of one page of the wp-cron schedule (Triage\Cron\Cron_Schedule::page()) with 10,000 events.
 *
 * Usage: TRIAGE_DB_NAME=<a scratch database> php bench/cron.php [events] [runs]
 *        (create one with: bash tests/lab/mariadb.sh create-db triage_bench)
 *
 * Method: installs WordPress into the named database exactly as the PHPUnit bootstrap does (its tables are
 * dropped and recreated: never point it at a database you keep), loads it with Triage, and writes a cron
 * option of N events (default 10,000) over 200 hooks inside a transaction that is rolled back at the end.
 * 180 hooks have callbacks defined in three generated plugin files (60 functions each, in a temporary
 * plugins folder that the Logs attribution maps), 20 have none (orphans); 30% of events are overdue; 2%
 * are a second copy of another event (duplicates); arguments are two small values, and one event carries
 * 1 MB. Each scenario runs `runs` times (default 15) and prints the median, 95th percentile and maximum
 * wall time (hrtime), and the median CPU time (getrusage, user + system: the machine may be shared, and
 * CPU time does not count waiting for a core) of page() plus wp_json_encode() of its result (what the REST route will add), both
 * with the option already in the object cache (as after WordPress's boot, which loads autoloaded options)
 * and with the option read from the database each time. The first, warm-up call is not counted.
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
$triage_events = isset( $argv[1] ) ? max( 100, (int) $argv[1] ) : 10000;
$triage_runs   = isset( $argv[2] ) ? max( 3, (int) $argv[2] ) : 15;
$triage_tests  = dirname( __DIR__ ) . '/tests/php';

// A fresh install, in a child process, as the PHPUnit bootstrap does.
passthru( escapeshellarg( PHP_BINARY ) . ' ' . escapeshellarg( $triage_tests . '/framework/install.php' ), $triage_status );
if ( 0 !== $triage_status ) {
	exit( 1 );
}
require $triage_tests . '/framework/config.php';
tests_add_filter(
	'muplugins_loaded',
	static function () {
		require TRIAGE_TESTS_ROOT . '/plugin.php';
	}
);
tests_reset__SERVER();
require_once ABSPATH . 'wp-settings.php';

use Triage\Cron\Callback_Owner;
use Triage\Cron\Cron_Events;
use Triage\Cron\Cron_Lock;
use Triage\Cron\Cron_Schedule;
use Triage\Logs\Log_Attributor;

// Three plugins' callbacks, in real files, so reflection and attribution do their real work.
$triage_site = sys_get_temp_dir() . '/triage-bench-cron-' . getmypid();
for ( $p = 1; $p <= 3; $p++ ) {
	$dir = "$triage_site/wp-content/plugins/acme-$p";
	mkdir( $dir, 0777, true );
	$code = "<?php\n";
	for ( $f = 0; $f < 60; $f++ ) {
		$code .= "function triage_bench_acme_{$p}_task_{$f}( \$a = null, \$b = null ) {}\n";
	}
	file_put_contents( "$dir/acme-$p.php", $code );
	require "$dir/acme-$p.php";
}
mkdir( "$triage_site/wp-content/mu-plugins" );
mkdir( "$triage_site/wp-content/themes" );

$hooks = array();
for ( $h = 0; $h < 200; $h++ ) {
	$hooks[ $h ] = "triage_bench_hook_$h";
	if ( $h < 180 ) {
		add_action( $hooks[ $h ], 'triage_bench_acme_' . ( intdiv( $h, 60 ) + 1 ) . '_task_' . ( $h % 60 ), 10, 2 );
	}
}

$GLOBALS['wpdb']->query( 'SET autocommit = 0' );
$GLOBALS['wpdb']->query( 'START TRANSACTION' );

mt_srand( 42 );
$now  = time();
$cron = array();
for ( $i = 0; $i < $triage_events; $i++ ) {
	$hook = $hooks[ $i % 200 ];
	$args = array( $i, 'sku-' . $i );
	if ( 1 === intdiv( $i, 200 ) % 2 && $i % 200 < 8 ) {
		// Same hook and arguments as an event 200 earlier.
		$args = array( $i - 200, 'sku-' . ( $i - 200 ) );
	}
	if ( 7 === $i ) {
		$args = array( str_repeat( 'x', MB_IN_BYTES ) );
	}
	$when = $i % 10 < 3 ? $now - mt_rand( 60, 86400 ) : $now + mt_rand( 60, 7 * 86400 );
	$cron[ $when ][ $hook ][ Cron_Events::key_of( $args ) ] = array(
		'schedule' => 0 === $i % 4 ? 'hourly' : false,
		'args'     => $args,
	) + ( 0 === $i % 4 ? array( 'interval' => 3600 ) : array() );
}
ksort( $cron );
$cron['version'] = 2;
update_option( 'cron', $cron );

$schedule = new Cron_Schedule(
	new Cron_Events(),
	new Callback_Owner( new Log_Attributor( "$triage_site/wp-content/plugins", "$triage_site/wp-content/mu-plugins", array( "$triage_site/wp-content/themes" ), "$triage_site/" ), "$triage_site/" ),
	new Cron_Lock()
);

/**
 * CPU time of this process so far, in seconds.
 *
 * @return float
 */
function triage_bench_cron_cpu() {
	$usage = getrusage();
	return $usage['ru_utime.tv_sec'] + $usage['ru_stime.tv_sec'] + ( $usage['ru_utime.tv_usec'] + $usage['ru_stime.tv_usec'] ) / 1e6;
}

/**
 * Median, 95th percentile and maximum in milliseconds.
 *
 * @param float[] $values Seconds.
 * @return string
 */
function triage_bench_cron_stats( array $values ) {
	sort( $values );
	$count = count( $values );
	return sprintf(
		'%7.1f %7.1f %7.1f',
		1000 * $values[ (int) floor( ( $count - 1 ) / 2 ) ],
		1000 * $values[ (int) min( $count - 1, ceil( 0.95 * $count ) - 1 ) ],
		1000 * max( $values )
	);
}

$scenarios = array(
	'first page (50, by time)'     => array(),
	'page of 100, most late first' => array(
		'per_page' => 100,
		'orderby'  => 'late',
		'order'    => 'desc',
	),
	'last page'                    => array( 'page' => (int) ceil( $triage_events / 50 ) ),
	'owner = plugin:acme-2'        => array( 'owner' => 'plugin:acme-2' ),
	'orphans only'                 => array( 'orphan' => true ),
	'overdue, hook contains "_1"'  => array(
		'overdue' => true,
		'hook'    => '_1',
	),
);

$first = $schedule->page();
printf( "WordPress %s, PHP %s; %d events, %d hooks, option %.1f MB serialized\n", get_bloginfo( 'version' ), PHP_VERSION, $first['totals']['events'], $first['totals']['hooks'], $first['option']['bytes'] / MB_IN_BYTES );
printf( "totals: overdue %d, orphans %d, duplicates %d; %d runs per scenario\n\n", $first['totals']['overdue'], $first['totals']['orphans'], $first['totals']['duplicates'], $triage_runs );
printf( "%-32s %7s %7s %7s   %7s %7s %7s   %7s   %6s\n", '', 'median', 'p95', 'max', 'median', 'p95', 'max', 'cpu', 'rows' );
printf( "%-32s %-23s   %-23s\n", 'scenario (ms)', '  option in cache', '  option read from the database' );
$worst = 0.0;
foreach ( $scenarios as $label => $query ) {
	$cached = array();
	$cold   = array();
	$cpu    = array();
	for ( $r = 0; $r < $triage_runs; $r++ ) {
		$start       = hrtime( true );
		$triage_page = $schedule->page( $query );
		$json        = wp_json_encode( $triage_page );
		$cached[]    = ( hrtime( true ) - $start ) / 1e9;

		wp_cache_delete( 'alloptions', 'options' );
		wp_cache_delete( 'cron', 'options' );
		$usage       = triage_bench_cron_cpu();
		$start       = hrtime( true );
		$triage_page = $schedule->page( $query );
		$json        = wp_json_encode( $triage_page );
		$cold[]      = ( hrtime( true ) - $start ) / 1e9;
		$cpu[]       = triage_bench_cron_cpu() - $usage;
	}
	sort( $cold );
	$worst = max( $worst, $cold[ (int) min( count( $cold ) - 1, ceil( 0.95 * count( $cold ) ) - 1 ) ] );
	sort( $cpu );
	printf( "%-32s %s   %s   %7.1f   %6d\n", $label, triage_bench_cron_stats( $cached ), triage_bench_cron_stats( $cold ), 1000 * $cpu[ (int) floor( ( count( $cpu ) - 1 ) / 2 ) ], count( $triage_page['events'] ) );
}
printf( "\npeak memory %.1f MB; worst p95 %.1f ms wall, option read from the database (budget 300 ms): %s; load average %s\n", memory_get_peak_usage() / MB_IN_BYTES, 1000 * $worst, $worst <= 0.3 ? 'within' : 'OVER', implode( ' ', array_map( 'strval', sys_getloadavg() ) ) );

$GLOBALS['wpdb']->query( 'ROLLBACK' );
foreach ( array( 1, 2, 3 ) as $p ) {
	unlink( "$triage_site/wp-content/plugins/acme-$p/acme-$p.php" );
	rmdir( "$triage_site/wp-content/plugins/acme-$p" );
}
foreach ( array( 'plugins', 'mu-plugins', 'themes' ) as $dir ) {
	rmdir( "$triage_site/wp-content/$dir" );
}
rmdir( "$triage_site/wp-content" );
rmdir( $triage_site );
exit( $worst <= 0.3 ? 0 : 1 );
