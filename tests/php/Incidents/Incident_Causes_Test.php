<?php
/**
 * One incident per cause, from recorded log excerpts.
 *
 * @package Triage
 */

use Triage\Incidents\Cause_Catalog;
use Triage\REST\Schemas;

require_once __DIR__ . '/Incident_Test_Case.php';

/**
 * Each scenario's logs give one incident with the right cause, requests, statuses, culprit and certainty.
 */
class Incident_Causes_Test extends Incident_Test_Case {

	public function test_missing_socket_is_fpm_stopped_and_one_outage(): void {
		$incident = $this->only( $this->service( array( 'fpm-stopped' ) )->recent( 3600 ) );
		$this->assertSame( 'fpm_stopped', $incident['cause'] );
		$this->assertSame( 'certain', $incident['certainty'] );
		// Three requests over 47 seconds: one outage, not three incidents.
		$this->assertSame( 3, $incident['requests'] );
		$this->assertSame(
			array(
				array(
					'status' => 502,
					'count'  => 3,
				),
			),
			$incident['statuses']
		);
		$this->assertStringContainsString( '/run/php/php8.2-fpm-tiny.sock', $incident['sentence'] );
		$this->assertStringStartsWith( '3 requests got 502 between 00:49:43 and 00:50:30', $incident['sentence'] );
		// The query value that looks like a secret is redacted in the URLs.
		$this->assertContains( '/shop/?token=[redacted]', $incident['urls'] );
		$this->assertSame( 'lab.test', $incident['server'] );
	}

	public function test_a_failed_start_explains_the_missing_socket(): void {
		$incident = $this->only( $this->service( array( 'fpm-failed-start' ) )->recent( 3600 ) );
		$this->assertSame( 'fpm_stopped', $incident['cause'] );
		// nginx's "no live upstreams" is the same outage: two requests.
		$this->assertSame( 2, $incident['requests'] );
		$lines = implode( "\n", array_merge( ...array_column( $incident['evidence'], 'lines' ) ) );
		$this->assertStringContainsString( 'FPM initialization failed', $lines );
	}

	public function test_requests_cut_by_a_php_fpm_restart_are_its_incident(): void {
		$incident = $this->only( $this->service( array( 'fpm-restart' ) )->recent( 3600 ) );
		$this->assertSame( 'fpm_stopped', $incident['cause'] );
		$this->assertSame( '1 request got 502 at 00:36:00 on pool wp: PHP-FPM was stopped or restarted in the middle of the request', $incident['sentence'] );
		$this->assertSame( array( '/long/' ), $incident['urls'] );
	}

	public function test_php_errors_relayed_by_php_fpm_are_read_from_its_log(): void {
		$incident = $this->only( $this->service( array( 'fpm-stderr' ) )->recent( 3600 ) );
		$this->assertSame( 'memory_limit', $incident['cause'] );
		$this->assertSame( 'hog', $incident['culprit']['slug'] );
		$this->assertSame( 'wp', $incident['pool'] );
	}

	public function test_apache_lines_of_the_same_failures(): void {
		$answer = $this->service( array( 'apache' ) )->recent( 3600 );
		$this->assertSame( array( 'web_read_timeout', 'fpm_stopped' ), array_column( $answer['incidents'], 'cause' ) );
		$this->assertSame( strtotime( '2026-12-02 00:33:10 UTC' ), $answer['incidents'][1]['start'] );
		$this->assertSame( 'web-error', array_column( $this->service( array( 'apache' ), array( 'roles' => false ) )->recent( 3600 )['sources'], 'role' )[0] );
	}

	public function test_refused_over_tcp_after_php_fpm_logged_its_stop_is_fpm_stopped(): void {
		$incident = $this->only( $this->service( array( 'fpm-stopped-tcp' ) )->recent( 3600 ) );
		$this->assertSame( 'fpm_stopped', $incident['cause'] );
		$this->assertStringContainsString( 'it had logged its stop, and nothing listened on its address', $incident['sentence'] );
		// Without PHP-FPM's log, a refused connection only says nothing listened.
		$refused = $this->only( $this->service( array( 'fpm-stopped-tcp' ), array( 'unreadable' => array( 'fpm-stopped-tcp-php-fpm-log' ) ) )->recent( 3600 ) );
		$this->assertSame( 'fpm_not_listening', $refused['cause'] );
	}

	public function test_refused_connection_is_fpm_not_listening(): void {
		$incident = $this->only( $this->service( array( 'fpm-not-listening' ) )->recent( 3600 ) );
		$this->assertSame( 'fpm_not_listening', $incident['cause'] );
		$this->assertSame( 2, $incident['requests'] );
		$this->assertNotSame( Cause_Catalog::fix( 'fpm_stopped', array() ), $incident['fix'] );
	}

