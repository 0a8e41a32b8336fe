<?php
/**
 * Plugin Name: Triage Bisect: Comment Fields
 * Description: E2E fixture for bisection. Removes the Website field from the comment form, as anti-spam plugins do. Harmless in every scenario.
 * Version:     1.0.0
 * License:     GPL-2.0-or-later
 *
 * @package Triage
 */

defined( 'ABSPATH' ) || exit;

add_filter( 'comment_form_default_fields', 'triage_bisect_comment_fields_filter' );

/**
 * Drops the url field.
 *
 * @param array $fields Comment form fields.
 * @return array
 */
function triage_bisect_comment_fields_filter( $fields ) {
	unset( $fields['url'] );
	return $fields;
}
