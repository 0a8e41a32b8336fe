<?php
/**
 * Shared set-up for bisection tests: probes answered as the must-use loader would.
 *
 * @package Triage
 */

use Triage\Bisect\Bisect_Sessions;
use Triage\Bisect\Candidates;
use Triage\Bisect\Culprit_Deactivator;
use Triage\Bisect\Probe_Runner;
use Triage\Bisect\Suspects;
use Triage\Files\Atomic_Writer;
use Triage\Logs\Debug_Log_Location;
use Triage\Logs\Log_Attributor;
use Triage\Logs\Log_Tail_Reader;
use Triage\Safe_Mode\Loader_Installer;
use Triage\Safe_Mode\Rescue_Links;
use Triage\Safe_Mode\Safe_Mode_Sessions;

Safe_Mode_Sessions::load_codec();

require_once dirname( __DIR__ ) . '/framework/class-triage-rest-testcase.php';

/**
 * A site with four active plugins where bad/bad.php breaks every page it loads on, and the service with
 * the must-use loader "installed" in a temp folder.
 */
abstract class Bisect_Test_Case extends Triage_REST_TestCase {

	const PLUGINS = array( 'alpha/alpha.php', 'bad/bad.php', 'gamma/gamma.php', 'keep/keep.php' );

	/**
	 * Requests the probes sent.
	 *
	 * @var array
	 */
	protected $requests = array();

	/**
	 * What each accepted probe loaded, as the loader read it.
	 *
	 * @var array
	 */
	protected $loads = array();

	/**
	 * Deactivator built by the last bisect() call, on the same safe mode sessions.
	 *
	 * @var Culprit_Deactivator
	 */
	protected $deactivator;

	/**
	 * Whether the stand-in site writes the loader's shutdown report (false: the worker "dies" first).
	 *
	 * @var bool
	 */
	protected $reports = true;

	/**
	 * Safe mode cookies sent.
	 *
	 * @var array
	 */
	protected $sent = array();

	protected function set_up() {
		$plugins = array();
		foreach ( self::PLUGINS as $file ) {
			$plugins[ $file ] = array( 'Name' => ucfirst( dirname( $file ) ) );
		}
		wp_cache_set( 'plugins', array( '' => $plugins ), 'plugins' );
		update_option( 'active_plugins', self::PLUGINS );
		$this->requests = array();
		$this->loads    = array();
		$this->sent     = array();
		$this->reports  = true;
		add_filter( 'pre_http_request', array( $this, 'answer_as_the_loader' ), 10, 3 );
	}

	protected function tear_down() {
		remove_filter( 'pre_http_request', array( $this, 'answer_as_the_loader' ), 10 );
		wp_cache_delete( 'plugins', 'plugins' );
		unset( $_COOKIE[ Triage_Safe_Mode_Loader::COOKIE ] );
	}

	/**
	 * Stands in for the site: checks the override as the loader does; the site fails when bad/bad.php loads.
	 *
	 * @param mixed  $pre  Short-circuit value.
	 * @param array  $args Request arguments.
	 * @param string $url  URL.
	 * @return array
	 */
	public function answer_as_the_loader( $pre, $args, $url ) {
		$this->requests[] = array(
			'url'  => $url,
			'args' => $args,
		);
		$probe            = Triage_Safe_Mode_Loader::verify_probe( (string) $args['headers']['X-Triage-Probe'], time() );
		$load             = null !== $probe ? Triage_Safe_Mode_Loader::consume_probe( $probe, time() ) : null;
		$accepted         = null !== $load;
		$fails            = $accepted && in_array( 'bad/bad.php', $load['k'], true );
		if ( $accepted ) {
			$this->loads[] = $load + array( 'u' => $probe['u'] );
		}
		if ( $accepted && $this->reports ) {
			// What the loader's shutdown handler writes for this request: its own errors only.
			$file = WP_PLUGIN_DIR . '/bad/bad.php';
			set_transient(
				Triage_Safe_Mode_Loader::PROBE_RESULT_PREFIX . $probe['n'],
				array(
					'fatal'        => $fails ? array(
						'message' => 'Uncaught Error: Call to undefined function bad_helper()',
						'file'    => 'wp-content/plugins/bad/bad.php',
						'line'    => 3,
					) : null,
					'peak_memory'  => 4194304,
					'memory_limit' => '256M',
					'ignored'      => false,
					'theme'        => null,
					'errors'       => $fails ? array(
						array(
							'level'   => 'fatal',
							'message' => 'Uncaught Error: Call to undefined function bad_helper()',
							'file'    => $file,
							'line'    => 3,
						),
					) : array(),
					'more_errors'  => 0,
				),
				600
			);
		}
		return array(
			'headers'  => array( 'x-triage-probe' => $accepted ? 'accepted' : '' ),
			'body'     => $fails ? 'There has been a critical error on this website.' : '<html>ok</html>',
			'response' => array(
				'code'    => $fails ? 500 : 200,
				'message' => '',
			),
			'cookies'  => array(),
			'filename' => null,
		);
	}

	/**
	 * The service, with the loader "installed" in a temp folder.
	 *
	 * @param bool $installed Whether the loader is installed.
	 * @return Bisect_Sessions
	 */
	protected function bisect( $installed = true ) {
		$mu        = sys_get_temp_dir() . '/triage-bisect-' . uniqid( '', true );
		$installer = new Loader_Installer( new Atomic_Writer(), $mu, TRIAGE_TESTS_ROOT . '/mu-plugin/triage-loader.php', 'triage/plugin.php' );
		if ( $installed ) {
			mkdir( $mu );
			$installer->install();
			register_shutdown_function(
				static function () use ( $mu ) {
					if ( file_exists( $mu . '/triage-loader.php' ) ) {
						unlink( $mu . '/triage-loader.php' );
					}
					if ( is_dir( $mu ) ) {
						rmdir( $mu );
					}
				}
			);
		}
		$safe_mode         = new Safe_Mode_Sessions(
			$installer,
			new Rescue_Links(),
			function ( $value, $expires ) {
				$this->sent[] = array( $value, $expires );
			}
		);
		$this->deactivator = new Culprit_Deactivator( $safe_mode );
		return new Bisect_Sessions( $safe_mode, new Probe_Runner( $this->attributor() ), new Candidates( $safe_mode, $this->suspects(), new Debug_Log_Location() ), $installer );
	}

	/**
	 * Suspects read with the log's own tail reader and attribution.
	 *
	 * @return Suspects
	 */
	protected function suspects() {
		return new Suspects( new Log_Tail_Reader( $this->attributor() ) );
	}

	/**
	 * Names the plugin or theme of a file, for this site's folders.
	 *
	 * @return Log_Attributor
	 */
	protected function attributor() {
		return new Log_Attributor( WP_PLUGIN_DIR, WPMU_PLUGIN_DIR, array( get_theme_root() ), ABSPATH );
	}

	/**
	 * An automatic session's input.
	 *
	 * @param array $symptom Symptom fields to change.
	 * @return array
	 */
	protected function auto_input( array $symptom = array() ) {
		return array(
			'mode'      => 'auto',
			'must_keep' => array( 'keep/keep.php' ),
			'symptom'   => $symptom + array(
				'url'   => '/shop/',
				'tests' => array( 'status' => true ),
			),
		);
	}
}
