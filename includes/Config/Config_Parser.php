<?php
/**
 * Reads the define() calls of a wp-config.php with PHP's tokenizer.
 *
 * @package Triage
 */

namespace Triage\Config;

defined( 'ABSPATH' ) || exit;

/**
 * Finds every constant a wp-config.php defines, where (byte offsets and line), and whether Triage may edit it.
 *
 * Works on tokens, never on raw text: `define(` inside a comment, a string or a heredoc is not a call, and
 * `Config::define()` (Bedrock) is a method, not the function. Offsets are byte offsets into the source, so
 * the editor can splice exactly the bytes it changes and leave every other byte alone.
 */
final class Config_Parser {

	/** An unconditional top-level define() before wp-settings.php is loaded: Triage may edit it. */
	public const EDITABLE = 'editable';

	/** Inside an if/else/switch/loop, or `defined() || define()`: which value wins depends on run time. */
	public const CONDITIONAL = 'conditional';

	/** Inside a function or class body. */
	public const NESTED = 'nested';

	/** After wp-settings.php is required: WordPress has already defined its default by then. */
	public const AFTER_SETTINGS = 'after_settings';

	/** The value comes from the environment (getenv(), $_ENV, $_SERVER, env()). */
	public const ENVIRONMENT = 'environment';

	/** A `const NAME = ...;` declaration rather than define(). */
	public const CONST_DECLARATION = 'const';

	/**
	 * Tokens that open a block whose contents run conditionally.
	 *
	 * @var array<int, int>
	 */
	private const CONDITIONAL_KEYWORDS = array( T_IF, T_ELSEIF, T_ELSE, T_SWITCH, T_WHILE, T_FOR, T_FOREACH, T_DO, T_TRY, T_CATCH, T_FINALLY );

