<?php
/**
 * The newest entries of a log, read backwards from the end.
 *
 * @package Triage
 */

namespace Triage\Logs;

defined( 'ABSPATH' ) || exit;

/**
 * Reads a log from its end in fixed chunks and stops as soon as it has enough entries, so a 5 GB log costs
 * the same as a 5 MB one. Multi-line entries (stack traces, print_r dumps) stay whole; an entry is capped
 * (its head is kept, since that is where the time and message are), and the bytes scanned are bounded:
 * when a bound is hit the result says "incomplete" instead of reading on.
 *
 * Works on an open stream, so a rotation during the read changes nothing: the handle keeps the file it
 * opened. No WordPress needed.
 *
 * @phpstan-type Tail_Options array{limit?: int, before?: int|null, layout?: string, severity?: string[], search?: string, max_scan?: int, max_entry?: int, max_output?: int, parse?: bool}
 * @phpstan-type Tail_Entry array{offset: int, bytes: int, truncated: bool, text: string, time?: int|null, time_text?: string, severity?: string, message?: string, file?: string|null, line?: int|null, attribution?: array{type: string, slug: string, file: string}}
 */
final class Log_Tail_Reader {

	/** Bytes read per step. */
	public const CHUNK = 65536;

	/** Default cap of one entry's text. */
	public const MAX_ENTRY = 65536;

	/** Default bound of bytes scanned per call. */
	public const MAX_SCAN = 16777216;

	/** Default bound of entry bytes returned per call. */
	public const MAX_OUTPUT = 4194304;

	/**
	 * Attributes entries; null to skip attribution.
	 *
	 * @var Log_Attributor|null
	 */
	private $attributor;

	/**
	 * Takes its collaborators.
	 *
	 * @param Log_Attributor|null $attributor Attribution, or null.
	 */
	public function __construct( ?Log_Attributor $attributor = null ) {
		$this->attributor = $attributor;
	}

	/**
	 * The newest entries before an offset, newest first.
	 *
	 * @param resource $handle  Stream opened for reading.
	 * @param array    $options limit, before (byte offset; default the end), layout (php|line), severity
	 *                          (empty for all), search, max_scan, max_entry, max_output (bytes), parse.
	 * @return array{entries: array<int, Tail_Entry>, incomplete: bool, next_before: ?int, scanned: int, size: int}
	 * @phpstan-param Tail_Options $options
	 */
	public function tail( $handle, array $options = array() ): array {
		$options    = array_merge(
			array(
				'limit'      => 100,
				'before'     => null,
				'layout'     => Log_Entry_Parser::LAYOUT_PHP,
				'severity'   => array(),
				'search'     => '',
				'max_scan'   => self::MAX_SCAN,
				'max_entry'  => self::MAX_ENTRY,
				'max_output' => self::MAX_OUTPUT,
				'parse'      => true,
			),
			$options
		);
		$limit      = max( 1, (int) $options['limit'] );
		$max_entry  = max( 256, (int) $options['max_entry'] );
		$php_layout = Log_Entry_Parser::LAYOUT_PHP === $options['layout'];
		$stat       = fstat( $handle );
		$size       = is_array( $stat ) ? (int) $stat['size'] : 0;
		$end        = null === $options['before'] ? $size : max( 0, min( $size, (int) $options['before'] ) );

		$entries     = array();
		$output      = 0;
		$scanned     = 0;
		$incomplete  = false;
		$pos         = $end;
		$carry       = '';
		$carry_extra = 0;
		// Bytes of the pending entry dropped beyond the cap.
		$pending_end = $end;
		// Absolute end of the pending region.
		$done = false;

		// Setting $done always breaks out of this loop at once.
		while ( $pos > 0 ) {
			if ( $scanned >= $options['max_scan'] || $output >= $options['max_output'] ) {
				$incomplete = true;
				break;
			}
			$length = (int) min( self::CHUNK, $pos );
			$pos   -= $length;
			$chunk  = $this->read_at( $handle, $pos, $length );
			if ( null === $chunk ) {
				// The file shrank under us (truncated): report what we have.
				$incomplete = true;
				break;
			}
			$scanned += $length;
			$buffer   = $chunk . $carry;
			$total    = strlen( $buffer );
			$region   = $total;
			// End of the pending region in $buffer.
			$search = $length;
			// Newlines at positions below this are in the new chunk.

			while ( $search > 0 ) {
				$newline = strrpos( $buffer, "\n", $search - 1 - $total );
				if ( false === $newline ) {
					break;
				}
				$search = $newline;
				$start  = $newline + 1;
				if ( $start >= $region ) {
					$region      = $newline;
					$pending_end = $pos + $newline;
					continue;
				}
				if ( $php_layout && ! Log_Entry_Parser::is_php_entry_start( $buffer, $start ) ) {
					continue;
				}
				$entry = $this->entry( $buffer, $start, $region - $start, $carry_extra, $pos + $start, $max_entry, $options );
				if ( null !== $entry ) {
					$entries[] = $entry;
					$output   += strlen( $entry['text'] );
				}
				$region      = $newline;
				$carry_extra = 0;
				$pending_end = $pos + $start;
				if ( count( $entries ) >= $limit || $output >= $options['max_output'] ) {
					$done = true;
					break;
				}
			}//end while

			if ( $done ) {
				break;
			}
			$carry = substr( $buffer, 0, $region );
			if ( strlen( $carry ) > $max_entry ) {
				$carry_extra += strlen( $carry ) - $max_entry;
				$carry        = substr( $carry, 0, $max_entry );
			}
		}//end while

		if ( ! $done && ! $incomplete && 0 === $pos && '' !== rtrim( $carry ) ) {
			$entry = $this->entry( $carry, 0, strlen( $carry ), $carry_extra, 0, $max_entry, $options );
			if ( null !== $entry ) {
				$entries[] = $entry;
			}
			$pending_end = 0;
		}

		return array(
			'entries'     => $entries,
			'incomplete'  => $incomplete,
			'next_before' => $pending_end > 0 ? $pending_end : null,
			'scanned'     => $scanned,
			'size'        => $size,
		);
	}

