<?php
/**
 * Groups a PHP error log by fingerprint in one streaming pass.
 *
 * @package Triage
 */

namespace Triage\Logs;

defined( 'ABSPATH' ) || exit;

/**
 * Reads the log forwards in large blocks, splits them where entries start ("\n[dd-"), and counts each
 * entry into its group. Log_Grouper's normalisation and attribution run only the first time a message text
 * is seen: later entries with the same text cost a hash lookup, which is what keeps a multi-GB log fast.
 *
 * The work is cut into time-boxed slices: the state returned by run() carries a cursor (offset, inode,
 * size and a hash of the file's first bytes) and is passed back to continue. After the log grew, the same
 * state reads only the new bytes; after a rotation or truncation it starts again and says why. No
 * WordPress needed.
 */
final class Log_Summarizer {

	/** Bytes read per block. */
	public const BLOCK = 262144;

	/** Default bound of groups kept; entries of further groups are counted as dropped. */
	public const MAX_GROUPS = 300;

	/** Cap of an entry carried between blocks (the 300 MB one-line dump case). */
	public const MAX_ENTRY = 65536;

	/** Entries longer than this are not kept whole as a group's last entry (only its time stamp is needed). */
	private const LAST_BYTES = 4096;

	/** Bound of each look-up cache (message text to slot, time stamp to time). */
	private const CACHE_LIMIT = 4000;

	/** Bytes hashed to recognise the same file after a rotation that reused the inode. */
	private const HEAD_BYTES = 256;

	/**
	 * Finds the group of each new message text.
	 *
	 * @var Log_Grouper
	 */
	private $grouper;

	/**
	 * Takes its collaborators.
	 *
	 * @param Log_Attributor $attributor Attribution, for the groups.
	 */
	public function __construct( Log_Attributor $attributor ) {
		$this->grouper = new Log_Grouper( $attributor );
	}

	/**
	 * A fresh state for a window.
	 *
	 * @param int|null $since Only entries at or after this Unix time; null for all.
	 * @param int|null $until Only entries before this Unix time; null for all.
	 * @return array<string, mixed>
	 */
	public static function initial_state( ?int $since = null, ?int $until = null ): array {
		return array(
			'offset'     => 0,
			'inode'      => 0,
			'size'       => 0,
			'head'       => '',
			'head_len'   => 0,
			'carry'      => null,
			'carry_more' => 0,
			'groups'     => array(),
			'entries'    => 0,
			'dropped'    => 0,
			'done'       => false,
			'reset'      => '',
			'since'      => $since,
			'until'      => $until,
		);
	}

