<?php
/**
 * GET /triage/v1/incidents
 *
 * @package Triage
 */

use Triage\Logs\Log_Sources;

require_once dirname( __DIR__ ) . '/Logs/Log_Fixtures.php';

/**
 * The route through the real REST server and the plugin's own services: refusals, arguments, shape.
 */
class Incidents_Controller_Test extends Triage_REST_TestCase {

	public function test_refuses_visitors_and_subscribers(): void {
		wp_set_current_user( 0 );
		$this->assert_error_response( 401, 'rest_forbidden', $this->dispatch( 'GET', '/triage/v1/incidents' ) );
		wp_set_current_user( self::factory()->user->create( array( 'role' => 'subscriber' ) ) );
		$this->assert_error_response( 403, 'rest_forbidden', $this->dispatch( 'GET', '/triage/v1/incidents' ) );
	}

	/**
	 * @dataProvider bad_arguments
	 *
	 * @param array<string, mixed> $params Parameters.
	 */
	public function test_refuses_bad_arguments( array $params ): void {
		$this->log_in_as_site_owner();
		$this->assert_error_response( 400, 'rest_invalid_param', $this->dispatch( 'GET', '/triage/v1/incidents', $params ) );
	}

	/**
	 * Windows other than the three offered, pages below 1, more than 100 per page, unknown parameters.
	 *
	 * @return array<string, array{0: array<string, mixed>}>
	 */
	public function bad_arguments(): array {
		return array(
			'window'   => array( array( 'window' => 60 ) ),
			'page'     => array( array( 'page' => 0 ) ),
			'per_page' => array( array( 'per_page' => 101 ) ),
			'unknown'  => array( array( 'since' => '1h' ) ),
		);
	}

	public function test_answers_the_incidents_of_the_logs_in_the_schemas_shape(): void {
		$this->log_in_as_site_owner();
		$now  = time();
		$line = ' [error] 4021#4021: *%d connect() to unix:/run/php/php8.2-fpm.sock failed (2: No such file or directory) while connecting to upstream, client: 127.0.0.1, server: rest.test, request: "GET /x HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "rest.test"' . "\n";
		$log  = '';
		foreach ( array( 2 * DAY_IN_SECONDS, 120, 119 ) as $i => $ago ) {
			// nginx writes the servers' local time; the test machine's zone is what Triage reads.
			$log .= ( new DateTime( '@' . ( $now - $ago ) ) )->setTimezone( \Triage\Incidents\Log_Clock::server_zone() )->format( 'Y/m/d H:i:s' ) . sprintf( $line, $i );
		}
		$path = Log_Fixtures::write( 'nginx-error.log', $log );
		update_option( Log_Sources::OPTION, array( $path ) );

		$id       = Log_Sources::custom_id( $path );
		$response = $this->dispatch(
			'GET',
			'/triage/v1/incidents',
			array(
				'window'   => 3600,
				'per_page' => 100,
			)
		);
		$this->assertSame( 200, $response->get_status() );
		$data = $response->get_data();
		$this->assert_matches_schema( $this->route_schema( '/triage/v1/incidents' ), $data );
		$this->assertSame( 3600, $data['window'] );
		$this->assertContains( $id, array_column( $data['sources'], 'id' ) );
		$ours = $this->from_source( $data['incidents'], $id );
		$this->assertCount( 1, $ours );
		$this->assertSame( 'fpm_stopped', $ours[0]['cause'] );
		$this->assertSame( 2, $ours[0]['requests'] );

		$week = $this->dispatch( 'GET', '/triage/v1/incidents', array( 'window' => 604800 ) )->get_data();
		$this->assertSame( 20, $week['per_page'] );
		$this->assertCount( 2, $this->from_source( $week['incidents'], $id ) );
		$ends   = array_column( $week['incidents'], 'end' );
		$sorted = $ends;
		rsort( $sorted );
		$this->assertSame( $sorted, $ends, 'Newest first.' );
	}

	/**
	 * The incidents whose evidence comes from one source (the machine may run a lab whose logs Triage finds too).
	 *
	 * @param array<int, array<string, mixed>> $incidents Incidents.
	 * @param string                           $id        Source id.
	 * @return array<int, array<string, mixed>>
	 */
	private function from_source( array $incidents, string $id ): array {
		return array_values(
			array_filter(
				$incidents,
				static function ( array $incident ) use ( $id ): bool {
					return in_array( $id, array_column( $incident['evidence'], 'source' ), true );
				}
			)
		);
	}
}