	/**
	 * Builds one entry, or null when it does not pass the filters.
	 *
	 * @param string               $buffer    Buffer.
	 * @param int                  $start     Start in the buffer.
	 * @param int                  $length    Length in the buffer.
	 * @param int                  $extra     Bytes of the entry beyond the buffer (already dropped).
	 * @param int                  $offset    Absolute offset of the entry.
	 * @param int                  $max_entry Cap of the text.
	 * @param array<string, mixed> $options   Filters (Tail_Options with the defaults filled in).
	 * @return Tail_Entry|null
	 */
	private function entry( string $buffer, int $start, int $length, int $extra, int $offset, int $max_entry, array $options ): ?array {
		$bytes = $length + $extra;
		$text  = rtrim( substr( $buffer, $start, min( $length, $max_entry ) ), "\r\n" );
		if ( '' !== $options['search'] && false === stripos( $text, (string) $options['search'] ) ) {
			return null;
		}
		$entry = array(
			'offset'    => $offset,
			'bytes'     => $bytes,
			'truncated' => $bytes > $max_entry,
			'text'      => $text,
		);
		if ( ! $options['parse'] && empty( $options['severity'] ) ) {
			return $entry;
		}
		$entry += Log_Entry_Parser::parse( $text );
		if ( ! empty( $options['severity'] ) && ! in_array( $entry['severity'], (array) $options['severity'], true ) ) {
			return null;
		}
		if ( null !== $this->attributor ) {
			$entry['attribution'] = $this->attributor->attribute( Log_Entry_Parser::paths( $text ) );
		}
		return $entry;
	}

	/**
	 * Reads exactly $length bytes at $offset.
	 *
	 * @param resource $handle Stream.
	 * @param int      $offset Offset.
	 * @param int      $length Length.
	 * @return string|null Null when the bytes are no longer there.
	 */
	private function read_at( $handle, int $offset, int $length ): ?string {
		if ( 0 !== fseek( $handle, $offset ) ) {
			return null;
		}
		$data = '';
		$left = $length;
		while ( $left > 0 ) {
			$part = fread( $handle, $left ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fread -- a slice at an offset of a log that can be gigabytes: WP_Filesystem has no seek.
			if ( false === $part || '' === $part ) {
				return null;
			}
			$data .= $part;
			$left -= strlen( $part );
		}
		return $data;
	}
}
