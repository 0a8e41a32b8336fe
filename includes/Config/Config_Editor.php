<?php
/**
 * Adds, changes and removes define() constants in wp-config.php source, byte-exactly.
 *
 * @package Triage
 */

namespace Triage\Config;

use WP_Error;

defined( 'ABSPATH' ) || exit;

/**
 * Pure text-in, text-out editing on top of Config_Parser: it touches only the bytes of the values it
 * changes and the lines it adds, and records exactly what it did so that restore() can undo it to the byte.
 *
 * Where new lines go: before the "That's all, stop editing!" comment when the file has one (where the
 * wp-config-sample.php tells people to put their settings); otherwise on the line of the top-level
 * `require_once ABSPATH . 'wp-settings.php'`; otherwise right after the opening `<?php` tag.
 *
 * Only unconditional top-level define() calls before wp-settings.php are edited. A constant defined in a
 * condition, a function, after wp-settings.php, from the environment, with `const`, or possibly in a file
 * that wp-config.php includes, blocks the edit: the caller gets a WP_Error naming each place, and the
 * lines to add by hand.
 *
 * @phpstan-import-type Parsed from Config_Parser
 * @phpstan-import-type Define from Config_Parser
 */
final class Config_Editor {

	/** Status of a constant missing from a file that loads other PHP files before wp-settings.php. */
	public const INCLUDED = 'included';

	/** Status of a define() whose value calls a function or reads a variable: it could not be put back safely. */
	public const NOT_PLAIN = 'not_plain';

	/** Trailing comment on every line Triage adds, so people reading the file know where it came from. */
	public const ADDED_COMMENT = "// Added by Triage's debug mode: removed again when it is switched off.";

	/**
	 * Tokenizer-based reader.
	 *
	 * @var Config_Parser
	 */
	private $parser;

	/**
	 * Takes its collaborators.
	 *
	 * @param Config_Parser $parser Parser.
	 */
	public function __construct( Config_Parser $parser ) {
		$this->parser = $parser;
	}

	/**
	 * Sets constants to values.
	 *
	 * @param string                         $source Current file contents.
	 * @param array<string, bool|int|string> $values Constant name => value.
	 * @return array{source: string, edits: array<int, array{name: string, action: string, original: string, applied: string}>, changes: array<int, array{name: string, line: int, before: string|null, after: string|null}>}|WP_Error
	 */
	public function apply( string $source, array $values ) {
		$parsed   = $this->parser->parse( $source );
		$blockers = $this->blockers( $parsed, array_keys( $values ) );
		if ( ! empty( $blockers ) ) {
			return $this->foreign_error( $blockers, $values );
		}

		$splices  = array();
		$edits    = array();
		$changes  = array();
		$inserted = '';
		$added    = array();
		foreach ( $values as $name => $value ) {
			$literal    = self::literal( $value );
			$occurrence = $this->first( $parsed, (string) $name );
			if ( null !== $occurrence ) {
				if ( $occurrence['value'] === $literal ) {
					continue;
				}
				$statement = substr( $source, $occurrence['start'], $occurrence['end'] - $occurrence['start'] );
				$applied   = substr( $source, $occurrence['start'], $occurrence['value_start'] - $occurrence['start'] )
					. $literal
					. substr( $source, $occurrence['value_end'], $occurrence['end'] - $occurrence['value_end'] );
				$splices[] = array( $occurrence['start'], $occurrence['end'], $applied );
				$edits[]   = array(
					'name'     => (string) $name,
					'action'   => 'changed',
					'original' => $statement,
					'applied'  => $applied,
				);
				$changes[] = array(
					'name'   => (string) $name,
					'line'   => $occurrence['line'],
					'before' => $statement,
					'after'  => $applied,
				);
				continue;
			}//end if
			$line      = self::define_statement( (string) $name, $value ) . ' ' . self::ADDED_COMMENT . $parsed['eol'];
			$inserted .= $line;
			$edits[]   = array(
				'name'     => (string) $name,
				'action'   => 'added',
				'original' => '',
				'applied'  => $line,
			);
			$added[]   = array( (string) $name, rtrim( $line, "\r\n" ) );
		}//end foreach

		if ( '' !== $inserted ) {
			$position = $this->insertion_point( $parsed );
			if ( null === $position ) {
				return new WP_Error(
					'triage_config_no_php',
					__( 'wp-config.php has no opening <?php tag, so Triage cannot tell where to add settings.', 'triage' ),
					array( 'status' => 409 )
				);
			}
			$splices[] = array( $position, $position, $inserted );
			$line_no   = substr_count( substr( $source, 0, $position ), "\n" ) + 1;
			foreach ( $added as $offset => $entry ) {
				$changes[] = array(
					'name'   => $entry[0],
					'line'   => $line_no + $offset,
					'before' => null,
					'after'  => $entry[1],
				);
			}
		}

		// @phpstan-ignore return.type (PHP 7.4's substr() returns false only past the end; the parser's offsets are within the source)
		return array(
			'source'  => $this->splice( $source, $splices ),
			'edits'   => $edits,
			'changes' => $changes,
		);
	}

