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
		$web       = 'apache' === $config->web_software ? 'Apache' : 'nginx';

		// The web server's default applies when its configuration was read and the directive is absent.
		$default_note = $config->nginx['files'] ? sprintf(
			/* translators: %s: nginx or Apache. */
			__( 'not set (%s\'s default: 60 s)', 'triage' ),
			$web
		) : '';
		$evidence = array(
			Check_Result::evidence( 'max_execution_time', 0 === $max_exec ? __( '0 (no limit)', 'triage' ) : Format::duration( $max_exec ) ),
			Check_Result::evidence( 'max_input_time', $max_input < 0 ? __( '-1 (uses max_execution_time)', 'triage' ) : Format::duration( $max_input ) ),
			Check_Result::evidence( 'request_terminate_timeout', $this->describe( $terminate, $config->missing['fpm'], __( '0 (off)', 'triage' ) ) ),
			Check_Result::evidence( 'Apache' === $web ? 'ProxyTimeout' : 'fastcgi_read_timeout', null === $fastcgi && '' !== $default_note && '' === $config->missing['nginx'] ? $default_note : $this->describe( $fastcgi, $config->missing['nginx'], '' ) ),
			Check_Result::evidence( 'proxy_read_timeout', $this->describe( $proxy, $config->missing['nginx'], '' ) ),
		);
		if ( null !== $config->fpm_pool ) {
			$evidence[] = Check_Result::evidence( __( 'PHP-FPM pool file', 'triage' ), $config->fpm_pool['file'] . ' [' . $config->fpm_pool['pool'] . ']' );
		}
		if ( $config->nginx['files'] ) {
			$evidence[] = Check_Result::evidence( 'Apache' === $web ? __( 'Apache files read', 'triage' ) : __( 'nginx files read', 'triage' ), implode( ', ', $config->nginx['files'] ) );
		}
		if ( '' !== $config->sources['web'] ) {
			$evidence[] = Check_Result::evidence( __( 'Web server settings read from', 'triage' ), $config->sources['web'] );
		}
		if ( '' !== $config->sources['fpm'] ) {
			$evidence[] = Check_Result::evidence( __( 'PHP-FPM settings read from', 'triage' ), $config->sources['fpm'] );
		}

		if ( '' !== $config->not_in_use['web'] ) {
			return Check_Result::unknown(
				$this,
				__( 'Unknown: the web server\'s time limit is in a file PHP cannot read', 'triage' ),
				$config->not_in_use['web'],
				$evidence
			);
		}

		$nginx_timeout = null !== $fastcgi ? $fastcgi : ( $config->nginx['files'] ? 60 : null );
		if ( null === $terminate && null === $nginx_timeout ) {
			return Check_Result::unknown(
				$this,
				__( 'PHP\'s limits are known, but the web server\'s are not', 'triage' ),
				trim( $config->missing['fpm'] . ' ' . $config->missing['nginx'] . ' ' . $config->not_in_use['fpm'] ),
				$evidence
			);
		}
		if ( null === $nginx_timeout ) {
			return Check_Result::measured( $this, Check_Result::GOOD, __( 'PHP stops slow requests before the web server gives up on them', 'triage' ), $evidence );
		}

		// Never advise a max_execution_time below 30 s: WordPress updates and imports need it. When the
		// web server's own timeout is shorter than that, the advice is to raise it instead.
		$advised_exec = max( 30, $nginx_timeout - 5 );
		$advised_web  = max( $nginx_timeout, $advised_exec + 5 );
		$raise_web    = $advised_web > $nginx_timeout ? ' ' . $this->raise_web( $config, $web, $advised_web ) : '';
		$wall_clock   = __( 'request_terminate_timeout is PHP-FPM\'s wall-clock limit; max_execution_time counts only the script\'s own CPU time on Linux, not the time it waits for the database or a remote service.', 'triage' );
		$gives_up_504 = __( 'nginx answers 504 Gateway Timeout ("upstream timed out (110: Connection timed out) while reading response header from upstream") but the PHP script keeps running and holds a PHP-FPM worker; a few of them exhaust the pool and every visitor gets 502/504.', 'triage' );

		if ( null !== $terminate && $terminate > 0 && $terminate < $nginx_timeout ) {
			return Check_Result::measured(
				$this,
				Check_Result::WARNING,
				/* translators: 1: terminate timeout, 2: web server, 3: web server timeout. */
				sprintf( __( 'PHP-FPM kills slow requests after %1$s, before %2$s waits out its %3$s: they end as 502', 'triage' ), Format::duration( $terminate ), $web, Format::duration( $nginx_timeout ) ),
				$evidence,
				__( 'When request_terminate_timeout fires, PHP-FPM kills the worker mid-request; nginx sees the connection reset ("recv() failed (104: Connection reset by peer)") and answers 502 Bad Gateway, with nothing in the PHP error log.', 'triage' ),
				/* translators: 1: seconds, 2: seconds. */
				sprintf( __( 'Make request_terminate_timeout the last line of defence: set it a little above nginx\'s timeout in the pool file (request_terminate_timeout = %1$ds) and keep max_execution_time below both (max_execution_time = %2$d), so PHP stops a runaway script itself with a logged fatal instead of a silent kill.', 'triage' ), (int) $advised_web + 5, $advised_exec ) . $raise_web
			);
		}
		if ( 0 === $terminate || ( null !== $terminate && $terminate > $nginx_timeout + 30 ) ) {
			return Check_Result::measured(
				$this,
				Check_Result::WARNING,
				0 === $terminate
					/* translators: 1: web server, 2: its timeout. */
					? sprintf( __( '%1$s gives up after %2$s, but nothing stops a PHP request that waits: slow requests end as 504 and keep running', 'triage' ), $web, Format::duration( $nginx_timeout ) )
					/* translators: 1: web server, 2: its timeout, 3: terminate timeout. */
					: sprintf( __( '%1$s gives up after %2$s, but PHP-FPM lets a request run %3$s: slow requests end as 504 and keep running', 'triage' ), $web, Format::duration( $nginx_timeout ), Format::duration( (int) $terminate ) ),
				$evidence,
				$gives_up_504 . ' ' . $wall_clock,
				/* translators: 1: seconds, 2: seconds. */
				sprintf( __( 'Set request_terminate_timeout = %1$ds in the pool file, a little above the web server\'s timeout, and max_execution_time = %2$d in php.ini (or php_admin_value[max_execution_time] in the pool).', 'triage' ), (int) $advised_web + 5, $advised_exec ) . $raise_web
			);
		}
		if ( 0 === $max_exec || $max_exec > $nginx_timeout ) {
			return Check_Result::measured(
				$this,
				Check_Result::WARNING,
				/* translators: 1: web server, 2: its timeout, 3: PHP limit. */
				sprintf( __( '%1$s gives up after %2$s, but PHP may run for %3$s: slow requests end as 504 and keep running', 'triage' ), $web, Format::duration( $nginx_timeout ), 0 === $max_exec ? __( 'ever', 'triage' ) : Format::duration( $max_exec ) ),
				$evidence,
				$gives_up_504,
				/* translators: %d: seconds. */
				sprintf( __( 'Keep PHP\'s limit below nginx\'s: max_execution_time = %d in php.ini (or php_admin_value[max_execution_time] in the pool), or raise fastcgi_read_timeout in the nginx server block if such long requests are expected.', 'triage' ), $advised_exec ) . $raise_web
			);
		}
		if ( '' !== $config->not_in_use['fpm'] ) {
			// Without the pool's wall-clock limit, "good" would be a guess.
			return Check_Result::unknown(
				$this,
				__( 'Unknown: PHP-FPM\'s time limit is in a file PHP cannot read', 'triage' ),
				$config->not_in_use['fpm'],
				$evidence
			);
		}
		return Check_Result::measured( $this, Check_Result::GOOD, __( 'PHP stops slow requests before the web server gives up on them', 'triage' ), $evidence );
	}

	/**
	 * Advice to raise a web server timeout too short for a safe max_execution_time, naming the block.
	 *
	 * @param Server_Config $config Config.
	 * @param string        $web    nginx or Apache.
	 * @param int           $to     Seconds.
	 * @return string
	 */
	private function raise_web( Server_Config $config, string $web, int $to ): string {
		$block = $config->nginx['server_block'];
		$where = is_array( $block ) ? sprintf( '%s line %d', (string) $block['file'], (int) $block['line'] ) : __( 'the server block that serves this site', 'triage' );
		return 'Apache' === $web
			/* translators: 1: seconds, 2: file and line. */
			? sprintf( __( 'A shorter limit would stop WordPress updates and imports: raise ProxyTimeout to %1$d in the virtual host (%2$s).', 'triage' ), $to, $where )
			/* translators: 1: seconds, 2: file and line. */
			: sprintf( __( 'A shorter limit would stop WordPress updates and imports: raise fastcgi_read_timeout to %1$ds in the server block (%2$s).', 'triage' ), $to, $where );
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
