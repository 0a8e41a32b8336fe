<?php
/**
 * Joining across sources, order, window, paging, bounds, time zones, WordPress's own signals.
 *
 * @package Triage
 */

use Triage\Incidents\Event_Reader;
use Triage\Incidents\Log_Clock;
use Triage\Incidents\Site_Signals;
use Triage\Health\Http_Call_Recorder;
use Triage\Maintenance\Maintenance_State;
use Triage\REST\Schemas;

require_once __DIR__ . '/Incident_Test_Case.php';
require_once dirname( __DIR__ ) . '/Logs/Log_Fixtures.php';

/**
 * The joiner over several scenarios at once.
 */
class Incident_Joiner_Test extends Incident_Test_Case {

	/** Scenarios of one morning, and the cause each gives, newest first. */
	private const DAY = array(
		'read-timeout' => 'web_read_timeout',
		'terminate'    => 'request_terminate_timeout',
		'sigkill'      => 'worker_killed',
		'segfault'     => 'worker_segfault',
		'memory'       => 'memory_limit',
		'database'     => 'database_unreachable',
		'pool-queued'  => 'pool_saturated',
	);

	public function test_a_morning_of_failures_gives_one_incident_each_newest_first(): void {
		$answer = $this->service( array_keys( self::DAY ) )->recent( 3600 );
		$this->assertSame( array_values( self::DAY ), array_column( $answer['incidents'], 'cause' ) );
		$this->assertSame( 7, $answer['total'] );
		$ends   = array_column( $answer['incidents'], 'end' );
		$sorted = $ends;
		rsort( $sorted );
		$this->assertSame( $sorted, $ends );
		$this->assert_matches_schema( Schemas::get( 'incidents/incidents' ), $answer );
	}

	public function test_roles_are_read_from_the_lines_when_sources_do_not_declare_them(): void {
		$answer = $this->service( array_keys( self::DAY ), array( 'roles' => false ) )->recent( 3600 );
		$this->assertSame( array_values( self::DAY ), array_column( $answer['incidents'], 'cause' ) );
		$roles = array_column( $answer['sources'], 'role', 'id' );
		$this->assertSame( 'web-error', $roles['terminate-nginx-error-log'] );
		$this->assertSame( 'fpm', $roles['terminate-php-fpm-log'] );
		$this->assertSame( 'fpm-slow', $roles['terminate-fpm-slow-log'] );
		$this->assertSame( 'php', $roles['memory-debug-log'] );
		$this->assertSame( 'database', $roles['database-mariadb-err'] );
	}

	public function test_the_window_cuts_older_incidents(): void {
		$answer = $this->service( array_keys( self::DAY ) )->recent( 600 );
		$this->assertSame( array( 'web_read_timeout' ), array_column( $answer['incidents'], 'cause' ) );
		$this->assertSame( 600, $answer['window'] );
		// A week back from a later "now" still finds them all.
		$week = $this->service( array_keys( self::DAY ), array( 'now' => self::NOW + 3 * DAY_IN_SECONDS ) )->recent( 604800 );
		$this->assertSame( 7, $week['total'] );
		$this->assertStringContainsString( 'Dec 2, 00:58:20', $week['incidents'][0]['sentence'] );
	}

	public function test_pages(): void {
		$service = $this->service( array_keys( self::DAY ) );
		$page    = $service->recent( 3600, 2, 3 );
		$this->assertSame( 7, $page['total'] );
		$this->assertSame( 2, $page['page'] );
		$this->assertSame( 3, $page['per_page'] );
		$this->assertSame( array( 'worker_segfault', 'memory_limit', 'database_unreachable' ), array_column( $page['incidents'], 'cause' ) );
		$this->assertSame( array(), $service->recent( 3600, 9, 3 )['incidents'] );
	}

