<?php
/**
 * Reads one define() call of a wp-config.php: its name, value, byte span and whether Triage may edit it.
 *
 * @package Triage
 */

namespace Triage\Config;

defined( 'ABSPATH' ) || exit;

/**
 * Only a call of the global function counts: `Config::define()` (Bedrock) is a method, `function define()`
 * a declaration. A define() whose name is not a plain string literal is not read at all, because Triage
 * could not tell which constant it sets.
 */
final class Config_Define_Reader {

	/**
	 * The file's tokens.
	 *
	 * @var Config_Tokens
	 */
	private $tokens;

	/**
	 * Reads from these tokens.
	 *
	 * @param Config_Tokens $tokens Tokens.
	 */
	public function __construct( Config_Tokens $tokens ) {
		$this->tokens = $tokens;
	}

	/**
	 * Whether token $i is a call of the global define() function.
	 *
	 * @param int $i Index.
	 * @return bool
	 */
	public function is_call( int $i ): bool {
		$tokens = $this->tokens->all();
		$token  = $tokens[ $i ];
		$name   = strtolower( $token['text'] );
		$fqn    = defined( 'T_NAME_FULLY_QUALIFIED' ) && T_NAME_FULLY_QUALIFIED === $token['id'] && '\\define' === $name;
		if ( ! $fqn && ! ( T_STRING === $token['id'] && 'define' === $name ) ) {
			return false;
		}
		$next = $this->tokens->next_significant( $i );
		if ( null === $next || '(' !== $tokens[ $next ]['text'] ) {
			return false;
		}
		$previous = $this->tokens->previous_significant( $i );
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
	 * Reads the define() call at token $i.
	 *
	 * @param int         $i           Index of "define".
	 * @param string|null $context     Config_Parser::CONDITIONAL or NESTED when inside such a block.
	 * @param bool        $after_setup Whether wp-settings.php was already required.
	 * @return array{name: string, status: string, line: int, start: int, end: int, value_start: int, value_end: int, value: string}|null
	 */
	public function read( int $i, ?string $context, bool $after_setup ): ?array {
		$tokens = $this->tokens->all();
		$start  = $i;
		// PHP 7.4 tokenizes \define as T_NS_SEPARATOR + T_STRING.
		$previous = $this->tokens->previous_significant( $i );
		if ( null !== $previous && T_NS_SEPARATOR === $tokens[ $previous ]['id'] && $previous === $i - 1 ) {
			$start    = $previous;
			$previous = $this->tokens->previous_significant( $previous );
		}
		$open  = $this->tokens->next_significant( $i );
		$close = $this->tokens->skip_parens( $open );
		if ( null === $open || null === $close ) {
			return null;
		}

		// Split the arguments on top-level commas.
		$arguments = array( array() );
		$depth     = 0;
		for ( $j = $open + 1; $j < $close; $j++ ) {
			$text = $tokens[ $j ]['text'];
			if ( $this->tokens->opens_bracket( $j ) ) {
				++$depth;
			} elseif ( in_array( $text, array( ')', ']', '}' ), true ) ) {
				--$depth;
			} elseif ( 0 === $depth && ',' === $text ) {
				$arguments[] = array();
				continue;
			}
			if ( ! Config_Tokens::is_insignificant( $tokens[ $j ] ) ) {
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
		$value       = $this->tokens->text_between( $value_first, $value_last );

		$after     = $this->tokens->next_significant( $close );
		$statement = null !== $after && ( ';' === $tokens[ $after ]['text'] || T_CLOSE_TAG === $tokens[ $after ]['id'] );
		$end       = $statement && ';' === $tokens[ $after ]['text'] ? $tokens[ $after ]['offset'] + 1 : $tokens[ $close ]['offset'] + 1;
		$starts    = null === $previous || in_array( $tokens[ $previous ]['text'], array( ';', '{', '}' ), true )
			|| in_array( $tokens[ $previous ]['id'], array( T_OPEN_TAG, T_CLOSE_TAG ), true );

		if ( null !== $context ) {
			$status = $context;
		} elseif ( ! $statement || ! $starts ) {
			// Part of an expression (`defined() || define()`, `if ( x ) define()`): it may not run.
			$status = Config_Parser::CONDITIONAL;
		} elseif ( $after_setup ) {
			$status = Config_Parser::AFTER_SETTINGS;
		} elseif ( $this->reads_environment( $tokens, $value_first, $value_last ) ) {
			$status = Config_Parser::ENVIRONMENT;
		} else {
			$status = Config_Parser::EDITABLE;
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
		// @phpstan-ignore return.type (a string literal token is at least its two quotes long: substr() returns a string)
		return preg_match( '/^[A-Za-z_][A-Za-z0-9_]*$/', $name ) ? $name : null;
	}

	/**
	 * Whether a value expression reads the environment.
	 *
	 * @param array<int, array{id: int|null, text: string}> $tokens Tokens.
	 * @param int                                           $first  First token of the value.
	 * @param int                                           $last   Last token of the value.
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
