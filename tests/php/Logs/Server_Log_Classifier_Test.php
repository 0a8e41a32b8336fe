<?php
/**
 * Server error-log lines mapped to 502 causes.
 *
 * @package Triage
 */

use Triage\Logs\Server_Log_Classifier;

require_once __DIR__ . '/Log_Fixtures.php';

/**
 * Classifier.
 */
class Server_Log_Classifier_Test extends WP_UnitTestCase {

	/**
	 * The nginx lines from the failure-signature notes (the trimmed ", client: …" tail restored as nginx
	 * writes it), PHP-FPM's own lines, and Apache proxy_fcgi / mod_fcgid equivalents.
	 *
	 * @return array
	 */
	public function lines() {
		$tail = ', client: 127.0.0.1, server: localhost, request: "GET /shop/ HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "127.0.0.1:8889"';
		return array(
			'nginx: FPM stopped, socket removed' => array( '2026/11/20 10:00:01 [crit] 812#812: *41 connect() to unix:/run/php/php8.2-fpm.sock failed (2: No such file or directory) while connecting to upstream' . $tail, 'fpm_down' ),
			'nginx: FPM master killed'           => array( '2026/11/20 10:00:02 [error] 812#812: *42 connect() to unix:/run/php/php8.2-fpm.sock failed (111: Connection refused) while connecting to upstream' . $tail, 'fpm_down' ),
			'nginx: pool saturated, unix socket' => array( '2026/11/20 10:00:03 [error] 812#812: *43 connect() to unix:/run/php/php8.2-fpm.sock failed (11: Resource temporarily unavailable) while connecting to upstream' . $tail, 'pool_saturated' ),
			'nginx: pool saturated, TCP'         => array( '2026/11/20 10:00:04 [error] 812#812: *44 upstream timed out (110: Connection timed out) while connecting to upstream' . $tail, 'pool_saturated' ),
			'nginx: read timeout'                => array( '2026/11/20 10:00:05 [error] 812#812: *45 upstream timed out (110: Connection timed out) while reading response header from upstream' . $tail, 'upstream_timeout' ),
			'nginx: worker killed'               => array( '2026/11/20 10:00:06 [error] 812#812: *46 recv() failed (104: Connection reset by peer) while reading response header from upstream' . $tail, 'worker_killed' ),
			'nginx: worker killed after headers' => array( '2026/11/20 10:00:07 [error] 812#812: *47 readv() failed (104: Connection reset by peer) while reading upstream' . $tail, 'worker_killed_after_headers' ),
			'nginx: header too big'              => array( '2026/11/20 10:00:08 [error] 812#812: *48 upstream sent too big header while reading response header from upstream' . $tail, 'header_too_big' ),
			'nginx: max_execution_time'          => array( '2026/11/20 10:00:09 [error] 812#812: *49 FastCGI sent in stderr: "PHP message: PHP Fatal error:  Maximum execution time of 2 seconds exceeded in /var/www/html/wp-content/plugins/slow/slow.php on line 4" while reading response header from upstream' . $tail, 'execution_timeout' ),
			'nginx: memory exhausted in stderr'  => array( '2026/11/20 10:00:10 [error] 812#812: *50 FastCGI sent in stderr: "PHP message: PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted (tried to allocate 2097152 bytes) in /var/www/html/wp-includes/class-wpdb.php on line 2349" while reading response header from upstream' . $tail, 'memory_exhausted' ),
			'fpm: max_children'                  => array( '[20-Nov-2026 10:00:11] WARNING: [pool wp] server reached pm.max_children setting (4), consider raising it', 'pool_saturated' ),
			'fpm: terminated'                    => array( '[20-Nov-2026 10:00:12] WARNING: [pool short] child 25026, script \'/var/www/html/index.php\' (request: "GET /index.php") execution timed out (3.44 sec), terminating', 'request_terminated' ),
			'fpm: segfault'                      => array( '[20-Nov-2026 10:00:13] WARNING: [pool wp] child 24513 exited on signal 11 (SIGSEGV) after 31.33 seconds from start', 'worker_segfault' ),
			'fpm: SIGKILL'                       => array( '[20-Nov-2026 10:00:13] WARNING: [pool wp] child 24515 exited on signal 9 (SIGKILL) after 12.01 seconds from start', 'worker_sigkilled' ),
			'fpm: other signal'                  => array( '[20-Nov-2026 10:00:13] WARNING: [pool wp] child 24516 exited on signal 6 (SIGABRT - core dumped) after 2.50 seconds from start', 'worker_killed' ),
			'fpm: slow'                          => array( '[20-Nov-2026 10:00:14] WARNING: [pool wp] child 24514, script \'/var/www/html/index.php\' (request: "GET /index.php") executing too slow (5.07 sec), logging', 'slow_request' ),
			'apache proxy_fcgi: socket missing'  => array( '[Fri Nov 20 10:00:15.123456 2026] [proxy:error] [pid 901:tid 140] (2)No such file or directory: AH02454: FCGI: attempt to connect to Unix domain socket /run/php/php8.2-fpm.sock (localhost) failed', 'fpm_down' ),
			'apache proxy_fcgi: refused (TCP)'   => array( '[Fri Nov 20 10:00:16.123456 2026] [proxy:error] [pid 901:tid 140] (111)Connection refused: AH00957: FCGI: attempt to connect to 127.0.0.1:9000 (127.0.0.1) failed', 'fpm_down' ),
			'apache proxy_fcgi: saturated'       => array( '[Fri Nov 20 10:00:17.123456 2026] [proxy:error] [pid 901:tid 140] (11)Resource temporarily unavailable: AH02454: FCGI: attempt to connect to Unix domain socket /run/php/php8.2-fpm.sock (localhost) failed', 'pool_saturated' ),
			'apache proxy_fcgi: timeout'         => array( '[Fri Nov 20 10:00:18.123456 2026] [proxy_fcgi:error] [pid 901:tid 140] (70007)The timeout specified has expired: [client 127.0.0.1:5000] AH01075: Error dispatching request to : (polling)', 'upstream_timeout' ),
			'apache proxy_fcgi: reset'           => array( '[Fri Nov 20 10:00:19.123456 2026] [proxy_fcgi:error] [pid 901:tid 140] (104)Connection reset by peer: [client 127.0.0.1:5000] AH01075: Error dispatching request to :', 'worker_killed' ),
			'apache proxy_fcgi: PHP fatal'       => array( '[Fri Nov 20 10:00:20.123456 2026] [proxy_fcgi:error] [pid 901:tid 140] [client 127.0.0.1:5000] AH01071: Got error \'PHP message: PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted (tried to allocate 2097152 bytes) in /var/www/html/wp-includes/class-wpdb.php on line 2349\'', 'memory_exhausted' ),
			'apache proxy_fcgi: bad headers'     => array( '[Fri Nov 20 10:00:21.123456 2026] [proxy_fcgi:error] [pid 901:tid 140] [client 127.0.0.1:5000] AH01070: Error parsing script headers', 'header_too_big' ),
			'apache mod_fcgid: no slot'          => array( '[Fri Nov 20 10:00:22.123456 2026] [fcgid:warn] [pid 901:tid 140] [client 127.0.0.1:5000] mod_fcgid: can\'t apply process slot for /var/www/cgi-bin/php-wrapper', 'pool_saturated' ),
			'apache mod_fcgid: read timeout'     => array( '[Fri Nov 20 10:00:23.123456 2026] [fcgid:warn] [pid 901:tid 140] [client 127.0.0.1:5000] mod_fcgid: read data timeout in 40 seconds', 'upstream_timeout' ),
			'apache mod_fcgid: worker died'      => array( '[Fri Nov 20 10:00:24.123456 2026] [fcgid:warn] [pid 901:tid 140] (104)Connection reset by peer: [client 127.0.0.1:5000] mod_fcgid: error reading data from FastCGI server', 'worker_killed' ),
		);
	}