	/**
	 * Parses a wp-config.php source.
	 *
	 * @param string $source File contents.
	 * @return array{
	 *     defines: array<int, array{name: string, status: string, line: int, start: int, end: int, value_start: int, value_end: int, value: string}>,
	 *     settings: array{line: int, start: int}|null,
	 *     marker: array{line: int, start: int}|null,
	 *     includes: array<int, array{line: int, text: string}>,
	 *     open_tag_end: int|null,
	 *     eol: string
	 * }
	 */
	public function parse( string $source ): array {
		$raw    = token_get_all( $source );
		$tokens = array();
		$offset = 0;
		foreach ( $raw as $token ) {
			$text     = is_array( $token ) ? $token[1] : $token;
			$tokens[] = array(
				'id'     => is_array( $token ) ? $token[0] : null,
				'text'   => $text,
				'line'   => is_array( $token ) ? $token[2] : 0,
				'offset' => $offset,
			);
			$offset  += strlen( $text );
		}
		$this->fill_lines( $tokens );

		$result = array(
			'defines'      => array(),
			'settings'     => null,
			'marker'       => null,
			'includes'     => array(),
			'open_tag_end' => null,
			'eol'          => $this->eol( $source ),
		);

		$blocks = array();
		// Stack of 'conditional'|'nested' for open braces.
		$alt_depth = 0;
		// Open alternative-syntax blocks (if: ... endif;).
		$pending = null;
		// Kind of the next block to open.
		$count       = count( $tokens );
		$after_setup = false;

		for ( $i = 0; $i < $count; $i++ ) {
			$token = $tokens[ $i ];
			$id    = $token['id'];
			$text  = $token['text'];

			if ( T_OPEN_TAG === $id && null === $result['open_tag_end'] ) {
				$result['open_tag_end'] = $token['offset'] + strlen( $text );
				continue;
			}
			if ( in_array( $id, self::CONDITIONAL_KEYWORDS, true ) ) {
				$pending = self::CONDITIONAL;
				if ( in_array( $id, array( T_IF, T_SWITCH, T_WHILE, T_FOR, T_FOREACH ), true ) ) {
					$close = $this->skip_parens( $tokens, $this->next_significant( $tokens, $i ) );
					$after = $this->next_significant( $tokens, $close );
					if ( null !== $after && ':' === $tokens[ $after ]['text'] ) {
						++$alt_depth;
						$pending = null;
						$i       = $after;
					}
				}
				continue;
			}
			if ( in_array( $id, array( T_ENDIF, T_ENDSWITCH, T_ENDWHILE, T_ENDFOR, T_ENDFOREACH ), true ) ) {
				$alt_depth = max( 0, $alt_depth - 1 );
				continue;
			}
			if ( in_array( $id, array( T_FUNCTION, T_CLASS, T_INTERFACE, T_TRAIT, T_NAMESPACE ), true ) || ( defined( 'T_FN' ) && T_FN === $id ) ) {
				$pending = self::NESTED;
				continue;
			}
			if ( '{' === $text || T_CURLY_OPEN === $id || T_DOLLAR_OPEN_CURLY_BRACES === $id ) {
				$blocks[] = null === $pending ? self::NESTED : $pending;
				$pending  = null;
				continue;
			}
			if ( '}' === $text ) {
				array_pop( $blocks );
				continue;
			}
			if ( ';' === $text ) {
				$pending = null;
				continue;
			}

			$context = $this->context( $blocks, $alt_depth );

			// The last "stop editing" comment before wp-settings.php: the sample's "Add any custom values between
			// this line and the "stop editing" line" comes first and also says "stop editing".
			if ( ( T_COMMENT === $id || T_DOC_COMMENT === $id ) && ! $after_setup && null === $context
				&& false !== stripos( $text, 'stop editing' ) ) {
				$line_start = $this->line_start( $source, $token['offset'] );
				if ( null !== $line_start ) {
					$result['marker'] = array(
						'line'  => $token['line'],
						'start' => $line_start,
					);
				}
				continue;
			}

			if ( in_array( $id, array( T_REQUIRE, T_REQUIRE_ONCE, T_INCLUDE, T_INCLUDE_ONCE ), true ) ) {
				$end       = $this->statement_end( $tokens, $i );
				$statement = $this->text_between( $tokens, $i, $end );
				if ( false !== stripos( $statement, 'wp-settings.php' ) ) {
					if ( null === $result['settings'] && null === $context ) {
						$result['settings'] = array(
							'line'  => $token['line'],
							'start' => $this->line_start( $source, $token['offset'] ),
						);
						$after_setup        = true;
					}
				} elseif ( ! $after_setup ) {
					$result['includes'][] = array(
						'line' => $token['line'],
						'text' => trim( $statement ),
					);
				}
				continue;
			}

			if ( T_CONST === $id && empty( $blocks ) && 0 === $alt_depth ) {
				$name = $this->next_significant( $tokens, $i );
				if ( null !== $name && T_STRING === $tokens[ $name ]['id'] ) {
					$end                 = $this->statement_end( $tokens, $i );
					$result['defines'][] = array(
						'name'        => $tokens[ $name ]['text'],
						'status'      => self::CONST_DECLARATION,
						'line'        => $token['line'],
						'start'       => $token['offset'],
						'end'         => $tokens[ $end ]['offset'] + strlen( $tokens[ $end ]['text'] ),
						'value_start' => $token['offset'],
						'value_end'   => $token['offset'],
						'value'       => '',
					);
				}
				continue;
			}

			if ( $this->is_define_call( $tokens, $i ) ) {
				$define = $this->read_define( $tokens, $i, $context, $after_setup );
				if ( null !== $define ) {
					$result['defines'][] = $define;
				}
			}
		}//end for

		return $result;
	}

	/**
	 * Whether a parse of this source succeeds (PHP 7+: TOKEN_PARSE raises ParseError on a syntax error).
	 *
	 * @param string $source PHP source.
	 * @return true|string True, or the parser's message.
	 */
	public static function validate( string $source ) {
		try {
			token_get_all( $source, TOKEN_PARSE );
		} catch ( \ParseError $error ) {
			/* translators: 1: PHP parser message, 2: line number. */
			return sprintf( __( '%1$s on line %2$d', 'triage' ), $error->getMessage(), $error->getLine() );
		}
		return true;
	}

