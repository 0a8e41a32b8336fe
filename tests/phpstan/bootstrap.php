<?php
/**
 * Constants WordPress defines while it loads, which php-stubs/wordpress-stubs leaves out (the stubs hold
 * functions and classes only). PHPStan loads this file before it analyses; WordPress never does.
 *
 * The values are WordPress's defaults; phpstan.neon.dist lists the ones a site may change as dynamic, so
 * PHPStan types them by their type and not by the value written here.
 *
 * @package Triage
 */

define( 'MINUTE_IN_SECONDS', 60 );
define( 'HOUR_IN_SECONDS', 60 * MINUTE_IN_SECONDS );
define( 'DAY_IN_SECONDS', 24 * HOUR_IN_SECONDS );
define( 'WEEK_IN_SECONDS', 7 * DAY_IN_SECONDS );

define( 'OBJECT_K', 'OBJECT_K' );

define( 'WP_CONTENT_DIR', '/var/www/html/wp-content' );
define( 'WP_PLUGIN_DIR', WP_CONTENT_DIR . '/plugins' );
define( 'WPMU_PLUGIN_DIR', WP_CONTENT_DIR . '/mu-plugins' );

define( 'COOKIEHASH', md5( 'https://example.org' ) );
define( 'AUTH_COOKIE', 'wordpress_' . COOKIEHASH );
define( 'SECURE_AUTH_COOKIE', 'wordpress_sec_' . COOKIEHASH );
define( 'LOGGED_IN_COOKIE', 'wordpress_logged_in_' . COOKIEHASH );
