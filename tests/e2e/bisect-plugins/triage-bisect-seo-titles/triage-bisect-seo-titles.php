<?php
/**
 * Plugin Name: Triage Bisect: SEO Titles
 * Description: E2E fixture for bisection. Puts a vertical bar between the parts of the document title, as SEO plugins let you choose. Harmless in every scenario.
 * Version:     1.0.0
 * License:     GPL-2.0-or-later
 *
 * @package Triage
 */

defined( 'ABSPATH' ) || exit;

add_filter( 'document_title_separator', 'triage_bisect_seo_titles_separator' );

/**
 * Title separator.
 *
 * @return string
 */
function triage_bisect_seo_titles_separator() {
	return '|';
}