	public function test_deaths_thirty_seconds_apart_stay_apart(): void {
		$answer = $this->service( array( 'segfault', 'sigkill' ) )->recent( 3600 );
		$this->assertSame( array( 'worker_killed', 'worker_segfault' ), array_column( $answer['incidents'], 'cause' ) );
		$this->assertSame( array( 1, 1 ), array_column( $answer['incidents'], 'requests' ) );
	}

	public function test_unreadable_and_hidden_logs_are_blind_spots_with_their_fix(): void {
		$hidden  = array(
			array(
				'role'  => 'fpm',
				'path'  => '/srv/lab/var/log/php8.2-fpm.log',
				'owner' => 'root',
				'group' => 'root',
				'mode'  => '0600',
				'fix'   => 'php8.2-fpm.log is root:root 0600; make it 0640 root:adm and add www-data to adm, or set the pool\'s error_log to a file PHP can read',
			),
		);
		$stack   = $this->stack( 'short', '/run/php/php8.2-fpm-short.sock', 2 );
		$answer  = $this->service(
			array( 'terminate' ),
			array(
				'hidden'     => $hidden,
				'unreadable' => array( 'terminate-php-fpm-log' ),
				'stack'      => $stack,
			)
		)->recent( 3600 );
		$sources = array_column( $answer['sources'], null, 'id' );
		$this->assertFalse( $sources['terminate-php-fpm-log']['readable'] );
		$this->assertStringContainsString( 'file permissions', (string) $sources['terminate-php-fpm-log']['fix'] );
		$spots = implode( "\n", $answer['blind_spots'] );
		$this->assertStringContainsString( 'php8.2-fpm.log is root:root 0600; make it 0640 root:adm', $spots );
		$this->assertSame( 1, substr_count( $spots, 'root:root 0600' ), 'The fix is shown as discovery words it, not repeated.' );
		$this->assertStringContainsString( 'No PHP-FPM log is readable', $spots );
		// Without PHP-FPM's line the 104 is a death of unknown cause; the stack maps nginx's socket to the
		// pool, whose slow log names the culprit.
		$incident = $this->only( $answer );
		$this->assertSame( 'unknown', $incident['cause'] );
		$this->assertSame( 'short', $incident['pool'] );
		$this->assertSame( 'triage-fixture-incidents', $incident['culprit']['slug'] );
		// Without the stack, nothing ties the slow log of pool short to that 104.
		$alone = $this->only( $this->service( array( 'terminate' ), array( 'unreadable' => array( 'terminate-php-fpm-log' ) ) )->recent( 3600 ) );
		$this->assertNull( $alone['culprit'] );
	}

	public function test_reader_stops_at_the_window_on_a_large_file(): void {
		$path   = Log_Fixtures::write( 'error.log', '' );
		$handle = fopen( $path, 'wb' );
		$line   = '[error] 4021#4021: *1 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 127.0.0.1, server: lab.test, request: "GET /old HTTP/1.1", upstream: "fastcgi://unix:/run/php/x.sock:", host: "lab.test"' . "\n";
		$start  = self::NOW - 30 * DAY_IN_SECONDS;
		for ( $i = 0; $i < 120000; $i++ ) {
			fwrite( $handle, gmdate( 'Y/m/d H:i:s', $start + $i * 20 ) . ' ' . $line );
		}
		for ( $i = 0; $i < 30; $i++ ) {
			fwrite( $handle, gmdate( 'Y/m/d H:i:s', self::NOW - 1800 + $i * 60 ) . ' ' . str_replace( '/old', '/new', $line ) );
		}
		fclose( $handle );
		$size = filesize( $path );
		$this->assertGreaterThan( 25000000, $size );

		$reader = new Event_Reader( new Log_Clock( new DateTimeZone( 'UTC' ) ) );
		$file   = fopen( $path, 'rb' );
		$read   = $reader->read( $file, self::NOW - 3600, 'web-error', 'big' );
		$this->assertCount( 30, $read['events'] );
		$this->assertTrue( $read['complete'] );
		$this->assertLessThan( 3 * Event_Reader::CHUNK, $read['scanned'], 'Only the last hour is read.' );
		$this->assertSame( '/new', $read['events'][0]['url'] );

		// Bounded: a byte budget smaller than the window stops early and says how far back it got.
		$bounded = $reader->read( $file, self::NOW - 60 * DAY_IN_SECONDS, 'web-error', 'big', array( 'max_bytes' => 1048576 ) );
		fclose( $file );
		$this->assertFalse( $bounded['complete'] );
		$this->assertLessThanOrEqual( 1048576 + Event_Reader::CHUNK, $bounded['scanned'] );
		$this->assertGreaterThan( self::NOW - 60 * DAY_IN_SECONDS, $bounded['read_from'] );
	}

