<?php
/**
 * Renders the support report as Markdown for a ticket.
 *
 * @package Triage
 */

namespace Triage\Report;

defined( 'ABSPATH' ) || exit;

/**
 * Headings, tables and code blocks that paste cleanly into a ticket system or a GitHub issue. Only the
 * already redacted report goes in, so nothing here can add a secret; long texts are cut so that the
 * document stays under MAX_BYTES whatever the site holds.
 */
final class Report_Markdown {

	/** The document's size limit. */
	public const MAX_BYTES = 61440;

	/** Longest text in a table cell. */
	private const CELL = 160;

	/** Longest log sample. */
	private const SAMPLE = 600;

	/** Most plugins listed one by one. */
	private const MAX_PLUGINS = 250;

	/**
	 * Renders the report.
	 *
	 * @param array<string, mixed> $report Support_Report::build().
	 * @return string
	 */
	public function render( array $report ): string {
		$sections = array(
			$this->header( $report ),
			$this->incidents( $report['incidents'] ),
			$this->environment( $report ),
			$this->health( $report['health'] ),
			$this->logs( $report['logs'] ),
			$this->debug( $report ),
			$this->plugins( $report['plugins'] ),
			$this->cron( $report['cron'] ),
			$this->maintenance( $report['maintenance'] ),
		);
		$out      = '';
		foreach ( $sections as $section ) {
			if ( strlen( $out ) + strlen( $section ) > self::MAX_BYTES - 200 ) {
				$out .= "\n_" . __( 'The rest of the report was cut to keep it under 60 KB; ask for the JSON form for everything.', 'triage' ) . "_\n";
				break;
			}
			$out .= $section;
		}
		return $out;
	}

	/**
	 * Title and when.
	 *
	 * @param array<string, mixed> $report Report.
	 * @return string
	 */
	private function header( array $report ): string {
		$out  = '# ' . __( 'Triage support report', 'triage' ) . "\n\n";
		$out .= $this->table(
			array( __( 'Field', 'triage' ), __( 'Value', 'triage' ) ),
			array(
				array( __( 'Site', 'triage' ), $report['site']['home_url'] ),
				array( __( 'Generated', 'triage' ), $report['generated_at'] ),
				array( __( 'Report version', 'triage' ), (string) $report['version'] ),
				array( __( 'Multisite', 'triage' ), $this->yes_no( $report['site']['is_multisite'] ) ),
				array( __( 'Paths', 'triage' ), $report['full_paths'] ? __( 'absolute', 'triage' ) : __( 'relative to the site root', 'triage' ) ),
			)
		);
		$out .= "\n" . __( 'Secrets, cookies, e-mail addresses, visitor IP addresses and the values in wp-config.php (other than the debug and limit settings listed below) are left out of this report.', 'triage' ) . "\n\n";
		return $out;
	}

	/**
	 * Environment and constants.
	 *
	 * @param array<string, mixed> $report Report.
	 * @return string
	 */
	private function environment( array $report ): string {
		$env  = $report['environment'];
		$rows = array(
			array( 'WordPress', $env['wordpress_version'] ),
			array( 'PHP', $env['php_version'] . ' (' . $env['php_sapi'] . ')' ),
			array( __( 'Web server', 'triage' ), $env['server_software'] ),
			array( __( 'Host name', 'triage' ), $env['host_name'] ),
			array( 'memory_limit', $env['memory_limit'] ),
			array( 'WP_MEMORY_LIMIT / WP_MAX_MEMORY_LIMIT', $env['wp_memory_limit'] . ' / ' . $env['wp_max_memory_limit'] ),
			array( 'max_execution_time', (string) $env['max_execution_time'] ),
			array( __( 'Extensions', 'triage' ), implode( ', ', $env['extensions'] ) ),
			array( __( 'Time zone, locale', 'triage' ), $report['site']['timezone'] . ', ' . $report['site']['locale'] ),
		);
		$out  = '## ' . __( 'Environment', 'triage' ) . "\n\n" . $this->table( array( __( 'Item', 'triage' ), __( 'Value', 'triage' ) ), $rows );
		if ( $report['constants'] ) {
			$constants = array();
			foreach ( $report['constants'] as $constant ) {
				$constants[] = array( $constant['name'], $constant['value'], $constant['in_config'] ? __( 'wp-config.php', 'triage' ) : __( 'default', 'triage' ) );
			}
			$out .= "\n### " . __( 'Settings (allow-listed constants)', 'triage' ) . "\n\n" . $this->table( array( __( 'Constant', 'triage' ), __( 'Value', 'triage' ), __( 'Set in', 'triage' ) ), $constants );
		}
		return $out . "\n";
	}

