<?php
/**
 * Checks that what Triage is about to put back into wp-config.php is a plain define() statement.
 *
 * @package Triage
 */

namespace Triage\Config;

use WP_Error;

defined( 'ABSPATH' ) || exit;

/**
 * The stored debug record (an option) carries statement text that a revert writes into wp-config.php. A
 * bug elsewhere that lets someone write that option must not become code execution, so every statement of
 * a record is read with the config tokenizer before any byte is written, and only `define( 'NAME', VALUE );`
 * is accepted: one statement (its ";" may be left to a closing tag), the global define(), exactly two
 * arguments, NAME one of the constants Triage manages and the edit's own name, VALUE a constant expression:
 * literals (true, false, null, numbers, strings without interpolation), constant names, __DIR__, __FILE__,
 * __LINE__, operators, parentheses, and the one function wp-config.php files use in a path, dirname(). No
 * variables, no other calls, no backticks, no include, no second statement, no closing tag, nothing before
 * or after the statement. Comments and whitespace inside it are kept as they are.
 *
 * The same check runs on the lines Triage records when it applies a profile, so a record it wrote is
 * always one it accepts back (a site line outside this shape blocks the profile instead).
 */
final class Plain_Define {

	/** The only function a value may call: `dirname( __FILE__ ) . '/debug.log'` is common and pure. */
	private const PURE_FUNCTIONS = array( 'dirname' );

	/**
	 * The first edit of a record that is not what Triage itself writes, as an error; null when all are.
	 *
	 * @param array<mixed> $edits The record's `edits`.
	 * @return WP_Error|null
	 */
	public static function check_edits( array $edits ): ?WP_Error {
		foreach ( $edits as $edit ) {
			$name = is_array( $edit ) && isset( $edit['name'] ) && is_string( $edit['name'] ) ? $edit['name'] : '';
			if ( ! self::is_edit( $edit ) ) {
				return new WP_Error(
					'triage_debug_record_invalid',
					sprintf(
						/* translators: %s: constant name, or empty. */
						__( 'Triage\'s stored record of its wp-config.php change (for %s) is not a plain define() statement, so Triage will not write it into wp-config.php. Nothing was changed. Compare wp-config.php with the backup in Triage\'s private folder and correct the debug lines by hand.', 'triage' ),
						'' === $name ? '?' : $name
					),
					array( 'status' => 409 )
				);
			}
		}
		return null;
	}

	/**
	 * Whether a text is exactly one plain define() of the constant $name (see the class comment).
	 *
	 * @param string $statement PHP code, without an opening tag.
	 * @param string $name      Constant it must define.
	 * @return bool
	 */
	public static function is_plain( string $statement, string $name ): bool {
		$walker = new Config_Tokens( "<?php\n" . $statement );
		$all    = $walker->all();
		$last   = end( $all );
		// Nothing before define or after its end: an open comment there would swallow the rest of the file.
		if ( count( $all ) < 2 || Config_Tokens::is_insignificant( $all[1] ) || false === $last || ! in_array( $last['text'], array( ';', ')' ), true ) ) {
			return false;
		}
		$tokens = array_values(
			array_filter(
				array_slice( $all, 1 ),
				static function ( array $token ): bool {
					return ! Config_Tokens::is_insignificant( $token );
				}
			)
		);
		// PHP 7.4 reads \define as a separator and a name.
		if ( isset( $tokens[0] ) && T_NS_SEPARATOR === $tokens[0]['id'] ) {
			array_shift( $tokens );
		}
		// The ";" may be missing before a closing tag, which the reader leaves out of the statement.
		if ( ! empty( $tokens ) && ';' === $tokens[ count( $tokens ) - 1 ]['text'] ) {
			array_pop( $tokens );
		}
		$count = count( $tokens );
		// Now: define ( NAME , <at least one value token> ).
		if ( $count < 6 || 'define' !== strtolower( ltrim( $tokens[0]['text'], '\\' ) ) || '(' !== $tokens[1]['text'] || ')' !== $tokens[ $count - 1 ]['text'] ) {
			return false;
		}
		$literal_name = T_CONSTANT_ENCAPSED_STRING === $tokens[2]['id'] ? substr( $tokens[2]['text'], 1, -1 ) : null;
		if ( $literal_name !== $name || ',' !== $tokens[3]['text'] ) {
			return false;
		}
		// The define's own parentheses close last; the value must close all of its own.
		return self::is_constant_expression( array_slice( $tokens, 4, $count - 5 ) );
	}

