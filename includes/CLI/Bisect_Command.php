<?php
/**
 * `wp triage bisect`.
 *
 * @package Triage
 */

namespace Triage\CLI;

use Triage\Bisect\Bisect_Sessions;
use Triage\Bisect\Search;
use Triage\Capabilities;
use WP_CLI;

defined( 'ABSPATH' ) || exit;

/**
 * Automatic bisection from the shell: the Bisect tab's search (Triage\Bisect\Search, the PHP twin of
 * search.ts) driving the same session service and probe runner as POST /triage/v1/bisect/probe.
 */
final class Bisect_Command {

	/**
	 * Bisection sessions (built when first used).
	 *
	 * @var callable(): Bisect_Sessions
	 */
	private $sessions;

	/**
	 * Who may run it.
	 *
	 * @var Access
	 */
	private $access;

	/**
	 * Keeps its services.
	 *
	 * @param callable $sessions Factory of the sessions service.
	 * @param Access   $access   Capability rule.
	 */
	public function __construct( callable $sessions, Access $access ) {
		$this->sessions = $sessions;
		$this->access   = $access;
	}

	/**
	 * Finds which plugin (or pair of plugins, or the theme) breaks a page.
	 *
	 * Loads sets of plugins for test requests only (visitors keep every plugin) and narrows them down,
	 * with progress on each probe.
	 *
	 * Needs WP-CLI's global --user=<id|login>, naming someone who may use safe mode: the session is theirs,
	 * and logged-in probes carry their login. The page is given with --page, because WP-CLI keeps --url
	 * for choosing the site (on multisite, --url picks the site and --page the page on it).
	 * The web server must answer: bisection compares real requests.
	 * Exit code: 0 when culprits were found or the symptom did not appear, 1 otherwise.
	 *
	 * ## OPTIONS
	 *
	 * [--page=<path>]
	 * : The page that shows the symptom: a path on this site (/shop/) or a full URL of this site.
	 * ---
	 * default: /
	 * ---
	 *
	 * [--test=<tests>]
	 * : How to tell it is broken, comma-separated: status (HTTP 5xx or 4xx), fatal (a fatal error in the
	 * answer or the log), time>N (slower than N seconds), contains:TEXT, lacks:TEXT, memory>N (MB).
	 * ---
	 * default: status,fatal
	 * ---
	 *
	 * [--keep=<plugins>]
	 * : Plugins that stay loaded in every probe (comma-separated basenames).
	 *
	 * [--logged-in]
	 * : Probe as the --user, logged in (for admin or account pages).
	 *
	 * [--repeats=<n>]
	 * : Verdicts per set (1 to 5); more than one tells a flaky symptom from a culprit.
	 * ---
	 * default: 1
	 * ---
	 *
	 * [--confirm]
	 * : When the culprit is only "seen once" (one verdict per set), re-check it until it failed alone in
	 * 8 requests, so the result is "certain" or "flaky".
	 *
	 * [--timeout=<seconds>]
	 * : Time limit of one probe.
	 * ---
	 * default: 15
	 * ---
	 *
	 * [--format=<format>]
	 * : Output format (progress lines are printed with text only).
	 * ---
	 * default: text
	 * options:
	 *   - text
	 *   - json
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp triage bisect --user=admin --page=/shop/ --test=status,fatal
	 *     $ wp triage bisect --user=admin --page=/ --test='time>3' --keep=woocommerce/woocommerce.php --format=json
	 *
	 * @param string[]             $args  Positional arguments (none).
	 * @param array<string, mixed> $assoc Options.
	 * @return void
	 */
	public function __invoke( array $args, array $assoc ): void {
		$user     = $this->access->user( Capabilities::SAFE_MODE );
		$format   = Output::format( $assoc, array( 'text', 'json' ) );
		$sessions = $this->service();
		$session  = $sessions->start(
			$user,
			array(
				'mode'      => 'auto',
				'symptom'   => array(
					'url'       => (string) ( $assoc['page'] ?? '/' ),
					'method'    => 'GET',
					'logged_in' => (bool) \WP_CLI\Utils\get_flag_value( $assoc, 'logged-in', false ),
					'timeout'   => (int) ( $assoc['timeout'] ?? 15 ),
					'tests'     => self::tests( (string) ( $assoc['test'] ?? 'status,fatal' ) ),
				),
				'must_keep' => isset( $assoc['keep'] ) ? Output::list( (string) $assoc['keep'] ) : array(),
				'repeats'   => (int) ( $assoc['repeats'] ?? 1 ),
			)
		);
		if ( is_wp_error( $session ) ) {
			Output::fail( $session );
			return;
		}
		$config = array(
			'candidates' => $session['candidates'],
			'suspects'   => $session['suspects'],
			'repeats'    => $session['repeats'],
		);
		if ( 'json' !== $format ) {
			WP_CLI::log( sprintf( 'Bisecting %d candidates on %s (%s).', count( $session['candidates'] ), $session['symptom']['url'], (string) ( $assoc['test'] ?? 'status,fatal' ) ) );
		}
		$confirm = (bool) \WP_CLI\Utils\get_flag_value( $assoc, 'confirm', false );
		for ( ;; ) {
			$step = Search::next_step( $config, self::history( $session ), $confirm );
			if ( 'done' === $step['kind'] ) {
				break;
			}
			$probed = $sessions->probe( $user, $step['set'], count( $session['observations'] ) );
			if ( is_wp_error( $probed ) ) {
				$sessions->end( $user );
				Output::fail( $probed );
				return;
			}
			$session = $probed['session'];
			if ( 'json' !== $format ) {
				WP_CLI::log( self::progress( $step, $probed['observation'] ) );
			}
		}
		$sessions->end( $user );
		$outcome = $step['outcome'];
		$data    = array(
			'outcome'      => $outcome,
			'page'         => $session['symptom']['url'],
			'tests'        => $session['symptom']['tests'],
			'candidates'   => $session['candidates'],
			'must_keep'    => $session['must_keep'],
			'probes'       => count( $session['observations'] ),
			'observations' => array_map( array( self::class, 'observation' ), $session['observations'] ),
		);
		if ( 'json' === $format ) {
			Output::json( 'bisect', $data );
		} else {
			self::conclude( $outcome, $session['observations'] );
		}
		WP_CLI::halt( in_array( $outcome['kind'], array( 'culprits', 'no-symptom' ), true ) ? 0 : 1 );
	}

