<?php
/**
 * The fixed list of incident causes: title, severity, sentence, fix, and the checks each contradicts.
 *
 * @package Triage
 */

namespace Triage\Incidents;

defined( 'ABSPATH' ) || exit;

/**
 * One row per cause. The sentence is built from the incident ("3 requests got 502 at 00:49:43 on pool
 * tiny: every PHP worker was busy (pm.max_children = 1)"); the fix is one summary and its steps, never a
 * number that could harm (pool sizes come from the PHP-FPM pool check, which reads the workers' real
 * memory). contradicts() names the health checks that must not say "good" after an incident of the cause.
 */
final class Cause_Catalog {

	/** The causes, in the order of includes/REST/schemas/incidents/incident-cause.json. */
	public const CAUSES = array(
		'fpm_stopped',
		'fpm_not_listening',
		'pool_saturated',
		'web_read_timeout',
		'request_terminate_timeout',
		'max_execution_time',
		'worker_segfault',
		'worker_killed',
		'memory_limit',
		'plugin_fatal',
		'theme_fatal',
		'php_fatal',
		'header_too_big',
		'database_unreachable',
		'maintenance_stuck',
		'cron_pileup',
		'external_service',
		'killed_requests',
		'unknown',
	);

	/** Health check ids each cause contradicts. */
	private const CONTRADICTS = array(
		'fpm_stopped'               => array(),
		'fpm_not_listening'         => array(),
		'pool_saturated'            => array( 'fpm_pool' ),
		'web_read_timeout'          => array( 'time_limits' ),
		'request_terminate_timeout' => array( 'time_limits' ),
		'max_execution_time'        => array( 'time_limits' ),
		'worker_segfault'           => array(),
		'worker_killed'             => array( 'fpm_pool', 'server_memory' ),
		'memory_limit'              => array( 'memory_limits', 'memory_usage' ),
		'plugin_fatal'              => array(),
		'theme_fatal'               => array(),
		'php_fatal'                 => array(),
		'header_too_big'            => array(),
		'database_unreachable'      => array( 'database' ),
		'maintenance_stuck'         => array( 'maintenance' ),
		'cron_pileup'               => array( 'cron' ),
		'external_service'          => array( 'external_http' ),
		'killed_requests'           => array(),
		'unknown'                   => array(),
	);

	/**
	 * Whether a cause is on the list.
	 *
	 * @param string $cause Cause.
	 * @return bool
	 */
	public static function exists( string $cause ): bool {
		return in_array( $cause, self::CAUSES, true );
	}

	/**
	 * The health check ids an incident of this cause contradicts.
	 *
	 * @param string $cause Cause.
	 * @return array<int, string>
	 */
	public static function contradicts( string $cause ): array {
		return self::CONTRADICTS[ $cause ] ?? array();
	}

	/**
	 * Severity: critical when visitors got errors, warning when the site still answered.
	 *
	 * @param string $cause Cause.
	 * @return string critical|warning
	 */
	public static function severity( string $cause ): string {
		return in_array( $cause, array( 'cron_pileup', 'external_service', 'maintenance_stuck' ), true ) ? 'warning' : 'critical';
	}

	/**
	 * The short title.
	 *
	 * @param string $cause Cause.
	 * @return string
	 */
	public static function title( string $cause ): string {
		$titles = array(
			'fpm_stopped'               => __( 'PHP-FPM was not running', 'triage' ),
			'fpm_not_listening'         => __( 'PHP-FPM was not listening', 'triage' ),
			'pool_saturated'            => __( 'Every PHP worker was busy', 'triage' ),
			'web_read_timeout'          => __( 'The web server gave up waiting for PHP', 'triage' ),
			'request_terminate_timeout' => __( 'PHP-FPM killed a request that ran too long', 'triage' ),
			'max_execution_time'        => __( 'PHP stopped a script at max_execution_time', 'triage' ),
			'worker_segfault'           => __( 'A PHP worker crashed (segmentation fault)', 'triage' ),
			'worker_killed'             => __( 'A PHP worker was killed (SIGKILL)', 'triage' ),
			'memory_limit'              => __( 'PHP ran out of memory', 'triage' ),
			'plugin_fatal'              => __( 'A plugin raised a fatal error', 'triage' ),
			'theme_fatal'               => __( 'The theme raised a fatal error', 'triage' ),
			'php_fatal'                 => __( 'A PHP fatal error stopped the page', 'triage' ),
			'header_too_big'            => __( 'Response headers too big for the web server', 'triage' ),
			'database_unreachable'      => __( 'The database could not be reached', 'triage' ),
			'maintenance_stuck'         => __( 'A .maintenance file was left behind', 'triage' ),
			'cron_pileup'               => __( 'Scheduled events piled up', 'triage' ),
			'external_service'          => __( 'An external service was slow or failing', 'triage' ),
			'killed_requests'           => __( 'Requests never finished', 'triage' ),
			'unknown'                   => __( 'Errors of unknown cause', 'triage' ),
		);
		return $titles[ $cause ] ?? $titles['unknown'];
	}

