<?php
/**
 * The values wp-config.php defines, which the support report must never show.
 *
 * @package Triage
 */

namespace Triage\Report;

use Triage\Config\Config_Locator;

defined( 'ABSPATH' ) || exit;

/**
 * Reads which constants and variables wp-config.php defines (by their names, from its tokens; the file is
 * never executed) and collects their current values, so the report can take every one of them out of its
 * text. Only the names in ALLOWED may be shown, and only as the report's own fields: the redactor works from
 * an allow-list, so a constant nobody thought of (a payment API key, a licence code) is hidden too.
 */
final class Config_Secrets {

	/**
	 * Constants whose values a support ticket needs and that hold no secret.
	 *
	 * @var array<int, string>
	 */
	public const ALLOWED = array(
		'ABSPATH',
		'WP_HOME',
		'WP_SITEURL',
		'WP_CONTENT_URL',
		'WP_PLUGIN_URL',
		'WPMU_PLUGIN_DIR',
		'WPMU_PLUGIN_URL',
		'UPLOADS',
		'WP_TEMP_DIR',
		'WP_LANG_DIR',
		'WPLANG',
		'WP_DEFAULT_THEME',
		'DOMAIN_CURRENT_SITE',
		'PATH_CURRENT_SITE',
		'SITE_ID_CURRENT_SITE',
		'BLOG_ID_CURRENT_SITE',
		'FS_CHMOD_DIR',
		'FS_CHMOD_FILE',
		'WP_DEBUG',
		'WP_DEBUG_LOG',
		'WP_DEBUG_DISPLAY',
		'SCRIPT_DEBUG',
		'SAVEQUERIES',
		'WP_DISABLE_FATAL_ERROR_HANDLER',
		'WP_MEMORY_LIMIT',
		'WP_MAX_MEMORY_LIMIT',
		'WP_CACHE',
		'WP_ENVIRONMENT_TYPE',
		'WP_DEVELOPMENT_MODE',
		'DISABLE_WP_CRON',
		'ALTERNATE_WP_CRON',
		'WP_CRON_LOCK_TIMEOUT',
		'DISALLOW_FILE_EDIT',
		'DISALLOW_FILE_MODS',
		'AUTOMATIC_UPDATER_DISABLED',
		'WP_AUTO_UPDATE_CORE',
		'CONCATENATE_SCRIPTS',
		'COMPRESS_SCRIPTS',
		'COMPRESS_CSS',
		'FORCE_SSL_ADMIN',
		'WP_HTTP_BLOCK_EXTERNAL',
		'WP_POST_REVISIONS',
		'EMPTY_TRASH_DAYS',
		'AUTOSAVE_INTERVAL',
		'MULTISITE',
		'WP_ALLOW_MULTISITE',
		'SUBDOMAIN_INSTALL',
		'FS_METHOD',
		'WP_CONTENT_DIR',
		'WP_PLUGIN_DIR',
		'DB_CHARSET',
		'DB_COLLATE',
	);

	/**
	 * Variables that are not the config's own.
	 *
	 * @var array<int, string>
	 */
	private const SUPERGLOBALS = array( 'GLOBALS', '_SERVER', '_GET', '_POST', '_COOKIE', '_ENV', '_REQUEST', '_FILES', '_SESSION' );

	/**
	 * Shortest value taken out as a literal: shorter ones ("1", "wp_") would mangle ordinary text.
	 */
	private const MIN_LENGTH = 4;

	/**
	 * Path of wp-config.php, or null when there is none.
	 *
	 * @var string|null
	 */
	private $file;

	/**
	 * Takes the file to read.
	 *
	 * @param string|null $file wp-config.php; null for none.
	 */
	public function __construct( ?string $file ) {
		$this->file = $file;
	}

	/**
	 * Allowed constants the report shows whether or not wp-config.php sets them (their defaults matter).
	 *
	 * @var array<int, string>
	 */
	public const ALWAYS_SHOWN = array( 'WP_DEBUG', 'WP_DEBUG_LOG', 'WP_DEBUG_DISPLAY', 'SCRIPT_DEBUG', 'WP_MEMORY_LIMIT', 'WP_MAX_MEMORY_LIMIT', 'WP_CACHE', 'DISABLE_WP_CRON', 'ALTERNATE_WP_CRON', 'DISALLOW_FILE_EDIT', 'DISALLOW_FILE_MODS', 'WP_ENVIRONMENT_TYPE' );

