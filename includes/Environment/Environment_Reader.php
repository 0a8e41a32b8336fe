<?php
/**
 * Facts about the PHP and WordPress runtime serving this request.
 *
 * @package Triage
 */

namespace Triage\Environment;

use Triage\Logs\Debug_Log_Location;

defined( 'ABSPATH' ) || exit;

/**
 * Reads versions, limits and debug settings. Cheap and side-effect free: nothing here touches the
 * network or the database, so it answers even when those are what is broken.
 */
final class Environment_Reader {

	/**
	 * Resolves the effective debug log.
	 *
	 * @var Debug_Log_Location
	 */
	private $debug_log;

	/**
	 * Takes its collaborators.
	 *
	 * @param Debug_Log_Location $debug_log Debug log resolver.
	 */
	public function __construct( Debug_Log_Location $debug_log ) {
		$this->debug_log = $debug_log;
	}

	/**
	 * Reads the environment.
	 *
	 * @return array<string, mixed> Shape documented by the environment REST schema.
	 */
	public function read(): array {
		$log = $this->debug_log->resolve();

		return array(
			'wordpress_version'   => (string) get_bloginfo( 'version' ),
			'php_version'         => PHP_VERSION,
			'php_sapi'            => PHP_SAPI,
			'server_software'     => $this->server_software(),
			'host_name'           => $this->host_name(),
			'is_multisite'        => is_multisite(),
			'memory_limit'        => $this->size_setting( (string) ini_get( 'memory_limit' ) ),
			'wp_memory_limit'     => $this->size_setting( defined( 'WP_MEMORY_LIMIT' ) ? (string) WP_MEMORY_LIMIT : '' ),
			'wp_max_memory_limit' => $this->size_setting( defined( 'WP_MAX_MEMORY_LIMIT' ) ? (string) WP_MAX_MEMORY_LIMIT : '' ),
			'peak_memory_bytes'   => memory_get_peak_usage( true ),
			'max_execution_time'  => (int) ini_get( 'max_execution_time' ),
			'debug'               => array(
				'wp_debug'          => defined( 'WP_DEBUG' ) && WP_DEBUG,
				'wp_debug_log'      => $this->debug_log_setting(),
				'wp_debug_display'  => defined( 'WP_DEBUG_DISPLAY' ) ? ( null === WP_DEBUG_DISPLAY ? null : (bool) WP_DEBUG_DISPLAY ) : null,
				'log_errors'        => $log['log_errors'],
				'log_file'          => $log['effective'],
				'log_file_expected' => $log['expected'],
				'log_file_source'   => $log['source'],
			),
			'maintenance'         => $this->maintenance(),
		);
	}

	/**
	 * A php.ini-style size ("256M", "-1") with its value in bytes.
	 *
	 * @param string $value Raw setting; empty when not set.
	 * @return array{value: string, bytes: ?int, unlimited: bool}
	 */
	private function size_setting( string $value ): array {
		$value = trim( $value );
		if ( '' === $value ) {
			return array(
				'value'     => '',
				'bytes'     => null,
				'unlimited' => false,
			);
		}
		$unlimited = '-1' === $value;
		return array(
			'value'     => $value,
			'bytes'     => $unlimited ? null : wp_convert_hr_to_bytes( $value ),
			'unlimited' => $unlimited,
		);
	}

	/**
	 * WP_DEBUG_LOG as configured: a boolean, or the path string it names.
	 *
	 * @return bool|string
	 */
	private function debug_log_setting() {
		if ( ! defined( 'WP_DEBUG_LOG' ) ) {
			return false;
		}
		return is_string( WP_DEBUG_LOG ) ? WP_DEBUG_LOG : (bool) WP_DEBUG_LOG;
	}

	/**
	 * The web server's self-description, as PHP received it.
	 *
	 * @return string
	 */
	private function server_software(): string {
		if ( empty( $_SERVER['SERVER_SOFTWARE'] ) ) {
			return '';
		}
		return sanitize_text_field( wp_unslash( (string) $_SERVER['SERVER_SOFTWARE'] ) );
	}

	/**
	 * This node's host name, so that node-local facts say which server they describe.
	 *
	 * @return string
	 */
	private function host_name(): string {
		$name = function_exists( 'gethostname' ) ? gethostname() : false;
		return is_string( $name ) ? $name : '';
	}

	/**
	 * Whether a .maintenance file exists in the WordPress root, and how old it is.
	 *
	 * @return array{exists: bool, age_seconds: ?int}
	 */
	private function maintenance(): array {
		$file = ABSPATH . '.maintenance';
		if ( ! file_exists( $file ) ) {
			return array(
				'exists'      => false,
				'age_seconds' => null,
			);
		}
		$modified = filemtime( $file );
		return array(
			'exists'      => true,
			'age_seconds' => false === $modified ? null : max( 0, time() - $modified ),
		);
	}
}