	/**
	 * Whether an edit is one Triage could have recorded.
	 *
	 * @param mixed $edit One entry of `edits`.
	 * @return bool
	 */
	private static function is_edit( $edit ): bool {
		if ( ! is_array( $edit ) || ! isset( $edit['name'], $edit['action'], $edit['original'], $edit['applied'] ) ) {
			return false;
		}
		$name = $edit['name'];
		if ( ! is_string( $name ) || ! is_string( $edit['original'] ) || ! is_string( $edit['applied'] ) || ! in_array( $name, Debug_Profiles::MANAGED, true ) ) {
			return false;
		}
		if ( 'added' === $edit['action'] ) {
			// Removed again on revert: exactly the line apply() added, comment and line ending included.
			$line = preg_replace( '/ ' . preg_quote( Config_Editor::ADDED_COMMENT, '/' ) . '(\r\n|\n|\r)?$/D', '', $edit['applied'], 1, $replaced );
			return '' === $edit['original'] && 1 === $replaced && is_string( $line ) && self::is_plain( $line, $name );
		}
		return 'changed' === $edit['action'] && self::is_plain( $edit['original'], $name ) && self::is_plain( $edit['applied'], $name );
	}

	/**
	 * Whether value tokens form a constant expression (see the class comment).
	 *
	 * @param array<int, array{id: int|null, text: string, line: int, offset: int}> $tokens Significant tokens of the value.
	 * @return bool
	 */
	private static function is_constant_expression( array $tokens ): bool {
		$literals  = array( T_CONSTANT_ENCAPSED_STRING, T_LNUMBER, T_DNUMBER, T_DIR, T_FILE, T_LINE );
		$operators = array( '.', '+', '-', '*', '/', '%', '!', '~', '|', '&', '^', '<', '>', '?', ':', '(', ')', ',', T_BOOLEAN_AND, T_BOOLEAN_OR, T_IS_EQUAL, T_IS_IDENTICAL, T_IS_NOT_EQUAL, T_IS_NOT_IDENTICAL, T_IS_GREATER_OR_EQUAL, T_IS_SMALLER_OR_EQUAL, T_SL, T_SR, T_POW, T_COALESCE );
		$depth     = 0;
		$calls     = array();
		if ( empty( $tokens ) ) {
			return false;
		}
		foreach ( $tokens as $index => $token ) {
			$next = isset( $tokens[ $index + 1 ] ) ? $tokens[ $index + 1 ]['text'] : '';
			if ( '(' === $token['text'] ) {
				++$depth;
			} elseif ( ')' === $token['text'] ) {
				--$depth;
				if ( $depth < 0 ) {
					return false;
				}
				if ( ! empty( $calls ) && end( $calls ) === $depth ) {
					array_pop( $calls );
				}
			} elseif ( ',' === $token['text'] && ( empty( $calls ) || end( $calls ) !== $depth - 1 ) ) {
				// A comma separates arguments of dirname() only.
				return false;
			}
			if ( in_array( $token['id'], $literals, true ) || in_array( null === $token['id'] ? $token['text'] : $token['id'], $operators, true ) ) {
				continue;
			}
			if ( T_STRING !== $token['id'] || '::' === $next ) {
				return false;
			}
			if ( '(' === $next ) {
				if ( ! in_array( strtolower( $token['text'] ), self::PURE_FUNCTIONS, true ) ) {
					return false;
				}
				$calls[] = $depth;
			}
			// Otherwise a constant's name (true, false, null, ABSPATH…): reading it runs no code.
		}//end foreach
		return 0 === $depth;
	}
}
