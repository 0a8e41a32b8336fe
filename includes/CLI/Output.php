<?php
/**
 * What every `wp triage` command prints, and how it reads durations.
 *
 * @package Triage
 */

namespace Triage\CLI;

use WP_CLI;
use WP_Error;

defined( 'ABSPATH' ) || exit;

/**
 * One output contract for every command, so fleets can collect and compare answers: --format=json prints a
 * single JSON object with "version" and "command" first and nothing else on standard output; the other
 * formats are for people. Errors go to standard error (WP_CLI::error), never into the JSON.
 */
final class Output {

	/** Version of the JSON shape; raised only when a field changes meaning or disappears. */
	public const VERSION = 1;

	/**
	 * Prints a result as JSON (versioned) or hands it to the human renderer.
	 *
	 * @param string               $command Command name, e.g. "status".
	 * @param array<string, mixed> $data    Result, as the REST API answers it.
	 * @param string               $format  Requested format.
	 * @param callable|null        $human   Renders $data for the other formats.
	 * @return void
	 */
	public static function result( string $command, array $data, string $format, ?callable $human = null ): void {
		if ( 'json' === $format || null === $human ) {
			self::json( $command, $data );
			return;
		}
		call_user_func( $human, $data, $format );
	}

	/**
	 * Prints the versioned JSON envelope.
	 *
	 * @param string               $command Command name.
	 * @param array<string, mixed> $data    Result.
	 * @return void
	 */
	public static function json( string $command, array $data ): void {
		$envelope = array(
			'version' => self::VERSION,
			'command' => $command,
		) + $data;
		WP_CLI::line( (string) wp_json_encode( $envelope, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PARTIAL_OUTPUT_ON_ERROR ) );
	}

	/**
	 * Rows as a table, CSV or YAML through WP-CLI's formatter.
	 *
	 * @param string                           $format Format.
	 * @param array<int, array<string, mixed>> $rows   Rows.
	 * @param string[]                         $fields Columns.
	 * @return void
	 */
	public static function rows( string $format, array $rows, array $fields ): void {
		$flat = array();
		foreach ( $rows as $row ) {
			$line = array();
			foreach ( $fields as $field ) {
				$value          = $row[ $field ] ?? '';
				$line[ $field ] = is_scalar( $value ) ? $value : wp_json_encode( $value );
			}
			$flat[] = $line;
		}
		\WP_CLI\Utils\format_items( 'json' === $format ? 'table' : $format, $flat, $fields );
	}

	/**
	 * Ends the command on a domain error, with the REST status in the message when there is one.
	 *
	 * @param WP_Error $error Error.
	 * @return void
	 */
	public static function fail( WP_Error $error ): void {
		WP_CLI::error( sprintf( '%s (%s)', wp_strip_all_tags( $error->get_error_message() ), $error->get_error_code() ) );
	}

	/**
	 * Seconds in a duration: "90", "90s", "30m", "24h", "7d", "2w".
	 *
	 * @param string $value    Duration.
	 * @param string $argument Argument name, for the error message.
	 * @return int
	 */
	public static function duration( string $value, string $argument ): int {
		if ( ! preg_match( '/^\s*(\d{1,9})\s*([smhdw]?)\s*$/i', $value, $match ) ) {
			WP_CLI::error( sprintf( 'Invalid --%s=%s: use a number of seconds or a duration such as 30m, 24h, 7d.', $argument, $value ) );
		}
		$units = array(
			''  => 1,
			's' => 1,
			'm' => MINUTE_IN_SECONDS,
			'h' => HOUR_IN_SECONDS,
			'd' => DAY_IN_SECONDS,
			'w' => WEEK_IN_SECONDS,
		);
		// @phpstan-ignore offsetAccess.notFound, offsetAccess.notFound (WP_CLI::error() above exits when the pattern does not match)
		return (int) $match[1] * $units[ strtolower( $match[2] ) ];
	}

	/**
	 * A comma-separated list.
	 *
	 * @param string $value List.
	 * @return string[]
	 */
	public static function list( string $value ): array {
		// @phpstan-ignore argument.type (strlen()'s length is array_filter()'s truth value: empty items go)
		return array_values( array_filter( array_map( 'trim', explode( ',', $value ) ), 'strlen' ) );
	}

	/**
	 * A format argument checked against the command's formats.
	 *
	 * @param array<string, mixed> $assoc   Arguments.
	 * @param string[]             $allowed Formats, the first is the default.
	 * @return string
	 */
	public static function format( array $assoc, array $allowed ): string {
		$format = isset( $assoc['format'] ) ? (string) $assoc['format'] : $allowed[0];
		if ( ! in_array( $format, $allowed, true ) ) {
			WP_CLI::error( sprintf( 'Invalid --format=%s: use one of %s.', $format, implode( ', ', $allowed ) ) );
		}
		return $format;
	}
}
