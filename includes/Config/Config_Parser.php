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
 * Works on tokens (Config_Tokens), never on raw text: `define(` inside a comment, a string or a heredoc is
 * not a call. This class follows the blocks a statement sits in (conditional, nested, after wp-settings.php);
 * Config_Define_Reader reads each define() call. Offsets are byte offsets into the source, so the editor can
 * splice exactly the bytes it changes and leave every other byte alone.
 *
 * @phpstan-type Define array{name: string, status: string, line: int, start: int, end: int, value_start: int, value_end: int, value: string}
 * @phpstan-type Parsed array{defines: array<int, Define>, settings: array{line: int, start: int|null}|null, marker: array{line: int, start: int}|null, includes: array<int, array{line: int, text: string}>, open_tag_end: int|null, eol: string}
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
	 *     settings: array{line: int, start: int|null}|null,
	 *     marker: array{line: int, start: int}|null,
	 *     includes: array<int, array{line: int, text: string}>,
	 *     open_tag_end: int|null,
	 *     eol: string
	 * }
	 */
	public function parse( string $source ): array {
		$walker  = new Config_Tokens( $source );
		$tokens  = $walker->all();
		$defines = new Config_Define_Reader( $walker );

		$result = array(
			'defines'      => array(),
			'settings'     => null,
			'marker'       => null,
			'includes'     => array(),
			'open_tag_end' => null,
			'eol'          => $this->eol( $source ),
		);

		// Kinds (conditional or nested) of the open braces.
		$blocks = array();
		// Open alternative-syntax blocks (if: ... endif;).
		$alt_depth = 0;
		// Kind of the next block to open.
		$pending     = null;
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
					$close = $walker->skip_parens( $walker->next_significant( $i ) );
					$after = $walker->next_significant( $close );
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
				$line_start = $walker->line_start( $token['offset'] );
				if ( null !== $line_start ) {
					$result['marker'] = array(
						'line'  => $token['line'],
						'start' => $line_start,
					);
				}
				continue;
			}

			if ( in_array( $id, array( T_REQUIRE, T_REQUIRE_ONCE, T_INCLUDE, T_INCLUDE_ONCE ), true ) ) {
				$statement = $walker->text_between( $i, $walker->statement_end( $i ) );
				if ( false !== stripos( $statement, 'wp-settings.php' ) ) {
					if ( null === $result['settings'] && null === $context ) {
						$result['settings'] = array(
							'line'  => $token['line'],
							'start' => $walker->line_start( $token['offset'] ),
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
				$name = $walker->next_significant( $i );
				if ( null !== $name && T_STRING === $tokens[ $name ]['id'] ) {
					$end                 = $walker->statement_end( $i );
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

			if ( $defines->is_call( $i ) ) {
				$define = $defines->read( $i, $context, $after_setup );
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
			// @phpstan-ignore function.resultUnused (called for the ParseError it throws, not for the tokens)
			token_get_all( $source, TOKEN_PARSE );
		} catch ( \ParseError $error ) {
			/* translators: 1: PHP parser message, 2: line number. */
			return sprintf( __( '%1$s on line %2$d', 'triage' ), $error->getMessage(), $error->getLine() );
		}
		return true;
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
}