	/**
	 * The --test list as the symptom's tests.
	 *
	 * @param string $value List.
	 * @return array<string, mixed>
	 */
	private static function tests( string $value ): array {
		$tests = array(
			'status'         => false,
			'fatal'          => false,
			'slower_than'    => null,
			'contains'       => '',
			'lacks'          => '',
			'memory_over_mb' => null,
		);
		foreach ( Output::list( $value ) as $test ) {
			if ( 'status' === $test || 'fatal' === $test ) {
				$tests[ $test ] = true;
			} elseif ( preg_match( '/^time\s*>\s*(\d+(?:\.\d+)?)$/', $test, $match ) ) {
				$tests['slower_than'] = (float) $match[1];
			} elseif ( preg_match( '/^memory\s*>\s*(\d+)$/', $test, $match ) ) {
				$tests['memory_over_mb'] = (int) $match[1];
			} elseif ( preg_match( '/^(contains|lacks):(.+)$/s', $test, $match ) ) {
				$tests[ $match[1] ] = $match[2];
			} else {
				WP_CLI::error( sprintf( 'Unknown test "%s": use status, fatal, time>N, memory>N, contains:TEXT or lacks:TEXT.', $test ) );
			}
		}
		return $tests;
	}

	/**
	 * Observations as the search reads them.
	 *
	 * @param array<string, mixed> $session Session.
	 * @return array<int, array{set: string[], verdict: string}>
	 */
	private static function history( array $session ): array {
		$history = array();
		foreach ( $session['observations'] as $observation ) {
			$history[] = array(
				'set'     => array_map( 'strval', (array) $observation['set'] ),
				'verdict' => (string) $observation['verdict'],
			);
		}
		return $history;
	}

