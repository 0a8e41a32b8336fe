<?php
/**
 * A WordPress of its own for the `wp triage` tests, and a way to run the real `wp` binary against it.
 *
 * @package Triage
 */

namespace Triage\Tests\CLI;

/**
 * Builds .cache/cli-site/<name>/ once per test run from the WordPress under test (a copy, with Triage linked
 * in as a plugin) with its own database, and runs vendor/bin/wp there as a child process.
 */
final class Cli_Site {


	/**
	 * Sites built in this run, by name.
	 *
	 * @var array<string, string>
	 */
	private static $built = array();

	/**
	 * The site's folder, built (afresh) on first use in a run.
	 *
	 * @param bool $multisite A subdirectory network with a second site.
	 * @return string
	 */
	public static function path( bool $multisite = false ): string {
		$db = self::db_name( $multisite );
		if ( isset( self::$built[ $db ] ) ) {
			return self::$built[ $db ];
		}
		// One folder per database, so that runs with their own TRIAGE_CLI_DB_NAME never share a site.
		$root = TRIAGE_TESTS_ROOT . '/.cache/cli-site/' . $db;
		self::run( 'rm -rf ' . escapeshellarg( $root ) . ' && mkdir -p ' . escapeshellarg( dirname( $root ) ) . ' && cp -r ' . escapeshellarg( rtrim( ABSPATH, '/' ) ) . ' ' . escapeshellarg( $root ) );
		self::run( 'rm -rf ' . escapeshellarg( $root . '/wp-content/plugins/triage' ) . ' ' . escapeshellarg( $root . '/wp-config.php' ) . ' && ln -s ' . escapeshellarg( TRIAGE_TESTS_ROOT ) . ' ' . escapeshellarg( $root . '/wp-content/plugins/triage' ) );
		self::run( 'cp ' . escapeshellarg( __DIR__ . '/fixtures/plugins' ) . '/*.php ' . escapeshellarg( $root . '/wp-content/plugins/' ) );
		file_put_contents( $root . '/wp-config.php', self::config( $db, $multisite, false ) );
		// A fresh database, as bin/test.sh makes the suite's own (root over the lab's socket).
		self::run( 'bash ' . escapeshellarg( TRIAGE_TESTS_ROOT . '/tests/lab/mariadb.sh' ) . ' create-db ' . escapeshellarg( $db ) );
		self::run( 'TRIAGE_CLI_SITE=' . escapeshellarg( $root ) . ' TRIAGE_CLI_MULTISITE=' . ( $multisite ? '1' : '0' ) . ' ' . escapeshellarg( PHP_BINARY ) . ' ' . escapeshellarg( __DIR__ . '/fixtures/install-cli-site.php' ) );
		if ( $multisite ) {
			file_put_contents( $root . '/wp-config.php', self::config( $db, true, true ) );
			self::run( 'TRIAGE_CLI_SITE=' . escapeshellarg( $root ) . ' ' . escapeshellarg( PHP_BINARY ) . ' ' . escapeshellarg( __DIR__ . '/fixtures/add-cli-subsite.php' ) );
		}
		self::$built[ $db ] = $root;
		return $root;
	}

	/**
	 * The single site's address: `php -S` serves it there when a test needs the web (bisection). The port
	 * follows the database name, so runs with their own TRIAGE_CLI_DB_NAME do not collide.
	 *
	 * @return string
	 */
	public static function url(): string {
		return 'http://127.0.0.1:' . ( 18900 + crc32( self::db_name( false ) ) % 100 );
	}

	/**
	 * Runs `wp --path=<site> --allow-root …`.
	 *
	 * @param string   $site  Site folder.
	 * @param string[] $args  Arguments after the path.
	 * @param string[] $env   Extra environment, NAME=value.
	 * @return array{code: int, stdout: string, stderr: string}
	 */
	public static function wp( string $site, array $args, array $env = array() ): array {
		$command = implode( ' ', array_map( 'escapeshellarg', $env ) ) . ( array() === $env ? '' : ' ' )
			. escapeshellarg( PHP_BINARY ) . ' ' . escapeshellarg( TRIAGE_TESTS_ROOT . '/vendor/wp-cli/wp-cli/php/boot-fs.php' )
			. ' --path=' . escapeshellarg( $site ) . ' --allow-root ' . implode( ' ', array_map( 'escapeshellarg', $args ) );
		$process = proc_open(
			( array() === $env ? '' : 'env ' ) . $command,
			array(
				1 => array( 'pipe', 'w' ),
				2 => array( 'pipe', 'w' ),
			),
			$pipes,
			null,
			array(
				'PATH'                => (string) getenv( 'PATH' ),
				'HOME'                => sys_get_temp_dir(),
				'WP_CLI_CONFIG_PATH'  => '/dev/null',
				'WP_CLI_CACHE_DIR'    => sys_get_temp_dir() . '/triage-wp-cli-cache',
				'WP_CLI_PACKAGES_DIR' => sys_get_temp_dir() . '/triage-wp-cli-packages',
			)
		);
		$stdout  = (string) stream_get_contents( $pipes[1] );
		$stderr  = (string) stream_get_contents( $pipes[2] );
		fclose( $pipes[1] );
		fclose( $pipes[2] );
		return array(
			'code'   => proc_close( $process ),
			'stdout' => $stdout,
			'stderr' => $stderr,
		);
	}

