<?php
/**
 * Measures GET /triage/v1/health on a running lab as a logged-in administrator. Prints figures.
 * Run through bench/health.sh, which prepares the lab.
 *
 * @package Triage
 */

$triage_url  = rtrim( (string) getenv( 'TRIAGE_BENCH_URL' ), '/' );
$triage_site = (string) getenv( 'TRIAGE_BENCH_SITE' );
$triage_runs = max( 3, (int) getenv( 'TRIAGE_BENCH_RUNS' ) );
$triage_jar  = tempnam( sys_get_temp_dir(), 'triage-bench' );

/**
 * An HTTP request with the cookie jar.
 *
 * @param string $url     URL.
 * @param array  $post    Form fields for a POST.
 * @param array  $headers Headers.
 * @return array{status: int, body: string, seconds: float}
 */
function triage_bench_http( $url, array $post = array(), array $headers = array() ) {
	global $triage_jar;
	$curl = curl_init( $url );
	curl_setopt_array(
		$curl,
		array(
			CURLOPT_RETURNTRANSFER => true,
			CURLOPT_COOKIEJAR      => $triage_jar,
			CURLOPT_COOKIEFILE     => $triage_jar,
			CURLOPT_HTTPHEADER     => $headers,
			CURLOPT_TIMEOUT        => 60,
		)
	);
	if ( $post ) {
		curl_setopt( $curl, CURLOPT_POSTFIELDS, http_build_query( $post ) );
	}
	$body   = (string) curl_exec( $curl );
	$result = array(
		'status'  => (int) curl_getinfo( $curl, CURLINFO_RESPONSE_CODE ),
		'body'    => $body,
		'seconds' => (float) curl_getinfo( $curl, CURLINFO_TOTAL_TIME ),
	);
	curl_close( $curl );
	return $result;
}

/**
 * Median and 95th percentile.
 *
 * @param float[] $values Values.
 * @return array{0: float, 1: float, 2: float}
 */
function triage_bench_stats( array $values ) {
	sort( $values );
	$count = count( $values );
	return array( $values[ (int) floor( ( $count - 1 ) / 2 ) ], $values[ (int) min( $count - 1, ceil( 0.95 * $count ) - 1 ) ], max( $values ) );
}

/**
 * Runs the health route and returns server time and the loopback evidence.
 *
 * @param string $speed fast, slow or all.
 * @param string $nonce REST nonce.
 * @return array{server_ms: int, wall_ms: float, probes: array<string, float>}
 */
function triage_bench_health( $speed, $nonce ) {
	global $triage_url;
	$response = triage_bench_http( $triage_url . '/wp-json/triage/v1/health?speed=' . $speed, array(), array( 'X-WP-Nonce: ' . $nonce ) );
	$data     = json_decode( $response['body'], true );
	if ( 200 !== $response['status'] || ! is_array( $data ) ) {
		fwrite( STDERR, "health answered {$response['status']}: " . substr( $response['body'], 0, 300 ) . "\n" );
		exit( 1 );
	}
	$probes = array();
	foreach ( $data['checks'] as $check ) {
		if ( 'loopback' === $check['id'] ) {
			foreach ( $check['evidence'] as $item ) {
				if ( preg_match( '/first byte after ([\d,.]+) ms/', $item['value'], $match ) ) {
					$probes[ $item['label'] ] = (float) str_replace( ',', '', $match[1] );
				}
			}
		}
	}
	return array(
		'server_ms' => (int) $data['duration_ms'],
		'wall_ms'   => $response['seconds'] * 1000,
		'probes'    => $probes,
	);
}

// Log in like a browser, then take the REST nonce that wp-admin prints for wp.apiFetch.
triage_bench_http( $triage_url . '/wp-login.php' );
triage_bench_http(
	$triage_url . '/wp-login.php',
	array(
		'log'        => 'admin',
		'pwd'        => 'password',
		'testcookie' => '1',
	)
);
$triage_admin = triage_bench_http( $triage_url . '/wp-admin/tools.php?page=triage' );
if ( ! preg_match( '/createNonceMiddleware\(\s*"([a-f0-9]+)"\s*\)/', $triage_admin['body'], $triage_match ) ) {
	fwrite( STDERR, "Could not log in to the lab.\n" );
	exit( 1 );
}
$triage_nonce = $triage_match[1];

printf( "GET /triage/v1/health on the lab (nginx + PHP-FPM 8.2 + MariaDB, OPcache on), %d runs each, after 3 warm-up runs\n", $triage_runs );
printf( "server time = duration_ms reported by the route (time spent running the checks); wall = curl total time\n\n" );

foreach ( array( 'fast', 'all' ) as $triage_speed ) {
	for ( $i = 0; $i < 3; $i++ ) {
		triage_bench_health( $triage_speed, $triage_nonce );
	}
	$triage_server = array();
	$triage_wall   = array();
	$triage_bound  = array();
	for ( $i = 0; $i < $triage_runs; $i++ ) {
		$triage_run      = triage_bench_health( $triage_speed, $triage_nonce );
		$triage_server[] = $triage_run['server_ms'];
		$triage_wall[]   = $triage_run['wall_ms'];
		if ( $triage_run['probes'] ) {
			$triage_bound[] = array( $triage_run['server_ms'], max( $triage_run['probes'] ), array_sum( $triage_run['probes'] ) );
		}
	}
	list( $median, $p95, $max ) = triage_bench_stats( $triage_server );
	list( $wall_median )        = triage_bench_stats( $triage_wall );
	printf( "speed=%-4s  server: median %4d ms, p95 %4d ms, max %4d ms   wall: median %6.1f ms\n", $triage_speed, $median, $p95, $max, $wall_median );
	if ( $triage_bound ) {
		$last = end( $triage_bound );
		printf( "            last run: server %d ms; slowest probe %.0f ms; probes one after another would take %.0f ms\n", $last[0], $last[1], $last[2] );
	}
}

// One slow page (a must-use plugin sleeping 1.5 s on the front page): parallel probes stay bounded by it.
$triage_slow = $triage_site . '/wp-content/mu-plugins/triage-bench-slow.php';
file_put_contents( $triage_slow, "<?php\nif ( ! is_admin() && '/' === strtok( \$_SERVER['REQUEST_URI'] ?? '', '?' ) ) { usleep( 1500000 ); }\n" );
$triage_server = array();
$triage_bound  = array();
for ( $i = 0; $i < 5; $i++ ) {
	$triage_run      = triage_bench_health( 'slow', $triage_nonce );
	$triage_server[] = $triage_run['server_ms'];
	$triage_bound[]  = array( $triage_run['probes'] ? max( $triage_run['probes'] ) : 0, array_sum( $triage_run['probes'] ) );
}
unlink( $triage_slow );
list( $median, , $max ) = triage_bench_stats( $triage_server );
printf( "\nwith a 1.5 s front page, speed=slow, 5 runs: server median %d ms, max %d ms; slowest probe %.0f ms, sum of probes %.0f ms\n", $median, $max, $triage_bound[4][0], $triage_bound[4][1] );
printf( "(bounded by the slowest probe: the probes run in parallel, each with a %d s timeout)\n", 10 );
unlink( $triage_jar );