	/**
	 * One observation for the JSON answer (the probe's evidence without the log excerpt).
	 *
	 * @param array<string, mixed> $observation Observation.
	 * @return array<string, mixed>
	 */
	private static function observation( array $observation ): array {
		$probe = is_array( $observation['probe'] ) ? $observation['probe'] : array();
		return array(
			'set'     => $observation['set'],
			'verdict' => $observation['verdict'],
			'status'  => $probe['status'] ?? null,
			'time'    => $probe['time'] ?? null,
			'failed'  => $probe['failed'] ?? array(),
			'error'   => $probe['error'] ?? null,
		);
	}

	/**
	 * One progress line.
	 *
	 * @param array<string, mixed> $step        The step just probed.
	 * @param array<string, mixed> $observation Its observation.
	 * @return string
	 */
	private static function progress( array $step, array $observation ): string {
		$probe  = is_array( $observation['probe'] ) ? $observation['probe'] : array();
		$status = $probe['status'] ?? null;
		return sprintf(
			'Probe %d/~%d (%s): %d loaded → %s%s',
			$step['done'] + 1,
			$step['estimate'],
			$step['purpose'],
			count( $step['set'] ),
			$observation['verdict'],
			null === $status ? ' (' . (string) ( $probe['error'] ?? 'no answer' ) . ')' : sprintf( ' (HTTP %d, %.2f s)', (int) $status, (float) ( $probe['time'] ?? 0 ) )
		);
	}

	/**
	 * The result, for a person.
	 *
	 * @param array<string, mixed>             $outcome      Outcome.
	 * @param array<int, array<string, mixed>> $observations Observations.
	 * @return void
	 */
	private static function conclude( array $outcome, array $observations ): void {
		switch ( $outcome['kind'] ) {
			case 'culprits':
				foreach ( $outcome['groups'] as $group ) {
					WP_CLI::success( ( count( $group ) > 1 ? 'Fails only together: ' : 'Culprit: ' ) . implode( ' + ', $group ) );
				}
				WP_CLI::log( sprintf( 'Evidence: probe %d fails with it, probe %d passes without it.', $outcome['failing'] + 1, $outcome['passing'] + 1 ) );
				if ( 'certain' === $outcome['confidence'] ) {
					WP_CLI::log( sprintf( 'Certain: it failed in all %d requests that loaded it alone, and the page worked without it each time.', (int) $outcome['seen'] ) );
				} else {
					WP_CLI::warning( 'Seen once: re-checked once, which cannot tell a culprit from a problem that comes and goes. Run again with --confirm before acting on it.' );
				}
				return;
			case 'no-symptom':
				WP_CLI::success( 'The page did not show the symptom with every plugin loaded: nothing to bisect.' );
				return;
			case 'not-plugins':
				WP_CLI::warning( 'The page fails with every plugin unloaded too: the cause is not a plugin (theme kept, core, server).' );
				return;
			case 'flaky':
				WP_CLI::warning( sprintf( 'The symptom comes and goes (%s, probes %s): no culprit named. Try --repeats=3.', $outcome['reason'], implode( ', ', array_map( 'strval', (array) $outcome['observations'] ) ) ) );
				return;
			default:
				WP_CLI::warning( sprintf( 'Inconclusive (%s) after %d probes.', (string) ( $outcome['reason'] ?? '' ), count( $observations ) ) );
		}//end switch
	}

	/**
	 * The service.
	 *
	 * @return Bisect_Sessions
	 */
	private function service(): Bisect_Sessions {
		return call_user_func( $this->sessions );
	}
}
