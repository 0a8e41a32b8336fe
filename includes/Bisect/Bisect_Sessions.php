<?php
/**
 * One administrator's bisection, kept on the server.
 *
 * @package Triage
 */

namespace Triage\Bisect;

use Triage\Files\File_Mods;
use Triage\Safe_Mode\Loader_Installer;
use Triage\Safe_Mode\Safe_Mode_Sessions;
use WP_Error;

defined( 'ABSPATH' ) || exit;

/**
 * The session holds the candidates, the symptom and every observation (the set tested and its verdict,
 * with the probe's evidence), in user meta per site. The search itself runs in the page
 * (src/features/bisect/search.ts) and is replayed from the observations, so a reload resumes it and "undo" drops
 * the last one. A session expires after two idle hours.
 */
final class Bisect_Sessions {

	public const META_PREFIX      = 'triage_bisect_';
	public const IDLE_EXPIRY      = 7200;
	public const MAX_OBSERVATIONS = 200;
	public const MAX_REPEATS      = 5;

	/**
	 * Safe mode sessions (guided mode puts the admin's own session on each set).
	 *
	 * @var Safe_Mode_Sessions
	 */
	private $safe_mode;

	/**
	 * Probe runner.
	 *
	 * @var Probe_Runner
	 */
	private $runner;

	/**
	 * What can be bisected.
	 *
	 * @var Candidates
	 */
	private $candidates;

	/**
	 * Loader installer.
	 *
	 * @var Loader_Installer
	 */
	private $installer;

	/**
	 * Takes its collaborators.
	 *
	 * @param Safe_Mode_Sessions $safe_mode  Safe mode sessions.
	 * @param Probe_Runner       $runner     Probe runner.
	 * @param Candidates         $candidates What can be bisected.
	 * @param Loader_Installer   $installer  Loader installer.
	 */
	public function __construct( Safe_Mode_Sessions $safe_mode, Probe_Runner $runner, Candidates $candidates, Loader_Installer $installer ) {
		$this->safe_mode  = $safe_mode;
		$this->runner     = $runner;
		$this->candidates = $candidates;
		$this->installer  = $installer;
	}

	/**
	 * The user's session on this site, or null (an expired or damaged one is deleted).
	 *
	 * @param int $user_id User.
	 * @return array<string, mixed>|null Shape: REST/schemas/bisect/bisect-session.json.
	 */
	public function get( int $user_id ): ?array {
		$session = get_user_meta( $user_id, $this->meta_key(), true );
		if ( '' === $session ) {
			return null;
		}
		$valid = is_array( $session ) && isset( $session['id'], $session['expires_at'], $session['mode'], $session['candidates'], $session['must_keep'], $session['observations'], $session['suspects'] )
			&& in_array( $session['mode'], array( 'auto', 'guided' ), true ) && is_array( $session['candidates'] ) && is_array( $session['must_keep'] )
			&& is_array( $session['observations'] ) && is_array( $session['suspects'] ) && ( 'guided' === $session['mode'] || is_array( $session['symptom'] ) );
		if ( ! $valid || (int) $session['expires_at'] <= time() ) {
			delete_user_meta( $user_id, $this->meta_key() );
			return null;
		}
		return self::normalized( $session );
	}

	/**
	 * A stored session in the current shape: one saved before probes carried their own report lacks the
	 * theme's status, and its probes' log lines came from the shared log (any request's), so they go.
	 *
	 * @param array<string, mixed> $session Stored session.
	 * @return array<string, mixed>
	 */
	private static function normalized( array $session ): array {
		$session['theme'] = isset( $session['theme'] ) && is_array( $session['theme'] ) ? $session['theme'] : null;
		foreach ( $session['observations'] as $index => $observation ) {
			if ( ! is_array( $observation ) || ! isset( $observation['probe'] ) || ! is_array( $observation['probe'] ) ) {
				continue;
			}
			$probe        = $observation['probe'] + array(
				'reported' => false,
				'log_more' => 0,
				'note'     => null,
				'lead'     => null,
			);
			$probe['log'] = array_values( array_filter( isset( $probe['log'] ) ? (array) $probe['log'] : array(), 'is_array' ) );

			$session['observations'][ $index ]['probe'] = $probe;
		}
		return $session;
	}

