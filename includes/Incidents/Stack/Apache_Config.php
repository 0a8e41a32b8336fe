<?php
/**
 * Apache httpd's configuration: includes, virtual hosts, logs, the PHP-FPM handler and timeouts.
 *
 * @package Triage
 */

namespace Triage\Incidents\Stack;

defined( 'ABSPATH' ) || exit;

/**
 * Reads Apache's line-based syntax (continuations, `#` comments, quoted arguments, `<Section>` blocks),
 * follows `Include`/`IncludeOptional` relative to ServerRoot, replaces `${VAR}` from Debian's envvars,
 * honours `<IfDefine>` with the -D flags, and describes each `<VirtualHost>` in the same shape as an nginx
 * server block.
 */
final class Apache_Config {

	/** Apache's Timeout when unset. */
	public const DEFAULT_TIMEOUT = 60;

	/** Deepest include chain followed. */
	private const MAX_DEPTH = 10;

	/**
	 * File access.
	 *
	 * @var Stack_Files
	 */
	private $files;

	/**
	 * ${VAR} values (from envvars).
	 *
	 * @var array<string, string>
	 */
	private $vars;

	/**
	 * -D names.
	 *
	 * @var string[]
	 */
	private $defines;

	/**
	 * ServerRoot: base of relative includes and logs.
	 *
	 * @var string
	 */
	private $server_root;

	/**
	 * Files read, in order.
	 *
	 * @var string[]
	 */
	private $read = array();

	/**
	 * What could not be read.
	 *
	 * @var string[]
	 */
	private $notes = array();

	/**
	 * Takes file access and what the command line says.
	 *
	 * @param Stack_Files           $files       Files.
	 * @param string                $server_root ServerRoot (-d, or the compiled one).
	 * @param string[]              $defines     -D names.
	 * @param array<string, string> $vars        Environment for ${VAR}.
	 */
	public function __construct( Stack_Files $files, string $server_root, array $defines = array(), array $vars = array() ) {
		$this->files       = $files;
		$this->server_root = $server_root;
		$this->defines     = $defines;
		$this->vars        = $vars;
	}

	/**
	 * Variables Debian's envvars file exports (`export APACHE_LOG_DIR=/var/log/apache2$SUFFIX`).
	 *
	 * @param string $text envvars content.
	 * @return array<string, string>
	 */
	public static function envvars( string $text ): array {
		$vars = array();
		preg_match_all( '/^\s*(?:export\s+)?([A-Z_][A-Z0-9_]*)=(.*)$/m', $text, $matches, PREG_SET_ORDER );
		foreach ( $matches as $match ) {
			$value             = trim( $match[2], " \t\"'" );
			$value             = (string) preg_replace( '/\$\{?SUFFIX\}?/', '', $value );
			$vars[ $match[1] ] = $value;
		}
		return $vars;
	}