	/**
	 * Gives whitespace and single-character tokens the line of their predecessor.
	 *
	 * @param array<int, array{id: int|null, text: string, line: int, offset: int}> $tokens Tokens.
	 * @return void
	 */
	private function fill_lines( array &$tokens ): void {
		$line = 1;
		foreach ( $tokens as $index => $token ) {
			if ( null === $token['id'] ) {
				$tokens[ $index ]['line'] = $line;
			} else {
				$line = $token['line'];
			}
			$line += substr_count( $token['text'], "\n" );
		}
	}

	/**
	 * The line ending the file mostly uses.
	 *
	 * @param string $source Source.
	 * @return string "\r\n" or "\n".
	 */
	private function eol( string $source ): string {
		$crlf = substr_count( $source, "\r\n" );
		$lf   = substr_count( $source, "\n" ) - $crlf;
		return $crlf > $lf ? "\r\n" : "\n";
	}

	/**
	 * Conditional or nested context of the current position; null at the top level.
	 *
	 * @param array<int, string> $blocks    Open blocks.
	 * @param int                $alt_depth Open alternative-syntax blocks.
	 * @return string|null
	 */
	private function context( array $blocks, int $alt_depth ): ?string {
		if ( $alt_depth > 0 || in_array( self::CONDITIONAL, $blocks, true ) ) {
			return self::CONDITIONAL;
		}
		return empty( $blocks ) ? null : self::NESTED;
	}

	/**
	 * Whether a token is whitespace or a comment.
	 *
	 * @param array{id: int|null} $token Token.
	 * @return bool
	 */
	private function is_insignificant( array $token ): bool {
		return in_array( $token['id'], array( T_WHITESPACE, T_COMMENT, T_DOC_COMMENT ), true );
	}

	/**
	 * Index of the next significant token after $i.
	 *
	 * @param array<int, array> $tokens Tokens.
	 * @param int|null          $i      Index.
	 * @return int|null
	 */
	private function next_significant( array $tokens, ?int $i ): ?int {
		if ( null === $i ) {
			return null;
		}
		$count = count( $tokens );
		for ( $j = $i + 1; $j < $count; $j++ ) {
			if ( ! $this->is_insignificant( $tokens[ $j ] ) ) {
				return $j;
			}
		}
		return null;
	}

	/**
	 * Index of the previous significant token before $i.
	 *
	 * @param array<int, array> $tokens Tokens.
	 * @param int               $i      Index.
	 * @return int|null
	 */
	private function previous_significant( array $tokens, int $i ): ?int {
		for ( $j = $i - 1; $j >= 0; $j-- ) {
			if ( ! $this->is_insignificant( $tokens[ $j ] ) ) {
				return $j;
			}
		}
		return null;
	}

