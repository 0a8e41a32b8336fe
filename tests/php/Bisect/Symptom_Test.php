<?php
/**
 * Symptom validation and verdicts.
 *
 * @package Triage
 */

use Triage\Bisect\Symptom;

/**
 * Probes may only target this site; each failure test trips on its own.
 */
class Symptom_Test extends WP_UnitTestCase {

	const BASES = array( 'http://example.org/', 'http://example.org/wp/' );

	/**
	 * A probe result.
	 *
	 * @param array $fields Fields to change.
	 * @return array
	 */
	private function result( array $fields = array() ) {
		return $fields + array(
			'status'      => 200,
			'time'        => 0.2,
			'error'       => null,
			'fatal'       => null,
			'peak_memory' => 10 * 1048576,
			'accepted'    => true,
			'reported'    => true,
			'log'         => array(),
		);
	}

	/**
	 * An error the probed request itself raised, as Probe_Runner lists it.
	 *
	 * @param string $level Level.
	 * @return array
	 */
	private function entry( $level ) {
		return array(
			'level'   => $level,
			'message' => 'Uncaught Error: Call to undefined function f()',
			'file'    => 'wp-content/plugins/gamma/gamma.php',
			'line'    => 3,
			'plugin'  => 'gamma',
			'theme'   => null,
		);
	}

	public function test_only_this_sites_urls_are_accepted() {
		$own = array( 'http://example.org/', 'http://example.org/shop/?a=1', 'http://EXAMPLE.org:80/wp-admin/', 'http://example.org/wp/wp-login.php' );
		foreach ( $own as $url ) {
			$this->assertTrue( Symptom::is_own_url( $url, self::BASES ), $url );
		}
		$foreign = array( 'http://evil.example/', 'https://example.org/', 'http://example.org:8080/', 'http://user:pass@example.org/', 'ftp://example.org/', '//example.org/', 'http://example.org.evil.example/', 'http://127.0.0.1/', 'javascript:alert(1)', 'http://example.org\\@evil.example/' );
		foreach ( $foreign as $url ) {
			$this->assertFalse( Symptom::is_own_url( $url, self::BASES ), $url );
		}
	}

	public function test_a_site_in_a_folder_may_only_probe_inside_it() {
		$bases = array( 'http://example.org/blog/' );
		foreach ( array( 'http://example.org/blog/', 'http://example.org/blog', 'http://example.org/blog/wp-admin/?x=../y' ) as $url ) {
			$this->assertTrue( Symptom::is_own_url( $url, $bases ), $url );
		}
		foreach ( array( 'http://example.org/', 'http://example.org/phpmyadmin/', 'http://example.org/blogger/', 'http://example.org/blog/../phpmyadmin/', 'http://example.org/blog/%2e%2e/phpmyadmin/', 'http://example.org/blog/..%2fphpmyadmin' ) as $url ) {
			$this->assertFalse( Symptom::is_own_url( $url, $bases ), $url );
		}
	}

	public function test_a_foreign_url_is_refused_and_a_path_is_resolved_on_the_site() {
		$refused = Symptom::from_array(
			array(
				'url'   => 'http://evil.example/',
				'tests' => array( 'status' => true ),
			),
			self::BASES
		);
		$this->assertInstanceOf( WP_Error::class, $refused );
		$this->assertSame( 'triage_bisect_foreign_url', $refused->get_error_code() );
		$symptom = Symptom::from_array(
			array(
				'url'   => '/wp-admin/',
				'tests' => array( 'status' => true ),
			),
			self::BASES
		);
		$this->assertSame( 'http://example.org/wp-admin/', $symptom->url() );
	}

	public function test_at_least_one_test_and_a_known_method_are_needed() {
		$this->assertSame( 'triage_bisect_no_test', Symptom::from_array( array( 'tests' => array() ), self::BASES )->get_error_code() );
		$this->assertSame(
			'triage_bisect_method',
			Symptom::from_array(
				array(
					'method' => 'DELETE',
					'tests'  => array( 'status' => true ),
				),
				self::BASES
			)->get_error_code()
		);
	}

