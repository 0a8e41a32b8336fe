<?php
/**
 * The time-limits and pool checks over a discovered stack: the block serving the site, "unknown" where a
 * counter cannot move or the config in use cannot be read, and safe numbers.
 *
 * @package Triage
 */

use Triage\Health\Check_Context;
use Triage\Health\Checks\Fpm_Pool_Check;
use Triage\Health\Checks\Time_Limits_Check;
use Triage\Health\Runtime;
use Triage\Health\Server_Config;
use Triage\Health\System_Files;

require_once __DIR__ . '/Stack_Test_Case.php';

/**
 * Checks fed by Stack_Discovery.
 */
class Stack_Checks_Test extends Health_Test_Case {

	/**
	 * $_SERVER['SERVER_PORT'] before the test.
	 *
	 * @var string|null
	 */
	private $port;

	/**
	 * Copies to remove.
	 *
	 * @var string[]
	 */
	private $copies = array();

	/**
	 * Warnings raised.
	 *
	 * @var string[]
	 */
	private $raised = array();

	protected function set_up() {
		parent::set_up();
		$this->port = isset( $_SERVER['SERVER_PORT'] ) ? $_SERVER['SERVER_PORT'] : null;
		set_error_handler( // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_set_error_handler -- any warning fails the test.
			function ( $errno, $message, $file, $line ) {
				$this->raised[] = $message . ' at ' . $file . ':' . $line;
				return true;
			}
		);
	}

