<?php
/**
 * PHP-FPM's configuration: php-fpm.conf, its includes and every pool.
 *
 * @package Triage
 */

namespace Triage\Incidents\Stack;

defined( 'ABSPATH' ) || exit;

/**
 * Reads PHP-FPM's ini-like files the way PHP-FPM does: `[global]` and `[pool]` sections, `include=` globs
 * (relative to the prefix), quoted values, `;` comments, `$pool` replaced by the pool's name, relative
 * paths against the pool's `prefix` or the global one.
 */
final class Fpm_Config {

	/** Deepest include chain followed. */
	private const MAX_DEPTH = 8;

	/** Where FPM writes its own log when [global] error_log is unset (relative to its state folder). */
	public const DEFAULT_ERROR_LOG = 'log/php-fpm.log';

	/**
	 * File access.
	 *
	 * @var Stack_Files
	 */
	private $files;

	/**
	 * Files read, in order.
	 *
	 * @var string[]
	 */
	private $read = array();

	/**
	 * What could not be read.
	 *
	 * @var string[]
	 */
	private $notes = array();

	/**
	 * Takes file access.
	 *
	 * @param Stack_Files $files Files.
	 */
	public function __construct( Stack_Files $files ) {
		$this->files = $files;
	}

	/**
	 * Parses a php-fpm.conf and its includes.
	 *
	 * @param string $config Absolute path.
	 * @param string $prefix FPM prefix (-p), base of relative paths.
	 * @return array{global: array<string, array{value: string, file: string, line: int}>, pools: array<string, array<string, mixed>>}|null Null when unreadable.
	 */
	public function parse( string $config, string $prefix ): ?array {
		$sections = array( 'global' => array() );
		if ( ! $this->read_file( $config, $prefix, 'global', $sections, 0 ) ) {
			return null;
		}
		$global = $sections['global'];
		unset( $sections['global'] );
		$base  = isset( $global['prefix'] ) ? $global['prefix']['value'] : $prefix;
		$pools = array();
		foreach ( $sections as $name => $settings ) {
			$pools[ $name ] = self::pool( (string) $name, $settings, $base );
		}
		return array(
			'global' => $global,
			'pools'  => $pools,
		);
	}

	/**
	 * Files read.
	 *
	 * @return string[]
	 */
	public function files_read(): array {
		return $this->read;
	}

	/**
	 * What could not be read.
	 *
	 * @return string[]
	 */
	public function notes(): array {
		return $this->notes;
	}

	/**
	 * Reads one file into the sections, following includes.
	 *
	 * @param string                                                                      $path     File.
	 * @param string                                                                      $prefix   Base of relative includes.
	 * @param string                                                                      $section  Section in force at the top of the file.
	 * @param array<string, array<string, array{value: string, file: string, line: int}>> $sections Sections, filled.
	 * @param int                                                                         $depth    Include depth.
	 * @return bool Whether the file could be read.
	 */
	private function read_file( string $path, string $prefix, string $section, array &$sections, int $depth ): bool {
		$text = $this->files->read( $path );
		if ( null === $text ) {
			return false;
		}
		$this->read[] = $path;
		$lines        = preg_split( '/\R/', $text );
		foreach ( false === $lines ? array() : $lines as $index => $line ) {
			$line = trim( $line );
			if ( '' === $line || ';' === $line[0] || '#' === $line[0] ) {
				continue;
			}
			if ( preg_match( '/^\[\s*([^\]]+?)\s*\]$/', $line, $match ) ) {
				$section = $match[1];
				if ( ! isset( $sections[ $section ] ) ) {
					$sections[ $section ] = array();
				}
				continue;
			}
			if ( ! preg_match( '/^([A-Za-z0-9_.\-]+(?:\[[^\]]*\])?)\s*=\s*(.*)$/', $line, $match ) ) {
				continue;
			}
			$key   = $match[1];
			$value = self::unquote( $match[2] );
			if ( 'include' === $key ) {
				$this->follow_include( $value, $path, $index + 1, $prefix, $section, $sections, $depth );
				continue;
			}
			$sections[ $section ][ $key ] = array(
				'value' => $value,
				'file'  => $path,
				'line'  => $index + 1,
			);
		}//end foreach
		return true;
	}

