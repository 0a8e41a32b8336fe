<?php
/**
 * Maps nginx, Apache and PHP-FPM error-log lines to the cause of a 502/504.
 *
 * @package Triage
 */

namespace Triage\Logs;

defined( 'ABSPATH' ) || exit;

/**
 * Each cause is recognised by fixed substrings (no regular expression per line), from the lines observed
 * on real failures (see the notes on failure signatures): PHP-FPM down, pool saturated, timeouts, workers
 * killed, headers too big, PHP fatals reported by the server. Counts are kept per cause and per hour.
 */
final class Server_Log_Classifier {

	/**
	 * The time window of the current classify() call: since, until (Unix times or null).
	 *
	 * @var array{0: int|null, 1: int|null}
	 */
	private $window = array( null, null );

	/**
	 * Signatures in the order they are tried: every substring of a signature must be in the line. An empty
	 * cause names a line that matches no cause on purpose.
	 *
	 * @var array<int, array{0: string, 1: array<int, string>}>
	 */
	private const SIGNATURES = array(
		// nginx as a proxy to an https origin (before the FastCGI ones: these lines also say "upstream").
		array( 'origin_tls_certificate', array( 'upstream SSL certificate verify error' ) ),
		array( 'origin_tls_certificate', array( 'upstream SSL certificate does not match' ) ),
		array( 'origin_tls_handshake', array( 'SSL_do_handshake() failed', 'upstream' ) ),
		// nginx.
		array( 'fpm_down', array( 'failed (2: No such file or directory) while connecting to upstream' ) ),
		array( 'fpm_down', array( 'failed (111: Connection refused) while connecting to upstream' ) ),
		array( 'pool_saturated', array( 'failed (11: Resource temporarily unavailable) while connecting to upstream' ) ),
		array( 'pool_saturated', array( 'upstream timed out (110: Connection timed out) while connecting to upstream' ) ),
		array( 'upstream_timeout', array( 'upstream timed out (110: Connection timed out) while reading response header from upstream' ) ),
		array( 'upstream_timeout', array( 'upstream timed out', 'while reading upstream' ) ),
		array( 'worker_killed', array( '(104: Connection reset by peer) while reading response header from upstream' ) ),
		array( 'worker_killed_after_headers', array( '(104: Connection reset by peer) while reading upstream' ) ),
		array( 'worker_killed', array( 'upstream prematurely closed connection' ) ),
		array( 'header_too_big', array( 'upstream sent too big header' ) ),
		array( 'memory_exhausted', array( 'PHP message: PHP Fatal error:', 'Allowed memory size' ) ),
		array( 'execution_timeout', array( 'PHP message: PHP Fatal error:', 'Maximum execution time' ) ),
		array( 'php_fatal', array( 'PHP message: PHP Fatal error:' ) ),
		// Apache mod_proxy_fcgi.
		array( 'fpm_down', array( 'AH02454', '(2)No such file or directory' ) ),
		array( 'fpm_down', array( '(111)Connection refused', 'AH00957' ) ),
		array( 'fpm_down', array( 'AH02454', '(111)Connection refused' ) ),
		array( 'pool_saturated', array( '(11)Resource temporarily unavailable', 'AH02454' ) ),
		array( 'pool_saturated', array( '(11)Resource temporarily unavailable', 'AH00957' ) ),
		array( 'upstream_timeout', array( '(70007)The timeout specified has expired', 'AH01075' ) ),
		array( 'worker_killed', array( '(104)Connection reset by peer', 'AH01075' ) ),
		array( 'header_too_big', array( 'AH01070' ) ),
		array( 'memory_exhausted', array( 'AH01071', 'Allowed memory size' ) ),
		array( 'execution_timeout', array( 'AH01071', 'Maximum execution time' ) ),
		array( 'php_fatal', array( 'AH01071', 'PHP Fatal error' ) ),
		// Apache mod_proxy / mod_ssl to an https origin.
		array( 'origin_tls_certificate', array( 'AH02039' ) ),
		array( 'origin_tls_handshake', array( 'AH01961' ) ),
		// Apache mod_fcgid.
		array( 'pool_saturated', array( 'mod_fcgid: can\'t apply process slot for' ) ),
		array( 'upstream_timeout', array( 'mod_fcgid: read data timeout in' ) ),
		array( 'worker_killed', array( 'mod_fcgid: error reading data from FastCGI server' ) ),
		array( 'worker_killed', array( 'mod_fcgid: ap_pass_brigade failed' ) ),
		array( 'fpm_down', array( 'mod_fcgid: can\'t', 'connect' ) ),
		array( 'memory_exhausted', array( 'mod_fcgid: stderr: PHP Fatal error', 'Allowed memory size' ) ),
		// PHP-FPM's own log.
		array( 'pool_saturated', array( 'server reached pm.max_children setting' ) ),
		array( 'pool_saturated', array( 'server reached max_children setting' ) ),
		array( 'request_terminated', array( 'execution timed out', 'terminating' ) ),
		// The SIGTERM exit that follows "execution timed out … terminating" is that same request: not a second death.
		array( '', array( 'exited on signal 15' ) ),
		array( 'worker_segfault', array( 'exited on signal 11' ) ),
		array( 'worker_sigkilled', array( 'exited on signal 9' ) ),
		array( 'worker_killed', array( 'exited on signal' ) ),
		array( 'slow_request', array( 'executing too slow' ) ),
	);

