<?php
/**
 * Database latency, version and connection headroom.
 *
 * @package Triage
 */

namespace Triage\Health\Checks;

use Triage\Health\Check;
use Triage\Health\Check_Context;
use Triage\Health\Check_Result;
use Triage\Health\Format;

defined( 'ABSPATH' ) || exit;

/**
 * A slow or saturated database makes every request wait; when connections run out WordPress answers
 * "Error establishing a database connection" (500).
 */
final class Database_Check implements Check {

	/**
	 * {@inheritDoc}
	 */
	public function id(): string {
		return 'database';
	}

	/**
	 * {@inheritDoc}
	 */
	public function layer(): string {
		return 'database';
	}

	/**
	 * {@inheritDoc}
	 */
	public function is_slow(): bool {
		return false;
	}

	/**
	 * {@inheritDoc}
	 *
	 * @param Check_Context $context Context.
	 */
	public function run( Check_Context $context ): Check_Result {
		global $wpdb;
		$suppress = $wpdb->suppress_errors( true );
		try {
			$started = microtime( true );
			$one     = $wpdb->get_var( 'SELECT 1' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- a latency probe; nothing to cache.
			$latency = microtime( true ) - $started;
			if ( '1' !== (string) $one ) {
				return Check_Result::measured(
					$this,
					Check_Result::CRITICAL,
					__( 'The database did not answer SELECT 1', 'triage' ),
					array( Check_Result::evidence( __( 'Error', 'triage' ), (string) $wpdb->last_error ) ),
					__( 'Every WordPress request needs the database; without it visitors see "Error establishing a database connection" (500).', 'triage' ),
					__( 'Check that the database server runs and accepts connections (systemctl status mariadb or mysql), and that DB_HOST, DB_USER and DB_NAME in wp-config.php are right.', 'triage' )
				);
			}
			$evidence    = array(
				Check_Result::evidence( __( 'SELECT 1 round trip', 'triage' ), Format::ms( $latency ) ),
				Check_Result::evidence( __( 'Server', 'triage' ), (string) $wpdb->db_server_info() ),
			);
			$connections = $this->connections();
			if ( null !== $connections ) {
				/* translators: 1: connected threads, 2: max_connections, 3: maximum used since start. */
				$evidence[] = Check_Result::evidence( __( 'Connections', 'triage' ), sprintf( __( '%1$d in use of max_connections %2$d (at most %3$d since start)', 'triage' ), $connections['connected'], $connections['max'], $connections['max_used'] ) );
			} else {
				$evidence[] = Check_Result::evidence( __( 'Connections', 'triage' ), __( 'unknown (the database user may not read server status)', 'triage' ) );
			}
		} finally {
			$wpdb->suppress_errors( $suppress );
		}//end try

		$why_full = __( 'When max_connections is reached, new requests cannot connect and WordPress answers "Error establishing a database connection" (500).', 'triage' );
		$fix_full = __( 'Raise max_connections in the database server\'s configuration (my.cnf), and find what holds connections: long queries (SHOW PROCESSLIST), persistent connections, or too many PHP-FPM workers for the database.', 'triage' );
		if ( null !== $connections && $connections['max'] > 0 ) {
			$share = max( $connections['connected'], $connections['max_used'] ) / $connections['max'];
			if ( $connections['connected'] / $connections['max'] >= 0.9 ) {
				return Check_Result::measured( $this, Check_Result::CRITICAL, __( 'The database is almost out of connections', 'triage' ), $evidence, $why_full, $fix_full );
			}
			if ( $share >= 0.8 ) {
				return Check_Result::measured( $this, Check_Result::WARNING, __( 'The database came close to its connection limit', 'triage' ), $evidence, $why_full, $fix_full );
			}
		}
		if ( $latency > 0.1 ) {
			return Check_Result::measured(
				$this,
				$latency > 0.5 ? Check_Result::CRITICAL : Check_Result::WARNING,
				/* translators: %s: latency. */
				sprintf( __( 'The database takes %s to answer the simplest query', 'triage' ), Format::ms( $latency ) ),
				$evidence,
				__( 'WordPress runs dozens of queries per page; at this latency each page takes seconds, PHP-FPM workers stay busy and the gateway times out (504) or the pool runs out (502).', 'triage' ),
				__( 'Check the database server\'s load and the network to it; with a remote database, use one in the same data centre. Long-running queries show in SHOW PROCESSLIST.', 'triage' )
			);
		}
		return Check_Result::measured( $this, Check_Result::GOOD, __( 'The database answers quickly and has free connections', 'triage' ), $evidence );
	}

	/**
	 * Threads_connected, Max_used_connections and max_connections, or null when not permitted.
	 *
	 * @return array{connected: int, max_used: int, max: int}|null
	 */
	private function connections(): ?array {
		global $wpdb;
		// phpcs:disable WordPress.DB.DirectDatabaseQuery -- server status, not site data.
		$status = $wpdb->get_results( "SHOW GLOBAL STATUS WHERE Variable_name IN ('Threads_connected', 'Max_used_connections')", OBJECT_K );
		$max    = $wpdb->get_row( "SHOW VARIABLES LIKE 'max_connections'" );
		// phpcs:enable
		if ( empty( $status['Threads_connected'] ) || empty( $max->Value ) ) { // phpcs:ignore WordPress.NamingConventions.ValidVariableName.UsedPropertyNotSnakeCase -- MySQL's column name.
			return null;
		}
		return array(
			'connected' => (int) $status['Threads_connected']->Value, // phpcs:ignore WordPress.NamingConventions.ValidVariableName.UsedPropertyNotSnakeCase
			'max_used'  => isset( $status['Max_used_connections'] ) ? (int) $status['Max_used_connections']->Value : 0, // phpcs:ignore WordPress.NamingConventions.ValidVariableName.UsedPropertyNotSnakeCase
			'max'       => (int) $max->Value, // phpcs:ignore WordPress.NamingConventions.ValidVariableName.UsedPropertyNotSnakeCase
		);
	}
}
