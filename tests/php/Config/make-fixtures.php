<?php
/**
 * Writes the wp-config.php acceptance corpus into fixtures/ (run: php tests/php/Config/make-fixtures.php).
 *
 * Each base below is a realistic wp-config.php (default install, managed hosts, Bedrock, Docker, hand-edited
 * files with odd spacing or quotes, conditionals, ...). Each base is written once, with LF line endings;
 * Config_Fixtures derives its CRLF and byte-order-mark variants when the tests run. expected.json records, per
 * base and profile, "ok" or the error code the editor must return (the same for all three variants). The
 * generated files are committed; the tests read them from disk.
 *
 * @package Triage
 */

$dir = __DIR__ . '/fixtures';
if ( ! is_dir( $dir ) ) {
	mkdir( $dir, 0755, true );
}
foreach ( glob( $dir . '/*' ) as $old ) {
	unlink( $old );
}

$salts = '';
foreach ( array( 'AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT' ) as $i => $key ) {
	$salts .= sprintf( "define( %-19s '%s' );\n", "'$key',", substr( str_repeat( hash( 'sha256', $key ), 2 ), 0, 64 ) );
}

$head  = <<<'PHP'
<?php
/**
 * The base configuration for WordPress
 *
 * The wp-config.php creation script uses this file during the installation.
 * You don't have to use the website, you can copy this file to "wp-config.php"
 * and fill in the values.
 *
 * @link https://wordpress.org/documentation/article/editing-wp-config-php/
 *
 * @package WordPress
 */

// ** Database settings - You can get this info from your web host ** //
/** The name of the database for WordPress */
define( 'DB_NAME', 'shop_prod' );

/** Database username */
define( 'DB_USER', 'shop' );

/** Database password */
define( 'DB_PASSWORD', 'c0rrect-h0rse' );

/** Database hostname */
define( 'DB_HOST', 'localhost' );

/** Database charset to use in creating database tables. */
define( 'DB_CHARSET', 'utf8mb4' );

/** The database collate type. Don't change this if in doubt. */
define( 'DB_COLLATE', '' );

/**#@+
 * Authentication unique keys and salts.
 */

PHP;
$head .= $salts . "\n/**#@-*/\n\n\$table_prefix = 'wp_';\n\n";

$debug_block = <<<'PHP'
/**
 * For developers: WordPress debugging mode.
 *
 * @link https://wordpress.org/documentation/article/debugging-in-wordpress/
 */
define( 'WP_DEBUG', false );

PHP;

$tail = <<<'PHP'
/* Add any custom values between this line and the "stop editing" line. */



/* That's all, stop editing! Happy publishing. */

/** Absolute path to the WordPress directory. */
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}

/** Sets up WordPress vars and included files. */
require_once ABSPATH . 'wp-settings.php';

PHP;

$tail_no_marker = <<<'PHP'
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';

PHP;

$ok          = array(
	'log'       => 'ok',
	'developer' => 'ok',
);
$foreign     = array(
	'log'       => 'triage_config_foreign',
	'developer' => 'triage_config_foreign',
);
$dev_foreign = array(
	'log'       => 'ok',
	'developer' => 'triage_config_foreign',
);

