<?php
/**
 * Builds check contexts from fixture folders, runtime overrides and canned loopback results.
 *
 * @package Triage
 */

use Triage\Health\Check;
use Triage\Health\Check_Context;
use Triage\Health\Check_Result;
use Triage\Health\Loopback_Result;
use Triage\Health\Runtime;
use Triage\Health\System_Files;

/**
 * Base for health check tests.
 */
abstract class Health_Test_Case extends WP_UnitTestCase {

	/** 2026-11-23 12:00 UTC: a fixed "now" for dates such as PHP's end of life. */
	public const NOW = 1795435200;

	/**
	 * A context over a fixture folder ('' for none) with runtime overrides.
	 *
	 * @param string $fixture   Folder under fixtures/, or '' for an empty root.
	 * @param array  $overrides Runtime overrides.
	 * @param array  $loopbacks Loopback results by name.
	 * @return Check_Context
	 */
	protected function context( $fixture = '', array $overrides = array(), array $loopbacks = array() ) {
		$root = '' === $fixture ? get_temp_dir() . 'triage-empty-root-' . getmypid() : __DIR__ . '/fixtures/' . $fixture;
		return new Check_Context(
			new Runtime(
				$overrides + array(
					'time' => static function () {
						return self::NOW;
					},
				)
			),
			new System_Files( $root ),
			static function () use ( $loopbacks ) {
				return $loopbacks;
			}
		);
	}

	/**
	 * Runs a check, failing on any PHP warning or notice it emits.
	 *
	 * @param Check         $check   Check.
	 * @param Check_Context $context Context.
	 * @return array
	 */
	protected function run_check( Check $check, Check_Context $context ) {
		$result = $check->run( $context )->to_array();
		$this->assertContains( $result['status'], Check_Result::STATUSES );
		$this->assertSame( $check->id(), $result['id'] );
		$this->assertContains( $result['layer'], Check_Result::LAYERS );
		$this->assertNotSame( '', $result['title'] );
		if ( Check_Result::UNKNOWN === $result['status'] ) {
			$this->assertNotSame( '', $result['reason'], 'An unknown result must say why.' );
		}
		if ( in_array( $result['status'], array( Check_Result::WARNING, Check_Result::CRITICAL ), true ) ) {
			$this->assertNotSame( '', $result['why'], 'A problem must say why it causes 5xx.' );
			$this->assertNotSame( '', $result['fix'], 'A problem must say how to fix it.' );
		}
		return $result;
	}

	/**
	 * The value of an evidence item by label, or null.
	 *
	 * @param array  $result Result array.
	 * @param string $label  Label.
	 * @return string|null
	 */
	protected function evidence( array $result, $label ) {
		foreach ( $result['evidence'] as $item ) {
			if ( $item['label'] === $label ) {
				return $item['value'];
			}
		}
		return null;
	}

	/**
	 * A loopback result.
	 *
	 * @param int         $status HTTP status (0 for none).
	 * @param float       $ttfb   Seconds.
	 * @param array|null  $memory Probe report.
	 * @param string      $error  Transport error.
	 * @param string      $first  First line of the body.
	 * @return Loopback_Result
	 */
	protected function loopback( $status, $ttfb = 0.05, $memory = null, $error = '', $first = '' ) {
		$result             = new Loopback_Result( 'http://example.org/' );
		$result->status     = $status;
		$result->ttfb       = $ttfb;
		$result->total      = $ttfb;
		$result->memory     = $memory;
		$result->error      = $error;
		$result->timed_out  = false !== stripos( $error, 'timed out' );
		$result->first_line = $first;
		return $result;
	}

	/**
	 * A realistic fpm_get_status() answer.
	 *
	 * @param array $overrides Top-level fields to replace.
	 * @return array
	 */
	protected function fpm_status( array $overrides = array() ) {
		$proc = static function ( $pid, $memory ) {
			return array(
				'pid'                 => $pid,
				'state'               => 'Idle',
				'start-time'          => self::NOW - 3600,
				'requests'            => 120,
				'request-duration'    => 48000,
				'request-method'      => 'GET',
				'request-uri'         => '/index.php',
				'content-length'      => 0,
				'user'                => '-',
				'script'              => '/var/www/html/index.php',
				'last-request-cpu'    => 41.6,
				'last-request-memory' => $memory,
			);
		};
		return $overrides + array(
			'pool'                 => 'www',
			'process-manager'      => 'dynamic',
			'start-time'           => self::NOW - 86400,
			'start-since'          => 86400,
			'accepted-conn'        => 51234,
			'listen-queue'         => 0,
			'max-listen-queue'     => 0,
			'listen-queue-len'     => 511,
			'idle-processes'       => 3,
			'active-processes'     => 1,
			'total-processes'      => 4,
			'max-active-processes' => 6,
			'max-children-reached' => 0,
			'slow-requests'        => 0,
			'procs'                => array( $proc( 101, 41943040 ), $proc( 102, 50331648 ), $proc( 103, 44040192 ), $proc( 104, 39845888 ) ),
		);
	}

	/**
	 * Overrides that make the runtime look like PHP-FPM with a given status.
	 *
	 * @param array|null $status fpm_get_status() answer.
	 * @return array
	 */
	protected function fpm_runtime( $status ) {
		return array(
			'php_sapi_name'  => static function () {
				return 'fpm-fcgi';
			},
			'fpm_get_status' => static function () use ( $status ) {
				return $status;
			},
		);
	}
}