	/**
	 * Starts (or replaces) a session.
	 *
	 * @param int                  $user_id User.
	 * @param array<string, mixed> $input   mode, symptom, candidates, must_keep, repeats, check_url.
	 * @param bool                 $dry_run Validate only: nothing is saved.
	 * @return array<string, mixed>|WP_Error Session.
	 */
	public function start( int $user_id, array $input, bool $dry_run = false ) {
		$mode = isset( $input['mode'] ) ? (string) $input['mode'] : 'auto';
		if ( ! in_array( $mode, array( 'auto', 'guided' ), true ) ) {
			return new WP_Error( 'triage_bisect_mode', __( 'The mode must be automatic or guided.', 'triage' ), array( 'status' => 400 ) );
		}
		$listed    = $this->candidates->all();
		$available = wp_list_pluck( $listed, 'id' );
		if ( array() === $available ) {
			return new WP_Error( 'triage_bisect_no_candidates', __( 'There is nothing to bisect: no plugin is active besides Triage, and no default theme can stand in for the active theme.', 'triage' ), array( 'status' => 400 ) );
		}
		$chosen = isset( $input['candidates'] ) && array() !== (array) $input['candidates'] ? array_values( array_unique( array_map( 'strval', (array) $input['candidates'] ) ) ) : $available;
		$keep   = array_values( array_unique( array_map( 'strval', isset( $input['must_keep'] ) ? (array) $input['must_keep'] : array() ) ) );
		if ( array() !== array_diff( $chosen, $available ) || array() !== array_diff( $keep, $available ) ) {
			return new WP_Error( 'triage_bisect_unknown_candidate', __( 'Only active plugins (and the active theme) can be bisected or kept.', 'triage' ), array( 'status' => 400 ) );
		}
		$chosen = array_values( array_diff( $chosen, $keep ) );
		$theme  = $this->theme_status( $chosen, $keep );
		// A kept theme is simply not a candidate: the active theme loads in every probe.
		$keep = array_values( array_filter( $keep, array( Candidates::class, 'is_plugin' ) ) );
		if ( array() === $chosen ) {
			return new WP_Error( 'triage_bisect_no_candidates', __( 'There is nothing to bisect: every candidate is on the must-keep list.', 'triage' ), array( 'status' => 400 ) );
		}
		$symptom = null;
		if ( 'auto' === $mode ) {
			$symptom = Symptom::from_array( isset( $input['symptom'] ) ? (array) $input['symptom'] : array(), $this->bases() );
			if ( is_wp_error( $symptom ) ) {
				return $symptom;
			}
		}
		$check_url = Symptom::resolve_url( isset( $input['check_url'] ) ? (string) $input['check_url'] : '', $this->bases() );
		if ( 'guided' === $mode && null === $check_url ) {
			return new WP_Error( 'triage_bisect_foreign_url', __( 'The page to check must be on this site.', 'triage' ), array( 'status' => 400 ) );
		}
		$loader = $this->installer->status();
		if ( ! $loader['installed'] && ! $dry_run ) {
			// On a site that forbids installing code, that is the reason it is missing.
			$refused = File_Mods::refusal( File_Mods::LOADER, $loader['manual'] );
			return null !== $refused ? $refused : new WP_Error( 'triage_loader_missing', __( 'Bisection needs the safe mode must-use loader, which is not installed.', 'triage' ) . ' ' . $loader['manual'], array( 'status' => 409 ) );
		}
		$suspects = array();
		foreach ( $listed as $candidate ) {
			if ( null !== $candidate['suspect'] && in_array( $candidate['id'], $chosen, true ) ) {
				$suspects[] = $candidate['id'];
			}
		}
		$now     = time();
		$session = array(
			'id'           => bin2hex( random_bytes( 8 ) ),
			'mode'         => $mode,
			'created_at'   => $now,
			'updated_at'   => $now,
			'expires_at'   => $now + self::IDLE_EXPIRY,
			'symptom'      => null !== $symptom ? $symptom->to_array() : null,
			'theme'        => $theme,
			'check_url'    => 'guided' === $mode ? $check_url : null,
			'candidates'   => $chosen,
			'suspects'     => $suspects,
			'must_keep'    => $keep,
			'repeats'      => 'auto' === $mode ? max( 1, min( self::MAX_REPEATS, isset( $input['repeats'] ) ? (int) $input['repeats'] : 1 ) ) : 1,
			'observations' => array(),
			'pending'      => null,
		);
		return $dry_run ? $session : $this->save( $user_id, $session );
	}