	/**
	 * Health verdicts.
	 *
	 * @param array<string, mixed> $health Health section.
	 * @return string
	 */
	private function health( array $health ): string {
		$out    = '## ' . __( 'Health checks', 'triage' ) . "\n\n";
		$layers = array();
		foreach ( $health['layers'] as $layer ) {
			$layers[] = array( $layer['layer'], strtoupper( $layer['status'] ), (string) $layer['problems'], (string) $layer['checks'] );
		}
		$out .= $this->table( array( __( 'Layer', 'triage' ), __( 'Verdict', 'triage' ), __( 'Problems', 'triage' ), __( 'Checks', 'triage' ) ), $layers ) . "\n";
		$rows = array();
		foreach ( $health['checks'] as $check ) {
			$rows[] = array( strtoupper( $check['status'] ), $check['layer'], $check['title'] );
		}
		$out .= $this->table( array( __( 'Status', 'triage' ), __( 'Layer', 'triage' ), __( 'Finding', 'triage' ) ), $rows ) . "\n";
		foreach ( $health['checks'] as $check ) {
			if ( ! in_array( $check['status'], array( 'critical', 'warning' ), true ) ) {
				continue;
			}
			$out .= '### ' . strtoupper( $check['status'] ) . ': ' . $this->line( $check['title'] ) . "\n\n";
			foreach ( $check['evidence'] as $evidence ) {
				$out .= '- ' . $this->line( $evidence['label'] ) . ': `' . str_replace( '`', "'", $this->cut( $evidence['value'], self::CELL ) ) . "`\n";
			}
			if ( '' !== $check['fix'] ) {
				$out .= "\n" . __( 'Fix:', 'triage' ) . ' ' . $this->line( $this->cut( $check['fix'], 800 ) ) . "\n";
			}
			$out .= "\n";
		}
		if ( $health['skipped'] ) {
			/* translators: %s: check ids. */
			$out .= '_' . sprintf( __( 'Not run here (they request the site over the network, which a report must not wait for): %s. Run them from the Overview tab.', 'triage' ), implode( ', ', $health['skipped'] ) ) . "_\n\n";
		}
		return $out;
	}

	/**
	 * What happened: each incident's sentence, culprit, fix and evidence.
	 *
	 * @param array<string, mixed> $incidents The report's incidents section.
	 * @return string
	 */
	private function incidents( array $incidents ): string {
		$out = '## ' . __( 'What happened (last 24 hours)', 'triage' ) . "\n\n";
		if ( ! $incidents['items'] ) {
			$out .= __( 'No incident in the logs Triage can read.', 'triage' ) . "\n\n";
		}
		foreach ( $incidents['items'] as $incident ) {
			/* translators: 1: severity, 2: cause id, 3: certainty. */
			$out .= '- **' . $this->line( $incident['sentence'] ) . '** (' . sprintf( __( '%1$s, %2$s, %3$s', 'triage' ), $incident['severity'], $incident['cause'], $incident['certainty'] ) . ")\n";
			if ( null !== $incident['culprit'] ) {
				$out .= '  ' . __( 'Culprit:', 'triage' ) . ' ' . $this->line( $incident['culprit'] ) . "\n";
			}
			$out .= '  ' . __( 'Fix:', 'triage' ) . ' ' . $this->line( $this->cut( $incident['fix'], self::SAMPLE ) ) . "\n";
			foreach ( $incident['evidence'] as $evidence ) {
				$out .= "\n  " . $this->line( $evidence['label'] ) . ":\n\n  ```\n";
				foreach ( $evidence['lines'] as $line ) {
					$out .= '  ' . str_replace( '```', "'''", $this->line( $this->cut( $line, self::SAMPLE ) ) ) . "\n";
				}
				$out .= "  ```\n";
			}
			$out .= "\n";
		}
		if ( $incidents['total'] > count( $incidents['items'] ) ) {
			/* translators: %d: number of incidents not listed. */
			$out .= '_' . sprintf( __( '%d older incidents not listed.', 'triage' ), $incidents['total'] - count( $incidents['items'] ) ) . "_\n\n";
		}
		foreach ( $incidents['blind_spots'] as $spot ) {
			$out .= '- ' . __( 'Not seen:', 'triage' ) . ' ' . $this->line( $spot ) . "\n";
		}
		return $out . ( $incidents['blind_spots'] ? "\n" : '' );
	}

