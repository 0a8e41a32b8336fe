<?php
/**
 * Deleting orphans and duplicates, releasing the lock, the fix commands, the spawn test.
 *
 * @package Triage
 */

use Triage\Cron\Cron_Events;
use Triage\Cron\Cron_Fix;
use Triage\Cron\Event_Remover;
use Triage\Cron\Spawn_Tester;

require_once __DIR__ . '/Cron_Test_Case.php';

/**
 * Cron actions.
 */
class Cron_Actions_Test extends Cron_Test_Case {

	/**
	 * An orphan is deleted; a healthy single event is refused.
	 */
	public function test_deletes_an_orphan_and_refuses_a_healthy_event() {
		add_action( 'triage_test_healthy', 'triage_test_acme_sync_function' );
		$this->set_events(
			array(
				array( self::NOW + 60, 'triage_test_orphan', array( 'a' ) ),
				array( self::NOW + 60, 'triage_test_healthy' ),
			)
		);
		$remover = new Event_Remover( $this->schedule() );
		$done    = $remover->remove( 'triage_test_orphan', self::NOW + 60, Cron_Events::key_of( array( 'a' ) ) );
		$this->assertSame( 'orphan', $done['reason'] );
		$this->assertNull( $this->schedule()->find( 'triage_test_orphan', self::NOW + 60, Cron_Events::key_of( array( 'a' ) ) ) );

		$refused = $remover->remove( 'triage_test_healthy', self::NOW + 60, Cron_Events::key_of( array() ) );
		$this->assertInstanceOf( WP_Error::class, $refused );
		$this->assertSame( 'triage_cron_event_in_use', $refused->get_error_code() );
		$this->assertNotNull( $this->schedule()->find( 'triage_test_healthy', self::NOW + 60, Cron_Events::key_of( array() ) ) );

		$gone = $remover->remove( 'triage_test_orphan', self::NOW + 60, Cron_Events::key_of( array( 'a' ) ) );
		$this->assertSame( 404, $gone->get_error_data()['status'] );
	}

	/**
	 * One copy of a duplicate is deleted, the other stays.
	 */
	public function test_deletes_one_duplicate() {
		add_action( 'triage_test_dup', 'triage_test_acme_sync_function' );
		$this->set_events(
			array(
				array( self::NOW - 60, 'triage_test_dup', array(), 'hourly', 3600 ),
				array( self::NOW + 600, 'triage_test_dup', array(), 'hourly', 3600 ),
			)
		);
		$done = ( new Event_Remover( $this->schedule() ) )->remove( 'triage_test_dup', self::NOW - 60, Cron_Events::key_of( array() ) );
		$this->assertSame( 'duplicate', $done['reason'] );
		$this->assertSame( 1, $done['remaining_copies'] );
		$this->assertSame( array( self::NOW + 600 ), array_column( $this->schedule()->page()['events'], 'timestamp' ) );
	}

	/**
	 * An event stored under a key that is not core's (hand-written) can still be deleted.
	 */
	public function test_deletes_an_event_with_a_foreign_key() {
		update_option(
			'cron',
			array(
				self::NOW => array(
					'triage_test_odd' => array(
						'not-an-md5' => array(
							'schedule' => false,
							'args'     => array( 1 ),
						),
					),
				),
				'version' => 2,
			)
		);
		$done = ( new Event_Remover( $this->schedule() ) )->remove( 'triage_test_odd', self::NOW, 'not-an-md5' );
		$this->assertTrue( $done['deleted'] );
		$this->assertSame( array( 'version' => 2 ), get_option( 'cron' ) );
	}

	/**
	 * An event whose time is stored as a numeric string (not core's integer key) can be deleted.
	 */
	public function test_deletes_an_event_under_a_string_time() {
		$key = Cron_Events::key_of( array() );
		update_option(
			'cron',
			array(
				'1795435200.5' => array(
					'triage_test_string_time' => array(
						$key => array(
							'schedule' => false,
							'args'     => array(),
						),
					),
				),
				'version'      => 2,
			)
		);
		$done = ( new Event_Remover( $this->schedule() ) )->remove( 'triage_test_string_time', self::NOW, $key );
		$this->assertTrue( $done['deleted'] );
		$this->assertSame( array( 'version' => 2 ), get_option( 'cron' ) );
	}

