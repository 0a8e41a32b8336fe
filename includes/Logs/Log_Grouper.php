<?php
/**
 * Finds the group of a log message: its fingerprint, pattern, attribution and sample.
 *
 * @package Triage
 */

namespace Triage\Logs;

defined( 'ABSPATH' ) || exit;

/**
 * The costly part of a summary, run once per distinct message text: normalise what varies between
 * occurrences (numbers, quoted values, hex, paths), attribute the entry to a plugin or theme, and hash
 * severity, pattern, location and attribution into a group id. A cheap key (digits zeroed) answers repeats
 * of near-identical messages without any of that. No WordPress needed.
 */
final class Log_Grouper {

	/** Cap of the sample entry kept per group. */
	public const SAMPLE_BYTES = 4096;

	/** Bound of the cheap-key cache. */
	private const CACHE_LIMIT = 4000;

	/**
	 * Names the plugin, theme or core file an entry comes from.
	 *
	 * @var Log_Attributor
	 */
	private $attributor;

	/**
	 * Takes its collaborators.
	 *
	 * @param Log_Attributor $attributor Attribution.
	 */
	public function __construct( Log_Attributor $attributor ) {
		$this->attributor = $attributor;
	}

	/**
	 * Finds or creates the group of a message seen for the first time in this slice.
	 *
	 * @param string                              $message    First line after the time stamp.
	 * @param string                              $entry      Whole entry (without its leading "[").
	 * @param string                              $stamp      Time stamp text.
	 * @param int                                 $more       Bytes of the entry beyond $entry.
	 * @param array<string, array<string, mixed>> $groups     Groups, by id (updated).
	 * @param array<string, string>               $norm       Cache of cheap keys to ids (updated).
	 * @param int                                 $max_groups Bound of groups.
	 * @return string Group id; empty when the group did not fit.
	 */
	public function group_of( string $message, string $entry, string $stamp, int $more, array &$groups, array &$norm, int $max_groups ): string {
		// Cheap key: digits zeroed in the message, the location ("in /f.php on line 12") kept as it is.
		$at  = strrpos( $message, ' in /' );
		$key = false === $at ? strtr( $message, '123456789', '000000000' ) : strtr( substr( $message, 0, $at ), '123456789', '000000000' ) . substr( $message, $at );
		if ( isset( $norm[ $key ] ) ) {
			return $norm[ $key ];
		}
		if ( count( $norm ) > self::CACHE_LIMIT ) {
			$norm = array();
		}

		$parsed      = Log_Entry_Parser::parse( '[' . ( '' === $stamp ? '' : $stamp . '] ' ) . $message );
		$pattern     = self::normalise( $parsed['message'], $parsed['file'] );
		$sample      = '[' . $entry;
		$attribution = $this->attributor->attribute( Log_Entry_Parser::paths( substr( $sample, 0, self::SAMPLE_BYTES ) ) );
		// The same message from two plugins (headers already sent by…) is two problems: attribution is part of the fingerprint.
		$id = substr( md5( $parsed['severity'] . "\0" . $pattern . "\0" . $parsed['file'] . ':' . $parsed['line'] . "\0" . $attribution['type'] . '/' . $attribution['slug'] ), 0, 12 );

		if ( ! isset( $groups[ $id ] ) ) {
			if ( count( $groups ) >= $max_groups ) {
				$norm[ $key ] = '';
				return '';
			}
			$groups[ $id ] = array(
				'id'          => $id,
				'severity'    => $parsed['severity'],
				'message'     => $parsed['message'],
				'pattern'     => $pattern,
				'file'        => $parsed['file'],
				'line'        => $parsed['line'],
				'count'       => 0,
				'first_seen'  => $stamp,
				'last_seen'   => $stamp,
				'sample'      => strlen( $sample ) > self::SAMPLE_BYTES ? substr( $sample, 0, self::SAMPLE_BYTES ) : rtrim( $sample ),
				'truncated'   => strlen( $sample ) > self::SAMPLE_BYTES || $more > 0,
				'attribution' => $attribution,
			);
		}
		$norm[ $key ] = $id;
		return $id;
	}

	/**
	 * A message with what varies between occurrences replaced: quoted values, hex, paths, numbers.
	 *
	 * @param string      $message Message.
	 * @param string|null $file    The error's file, removed with its line ("in /f.php on line 3").
	 * @return string
	 */
	public static function normalise( string $message, ?string $file ): string {
		if ( null !== $file ) {
			$at = strrpos( $message, ' in ' . $file );
			if ( false !== $at ) {
				$message = substr( $message, 0, $at );
			}
		}
		if ( strlen( $message ) > 1024 ) {
			$message = substr( $message, 0, 1024 );
		}
		return (string) preg_replace(
			array( '/\'[^\']*\'|"[^"]*"/', '/\b0x[0-9a-f]+\b/i', '#(?:[A-Za-z]:)?(?:/[\w.@~+-]+){2,}#', '/\d+(?:\.\d+)?/' ),
			array( "'…'", '0x…', '/…', 'N' ),
			$message
		);
	}
}