	public function test_eagain_on_a_static_pool_names_the_pool_and_its_size(): void {
		$stack    = $this->stack( 'tiny', '/run/php/php8.2-fpm-tiny.sock', 1 );
		$incident = $this->only( $this->service( array( 'pool-unix' ), array( 'stack' => $stack ) )->recent( 3600 ) );
		$this->assertSame( 'pool_saturated', $incident['cause'] );
		$this->assertSame( '3 requests got 502 at 00:49:43 on pool tiny: every PHP worker was busy (pm.max_children is 1 now)', $incident['sentence'] );
		$this->assertSame( 'tiny', $incident['pool'] );
		$this->assertSame( 'critical', $incident['severity'] );
		$this->assertSame( array( '/?n=1', '/?n=2', '/?n=3' ), array_values( array_intersect( array( '/?n=1', '/?n=2', '/?n=3' ), $incident['urls'] ) ) );
	}

	public function test_connect_time_out_over_tcp_is_saturation_confirmed_by_php_fpm(): void {
		$incident = $this->only( $this->service( array( 'pool-tcp' ) )->recent( 3600 ) );
		$this->assertSame( 'pool_saturated', $incident['cause'] );
		$this->assertSame(
			array(
				array(
					'status' => 504,
					'count'  => 2,
				),
			),
			$incident['statuses']
		);
		$this->assertSame( 'tcp', $incident['pool'] );
		$this->assertStringContainsString( 'pm.max_children = 2', $incident['sentence'] );
		$this->assertSame( 'certain', $incident['certainty'] );
		$this->assertCount( 2, $incident['evidence'] );
	}

	public function test_connect_time_out_alone_is_only_likely(): void {
		$sources  = $this->service( array( 'pool-tcp' ), array( 'unreadable' => array( 'pool-tcp-php-fpm-log' ) ) );
		$incident = $this->only( $sources->recent( 3600 ) );
		$this->assertSame( 'pool_saturated', $incident['cause'] );
		$this->assertSame( 'likely', $incident['certainty'] );
		$this->assertStringContainsString( 'pm.max_children could not be read', $incident['sentence'] );
	}

	public function test_php_fpm_counters_confirm_a_static_pool_was_full(): void {
		$status   = array(
			'pool'                 => 'tcp',
			'process-manager'      => 'static',
			'start-time'           => self::NOW - 7200,
			'max-active-processes' => 2,
			'total-processes'      => 2,
			'max-children-reached' => 0,
		);
		$options  = array(
			'unreadable' => array( 'pool-tcp-php-fpm-log' ),
			'fpm_status' => $status,
		);
		$incident = $this->only( $this->service( array( 'pool-tcp' ), $options )->recent( 3600 ) );
		$this->assertSame( 'pool_saturated', $incident['cause'] );
		$this->assertSame( 'certain', $incident['certainty'] );
		$this->assertSame( 'fpm-status', end( $incident['evidence'] )['source'] );
		$this->assertStringContainsString( 'max-active-processes 2 = pm.max_children 2 (pm = static)', end( $incident['evidence'] )['lines'][0] );
		// Counters that never reached the pool size confirm nothing.
		$options['fpm_status']['max-active-processes'] = 1;
		$this->assertSame( 'likely', $this->only( $this->service( array( 'pool-tcp' ), $options )->recent( 3600 ) )['certainty'] );
	}

	public function test_max_children_reached_without_errors_is_saturation_with_no_failed_request(): void {
		$incident = $this->only( $this->service( array( 'pool-queued' ) )->recent( 3600 ) );
		$this->assertSame( 'pool_saturated', $incident['cause'] );
		$this->assertSame( 0, $incident['requests'] );
		$this->assertSame( 'At 00:30:12 on pool wp: every PHP worker was busy (pm.max_children = 4)', $incident['sentence'] );
	}

	public function test_read_time_out_is_the_web_servers_and_names_its_timeout(): void {
		$stack    = $this->stack( 'tiny', '/run/php/php8.2-fpm-tiny.sock', 1 );
		$incident = $this->only( $this->service( array( 'read-timeout' ), array( 'stack' => $stack ) )->recent( 3600 ) );
		$this->assertSame( 'web_read_timeout', $incident['cause'] );
		$this->assertSame(
			array(
				array(
					'status' => 504,
					'count'  => 2,
				),
			),
			$incident['statuses']
		);
		$this->assertStringContainsString( 'after 5 s (fastcgi_read_timeout)', $incident['sentence'] );
		$this->assertSame( array( 'time_limits' ), Cause_Catalog::contradicts( $incident['cause'] ) );
	}