	public function test_each_test_trips_on_its_own() {
		$symptom = Symptom::from_array(
			array(
				'tests' => array(
					'status'         => true,
					'fatal'          => true,
					'slower_than'    => 3,
					'contains'       => 'critical error',
					'lacks'          => '</html>',
					'memory_over_mb' => 64,
				),
			),
			self::BASES
		);
		$this->assertSame( array(), $symptom->failed_tests( $this->result(), '<html>fine</html>' ) );
		$this->assertSame( array( 'status' ), $symptom->failed_tests( $this->result( array( 'status' => 502 ) ), '</html>' ) );
		$this->assertSame( array( 'fatal' ), $symptom->failed_tests( $this->result( array( 'fatal' => array( 'message' => 'x' ) ) ), '</html>' ) );
		$this->assertSame( array( 'fatal' ), $symptom->failed_tests( $this->result( array( 'log' => array( $this->entry( 'fatal' ) ) ) ), '</html>' ) );
		// The request's own warnings are evidence, not a failure.
		$this->assertSame( array(), $symptom->failed_tests( $this->result( array( 'log' => array( $this->entry( 'warning' ), $this->entry( 'deprecated' ) ) ) ), '</html>' ) );
		// A worker that died without its report answered 502 through the web server: a crash.
		$this->assertSame(
			array( 'status', 'fatal' ),
			$symptom->failed_tests(
				$this->result(
					array(
						'status'   => 502,
						'reported' => false,
					)
				),
				'</html>'
			)
		);
		$this->assertSame( array( 'time' ), $symptom->failed_tests( $this->result( array( 'time' => 3.5 ) ), '</html>' ) );
		$this->assertSame( array( 'contains' ), $symptom->failed_tests( $this->result(), 'There has been a critical error </html>' ) );
		$this->assertSame( array( 'lacks' ), $symptom->failed_tests( $this->result(), '<html>cut off' ) );
		$this->assertSame( array( 'memory' ), $symptom->failed_tests( $this->result( array( 'peak_memory' => 65 * 1048576 ) ), '</html>' ) );
		$this->assertSame(
			array( 'no-answer', 'time' ),
			$symptom->failed_tests(
				$this->result(
					array(
						'status' => null,
						'time'   => 4.0,
						'error'  => 'cURL error 28: Operation timed out',
					)
				),
				''
			)
		);
	}

	public function test_a_probe_waits_well_past_the_time_test_so_a_slow_answer_is_measured() {
		$symptom = Symptom::from_array(
			array(
				'timeout' => 30,
				'tests'   => array( 'slower_than' => 3 ),
			),
			self::BASES
		);
		$this->assertSame( 30.0, $symptom->timeout() );
		$short = Symptom::from_array(
			array(
				'timeout' => 2,
				'tests'   => array( 'slower_than' => 3 ),
			),
			self::BASES
		);
		// An answer after 4.07 s with a limit of 3 s is measured, not cut off at 4 s as "no answer".
		$this->assertSame( 3.0 + Symptom::SLOW_MARGIN, $short->timeout() );
		$this->assertSame( array( 'time' ), $short->failed_tests( $this->result( array( 'time' => 4.07 ) ), '' ) );
		$this->assertSame(
			30.0,
			Symptom::from_array(
				array(
					'timeout' => 30,
					'tests'   => array( 'status' => true ),
				),
				self::BASES
			)->timeout()
		);
		$this->assertSame(
			60.0,
			Symptom::from_array(
				array(
					'timeout' => 900,
					'tests'   => array( 'status' => true ),
				),
				self::BASES
			)->timeout()
		);
	}

	public function test_a_json_body_is_sent_as_json() {
		$json = Symptom::from_array(
			array(
				'method' => 'POST',
				'body'   => '{"a":1}',
				'tests'  => array( 'status' => true ),
			),
			self::BASES
		);
		$form = Symptom::from_array(
			array(
				'method' => 'POST',
				'body'   => 'a=1&b=2',
				'tests'  => array( 'status' => true ),
			),
			self::BASES
		);
		$this->assertSame( 'application/json', $json->content_type() );
		$this->assertSame( 'application/x-www-form-urlencoded', $form->content_type() );
		$this->assertSame(
			'',
			Symptom::from_array(
				array(
					'body'  => 'x=1',
					'tests' => array( 'status' => true ),
				),
				self::BASES
			)->body(),
			'GET sends no body.'
		);
	}
}