	/**
	 * Undoes edits made by apply(), restoring the original bytes.
	 *
	 * @param string                                                                             $source Current file contents.
	 * @param array<int, array{name: string, action: string, original: string, applied: string}> $edits  Edits recorded by apply().
	 * @return array{source: string, changes: array<int, array{name: string, line: int, before: string|null, after: string|null}>}|WP_Error
	 */
	public function restore( string $source, array $edits ) {
		// The edits come from a stored option: only plain define() statements go back into the file.
		$refused = Plain_Define::check_edits( $edits );
		if ( null !== $refused ) {
			return $refused;
		}
		$parsed  = $this->parser->parse( $source );
		$splices = array();
		$changes = array();
		$missing = array();
		$used    = array();
		foreach ( $edits as $edit ) {
			$found = null;
			foreach ( $parsed['defines'] as $index => $define ) {
				if ( $define['name'] !== $edit['name'] || isset( $used[ $index ] ) ) {
					continue;
				}
				$length = 'added' === $edit['action'] ? strlen( $edit['applied'] ) : $define['end'] - $define['start'];
				if ( substr( $source, $define['start'], $length ) === $edit['applied'] ) {
					$found          = $define;
					$used[ $index ] = true;
					break;
				}
			}
			if ( null === $found ) {
				$missing[] = $edit['name'];
				continue;
			}
			$splices[] = array( $found['start'], $found['start'] + strlen( $edit['applied'] ), $edit['original'] );
			$changes[] = array(
				'name'   => $edit['name'],
				'line'   => $found['line'],
				'before' => rtrim( $edit['applied'], "\r\n" ),
				'after'  => 'added' === $edit['action'] ? null : $edit['original'],
			);
		}//end foreach
		if ( ! empty( $missing ) ) {
			return new WP_Error(
				'triage_config_changed',
				sprintf(
					/* translators: %s: comma-separated constant names. */
					__( 'wp-config.php was changed by someone else since Triage edited it: the lines for %s are no longer as Triage wrote them, so Triage will not touch them. Restore them by hand from the backup.', 'triage' ),
					implode( ', ', array_unique( $missing ) )
				),
				array(
					'status'    => 409,
					'constants' => array_values( array_unique( $missing ) ),
				)
			);
		}
		return array(
			'source'  => $this->splice( $source, $splices ),
			'changes' => $changes,
		);
	}

	/**
	 * Places that stop Triage from editing the given constants.
	 *
	 * @param array         $parsed Parser result.
	 * @param array<string> $names  Constant names.
	 * @phpstan-param Parsed $parsed
	 * @return array<int, array{name: string, line: int, status: string}>
	 */
	public function blockers( array $parsed, array $names ): array {
		$blockers = array();
		foreach ( $names as $name ) {
			$found = false;
			foreach ( $parsed['defines'] as $define ) {
				if ( $define['name'] !== $name ) {
					continue;
				}
				$found = true;
				if ( Config_Parser::EDITABLE !== $define['status'] ) {
					$blockers[] = array(
						'name'   => (string) $name,
						'line'   => $define['line'],
						'status' => $define['status'],
					);
				} elseif ( ! Plain_Define::is_plain( sprintf( "define( '%s', %s );", $name, $define['value'] ), (string) $name ) ) {
					// restore() puts back only plain define() statements, so a line outside that shape is not taken on.
					$blockers[] = array(
						'name'   => (string) $name,
						'line'   => $define['line'],
						'status' => self::NOT_PLAIN,
					);
				}
			}
			if ( ! $found && ! empty( $parsed['includes'] ) ) {
				$blockers[] = array(
					'name'   => (string) $name,
					'line'   => $parsed['includes'][0]['line'],
					'status' => self::INCLUDED,
				);
			}
		}//end foreach
		return $blockers;
	}

	/**
	 * A value as PHP source.
	 *
	 * @param bool|int|string $value Value.
	 * @return string
	 */
	public static function literal( $value ): string {
		if ( is_bool( $value ) ) {
			return $value ? 'true' : 'false';
		}
		if ( is_int( $value ) ) {
			return (string) $value;
		}
		return "'" . str_replace( array( '\\', "'" ), array( '\\\\', "\\'" ), (string) $value ) . "'";
	}

