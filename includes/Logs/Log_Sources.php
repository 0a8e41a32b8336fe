<?php
/**
 * The log files Triage may read, by id.
 *
 * @package Triage
 */

namespace Triage\Logs;

use Triage\Incidents\Stack\Discovered_Logs;
use Triage\Incidents\Stack\Log_Access;
use Triage\Incidents\Stack\Running_Stack;
use Triage\Incidents\Stack\Stack_Discovery;
use Triage\Incidents\Stack\Stack_Files;
use WP_Error;

defined( 'ABSPATH' ) || exit;

/**
 * The registry of log sources. Requests name a source by id; paths come only from this site's
 * configuration (WP_DEBUG_LOG, PHP's error_log), from the configuration of the servers running this site
 * (Stack_Discovery: trusted, they come from the running masters' own files), from well-known server log
 * locations, and from the list an administrator stored in the triage_log_paths option. Only regular readable files are opened, and a
 * symbolic link is followed only when its target lies in a directory of the allowed list or is itself an
 * added log. An added path must end like a log (`.log`, `.log.1`, `error_log`, `.err`) and is re-checked on
 * every read; adding a file trusts that file only, never its folder.
 */
final class Log_Sources {

	/** Option holding the paths an administrator added. */
	public const OPTION = 'triage_log_paths';

	/** Kind: PHP errors (debug.log, PHP's error_log): grouped by fingerprint. */
	public const KIND_PHP = 'php';

	/** Kind: web server or PHP-FPM log: classified by 502 cause. */
	public const KIND_SERVER = 'server';

	/**
	 * Resolves the debug log.
	 *
	 * @var Debug_Log_Location
	 */
	private $location;

	/**
	 * Finds the running stack's logs (built on first use).
	 *
	 * @var Stack_Discovery|null
	 */
	private $discovery;

	/**
	 * The running stack, once discovered.
	 *
	 * @var Running_Stack|null
	 */
	private $stack = null;

	/**
	 * Whether PHP may read a path, or null for is_readable().
	 *
	 * @var callable|null
	 */
	private $readable;

	/**
	 * Takes its collaborators.
	 *
	 * @param Debug_Log_Location   $location  Debug log resolver.
	 * @param Stack_Discovery|null $discovery Stack discovery; null for the running stack of this machine.
	 * @param callable|null        $readable  Whether PHP may read a path (tests); null for is_readable().
	 */
	public function __construct( Debug_Log_Location $location, ?Stack_Discovery $discovery = null, ?callable $readable = null ) {
		$this->location  = $location;
		$this->discovery = $discovery;
		$this->readable  = $readable;
	}

	/**
	 * The running stack, discovered once per registry.
	 *
	 * @return Running_Stack
	 */
	public function stack(): Running_Stack {
		if ( null === $this->stack ) {
			$discovery   = null === $this->discovery ? new Stack_Discovery() : $this->discovery;
			$this->stack = $discovery->discover();
		}
		return $this->stack;
	}