	/**
	 * Causes with what they mean and how to fix them.
	 *
	 * @return array<string, array{label: string, status: string, layer: string, fix: string}>
	 */
	public static function causes(): array {
		return array(
			'fpm_down'                    => array(
				'label'  => __( 'PHP-FPM is not running', 'triage' ),
				'status' => '502',
				'layer'  => 'php',
				'fix'    => __( 'Start or restart PHP-FPM (for example systemctl restart php8.2-fpm) and check its log for why it stopped; make sure the socket path in the web server matches the pool\'s listen setting.', 'triage' ),
			),
			'pool_saturated'              => array(
				'label'  => __( 'PHP-FPM pool saturated: every worker busy', 'triage' ),
				'status' => '502/504',
				'layer'  => 'php',
				'fix'    => __( 'Raise pm.max_children if memory allows (about memory for PHP divided by the memory of one worker), raise listen.backlog, and find the slow requests holding workers (slow log, plugins doing remote calls).', 'triage' ),
			),
			'upstream_timeout'            => array(
				'label'  => __( 'PHP answered too slowly: the web server gave up', 'triage' ),
				'status' => '504',
				'layer'  => 'web_server',
				'fix'    => __( 'Find the slow request (slow log, Query Monitor) and fix it; if it is legitimately long, raise fastcgi_read_timeout (nginx) or ProxyTimeout (Apache) together with max_execution_time.', 'triage' ),
			),
			'request_terminated'          => array(
				'label'  => __( 'PHP-FPM killed a request that ran too long', 'triage' ),
				'status' => '502',
				'layer'  => 'php',
				'fix'    => __( 'request_terminate_timeout ended the script: find why it is slow, or raise request_terminate_timeout in the pool to at least max_execution_time.', 'triage' ),
			),
			'worker_killed'               => array(
				'label'  => __( 'A PHP worker died while answering', 'triage' ),
				'status' => '502',
				'layer'  => 'php',
				'fix'    => __( 'The web server only sees the connection drop. PHP-FPM\'s log says which death it was: "execution timed out … terminating" (request_terminate_timeout: find the slow code or raise it), "exited on signal 11" (a crash: an extension, OPcache or JIT) or "exited on signal 9" (killed, usually by the out-of-memory killer). Make that log readable to see it here.', 'triage' ),
			),
			'worker_segfault'             => array(
				'label'  => __( 'A PHP worker crashed (segmentation fault)', 'triage' ),
				'status' => '502',
				'layer'  => 'php',
				'fix'    => __( 'Signal 11 is a crash inside PHP itself, not in a plugin\'s PHP code: an extension (disable recently added or updated ones: php -m), OPcache or its JIT (try opcache.jit=off), or a PHP bug. Enable core dumps for PHP-FPM (rlimit_core = unlimited in the pool) to get a backtrace, and update PHP.', 'triage' ),
			),
			'worker_sigkilled'            => array(
				'label'  => __( 'A PHP worker was killed (SIGKILL, usually out of memory)', 'triage' ),
				'status' => '502',
				'layer'  => 'php',
				'fix'    => __( 'Signal 9 is sent by the kernel\'s out-of-memory killer (or by hand). Check the kernel log (dmesg, journalctl -k) for "Out of memory: Killed process", and compare a worker\'s resident memory times pm.max_children with the RAM left for PHP; lower pm.max_children or find the request that uses the memory.', 'triage' ),
			),
			'worker_killed_after_headers' => array(
				'label'  => __( 'A PHP worker died after starting its answer', 'triage' ),
				'status' => '200 (truncated)',
				'layer'  => 'php',
				'fix'    => __( 'Visitors got a cut-off page. Same causes as a worker dying: check the PHP-FPM log for signals and the kernel log for the OOM killer.', 'triage' ),
			),
			'header_too_big'              => array(
				'label'  => __( 'Response headers larger than the web server\'s buffer', 'triage' ),
				'status' => '502',
				'layer'  => 'web_server',
				'fix'    => __( 'Usually huge cookies or many Set-Cookie/Link headers from a plugin. Raise fastcgi_buffer_size and fastcgi_buffers (nginx, for example 32k and 16 32k), and find the plugin sending them.', 'triage' ),
			),
			'memory_exhausted'            => array(
				'label'  => __( 'PHP ran out of memory', 'triage' ),
				'status' => '500',
				'layer'  => 'wordpress',
				'fix'    => __( 'Find what used the memory (the file in the message names it); raise WP_MEMORY_LIMIT / memory_limit only if the need is legitimate.', 'triage' ),
			),
			'execution_timeout'           => array(
				'label'  => __( 'PHP hit max_execution_time', 'triage' ),
				'status' => '500',
				'layer'  => 'wordpress',
				'fix'    => __( 'A request ran longer than max_execution_time: find the slow code (the file in the message), or raise the limit for legitimately long tasks.', 'triage' ),
			),
			'database_unreachable'        => array(
				'label'  => __( 'WordPress could not reach the database', 'triage' ),
				'status' => '500',
				'layer'  => 'database',
				'fix'    => __( 'While this was logged every page answered "Error establishing a database connection". Check that the database server runs (systemctl status mariadb or mysql) and read its error log for why it stopped; check DB_HOST in wp-config.php names the running server or socket.', 'triage' ),
			),
			'php_fatal'                   => array(
				'label'  => __( 'PHP fatal error reported by the web server', 'triage' ),
				'status' => '500',
				'layer'  => 'wordpress',
				'fix'    => __( 'Read the message: it names the file. Update or deactivate the plugin or theme it belongs to.', 'triage' ),
			),
			'origin_tls_certificate'      => array(
				'label'  => __( 'The proxy rejected the origin\'s TLS certificate', 'triage' ),
				'status' => '502 (Cloudflare: 526)',
				'layer'  => 'cdn',
				'fix'    => __( 'The proxy in front of the origin verifies its certificate and found it expired, not yet valid, for another name, self-signed or with an incomplete chain (the reason is in the line). Renew it (certbot renew, then reload the web server), serve the full chain (nginx ssl_certificate = fullchain.pem; Apache SSLCertificateFile = the full chain), or install the CDN\'s origin certificate. The Overview\'s origin certificate check shows what the origin sends.', 'triage' ),
			),
			'origin_tls_handshake'        => array(
				'label'  => __( 'The TLS handshake between the proxy and the origin failed', 'triage' ),
				'status' => '502 (Cloudflare: 525)',
				'layer'  => 'cdn',
				'fix'    => __( 'The proxy could not negotiate TLS with the origin: no TLS on the port it connects to, no certificate for the name it sends (SNI: nginx needs proxy_ssl_server_name on; Apache SSLProxyEngine on), or no common protocol or cipher. Check that the origin answers https on that port with a certificate for the site\'s name (openssl s_client -connect <origin>:443 -servername <host>).', 'triage' ),
			),
			'slow_request'                => array(
				'label'  => __( 'Slow requests logged by PHP-FPM', 'triage' ),
				'status' => '200 (slow)',
				'layer'  => 'php',
				'fix'    => __( 'Not an error yet, but slow requests hold workers and lead to saturation: read the slow log\'s stack to find the code.', 'triage' ),
			),
		);
	}

