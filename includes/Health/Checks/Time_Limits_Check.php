<?php
/**
 * PHP, PHP-FPM and nginx time limits, and whether they fit together.
 *
 * @package Triage
 */

namespace Triage\Health\Checks;

use Triage\Health\Check;
use Triage\Health\Check_Context;
use Triage\Health\Check_Result;
use Triage\Health\Format;
use Triage\Health\Server_Config;

defined( 'ABSPATH' ) || exit;

/**
 * A slow request ends in a 502 when PHP-FPM's request_terminate_timeout kills it before nginx gives up,
 * and in a 504 when nginx gives up before PHP does (the script then keeps running, holding a worker).
 */
final class Time_Limits_Check implements Check {

	/**
	 * {@inheritDoc}
	 */
	public function id(): string {
		return 'time_limits';
	}

	/**
	 * {@inheritDoc}
	 */
	public function layer(): string {
		return 'web';
	}

	/**
	 * {@inheritDoc}
	 */
	public function is_slow(): bool {
		return false;
	}

	/**
	 * {@inheritDoc}
	 *
	 * @param Check_Context $context Context.
	 */
	public function run( Check_Context $context ): Check_Result {
		$runtime   = $context->runtime();
		$config    = $context->server_config();
		$max_exec  = (int) $runtime->ini( 'max_execution_time' );
		$max_input = (int) $runtime->ini( 'max_input_time' );
		$terminate = $this->terminate_timeout( $config );
		$fastcgi   = $config->nginx['fastcgi_read_timeout'];
		$proxy     = $config->nginx['proxy_read_timeout'];

		$evidence = array(
			Check_Result::evidence( 'max_execution_time', 0 === $max_exec ? __( '0 (no limit)', 'triage' ) : Format::duration( $max_exec ) ),
			Check_Result::evidence( 'max_input_time', $max_input < 0 ? __( '-1 (uses max_execution_time)', 'triage' ) : Format::duration( $max_input ) ),
			Check_Result::evidence( 'request_terminate_timeout', $this->describe( $terminate, $config->missing['fpm'], __( '0 (off)', 'triage' ) ) ),
			Check_Result::evidence( 'fastcgi_read_timeout', $this->describe( $fastcgi, $config->missing['nginx'], '' ) ),
			Check_Result::evidence( 'proxy_read_timeout', $this->describe( $proxy, $config->missing['nginx'], '' ) ),
		);
		if ( null !== $config->fpm_pool ) {
			$evidence[] = Check_Result::evidence( __( 'PHP-FPM pool file', 'triage' ), $config->fpm_pool['file'] . ' [' . $config->fpm_pool['pool'] . ']' );
		}
		if ( $config->nginx['files'] ) {
			$evidence[] = Check_Result::evidence( __( 'nginx files read', 'triage' ), implode( ', ', $config->nginx['files'] ) );
		}

		// nginx's default fastcgi_read_timeout is 60 s when the directive is absent but nginx config was read.
		$nginx_timeout = null !== $fastcgi ? $fastcgi : ( $config->nginx['files'] ? 60 : null );
		// PHP's own effective limit for a long request: the smaller of max_execution_time and the pool's terminate.
		$php_limits = array_filter( array( $max_exec, $terminate ) );
		$php_limit  = $php_limits ? (int) min( $php_limits ) : 0;

		if ( null !== $terminate && $terminate > 0 && null !== $nginx_timeout && $terminate < $nginx_timeout ) {
			return Check_Result::measured(
				$this,
				Check_Result::WARNING,
				/* translators: 1: terminate timeout, 2: nginx timeout. */
				sprintf( __( 'PHP-FPM kills slow requests after %1$s, before nginx waits out its %2$s: they end as 502', 'triage' ), Format::duration( $terminate ), Format::duration( $nginx_timeout ) ),
				$evidence,
				__( 'When request_terminate_timeout fires, PHP-FPM kills the worker mid-request; nginx sees the connection reset ("recv() failed (104: Connection reset by peer)") and answers 502 Bad Gateway, with nothing in the PHP error log.', 'triage' ),
				/* translators: %d: seconds. */
				sprintf( __( 'Make request_terminate_timeout the last line of defence: set it a little above nginx\'s timeout in the pool file (request_terminate_timeout = %ds) and keep max_execution_time below both, so PHP stops a runaway script itself with a logged fatal instead of a silent kill.', 'triage' ), (int) $nginx_timeout + 5 )
			);
		}
		if ( null !== $nginx_timeout && ( 0 === $php_limit || $php_limit > $nginx_timeout ) ) {
			return Check_Result::measured(
				$this,
				Check_Result::WARNING,
				/* translators: 1: nginx timeout, 2: PHP limit. */
				sprintf( __( 'nginx gives up after %1$s, but PHP may run for %2$s: slow requests end as 504 and keep running', 'triage' ), Format::duration( $nginx_timeout ), 0 === $php_limit ? __( 'ever', 'triage' ) : Format::duration( $php_limit ) ),
				$evidence,
				__( 'nginx answers 504 Gateway Timeout ("upstream timed out (110: Connection timed out) while reading response header from upstream") but the PHP script keeps running and holds a PHP-FPM worker; a few of them exhaust the pool and every visitor gets 502/504.', 'triage' ),
				/* translators: %d: seconds. */
				sprintf( __( 'Keep PHP\'s limit below nginx\'s: max_execution_time = %d in php.ini (or php_admin_value[max_execution_time] in the pool), or raise fastcgi_read_timeout in the nginx server block if such long requests are expected.', 'triage' ), max( 1, (int) $nginx_timeout - 5 ) )
			);
		}
		if ( null === $terminate && null === $nginx_timeout ) {
			return Check_Result::unknown(
				$this,
				__( 'PHP\'s limits are known, but the web server\'s are not', 'triage' ),
				trim( $config->missing['fpm'] . ' ' . $config->missing['nginx'] ),
				$evidence
			);
		}
		return Check_Result::measured( $this, Check_Result::GOOD, __( 'PHP stops slow requests before the web server gives up on them', 'triage' ), $evidence );
	}

	/**
	 * The pool's request_terminate_timeout in seconds (0 = off), or null when the pool file is unknown.
	 *
	 * @param Server_Config $config Config.
	 * @return int|null
	 */
	private function terminate_timeout( Server_Config $config ): ?int {
		if ( null === $config->fpm_pool ) {
			return null;
		}
		$value = $config->pool_setting( 'request_terminate_timeout' );
		return null === $value ? 0 : Server_Config::seconds( $value );
	}

	/**
	 * A timeout for evidence.
	 *
	 * @param int|null $seconds Seconds, or null when unknown.
	 * @param string   $missing Why it is unknown.
	 * @param string   $zero    How to describe 0.
	 * @return string
	 */
	private function describe( ?int $seconds, string $missing, string $zero ): string {
		if ( null === $seconds ) {
			return '' !== $missing ? __( 'unknown', 'triage' ) : __( 'not set (default)', 'triage' );
		}
		return 0 === $seconds && '' !== $zero ? $zero : Format::duration( $seconds );
	}
}