	/**
	 * Every source, in display order.
	 *
	 * @return array<string, array{id: string, label: string, kind: string, layout: string, path: string, origin: string, role?: string, software?: string}>
	 */
	public function all(): array {
		$sources = array();
		$log     = $this->location->resolve();

		if ( null !== $log['expected'] ) {
			$sources['debug'] = $this->source(
				'debug',
				Debug_Log_Location::SOURCE_OVERRIDDEN === $log['source']
					? __( 'WordPress debug log (not written: PHP writes elsewhere)', 'triage' )
					: __( 'WordPress debug log', 'triage' ),
				self::KIND_PHP,
				Log_Entry_Parser::LAYOUT_PHP,
				$log['expected'],
				'wp_debug_log'
			);
		}
		if ( null !== $log['effective'] && Debug_Log_Location::SOURCE_WP_DEBUG_LOG !== $log['source'] && $this->is_path( $log['effective'] ) ) {
			$sources['php'] = $this->source( 'php', __( 'PHP error log (error_log setting)', 'triage' ), self::KIND_PHP, Log_Entry_Parser::LAYOUT_PHP, $log['effective'], 'php_ini' );
		}

		$discovered = $this->discovered();
		$known      = array_filter( array_column( $sources, 'path' ) );
		foreach ( $discovered as $log ) {
			if ( ! in_array( $log['path'], $known, true ) ) {
				$sources[ $log['id'] ] = $log;
				$known[]               = $log['path'];
			}
		}

		$running = ( new Discovered_Logs( $this->stack() ) )->running();
		foreach ( $this->server_candidates() as $id => $candidate ) {
			if ( in_array( $id, $running, true ) ) {
				// The running server's own logs are listed above; its distribution default may be unused.
				continue;
			}
			foreach ( $candidate['paths'] as $path ) {
				if ( in_array( $path, $known, true ) ) {
					break;
				}
				if ( @is_file( $path ) ) { // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- open_basedir may forbid looking; that means "not here".
					$kind           = isset( $candidate['kind'] ) && self::KIND_PHP === $candidate['kind'] ? self::KIND_PHP : self::KIND_SERVER;
					$sources[ $id ] = $this->source( $id, $candidate['label'], $kind, $candidate['layout'], $path, 'detected' );
					$known[]        = $path;
					break;
				}
			}
		}

		foreach ( $this->custom_paths() as $path ) {
			$id = self::custom_id( $path );
			if ( isset( $sources[ $id ] ) || in_array( $path, $known, true ) ) {
				continue;
			}
			$name   = strtolower( basename( $path ) );
			$server = (bool) preg_match( '/nginx|apache|httpd|fpm|error_log$/', strtolower( $path ) ) && 'php_errors.log' !== $name;
			$layout = ( false !== strpos( $name, 'nginx' ) || false !== strpos( $path, 'apache' ) || false !== strpos( $path, 'httpd' ) ) ? Log_Entry_Parser::LAYOUT_LINE : Log_Entry_Parser::LAYOUT_PHP;
			/* translators: %s: file name of a log added in settings. */
			$sources[ $id ] = $this->source( $id, sprintf( __( 'Added: %s', 'triage' ), basename( $path ) ), $server ? self::KIND_SERVER : self::KIND_PHP, $layout, $path, 'custom' );
		}

		return $sources;
	}

	/**
	 * The running stack's logs that PHP can read, as sources (id discovered-<role>-<hash8>, plus role and
	 * software). Their paths are trusted without the log-suffix rule: they come from the running servers'
	 * own configuration, not from a request.
	 *
	 * @return array<string, array{id: string, label: string, kind: string, layout: string, path: string, origin: string, role: string, software: string}>
	 */
	public function discovered(): array {
		return ( new Discovered_Logs( $this->stack() ) )->sources();
	}

	/**
	 * The running stack's logs that exist but PHP cannot read (or whose folder PHP may not enter): with
	 * owner, group, mode and the fix.
	 *
	 * @return array<int, array{role: string, software: string, path: string, from: string, owner: string, group: string, mode: string, fix: string, pool: ?string}>
	 */
	public function hidden(): array {
		return ( new Discovered_Logs( $this->stack() ) )->hidden();
	}

	/**
	 * One source by id.
	 *
	 * @param string $id Source id.
	 * @return array{id: string, label: string, kind: string, layout: string, path: string, origin: string, role?: string, software?: string}|WP_Error
	 */
	public function get( string $id ) {
		$sources = $this->all();
		if ( ! isset( $sources[ $id ] ) ) {
			return new WP_Error( 'triage_log_unknown_source', __( 'There is no log source with this id.', 'triage' ), array( 'status' => 404 ) );
		}
		return $sources[ $id ];
	}

	/**
	 * Facts about a source's file, without opening it.
	 *
	 * @param array<string, string> $source Source.
	 * @return array{exists: bool, readable: bool, size: ?int, modified: ?int, error: string}
	 */
	public function describe( array $source ): array {
		$check = $this->check( $source['path'] );
		if ( is_wp_error( $check ) ) {
			return array(
				'exists'   => 'triage_log_missing' !== $check->get_error_code(),
				'readable' => false,
				'size'     => null,
				'modified' => null,
				'error'    => $check->get_error_message(),
			);
		}
		clearstatcache( true, $check );
		return array(
			'exists'   => true,
			'readable' => true,
			'size'     => (int) filesize( $check ),
			'modified' => (int) filemtime( $check ),
			'error'    => '',
		);
	}