	public function test_terminate_timeout_is_one_incident_with_the_slow_log_culprit(): void {
		$answer   = $this->service( array( 'terminate' ) )->recent( 3600 );
		$incident = $this->only( $answer );
		$this->assertSame( 'request_terminate_timeout', $incident['cause'] );
		// nginx's 104, PHP-FPM's "terminating" and its SIGTERM exit are one request.
		$this->assertSame( 1, $incident['requests'] );
		$this->assertSame(
			array(
				array(
					'status' => 502,
					'count'  => 1,
				),
			),
			$incident['statuses']
		);
		$this->assertSame( '1 request got 502 at 00:47:11 on pool short: PHP-FPM killed the request after 3.44 s (request_terminate_timeout)', $incident['sentence'] );
		$this->assertSame( 'triage-fixture-incidents', $incident['culprit']['slug'] );
		$this->assertSame( 'Triage incidents fixture', $incident['culprit']['name'] );
		$this->assertSame( 'triage-fixture-incidents/triage-fixture-incidents.php:64', $incident['culprit']['file'] );
		$sources = array_column( $incident['evidence'], 'source' );
		// The deciding line's source first, then every other source side by side.
		$this->assertSame( 'terminate-php-fpm-log', $sources[0] );
		$this->assertContains( 'terminate-nginx-error-log', $sources );
		$this->assertContains( 'terminate-fpm-slow-log', $sources );
		$this->assertStringContainsString( 'execution timed out (3.44 sec), terminating', $incident['evidence'][0]['lines'][0] );
	}

	public function test_max_execution_time_relayed_by_nginx(): void {
		$incident = $this->only( $this->service( array( 'max-execution' ) )->recent( 3600 ) );
		$this->assertSame( 'max_execution_time', $incident['cause'] );
		$this->assertSame(
			array(
				array(
					'status' => 500,
					'count'  => 1,
				),
			),
			$incident['statuses']
		);
		$this->assertStringContainsString( 'max_execution_time (2 s)', $incident['sentence'] );
		$this->assertSame( 'triage-fixture-incidents', $incident['culprit']['slug'] );
	}

	public function test_signal_11_is_a_segfault_with_extension_advice(): void {
		$incident = $this->only( $this->service( array( 'segfault' ) )->recent( 3600 ) );
		$this->assertSame( 'worker_segfault', $incident['cause'] );
		$this->assertSame( 1, $incident['requests'] );
		$this->assertStringContainsString( 'opcache.jit', implode( ' ', $incident['fix']['steps'] ) );
		$this->assertStringContainsString( 'core dump', implode( ' ', $incident['fix']['steps'] ) );
	}

	public function test_a_segfault_and_a_kill_two_seconds_apart_are_two_incidents(): void {
		$answer = $this->service( array( 'deaths-close' ) )->recent( 3600 );
		$this->assertSame( array( 'worker_killed', 'worker_segfault' ), array_column( $answer['incidents'], 'cause' ) );
		$this->assertSame( array( '/?triage_incident=sleep&seconds=20' ), $answer['incidents'][0]['urls'] );
		$this->assertSame( array( '/?triage_incident=crash' ), $answer['incidents'][1]['urls'] );
		// Each access-log line joins its own request's incident.
		$this->assertSame( array( 1, 1 ), array_column( $answer['incidents'], 'requests' ) );
		foreach ( $answer['incidents'] as $incident ) {
			$this->assertCount( 3, $incident['evidence'] );
		}
	}

	public function test_signal_9_is_a_kill_with_memory_advice(): void {
		$incident = $this->only( $this->service( array( 'sigkill' ) )->recent( 3600 ) );
		$this->assertSame( 'worker_killed', $incident['cause'] );
		$this->assertStringContainsString( 'out-of-memory', $incident['sentence'] );
		$this->assertStringContainsString( 'pm.max_children', implode( ' ', $incident['fix']['steps'] ) );
	}

	public function test_a_worker_death_nothing_explains_keeps_its_evidence_and_says_so(): void {
		$answer   = $this->service( array( 'worker-unknown' ) )->recent( 3600 );
		$incident = $this->only( $answer );
		$this->assertSame( 'unknown', $incident['cause'] );
		$this->assertSame( 'unknown', $incident['certainty'] );
		$this->assertStringContainsString( 'do not say why', $incident['sentence'] );
		$this->assertStringContainsString( '104: Connection reset by peer', $incident['evidence'][0]['lines'][0] );
		$this->assertStringContainsString( 'No PHP-FPM log is readable', implode( "\n", $answer['blind_spots'] ) );
	}

	public function test_memory_limit_fatal(): void {
		$incident = $this->only( $this->service( array( 'memory' ) )->recent( 3600 ) );
		$this->assertSame( 'memory_limit', $incident['cause'] );
		$this->assertStringContainsString( 'limit 128 MB', $incident['sentence'] );
		$this->assertSame( 'Triage incidents fixture', $incident['culprit']['name'] );
	}

