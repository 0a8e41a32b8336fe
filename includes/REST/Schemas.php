<?php
/**
 * Reads the REST shapes from includes/REST/schemas.
 *
 * @package Triage
 */

namespace Triage\REST;

use RuntimeException;

defined( 'ABSPATH' ) || exit;

/**
 * Each response and argument shape is one JSON Schema file, schemas/<feature>/<shape>.json, from which
 * bin/generate-types.mjs also writes the TypeScript types. A "$ref" to another file (a path relative to
 * the referring file) is inlined here, since WordPress's validator does not follow references.
 *
 * Files are read once per request.
 */
final class Schemas {

	/**
	 * Resolved schemas by name.
	 *
	 * @var array<string, array<string, mixed>>
	 */
	private static $cache = array();

	/**
	 * A schema with its references inlined.
	 *
	 * @param string $name Path under schemas/ without ".json", e.g. "logs/log-tail".
	 * @return array<string, mixed>
	 * @throws RuntimeException When the file is missing or not a JSON object: a packaging error.
	 */
	public static function get( string $name ): array {
		if ( ! isset( self::$cache[ $name ] ) ) {
			$file = __DIR__ . '/schemas/' . $name . '.json';
			// A plugin file read from disk, not a remote resource.
			$json   = is_readable( $file ) ? file_get_contents( $file ) : false; // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents
			$schema = false === $json ? null : json_decode( $json, true );
			if ( ! is_array( $schema ) ) {
				throw new RuntimeException( esc_html( "Triage REST schema missing or invalid: $name" ) );
			}
			/**
			 * A schema is a JSON object, so its keys are strings.
			 *
			 * @var array<string, mixed> $resolved
			 */
			$resolved             = self::resolve( $schema, dirname( $name ) );
			self::$cache[ $name ] = $resolved;
		}
		return self::$cache[ $name ];
	}

	/**
	 * Route arguments from an object schema: each property is an argument, required when the schema's
	 * "required" list names it (register_rest_route's own form).
	 *
	 * @param string $name Schema name.
	 * @return array<string, array<string, mixed>>
	 */
	public static function args( string $name ): array {
		$schema   = self::get( $name );
		$required = isset( $schema['required'] ) ? (array) $schema['required'] : array();
		$args     = array();
		foreach ( $schema['properties'] ?? array() as $property => $arg ) {
			unset( $arg['title'] );
			if ( in_array( $property, $required, true ) ) {
				$arg['required'] = true;
			}
			$args[ $property ] = $arg;
		}
		return $args;
	}

	/**
	 * Whether an argument schema refuses parameters it does not name (additionalProperties: false).
	 *
	 * @param string $name Schema name.
	 * @return bool
	 */
	public static function is_closed( string $name ): bool {
		$schema = self::get( $name );
		return isset( $schema['additionalProperties'] ) && false === $schema['additionalProperties'];
	}

	/**
	 * Inlines "$ref"s, recursively.
	 *
	 * @param array<mixed> $schema Schema or part of one.
	 * @param string       $folder Folder of the file it came from, relative to schemas/.
	 * @return array<mixed>
	 */
	private static function resolve( array $schema, string $folder ): array {
		if ( isset( $schema['$ref'] ) && is_string( $schema['$ref'] ) ) {
			$target = self::normalize( $folder . '/' . preg_replace( '/\.json$/', '', $schema['$ref'] ) );
			$found  = self::get( $target );
			unset( $found['$schema'], $schema['$ref'] );
			// Keys beside the reference (a description, say) refine the shared shape.
			return array_merge( $found, self::resolve( $schema, $folder ) );
		}
		foreach ( $schema as $key => $value ) {
			if ( is_array( $value ) ) {
				$schema[ $key ] = self::resolve( $value, $folder );
			}
		}
		return $schema;
	}

	/**
	 * Resolves "." and ".." in a schema name.
	 *
	 * @param string $path Path such as "logs/../shared/x".
	 * @return string
	 */
	private static function normalize( string $path ): string {
		$parts = array();
		foreach ( explode( '/', $path ) as $part ) {
			if ( '..' === $part ) {
				array_pop( $parts );
			} elseif ( '' !== $part && '.' !== $part ) {
				$parts[] = $part;
			}
		}
		return implode( '/', $parts );
	}
}
