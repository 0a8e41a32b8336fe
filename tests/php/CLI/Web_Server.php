<?php
/**
 * PHP's built-in web server for a test site.
 *
 * @package Triage
 */

namespace Triage\Tests\CLI;

/**
 * `php -S` with several workers (loopback probes need a second one), started and stopped by a test.
 */
final class Web_Server {

	/**
	 * The process.
	 *
	 * @var resource
	 */
	private $process;

	/**
	 * Host and port served.
	 *
	 * @var array{0: string, 1: int}
	 */
	private $address = array( '', 0 );

	/**
	 * Starts serving a folder at a URL's host and port, and waits for an answer.
	 *
	 * @param string $root Document root.
	 * @param string $url  http://host:port.
	 * @return self
	 * @throws \RuntimeException When it does not answer.
	 */
	public static function start( string $root, string $url ): self {
		$server  = new self();
		$address = (string) wp_parse_url( $url, PHP_URL_HOST ) . ':' . (int) wp_parse_url( $url, PHP_URL_PORT );
		$taken   = @fsockopen( (string) wp_parse_url( $url, PHP_URL_HOST ), (int) wp_parse_url( $url, PHP_URL_PORT ), $errno, $errstr, 0.2 ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged, WordPress.WP.AlternativeFunctions.file_system_operations_fsockopen -- probing.
		if ( is_resource( $taken ) ) {
			fclose( $taken ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fclose
			throw new \RuntimeException( "$address is already in use: another run's server? The bisection test needs it." );
		}
		$server->address = array( (string) wp_parse_url( $url, PHP_URL_HOST ), (int) wp_parse_url( $url, PHP_URL_PORT ) );
		// exec, so that proc_terminate() reaches the server itself rather than a shell.
		$server->process = proc_open(
			'exec ' . escapeshellarg( PHP_BINARY ) . ' -S ' . escapeshellarg( $address ) . ' -t ' . escapeshellarg( $root ),
			array(
				1 => array( 'file', '/dev/null', 'w' ),
				2 => array( 'file', '/dev/null', 'w' ),
			),
			$pipes,
			$root,
			array(
				'PHP_CLI_SERVER_WORKERS' => '4',
				'PATH'                   => (string) getenv( 'PATH' ),
			)
		);
		for ( $i = 0; $i < 100; $i++ ) {
			$socket = @fsockopen( (string) wp_parse_url( $url, PHP_URL_HOST ), (int) wp_parse_url( $url, PHP_URL_PORT ), $errno, $errstr, 0.2 ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged, WordPress.WP.AlternativeFunctions.file_system_operations_fsockopen -- polling.
			if ( is_resource( $socket ) ) {
				fclose( $socket ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fclose
				return $server;
			}
			usleep( 100000 );
		}
		$server->stop();
		throw new \RuntimeException( "php -S did not answer on $address" );
	}

	/**
	 * Stops the server (its workers exit with it).
	 *
	 * @return void
	 */
	public function stop(): void {
		if ( ! is_resource( $this->process ) ) {
			return;
		}
		// With PHP_CLI_SERVER_WORKERS the server forks its workers; they outlive a terminated parent (and go
		// on serving the port), so they are stopped first, by the parent's process id.
		$status = proc_get_status( $this->process );
		if ( $status['running'] ) {
			exec( 'pkill -TERM -P ' . (int) $status['pid'] ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.system_calls_exec
		}
		proc_terminate( $this->process );
		proc_close( $this->process );
		// The next test may serve the same port: wait until nothing answers there.
		for ( $i = 0; $i < 50; $i++ ) {
			$socket = @fsockopen( $this->address[0], $this->address[1], $errno, $errstr, 0.2 ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged, WordPress.WP.AlternativeFunctions.file_system_operations_fsockopen -- polling.
			if ( ! is_resource( $socket ) ) {
				return;
			}
			fclose( $socket ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fclose
			usleep( 100000 );
		}
	}
}