	public function test_an_hour_long_outage_stays_one_incident_within_the_memory_bound(): void {
		$dir    = Log_Fixtures::dir();
		$error  = fopen( $dir . '/nginx-error.log', 'wb' );
		$access = fopen( $dir . '/access.log', 'wb' );
		for ( $i = 0; $i < 20000; $i++ ) {
			$time = self::NOW - 3000 + intdiv( $i, 8 );
			fwrite( $error, gmdate( 'Y/m/d H:i:s', $time ) . ' [crit] 4021#4021: *' . $i . ' connect() to unix:/run/php/php8.2-fpm.sock failed (2: No such file or directory) while connecting to upstream, client: 127.0.0.1, server: lab.test, request: "GET /p/' . $i . '/ HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "lab.test"' . "\n" );
			fwrite( $access, '127.0.0.1 - - [' . gmdate( 'd/M/Y:H:i:s', $time ) . ' +0000] "GET /p/' . $i . '/ HTTP/1.1" 502 157 "-" "curl/7.88.1"' . "\n" );
		}
		fclose( $error );
		fclose( $access );
		$sources = array();
		foreach ( array(
			'nginx-error.log' => 'web-error',
			'access.log'      => 'web-access',
		) as $name => $role ) {
			$sources[ $name ] = array(
				'id'     => $name,
				'label'  => $name,
				'kind'   => 'server',
				'layout' => 'line',
				'path'   => $dir . '/' . $name,
				'origin' => 'custom',
				'role'   => $role,
			);
		}
		$service = new \Triage\Incidents\Incident_Service(
			static function () use ( $sources ) {
				return $sources;
			},
			static function ( string $id ) use ( $sources ) {
				return fopen( $sources[ $id ]['path'], 'rb' );
			},
			'__return_empty_array',
			'__return_null',
			'__return_empty_array',
			null,
			'__return_empty_array',
			static function () {
				return self::NOW;
			},
			new Log_Clock( new DateTimeZone( 'UTC' ) ),
			'__return_null'
		);
		if ( function_exists( 'memory_reset_peak_usage' ) ) {
			memory_reset_peak_usage();
		}
		$before = memory_get_usage();
		$answer = $service->recent( 3600 );
		$growth = memory_get_peak_usage() - $before;
		if ( function_exists( 'memory_reset_peak_usage' ) ) {
			$this->assertLessThan( 8 * 1048576, $growth, 'Peak growth in bytes.' );
		}
		$incident = $this->only( $answer );
		$this->assertSame( 'fpm_stopped', $incident['cause'] );
		// The newest events of each log are kept: the incident is there, and the answer says how far back the logs were read.
		$this->assertGreaterThanOrEqual( Event_Reader::MAX_EVENTS, $incident['requests'] );
		$this->assertLessThanOrEqual( 10, count( $incident['urls'] ) );
		$this->assertGreaterThan( self::NOW - 3000, $answer['sources'][0]['read_from'] );
		$this->assertStringStartsWith( 'At least ', $incident['sentence'] );
	}

	/**
	 * @dataProvider stamps
	 *
	 * @param string $line     A line.
	 * @param string $expected Its time in UTC.
	 */
	public function test_time_stamps_of_each_format_in_the_servers_zone( string $line, string $expected ): void {
		$clock = new Log_Clock( new DateTimeZone( 'Europe/Paris' ) );
		$this->assertSame( strtotime( $expected ), $clock->time( $line ) );
	}