	/**
	 * Top log groups and server-log causes.
	 *
	 * @param array<int, array<string, mixed>> $sources Log sources.
	 * @return string
	 */
	private function logs( array $sources ): string {
		$out = '## ' . __( 'Logs (newest part of each)', 'triage' ) . "\n\n";
		if ( ! $sources ) {
			return $out . __( 'No log source was found.', 'triage' ) . "\n\n";
		}
		foreach ( $sources as $source ) {
			$out .= '### ' . $this->line( $source['label'] ) . "\n\n";
			/* translators: 1: path, 2: size read, 3: file size. */
			$out .= sprintf( __( '`%1$s`: read the last %2$s of %3$s.', 'triage' ), str_replace( '`', "'", $source['path'] ), size_format( (int) $source['read_bytes'] ), null === $source['size'] ? '?' : size_format( (int) $source['size'] ) ) . "\n\n";
			if ( ! $source['readable'] ) {
				$out .= __( 'Not readable by PHP.', 'triage' ) . "\n\n";
				continue;
			}
			if ( $source['groups'] ) {
				$rows = array();
				foreach ( $source['groups'] as $group ) {
					$where  = null === $group['file'] ? '' : $group['file'] . ( null === $group['line'] ? '' : ':' . $group['line'] );
					$rows[] = array( (string) $group['count'], $group['severity'], $group['attribution']['name'] . ' (' . $group['attribution']['type'] . ')', $this->cut( $group['message'], self::CELL ), $where, $this->time( $group['last_seen'] ) );
				}
				$out .= $this->table( array( __( 'Count', 'triage' ), __( 'Severity', 'triage' ), __( 'From', 'triage' ), __( 'Message', 'triage' ), __( 'Where', 'triage' ), __( 'Last seen', 'triage' ) ), $rows ) . "\n";
			}
			foreach ( $source['causes'] as $cause ) {
				/* translators: 1: cause, 2: HTTP status, 3: count, 4: last time. */
				$out .= '- **' . $this->line( $cause['label'] ) . '** (' . sprintf( __( '%1$s, %2$d times, last %3$s', 'triage' ), $cause['status'], $cause['count'], $this->time( $cause['last_seen'] ) ) . ")\n";
				$out .= "\n```\n" . str_replace( '```', "'''", $this->cut( $cause['sample'], self::SAMPLE ) ) . "\n```\n\n";
			}
			if ( ! $source['groups'] && ! $source['causes'] ) {
				$out .= __( 'Nothing found in the part read.', 'triage' ) . "\n\n";
			}
		}//end foreach
		return $out;
	}

	/**
	 * Debug and safe mode.
	 *
	 * @param array<string, mixed> $report Report.
	 * @return string
	 */
	private function debug( array $report ): string {
		$debug = $report['debug'];
		$safe  = $report['safe_mode'];
		$rows  = array(
			array( 'WP_DEBUG', $this->yes_no( $debug['wp_debug'] ) ),
			array( 'WP_DEBUG_LOG', $debug['wp_debug_log'] ),
			array( 'WP_DEBUG_DISPLAY', null === $debug['wp_debug_display'] ? 'null' : $this->yes_no( $debug['wp_debug_display'] ) ),
			array( 'display_errors', $debug['display_errors'] ),
			array( 'log_errors', $this->yes_no( $debug['log_errors'] ) ),
			array( __( 'PHP writes errors to', 'triage' ), null === $debug['log_file'] ? __( 'nowhere known (the web server\'s error log, if any)', 'triage' ) : $debug['log_file'] ),
			array( __( 'Triage debug profile', 'triage' ), $debug['triage_profile'] . ( null === $debug['expires_at'] ? '' : ' (' . __( 'until', 'triage' ) . ' ' . $this->time( $debug['expires_at'] ) . ')' ) ),
			array( __( 'Safe mode loader', 'triage' ), $safe['loader_installed'] ? ( $safe['loader_current'] ? __( 'installed', 'triage' ) : __( 'installed, outdated', 'triage' ) ) : __( 'not installed', 'triage' ) ),
			array( __( 'Safe mode (who made this report)', 'triage' ), $safe['active'] ? __( 'on', 'triage' ) : __( 'off', 'triage' ) ),
		);
		return '## ' . __( 'Debug and safe mode', 'triage' ) . "\n\n" . $this->table( array( __( 'Setting', 'triage' ), __( 'Value', 'triage' ) ), $rows ) . "\n";
	}