	/**
	 * Opens a source for reading.
	 *
	 * @param string $id Source id.
	 * @return array{source: array<string, string>, path: string, handle: resource}|WP_Error
	 */
	public function open( string $id ) {
		$source = $this->get( $id );
		if ( is_wp_error( $source ) ) {
			return $source;
		}
		$real = $this->check( $source['path'] );
		if ( is_wp_error( $real ) ) {
			return $real;
		}
		$handle = fopen( $real, 'rb' ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fopen -- streaming a log in bounded chunks; WP_Filesystem reads whole files.
		if ( false === $handle ) {
			return new WP_Error( 'triage_log_unreadable', __( 'The log file could not be opened for reading.', 'triage' ), array( 'status' => 422 ) );
		}
		return array(
			'source' => $source,
			'path'   => $real,
			'handle' => $handle,
		);
	}

	/**
	 * Checks that a path is a regular, readable file in an allowed directory.
	 *
	 * @param string $path Configured path.
	 * @return string|WP_Error The resolved path.
	 */
	public function check( string $path ) {
		if ( ! $this->is_path( $path ) ) {
			return new WP_Error( 'triage_log_invalid_path', __( 'The log path is not an absolute file path.', 'triage' ), array( 'status' => 422 ) );
		}
		// phpcs:disable WordPress.PHP.NoSilencedErrors.Discouraged -- open_basedir turns these checks into warnings; a clear error follows instead.
		if ( ! @file_exists( $path ) ) {
			return new WP_Error( 'triage_log_missing', __( 'The log file does not exist (yet): nothing has been logged there.', 'triage' ), array( 'status' => 404 ) );
		}
		$real = @realpath( $path );
		// phpcs:enable WordPress.PHP.NoSilencedErrors.Discouraged
		if ( false === $real || ! ( $this->is_allowed( $real ) || $this->is_added_log( $real ) ) || ( in_array( $path, $this->custom_paths(), true ) && ! self::looks_like_a_log( $real ) ) ) {
			return new WP_Error( 'triage_log_outside', __( 'The log path leads outside the allowed log locations (a symbolic link pointing elsewhere?), so Triage will not open it.', 'triage' ), array( 'status' => 403 ) );
		}
		if ( preg_match( '/\.(php\d?|phtml|phar)$/i', $real ) ) {
			return new WP_Error( 'triage_log_not_log', __( 'PHP files are not logs; Triage will not open them.', 'triage' ), array( 'status' => 403 ) );
		}
		if ( ! is_file( $real ) ) {
			return new WP_Error( 'triage_log_not_file', __( 'The log path is not a regular file (a directory or a device?).', 'triage' ), array( 'status' => 422 ) );
		}
		if ( ! $this->may_read( $real ) ) {
			return new WP_Error( 'triage_log_unreadable', __( 'The log file exists but PHP may not read it (file permissions).', 'triage' ), array( 'status' => 422 ) );
		}
		return $real;
	}

	/**
	 * Stores the paths an administrator added, judged one by one: a path that is not absolute, does not end
	 * like a log, does not exist or is not a regular file is refused; a log PHP cannot read (yet) is kept, with
	 * the change that opens it. One bad path never rejects the others.
	 *
	 * @param array<int, string> $paths Paths.
	 * @return array<int, array{path: string, error: string, stored: bool}>|WP_Error The problems, per path;
	 *         WP_Error (422) when every path given was refused, and then nothing changes.
	 */
	public function set_custom_paths( array $paths ) {
		$clean    = array();
		$problems = array();
		foreach ( array_values( array_unique( array_map( 'trim', array_map( 'strval', $paths ) ) ) ) as $path ) {
			$error = $this->refusal( $path );
			if ( null !== $error ) {
				$problems[] = array(
					'path'   => $path,
					'error'  => $error,
					'stored' => false,
				);
				continue;
			}
			$clean[] = $path;
			if ( ! $this->may_read( $path ) ) {
				$problems[] = array(
					'path'   => $path,
					'error'  => $this->unreadable( $path ),
					'stored' => true,
				);
			}
		}
		if ( ! $clean && $problems ) {
			return new WP_Error( 'triage_log_invalid_path', implode( ' ', array_column( $problems, 'error' ) ), array( 'status' => 422 ) );
		}
		update_option( self::OPTION, $clean, false );
		return $problems;
	}

	/**
	 * Why an added log cannot be read yet, with its owner, mode and the change that opens it.
	 *
	 * @param string $path Path.
	 * @return string
	 */
	private function unreadable( string $path ): string {
		$access = ( new Log_Access( new Stack_Files( '/', $this->readable ), Log_Access::current_user() ) )->describe( 'custom', '', $path, '' );
		return sprintf(
			/* translators: 1: a path an administrator entered, 2: how to let PHP read it. */
			__( '%1$s was added, but PHP cannot read it yet: %2$s', 'triage' ),
			$path,
			(string) $access['fix']
		);
	}

	/**
	 * Why an added path is refused outright, or null.
	 *
	 * @param string $path Path.
	 * @return string|null
	 */
	private function refusal( string $path ): ?string {
		if ( ! $this->is_path( $path ) ) {
			/* translators: %s: a path an administrator entered. */
			return sprintf( __( '%s is not an absolute file path.', 'triage' ), $path );
		}
		if ( ! self::looks_like_a_log( $path ) ) {
			/* translators: %s: a path an administrator entered. */
			return sprintf( __( '%s does not look like a log: its name must end in .log (or .log.1, .log.2, …), .err or error_log.', 'triage' ), $path );
		}
		// phpcs:disable WordPress.PHP.NoSilencedErrors.Discouraged -- open_basedir turns these checks into warnings; the answer is "cannot see".
		if ( ! @file_exists( $path ) ) {
			/* translators: %s: a path an administrator entered. */
			return sprintf( __( '%s does not exist, or PHP may not look into its folder.', 'triage' ), $path );
		}
		if ( ! @is_file( $path ) ) {
			/* translators: %s: a path an administrator entered. */
			return sprintf( __( '%s is not a regular file.', 'triage' ), $path );
		}
		// phpcs:enable WordPress.PHP.NoSilencedErrors.Discouraged
		return null;
	}

	/**
	 * Whether PHP may read a file (a seam: tests run as root, which reads anything).
	 *
	 * @param string $path Path.
	 * @return bool
	 */
	private function may_read( string $path ): bool {
		if ( null !== $this->readable ) {
			return (bool) call_user_func( $this->readable, $path );
		}
		return @is_readable( $path ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- open_basedir.
	}

	/**
	 * Paths an administrator added.
	 *
	 * @return array<int, string>
	 */
	public function custom_paths(): array {
		$paths = get_option( self::OPTION, array() );
		if ( ! is_array( $paths ) ) {
			return array();
		}
		$valid = array();
		foreach ( $paths as $path ) {
			if ( $this->is_path( $path ) && self::looks_like_a_log( $path ) ) {
				$valid[] = $path;
			}
		}
		return $valid;
	}

	/**
	 * Whether a file name ends like a log (`.log`, `.log.N`, `error_log`, `ssl_error_log.N`, `.err`), so
	 * that a stored path can never name /etc/login.defs, a database dump or a configuration file: a
	 * second line of defence behind the capability check.
	 *
	 * @param string $path Path.
	 * @return bool
	 */
	public static function looks_like_a_log( string $path ): bool {
		return (bool) preg_match( '/^(?:.+\.log(?:\.\d{1,3})?|(?:.+[._-])?error_log(?:\.\d{1,3})?|.+\.err)$/i', basename( $path ) );
	}

	/**
	 * The id of an added path: stable, and no path in URLs.
	 *
	 * @param string $path Path.
	 * @return string
	 */
	public static function custom_id( string $path ): string {
		return 'custom-' . substr( md5( $path ), 0, 10 );
	}

	/**
	 * Directories a resolved log path may lie in: those of every configured or detected source, and
	 * wp-content. Added paths are not among them: an added file trusts that file only. A symbolic link at
	 * an allowed path that points anywhere else is refused.
	 *
	 * @return array<int, string> Resolved directories with a trailing slash.
	 */
	public function allowed_dirs(): array {
		$log   = $this->location->resolve();
		$paths = array( $log['expected'], $log['effective'] );
		foreach ( $this->server_candidates() as $candidate ) {
			$paths = array_merge( $paths, $candidate['paths'] );
		}
		foreach ( $this->discovered() as $source ) {
			$paths[] = $source['path'];
		}
		$dirs = array( WP_CONTENT_DIR );
		foreach ( $paths as $path ) {
			if ( is_string( $path ) && $this->is_path( $path ) ) {
				$dirs[] = dirname( $path );
			}
		}
		$allowed = array();
		foreach ( array_unique( $dirs ) as $dir ) {
			$real = @realpath( $dir ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- open_basedir.
			if ( false !== $real ) {
				$allowed[] = rtrim( $real, '/' ) . '/';
			}
		}
		return array_values( array_unique( $allowed ) );
	}

	/**
	 * Whether a resolved path lies directly in an allowed directory.
	 *
	 * @param string $real Resolved path.
	 * @return bool
	 */
	private function is_allowed( string $real ): bool {
		return in_array( rtrim( dirname( $real ), '/' ) . '/', $this->allowed_dirs(), true );
	}

	/**
	 * Whether a resolved path is itself one of the added logs (a regular file, not reached through a link
	 * of its own).
	 *
	 * @param string $real Resolved path.
	 * @return bool
	 */
	private function is_added_log( string $real ): bool {
		foreach ( $this->custom_paths() as $path ) {
			if ( ! is_link( $path ) && @realpath( $path ) === $real ) { // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- open_basedir.
				return true;
			}
		}
		return false;
	}

	/**
	 * Server logs looked for at their usual places.
	 *
	 * @return array<string, array{label: string, layout: string, paths: array<int, string>, kind?: string}>
	 */
	private function server_candidates(): array {
		$fpm        = glob( '/var/log/php*-fpm.log' );
		$candidates = array(
			'nginx'   => array(
				'label'  => __( 'nginx error log', 'triage' ),
				'layout' => Log_Entry_Parser::LAYOUT_LINE,
				'paths'  => array( '/var/log/nginx/error.log' ),
			),
			'apache'  => array(
				'label'  => __( 'Apache error log', 'triage' ),
				'layout' => Log_Entry_Parser::LAYOUT_LINE,
				'paths'  => array( '/var/log/apache2/error.log', '/var/log/httpd/error_log' ),
			),
			'php-fpm' => array(
				'label'  => __( 'PHP-FPM log', 'triage' ),
				'layout' => Log_Entry_Parser::LAYOUT_PHP,
				'paths'  => array_merge( is_array( $fpm ) ? $fpm : array(), array( '/var/log/php-fpm/error.log', '/var/log/php-fpm.log' ) ),
			),
		);

		/**
		 * Filters where Triage looks for server error logs.
		 *
		 * @since 0.1.0
		 *
		 * @param array $candidates Source id => label, layout (php|line), paths tried in order, and optionally
		 *                          kind (php for PHP error logs; server by default).
		 */
		$filtered = apply_filters( 'triage_log_source_candidates', $candidates );
		return is_array( $filtered ) ? $filtered : $candidates;
	}

	/**
	 * Builds a source.
	 *
	 * @param string $id     Id.
	 * @param string $label  Label.
	 * @param string $kind   Kind.
	 * @param string $layout Layout.
	 * @param string $path   Path.
	 * @param string $origin Where the path came from.
	 * @return array{id: string, label: string, kind: string, layout: string, path: string, origin: string}
	 */
	private function source( string $id, string $label, string $kind, string $layout, string $path, string $origin ): array {
		return array(
			'id'     => $id,
			'label'  => $label,
			'kind'   => $kind,
			'layout' => $layout,
			'path'   => $path,
			'origin' => $origin,
		);
	}

	/**
	 * Whether a value looks like an absolute file path (no stream wrappers, no NUL).
	 *
	 * @param mixed $path Value.
	 * @return bool
	 */
	private function is_path( $path ): bool {
		return is_string( $path ) && '' !== $path && false === strpos( $path, "\0" ) && false === strpos( $path, '://' )
			&& ( '/' === $path[0] || (bool) preg_match( '#^[A-Za-z]:[\\\\/]#', $path ) );
	}
}