	/**
	 * Lines and their UTC times, the servers' zone being Paris (UTC+1 in December).
	 *
	 * @return array<string, array{0: string, 1: string}>
	 */
	public function stamps(): array {
		return array(
			'nginx, local'       => array( '2026/12/02 01:49:43 [error] 123#123: *5 upstream timed out', '2026-12-02 00:49:43 UTC' ),
			'PHP-FPM, local'     => array( '[02-Dec-2026 01:49:43] WARNING: [pool wp] child 123 exited on signal 9', '2026-12-02 00:49:43 UTC' ),
			'PHP, zone given'    => array( '[02-Dec-2026 00:49:43 UTC] PHP Fatal error:  x', '2026-12-02 00:49:43 UTC' ),
			'PHP, other zone'    => array( '[02-Dec-2026 09:49:43 Asia/Tokyo] PHP Fatal error:  x', '2026-12-02 00:49:43 UTC' ),
			'Apache, local'      => array( '[Wed Dec 02 01:49:43.123456 2026] [proxy_fcgi:error] [pid 1] x', '2026-12-02 00:49:43 UTC' ),
			'MariaDB, local'     => array( '2026-12-02  1:49:43 0 [Note] /usr/sbin/mariadbd: Normal shutdown', '2026-12-02 00:49:43 UTC' ),
			'access, offset'     => array( '127.0.0.1 - - [02/Dec/2026:03:49:43 +0300] "GET / HTTP/1.1" 502 10', '2026-12-02 00:49:43 UTC' ),
			'summer time, local' => array( '2026/07/02 02:49:43 [error] x', '2026-07-02 00:49:43 UTC' ),
		);
	}

	public function test_lines_without_a_time_stamp_have_none(): void {
		$clock = new Log_Clock( new DateTimeZone( 'UTC' ) );
		$this->assertNull( $clock->time( 'Stack trace:' ) );
		$this->assertNull( $clock->time( '#0 /srv/site/wp-includes/plugin.php(517): x' ) );
		$this->assertNull( $clock->time( '[0x00007f1c4a213f60] sleep() /srv/x.php:9' ) );
		$this->assertNull( $clock->time( '' ) );
	}