	/**
	 * Plugins and theme.
	 *
	 * @param array<string, mixed> $plugins Plugins section.
	 * @return string
	 */
	private function plugins( array $plugins ): string {
		$theme = $plugins['theme'];
		$out   = '## ' . __( 'Plugins and theme', 'triage' ) . "\n\n";
		/* translators: 1: theme name, 2: version. */
		$out .= sprintf( __( 'Theme: %1$s %2$s', 'triage' ), $this->line( $theme['name'] ), $theme['version'] );
		if ( null !== $theme['parent'] ) {
			/* translators: 1: parent theme name, 2: version. */
			$out .= sprintf( __( ', child of %1$s %2$s', 'triage' ), $this->line( $theme['parent']['name'] ), $theme['parent']['version'] );
		}
		$out .= "\n\n";
		if ( $plugins['recent_updates'] ) {
			$out .= '### ' . __( 'Updated in the last 14 days', 'triage' ) . "\n\n";
			foreach ( $plugins['recent_updates'] as $update ) {
				$out .= '- ' . $this->line( $update['name'] ) . ' ' . $update['version'] . ': ' . $this->time( $update['updated_at'] ) . "\n";
			}
			$out .= "\n";
		}
		/* translators: 1: number of active plugins, 2: number of inactive plugins. */
		$out .= '### ' . sprintf( __( 'Active plugins (%1$d; %2$d inactive)', 'triage' ), count( $plugins['active'] ), $plugins['inactive_count'] ) . "\n\n";
		$rows = array();
		foreach ( array_slice( $plugins['active'], 0, self::MAX_PLUGINS ) as $plugin ) {
			$notes = array();
			if ( $plugin['network'] ) {
				$notes[] = __( 'network', 'triage' );
			}
			if ( $plugin['missing'] ) {
				$notes[] = __( 'file missing', 'triage' );
			}
			if ( null !== $plugin['update_available'] ) {
				/* translators: %s: version. */
				$notes[] = sprintf( __( 'update to %s available', 'triage' ), $plugin['update_available'] );
			}
			if ( null !== $plugin['updated_at'] ) {
				/* translators: %s: date. */
				$notes[] = sprintf( __( 'updated %s', 'triage' ), $this->time( $plugin['updated_at'] ) );
			}
			$rows[] = array( $plugin['name'], $plugin['version'], $plugin['file'], implode( '; ', $notes ) );
		}
		$out .= $this->table( array( __( 'Plugin', 'triage' ), __( 'Version', 'triage' ), __( 'File', 'triage' ), __( 'Notes', 'triage' ) ), $rows ) . "\n";
		if ( $plugins['mu_plugins'] ) {
			$names = array();
			foreach ( $plugins['mu_plugins'] as $mu ) {
				$names[] = $this->line( $mu['name'] ) . ( '' === $mu['version'] ? '' : ' ' . $mu['version'] );
			}
			$out .= __( 'Must-use plugins:', 'triage' ) . ' ' . implode( ', ', $names ) . "\n\n";
		}
		if ( $plugins['dropins'] ) {
			$out .= __( 'Drop-ins:', 'triage' ) . ' ' . implode( ', ', $plugins['dropins'] ) . "\n\n";
		}
		return $out;
	}