$bases = array(
	'default-install'                      => array( $head . $debug_block . $tail, $ok ),
	'default-without-wp-debug'             => array( $head . $tail, $ok ),
	'already-logging'                      => array( $head . "define( 'WP_DEBUG', true );\ndefine( 'WP_DEBUG_LOG', true );\ndefine( 'WP_DEBUG_DISPLAY', false );\n@ini_set( 'display_errors', 0 );\n\n" . $tail, $ok ),
	'already-developer'                    => array( $head . "define( 'WP_DEBUG', true );\ndefine( 'WP_DEBUG_LOG', true );\ndefine( 'WP_DEBUG_DISPLAY', false );\ndefine( 'SCRIPT_DEBUG', true );\ndefine( 'SAVEQUERIES', true );\n\n" . $tail, $ok ),
	'double-quotes'                        => array( str_replace( "'", '"', $head ) . "define(\"WP_DEBUG\", false);\ndefine(\"WP_DEBUG_LOG\", false);\n\n" . $tail, $ok ),
	'odd-spacing'                          => array( $head . "define('WP_DEBUG',false);\ndefine (  'WP_DEBUG_LOG' ,   false  )  ;\n\tdefine(\n\t\t'WP_DEBUG_DISPLAY',\n\t\ttrue\n\t);\n\n" . $tail, $ok ),
	'uppercase-keywords'                   => array( $head . "DEFINE( 'WP_DEBUG', FALSE );\nDefine( 'SCRIPT_DEBUG', False );\n\n" . $tail, $ok ),
	'comments-between-tokens'              => array( $head . "define( /* flag */ 'WP_DEBUG', /* keep off in production */ false ); // reviewed 2024-01\ndefine( 'WP_DEBUG_LOG', # hash comment\n\tfalse );\n\n" . $tail, $ok ),
	'define-in-comments-and-strings'       => array( $head . "// define( 'WP_DEBUG', true ); // uncomment to debug\n/*\ndefine( 'WP_DEBUG_LOG', true );\ndefine( 'WP_DEBUG_DISPLAY', false );\n*/\n# define('SAVEQUERIES', true);\n\$triage_note = \"remember: define('WP_DEBUG', true) turns debugging on\";\n\$other_note  = 'define( \"SCRIPT_DEBUG\", true );';\n" . $debug_block . $tail, $ok ),
	'heredoc-and-nowdoc'                   => array( $head . "\$help = <<<HELP\nTo debug, add:\ndefine( 'WP_DEBUG', true );\nHELP;\n\$raw = <<<'RAW'\ndefine( 'WP_DEBUG_LOG', true );\nRAW;\n" . $debug_block . $tail, $ok ),
	'missing-stop-editing-marker'          => array( $head . $debug_block . $tail_no_marker, $ok ),
	'no-wp-settings-require'               => array( "<?php\n// Loaded by a custom bootstrap, which requires wp-settings.php itself.\ndefine( 'DB_NAME', 'app' );\ndefine( 'DB_USER', 'app' );\ndefine( 'DB_PASSWORD', 'secret' );\ndefine( 'DB_HOST', '127.0.0.1' );\n\$table_prefix = 'app_';\n", $ok ),
	'wp-debug-defined-twice'               => array( $head . "define( 'WP_DEBUG', false );\n\n// Added by the previous developer:\ndefine( 'WP_DEBUG', false );\n\n" . $tail, $ok ),
	'fully-qualified-define'               => array( $head . "\\define( 'WP_DEBUG', false );\n\\define( 'WP_DEBUG_LOG', false );\n\n" . $tail, $ok ),
	'debug-log-expression'                 => array( $head . "define( 'WP_DEBUG', false );\ndefine( 'WP_DEBUG_LOG', dirname( __DIR__ ) . '/logs/wp-errors.log' );\n\n" . $tail, $ok ),
	'closing-php-tag'                      => array( $head . $debug_block . rtrim( $tail ) . "\n?>\n", $ok ),
	'one-line-minified'                    => array( "<?php define('DB_NAME','wp'); define('DB_USER','wp'); define('DB_PASSWORD','wp'); define('DB_HOST','localhost'); \$table_prefix='wp_'; define('WP_DEBUG',false); if(!defined('ABSPATH')){define('ABSPATH',__DIR__.'/');} require_once(ABSPATH.'wp-settings.php');", $ok ),
	'require-without-once'                 => array( $head . $debug_block . "/* That's all, stop editing! Happy blogging. */\n\n/** WordPress absolute path to the Wordpress directory. */\nif ( !defined('ABSPATH') )\n\tdefine('ABSPATH', dirname(__FILE__) . '/');\n\n/** Sets up WordPress vars and included files. */\nrequire(ABSPATH . 'wp-settings.php');\n", $ok ),
	'multisite'                            => array( $head . $debug_block . "define( 'WP_ALLOW_MULTISITE', true );\ndefine( 'MULTISITE', true );\ndefine( 'SUBDOMAIN_INSTALL', false );\ndefine( 'DOMAIN_CURRENT_SITE', 'example.com' );\ndefine( 'PATH_CURRENT_SITE', '/' );\ndefine( 'SITE_ID_CURRENT_SITE', 1 );\ndefine( 'BLOG_ID_CURRENT_SITE', 1 );\n\n" . $tail, $ok ),
	'performance-tuned'                    => array( $head . "define( 'WP_MEMORY_LIMIT', '256M' );\ndefine( 'WP_MAX_MEMORY_LIMIT', '512M' );\ndefine( 'DISABLE_WP_CRON', true );\ndefine( 'WP_CACHE', true ); // Added by WP Rocket\ndefine( 'WP_POST_REVISIONS', 5 );\n" . $debug_block . $tail, $ok ),
	'wp-engine-style'                      => array( "<?php\n# Database Configuration\ndefine( 'DB_NAME', 'wp_mysite' );\ndefine( 'DB_USER', 'mysite' );\ndefine( 'DB_PASSWORD', 'xxxxxxxx' );\ndefine( 'DB_HOST', '127.0.0.1:3306' );\ndefine( 'DB_HOST_SLAVE', '127.0.0.1:3306' );\ndefine('DB_CHARSET', 'utf8');\ndefine('DB_COLLATE', 'utf8_unicode_ci');\n\$table_prefix = 'wp_';\n\n# Security Salts, Keys, Etc\n" . $salts . "\n# Localized Language Stuff\n\ndefine( 'WP_CACHE', TRUE );\ndefine( 'WP_AUTO_UPDATE_CORE', false );\ndefine( 'PWP_NAME', 'mysite' );\ndefine( 'FS_METHOD', 'direct' );\ndefine( 'FS_CHMOD_DIR', 0775 );\ndefine( 'FS_CHMOD_FILE', 0664 );\ndefine( 'WPE_APIKEY', 'abcdef0123456789' );\ndefine( 'WPE_CLUSTER_ID', '100000' );\n\$wpe_all_domains=array ( 0 => 'mysite.wpengine.com', );\n\$wpe_varnish_servers=array ( 0 => 'pod-100000', );\ndefine( 'WPE_SFTP_PORT', 2222 );\n\n# That's It. Pencils down\nif ( !defined('ABSPATH') )\n\tdefine('ABSPATH', __DIR__ . '/');\nrequire_once(ABSPATH . 'wp-settings.php');\n", $ok ),
	'kinsta-style-custom-log'              => array( $head . "define( 'WP_DEBUG', false );\ndefine( 'WP_DEBUG_LOG', false );\ndefine( 'WP_DEBUG_DISPLAY', false );\ndefine( 'KINSTAMU_VERSION', '2.5' );\n\n" . $tail, $ok ),
	'tab-indented-settings'                => array( $head . "\tdefine( 'WP_DEBUG', false );\n\tdefine( 'WP_DEBUG_DISPLAY', true );\n\n" . $tail, $ok ),
	'display-null'                         => array( $head . "define( 'WP_DEBUG', false );\ndefine( 'WP_DEBUG_DISPLAY', null );\n\n" . $tail, $ok ),
	'includes-after-settings'              => array( $head . $debug_block . rtrim( $tail ) . "\n\n// Local tweaks, loaded after WordPress.\n@include __DIR__ . '/wp-config-after.php';\n", $ok ),
	'class-and-function-defined-elsewhere' => array( $head . "function shop_env() {\n\treturn 'production';\n}\nclass Shop_Flags {\n\tconst DEBUG = false;\n}\n" . $debug_block . $tail, $ok ),
	'script-debug-in-if'                   => array( $head . $debug_block . "if ( isset( \$_GET['sd'] ) ) {\n\tdefine( 'SCRIPT_DEBUG', true );\n}\n\n" . $tail, $dev_foreign ),
	'savequeries-from-env'                 => array( $head . $debug_block . "define( 'SAVEQUERIES', (bool) getenv( 'WP_SAVEQUERIES' ) );\n\n" . $tail, $dev_foreign ),
	'define-inside-if'                     => array( $head . "if ( ! defined( 'WP_DEBUG' ) ) {\n\tdefine( 'WP_DEBUG', false );\n}\n\n" . $tail, $foreign ),
	'define-inside-if-by-host'             => array( $head . "if ( 'staging.example.com' === \$_SERVER['HTTP_HOST'] ) {\n\tdefine( 'WP_DEBUG', true );\n\tdefine( 'WP_DEBUG_LOG', true );\n} else {\n\tdefine( 'WP_DEBUG', false );\n}\n\n" . $tail, $foreign ),
	'braceless-if'                         => array( $head . "if ( isset( \$_COOKIE['dev'] ) ) define( 'WP_DEBUG', true );\ndefine( 'WP_DEBUG', false );\n\n" . $tail, $foreign ),
	'alternative-syntax-if'                => array( $head . "if ( file_exists( __DIR__ . '/.dev' ) ) :\n\tdefine( 'WP_DEBUG', true );\nelse :\n\tdefine( 'WP_DEBUG', false );\nendif;\n\n" . $tail, $foreign ),
	'defined-or-define'                    => array( $head . "defined( 'WP_DEBUG' ) || define( 'WP_DEBUG', false );\ndefined( 'WP_DEBUG_LOG' ) or define( 'WP_DEBUG_LOG', false );\n\n" . $tail, $foreign ),
	'constant-after-wp-settings'           => array( $head . $tail . "define( 'WP_DEBUG', true );\n", $foreign ),
	'getenv-value'                         => array( $head . "define( 'WP_DEBUG', getenv( 'WP_DEBUG' ) === 'true' );\n\n" . $tail, $foreign ),
	'env-superglobal'                      => array( $head . "define( 'WP_DEBUG', ! empty( \$_ENV['WP_DEBUG'] ) );\ndefine( 'WP_DEBUG_LOG', \$_SERVER['WP_DEBUG_LOG'] ?? false );\n\n" . $tail, $foreign ),
	'const-declaration'                    => array( $head . "const WP_DEBUG = false;\n\n" . $tail, $foreign ),
	'define-in-function'                   => array( $head . $debug_block . "function shop_debug_log() {\n\tdefine( 'WP_DEBUG_LOG', true );\n}\n\n" . $tail, $foreign ),
	'bedrock'                              => array( "<?php\n/**\n * Do not edit this file. Edit the config files found in the config/ dir instead.\n * This file is required in the root directory so WordPress can find it.\n * WP is hardcoded to look in its own directory or one directory up for wp-config.php.\n */\nrequire_once dirname(__DIR__) . '/vendor/autoload.php';\nrequire_once dirname(__DIR__) . '/config/application.php';\nrequire_once ABSPATH . 'wp-settings.php';\n", $foreign ),
	'pantheon-style'                       => array( "<?php\n/**\n * Pantheon platform settings.\n */\nif ( file_exists( dirname( __FILE__ ) . '/wp-config-local.php' ) && ! isset( \$_ENV['PANTHEON_ENVIRONMENT'] ) ) :\n\trequire_once dirname( __FILE__ ) . '/wp-config-local.php';\nelse :\n\trequire_once dirname( __FILE__ ) . '/wp-config-pantheon.php';\nendif;\n\n/** Standard wp-config.php stuff from here on down. **/\n\$table_prefix = 'wp_';\n\nif ( ! defined( 'WP_DEBUG' ) ) {\n\tdefine( 'WP_DEBUG', false );\n}\n\n/* That's all, stop editing! Happy Pressing. */\n\nif ( ! defined( 'ABSPATH' ) ) {\n\tdefine( 'ABSPATH', dirname( __FILE__ ) . '/' );\n}\nrequire_once ABSPATH . 'wp-settings.php';\n", $foreign ),
	'hosting-include'                      => array( $head . "if ( file_exists( __DIR__ . '/wp-config-hosting.php' ) ) require_once __DIR__ . '/wp-config-hosting.php';\n" . $debug_block . $tail, $foreign ),
	'docker-image'                         => array( "<?php\nif (!function_exists('getenv_docker')) {\n\tfunction getenv_docker(\$env, \$default) {\n\t\tif (\$fileEnv = getenv(\$env . '_FILE')) {\n\t\t\treturn rtrim(file_get_contents(\$fileEnv), \"\\r\\n\");\n\t\t}\n\t\telse if ((\$val = getenv(\$env)) !== false) {\n\t\t\treturn \$val;\n\t\t}\n\t\telse {\n\t\t\treturn \$default;\n\t\t}\n\t}\n}\ndefine( 'DB_NAME', getenv_docker('WORDPRESS_DB_NAME', 'wordpress') );\ndefine( 'DB_USER', getenv_docker('WORDPRESS_DB_USER', 'example username') );\ndefine( 'DB_PASSWORD', getenv_docker('WORDPRESS_DB_PASSWORD', 'example password') );\ndefine( 'DB_HOST', getenv_docker('WORDPRESS_DB_HOST', 'mysql') );\n\$table_prefix = getenv_docker('WORDPRESS_TABLE_PREFIX', 'wp_');\ndefine( 'WP_DEBUG', !!getenv_docker('WORDPRESS_DEBUG', '') );\n\n/* Add any custom values between this line and the \"stop editing\" line. */\nif (\$configExtra = getenv_docker('WORDPRESS_CONFIG_EXTRA', '')) {\n\teval(\$configExtra);\n}\n\n/* That's all, stop editing! Happy publishing. */\nif ( ! defined( 'ABSPATH' ) ) {\n\tdefine( 'ABSPATH', __DIR__ . '/' );\n}\nrequire_once ABSPATH . 'wp-settings.php';\n", $foreign ),
);

$expected = array();
foreach ( $bases as $name => list( $source, $outcome ) ) {
	file_put_contents( $dir . '/' . $name . '.php', $source );
	$expected[ $name ] = $outcome;
}
ksort( $expected );
// Tabs, as Prettier (@wordpress/prettier-config) formats JSON.
$json = preg_replace_callback(
	'/^(?: {4})+/m',
	static function ( $spaces ) {
		return str_repeat( "\t", strlen( $spaces[0] ) / 4 );
	},
	json_encode( $expected, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES )
);
file_put_contents( $dir . '/expected.json', $json . "\n" );
printf( "Wrote %d bases into %s\n", count( $expected ), $dir ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- a CLI script.