	/**
	 * The cause of one line, or null when it names none.
	 *
	 * @param string $line Log line.
	 * @return string|null
	 */
	public static function classify_line( string $line ): ?string {
		foreach ( self::SIGNATURES as $signature ) {
			foreach ( $signature[1] as $needle ) {
				if ( false === strpos( $line, $needle ) ) {
					continue 2;
				}
			}
			return '' === $signature[0] ? null : $signature[0];
		}
		return null;
	}

	/**
	 * The cause of 5xx a PHP error-log message names, for the grouped errors of a debug log: memory
	 * exhausted, max_execution_time, the database unreachable; null for any other message.
	 *
	 * @param string $message The message, without its time stamp.
	 * @return string|null A key of causes().
	 */
	public static function php_message_cause( string $message ): ?string {
		if ( false !== strpos( $message, 'Allowed memory size' ) && false !== strpos( $message, 'exhausted' ) ) {
			return 'memory_exhausted';
		}
		if ( false !== strpos( $message, 'Maximum execution time' ) ) {
			return 'execution_timeout';
		}
		foreach ( array( 'mysqli_real_connect(', 'Error establishing a database connection', 'mysql_connect(' ) as $needle ) {
			if ( false !== strpos( $message, $needle ) ) {
				return 'database_unreachable';
			}
		}
		return null;
	}

