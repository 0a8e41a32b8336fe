<?php
/**
 * The `wp triage` namespace.
 *
 * @package Triage
 */

namespace Triage\CLI;

defined( 'ABSPATH' ) || exit;

/**
 * Diagnoses why this site answers 502, 5xx or a white screen, from the shell, while the web is down.
 *
 * Health checks, logs, incidents, the support report, debug mode, safe mode, bisection, cron and maintenance.
 *
 * Every command prints one JSON object with --format=json ("version": 1), nothing else.
 *
 * Reading needs no user; with WP-CLI's --user=<id|login> a command acts as that user and is refused where the REST API would refuse them. Safe mode, rescue links and bisection always need --user.
 *
 * ## EXAMPLES
 *
 *     $ wp triage status
 *     $ wp @all triage status --format=json
 */
final class Triage_Namespace extends \WP_CLI\Dispatcher\CommandNamespace {
}
