<?php
/**
 * The nginx configuration, read the way nginx reads it.
 *
 * @package Triage
 */

namespace Triage\Incidents\Stack;

defined( 'ABSPATH' ) || exit;

/**
 * Tokenizes nginx's syntax (comments, single and double quotes with escapes, blocks, `${var}`), follows
 * `include` (globs, relative to the main file's folder, as nginx does) and returns one tree of directives,
 * each with the file and line it came from. Bounded: include depth, file count (Stack_Files' budget).
 */
final class Nginx_Config {

	/** Deepest include chain followed. */
	private const MAX_DEPTH = 12;

	/**
	 * File access.
	 *
	 * @var Stack_Files
	 */
	private $files;

	/**
	 * Files read, in order.
	 *
	 * @var string[]
	 */
	private $read = array();

	/**
	 * What could not be read and why.
	 *
	 * @var string[]
	 */
	private $notes = array();

	/**
	 * Takes file access.
	 *
	 * @param Stack_Files $files Files.
	 */
	public function __construct( Stack_Files $files ) {
		$this->files = $files;
	}

	/**
	 * Parses a main config file and everything it includes.
	 *
	 * @param string $config Absolute path of the main file.
	 * @return array<int, array<string, mixed>>|null Directives (name, args, file, line, block), or null when unreadable.
	 */
	public function parse( string $config ): ?array {
		$text = $this->files->read( $config );
		if ( null === $text ) {
			return null;
		}
		$this->read[] = $config;
		return $this->directives( self::tokenize( $text ), $config, dirname( $config ), 0 );
	}

	/**
	 * Parses directives given on the command line (`-g "error_log /x; daemon off;"`).
	 *
	 * @param string $text Directives.
	 * @return array<int, array<string, mixed>>
	 */
	public function parse_globals( string $text ): array {
		return $this->directives( self::tokenize( $text ), '-g', '/', self::MAX_DEPTH );
	}

	/**
	 * Files read.
	 *
	 * @return string[]
	 */
	public function files_read(): array {
		return $this->read;
	}

	/**
	 * What could not be read.
	 *
	 * @return string[]
	 */
	public function notes(): array {
		return $this->notes;
	}

	/**
	 * Splits nginx config text into tokens.
	 *
	 * @param string $text Config text.
	 * @return array<int, array{0: string, 1: int, 2: string}> Value, line, type (word, quoted, {, }, ;).
	 */
	public static function tokenize( string $text ): array {
		$tokens = array();
		$length = strlen( $text );
		$line   = 1;
		$i      = 0;
		while ( $i < $length ) {
			$char = $text[ $i ];
			if ( "\n" === $char ) {
				++$line;
				++$i;
				continue;
			}
			if ( ctype_space( $char ) ) {
				++$i;
				continue;
			}
			if ( '#' === $char ) {
				$end = strpos( $text, "\n", $i );
				$i   = false === $end ? $length : $end;
				continue;
			}
			if ( '{' === $char || '}' === $char || ';' === $char ) {
				$tokens[] = array( $char, $line, $char );
				++$i;
				continue;
			}
			if ( '"' === $char || "'" === $char ) {
				$start = $line;
				$value = '';
				++$i;
				while ( $i < $length && $text[ $i ] !== $char ) {
					if ( '\\' === $text[ $i ] && $i + 1 < $length ) {
						++$i;
					}
					if ( "\n" === $text[ $i ] ) {
						++$line;
					}
					$value .= $text[ $i ];
					++$i;
				}
				++$i;
				$tokens[] = array( $value, $start, 'quoted' );
				continue;
			}
			$value = '';
			while ( $i < $length && ! ctype_space( $text[ $i ] ) && ';' !== $text[ $i ] && '{' !== $text[ $i ] && '}' !== $text[ $i ] ) {
				if ( '$' === $text[ $i ] && $i + 1 < $length && '{' === $text[ $i + 1 ] ) {
					$close  = strpos( $text, '}', $i );
					$close  = false === $close ? $length - 1 : $close;
					$value .= substr( $text, $i, $close - $i + 1 );
					$i      = $close + 1;
					continue;
				}
				if ( '\\' === $text[ $i ] && $i + 1 < $length ) {
					$value .= $text[ $i ];
					++$i;
				}
				$value .= $text[ $i ];
				++$i;
			}
			$tokens[] = array( $value, $line, 'word' );
		}//end while
		return $tokens;
	}