	/**
	 * A define() statement in WordPress style.
	 *
	 * @param string          $name  Constant.
	 * @param bool|int|string $value Value.
	 * @return string
	 */
	public static function define_statement( string $name, $value ): string {
		return sprintf( "define( '%s', %s );", $name, self::literal( $value ) );
	}

	/**
	 * Human explanation of one blocker.
	 *
	 * @param array{name: string, line: int, status: string} $blocker Blocker.
	 * @return string
	 */
	public static function describe( array $blocker ): string {
		switch ( $blocker['status'] ) {
			case Config_Parser::CONDITIONAL:
				/* translators: 1: constant name, 2: line number. */
				$text = __( '%1$s is defined on line %2$d inside a condition (an if, or "defined() || define()"), so which value wins depends on the request.', 'triage' );
				break;
			case Config_Parser::NESTED:
				/* translators: 1: constant name, 2: line number. */
				$text = __( '%1$s is defined on line %2$d inside a function or class.', 'triage' );
				break;
			case Config_Parser::AFTER_SETTINGS:
				/* translators: 1: constant name, 2: line number. */
				$text = __( '%1$s is defined on line %2$d, after wp-settings.php is loaded, where it has no effect.', 'triage' );
				break;
			case Config_Parser::ENVIRONMENT:
				/* translators: 1: constant name, 2: line number. */
				$text = __( '%1$s is set on line %2$d from an environment variable: change it where your host sets that variable.', 'triage' );
				break;
			case Config_Parser::CONST_DECLARATION:
				/* translators: 1: constant name, 2: line number. */
				$text = __( '%1$s is declared with "const" on line %2$d.', 'triage' );
				break;
			case self::NOT_PLAIN:
				/* translators: 1: constant name, 2: line number. */
				$text = __( '%1$s is defined on line %2$d with a value Triage would not write back when switching off (only literals, constants and dirname() are).', 'triage' );
				break;
			case self::INCLUDED:
				/* translators: 1: constant name, 2: line number. */
				$text = __( '%1$s is not in wp-config.php, which loads another file on line %2$d that may define it.', 'triage' );
				break;
			default:
				/* translators: 1: constant name, 2: line number. */
				$text = __( '%1$s is defined on line %2$d in a way Triage does not edit.', 'triage' );
		}//end switch
		return sprintf( $text, $blocker['name'], $blocker['line'] );
	}

	/**
	 * The error for constants Triage must not edit, with the lines to add by hand.
	 *
	 * @param array<int, array{name: string, line: int, status: string}> $blockers Blockers.
	 * @param array<string, bool|int|string>                             $values   Wanted values.
	 * @return WP_Error
	 */
	private function foreign_error( array $blockers, array $values ): WP_Error {
		$reasons = array_map( array( self::class, 'describe' ), $blockers );
		$lines   = array();
		foreach ( $values as $name => $value ) {
			$lines[] = self::define_statement( (string) $name, $value );
		}
		return new WP_Error(
			'triage_config_foreign',
			__( 'Triage will not edit these settings, because it cannot change them safely:', 'triage' ) . ' ' . implode( ' ', $reasons ),
			array(
				'status'   => 409,
				'blockers' => $blockers,
				'manual'   => implode( "\n", $lines ),
			)
		);
	}

	/**
	 * The first editable define() of a name.
	 *
	 * @param array  $parsed Parser result.
	 * @param string $name   Constant.
	 * @return array|null
	 * @phpstan-param Parsed $parsed
	 * @phpstan-return Define|null
	 */
	private function first( array $parsed, string $name ): ?array {
		foreach ( $parsed['defines'] as $define ) {
			if ( $define['name'] === $name && Config_Parser::EDITABLE === $define['status'] ) {
				return $define;
			}
		}
		return null;
	}

	/**
	 * Where new lines go (see the class comment).
	 *
	 * @param array $parsed Parser result.
	 * @return int|null
	 * @phpstan-param Parsed $parsed
	 */
	private function insertion_point( array $parsed ): ?int {
		if ( null !== $parsed['marker'] ) {
			return $parsed['marker']['start'];
		}
		if ( null !== $parsed['settings'] && null !== $parsed['settings']['start'] ) {
			return $parsed['settings']['start'];
		}
		return $parsed['open_tag_end'];
	}

	/**
	 * Applies non-overlapping replacements, last first so earlier offsets stay valid.
	 *
	 * @param string                                       $source  Source.
	 * @param array<int, array{0: int, 1: int, 2: string}> $splices Start, end, replacement.
	 * @return string
	 */
	private function splice( string $source, array $splices ): string {
		usort(
			$splices,
			static function ( array $a, array $b ): int {
				return $b[0] <=> $a[0];
			}
		);
		foreach ( $splices as $splice ) {
			$source = substr( $source, 0, $splice[0] ) . $splice[2] . substr( $source, $splice[1] );
		}
		return $source;
	}
}