	/**
	 * What happened, after "3 requests got 502 at 00:49:43 on pool tiny: ".
	 *
	 * @param string               $cause Cause.
	 * @param array<string, mixed> $facts max_children, seconds, memory, culprit name, host, socket, signal, fastcgi_read_timeout, overdue, late, age.
	 * @return string
	 */
	public static function clause( string $cause, array $facts ): string {
		$name = isset( $facts['culprit'] ) ? (string) $facts['culprit'] : '';
		switch ( $cause ) {
			case 'fpm_stopped':
				if ( ! empty( $facts['restart'] ) ) {
					return __( 'PHP-FPM was stopped or restarted in the middle of the request', 'triage' );
				}
				if ( isset( $facts['socket'] ) ) {
					/* translators: %s: socket path. */
					return sprintf( __( 'PHP-FPM was not running (its socket %s did not exist)', 'triage' ), $facts['socket'] );
				}
				return ! empty( $facts['refused'] )
					? __( 'PHP-FPM was not running: it had logged its stop, and nothing listened on its address', 'triage' )
					: __( 'PHP-FPM was not running (its socket did not exist)', 'triage' );
			case 'fpm_not_listening':
				return __( 'PHP-FPM refused the connection: its master had crashed or been killed, or it was restarting', 'triage' );
			case 'pool_saturated':
				if ( ! isset( $facts['max_children'] ) ) {
					return __( 'every PHP worker was busy (pm.max_children could not be read)', 'triage' );
				}
				return empty( $facts['max_children_now'] )
					/* translators: %d: pm.max_children, as PHP-FPM logged it at the time. */
					? sprintf( __( 'every PHP worker was busy (pm.max_children = %d)', 'triage' ), (int) $facts['max_children'] )
					/* translators: %d: pm.max_children read from the pool's configuration now (no log line gave the value at the time). */
					: sprintf( __( 'every PHP worker was busy (pm.max_children is %d now)', 'triage' ), (int) $facts['max_children'] );
			case 'web_read_timeout':
				return isset( $facts['fastcgi_read_timeout'] )
					/* translators: %d: seconds. */
					? sprintf( __( 'the web server gave up waiting for PHP after %d s (fastcgi_read_timeout); PHP kept running', 'triage' ), (int) $facts['fastcgi_read_timeout'] )
					: __( 'the web server gave up waiting for PHP (fastcgi_read_timeout); PHP kept running', 'triage' );
			case 'request_terminate_timeout':
				return isset( $facts['seconds'] )
					/* translators: %s: seconds, e.g. 3.44. */
					? sprintf( __( 'PHP-FPM killed the request after %s s (request_terminate_timeout)', 'triage' ), $facts['seconds'] )
					: __( 'PHP-FPM killed the request (request_terminate_timeout)', 'triage' );
			case 'max_execution_time':
				return isset( $facts['seconds'] )
					/* translators: %s: seconds. */
					? sprintf( __( 'PHP stopped the script after max_execution_time (%s s)', 'triage' ), $facts['seconds'] )
					: __( 'PHP stopped the script at max_execution_time', 'triage' );
			case 'worker_segfault':
				return __( 'a PHP worker crashed (segmentation fault, signal 11)', 'triage' );
			case 'worker_killed':
				return __( 'a PHP worker was killed with SIGKILL (signal 9), usually by the kernel\'s out-of-memory killer', 'triage' );
			case 'memory_limit':
				return isset( $facts['memory'] )
					/* translators: %s: memory limit, e.g. 128 MB. */
					? sprintf( __( 'PHP ran out of memory (limit %s)', 'triage' ), $facts['memory'] )
					: __( 'PHP ran out of memory (memory_limit)', 'triage' );
			case 'plugin_fatal':
				/* translators: %s: plugin name. */
				return sprintf( __( 'the plugin %s raised a fatal error', 'triage' ), '' !== $name ? $name : __( '(unnamed)', 'triage' ) );
			case 'theme_fatal':
				/* translators: %s: theme name. */
				return sprintf( __( 'the theme %s raised a fatal error', 'triage' ), '' !== $name ? $name : __( '(unnamed)', 'triage' ) );
			case 'php_fatal':
				return __( 'a PHP fatal error stopped the page', 'triage' );
			case 'header_too_big':
				return __( 'the response headers were larger than the web server\'s buffer', 'triage' );
			case 'database_unreachable':
				if ( ! empty( $facts['db_crashed'] ) && empty( $facts['db_stopped'] ) ) {
					return __( 'the database server had crashed (it started again with InnoDB crash recovery)', 'triage' );
				}
				return ! empty( $facts['db_stopped'] )
					? __( 'the database server was down, so WordPress could not connect', 'triage' )
					: __( 'WordPress could not connect to the database', 'triage' );
			case 'maintenance_stuck':
				return ! empty( $facts['honoured'] )
					? __( 'a .maintenance file keeps every visitor on "Briefly unavailable for scheduled maintenance" (503)', 'triage' )
					: __( 'a .maintenance file from an interrupted update is still there (WordPress ignores it after 10 minutes, but updates may be half done)', 'triage' );
			case 'cron_pileup':
				/* translators: 1: number of overdue events, 2: how late, e.g. "3 hours". */
				return sprintf( __( '%1$d scheduled events are overdue, the oldest by %2$s: wp-cron is not running', 'triage' ), (int) ( $facts['overdue'] ?? 0 ), (string) ( $facts['late'] ?? '?' ) );
			case 'external_service':
				$host = isset( $facts['host'] ) ? (string) $facts['host'] : __( 'an external service', 'triage' );
				return '' !== $name
					/* translators: 1: host name, 2: plugin name. */
					? sprintf( __( 'calls to %1$s made by %2$s timed out, failed or were slow, holding PHP workers', 'triage' ), $host, $name )
					/* translators: %s: host name. */
					: sprintf( __( 'calls to %s timed out, failed or were slow, holding PHP workers', 'triage' ), $host );
			case 'killed_requests':
				return ! empty( $facts['too_old'] )
					? __( 'they ran past the time limits, so request_terminate_timeout or a restart most likely ended their worker (the flight recorder found their markers)', 'triage' )
					: __( 'their PHP worker died first: request_terminate_timeout, a crash, the out-of-memory killer or a PHP-FPM restart (the flight recorder found their markers)', 'triage' );
			default:
				return ! empty( $facts['worker_died'] )
					? __( 'a PHP worker died mid-request; the logs Triage can read do not say why (PHP-FPM\'s log would: signal 15, 11 or 9)', 'triage' )
					: __( 'the logs Triage can read do not say why; the evidence is below', 'triage' );
		}//end switch
	}