	/**
	 * Constants every wp-config.php defines, hidden even when the file cannot be read.
	 *
	 * @var array<int, string>
	 */
	private const ALWAYS = array( 'DB_NAME', 'DB_USER', 'DB_PASSWORD', 'DB_HOST', 'AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT', 'WP_CACHE_KEY_SALT' );

	/**
	 * This site's wp-config.php, where WordPress itself finds it (and the triage_wp_config_path filter).
	 *
	 * @return self
	 */
	public static function for_this_site(): self {
		return new self( ( new Config_Locator( ABSPATH ) )->locate()['path'] );
	}

	/**
	 * The names wp-config.php defines: constants (define() and const) and global variables it assigns.
	 *
	 * @return array{constants: array<int, string>, variables: array<int, string>}
	 */
	public function names(): array {
		$names = array(
			'constants' => array(),
			'variables' => array(),
		);
		if ( null === $this->file || ! is_readable( $this->file ) ) {
			return $names;
		}
		// A local file read for its tokens, never executed.
		$source = file_get_contents( $this->file ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents
		if ( false === $source ) {
			return $names;
		}
		$tokens = array_values(
			array_filter(
				token_get_all( $source ),
				static function ( $token ) {
					return ! is_array( $token ) || ! in_array( $token[0], array( T_WHITESPACE, T_COMMENT, T_DOC_COMMENT ), true );
				}
			)
		);
		$count  = count( $tokens );
		for ( $i = 0; $i < $count; $i++ ) {
			$token = $tokens[ $i ];
			if ( ! is_array( $token ) ) {
				continue;
			}
			if ( T_STRING === $token[0] && 'define' === strtolower( $token[1] ) && '(' === ( $tokens[ $i + 1 ] ?? '' ) && is_array( $tokens[ $i + 2 ] ?? null ) && T_CONSTANT_ENCAPSED_STRING === $tokens[ $i + 2 ][0] ) {
				$names['constants'][] = stripcslashes( substr( $tokens[ $i + 2 ][1], 1, -1 ) );
			} elseif ( T_CONST === $token[0] && is_array( $tokens[ $i + 1 ] ?? null ) && T_STRING === $tokens[ $i + 1 ][0] ) {
				$names['constants'][] = $tokens[ $i + 1 ][1];
			} elseif ( T_VARIABLE === $token[0] && '$this' !== $token[1] ) {
				$names['variables'][] = substr( $token[1], 1 );
			}
		}
		$names['constants'] = array_values( array_unique( $names['constants'] ) );
		$names['variables'] = array_values( array_unique( $names['variables'] ) );
		return $names;
	}

	/**
	 * Every value to hide: the current values of the constants and variables wp-config.php defines, other
	 * than the allowed constants, flattened (arrays give their scalar leaves), longest first.
	 *
	 * @return array<int, string>
	 */
	public function values(): array {
		$names  = $this->names();
		$values = array();
		foreach ( array_unique( array_merge( self::ALWAYS, $names['constants'] ) ) as $name ) {
			if ( ! in_array( $name, self::ALLOWED, true ) && defined( $name ) ) {
				$this->collect( constant( $name ), $values );
			}
		}
		foreach ( $names['variables'] as $name ) {
			// Superglobals a config assigns to ($_SERVER['HTTPS'] = 'on') describe the request, not the config.
			if ( array_key_exists( $name, $GLOBALS ) && ! in_array( $name, self::SUPERGLOBALS, true ) ) {
				$this->collect( $GLOBALS[ $name ], $values );
			}
		}
		$values = array_values( array_unique( $values ) );
		usort(
			$values,
			static function ( string $a, string $b ): int {
				return strlen( $b ) - strlen( $a );
			}
		);
		return $values;
	}

	/**
	 * Adds a value's string leaves.
	 *
	 * @param mixed              $value  Value.
	 * @param array<int, string> $values Collected (updated).
	 * @param int                $depth  Nesting so far.
	 * @return void
	 */
	private function collect( $value, array &$values, int $depth = 0 ): void {
		if ( is_array( $value ) && $depth < 5 ) {
			foreach ( $value as $item ) {
				$this->collect( $item, $values, $depth + 1 );
			}
			return;
		}
		if ( is_string( $value ) || is_int( $value ) || is_float( $value ) ) {
			$value = trim( (string) $value );
			// Short values and plain numbers (a port, a blog id) would redact ordinary text; a database on
			// this machine is no secret, and hiding "localhost" would hide a local site's address.
			if ( strlen( $value ) >= self::MIN_LENGTH && ! is_numeric( $value ) && ! in_array( strtolower( $value ), array( 'localhost', '127.0.0.1', '::1' ), true ) ) {
				$values[] = $value;
			}
		}
	}
}
