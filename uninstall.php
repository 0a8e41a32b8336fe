<?php
/**
 * Removes everything Triage stores when the plugin is deleted.
 *
 * @package Triage
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

require_once __DIR__ . '/includes/Autoloader.php';
Triage\Autoloader::register( __DIR__ . '/includes' );

( new Triage\Uninstaller() )->uninstall();