	/**
	 * Automatic mode: probes a set and records the verdict.
	 *
	 * @param int      $user_id  User.
	 * @param string[] $set      Candidates to load.
	 * @param int      $expected Observations the page has; a different count means another tab moved on.
	 * @return array{observation: array<string, mixed>, session: array<string, mixed>}|WP_Error
	 */
	public function probe( int $user_id, array $set, int $expected ) {
		$session = $this->checked( $user_id, 'auto', $set, $expected );
		if ( is_wp_error( $session ) ) {
			return $session;
		}
		$symptom = Symptom::from_array( (array) $session['symptom'], $this->bases() );
		if ( is_wp_error( $symptom ) ) {
			return $symptom;
		}
		// One probe may take up to its timeout: give this request that long again, unless it has no limit
		// (WP-CLI, a test run), which a limit would only shorten.
		if ( function_exists( 'set_time_limit' ) && 0 !== (int) ini_get( 'max_execution_time' ) ) {
			set_time_limit( (int) ceil( $symptom->timeout() ) + 30 ); // phpcs:ignore Squiz.PHP.DiscouragedFunctions.Discouraged -- see above.
		}
		list( $plugins, $default_theme ) = $this->load_list( $session, $set );
		$probe                           = $this->runner->run( $symptom, $user_id, $plugins, $default_theme );
		if ( null !== $probe['lead'] ) {
			// Its own fatal error names a plugin or theme: which candidate that is, if any.
			$probe['lead']['candidate'] = Candidates::id_for( $probe['lead']['type'], $probe['lead']['slug'], $session['candidates'], (string) get_option( 'template' ) );
		}
		if ( null !== $probe['status'] && ! $probe['accepted'] && null !== $probe['error'] ) {
			// Probe_Runner recognised a firewall's or security plugin's answer: say so, record nothing.
			return new WP_Error( 'triage_bisect_probe_blocked', $probe['error'], array( 'status' => 502 ) );
		}
		if ( null !== $probe['status'] && ! $probe['accepted'] ) {
			return new WP_Error(
				'triage_bisect_probe_ignored',
				sprintf(
					/* translators: %d: HTTP status code. */
					__( 'The site answered (HTTP %d) without applying the test’s plugin set: a page cache, a proxy that drops the X-Triage-Probe header, a must-use plugin that failed before Triage’s loader, or a login that did not carry over. Nothing was recorded.', 'triage' ),
					$probe['status']
				),
				array( 'status' => 502 )
			);
		}
		// The probe took a while: another tab may have moved the session on meanwhile.
		$current = $this->get( $user_id );
		if ( null === $current || $current['id'] !== $session['id'] || count( $current['observations'] ) !== $expected ) {
			return $this->moved_on();
		}
		$session                   = $current;
		$observation               = array(
			'set'     => $set,
			'verdict' => $probe['verdict'],
			'source'  => 'probe',
			'at'      => time(),
			'probe'   => $probe,
		);
		$session['observations'][] = $observation;
		$saved                     = $this->save( $user_id, $session );
		return is_wp_error( $saved ) ? $saved : array(
			'observation' => $observation,
			'session'     => $saved,
		);
	}