	public function test_plugin_fatal_names_the_plugin(): void {
		$incident = $this->only( $this->service( array( 'plugin-fatal' ) )->recent( 3600 ) );
		$this->assertSame( 'plugin_fatal', $incident['cause'] );
		$this->assertSame( 'plugin', $incident['culprit']['type'] );
		$this->assertStringContainsString( 'the plugin Triage incidents fixture raised a fatal error', $incident['sentence'] );
		// The stack trace travels with its line.
		$this->assertStringContainsString( 'Stack trace:', $incident['evidence'][0]['lines'][0] );
	}

	public function test_theme_fatal_names_the_theme(): void {
		$incident = $this->only( $this->service( array( 'theme-fatal' ) )->recent( 3600 ) );
		$this->assertSame( 'theme_fatal', $incident['cause'] );
		$this->assertSame(
			array(
				'type' => 'theme',
				'slug' => 'brokentheme',
				'name' => 'Broken Theme',
				'file' => 'brokentheme/functions.php:12',
			),
			$incident['culprit']
		);
	}

	public function test_fatal_outside_plugins_and_themes_is_php_fatal_with_the_file(): void {
		$incident = $this->only( $this->service( array( 'php-fatal' ) )->recent( 3600 ) );
		$this->assertSame( 'php_fatal', $incident['cause'] );
		$this->assertSame( 'file', $incident['culprit']['type'] );
		$this->assertSame( '/srv/site/wp-config.php:99', $incident['culprit']['file'] );
	}

	public function test_header_too_big(): void {
		$incident = $this->only( $this->service( array( 'header' ) )->recent( 3600 ) );
		$this->assertSame( 'header_too_big', $incident['cause'] );
		$this->assertStringContainsString( 'fastcgi_buffer_size', implode( ' ', $incident['fix']['steps'] ) );
	}

	public function test_database_outage_is_one_dated_incident_from_shutdown_to_ready(): void {
		$incident = $this->only( $this->service( array( 'database' ) )->recent( 3600 ) );
		$this->assertSame( 'database_unreachable', $incident['cause'] );
		$this->assertSame( strtotime( '2026-12-02 00:31:55 UTC' ), $incident['start'] );
		$this->assertSame( strtotime( '2026-12-02 00:34:10 UTC' ), $incident['end'] );
		$this->assertSame( 2, $incident['requests'] );
		$this->assertStringContainsString( 'the database server was down', $incident['sentence'] );
		$this->assertCount( 2, $incident['evidence'] );
		$this->assertSame( array( 'database' ), Cause_Catalog::contradicts( 'database_unreachable' ) );
	}

	public function test_a_restart_after_a_crash_says_so(): void {
		$incident = $this->only( $this->service( array( 'database-crash' ) )->recent( 3600 ) );
		$this->assertSame( 'database_unreachable', $incident['cause'] );
		$this->assertSame( 'At 00:25:01: the database server had crashed (it started again with InnoDB crash recovery)', $incident['sentence'] );
	}

	public function test_external_time_out_names_host_and_plugin(): void {
		$incident = $this->only( $this->service( array( 'external' ) )->recent( 3600 ) );
		$this->assertSame( 'external_service', $incident['cause'] );
		$this->assertSame( 'warning', $incident['severity'] );
		$this->assertSame( 'shop-sync', $incident['culprit']['slug'] );
		$this->assertStringContainsString( 'calls to licence.example.com made by shop-sync timed out', $incident['sentence'] );
	}

	public function test_access_log_5xx_nothing_explains_is_unknown(): void {
		$incident = $this->only( $this->service( array( 'access-only' ) )->recent( 3600 ) );
		$this->assertSame( 'unknown', $incident['cause'] );
		$this->assertSame(
			array(
				array(
					'status' => 503,
					'count'  => 2,
				),
			),
			$incident['statuses']
		);
		$this->assertSame( array( '/api/' ), $incident['urls'] );
	}

	public function test_every_cause_has_a_title_a_fix_and_is_in_the_schema(): void {
		$this->assertSame( Cause_Catalog::CAUSES, Schemas::get( 'incidents/incident-cause' )['enum'] );
		foreach ( Cause_Catalog::CAUSES as $cause ) {
			$this->assertNotSame( '', Cause_Catalog::title( $cause ) );
			$this->assertNotSame( '', Cause_Catalog::clause( $cause, array() ) );
			$fix = Cause_Catalog::fix( $cause, array() );
			$this->assertNotSame( '', $fix['summary'], $cause );
		}
		$this->assertSame( array( 'fpm_pool' ), Cause_Catalog::contradicts( 'pool_saturated' ) );
		$this->assertSame( array( 'memory_limits', 'memory_usage' ), Cause_Catalog::contradicts( 'memory_limit' ) );
	}
}
