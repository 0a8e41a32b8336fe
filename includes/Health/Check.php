<?php
/**
 * The contract every health check fulfils.
 *
 * @package Triage
 */

namespace Triage\Health;

defined( 'ABSPATH' ) || exit;

/**
 * A health check measures one thing about one layer of the request path.
 */
interface Check {

	/**
	 * Stable id, used in ?checks= and by Site Health.
	 *
	 * @return string
	 */
	public function id(): string;

	/**
	 * The layer the check describes: one of Check_Result::LAYERS.
	 *
	 * @return string
	 */
	public function layer(): string;

	/**
	 * Whether the check needs loopback requests (run in parallel, with timeouts, and asynchronously in Site Health).
	 *
	 * @return bool
	 */
	public function is_slow(): bool;

	/**
	 * Measures and judges. Never throws and never emits PHP warnings: what cannot be measured is `unknown`.
	 *
	 * @param Check_Context $context Shared, lazily computed inputs (loopback results, debug log tail).
	 * @return Check_Result
	 */
	public function run( Check_Context $context ): Check_Result;
}
