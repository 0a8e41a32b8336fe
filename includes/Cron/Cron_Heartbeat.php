<?php
/**
 * Triage's own recurring event: proves that cron runs, how often, and what runs it.
 *
 * @package Triage
 */

namespace Triage\Cron;

defined( 'ABSPATH' ) || exit;

/**
 * Every five minutes the heartbeat event records when it ran, how late, and which runner ran it
 * (Cron_Run_Source). The history is bounded (four hours at full speed) and not autoloaded. The verdict
 * is read from that history only, so "a system cron runs every 5 minutes" is something seen, not assumed
 * from DISABLE_WP_CRON.
 */
final class Cron_Heartbeat {

	/** The event's hook. */
	public const HOOK = 'triage_cron_heartbeat';

	/** Its recurrence, registered through cron_schedules. */
	public const SCHEDULE = 'triage_five_minutes';

	/** Seconds between beats. */
	public const INTERVAL = 300;

	/** Option holding the history. */
	public const OPTION = 'triage_cron_heartbeat';

	/** Beats kept. */
	public const MAX_BEATS = 48;

	/**
	 * Current time, injectable for tests.
	 *
	 * @var callable(): int
	 */
	private $clock;

	/**
	 * Takes an optional clock.
	 *
	 * @param callable|null $clock Returns the current Unix time.
	 */
	public function __construct( ?callable $clock = null ) {
		$this->clock = $clock ?? 'time';
	}

	/**
	 * Hooks the recurrence, the beat and the scheduling.
	 *
	 * @return void
	 */
	public function register(): void {
		add_filter( 'cron_schedules', array( $this, 'add_schedule' ) ); // phpcs:ignore WordPress.WP.CronInterval.ChangeDetected -- five minutes, the cadence the verdict is about.
		add_action( self::HOOK, array( $this, 'beat' ) );
		add_action( 'init', array( $this, 'ensure_scheduled' ) );
	}

	/**
	 * Adds the five-minute recurrence.
	 *
	 * @param mixed $schedules Registered recurrences.
	 * @return mixed
	 */
	public function add_schedule( $schedules ) {
		if ( is_array( $schedules ) && ! isset( $schedules[ self::SCHEDULE ] ) ) {
			$schedules[ self::SCHEDULE ] = array(
				'interval' => self::INTERVAL,
				'display'  => __( 'Every five minutes (Triage heartbeat)', 'triage' ),
			);
		}
		return $schedules;
	}

	/**
	 * Schedules the heartbeat if it is not. Only in the admin, cron runs and WP-CLI: looking the event up
	 * unserializes the whole cron option (megabytes on a site with thousands of events), which visitors'
	 * page views should not pay for.
	 *
	 * @return void
	 */
	public function ensure_scheduled(): void {
		if ( ! is_admin() && ! wp_doing_cron() && ! ( defined( 'WP_CLI' ) && WP_CLI ) ) {
			return;
		}
		if ( false !== wp_next_scheduled( self::HOOK ) ) {
			return;
		}
		$now = (int) call_user_func( $this->clock );
		wp_schedule_event( $now + 60, self::SCHEDULE, self::HOOK );
		$history = $this->history();
		if ( null === $history['installed'] ) {
			$history['installed'] = $now;
			update_option( self::OPTION, $history, false );
		}
	}

	/**
	 * Removes the heartbeat event and its history: on deactivation and uninstall, so Triage never leaves
	 * an orphaned event of its own behind.
	 *
	 * @return void
	 */
	public static function unschedule(): void {
		wp_clear_scheduled_hook( self::HOOK );
		delete_option( self::OPTION );
	}

	/**
	 * Deactivation hook: unschedules on this site, or on every site of the network when Triage is
	 * deactivated network-wide (its callback is then gone everywhere, and the events would be orphans).
	 *
	 * @param bool|mixed $network_wide Network deactivation (core passes a bool).
	 * @return void
	 */
	public static function deactivate( $network_wide = false ): void {
		if ( ! is_multisite() || ! $network_wide ) {
			self::unschedule();
			return;
		}
		foreach ( get_sites(
			array(
				'fields' => 'ids',
				'number' => 0,
			)
		) as $site_id ) {
			switch_to_blog( (int) $site_id );
			self::unschedule();
			restore_current_blog();
		}
	}

	/**
	 * The event's callback: records this run.
	 *
	 * @param array<string, mixed>|null $signs Signs of the request (Cron_Run_Source::current() when null).
	 * @return void
	 */
	public function beat( $signs = null ): void {
		$signs = is_array( $signs ) ? $signs : Cron_Run_Source::current();
		$now   = (int) call_user_func( $this->clock );
		// Core reschedules a recurring event before running it: the next run minus the interval is this one's time.
		$next                 = wp_next_scheduled( self::HOOK );
		$due                  = false === $next ? $now : (int) $next - self::INTERVAL;
		$history              = $this->history();
		$history['beats'][]   = array(
			'at'         => $now,
			'lag'        => max( 0, $now - $due ),
			'source'     => Cron_Run_Source::classify( $signs ),
			'user_agent' => isset( $signs['user_agent'] ) ? substr( (string) $signs['user_agent'], 0, 120 ) : '',
			'remote'     => isset( $signs['remote_addr'] ) ? (string) $signs['remote_addr'] : '',
		);
		$history['beats']     = array_slice( $history['beats'], -self::MAX_BEATS );
		$history['installed'] = $history['installed'] ?? $now;
		update_option( self::OPTION, $history, false );
	}

	/**
	 * The stored history, repaired if damaged.
	 *
	 * @return array{installed: int|null, beats: array<int, array{at: int, lag: int, source: string, user_agent: string, remote: string}>}
	 */
	public function history(): array {
		$stored = get_option( self::OPTION );
		$beats  = array();
		if ( is_array( $stored ) && isset( $stored['beats'] ) && is_array( $stored['beats'] ) ) {
			foreach ( $stored['beats'] as $beat ) {
				if ( is_array( $beat ) && isset( $beat['at'], $beat['source'] ) && is_numeric( $beat['at'] ) ) {
					$beats[] = array(
						'at'         => (int) $beat['at'],
						'lag'        => isset( $beat['lag'] ) ? (int) $beat['lag'] : 0,
						'source'     => (string) $beat['source'],
						'user_agent' => isset( $beat['user_agent'] ) ? (string) $beat['user_agent'] : '',
						'remote'     => isset( $beat['remote'] ) ? (string) $beat['remote'] : '',
					);
				}
			}
		}
		return array(
			'installed' => is_array( $stored ) && isset( $stored['installed'] ) && is_numeric( $stored['installed'] ) ? (int) $stored['installed'] : null,
			'beats'     => $beats,
		);
	}

	/**
	 * The verdict: is cron running, how often, run by what.
	 *
	 * @return array<string, mixed> Shape: includes/REST/schemas/cron/cron-heartbeat.json.
	 */
	public function verdict(): array {
		return ( new Cron_Verdict() )->judge(
			$this->history(),
			(int) call_user_func( $this->clock ),
			defined( 'DISABLE_WP_CRON' ) && DISABLE_WP_CRON,
			defined( 'ALTERNATE_WP_CRON' ) && ALTERNATE_WP_CRON,
			wp_next_scheduled( self::HOOK )
		);
	}
}