	/**
	 * Counts causes in a stream from an offset to its end; each cause keeps its newest line as its sample.
	 *
	 * @param resource $handle Stream opened for reading.
	 * @param int      $from   Offset to start at (the start of a line or mid-line; a partial first line is skipped).
	 * @param int|null $since  Only lines at or after this Unix time; null for all.
	 * @param int|null $until  Only lines before this Unix time; null for all.
	 * @return array{causes: array<string, array{count: int, first_seen: ?int, last_seen: ?int, sample: string, hours: array<string, int>}>, lines: int, matched: int}
	 */
	public function classify( $handle, int $from = 0, ?int $since = null, ?int $until = null ): array {
		$causes       = array();
		$lines        = 0;
		$matched      = 0;
		$this->window = array( $since, $until );
		if ( 0 !== fseek( $handle, $from ) ) {
			return compact( 'causes', 'lines', 'matched' );
		}
		if ( $from > 0 ) {
			fgets( $handle );
			// Mid-line: skip to the next whole line.
		}
		$carry = '';
		while ( ! feof( $handle ) ) {
			$block = fread( $handle, 1048576 ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fread -- streams a server log that can be gigabytes in 1 MB blocks: WP_Filesystem can only read whole files.
			if ( false === $block || '' === $block ) {
				break;
			}
			$block = $carry . $block;
			$cut   = strrpos( $block, "\n" );
			if ( false === $cut ) {
				$carry = strlen( $block ) > 65536 ? '' : $block;
				continue;
			}
			$carry = substr( $block, $cut + 1 );
			foreach ( explode( "\n", substr( $block, 0, $cut ) ) as $line ) {
				++$lines;
				$this->count_line( $line, $causes, $matched );
			}
		}
		if ( '' !== $carry ) {
			++$lines;
			$this->count_line( $carry, $causes, $matched );
		}
		return compact( 'causes', 'lines', 'matched' );
	}

	/**
	 * Counts one line.
	 *
	 * @param string                                                                                                         $line    Line.
	 * @param array<string, array{count: int, first_seen: ?int, last_seen: ?int, sample: string, hours: array<string, int>}> $causes  Counts (updated).
	 * @param int                                                                                                            $matched Lines matched (updated).
	 * @return void
	 */
	private function count_line( string $line, array &$causes, int &$matched ): void {
		$cause = self::classify_line( $line );
		if ( null === $cause ) {
			return;
		}
		$time                  = Log_Entry_Parser::parse( $line )['time'];
		list( $since, $until ) = $this->window;
		if ( ( null !== $since || null !== $until ) && ( null === $time || ( null !== $since && $time < $since ) || ( null !== $until && $time >= $until ) ) ) {
			// Outside the window (a line without a time cannot be placed in one).
			return;
		}
		++$matched;
		$hour = null === $time ? 'unknown' : gmdate( 'Y-m-d\TH:00:00\Z', $time );
		if ( ! isset( $causes[ $cause ] ) ) {
			$causes[ $cause ] = array(
				'count'      => 0,
				'first_seen' => $time,
				'last_seen'  => $time,
				'sample'     => '',
				'hours'      => array(),
			);
		}
		++$causes[ $cause ]['count'];
		// Lines are read oldest first: the newest line of a cause is the last one seen.
		$causes[ $cause ]['sample'] = strlen( $line ) > 2048 ? substr( $line, 0, 2048 ) : $line;
		if ( null !== $time ) {
			$causes[ $cause ]['last_seen']  = $time;
			$causes[ $cause ]['first_seen'] = $causes[ $cause ]['first_seen'] ?? $time;
		}
		$causes[ $cause ]['hours'][ $hour ] = ( $causes[ $cause ]['hours'][ $hour ] ?? 0 ) + 1;
	}
}