	/**
	 * Runs one slice.
	 *
	 * @param resource                  $handle  Stream opened for reading.
	 * @param array<string, mixed>|null $state   State from the previous slice, or null to start.
	 * @param array<string, mixed>      $options time_budget (seconds), max_bytes (per slice), max_groups.
	 * @return array<string, mixed> The new state; `done` says whether the end was reached.
	 */
	public function run( $handle, ?array $state = null, array $options = array() ): array {
		$state      = null === $state ? self::initial_state() : array_merge( self::initial_state(), $state );
		$budget     = isset( $options['time_budget'] ) ? (float) $options['time_budget'] : 2.0;
		$max_bytes  = isset( $options['max_bytes'] ) ? (int) $options['max_bytes'] : PHP_INT_MAX;
		$max_groups = isset( $options['max_groups'] ) ? (int) $options['max_groups'] : self::MAX_GROUPS;
		$started    = microtime( true );

		$stat  = fstat( $handle );
		$size  = is_array( $stat ) ? (int) $stat['size'] : 0;
		$inode = is_array( $stat ) ? (int) $stat['ino'] : 0;
		$head  = $this->head( $handle, (int) $state['head_len'] );

		$state['reset'] = '';
		if ( $state['offset'] > 0 ) {
			if ( $inode === $state['inode'] && $size < $state['offset'] ) {
				$state          = self::initial_state( $state['since'], $state['until'] );
				$state['reset'] = 'truncated';
			} elseif ( $inode !== $state['inode'] || $head !== $state['head'] ) {
				$state          = self::initial_state( $state['since'], $state['until'] );
				$state['reset'] = 'rotated';
			}
		}
		if ( $state['head_len'] < self::HEAD_BYTES && $size > $state['head_len'] ) {
			$state['head_len'] = (int) min( self::HEAD_BYTES, $size );
			$head              = $this->head( $handle, $state['head_len'] );
		}
		$state['inode'] = $inode;
		$state['head']  = $head;
		$state['size']  = $size;

		if ( $state['offset'] >= $size ) {
			$state['done'] = true;
			return $state;
		}
		$state['done'] = false;
		if ( 0 !== fseek( $handle, $state['offset'] ) ) {
			return $state;
		}

		$groups  = $state['groups'];
		$counts  = array();
		$lasts   = array();
		$raw     = array();
		$norm    = array();
		$times   = array();
		$since   = $state['since'];
		$until   = $state['until'];
		$window  = null !== $since || null !== $until;
		$current = $state['carry'];
		$more    = (int) $state['carry_more'];
		$offset  = (int) $state['offset'];
		$read    = 0;
		$entries = 0;
		$dropped = 0;
		// Width of PHP's usual time stamp, "23-Nov-2026 16:07:00 UTC"; learnt from the log when it differs.
		$width = 24;

		// The hot loop counts into integer slots (packed arrays); slots map back to group ids at the end.
		$ids   = array();
		$slots = array();

		while ( $offset < $size ) {
			$want = (int) min( self::BLOCK, $size - $offset );
			// @phpstan-ignore argument.type (the loop runs while $offset < $size, so at least one byte is wanted)
			$block = fread( $handle, $want ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fread -- one block of a log that can be gigabytes: WP_Filesystem can only read whole files.
			if ( false === $block || '' === $block ) {
				// Truncated while reading: what was read counts, the next slice notices.
				break;
			}
			$length = strlen( $block );
			$last   = $length > 4 ? strrpos( substr( $block, -4 ), "\n" ) : false;
			if ( false !== $last && 0 === fseek( $handle, $last - 4, SEEK_CUR ) ) {
				// A newline in the last bytes goes back to the stream with what follows it, so that the
				// "\n[dd-" starting the next entry is never split between two blocks.
				$block   = substr( $block, 0, $last - 4 );
				$length -= 4 - $last;
			}
			$offset += $length;
			$read   += $length;
			$pieces  = explode( "\n[", $block );
			$block   = null;
			$count   = count( $pieces );

			if ( null === $current ) {
				// The very start of the file: its first entry has no newline before its "[".
				$current = ( isset( $pieces[0][0] ) && '[' === $pieces[0][0] ) ? substr( $pieces[0], 1 ) : $pieces[0];
			} elseif ( isset( $current[ self::MAX_ENTRY - 1 ] ) ) {
				// The rest of an entry already cut at its cap (a 300 MB dump): counted, not copied.
				$more += strlen( $pieces[0] );
			} else {
				// Continues the entry carried over from the previous block.
				$current .= $pieces[0];
			}

			for ( $i = 1; $i < $count; $i++ ) {
				$piece = $pieces[ $i ];
				if ( ! isset( $piece[2] ) || '-' !== $piece[2] || $piece[0] < '0' || $piece[0] > '9' ) {
					// "\n[" inside an entry (a print_r dump, JSON): not a start.
					if ( isset( $current[ self::MAX_ENTRY - 1 ] ) ) {
						$more += 2 + strlen( $piece );
					} else {
						$current .= "\n[" . $piece;
					}
					continue;
				}

				if ( '' === $current ) {
					// Nothing before the first entry (the file or slice began with a newline).
					$current = $piece;
					continue;
				}
				// A new entry starts: count the one before it. Time stamps mostly have one width.
				if ( isset( $current[ $width + 1 ] ) && ']' === $current[ $width ] && ' ' === $current[ $width + 1 ] ) {
					$close = $width;
				} else {
					$close = strpos( $current, '] ' );
					if ( false !== $close && $close <= 64 ) {
						$width = $close;
					}
				}
				$nl = strpos( $current, "\n" );
				if ( false !== $close && ( false === $nl || $close < $nl ) ) {
					$message = false === $nl ? substr( $current, $close + 2 ) : substr( $current, $close + 2, $nl - $close - 2 );
				} else {
					$close   = false;
					$message = false === $nl ? $current : substr( $current, 0, $nl );
				}
				if ( $window ) {
					$stamp = false === $close ? '' : substr( $current, 0, $close );
					if ( ! isset( $times[ $stamp ] ) ) {
						if ( count( $times ) > self::CACHE_LIMIT ) {
							$times = array();
						}
						$times[ $stamp ] = (int) strtotime( $stamp );
					}
					$time = $times[ $stamp ];
					if ( ( null !== $since && $time < $since ) || ( null !== $until && $time >= $until ) ) {
						$current = $piece;
						$more    = 0;
						continue;
					}
				}
				if ( isset( $raw[ $message ] ) ) {
					$slot = $raw[ $message ];
				} else {
					if ( count( $raw ) > self::CACHE_LIMIT ) {
						$raw = array();
					}
					$id              = $this->grouper->group_of( $message, $current, false === $close ? '' : substr( $current, 0, $close ), $more, $groups, $norm, $max_groups );
					$slot            = self::slot( $id, $ids, $slots, $counts );
					$raw[ $message ] = $slot;
				}
				++$entries;
				if ( $slot < 0 ) {
					++$dropped;
				} else {
					++$counts[ $slot ];
					// The entry itself, not a copy (strings are shared); its time stamp is read once at the end.
					$lasts[ $slot ] = isset( $current[ self::LAST_BYTES ] ) ? substr( $current, 0, 128 ) : $current;
				}
				$current = $piece;
				$more    = 0;
			}//end for
			$pieces = null;
			if ( strlen( $current ) > self::MAX_ENTRY ) {
				$more   += strlen( $current ) - self::MAX_ENTRY;
				$current = substr( $current, 0, self::MAX_ENTRY );
			}
			if ( $read >= $max_bytes || microtime( true ) - $started >= $budget ) {
				break;
			}
		}//end while

		$state['offset'] = $offset;
		$state['done']   = $offset >= $size;
		if ( $state['done'] && null !== $current && '' !== trim( $current ) ) {
			// The last entry: nothing follows it to mark its end, so the end of the file does.
			$nl      = strpos( $current, "\n" );
			$close   = strpos( $current, '] ' );
			$valid   = false !== $close && ( false === $nl || $close < $nl );
			$stamp   = $valid ? substr( $current, 0, $close ) : '';
			$message = $valid ? ( false === $nl ? substr( $current, $close + 2 ) : substr( $current, $close + 2, $nl - $close - 2 ) ) : ( false === $nl ? $current : substr( $current, 0, $nl ) );
			$time    = '' === $stamp ? 0 : (int) strtotime( $stamp );
			if ( ! $window || ( ( null === $since || $time >= $since ) && ( null === $until || $time < $until ) ) ) {
				// @phpstan-ignore argument.type (substr() from offset 0 returns a string, never false)
				$slot = isset( $raw[ $message ] ) ? $raw[ $message ] : self::slot( $this->grouper->group_of( rtrim( $message ), $current, $stamp, $more, $groups, $norm, $max_groups ), $ids, $slots, $counts );
				++$entries;
				if ( $slot < 0 ) {
					++$dropped;
				} else {
					++$counts[ $slot ];
					$lasts[ $slot ] = substr( $current, 0, 128 );
				}
			}
			// What the log gains next starts a new entry, as at the start of the file.
			$current = null;
			$more    = 0;
		}//end if

		foreach ( $counts as $slot => $count ) {
			$id                      = $ids[ $slot ];
			$groups[ $id ]['count'] += $count;
			if ( isset( $lasts[ $slot ] ) ) {
				$close                      = strpos( $lasts[ $slot ], '] ' );
				$groups[ $id ]['last_seen'] = false === $close ? '' : substr( $lasts[ $slot ], 0, $close );
			}
		}
		$state['groups']     = $groups;
		$state['entries']   += $entries;
		$state['dropped']   += $dropped;
		$state['carry']      = $current;
		$state['carry_more'] = $more;
		$state['bytes_read'] = $read;
		return $state;
	}

	/**
	 * The counting slot of a group id: -1 for an entry whose group did not fit.
	 *
	 * @param string             $id     Group id, or empty.
	 * @param array<int, string> $ids    Slot to id (updated).
	 * @param array<string, int> $slots  Id to slot (updated).
	 * @param array<int, int>    $counts Counts by slot (updated).
	 * @return int
	 */
	private static function slot( string $id, array &$ids, array &$slots, array &$counts ): int {
		if ( '' === $id ) {
			return -1;
		}
		if ( ! isset( $slots[ $id ] ) ) {
			$slot            = count( $ids );
			$slots[ $id ]    = $slot;
			$ids[ $slot ]    = $id;
			$counts[ $slot ] = 0;
		}
		return $slots[ $id ];
	}

	/**
	 * Groups sorted by count, with times as Unix times: the public shape of a summary.
	 *
	 * @param array<string, mixed> $state State.
	 * @return array<int, array<string, mixed>>
	 */
	public static function groups( array $state ): array {
		$groups = array();
		foreach ( $state['groups'] as $group ) {
			$group['first_seen'] = Log_Entry_Parser::to_time( (string) $group['first_seen'] );
			$group['last_seen']  = Log_Entry_Parser::to_time( (string) $group['last_seen'] );
			$groups[]            = $group;
		}
		usort(
			$groups,
			static function ( $a, $b ) {
				$order = $b['count'] <=> $a['count'];
				return 0 !== $order ? $order : strcmp( $a['id'], $b['id'] );
			}
		);
		return $groups;
	}

	/**
	 * Hash of the first bytes, to notice a rotation that reused the inode.
	 *
	 * @param resource $handle Stream.
	 * @param int      $length Bytes to hash.
	 * @return string
	 */
	private function head( $handle, int $length ): string {
		if ( $length <= 0 || 0 !== fseek( $handle, 0 ) ) {
			return '';
		}
		$bytes = fread( $handle, $length ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fread -- the log's first bytes only (its identity), not the whole multi-gigabyte file WP_Filesystem would read.
		return false === $bytes ? '' : md5( $bytes );
	}
}
