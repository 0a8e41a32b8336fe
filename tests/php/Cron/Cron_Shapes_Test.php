<?php
/**
 * The services' results match the REST schemas (includes/REST/schemas/cron and maintenance).
 *
 * @package Triage
 */

use Triage\Cron\Cron_Events;
use Triage\Cron\Cron_Fix;
use Triage\Cron\Cron_Heartbeat;
use Triage\Cron\Cron_Verdict;
use Triage\Cron\Event_Remover;
use Triage\Cron\Event_Runner;
use Triage\Cron\Spawn_Tester;
use Triage\Maintenance\Maintenance_Clearer;
use Triage\Maintenance\Maintenance_State;
use Triage\REST\Schemas;

require_once __DIR__ . '/Cron_Test_Case.php';

/**
 * Shapes.
 */
class Cron_Shapes_Test extends Cron_Test_Case {

	/**
	 * Asserts a value matches a REST schema.
	 *
	 * @param mixed  $value Value.
	 * @param string $name  Schema.
	 * @return void
	 */
	private function assertShape( $value, $name ) { // phpcs:ignore WordPress.NamingConventions.ValidFunctionName.MethodNameInvalid -- PHPUnit's naming.
		$this->assertSame( '', $this->schema_errors( $value, $name ), $name );
	}

	/**
	 * Every schema is valid JSON, has a title, and its refs resolve.
	 */
	public function test_schemas_load() {
		foreach ( array_merge( glob( TRIAGE_TESTS_ROOT . '/includes/REST/schemas/cron/*.json' ), glob( TRIAGE_TESTS_ROOT . '/includes/REST/schemas/maintenance/*.json' ) ) as $file ) {
			$name   = basename( dirname( $file ) ) . '/' . basename( $file, '.json' );
			$schema = Schemas::get( $name );
			$this->assertArrayHasKey( 'title', $schema, $name );
			$this->assertStringNotContainsString( '"$ref"', wp_json_encode( $schema ), $name );
		}
	}

	/**
	 * A schedule with every kind of event, a damaged option and a held lock.
	 */
	public function test_schedule_shapes() {
		add_action( 'triage_test_live', 'triage_test_acme_sync_function' );
		add_action( 'triage_test_live', static function () {} );
		$this->set_events(
			array(
				array( self::NOW - 60, 'triage_test_live', array( 1, array( 'a' => 'b' ) ), 'hourly', 3600 ),
				array( self::NOW + 60, 'triage_test_live', array( 1, array( 'a' => 'b' ) ), 'hourly', 3600 ),
				array( self::NOW + 60, 'triage_test_orphan', array(), 'triage_unknown', 30 ),
			)
		);
		set_transient( 'doing_cron', sprintf( '%.22F', self::NOW - 5 ) );
		$page = $this->schedule()->page();
		$this->assertShape( $page, 'cron/cron-schedule' );
		$page['events'][0]['extra'] = 1;
		$this->assertNotSame( '', $this->schema_errors( $page, 'cron/cron-schedule' ), 'The schemas are strict.' );

		update_option(
			'cron',
			array(
				'x'       => 1,
				self::NOW => array( 'h' => array( 'k' => array( 'args' => 'bad' ) ) ),
			)
		);
		$this->assertShape( $this->schedule()->page(), 'cron/cron-schedule' );
		update_option( 'cron', 'garbage' );
		$this->assertShape( $this->schedule()->page(), 'cron/cron-schedule' );
	}

	/**
	 * Heartbeat verdicts, with and without beats.
	 */
	public function test_heartbeat_shapes() {
		$this->assertShape( ( new Cron_Heartbeat() )->verdict(), 'cron/cron-heartbeat' );
		$beats = array();
		foreach ( array( 'system', 'loopback', 'wp-cli' ) as $i => $source ) {
			$beats[] = array(
				'at'         => self::NOW - 900 + 300 * $i,
				'lag'        => 12,
				'source'     => $source,
				'user_agent' => 'curl/8',
				'remote'     => '127.0.0.1',
			);
		}
		$verdict = ( new Cron_Verdict() )->judge(
			array(
				'installed' => self::NOW - 1000,
				'beats'     => $beats,
			),
			self::NOW,
			true,
			false,
			self::NOW + 60
		);
		$this->assertShape( $verdict, 'cron/cron-heartbeat' );
	}

	/**
	 * Run results, deletion, lock release, the fix and the spawn test.
	 */
	public function test_action_shapes() {
		add_action(
			'triage_test_shape_run',
			static function () {
				echo 'out';
				throw new RuntimeException( 'boom' );
			}
		);
		$this->set_events(
			array(
				array( self::NOW - 30, 'triage_test_shape_run' ),
				array( self::NOW - 30, 'triage_test_shape_orphan' ),
			)
		);
		$run = ( new Event_Runner( $this->schedule(), $this->lock() ) )->run( 'triage_test_shape_run', self::NOW - 30, Cron_Events::key_of( array() ) );
		$this->assertShape( $run, 'cron/cron-run' );
		$this->assertShape( ( new Event_Remover( $this->schedule() ) )->remove( 'triage_test_shape_orphan', self::NOW - 30, Cron_Events::key_of( array() ) ), 'cron/cron-delete' );
		set_transient( 'doing_cron', sprintf( '%.22F', self::NOW - 5000 ) );
		$this->assertShape( $this->lock()->release(), 'cron/cron-lock-release' );
		$this->assertShape( Cron_Fix::for_this_site()->commands(), 'cron/cron-fix' );

		add_filter(
			'pre_http_request',
			static function () {
				return new WP_Error( 'http_request_failed', 'cURL error 28: timed out' );
			}
		);
		$this->assertShape( ( new Spawn_Tester() )->test( 1 ), 'cron/cron-spawn-test' );
		$this->assertSame(
			'',
			$this->schema_errors(
				array(
					'hook'      => 'h',
					'timestamp' => 1,
					'key'       => 'k',
					'force'     => true,
				),
				'cron/cron-run-request'
			)
		);
		$this->assertNotSame(
			'',
			$this->schema_errors(
				array(
					'hook'      => 'h',
					'timestamp' => 1,
				),
				'cron/cron-run-request'
			),
			'key is required'
		);
	}

	/**
	 * Maintenance state and clear.
	 */
	public function test_maintenance_shapes() {
		$root = get_temp_dir() . 'triage-shape-' . getmypid();
		mkdir( $root . '/wp-content/upgrade/leftover', 0777, true );
		file_put_contents( $root . '/.maintenance', '<?php $upgrading = ' . ( time() - 3600 ) . '; ?>' );
		update_option( 'core_updater.lock', time() - 7200 );
		$state = new Maintenance_State( $root, $root . '/wp-content' );
		$this->assertShape( $state->read(), 'maintenance/maintenance-state' );
		$this->assertShape( ( new Maintenance_Clearer( $state ) )->clear(), 'maintenance/maintenance-clear' );
		$this->assertShape( $state->read(), 'maintenance/maintenance-state' );
		rmdir( $root . '/wp-content/upgrade/leftover' );
		rmdir( $root . '/wp-content/upgrade' );
		rmdir( $root . '/wp-content' );
		rmdir( $root );
	}
}