	/**
	 * From an opening parenthesis, the index of its matching closing one (or the last token).
	 *
	 * @param array<int, array> $tokens Tokens.
	 * @param int|null          $open   Index of "(".
	 * @return int|null
	 */
	private function skip_parens( array $tokens, ?int $open ): ?int {
		if ( null === $open || '(' !== $tokens[ $open ]['text'] ) {
			return $open;
		}
		$depth = 0;
		$count = count( $tokens );
		for ( $j = $open; $j < $count; $j++ ) {
			$text = $tokens[ $j ]['text'];
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
	 * Index of the ";" (or closing tag) that ends the statement starting at $i, outside brackets.
	 *
	 * @param array<int, array> $tokens Tokens.
	 * @param int               $i      Index.
	 * @return int
	 */
	private function statement_end( array $tokens, int $i ): int {
		$depth = 0;
		$count = count( $tokens );
		for ( $j = $i; $j < $count; $j++ ) {
			$text = $tokens[ $j ]['text'];
			if ( in_array( $text, array( '(', '[', '{' ), true ) || T_CURLY_OPEN === $tokens[ $j ]['id'] || T_DOLLAR_OPEN_CURLY_BRACES === $tokens[ $j ]['id'] ) {
				++$depth;
			} elseif ( in_array( $text, array( ')', ']', '}' ), true ) ) {
				--$depth;
			} elseif ( 0 >= $depth && ( ';' === $text || T_CLOSE_TAG === $tokens[ $j ]['id'] ) ) {
				return $j;
			}
		}
		return $count - 1;
	}

	/**
	 * Source text of tokens $from..$to inclusive.
	 *
	 * @param array<int, array> $tokens Tokens.
	 * @param int               $from   First index.
	 * @param int               $to     Last index.
	 * @return string
	 */
	private function text_between( array $tokens, int $from, int $to ): string {
		$text = '';
		for ( $j = $from; $j <= $to; $j++ ) {
			$text .= $tokens[ $j ]['text'];
		}
		return $text;
	}

	/**
	 * Offset of the start of the line holding $offset, or null when code precedes it on that line.
	 *
	 * @param string $source Source.
	 * @param int    $offset Byte offset.
	 * @return int|null
	 */
	private function line_start( string $source, int $offset ): ?int {
		$newline = strrpos( substr( $source, 0, $offset ), "\n" );
		$start   = false === $newline ? 0 : $newline + 1;
		$before  = substr( $source, $start, $offset - $start );
		if ( 0 === $start && 0 === strncmp( $before, "\xEF\xBB\xBF", 3 ) ) {
			$before = substr( $before, 3 );
		}
		return '' === trim( $before ) ? $start : null;
	}

	/**
	 * Whether token $i is a call of the global define() function.
	 *
	 * @param array<int, array> $tokens Tokens.
	 * @param int               $i      Index.
	 * @return bool
	 */
	private function is_define_call( array $tokens, int $i ): bool {
		$token = $tokens[ $i ];
		$name  = strtolower( $token['text'] );
		$fqn   = defined( 'T_NAME_FULLY_QUALIFIED' ) && T_NAME_FULLY_QUALIFIED === $token['id'] && '\\define' === $name;
		if ( ! $fqn && ! ( T_STRING === $token['id'] && 'define' === $name ) ) {
			return false;
		}
		$next = $this->next_significant( $tokens, $i );
		if ( null === $next || '(' !== $tokens[ $next ]['text'] ) {
			return false;
		}
		$previous = $this->previous_significant( $tokens, $i );
		if ( null === $previous ) {
			return true;
		}
		$excluded = array( T_OBJECT_OPERATOR, T_DOUBLE_COLON, T_FUNCTION, T_NEW, T_CONST );
		if ( defined( 'T_NULLSAFE_OBJECT_OPERATOR' ) ) {
			$excluded[] = T_NULLSAFE_OBJECT_OPERATOR;
		}
		return ! in_array( $tokens[ $previous ]['id'], $excluded, true );
	}

	/**
	 * Reads one define() call.
	 *
	 * @param array<int, array> $tokens      Tokens.
	 * @param int               $i           Index of "define".
	 * @param string|null       $context     Block context.
	 * @param bool              $after_setup Whether wp-settings.php was already required.
	 * @return array|null Null when the name is not a literal string.
	 */
	private function read_define( array $tokens, int $i, ?string $context, bool $after_setup ): ?array {
		$start = $i;
		// PHP 7.4 tokenizes \define as T_NS_SEPARATOR + T_STRING.
		$previous = $this->previous_significant( $tokens, $i );
		if ( null !== $previous && T_NS_SEPARATOR === $tokens[ $previous ]['id'] && $previous === $i - 1 ) {
			$start    = $previous;
			$previous = $this->previous_significant( $tokens, $previous );
		}
		$open  = $this->next_significant( $tokens, $i );
		$close = $this->skip_parens( $tokens, $open );
		if ( null === $open || null === $close ) {
			return null;
		}

		// Split the arguments on top-level commas.
		$arguments = array( array() );
		$depth     = 0;
		for ( $j = $open + 1; $j < $close; $j++ ) {
			$text = $tokens[ $j ]['text'];
			if ( in_array( $text, array( '(', '[', '{' ), true ) || T_CURLY_OPEN === $tokens[ $j ]['id'] || T_DOLLAR_OPEN_CURLY_BRACES === $tokens[ $j ]['id'] ) {
				++$depth;
			} elseif ( in_array( $text, array( ')', ']', '}' ), true ) ) {
				--$depth;
			} elseif ( 0 === $depth && ',' === $text ) {
				$arguments[] = array();
				continue;
			}
			if ( ! $this->is_insignificant( $tokens[ $j ] ) ) {
				$arguments[ count( $arguments ) - 1 ][] = $j;
			}
		}
		if ( count( $arguments ) < 2 || 1 !== count( $arguments[0] ) || empty( $arguments[1] ) ) {
			return null;
		}
		$name = $this->literal_name( $tokens[ $arguments[0][0] ] );
		if ( null === $name ) {
			return null;
		}

		$value_first = $arguments[1][0];
		$value_last  = $arguments[1][ count( $arguments[1] ) - 1 ];
		$value_start = $tokens[ $value_first ]['offset'];
		$value_end   = $tokens[ $value_last ]['offset'] + strlen( $tokens[ $value_last ]['text'] );
		$value       = $this->text_between( $tokens, $value_first, $value_last );

		$after     = $this->next_significant( $tokens, $close );
		$statement = null !== $after && ( ';' === $tokens[ $after ]['text'] || T_CLOSE_TAG === $tokens[ $after ]['id'] );
		$end       = $statement && ';' === $tokens[ $after ]['text'] ? $tokens[ $after ]['offset'] + 1 : $tokens[ $close ]['offset'] + 1;
		$starts    = null === $previous || in_array( $tokens[ $previous ]['text'], array( ';', '{', '}' ), true )
			|| in_array( $tokens[ $previous ]['id'], array( T_OPEN_TAG, T_CLOSE_TAG ), true );

		if ( null !== $context ) {
			$status = $context;
		} elseif ( ! $statement || ! $starts ) {
			$status = self::CONDITIONAL;
		} elseif ( $after_setup ) {
			$status = self::AFTER_SETTINGS;
		} elseif ( $this->reads_environment( $tokens, $value_first, $value_last ) ) {
			$status = self::ENVIRONMENT;
		} else {
			$status = self::EDITABLE;
		}

		return array(
			'name'        => $name,
			'status'      => $status,
			'line'        => $tokens[ $i ]['line'],
			'start'       => $tokens[ $start ]['offset'],
			'end'         => $end,
			'value_start' => $value_start,
			'value_end'   => $value_end,
			'value'       => $value,
		);
	}

	/**
	 * The constant name of a string literal token, when it is a plain literal.
	 *
	 * @param array{id: int|null, text: string} $token Token.
	 * @return string|null
	 */
	private function literal_name( array $token ): ?string {
		if ( T_CONSTANT_ENCAPSED_STRING !== $token['id'] ) {
			return null;
		}
		$name = substr( $token['text'], 1, -1 );
		return preg_match( '/^[A-Za-z_][A-Za-z0-9_]*$/', $name ) ? $name : null;
	}

	/**
	 * Whether a value expression reads the environment.
	 *
	 * @param array<int, array> $tokens Tokens.
	 * @param int               $first  First token of the value.
	 * @param int               $last   Last token of the value.
	 * @return bool
	 */
	private function reads_environment( array $tokens, int $first, int $last ): bool {
		for ( $j = $first; $j <= $last; $j++ ) {
			$text = strtolower( ltrim( $tokens[ $j ]['text'], '\\' ) );
			if ( T_VARIABLE === $tokens[ $j ]['id'] && in_array( $text, array( '$_env', '$_server' ), true ) ) {
				return true;
			}
			// Functions named like getenv (getenv, apache_getenv, the Docker image's getenv_docker) and Bedrock's env.
			if ( T_STRING === $tokens[ $j ]['id'] && ( false !== strpos( $text, 'getenv' ) || 'env' === $text ) ) {
				return true;
			}
			if ( defined( 'T_NAME_FULLY_QUALIFIED' ) && T_NAME_FULLY_QUALIFIED === $tokens[ $j ]['id'] && false !== strpos( $text, 'getenv' ) ) {
				return true;
			}
		}
		return false;
	}
}
