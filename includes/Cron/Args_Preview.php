<?php
/**
 * A short, safe preview of an event's arguments.
 *
 * @package Triage
 */

namespace Triage\Cron;

defined( 'ABSPATH' ) || exit;

/**
 * Arguments can be megabytes (whole API responses are scheduled as arguments), hold objects of classes
 * that are not loaded, or invalid UTF-8. The preview walks at most a few levels and items, so its cost does
 * not grow with the arguments; the size is the serialized size WordPress stores.
 */
final class Args_Preview {

	/** Characters in the preview. */
	private const MAX_CHARS = 160;

	/** Characters kept of each string. */
	private const MAX_STRING = 40;

	/** Items shown per array. */
	private const MAX_ITEMS = 5;

	/** Levels shown. */
	private const MAX_DEPTH = 3;

	/**
	 * Preview, size in bytes, number of top-level arguments, whether the preview is shortened.
	 *
	 * @param array<mixed> $args Arguments.
	 * @return array{preview: string, bytes: int, count: int, truncated: bool}
	 */
	public static function of( array $args ): array {
		$full    = false;
		$preview = self::value( $args, 0, $full );
		$chars   = function_exists( 'mb_strlen' ) ? mb_strlen( $preview ) : strlen( $preview );
		if ( $chars > self::MAX_CHARS ) {
			$preview = ( function_exists( 'mb_substr' ) ? mb_substr( $preview, 0, self::MAX_CHARS - 1 ) : substr( $preview, 0, self::MAX_CHARS - 1 ) ) . '…';
			$full    = true;
		}
		return array(
			'preview'   => $preview,
			'bytes'     => strlen( serialize( $args ) ), // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.serialize_serialize -- the size WordPress stores.
			'count'     => count( $args ),
			'truncated' => $full,
		);
	}

	/**
	 * One value as JSON-like text.
	 *
	 * @param mixed $value     Value.
	 * @param int   $depth     Level.
	 * @param bool  $truncated Set when anything was left out.
	 * @return string
	 */
	private static function value( $value, int $depth, bool &$truncated ): string {
		if ( is_array( $value ) ) {
			if ( $depth >= self::MAX_DEPTH ) {
				$truncated = true;
				return $value ? '[…]' : '[]';
			}
			if ( ! $value ) {
				return '[]';
			}
			// A list when the keys shown are 0, 1, 2...: only those are looked at, so the cost stays bounded.
			$list  = true;
			$index = 0;
			foreach ( $value as $key => $unused ) {
				if ( $key !== $index ) {
					$list = false;
					break;
				}
				if ( ++$index >= self::MAX_ITEMS ) {
					break;
				}
			}
			$parts = array();
			$shown = 0;
			foreach ( $value as $key => $item ) {
				if ( ++$shown > self::MAX_ITEMS ) {
					$truncated = true;
					$parts[]   = '…';
					break;
				}
				$text    = self::value( $item, $depth + 1, $truncated );
				$parts[] = $list ? $text : self::value( (string) $key, $depth + 1, $truncated ) . ':' . $text;
			}
			return $list ? '[' . implode( ',', $parts ) . ']' : '{' . implode( ',', $parts ) . '}';
		}//end if
		if ( is_string( $value ) ) {
			if ( function_exists( 'mb_check_encoding' ) && ! mb_check_encoding( $value, 'UTF-8' ) ) {
				$truncated = true;
				/* translators: %d: number of bytes. */
				return sprintf( '"(%d bytes, not UTF-8)"', strlen( $value ) );
			}
			if ( strlen( $value ) > self::MAX_STRING && ( function_exists( 'mb_strlen' ) ? mb_strlen( $value ) : strlen( $value ) ) > self::MAX_STRING ) {
				$truncated = true;
				$value     = ( function_exists( 'mb_substr' ) ? mb_substr( $value, 0, self::MAX_STRING ) : substr( $value, 0, self::MAX_STRING ) ) . '…';
			}
			return (string) wp_json_encode( $value, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE );
		}
		if ( is_int( $value ) || is_float( $value ) ) {
			return (string) $value;
		}
		if ( is_bool( $value ) ) {
			return $value ? 'true' : 'false';
		}
		if ( null === $value ) {
			return 'null';
		}
		if ( is_object( $value ) ) {
			// Never call methods (__toString, getters) of objects that came out of the database.
			return get_class( $value ) . '{…}';
		}
		return gettype( $value );
	}
}