	/**
	 * @dataProvider lines
	 */
	public function test_line_maps_to_its_cause( $line, $cause ) {
		$this->assertSame( $cause, Server_Log_Classifier::classify_line( $line ) );
		$this->assertArrayHasKey( $cause, Server_Log_Classifier::causes() );
		$this->assertNotEmpty( Server_Log_Classifier::causes()[ $cause ]['fix'] );
	}

	public function test_the_sigterm_after_request_terminate_timeout_is_not_a_second_death() {
		$this->assertNull( Server_Log_Classifier::classify_line( '[20-Nov-2026 10:00:12] WARNING: [pool short] child 25026 exited on signal 15 (SIGTERM) after 3.45 seconds from start' ) );
		$log    = "[20-Nov-2026 10:00:12] WARNING: [pool short] child 25026, script '/var/www/html/index.php' (request: \"GET /index.php\") execution timed out (3.44 sec), terminating\n"
			. "[20-Nov-2026 10:00:12] WARNING: [pool short] child 25026 exited on signal 15 (SIGTERM) after 3.45 seconds from start\n";
		$handle = fopen( Log_Fixtures::write( 'fpm.log', $log ), 'rb' );
		$result = ( new Server_Log_Classifier() )->classify( $handle );
		fclose( $handle );
		$this->assertSame( array( 'request_terminated' ), array_keys( $result['causes'] ) );
		$this->assertSame( 1, $result['causes']['request_terminated']['count'] );
	}

