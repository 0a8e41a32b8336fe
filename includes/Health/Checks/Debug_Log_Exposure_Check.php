<?php
/**
 * Whether anyone can download the error log over HTTP.
 *
 * @package Triage
 */

namespace Triage\Health\Checks;

use Triage\Health\Check;
use Triage\Health\Check_Context;
use Triage\Health\Check_Result;

defined( 'ABSPATH' ) || exit;

/**
 * By default wp-content/debug.log is public by default: it leaks paths, queries and sometimes personal data.
 */
final class Debug_Log_Exposure_Check implements Check {

	/**
	 * {@inheritDoc}
	 */
	public function id(): string {
		return 'debug_log_exposure';
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
		return true;
	}

	/**
	 * {@inheritDoc}
	 *
	 * @param Check_Context $context Context.
	 */
	public function run( Check_Context $context ): Check_Result {
		$loopbacks = $context->loopbacks();
		if ( ! isset( $loopbacks['debug_log'] ) ) {
			return Check_Result::measured( $this, Check_Result::GOOD, __( 'The error log is not inside the web root', 'triage' ), array( Check_Result::evidence( __( 'Log URL', 'triage' ), __( 'none: the file is outside the site\'s folder, or there is no log file', 'triage' ) ) ) );
		}
		$probe    = $loopbacks['debug_log'];
		$evidence = array(
			Check_Result::evidence( __( 'Log URL', 'triage' ), $probe->url ),
			Check_Result::evidence( __( 'Answer', 'triage' ), '' !== $probe->error ? $probe->error : 'HTTP ' . $probe->status ),
		);
		if ( '' !== $probe->error ) {
			return Check_Result::unknown( $this, __( 'Whether the error log can be downloaded is unknown', 'triage' ), $probe->error, $evidence );
		}
		if ( isset( $loopbacks['front'] ) && $loopbacks['front']->is_blocked() && $probe->is_blocked() ) {
			// The firewall that refuses the server's own front page refused this too: visitors may still get the file.
			return Check_Result::unknown(
				$this,
				__( 'Whether the error log can be downloaded is unknown', 'triage' ),
				/* translators: %s: what answered, e.g. "HTTP 403 from Wordfence". */
				sprintf( __( 'The server\'s own requests are blocked (%s), this one like the others, so its answer says nothing about what visitors get (see the loopback check).', 'triage' ), $probe->blocked ),
				$evidence
			);
		}
		if ( 200 === $probe->status || 206 === $probe->status ) {
			return Check_Result::measured(
				$this,
				Check_Result::CRITICAL,
				__( 'Anyone can download the error log', 'triage' ),
				$evidence,
				__( 'The log reveals file paths, plugin versions, SQL and sometimes personal data to attackers, who look for it on every WordPress site.', 'triage' ),
				__( 'Move the log outside the web root: define( \'WP_DEBUG_LOG\', \'/path/outside/public_html/wp-errors.log\' ); — or deny it in the web server (nginx: location ~* /debug\.log$ { deny all; }; Apache: <Files debug.log> Require all denied </Files>).', 'triage' )
			);
		}
		return Check_Result::measured( $this, Check_Result::GOOD, __( 'The error log cannot be downloaded', 'triage' ), $evidence );
	}
}