	/**
	 * Guided mode: puts the admin's own safe mode session on a set, to be judged next.
	 *
	 * @param int      $user_id  User.
	 * @param string[] $set      Candidates to load.
	 * @param int      $expected Observations the page has.
	 * @return array<string, mixed>|WP_Error Session.
	 */
	public function step( int $user_id, array $set, int $expected ) {
		$session = $this->checked( $user_id, 'guided', $set, $expected );
		if ( is_wp_error( $session ) ) {
			return $session;
		}
		list( $plugins, $default_theme ) = $this->load_list( $session, $set );
		$started                         = $this->safe_mode->start( $user_id, $plugins, $default_theme, self::IDLE_EXPIRY, false, $session['must_keep'] );
		if ( is_wp_error( $started ) ) {
			return $started;
		}
		$session['pending'] = $set;
		return $this->save( $user_id, $session );
	}

	/**
	 * Guided mode: records the admin's verdict on the pending set.
	 *
	 * @param int    $user_id  User.
	 * @param string $verdict  fail (still broken) or pass.
	 * @param int    $expected Observations the page has.
	 * @return array<string, mixed>|WP_Error Session.
	 */
	public function answer( int $user_id, string $verdict, int $expected ) {
		$session = $this->get( $user_id );
		if ( null === $session || 'guided' !== $session['mode'] || ! is_array( $session['pending'] ) ) {
			return new WP_Error( 'triage_bisect_nothing_pending', __( 'There is no step waiting for an answer.', 'triage' ), array( 'status' => 409 ) );
		}
		if ( count( $session['observations'] ) !== $expected ) {
			return $this->moved_on();
		}
		$session['observations'][] = array(
			'set'     => $session['pending'],
			'verdict' => 'fail' === $verdict ? 'fail' : 'pass',
			'source'  => 'admin',
			'at'      => time(),
			'probe'   => null,
		);
		$session['pending']        = null;
		return $this->save( $user_id, $session );
	}

	/**
	 * Drops the last observation.
	 *
	 * @param int $user_id  User.
	 * @param int $expected Observations the page has.
	 * @return array<string, mixed>|WP_Error Session.
	 */
	public function undo( int $user_id, int $expected ) {
		$session = $this->get( $user_id );
		if ( null === $session || array() === $session['observations'] ) {
			return new WP_Error( 'triage_bisect_nothing_to_undo', __( 'There is no answer to undo.', 'triage' ), array( 'status' => 409 ) );
		}
		if ( count( $session['observations'] ) !== $expected ) {
			return $this->moved_on();
		}
		array_pop( $session['observations'] );
		$session['pending'] = null;
		return $this->save( $user_id, $session );
	}

	/**
	 * Ends the session; a guided one also ends the safe mode session it drove.
	 *
	 * @param int $user_id User.
	 * @return void
	 */
	public function end( int $user_id ): void {
		$session = $this->get( $user_id );
		delete_user_meta( $user_id, $this->meta_key() );
		if ( null !== $session && 'guided' === $session['mode'] ) {
			$this->safe_mode->stop( $user_id );
		}
	}

	/**
	 * The session, when a set may be tested in it now.
	 *
	 * @param int      $user_id  User.
	 * @param string   $mode     Mode the action belongs to.
	 * @param string[] $set      Candidates to load.
	 * @param int      $expected Observations the page has.
	 * @return array<string, mixed>|WP_Error
	 */
	private function checked( int $user_id, string $mode, array $set, int $expected ) {
		$session = $this->get( $user_id );
		if ( null === $session ) {
			return new WP_Error( 'triage_bisect_no_session', __( 'No bisection is running (it may have expired). Start a new one.', 'triage' ), array( 'status' => 409 ) );
		}
		if ( $mode !== $session['mode'] ) {
			return new WP_Error( 'triage_bisect_wrong_mode', __( 'This bisection runs in the other mode.', 'triage' ), array( 'status' => 409 ) );
		}
		if ( count( $session['observations'] ) !== $expected ) {
			return $this->moved_on();
		}
		if ( count( $session['observations'] ) >= self::MAX_OBSERVATIONS ) {
			return new WP_Error( 'triage_bisect_budget', __( 'This bisection has used all its probes.', 'triage' ), array( 'status' => 409 ) );
		}
		if ( array() !== array_diff( $set, $session['candidates'] ) ) {
			return new WP_Error( 'triage_bisect_unknown_candidate', __( 'The set to test may only hold this bisection’s candidates.', 'triage' ), array( 'status' => 400 ) );
		}
		return $session;
	}