	/**
	 * Parses the main file and its includes.
	 *
	 * @param string $config Absolute path.
	 * @return array<int, array<string, mixed>>|null Directives (name lower-cased, args, file, line, block), null when unreadable.
	 */
	public function parse( string $config ): ?array {
		$text = $this->files->read( $config );
		if ( null === $text ) {
			return null;
		}
		$this->read[] = $config;
		$lines        = $this->lines( $text, $config );
		$position     = 0;
		return $this->block( $lines, $position, 0 );
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
	 * The main error log, timeouts and every virtual host in the nginx server-block shape.
	 *
	 * @param array<int, array<string, mixed>> $tree Directives.
	 * @return array{main_error_log: array<int, array{path: string, file: string, line: int}>, servers: array<int, array<string, mixed>>}
	 */
	public function analyse( array $tree ): array {
		$timeout = self::value( $tree, 'timeout' );
		$timeout = null === $timeout ? self::DEFAULT_TIMEOUT : (int) $timeout;
		$proxy   = self::value( $tree, 'proxytimeout' );
		$handler = $this->handler( $tree );
		$main    = $this->logs( $tree, 'errorlog' );
		$servers = array();
		foreach ( $tree as $directive ) {
			if ( 'virtualhost' !== $directive['name'] || ! is_array( $directive['block'] ) ) {
				continue;
			}
			$block = $directive['block'];
			$names = array();
			$name  = self::value( $block, 'servername' );
			if ( null !== $name ) {
				$names[] = (string) preg_replace( '#^[a-z]+://|:\d+$#i', '', $name );
			}
			foreach ( $block as $child ) {
				if ( 'serveralias' === $child['name'] ) {
					$names = array_merge( $names, $child['args'] );
				}
			}
			$vhost_timeout = self::value( $block, 'timeout' );
			$vhost_proxy   = self::value( $block, 'proxytimeout' ) ?? $proxy;
			$read_timeout  = null !== $vhost_proxy ? (int) $vhost_proxy : ( null !== $vhost_timeout ? (int) $vhost_timeout : $timeout );
			$root          = self::value( $block, 'documentroot' );
			$servers[]     = array(
				'file'                     => (string) $directive['file'],
				'line'                     => (int) $directive['line'],
				'listen'                   => $directive['args'] ? $directive['args'] : array( '*:80' ),
				'default_server'           => false,
				'server_name'              => $names,
				'root'                     => null === $root ? null : Stack_Files::absolute( $root, $this->server_root ),
				'fastcgi_pass'             => $this->handler( $block ) ?? $handler,
				'fastcgi_read_timeout'     => $read_timeout,
				'fastcgi_read_timeout_set' => null !== $vhost_proxy || null !== $vhost_timeout || null !== self::value( $tree, 'timeout' ),
				'proxy_read_timeout'       => null,
				'error_logs'               => $this->logs( $block, 'errorlog' ),
				'access_logs'              => $this->logs( $block, 'customlog' ),
			);
		}//end foreach
		return array(
			'main_error_log' => $main,
			'servers'        => $servers,
		);
	}

	/**
	 * Logical lines (continuations joined, comments dropped) with their line numbers.
	 *
	 * @param string $text File content.
	 * @param string $file File.
	 * @return array<int, array{0: string, 1: int, 2: string}> Text, line, file.
	 */
	private function lines( string $text, string $file ): array {
		$raw     = preg_split( '/\R/', $text );
		$lines   = array();
		$pending = '';
		$start   = 0;
		foreach ( false === $raw ? array() : $raw as $index => $line ) {
			if ( '' === $pending ) {
				$start = $index + 1;
			}
			$line = trim( $line );
			if ( '\\' === substr( $line, -1 ) ) {
				$pending .= substr( $line, 0, -1 ) . ' ';
				continue;
			}
			$line    = trim( $pending . $line );
			$pending = '';
			if ( '' === $line || '#' === $line[0] ) {
				continue;
			}
			$lines[] = array( $this->expand( $line ), $start, $file );
		}
		return $lines;
	}

	/**
	 * Replaces ${VAR}.
	 *
	 * @param string $line Line.
	 * @return string
	 */
	private function expand( string $line ): string {
		return (string) preg_replace_callback(
			'/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/',
			function ( array $found ): string {
				return isset( $this->vars[ $found[1] ] ) ? $this->vars[ $found[1] ] : $found[0];
			},
			$line
		);
	}

	/**
	 * Directives up to the end of the current section.
	 *
	 * @param array<int, array{0: string, 1: int, 2: string}> $lines    Lines.
	 * @param int                                             $position Current line, advanced.
	 * @param int                                             $depth    Include depth.
	 * @return array<int, array<string, mixed>>
	 */
	private function block( array $lines, int &$position, int $depth ): array {
		$directives = array();
		$count      = count( $lines );
		while ( $position < $count ) {
			list( $text, $line, $file ) = $lines[ $position ];
			++$position;
			if ( '</' === substr( $text, 0, 2 ) ) {
				return $directives;
			}
			if ( '<' === $text[0] ) {
				$inner = trim( substr( $text, 1 ), " \t>" );
				$args  = self::split( $inner );
				$name  = strtolower( (string) array_shift( $args ) );
				$block = $this->block( $lines, $position, $depth );
				if ( 'ifdefine' === $name && isset( $args[0] ) ) {
					$negated = '!' === $args[0][0];
					if ( in_array( ltrim( $args[0], '!' ), $this->defines, true ) === $negated ) {
						continue;
					}
				}
				if ( in_array( $name, array( 'ifmodule', 'ifdefine', 'ifversion', 'ifdirective', 'iffile' ), true ) ) {
					// Assume the condition holds: distributions wrap the settings that matter in these.
					$directives = array_merge( $directives, $block );
					continue;
				}
				$directives[] = array(
					'name'  => $name,
					'args'  => $args,
					'file'  => $file,
					'line'  => $line,
					'block' => $block,
				);
				continue;
			}//end if
			$args = self::split( $text );
			$name = strtolower( (string) array_shift( $args ) );
			if ( in_array( $name, array( 'include', 'includeoptional' ), true ) && isset( $args[0] ) ) {
				$directives = array_merge( $directives, $this->included( $args[0], $file, $line, $depth ) );
				continue;
			}
			if ( 'serverroot' === $name && isset( $args[0] ) ) {
				$this->server_root = $args[0];
			}
			$directives[] = array(
				'name'  => $name,
				'args'  => $args,
				'file'  => $file,
				'line'  => $line,
				'block' => null,
			);
		}//end while
		return $directives;
	}

	/**
	 * The directives of the files an Include names (a folder means every file in it).
	 *
	 * @param string $pattern Path, glob or folder.
	 * @param string $file    Including file.
	 * @param int    $line    Line.
	 * @param int    $depth   Include depth.
	 * @return array<int, array<string, mixed>>
	 */
	private function included( string $pattern, string $file, int $line, int $depth ): array {
		if ( $depth >= self::MAX_DEPTH ) {
			/* translators: 1: file, 2: line. */
			$this->notes[] = sprintf( __( 'Apache includes nest too deep at %1$s line %2$d; the rest was not read.', 'triage' ), $file, $line );
			return array();
		}
		$absolute = Stack_Files::absolute( $pattern, $this->server_root );
		if ( false === strpbrk( $absolute, '*?[' ) && $this->files->exists( $absolute ) && ! $this->files->is_file( $absolute ) ) {
			$absolute .= '/*';
		}
		$paths  = false !== strpbrk( $absolute, '*?[' ) ? $this->files->glob( $absolute ) : array( $absolute );
		$result = array();
		foreach ( $paths as $path ) {
			if ( in_array( $path, $this->read, true ) ) {
				continue;
			}
			$text = $this->files->read( $path );
			if ( null === $text ) {
				if ( $this->files->exists( $path ) && $this->files->is_file( $path ) ) {
					/* translators: 1: file, 2: including file, 3: line. */
					$this->notes[] = sprintf( __( '%1$s (included from %2$s line %3$d) cannot be read by PHP: its settings are unknown.', 'triage' ), $path, $file, $line );
				}
				continue;
			}
			$this->read[] = $path;
			$lines        = $this->lines( $text, $path );
			$position     = 0;
			$result       = array_merge( $result, $this->block( $lines, $position, $depth + 1 ) );
		}
		return $result;
	}

	/**
	 * Where a block hands PHP to PHP-FPM: "unix:/path" or "host:port", from SetHandler or ProxyPassMatch.
	 *
	 * @param array<int, array<string, mixed>> $block Directives.
	 * @return string|null
	 */
	private function handler( array $block ): ?string {
		foreach ( $block as $directive ) {
			$target = null;
			if ( 'sethandler' === $directive['name'] && isset( $directive['args'][0] ) && 0 === stripos( $directive['args'][0], 'proxy:' ) ) {
				$target = substr( $directive['args'][0], 6 );
			} elseif ( 'proxypassmatch' === $directive['name'] && isset( $directive['args'][1] ) ) {
				$target = $directive['args'][1];
			} elseif ( is_array( $directive['block'] ) && in_array( $directive['name'], array( 'filesmatch', 'files', 'locationmatch', 'location', 'directory', 'directorymatch' ), true ) ) {
				$inner = $this->handler( $directive['block'] );
				if ( null !== $inner ) {
					return $inner;
				}
			}
			if ( null === $target ) {
				continue;
			}
			if ( preg_match( '#^unix:([^|]+)\|#i', $target, $match ) ) {
				return 'unix:' . $match[1];
			}
			if ( preg_match( '#^fcgi://([^/]+)#i', $target, $match ) ) {
				return $match[1];
			}
		}//end foreach
		return null;
	}

	/**
	 * The files an ErrorLog or CustomLog of one block writes to (pipes and syslog skipped).
	 *
	 * @param array<int, array<string, mixed>> $block Directives.
	 * @param string                           $name  errorlog or customlog.
	 * @return array<int, array{path: string, file: string, line: int}>
	 */
	private function logs( array $block, string $name ): array {
		$logs = array();
		foreach ( $block as $directive ) {
			if ( $name !== $directive['name'] || ! isset( $directive['args'][0] ) ) {
				continue;
			}
			$path = (string) $directive['args'][0];
			if ( '|' === $path[0] || 0 === stripos( $path, 'syslog' ) || false !== strpos( $path, '${' ) ) {
				continue;
			}
			$logs[] = array(
				'path' => Stack_Files::absolute( $path, $this->server_root ),
				'file' => (string) $directive['file'],
				'line' => (int) $directive['line'],
			);
		}
		return $logs;
	}

	/**
	 * The last value of a directive in a block.
	 *
	 * @param array<int, array<string, mixed>> $block Directives.
	 * @param string                           $name  Lower-case name.
	 * @return string|null
	 */
	private static function value( array $block, string $name ): ?string {
		$value = null;
		foreach ( $block as $directive ) {
			if ( $name === $directive['name'] && isset( $directive['args'][0] ) ) {
				$value = (string) $directive['args'][0];
			}
		}
		return $value;
	}

	/**
	 * Splits a directive line into words, honouring double and single quotes.
	 *
	 * @param string $text Line.
	 * @return string[]
	 */
	private static function split( string $text ): array {
		preg_match_all( '/"((?:[^"\\\\]|\\\\.)*)"|\'([^\']*)\'|(\S+)/', $text, $matches, PREG_SET_ORDER | PREG_UNMATCHED_AS_NULL );
		$words = array();
		foreach ( $matches as $match ) {
			if ( isset( $match[3] ) ) {
				$words[] = (string) $match[3];
			} elseif ( isset( $match[2] ) ) {
				$words[] = (string) $match[2];
			} else {
				$words[] = stripslashes( (string) $match[1] );
			}
		}
		return $words;
	}
}