	protected function tear_down() {
		restore_error_handler();
		if ( null === $this->port ) {
			unset( $_SERVER['SERVER_PORT'] );
		} else {
			$_SERVER['SERVER_PORT'] = $this->port;
		}
		foreach ( $this->copies as $copy ) {
			exec( 'rm -rf ' . escapeshellarg( $copy ) ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.system_calls_exec -- removes a private temporary copy.
		}
		$this->assertSame( array(), $this->raised, 'No PHP warning anywhere.' );
		parent::tear_down();
	}

	/**
	 * Makes WordPress look served at a host and port.
	 *
	 * @param string $host Host.
	 * @param int    $port Port.
	 * @return void
	 */
	private function serve_at( $host, $port ) {
		update_option( 'home', 'http://' . $host . ( 80 === $port ? '' : ':' . $port ) );
		$_SERVER['SERVER_PORT'] = (string) $port;
	}

	/**
	 * A stack fixture's path, or a private copy of it.
	 *
	 * @param string $name Fixture.
	 * @param bool   $copy Whether to copy.
	 * @return string
	 */
	private function tree( $name, $copy = false ) {
		$source = dirname( __DIR__ ) . '/fixtures/stack/' . $name;
		if ( ! $copy ) {
			return $source;
		}
		$target = get_temp_dir() . 'triage-stack-checks-' . wp_generate_password( 8, false );
		exec( 'cp -a ' . escapeshellarg( $source ) . ' ' . escapeshellarg( $target ) ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.system_calls_exec -- a private temporary copy.
		$this->copies[] = $target;
		return $target;
	}

	/**
	 * A context over a stack tree.
	 *
	 * @param string $root      Root.
	 * @param array  $overrides Runtime overrides.
	 * @return Check_Context
	 */
	private function stack_context( $root, array $overrides ) {
		return new Check_Context(
			new Runtime(
				$overrides + array(
					'time' => static function () {
						return self::NOW;
					},
				)
			),
			new System_Files( $root ),
			static function () {
				return array();
			}
		);
	}

	/**
	 * PHP-FPM runtime with a status and time limits.
	 *
	 * @param array $status             fpm_get_status() fields to replace.
	 * @param int   $max_execution_time max_execution_time.
	 * @return array
	 */
	private function runtime( array $status, $max_execution_time = 30 ) {
		return $this->fpm_runtime( $this->fpm_status( $status ) ) + array(
			'ini_get' => static function ( $name ) use ( $max_execution_time ) {
				return 'max_execution_time' === $name ? (string) $max_execution_time : '-1';
			},
		);
	}

	public function test_time_limits_come_from_the_block_serving_the_site_of_the_running_nginx() {
		$this->serve_at( 'site.test', 8080 );
		$result = $this->run_check( new Time_Limits_Check(), $this->stack_context( $this->tree( 'nginx-lab' ), $this->runtime( array( 'pool' => 'tiny' ) ) ) );
		$this->assertSame( '30 s', $this->evidence( $result, 'fastcgi_read_timeout' ), 'The http level\'s 30 s, not the other block\'s 5 s or the unused /etc/nginx 300 s.' );
		$this->assertSame( '2 min', $this->evidence( $result, 'request_terminate_timeout' ) );
		$read = $this->evidence( $result, 'Web server settings read from' );
		$this->assertStringContainsString( 'the server block at /srv/lab/etc/nginx/conf.d/b-site.conf line 4 (listen 127.0.0.1:8080, server_name site.test www.site.test), which serves this site', $read );
		$this->assertStringContainsString( 'nginx started with -c /srv/lab/etc/nginx/nginx.conf', $read );
		$this->assertNotContains( '/etc/nginx/nginx.conf', explode( ', ', $this->evidence( $result, 'nginx files read' ) ) );
		$this->assertStringContainsString( 'pool tiny in /srv/lab/etc/php/fpm/pool.d/tiny.conf', $this->evidence( $result, 'PHP-FPM settings read from' ) );

		// terminate 2 min ≫ nginx 30 s: a waiting request outlives nginx.
		$this->assertSame( 'warning', $result['status'] );
		$this->assertStringContainsString( 'PHP-FPM lets a request run 2 min', $result['title'] );
		$this->assertStringContainsString( 'max_execution_time counts only the script\'s own CPU time', $result['why'] );
		// Never below 30 s: nginx's 30 s is raised instead.
		$this->assertStringContainsString( 'max_execution_time = 30 ', $result['fix'] );
		$this->assertStringContainsString( 'raise fastcgi_read_timeout to 35s in the server block (/srv/lab/etc/nginx/conf.d/b-site.conf line 4)', $result['fix'] );
		$this->assertStringContainsString( 'request_terminate_timeout = 40s', $result['fix'] );
	}

	public function test_an_unreadable_running_config_is_unknown_not_another_file() {
		$root = $this->tree( 'nginx-lab', true );
		unlink( $root . '/srv/lab/etc/nginx/nginx.conf' );
		$this->serve_at( 'site.test', 8080 );
		$result = $this->run_check( new Time_Limits_Check(), $this->stack_context( $root, $this->runtime( array( 'pool' => 'tiny' ) ) ) );
		$this->assertSame( 'unknown', $result['status'] );
		$this->assertStringContainsString( 'nginx runs from /srv/lab/etc/nginx/nginx.conf (pid 100), which PHP cannot read', $result['reason'] );
		$this->assertNull( $this->evidence( $result, 'nginx files read' ), 'The unused /etc/nginx/nginx.conf is not read in its place.' );
	}

	public function test_an_unreadable_running_pool_config_is_never_good() {
		$root = $this->tree( 'nginx-lab', true );
		unlink( $root . '/srv/lab/etc/php/fpm/php-fpm.conf' );
		$this->serve_at( 'site.test', 8080 );
		// max_execution_time 20 s < nginx 30 s would be "good" if the pool's limit were known.
		$result = $this->run_check( new Time_Limits_Check(), $this->stack_context( $root, $this->runtime( array( 'pool' => 'tiny' ), 20 ) ) );
		$this->assertSame( 'unknown', $result['status'] );
		$this->assertStringContainsString( 'PHP-FPM runs from /srv/lab/etc/php/fpm/php-fpm.conf (pid 200), which PHP cannot read', $result['reason'] );
		$this->assertSame( 'unknown', $this->evidence( $result, 'request_terminate_timeout' ) );
	}

	public function test_nginx_default_of_60_seconds_from_the_usual_config_when_proc_is_hidden() {
		$this->serve_at( 'hidden.test', 80 );
		$result = $this->run_check( new Time_Limits_Check(), $this->stack_context( $this->tree( 'hidden' ), $this->runtime( array( 'pool' => 'www' ) ) ) );
		$this->assertSame( 'not set (nginx\'s default: 60 s)', $this->evidence( $result, 'fastcgi_read_timeout' ) );
		$this->assertStringContainsString( 'no running nginx master visible in /proc', $this->evidence( $result, 'Web server settings read from' ) );
		$this->assertSame( '0 (off)', $this->evidence( $result, 'request_terminate_timeout' ) );
		$this->assertSame( 'warning', $result['status'] );
		$this->assertSame( 'nginx gives up after 60 s, but nothing stops a PHP request that waits: slow requests end as 504 and keep running', $result['title'] );
		$this->assertStringContainsString( 'request_terminate_timeout = 65s', $result['fix'] );
		$this->assertStringContainsString( 'max_execution_time = 55', $result['fix'] );
	}

	public function test_apache_virtual_host_timeout() {
		$this->serve_at( 'blog.test', 80 );
		$result = $this->run_check( new Time_Limits_Check(), $this->stack_context( $this->tree( 'apache' ), $this->runtime( array( 'pool' => 'www' ) ) ) );
		$this->assertSame( '90 s', $this->evidence( $result, 'ProxyTimeout' ), 'ProxyTimeout of the virtual host, not Timeout 300.' );
		$this->assertStringContainsString( '/etc/apache2/sites-enabled/blog.conf', $this->evidence( $result, 'Apache files read' ) );
		$this->assertStringStartsWith( 'Apache gives up after 90 s', $result['title'] );
	}

	public function test_static_pool_at_its_size_is_saturated_and_its_dead_counters_are_unknown() {
		$this->serve_at( 'site.test', 8080 );
		$status = array(
			'pool'                 => 'tiny',
			'process-manager'      => 'static',
			'idle-processes'       => 1,
			'active-processes'     => 0,
			'total-processes'      => 1,
			'max-active-processes' => 1,
		);
		$result = $this->run_check( new Fpm_Pool_Check(), $this->stack_context( $this->tree( 'nginx-lab' ), $this->runtime( $status ) ) );
		$this->assertSame( 'warning', $result['status'] );
		$this->assertSame( 'Every PHP-FPM worker was busy at once since it started (pm.max_children = 1)', $result['title'] );
		$this->assertStringContainsString( 'Under pm = static', $result['why'] );
		$this->assertSame( 'unknown — never moves under pm = static (reads 0)', $this->evidence( $result, 'max-children-reached' ) );
		$this->assertSame( 'unknown — never measured on a unix socket (reads 0)', $this->evidence( $result, 'Listen queue' ) );
		$this->assertStringStartsWith( 'pool tiny in /srv/lab/etc/php/fpm/pool.d/tiny.conf, which serves this site; PHP-FPM master started with /srv/lab/etc/php/fpm/php-fpm.conf (pid 200)', $this->evidence( $result, 'PHP-FPM settings read from' ) );
	}

	public function test_static_pool_below_its_size_is_good_from_max_active_processes() {
		$root = $this->tree( 'nginx-lab', true );
		file_put_contents( $root . '/srv/lab/etc/php/fpm/pool.d/tiny.conf', str_replace( 'pm.max_children = 1', 'pm.max_children = 4', file_get_contents( $root . '/srv/lab/etc/php/fpm/pool.d/tiny.conf' ) ) );
		$this->serve_at( 'site.test', 8080 );
		$status = array(
			'pool'                 => 'tiny',
			'process-manager'      => 'static',
			'max-active-processes' => 2,
		);
		$result = $this->run_check( new Fpm_Pool_Check(), $this->stack_context( $root, $this->runtime( $status ) ) );
		$this->assertSame( 'good', $result['status'] );
		$this->assertSame( 'The PHP-FPM pool never had every worker busy since it started (at most 2 of 4)', $result['title'] );
	}

	public function test_static_pool_of_unknown_size_is_unknown_not_good() {
		$root = $this->tree( 'nginx-lab', true );
		unlink( $root . '/srv/lab/etc/php/fpm/pool.d/tiny.conf' );
		$this->serve_at( 'site.test', 8080 );
		$status = array(
			'pool'            => 'tiny',
			'process-manager' => 'static',
		);
		$result = $this->run_check( new Fpm_Pool_Check(), $this->stack_context( $root, $this->runtime( $status ) ) );
		$this->assertSame( 'unknown', $result['status'] );
		$this->assertStringContainsString( 'never counts max-children-reached', $result['reason'] );
	}

	public function test_pool_size_advice_from_worker_resident_memory_capped_by_cpus() {
		$this->serve_at( 'site.test', 8080 );
		$procs  = array(
			array(
				'pid'                 => 201,
				'last-request-memory' => 2097152,
			),
			array(
				'pid'                 => 202,
				'last-request-memory' => 2097152,
			),
		);
		$status = array(
			'pool'             => 'www',
			'procs'            => $procs,
			'idle-processes'   => 2,
			'active-processes' => 0,
			'total-processes'  => 2,
		);
		$result = $this->run_check( new Fpm_Pool_Check(), $this->stack_context( $this->tree( 'nginx-lab' ), $this->runtime( $status ) ) );
		// VmRSS 40 MB each (not the 2 MB of the last request); (1 GB + 2 × 40 MB − 20% of 2 GB) ÷ 40 MB = 17; 2 CPUs × 4 = 8.
		$this->assertSame( '40 MB on average, 40 MB at most', $this->evidence( $result, 'Resident memory per worker (VmRSS)' ) );
		$this->assertSame( '(1.1 GB available − 410 MB reserve) ÷ 40 MB per worker (resident size) = 17; 2 CPUs × 4 = 8; the smaller: 8', $this->evidence( $result, 'Recommended pm.max_children' ) );
	}

	public function test_server_config_reads_the_stack_it_is_given() {
		$config = Server_Config::read( new System_Files( $this->tree( 'hidden' ) ), 'www' );
		$this->assertSame( 'www', $config->fpm_pool['pool'] );
		$this->assertSame( '/etc/php/8.2/fpm/pool.d/www.conf', $config->fpm_pool['file'] );
		$this->assertSame( '5', $config->pool_setting( 'pm.max_children' ) );
		$this->assertSame( 'fallback', $config->stack->found_from() );
	}
}