	/**
	 * Builds directives from tokens, splicing included files in place.
	 *
	 * @param array<int, array{0: string, 1: int, 2: string}> $tokens   Tokens.
	 * @param string                                          $file     File they came from.
	 * @param string                                          $conf_dir Folder relative includes start from.
	 * @param int                                             $depth    Include depth.
	 * @return array<int, array<string, mixed>>
	 */
	private function directives( array $tokens, string $file, string $conf_dir, int $depth ): array {
		$position = 0;
		return $this->block( $tokens, $position, $file, $conf_dir, $depth );
	}

	/**
	 * Directives up to the closing brace of the current block (or the end).
	 *
	 * @param array<int, array{0: string, 1: int, 2: string}> $tokens   Tokens.
	 * @param int                                             $position Current token, advanced.
	 * @param string                                          $file     File.
	 * @param string                                          $conf_dir Include base.
	 * @param int                                             $depth    Include depth.
	 * @return array<int, array<string, mixed>>
	 */
	private function block( array $tokens, int &$position, string $file, string $conf_dir, int $depth ): array {
		$directives = array();
		$count      = count( $tokens );
		while ( $position < $count ) {
			$token = $tokens[ $position ];
			if ( '}' === $token[2] ) {
				++$position;
				return $directives;
			}
			if ( ';' === $token[2] || '{' === $token[2] ) {
				// A stray separator: nginx would refuse the file; skip it and read on.
				++$position;
				continue;
			}
			$name = $token[0];
			$line = $token[1];
			$args = array();
			++$position;
			while ( $position < $count && in_array( $tokens[ $position ][2], array( 'word', 'quoted' ), true ) ) {
				$args[] = $tokens[ $position ][0];
				++$position;
			}
			$directive = array(
				'name'  => $name,
				'args'  => $args,
				'file'  => $file,
				'line'  => $line,
				'block' => null,
			);
			if ( $position < $count && '{' === $tokens[ $position ][2] ) {
				++$position;
				$directive['block'] = $this->block( $tokens, $position, $file, $conf_dir, $depth );
			} elseif ( $position < $count ) {
				++$position;
			}
			if ( 'include' === $name && null === $directive['block'] && isset( $args[0] ) ) {
				foreach ( $this->included( $args[0], $file, $line, $conf_dir, $depth ) as $included ) {
					$directives[] = $included;
				}
				continue;
			}
			$directives[] = $directive;
		}//end while
		return $directives;
	}

	/**
	 * The directives of the files an include names.
	 *
	 * @param string $pattern  Path or glob as written.
	 * @param string $file     Including file.
	 * @param int    $line     Line of the include.
	 * @param string $conf_dir Base for relative paths.
	 * @param int    $depth    Include depth.
	 * @return array<int, array<string, mixed>>
	 */
	private function included( string $pattern, string $file, int $line, string $conf_dir, int $depth ): array {
		if ( $depth >= self::MAX_DEPTH ) {
			/* translators: 1: file, 2: line. */
			$this->notes[] = sprintf( __( 'nginx includes nest too deep at %1$s line %2$d; the rest was not read.', 'triage' ), $file, $line );
			return array();
		}
		$absolute = Stack_Files::absolute( $pattern, $conf_dir );
		$paths    = false !== strpbrk( $absolute, '*?[' ) ? $this->files->glob( $absolute ) : array( $absolute );
		$result   = array();
		foreach ( $paths as $path ) {
			if ( in_array( $path, $this->read, true ) && $depth > 0 ) {
				continue;
			}
			$text = $this->files->read( $path );
			if ( null === $text ) {
				if ( $this->files->exists( $path ) && ! $this->files->exhausted() ) {
					/* translators: 1: file, 2: including file, 3: line. */
					$this->notes[] = sprintf( __( '%1$s (included from %2$s line %3$d) cannot be read by PHP: its settings are unknown.', 'triage' ), $path, $file, $line );
				}
				continue;
			}
			$this->read[] = $path;
			foreach ( $this->directives( self::tokenize( $text ), $path, $conf_dir, $depth + 1 ) as $directive ) {
				$result[] = $directive;
			}
		}
		return $result;
	}
}