	/**
	 * The fix: one summary and its steps.
	 *
	 * @param string               $cause Cause.
	 * @param array<string, mixed> $facts Same as clause().
	 * @return array{summary: string, steps: array<int, string>}
	 */
	public static function fix( string $cause, array $facts ): array {
		$name = isset( $facts['culprit'] ) ? (string) $facts['culprit'] : '';
		switch ( $cause ) {
			case 'fpm_stopped':
				return self::steps(
					__( 'Start PHP-FPM and find out why it stopped.', 'triage' ),
					__( 'Start it: systemctl start php8.2-fpm (your version), or your host\'s panel.', 'triage' ),
					__( 'Read the end of PHP-FPM\'s log for why it stopped (a configuration error after a change, a package update, a manual stop).', 'triage' ),
					__( 'Check that the web server\'s fastcgi_pass socket is the pool\'s listen path.', 'triage' )
				);
			case 'fpm_not_listening':
				return self::steps(
					__( 'Restart PHP-FPM: its socket is there but nothing answers.', 'triage' ),
					__( 'Restart it: systemctl restart php8.2-fpm (your version).', 'triage' ),
					__( 'Read PHP-FPM\'s log and the kernel log (journalctl -k) around this time: a master that dies without "exiting" was killed or crashed.', 'triage' )
				);
			case 'pool_saturated':
				return self::steps(
					__( 'Find what holds the workers, then size the pool from real worker memory.', 'triage' ),
					__( 'Look for slow requests at the same time: the slow log (request_slowlog_timeout = 5s), remote calls, cron runs.', 'triage' ),
					__( 'Raise pm.max_children only as far as memory and CPUs allow: the PHP-FPM pool check shows the safe value and its formula.', 'triage' ),
					__( 'Under a unix socket, a larger listen.backlog lets bursts queue instead of failing with 502.', 'triage' )
				);
			case 'web_read_timeout':
				return self::steps(
					__( 'Make the slow request faster, or let the web server wait as long as PHP may run.', 'triage' ),
					__( 'Find the slow request (the URL above, the slow log, Query Monitor) and fix it.', 'triage' ),
					__( 'If it is legitimately long, raise fastcgi_read_timeout (nginx) or ProxyTimeout (Apache) in the server block that serves this site, to at least request_terminate_timeout.', 'triage' )
				);
			case 'request_terminate_timeout':
				return self::steps(
					__( 'Find why the request is slow; PHP-FPM\'s wall-clock limit stopped it.', 'triage' ),
					__( 'The slow log (request_slowlog_timeout) shows where it was stuck; the culprit above is from it when it was readable.', 'triage' ),
					__( 'If it is legitimately long, raise request_terminate_timeout in the pool, and keep the web server\'s timeout at least as long.', 'triage' )
				);
			case 'max_execution_time':
				return self::steps(
					__( 'Find the slow code named in the message, or raise the limit for that task only.', 'triage' ),
					__( 'The fatal names the file where time ran out: usually a remote call, a big import or an endless loop.', 'triage' ),
					__( 'Never lower max_execution_time below 30 s; raise it for long tasks with set_time_limit() in the task, not for the whole site.', 'triage' )
				);
			case 'worker_segfault':
				return self::steps(
					__( 'A PHP extension or OPcache crashed the worker: find which one.', 'triage' ),
					__( 'Disable recently added or updated extensions (Xdebug, imagick, redis, encoded-code loaders) one at a time.', 'triage' ),
					__( 'Turn off the OPcache JIT (opcache.jit = off), then OPcache itself, to see if the crashes stop.', 'triage' ),
					__( 'For a core dump: set rlimit_core = unlimited in the pool, reproduce, and read it with gdb.', 'triage' )
				);
			case 'worker_killed':
				return self::steps(
					__( 'Something killed the worker with SIGKILL, usually the kernel\'s out-of-memory killer: make the pool fit in memory.', 'triage' ),
					__( 'Confirm in the kernel log: journalctl -k | grep -i "out of memory".', 'triage' ),
					__( 'Compare worker memory × pm.max_children with the RAM left for PHP; the PHP-FPM pool check shows both and a safe pm.max_children.', 'triage' ),
					__( 'Find the request that grew the worker (the URL above) and lower memory_limit so PHP fails cleanly first.', 'triage' )
				);
			case 'memory_limit':
				return self::steps(
					__( 'Find what used the memory; raise the limit only if the need is real.', 'triage' ),
					'' !== $name
						/* translators: %s: plugin or theme name. */
						? sprintf( __( 'The message points at %s: update it or report the memory use to its authors.', 'triage' ), $name )
						: __( 'The message names the file that allocated last: often a query loading too many rows or a large image.', 'triage' ),
					__( 'If legitimate, raise WP_MEMORY_LIMIT (or memory_limit) a step, keeping workers × limit within RAM.', 'triage' )
				);
			case 'plugin_fatal':
			case 'theme_fatal':
				return self::steps(
					'' !== $name
						/* translators: %s: plugin or theme name. */
						? sprintf( __( 'Update, roll back or deactivate %s.', 'triage' ), $name )
						: __( 'Update, roll back or deactivate the plugin or theme named in the message.', 'triage' ),
					__( 'Safe mode turns it off for you only while you check; WP-CLI can deactivate it when wp-admin is down: wp plugin deactivate <slug>.', 'triage' ),
					__( 'Send the error line to its authors.', 'triage' )
				);
			case 'php_fatal':
				return self::steps(
					__( 'Read the message: the file it names is where to fix.', 'triage' ),
					__( 'If it is in wp-config.php or a must-use plugin, fix it there; if in core, reinstall the same WordPress version (wp core download --force --skip-content).', 'triage' )
				);
			case 'header_too_big':
				return self::steps(
					__( 'Raise the web server\'s FastCGI buffers and find what sends such headers.', 'triage' ),
					__( 'nginx: fastcgi_buffer_size 32k; fastcgi_buffers 16 32k; in the server block, then reload.', 'triage' ),
					__( 'Usually huge cookies or many Set-Cookie / Link headers from a plugin: check the response headers of the URL above.', 'triage' )
				);
			case 'database_unreachable':
				return self::steps(
					__( 'Start the database server and find out why it stopped.', 'triage' ),
					__( 'Check it runs: systemctl status mariadb (or mysql); start it if not.', 'triage' ),
					__( 'Read its error log for the shutdown or crash (out of memory, disk full, InnoDB corruption).', 'triage' ),
					__( 'Check DB_HOST in wp-config.php points at the running server and socket.', 'triage' )
				);
			case 'maintenance_stuck':
				return self::steps(
					__( 'Delete the .maintenance file, then re-run the update that was interrupted.', 'triage' ),
					__( 'Clear it from the Maintenance panel, or: wp triage maintenance clear (or delete .maintenance in the site folder by SFTP).', 'triage' ),
					__( 'Re-run the interrupted plugin, theme or core update: it may be half installed.', 'triage' )
				);
			case 'cron_pileup':
				return self::steps(
					__( 'Get wp-cron running again, from a system cron job.', 'triage' ),
					__( 'Add a system cron job: */5 * * * * wp cron event run --due-now --path=<site folder> (the Cron tab shows this site\'s line).', 'triage' ),
					__( 'The Cron tab shows which events are overdue and who owns them.', 'triage' )
				);
			case 'external_service':
				return self::steps(
					__( 'Give the call a short timeout, or stop making it in page views.', 'triage' ),
					'' !== $name
						/* translators: %s: plugin name. */
						? sprintf( __( 'Check %s\'s settings for the remote service, or report the slow calls to its authors.', 'triage' ), $name )
						: __( 'Find which plugin calls the host (the error line, or the external calls check).', 'triage' ),
					__( 'If the service is down, disable the feature that calls it until it is back.', 'triage' )
				);
			case 'killed_requests':
				return self::steps(
					__( 'The workers died without a word: read PHP-FPM\'s log and the kernel log for this time.', 'triage' ),
					__( 'A wall-clock limit (request_terminate_timeout), a crash (signal 11) or the out-of-memory killer (signal 9): PHP-FPM\'s log says which.', 'triage' ),
					__( 'Make PHP-FPM\'s log readable to the web user (see the blind spots above) so Triage can name the cause.', 'triage' )
				);
			default:
				return self::steps(
					__( 'Read the evidence lines; open the logs Triage cannot read (see the blind spots) to name the cause.', 'triage' )
				);
		}//end switch
	}

	/**
	 * A fix from its summary and steps.
	 *
	 * @param string $summary  Summary.
	 * @param string ...$steps Steps.
	 * @return array{summary: string, steps: array<int, string>}
	 */
	private static function steps( string $summary, string ...$steps ): array {
		return array(
			'summary' => $summary,
			'steps'   => $steps,
		);
	}
}