	/**
	 * Whether the active theme is tested in this session, and if not, why: kept loaded by the admin, left
	 * out of the candidates, or no other theme can stand in for it (the result must then say the theme was
	 * not tested, not that it is not the cause). Null when the site names no theme.
	 *
	 * @param string[] $chosen Candidates of the session.
	 * @param string[] $keep   What the admin keeps loaded (plugins and maybe the theme).
	 * @return array{id: string, name: string, tested: bool, reason: string, stand_in: ?string}|null
	 */
	private function theme_status( array $chosen, array $keep ): ?array {
		$theme = $this->candidates->theme();
		if ( null === $theme ) {
			return null;
		}
		$tested = in_array( $theme['id'], $chosen, true );
		if ( $tested ) {
			$reason = 'tested';
		} elseif ( '' === $theme['stand_in'] ) {
			$reason = 'no_stand_in';
		} elseif ( in_array( $theme['id'], $keep, true ) ) {
			$reason = 'kept';
		} else {
			$reason = 'not_chosen';
		}
		return array(
			'id'       => $theme['id'],
			'name'     => $theme['name'],
			'tested'   => $tested,
			'reason'   => $reason,
			'stand_in' => '' !== $theme['stand_in'] ? $theme['stand_in'] : null,
		);
	}

	/**
	 * The refusal when the session moved on elsewhere.
	 *
	 * @return WP_Error
	 */
	private function moved_on(): WP_Error {
		return new WP_Error( 'triage_bisect_moved_on', __( 'This bisection moved on in another tab or window. Reload to continue from where it is.', 'triage' ), array( 'status' => 409 ) );
	}

	/**
	 * Plugins to load and whether to use the default theme, for a set.
	 *
	 * @param array<string, mixed> $session Session.
	 * @param string[]             $set     Candidates to load.
	 * @return array{0: string[], 1: bool}
	 */
	private function load_list( array $session, array $set ): array {
		$plugins = array_values( array_merge( $session['must_keep'], array_filter( $set, array( Candidates::class, 'is_plugin' ) ) ) );
		$theme   = array_values( array_filter( $session['candidates'], array( Candidates::class, 'is_theme' ) ) );
		return array( $plugins, array() !== $theme && ! in_array( $theme[0], $set, true ) );
	}

	/**
	 * Stores a session, extending its idle expiry.
	 *
	 * @param int                  $user_id User.
	 * @param array<string, mixed> $session Session.
	 * @return array<string, mixed>|WP_Error
	 */
	private function save( int $user_id, array $session ) {
		$session['updated_at'] = time();
		$session['expires_at'] = time() + self::IDLE_EXPIRY;
		if ( false === update_user_meta( $user_id, $this->meta_key(), $session ) && get_user_meta( $user_id, $this->meta_key(), true ) !== $session ) {
			return new WP_Error( 'triage_bisect_not_saved', __( 'The bisection could not be saved.', 'triage' ), array( 'status' => 500 ) );
		}
		return $session;
	}

	/**
	 * The user meta key: per site, since each site of a network has its own plugins.
	 *
	 * @return string
	 */
	private function meta_key(): string {
		return self::META_PREFIX . get_current_blog_id();
	}

	/**
	 * This site's base URLs: home, then the WordPress address.
	 *
	 * @return string[]
	 */
	private function bases(): array {
		return array_values( array_unique( array( home_url( '/' ), site_url( '/' ) ) ) );
	}
}
