<?php
/**
 * Validates values against the draft JSON schemas in schemas-draft/ with WordPress's own REST validator,
 * so the shapes the REST routes will declare are the shapes the services return.
 *
 * @package Triage
 */

/**
 * Draft schema loader and validator.
 */
final class Schema_Draft {

	/**
	 * A schema with its relative $refs inlined.
	 *
	 * @param string $name Folder/name without .json, e.g. cron/cron-run.
	 * @return array
	 */
	public static function get( $name ) {
		$schema = json_decode( (string) file_get_contents( __DIR__ . '/schemas-draft/' . $name . '.json' ), true );
		if ( ! is_array( $schema ) ) {
			throw new RuntimeException( "Invalid draft schema $name" );
		}
		return self::resolve( $schema, dirname( $name ) );
	}

	/**
	 * Inlines $ref.
	 *
	 * @param array  $schema Schema.
	 * @param string $folder Folder the refs are relative to.
	 * @return array
	 */
	private static function resolve( array $schema, $folder ) {
		if ( isset( $schema['$ref'] ) ) {
			return self::get( $folder . '/' . preg_replace( '/\.json$/', '', $schema['$ref'] ) );
		}
		foreach ( $schema as $key => $value ) {
			if ( is_array( $value ) ) {
				$schema[ $key ] = self::resolve( $value, $folder );
			}
		}
		return $schema;
	}

	/**
	 * Errors of a value against a schema ('' when valid).
	 *
	 * @param mixed  $value Value (decoded JSON: objects as arrays).
	 * @param string $name  Schema name.
	 * @return string
	 */
	public static function errors( $value, $name ) {
		// Round-trip through JSON, as the REST response does.
		$value  = json_decode( (string) wp_json_encode( $value ), true );
		$result = rest_validate_value_from_schema( $value, self::get( $name ), $name );
		return is_wp_error( $result ) ? $result->get_error_message() : '';
	}
}
