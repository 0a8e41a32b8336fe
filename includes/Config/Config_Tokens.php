<?php
/**
 * A PHP source as a list of tokens with byte offsets, and the moves a reader makes over it.
 *
 * @package Triage
 */

namespace Triage\Config;

defined( 'ABSPATH' ) || exit;

/**
 * Every token carries its id (null for single characters), text, line and byte offset into the source, so
 * that readers can report exactly which bytes a statement spans and the editor can splice only those.
 */
final class Config_Tokens {

	/**
	 * The tokens, in order.
	 *
	 * @var array<int, array{id: int|null, text: string, line: int, offset: int}>
	 */
	private $tokens = array();

	/**
	 * The source the offsets point into.
	 *
	 * @var string
	 */
	private $source;

	/**
	 * Tokenizes a source.
	 *
	 * @param string $source PHP source.
	 */
	public function __construct( string $source ) {
		$this->source = $source;
		$offset       = 0;
		foreach ( token_get_all( $source ) as $token ) {
			$text           = is_array( $token ) ? $token[1] : $token;
			$this->tokens[] = array(
				'id'     => is_array( $token ) ? $token[0] : null,
				'text'   => $text,
				'line'   => is_array( $token ) ? $token[2] : 0,
				'offset' => $offset,
			);
			$offset        += strlen( $text );
		}
		$this->fill_lines();
	}

	/**
	 * The tokens, for loops that read many of them.
	 *
	 * @return array<int, array{id: int|null, text: string, line: int, offset: int}>
	 */
	public function all(): array {
		return $this->tokens;
	}

	/**
	 * Whether a token is whitespace or a comment.
	 *
	 * @param array{id: int|null} $token Token.
	 * @return bool
	 */
	public static function is_insignificant( array $token ): bool {
		return in_array( $token['id'], array( T_WHITESPACE, T_COMMENT, T_DOC_COMMENT ), true );
	}

	/**
	 * Index of the next significant token after $i.
	 *
	 * @param int|null $i Index.
	 * @return int|null
	 */
	public function next_significant( ?int $i ): ?int {
		if ( null === $i ) {
			return null;
		}
		$count = count( $this->tokens );
		for ( $j = $i + 1; $j < $count; $j++ ) {
			if ( ! self::is_insignificant( $this->tokens[ $j ] ) ) {
				return $j;
			}
		}
		return null;
	}

	/**
	 * Index of the previous significant token before $i.
	 *
	 * @param int $i Index.
	 * @return int|null
	 */
	public function previous_significant( int $i ): ?int {
		for ( $j = $i - 1; $j >= 0; $j-- ) {
			if ( ! self::is_insignificant( $this->tokens[ $j ] ) ) {
				return $j;
			}
		}
		return null;
	}

	/**
	 * From an opening parenthesis, the index of its matching closing one (or the last token).
	 *
	 * @param int|null $open Index of "(".
	 * @return int|null
	 */
	public function skip_parens( ?int $open ): ?int {
		if ( null === $open || '(' !== $this->tokens[ $open ]['text'] ) {
			return $open;
		}
		$depth = 0;
		$count = count( $this->tokens );
		for ( $j = $open; $j < $count; $j++ ) {
			$text = $this->tokens[ $j ]['text'];
			if ( '(' === $text ) {
				++$depth;
			} elseif ( ')' === $text ) {
				--$depth;
				if ( 0 === $depth ) {
					return $j;
				}
			}
		}
		return $count - 1;
	}

	/**
	 * Whether token $j opens a bracket of any kind (including "{$" and "${" inside strings).
	 *
	 * @param int $j Index.
	 * @return bool
	 */
	public function opens_bracket( int $j ): bool {
		$token = $this->tokens[ $j ];
		return in_array( $token['text'], array( '(', '[', '{' ), true ) || T_CURLY_OPEN === $token['id'] || T_DOLLAR_OPEN_CURLY_BRACES === $token['id'];
	}

	/**
	 * Index of the ";" (or closing tag) that ends the statement starting at $i, outside brackets.
	 *
	 * @param int $i Index.
	 * @return int
	 */
	public function statement_end( int $i ): int {
		$depth = 0;
		$count = count( $this->tokens );
		for ( $j = $i; $j < $count; $j++ ) {
			$text = $this->tokens[ $j ]['text'];
			if ( $this->opens_bracket( $j ) ) {
				++$depth;
			} elseif ( in_array( $text, array( ')', ']', '}' ), true ) ) {
				--$depth;
			} elseif ( 0 >= $depth && ( ';' === $text || T_CLOSE_TAG === $this->tokens[ $j ]['id'] ) ) {
				return $j;
			}
		}
		return $count - 1;
	}

	/**
	 * Source text of tokens $from..$to inclusive.
	 *
	 * @param int $from First index.
	 * @param int $to   Last index.
	 * @return string
	 */
	public function text_between( int $from, int $to ): string {
		$text = '';
		for ( $j = $from; $j <= $to; $j++ ) {
			$text .= $this->tokens[ $j ]['text'];
		}
		return $text;
	}

	/**
	 * Offset of the start of the line holding $offset, or null when code precedes it on that line.
	 *
	 * @param int $offset Byte offset.
	 * @return int|null
	 */
	public function line_start( int $offset ): ?int {
		$newline = strrpos( substr( $this->source, 0, $offset ), "\n" );
		$start   = false === $newline ? 0 : $newline + 1;
		$before  = substr( $this->source, $start, $offset - $start );
		if ( 0 === $start && 0 === strncmp( $before, "\xEF\xBB\xBF", 3 ) ) {
			$before = substr( $before, 3 );
		}
		return '' === trim( $before ) ? $start : null;
	}

	/**
	 * Gives whitespace and single-character tokens the line of their predecessor.
	 *
	 * @return void
	 */
	private function fill_lines(): void {
		$line = 1;
		foreach ( $this->tokens as $index => $token ) {
			if ( null === $token['id'] ) {
				$this->tokens[ $index ]['line'] = $line;
			} else {
				$line = $token['line'];
			}
			$line += substr_count( $token['text'], "\n" );
		}
	}
}