	/**
	 * A lock a run may still hold is released only when forced; a stuck one at once.
	 */
	public function test_releases_the_lock() {
		$this->assertFalse( $this->lock()->release()['released'], 'Nothing to release.' );
		set_transient( 'doing_cron', sprintf( '%.22F', self::NOW - 20 ) );
		$refused = $this->lock()->release();
		$this->assertSame( 'triage_cron_lock_held', $refused->get_error_code() );
		$this->assertNotFalse( get_transient( 'doing_cron' ) );
		$this->assertTrue( $this->lock()->release( true )['released'] );

		set_transient( 'doing_cron', sprintf( '%.22F', self::NOW - 7200 ) );
		$done = $this->lock()->release();
		$this->assertTrue( $done['released'] );
		$this->assertSame( 'stuck', $done['previous']['state'] );
		$this->assertFalse( get_transient( 'doing_cron' ) );
	}

	/**
	 * The fix names this site's folder and address, never a placeholder.
	 */
	public function test_fix_uses_the_real_path_and_address() {
		$fix = Cron_Fix::for_this_site()->commands();
		$this->assertSame( '*/5 * * * * curl -s -o /dev/null ' . site_url( 'wp-cron.php' ) . '?doing_wp_cron', $fix['curl'] );
		$this->assertSame( '*/5 * * * * cd ' . untrailingslashit( ABSPATH ) . ' && wp cron event run --due-now --quiet' . ( is_multisite() ? ' --url=' . site_url() : '' ), $fix['wp_cli'] );
		$this->assertStringNotContainsString( '/path/to', $fix['text'] );

		$odd = ( new Cron_Fix( "/srv/my site/it's/", 'https://example.com/blog', true ) )->commands();
		$this->assertSame( "*/5 * * * * cd '/srv/my site/it'\\''s' && wp cron event run --due-now --quiet --url=https://example.com/blog", $odd['wp_cli'] );
	}

	/**
	 * What an HTTP status or transport error says about the spawn.
	 *
	 * @return array<string, array{0: int|string, 1: string}>
	 */
	public function outcomes() {
		return array(
			'200'           => array( 200, 'ok' ),
			'basic auth'    => array( 401, 'auth' ),
			'firewall'      => array( 403, 'forbidden' ),
			'redirect'      => array( 302, 'redirect' ),
			'rate limited'  => array( 429, 'rate_limited' ),
			'502'           => array( 502, 'server_error' ),
			'curl time-out' => array( 'cURL error 28: Operation timed out after 10001 milliseconds with 0 bytes received', 'timeout' ),
			'curl tls'      => array( 'cURL error 60: SSL certificate problem: self-signed certificate', 'tls' ),
			'curl refused'  => array( 'cURL error 7: Failed to connect to example.org port 443: Connection refused', 'refused' ),
			'curl dns'      => array( 'cURL error 6: Could not resolve host: example.org', 'dns' ),
			'blocked by WP' => array( 'User has blocked requests through HTTP.', 'blocked' ),
			'anything else' => array( 'Something odd', 'error' ),
		);
	}

	/**
	 * The spawn test's verdict for each answer, through the real request path (pre_http_request stands
	 * in for the network) and core's https_local_ssl_verify.
	 *
	 * @dataProvider outcomes
	 *
	 * @param int|string $answer  Status, or a transport error message.
	 * @param string     $outcome Expected outcome.
	 */
	public function test_spawn_outcomes( $answer, $outcome ) {
		$sent = null;
		add_filter( 'https_local_ssl_verify', '__return_true' );
		add_filter(
			'pre_http_request',
			static function ( $pre, $args, $url ) use ( $answer, &$sent ) {
				$sent = array( $url, $args );
				if ( is_string( $answer ) ) {
					return new WP_Error( 'http_request_failed', $answer );
				}
				return array(
					'headers'  => array( 'server' => 'nginx' ),
					'body'     => '',
					'response' => array(
						'code'    => $answer,
						'message' => 'Status',
					),
					'cookies'  => array(),
				);
			},
			10,
			3
		);
		$result = ( new Spawn_Tester() )->test( 3 );
		$this->assertSame( $outcome, $result['outcome'] );
		$this->assertSame( 'ok' === $outcome, $result['ok'] );
		$this->assertStringStartsWith( site_url( 'wp-cron.php' ) . '?doing_wp_cron=triage-spawn-test', $sent[0] );
		$this->assertTrue( $sent[1]['sslverify'] );
		$this->assertTrue( $sent[1]['blocking'] );
		$this->assertSame( 3, $sent[1]['timeout'] );
		$this->assertSame( 0, $sent[1]['redirection'] );
	}
}