	/**
	 * Writes an option straight into the site's database (there is no `wp option` in the framework).
	 *
	 * @param bool   $multisite Which site.
	 * @param string $name      Option.
	 * @param mixed  $value     Value, serialized as WordPress does.
	 * @return void
	 */
	public static function set_option( bool $multisite, string $name, $value ): void {
		$mysqli = self::db( $multisite );
		$stored = is_array( $value ) || is_object( $value ) ? serialize( $value ) : (string) $value; // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.serialize_serialize -- as WordPress stores it.
		$query  = $mysqli->prepare( 'INSERT INTO wp_options (option_name, option_value, autoload) VALUES (?, ?, "no") ON DUPLICATE KEY UPDATE option_value = VALUES(option_value)' );
		$query->bind_param( 'ss', $name, $stored );
		$query->execute();
		$mysqli->close();
	}

	/**
	 * Reads an option straight from the site's database.
	 *
	 * @param bool   $multisite Which site.
	 * @param string $name      Option.
	 * @return mixed Unserialized value, or null.
	 */
	public static function get_option( bool $multisite, string $name ) {
		$mysqli = self::db( $multisite );
		$query  = $mysqli->prepare( 'SELECT option_value FROM wp_options WHERE option_name = ?' );
		$query->bind_param( 's', $name );
		$query->execute();
		$row = $query->get_result()->fetch_row();
		$mysqli->close();
		return null === $row ? null : maybe_unserialize( $row[0] );
	}

	/**
	 * A connection to a site's database.
	 *
	 * @param bool $multisite Which site.
	 * @return \mysqli
	 */
	private static function db( bool $multisite ): \mysqli {
		list( $host, $port ) = array_pad( explode( ':', DB_HOST ), 2, '3306' );
		return new \mysqli( $host, DB_USER, DB_PASSWORD, self::db_name( $multisite ), (int) $port ); // phpcs:ignore WordPress.DB.RestrictedClasses.mysql__mysqli -- another site's database: $wpdb is the test suite's own.
	}

	/**
	 * The database of a test site: TRIAGE_CLI_DB_NAME (triage_cli by default), with _ms for the network.
	 *
	 * @param bool $multisite Which site.
	 * @return string
	 */
	private static function db_name( bool $multisite ): string {
		$name = getenv( 'TRIAGE_CLI_DB_NAME' );
		return ( is_string( $name ) && preg_match( '/^\w{1,48}$/', $name ) ? $name : 'triage_cli' ) . ( $multisite ? '_ms' : '' );
	}

	/**
	 * The site's wp-config.php.
	 *
	 * @param string $db        Database.
	 * @param bool   $multisite Network.
	 * @param bool   $network   The network is installed (MULTISITE on).
	 * @return string
	 */
	private static function config( string $db, bool $multisite, bool $network ): string {
		$lines   = array( '<?php' );
		$defines = array(
			'DB_NAME'                    => $db,
			'DB_USER'                    => DB_USER,
			'DB_PASSWORD'                => DB_PASSWORD,
			'DB_HOST'                    => DB_HOST,
			'DB_CHARSET'                 => 'utf8mb4',
			'DB_COLLATE'                 => '',
			'WP_HTTP_BLOCK_EXTERNAL'     => true,
			'AUTOMATIC_UPDATER_DISABLED' => true,
			'DISABLE_WP_CRON'            => true,
			'WP_HOME'                    => self::url(),
			'WP_SITEURL'                 => self::url(),
		);
		foreach ( array( 'AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT' ) as $key ) {
			$defines[ $key ] = 'triage-cli-' . strtolower( $key );
		}
		if ( $multisite ) {
			unset( $defines['WP_HOME'], $defines['WP_SITEURL'] );
		}
		if ( $network ) {
			$defines += array(
				'WP_ALLOW_MULTISITE'   => true,
				'MULTISITE'            => true,
				'SUBDOMAIN_INSTALL'    => false,
				'DOMAIN_CURRENT_SITE'  => 'cli.example.test',
				'PATH_CURRENT_SITE'    => '/',
				'SITE_ID_CURRENT_SITE' => 1,
				'BLOG_ID_CURRENT_SITE' => 1,
			);
		}
		foreach ( $defines as $name => $value ) {
			$lines[] = sprintf( 'define( %s, %s );', var_export( $name, true ), var_export( $value, true ) ); // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_var_export -- writes PHP source.
		}
		$lines[] = '$table_prefix = \'wp_\';';
		// The machine's running servers and the shared test MariaDB's own log are not this site's: answers
		// must not depend on what happened to them (a restart of the test database reads as an outage).
		$lines[] = "\$GLOBALS['wp_filter']['triage_discover_stack'][10][] = array( 'function' => '__return_false', 'accepted_args' => 1 );";
		$lines[] = "if ( ! defined( 'ABSPATH' ) ) { define( 'ABSPATH', __DIR__ . '/' ); }";
		$lines[] = "require_once ABSPATH . 'wp-settings.php';";
		return implode( "\n", $lines ) . "\n";
	}

	/**
	 * Runs a shell command; throws when it fails.
	 *
	 * @param string $command Command.
	 * @return void
	 * @throws \RuntimeException When it fails.
	 */
	private static function run( string $command ): void {
		exec( $command . ' 2>&1', $output, $status ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.system_calls_exec
		if ( 0 !== $status ) {
			throw new \RuntimeException( $command . ': ' . implode( "\n", $output ) );
		}
	}
}