	/**
	 * Cron.
	 *
	 * @param array<string, mixed> $cron Cron section.
	 * @return string
	 */
	private function cron( array $cron ): string {
		$totals = $cron['totals'];
		$rows   = array(
			array( __( 'Verdict', 'triage' ), $cron['state'] . ': ' . $cron['summary'] ),
			array( __( 'Run by', 'triage' ), (string) $cron['main_source'] ),
			array( __( 'Last run', 'triage' ), $this->time( $cron['last_run'] ) ),
			array( 'DISABLE_WP_CRON / ALTERNATE_WP_CRON', $this->yes_no( $cron['disable_wp_cron'] ) . ' / ' . $this->yes_no( $cron['alternate_wp_cron'] ) ),
			/* translators: 1: events, 2: overdue, 3: orphans, 4: duplicates. */
			array( __( 'Events', 'triage' ), sprintf( __( '%1$d (%2$d overdue, %3$d without a callback, %4$d duplicates)', 'triage' ), $totals['events'] ?? 0, $totals['overdue'] ?? 0, $totals['orphans'] ?? 0, $totals['duplicates'] ?? 0 ) ),
			array( __( 'Lock held', 'triage' ), $this->yes_no( $cron['lock_held'] ) ),
		);
		if ( null !== $cron['option_problem'] ) {
			$rows[] = array( __( 'cron option', 'triage' ), $cron['option_problem'] );
		}
		return '## ' . __( 'Cron', 'triage' ) . "\n\n" . $this->table( array( __( 'Item', 'triage' ), __( 'Value', 'triage' ) ), $rows ) . "\n";
	}

	/**
	 * Maintenance.
	 *
	 * @param array<string, mixed> $state Maintenance section.
	 * @return string
	 */
	private function maintenance( array $state ): string {
		$rows = array(
			array( '.maintenance', $state['file_exists'] ? ( $state['honoured'] ? __( 'present, visitors get 503', 'triage' ) : __( 'present, stale (ignored by WordPress)', 'triage' ) ) : __( 'absent', 'triage' ) ),
			array( __( 'Update locks held', 'triage' ), $state['locks_held'] ? implode( ', ', $state['locks_held'] ) : __( 'none', 'triage' ) ),
			array( __( 'Leftover upgrade folders', 'triage' ), $state['leftovers'] ? implode( ', ', $state['leftovers'] ) : __( 'none', 'triage' ) ),
			array( 'maintenance.php', $state['drop_in'] ? __( 'present', 'triage' ) : __( 'absent', 'triage' ) ),
		);
		return '## ' . __( 'Maintenance', 'triage' ) . "\n\n" . $this->table( array( __( 'Item', 'triage' ), __( 'State', 'triage' ) ), $rows ) . "\n";
	}

	/**
	 * A Markdown table.
	 *
	 * @param array<int, string>             $head Header cells.
	 * @param array<int, array<int, string>> $rows Rows.
	 * @return string
	 */
	private function table( array $head, array $rows ): string {
		if ( array() === $rows ) {
			return __( 'None.', 'triage' ) . "\n";
		}
		$out = '| ' . implode( ' | ', array_map( array( $this, 'cell' ), $head ) ) . " |\n|" . str_repeat( ' --- |', count( $head ) ) . "\n";
		foreach ( $rows as $row ) {
			$out .= '| ' . implode( ' | ', array_map( array( $this, 'cell' ), $row ) ) . " |\n";
		}
		return $out;
	}

	/**
	 * A table cell: one line, pipes escaped, cut.
	 *
	 * @param string $text Text.
	 * @return string
	 */
	private function cell( string $text ): string {
		return str_replace( '|', '\|', $this->line( $this->cut( $text, self::CELL ) ) );
	}

	/**
	 * One line: newlines and tabs become spaces.
	 *
	 * @param string $text Text.
	 * @return string
	 */
	private function line( string $text ): string {
		return trim( (string) preg_replace( '/[\r\n\t]+/', ' ', $text ) );
	}

	/**
	 * A text cut to a length, with an ellipsis.
	 *
	 * @param string $text  Text.
	 * @param int    $bytes Most bytes.
	 * @return string
	 */
	private function cut( string $text, int $bytes ): string {
		if ( strlen( $text ) <= $bytes ) {
			return $text;
		}
		return ( function_exists( 'mb_strcut' ) ? mb_strcut( $text, 0, $bytes, 'UTF-8' ) : substr( $text, 0, $bytes ) ) . '…';
	}

	/**
	 * A Unix time in UTC, or a dash.
	 *
	 * @param int|null $time Time.
	 * @return string
	 */
	private function time( $time ): string {
		return null === $time ? '-' : gmdate( 'Y-m-d H:i', (int) $time ) . ' UTC';
	}

	/**
	 * Yes or no.
	 *
	 * @param bool $value Value.
	 * @return string
	 */
	private function yes_no( $value ): string {
		return $value ? __( 'yes', 'triage' ) : __( 'no', 'triage' );
	}
}
