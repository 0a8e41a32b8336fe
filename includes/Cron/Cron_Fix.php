<?php
/**
 * The system cron set-up for this site, with its real folder and address.
 *
 * @package Triage
 */

namespace Triage\Cron;

defined( 'ABSPATH' ) || exit;

/**
 * Two crontab lines (curl of wp-cron.php, or WP-CLI in the WordPress folder) and the wp-config.php line
 * that stops page views from spawning cron. Values are this site's, quoted for the shell.
 */
final class Cron_Fix {

	/**
	 * WordPress's folder.
	 *
	 * @var string
	 */
	private $abspath;

	/**
	 * The site's address (site_url()).
	 *
	 * @var string
	 */
	private $site_url;

	/**
	 * Whether the site is part of a network (WP-CLI then needs --url).
	 *
	 * @var bool
	 */
	private $multisite;

	/**
	 * Takes the site's folder and address.
	 *
	 * @param string $abspath   ABSPATH.
	 * @param string $site_url  site_url().
	 * @param bool   $multisite is_multisite().
	 */
	public function __construct( string $abspath, string $site_url, bool $multisite ) {
		$this->abspath   = rtrim( $abspath, '/\\' );
		$this->site_url  = untrailingslashit( $site_url );
		$this->multisite = $multisite;
	}

	/**
	 * This site's fix.
	 *
	 * @return self
	 */
	public static function for_this_site(): self {
		return new self( ABSPATH, site_url(), is_multisite() );
	}

	/**
	 * The lines and a sentence that explains them.
	 *
	 * @return array{abspath: string, cron_url: string, curl: string, wp_cli: string, config: string, text: string}
	 */
	public function commands(): array {
		$cron_url = $this->site_url . '/wp-cron.php?doing_wp_cron';
		$curl     = '*/5 * * * * curl -s -o /dev/null ' . self::quote( $cron_url );
		$wp_cli   = '*/5 * * * * cd ' . self::quote( $this->abspath ) . ' && wp cron event run --due-now --quiet'
			. ( $this->multisite ? ' --url=' . self::quote( $this->site_url ) : '' );
		$config   = "define( 'DISABLE_WP_CRON', true );";
		return array(
			'abspath'  => $this->abspath,
			'cron_url' => $cron_url,
			'curl'     => $curl,
			'wp_cli'   => $wp_cli,
			'config'   => $config,
			'text'     => sprintf(
				/* translators: 1: wp-config.php line, 2: crontab line with curl, 3: crontab line with WP-CLI. */
				__( 'Add %1$s to wp-config.php, then run events from the server\'s crontab every 5 minutes, either with curl: %2$s or with WP-CLI: %3$s', 'triage' ),
				$config,
				$curl,
				$wp_cli
			),
		);
	}

	/**
	 * Quotes a value for a POSIX shell when it needs it.
	 *
	 * @param string $value Value.
	 * @return string
	 */
	private static function quote( string $value ): string {
		if ( 1 === preg_match( '#^[A-Za-z0-9_./:?=&%+@,-]+$#', $value ) && false === strpos( $value, '&' ) ) {
			return $value;
		}
		return "'" . str_replace( "'", "'\\''", $value ) . "'";
	}
}
