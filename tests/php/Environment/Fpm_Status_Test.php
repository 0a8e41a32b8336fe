<?php
/**
 * The per-request memo of fpm_get_status().
 *
 * @package Triage
 */

use Triage\Environment\Fpm_Status;
use Triage\Health\Check_Context;
use Triage\Health\Runtime;
use Triage\Health\System_Files;
use Triage\Incidents\Incident_Service;
use Triage\Incidents\Stack\Stack_Discovery;

require_once dirname( __DIR__ ) . '/Incidents/Stack/Stack_Test_Case.php';

/**
 * PHP-FPM 8.2 crashes workers when one request calls fpm_get_status() many times while a dynamic pool
 * spawns children: every reader in Triage shares one call per request.
 */
class Fpm_Status_Test extends Stack_Test_Case {

	/**
	 * Calls of the stand-in fpm_get_status().
	 *
	 * @var int
	 */
	private $calls = 0;

	public function set_up(): void {
		parent::set_up();
		$this->calls = 0;
		Fpm_Status::reset(
			function () {
				++$this->calls;
				return array(
					'pool'            => 'www',
					'process-manager' => 'dynamic',
					'procs'           => array(),
				);
			}
		);
	}

	public function tear_down(): void {
		Fpm_Status::reset();
		parent::tear_down();
	}

	public function test_asks_php_fpm_once_per_request(): void {
		$first = Fpm_Status::current();
		for ( $i = 0; $i < 200; $i++ ) {
			$this->assertSame( $first, Fpm_Status::current() );
		}
		$this->assertSame( 'www', $first['pool'] );
		$this->assertSame( 1, $this->calls );
		// A new request (reset) asks again.
		Fpm_Status::reset(
			function () {
				++$this->calls;
				return false;
			}
		);
		$this->assertNull( Fpm_Status::current() );
		$this->assertNull( Fpm_Status::current() );
		$this->assertSame( 2, $this->calls );
	}

	public function test_every_reader_shares_the_one_answer(): void {
		$this->assertSame( 'www', Incident_Service::own_fpm_status()['pool'] );

		$runtime = new Runtime(
			array(
				'php_sapi_name' => static function () {
					return 'fpm-fcgi';
				},
			)
		);
		$this->assertSame( 'www', $runtime->call( 'fpm_get_status' )['pool'] );
		$context = new Check_Context(
			$runtime,
			new System_Files(),
			static function () {
				return null;
			}
		);
		$this->assertSame( 'www', $context->fpm_status()['pool'] );

		// Discovery without a test's own fpm_status asks the memo: the pool it names is chosen.
		$stack = ( new Stack_Discovery(
			$this->fixture( 'nginx-lab' ),
			array(
				'readable' => array( self::class, 'readable_by_others' ),
				'php_user' => 'www-data',
				'database' => null,
				'site'     => array(
					'host' => 'site.test',
					'port' => 8080,
					'root' => '/srv/lab/wordpress',
				),
			)
		) )->discover();
		$this->assertSame( 'www', $stack->pool()['name'] );

		$this->assertSame( 1, $this->calls );
	}

	public function test_the_pool_name_comes_from_the_process_title_without_asking_php_fpm(): void {
		Fpm_Status::reset(
			function () {
				++$this->calls;
				return array( 'pool' => 'from-status' );
			},
			static function () {
				return "php-fpm: pool site\0\0\0";
			}
		);
		$this->assertSame( 'site', Fpm_Status::pool() );
		$stack = ( new Stack_Discovery(
			$this->fixture( 'nginx-lab' ),
			array(
				'readable' => array( self::class, 'readable_by_others' ),
				'php_user' => 'www-data',
				'database' => null,
				'site'     => array(
					'host' => 'site.test',
					'port' => 8080,
					'root' => '/srv/lab/wordpress',
				),
			)
		) )->discover();
		$this->assertNotNull( $stack->pool() );
		$this->assertSame( 0, $this->calls );

		// A title that is not a PHP-FPM worker's (php-cgi, a renamed process): fpm_get_status() names it.
		Fpm_Status::reset(
			function () {
				++$this->calls;
				return array( 'pool' => 'from-status' );
			},
			static function () {
				return "/usr/bin/php-cgi\0";
			}
		);
		$this->assertSame( 'from-status', Fpm_Status::pool() );
		$this->assertSame( 1, $this->calls );
	}

	public function test_injected_readers_still_win(): void {
		$runtime = new Runtime(
			array(
				'fpm_get_status' => static function () {
					return array( 'pool' => 'test' );
				},
			)
		);
		$this->assertSame( 'test', $runtime->call( 'fpm_get_status' )['pool'] );
		$disabled = new Runtime(
			array(
				'disable_functions' => static function () {
					return 'exec, fpm_get_status';
				},
			)
		);
		$this->assertNull( $disabled->call( 'fpm_get_status' ) );
		$this->assertSame( 0, $this->calls );
	}

	public function test_a_pool_spawning_workers_is_not_asked(): void {
		$reader = function () {
			++$this->calls;
			return array( 'pool' => 'www' );
		};
		Fpm_Status::reset(
			$reader,
			null,
			static function () {
				return array( 40, 2 );
			}
		);
		$this->assertNull( Fpm_Status::current() );
		$this->assertSame( 0, $this->calls );
		$this->assertStringContainsString( 'started a worker 2 s ago', (string) Fpm_Status::skipped() );

		Fpm_Status::reset(
			$reader,
			null,
			static function () {
				return array( 40, 9 );
			}
		);
		$this->assertSame( array( 'pool' => 'www' ), Fpm_Status::current() );
		$this->assertSame( 1, $this->calls );
		$this->assertNull( Fpm_Status::skipped() );
	}

	public function test_only_a_static_pool_is_asked(): void {
		$reader = function () {
			++$this->calls;
			return array( 'pool' => 'www' );
		};
		foreach ( array( 'dynamic', 'ondemand', null ) as $manager ) {
			Fpm_Status::reset(
				$reader,
				null,
				null,
				static function () use ( $manager ) {
					return $manager;
				}
			);
			$this->assertNull( Fpm_Status::current() );
			$this->assertStringContainsString( 'only under pm = static', (string) Fpm_Status::skipped() );
		}
		$this->assertSame( 0, $this->calls );
		Fpm_Status::reset(
			$reader,
			null,
			null,
			static function () {
				return 'static';
			}
		);
		$this->assertSame( array( 'pool' => 'www' ), Fpm_Status::current() );
		$this->assertSame( 1, $this->calls );
	}

	public function test_outside_php_fpm_there_is_no_status(): void {
		Fpm_Status::reset();
		// PHPUnit runs under the CLI SAPI: fpm_get_status() is never called there.
		$this->assertNull( Fpm_Status::current() );
	}
}