	/**
	 * Follows an include= line.
	 *
	 * @param string                                                                      $pattern  Path or glob.
	 * @param string                                                                      $from     Including file.
	 * @param int                                                                         $line     Line.
	 * @param string                                                                      $prefix   Base of relative paths.
	 * @param string                                                                      $section  Section in force.
	 * @param array<string, array<string, array{value: string, file: string, line: int}>> $sections Sections, filled.
	 * @param int                                                                         $depth    Include depth.
	 * @return void
	 */
	private function follow_include( string $pattern, string $from, int $line, string $prefix, string $section, array &$sections, int $depth ): void {
		if ( $depth >= self::MAX_DEPTH ) {
			/* translators: 1: file, 2: line. */
			$this->notes[] = sprintf( __( 'PHP-FPM includes nest too deep at %1$s line %2$d; the rest was not read.', 'triage' ), $from, $line );
			return;
		}
		$absolute = Stack_Files::absolute( $pattern, $prefix );
		$paths    = false !== strpbrk( $absolute, '*?[' ) ? $this->files->glob( $absolute ) : array( $absolute );
		foreach ( $paths as $path ) {
			if ( in_array( $path, $this->read, true ) ) {
				continue;
			}
			if ( ! $this->read_file( $path, $prefix, $section, $sections, $depth + 1 ) && $this->files->exists( $path ) ) {
				/* translators: 1: file, 2: including file, 3: line. */
				$this->notes[] = sprintf( __( '%1$s (included from %2$s line %3$d) cannot be read by PHP: the pools in it are unknown.', 'triage' ), $path, $from, $line );
			}
		}
	}

	/**
	 * One pool's settings that matter, with `$pool` replaced and paths made absolute.
	 *
	 * @param string                                                       $name     Pool name.
	 * @param array<string, array{value: string, file: string, line: int}> $settings Raw settings.
	 * @param string                                                       $base     Global prefix.
	 * @return array<string, mixed>
	 */
	private static function pool( string $name, array $settings, string $base ): array {
		$get    = static function ( string $key ) use ( $settings, $name ): ?string {
			return isset( $settings[ $key ] ) ? str_replace( '$pool', $name, $settings[ $key ]['value'] ) : null;
		};
		$prefix = $get( 'prefix' );
		$prefix = null === $prefix ? $base : Stack_Files::absolute( $prefix, $base );
		$path   = static function ( ?string $value ) use ( $prefix ): ?string {
			return null === $value || '' === $value ? null : Stack_Files::absolute( $value, $prefix );
		};

		$error_log_key = null;
		foreach ( array( 'php_admin_value[error_log]', 'php_value[error_log]' ) as $key ) {
			if ( null !== $get( $key ) ) {
				$error_log_key = $key;
				break;
			}
		}
		$error_log = null === $error_log_key ? null : $get( $error_log_key );
		$slowlog   = $get( 'slowlog' );
		$terminate = $get( 'request_terminate_timeout' );
		$slow_time = $get( 'request_slowlog_timeout' );
		$children  = $get( 'pm.max_children' );
		$first     = $settings ? reset( $settings ) : null;
		$values    = array();
		foreach ( $settings as $key => $setting ) {
			$values[ $key ] = str_replace( '$pool', $name, $setting['value'] );
		}
		return array(
			'name'                      => $name,
			'file'                      => isset( $settings['listen'] ) ? $settings['listen']['file'] : ( null === $first ? '' : $first['file'] ),
			'line'                      => null === $first ? 0 : $first['line'],
			'listen'                    => (string) $get( 'listen' ),
			'pm'                        => (string) ( $get( 'pm' ) ?? 'dynamic' ),
			'max_children'              => null !== $children && ctype_digit( $children ) ? (int) $children : null,
			'request_terminate_timeout' => null === $terminate ? null : Config_Values::seconds( $terminate ),
			'request_slowlog_timeout'   => null === $slow_time ? null : Config_Values::seconds( $slow_time ),
			'slowlog'                   => null === $slowlog ? null : $path( $slowlog ),
			'error_log'                 => null === $error_log || 'syslog' === $error_log ? null : $path( $error_log ),
			'error_log_key'             => $error_log_key,
			'user'                      => $get( 'user' ),
			'settings'                  => $values,
			'lines'                     => array_map(
				static function ( array $setting ): string {
					return $setting['file'] . ':' . $setting['line'];
				},
				$settings
			),
		);
	}

	/**
	 * An ini value without its quotes and trailing comment.
	 *
	 * @param string $value Raw value.
	 * @return string
	 */
	private static function unquote( string $value ): string {
		$value = trim( $value );
		if ( '' !== $value && ( '"' === $value[0] || "'" === $value[0] ) ) {
			$end = strpos( $value, $value[0], 1 );
			return false === $end ? substr( $value, 1 ) : substr( $value, 1, $end - 1 );
		}
		$comment = strpos( $value, ' ;' );
		return trim( false === $comment ? $value : substr( $value, 0, $comment ) );
	}
}
