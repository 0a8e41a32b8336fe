<?php
/**
 * Records how long WordPress's outgoing HTTP requests take.
 *
 * @package Triage
 */

namespace Triage\Health;

defined( 'ABSPATH' ) || exit;

/**
 * Keeps the last calls (host, duration, outcome, the plugin that made it) in a small, non-autoloaded option. A request that makes
 * no outgoing call pays two hook registrations and writes nothing; one that does writes once, at shutdown.
 */
final class Http_Call_Recorder {

	public const OPTION = 'triage_http_calls';

	/** Ring buffer size. */
	public const KEEP = 100;

	/** Calls older than this are dropped. */
	public const WINDOW = DAY_IN_SECONDS;

	/**
	 * Start times by URL, for calls in flight.
	 *
	 * @var array<string, float>
	 */
	private $started = array();

	/**
	 * Calls finished in this request.
	 *
	 * @var array<int, array{host: string, seconds: float, status: int, error: string, time: int, plugin: string}>
	 */
	private $calls = array();

	/**
	 * Hooks the recorder.
	 *
	 * @return void
	 */
	public function register(): void {
		add_filter( 'pre_http_request', array( $this, 'start' ), PHP_INT_MAX, 3 );
		add_action( 'http_api_debug', array( $this, 'finish' ), 10, 5 );
	}

	/**
	 * Notes when a request starts; changes nothing.
	 *
	 * @param false|array<string, mixed>|\WP_Error $preempt Short-circuit value.
	 * @param array<string, mixed>                 $args    Request arguments.
	 * @param string                               $url     URL.
	 * @return false|array<string, mixed>|\WP_Error
	 */
	public function start( $preempt, $args, $url ) {
		if ( false === $preempt ) {
			$this->started[ (string) $url ] = microtime( true );
		}
		return $preempt;
	}

	/**
	 * Records a finished request.
	 *
	 * @param array<string, mixed>|\WP_Error $response  Response or error.
	 * @param string                         $context   Always "response".
	 * @param string                         $transport Transport class.
	 * @param array<string, mixed>           $args      Request arguments.
	 * @param string                         $url       URL.
	 * @return void
	 */
	public function finish( $response, $context, $transport, $args, $url ): void {
		$url = (string) $url;
		if ( ! isset( $this->started[ $url ] ) ) {
			return;
		}
		$seconds = microtime( true ) - $this->started[ $url ];
		unset( $this->started[ $url ] );
		if ( ! $this->calls ) {
			add_action( 'shutdown', array( $this, 'save' ) );
		}
		$this->calls[] = array(
			'host'    => (string) wp_parse_url( $url, PHP_URL_HOST ),
			'seconds' => round( $seconds, 3 ),
			'status'  => is_wp_error( $response ) ? 0 : (int) wp_remote_retrieve_response_code( $response ),
			'error'   => is_wp_error( $response ) ? substr( $response->get_error_message(), 0, 200 ) : '',
			'time'    => time(),
			'plugin'  => self::caller(),
		);
	}

	/**
	 * The plugin that made the call: the first frame in a plugin folder other than Triage's own. Only runs
	 * after an outgoing call, which costs far more than a backtrace.
	 *
	 * @return string Slug, or '' when no plugin is on the stack (core, a theme).
	 */
	private static function caller(): string {
		$roots = array( rtrim( wp_normalize_path( WP_PLUGIN_DIR ), '/' ) . '/', rtrim( wp_normalize_path( WPMU_PLUGIN_DIR ), '/' ) . '/' );
		$own   = wp_normalize_path( dirname( __DIR__, 2 ) );
		foreach ( debug_backtrace( DEBUG_BACKTRACE_IGNORE_ARGS, 40 ) as $frame ) { // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_debug_backtrace -- names the plugin behind a slow call.
			$file = isset( $frame['file'] ) ? wp_normalize_path( $frame['file'] ) : '';
			foreach ( $roots as $root ) {
				if ( '' === $file || 0 !== strpos( $file, $root ) ) {
					continue;
				}
				$rest = substr( $file, strlen( $root ) );
				$slug = false === strpos( $rest, '/' ) ? (string) preg_replace( '/\.php$/', '', $rest ) : (string) strstr( $rest, '/', true );
				if ( $root . $slug !== $own ) {
					return $slug;
				}
			}
		}
		return '';
	}

	/**
	 * Appends this request's calls to the buffer.
	 *
	 * @return void
	 */
	public function save(): void {
		if ( ! $this->calls ) {
			return;
		}
		$calls       = array_merge( self::recent( time() ), $this->calls );
		$this->calls = array();
		update_option( self::OPTION, array_slice( $calls, -self::KEEP ), false );
	}

	/**
	 * Calls recorded within the window before $now.
	 *
	 * @param int $now Timestamp.
	 * @return array<int, array{host: string, seconds: float, status: int, error: string, time: int, plugin: string}>
	 */
	public static function recent( int $now ): array {
		$calls = get_option( self::OPTION, array() );
		if ( ! is_array( $calls ) ) {
			return array();
		}
		$kept = array();
		foreach ( $calls as $call ) {
			if ( is_array( $call ) && isset( $call['host'], $call['seconds'], $call['time'] ) && $now - (int) $call['time'] <= self::WINDOW ) {
				// The option is only written here, but it is still stored data: typed on the way out.
				$kept[] = array(
					'host'    => (string) $call['host'],
					'seconds' => (float) $call['seconds'],
					'status'  => isset( $call['status'] ) ? (int) $call['status'] : 0,
					'error'   => isset( $call['error'] ) ? (string) $call['error'] : '',
					'time'    => (int) $call['time'],
					'plugin'  => isset( $call['plugin'] ) ? (string) $call['plugin'] : '',
				);
			}
		}
		return $kept;
	}
}
