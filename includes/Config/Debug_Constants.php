<?php
/**
 * Where each debug constant's value comes from, and what stops Triage from setting it.
 *
 * @package Triage
 */

namespace Triage\Config;

defined( 'ABSPATH' ) || exit;

/**
 * A constant is read from wp-config.php when the file defines it; otherwise from this request, where a
 * value other than WordPress's default means something else (an included file, a must-use plugin, the
 * server) set it, and Triage cannot change it by editing wp-config.php.
 *
 * @phpstan-import-type Parsed from Config_Parser
 */
final class Debug_Constants {

	/** WordPress's values when nothing defines the constant. */
	private const DEFAULTS = array(
		'WP_DEBUG'         => false,
		'WP_DEBUG_LOG'     => false,
		'WP_DEBUG_DISPLAY' => true,
		'SCRIPT_DEBUG'     => false,
	);

	/**
	 * Says why a define() cannot be edited.
	 *
	 * @var Config_Editor
	 */
	private $editor;

	/**
	 * Returns array{defined: bool, value: mixed} for a constant name in this request.
	 *
	 * @var callable
	 */
	private $runtime;

	/**
	 * Takes its collaborators.
	 *
	 * @param Config_Editor $editor  Editor.
	 * @param callable|null $runtime Reads a constant of this request; defaults to defined()/constant().
	 */
	public function __construct( Config_Editor $editor, ?callable $runtime = null ) {
		$this->editor  = $editor;
		$this->runtime = null === $runtime ? array( self::class, 'read_constant' ) : $runtime;
	}

	/**
	 * A constant of this request.
	 *
	 * @param string $name Constant.
	 * @return array{defined: bool, value: mixed}
	 */
	public static function read_constant( string $name ): array {
		return array(
			'defined' => defined( $name ),
			'value'   => defined( $name ) ? constant( $name ) : null,
		);
	}

	/**
	 * One constant: its value and where it comes from.
	 *
	 * @param string     $name   Constant.
	 * @param array|null $parsed Parser result, null when the file could not be read.
	 * @return array{name: string, value: string|null, source: string, line: int|null, status: string|null}
	 * @phpstan-param Parsed|null $parsed
	 */
	public function describe( string $name, ?array $parsed ): array {
		if ( null !== $parsed ) {
			foreach ( $parsed['defines'] as $define ) {
				if ( $define['name'] === $name ) {
					return array(
						'name'   => $name,
						'value'  => Config_Parser::CONST_DECLARATION === $define['status'] ? $this->runtime_literal( $name ) : $define['value'],
						'source' => 'wp-config',
						'line'   => $define['line'],
						'status' => $define['status'],
					);
				}
			}
		}
		$runtime    = call_user_func( $this->runtime, $name );
		$default    = array_key_exists( $name, self::DEFAULTS ) ? self::DEFAULTS[ $name ] : null;
		$is_default = ! $runtime['defined'] || $runtime['value'] === $default
			|| ( 'WP_DEBUG' === $name && function_exists( 'wp_get_environment_type' ) && 'development' === wp_get_environment_type() );
		return array(
			'name'   => $name,
			'value'  => $this->runtime_literal( $name ),
			'source' => $is_default ? 'default' : 'elsewhere',
			'line'   => null,
			'status' => null,
		);
	}

	/**
	 * Blockers for a set of values: the editor's, plus constants set outside wp-config.php in this request.
	 *
	 * @param array                      $parsed Parser result.
	 * @param array<string, bool|string> $values Wanted values.
	 * @param array<int, string>         $ours   Constants Triage itself set in this request's wp-config.php.
	 * @return array<int, array{name: string, line: int, status: string, message: string}>
	 * @phpstan-param Parsed $parsed
	 */
	public function blockers( array $parsed, array $values, array $ours = array() ): array {
		$blockers = array();
		foreach ( $this->editor->blockers( $parsed, array_keys( $values ) ) as $blocker ) {
			$blocker['message'] = Config_Editor::describe( $blocker );
			$blockers[]         = $blocker;
		}
		foreach ( array_keys( $values ) as $name ) {
			$described = $this->describe( $name, $parsed );
			if ( 'elsewhere' === $described['source'] && ! in_array( $name, $ours, true ) ) {
				$blockers[] = array(
					'name'    => $name,
					'line'    => 0,
					'status'  => 'elsewhere',
					/* translators: %s: constant name. */
					'message' => sprintf( __( '%s is set outside wp-config.php (an included file, a must-use plugin or the server), where Triage does not edit.', 'triage' ), $name ),
				);
			}
		}
		return $blockers;
	}

	/**
	 * The define() lines to add by hand when Triage cannot.
	 *
	 * @param array<string, bool|string> $values Values.
	 * @return string
	 */
	public static function manual( array $values ): string {
		$lines = array();
		foreach ( $values as $name => $value ) {
			$lines[] = Config_Editor::define_statement( $name, $value );
		}
		return implode( "\n", $lines );
	}

	/**
	 * A runtime constant as PHP source, or null when undefined.
	 *
	 * @param string $name Constant.
	 * @return string|null
	 */
	private function runtime_literal( string $name ): ?string {
		$runtime = call_user_func( $this->runtime, $name );
		if ( ! $runtime['defined'] ) {
			return null;
		}
		$value = $runtime['value'];
		if ( is_bool( $value ) || is_int( $value ) || is_string( $value ) ) {
			return Config_Editor::literal( $value );
		}
		// @phpstan-ignore return.type (the debug constants hold scalars or null, which always encode)
		return null === $value ? 'null' : wp_json_encode( $value );
	}
}