	public function test_a_time_window_counts_only_its_lines_and_keeps_the_newest_sample() {
		$lines = $this->lines();
		$log   = '';
		foreach ( array( '08:00:00', '10:05:00', '10:40:00' ) as $index => $time ) {
			$log .= str_replace( array( '10:00:06', '*46' ), array( $time, '*' . ( 60 + $index ) ), $lines['nginx: worker killed'][0] ) . "\n";
		}
		$log   .= "no time stamp: recv() failed (104: Connection reset by peer) while reading response header from upstream\n";
		$path   = Log_Fixtures::write( 'error.log', $log );
		$handle = fopen( $path, 'rb' );
		$recent = ( new Server_Log_Classifier() )->classify( $handle, 0, strtotime( '2026-11-20 10:00:00 UTC' ) );
		fclose( $handle );

		$killed = $recent['causes']['worker_killed'];
		$this->assertSame( 2, $killed['count'], 'The line of 08:00 and the one without a time are outside the window.' );
		$this->assertSame( 2, $recent['matched'] );
		$this->assertSame( 4, $recent['lines'] );
		$this->assertSame( strtotime( '2026-11-20 10:05:00 UTC' ), $killed['first_seen'] );
		$this->assertSame( strtotime( '2026-11-20 10:40:00 UTC' ), $killed['last_seen'] );
		$this->assertStringContainsString( '10:40:00', $killed['sample'], 'The sample is the newest line.' );
		$this->assertStringContainsString( '*62', $killed['sample'] );

		$handle = fopen( $path, 'rb' );
		$all    = ( new Server_Log_Classifier() )->classify( $handle );
		fclose( $handle );
		$this->assertSame( 4, $all['causes']['worker_killed']['count'], 'Without a window every line counts.' );
		$this->assertStringStartsWith( 'no time stamp', $all['causes']['worker_killed']['sample'] );

		$handle = fopen( $path, 'rb' );
		$before = ( new Server_Log_Classifier() )->classify( $handle, 0, null, strtotime( '2026-11-20 10:00:00 UTC' ) );
		fclose( $handle );
		$this->assertSame( 1, $before['causes']['worker_killed']['count'] );
	}

	public function test_php_error_log_messages_that_stand_for_a_cause_of_5xx() {
		$this->assertSame( 'memory_exhausted', Server_Log_Classifier::php_message_cause( 'PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted (tried to allocate 2097152 bytes) in /x.php on line 3' ) );
		$this->assertSame( 'execution_timeout', Server_Log_Classifier::php_message_cause( 'PHP Fatal error:  Maximum execution time of 30 seconds exceeded in /x.php on line 3' ) );
		$this->assertSame( 'database_unreachable', Server_Log_Classifier::php_message_cause( 'PHP Warning:  mysqli_real_connect(): (HY000/2002): No such file or directory in /wp-includes/class-wpdb.php on line 1987' ) );
		$this->assertNull( Server_Log_Classifier::php_message_cause( 'PHP Notice:  Undefined index: x in /x.php on line 3' ) );
		foreach ( array( 'memory_exhausted', 'execution_timeout', 'database_unreachable' ) as $cause ) {
			$this->assertNotEmpty( Server_Log_Classifier::causes()[ $cause ]['fix'] );
		}
	}

	public function test_unrelated_lines_have_no_cause() {
		$this->assertNull( Server_Log_Classifier::classify_line( '2026/11/20 10:00:00 [notice] 1#1: signal process started' ) );
		$this->assertNull( Server_Log_Classifier::classify_line( '[20-Nov-2026 10:00:00] NOTICE: fpm is running, pid 7' ) );
	}

	public function test_counts_per_cause_per_hour_from_a_file() {
		$lines = $this->lines();
		$log   = '';
		foreach ( array( '10:05:00', '10:40:00', '11:02:00' ) as $time ) {
			$log .= str_replace( '10:00:06', $time, $lines['nginx: worker killed'][0] ) . "\n";
		}
		$log   .= $lines['nginx: header too big'][0] . "\n2026/11/20 12:00:00 [notice] 1#1: reopening logs\n";
		$log   .= $lines['fpm: max_children'][0]; // No final newline.
		$handle = fopen( Log_Fixtures::write( 'error.log', $log ), 'rb' );
		$result = ( new Server_Log_Classifier() )->classify( $handle );
		fclose( $handle );

		$this->assertSame( 6, $result['lines'] );
		$this->assertSame( 5, $result['matched'] );
		$killed = $result['causes']['worker_killed'];
		$this->assertSame( 3, $killed['count'] );
		$this->assertSame(
			array(
				'2026-11-20T10:00:00Z' => 2,
				'2026-11-20T11:00:00Z' => 1,
			),
			$killed['hours']
		);
		$this->assertSame( strtotime( '2026-11-20 11:02:00 UTC' ), $killed['last_seen'] );
		$this->assertSame( 1, $result['causes']['pool_saturated']['count'] );
		$this->assertSame( 1, $result['causes']['header_too_big']['count'] );
	}

	public function test_classifying_from_an_offset_skips_the_partial_first_line() {
		$lines  = $this->lines();
		$log    = $lines['nginx: header too big'][0] . "\n" . $lines['nginx: read timeout'][0] . "\n";
		$handle = fopen( Log_Fixtures::write( 'error.log', $log ), 'rb' );
		$result = ( new Server_Log_Classifier() )->classify( $handle, 10 );
		fclose( $handle );
		$this->assertSame( array( 'upstream_timeout' ), array_keys( $result['causes'] ) );
	}
}