	public function test_wordpress_signals_become_incidents(): void {
		$site = get_temp_dir() . 'triage-joiner-' . wp_generate_password( 6, false );
		mkdir( $site . '/wp-content', 0755, true );
		// Sets $upgrading = time(): WordPress honours it forever.
		file_put_contents( $site . '/.maintenance', '<?php $upgrading = time(); ?>' );
		touch( $site . '/.maintenance', self::NOW - 7200 );
		_set_cron_array(
			array(
				self::NOW - 3 * HOUR_IN_SECONDS => array(
					'old_hook' => array(
						'abc' => array(
							'schedule' => false,
							'args'     => array(),
						),
					),
				),
				self::NOW + HOUR_IN_SECONDS     => array(
					'new_hook' => array(
						'def' => array(
							'schedule' => false,
							'args'     => array(),
						),
					),
				),
			)
		);
		update_option(
			Http_Call_Recorder::OPTION,
			array(
				array(
					'host'    => 'licence.example.com',
					'seconds' => 3.0,
					'status'  => 0,
					'error'   => 'cURL error 28: Operation timed out after 3001 milliseconds',
					'time'    => self::NOW - 300,
					'plugin'  => 'shop-sync',
				),
				array(
					'host'    => 'api.fast.test',
					'seconds' => 0.2,
					'status'  => 200,
					'error'   => '',
					'time'    => self::NOW - 250,
					'plugin'  => 'other',
				),
			),
			false
		);
		$recorder = new class() {
			/**
			 * Killed requests.
			 *
			 * @param int $since Since.
			 * @return array<int, array<string, mixed>>
			 */
			public function killed_requests( int $since ): array {
				unset( $since );
				return array(
					array(
						'started'   => 1796172350,
						'pid'       => 24601,
						'method'    => 'GET',
						'uri'       => '/?triage_incident=sleep&seconds=30',
						'logged_in' => false,
						'ran_for'   => null,
						'why'       => 'pid_gone',
					),
					array(
						'started'   => 1796172900,
						'pid'       => 24700,
						'method'    => 'POST',
						'uri'       => '/checkout/',
						'logged_in' => true,
						'ran_for'   => null,
						'why'       => 'pid_gone',
					),
					array(
						'started'   => 1796172910,
						'pid'       => 24701,
						'method'    => 'GET',
						'uri'       => '/cart/',
						'logged_in' => false,
						'ran_for'   => null,
						'why'       => 'pid_reused',
					),
				);
			}

			/**
			 * Finished requests.
			 *
			 * @param int $since Since.
			 * @return array<int, array<string, mixed>>
			 */
			public function finished( int $since ): array {
				unset( $since );
				return array();
			}
		};
		$signals  = new Site_Signals(
			static function () use ( $site ) {
				return new Maintenance_State(
					$site,
					$site . '/wp-content',
					static function () {
						return self::NOW;
					}
				);
			},
			static function () use ( $recorder ) {
				return $recorder;
			}
		);
		$events   = $signals->events( self::NOW - 3600, self::NOW );
		unlink( $site . '/.maintenance' );
		rmdir( $site . '/wp-content' );
		rmdir( $site );
		delete_option( Http_Call_Recorder::OPTION );

		$answer    = $this->service( array( 'sigkill' ), array( 'signals' => $events ) )->recent( 3600 );
		$incidents = array_column( $answer['incidents'], null, 'cause' );
		$this->assertEqualsCanonicalizing( array( 'maintenance_stuck', 'cron_pileup', 'external_service', 'killed_requests', 'worker_killed' ), array_keys( $incidents ) );

		$this->assertSame( 'critical', $incidents['maintenance_stuck']['severity'] );
		$this->assertSame( self::NOW, $incidents['maintenance_stuck']['end'] );
		$this->assertStringStartsWith( 'Since ', $incidents['maintenance_stuck']['sentence'] );
		$this->assertStringContainsString( '1 scheduled events are overdue', $incidents['cron_pileup']['sentence'] );
		$this->assertSame( 'shop-sync', $incidents['external_service']['culprit']['slug'] );
		$this->assertStringContainsString( 'calls to licence.example.com made by shop-sync', $incidents['external_service']['sentence'] );
		// The marker of the SIGKILLed worker's request joins its death; the two others are one incident.
		$this->assertContains( 'recorder', array_column( $incidents['worker_killed']['evidence'], 'source' ) );
		$this->assertSame( 1, $incidents['worker_killed']['requests'] );
		$this->assertSame( 2, $incidents['killed_requests']['requests'] );
		$this->assertSame( array( '/checkout/', '/cart/' ), $incidents['killed_requests']['urls'] );
		$this->assertSame( 'likely', $incidents['killed_requests']['certainty'] );
		$this->assertStringStartsWith( '2 requests never finished between 00:55:00 and 00:55:10: their PHP worker died first', $incidents['killed_requests']['sentence'] );
		$this->assert_matches_schema( Schemas::get( 'incidents/incidents' ), $answer );
	}

	/**
	 * Asserts that data has exactly the schema's properties (recursively) and valid types.
	 *
	 * @param array<string, mixed> $schema Schema.
	 * @param mixed                $data   Data.
	 * @return void
	 */
	private function assert_matches_schema( array $schema, $data ): void {
		$valid = rest_validate_value_from_schema( $data, $schema, 'incidents' );
		$this->assertTrue( true === $valid, is_wp_error( $valid ) ? $valid->get_error_message() : 'invalid' );
	}
}
