<?php
/**
 * The outcome of one health check.
 *
 * @package Triage
 */

namespace Triage\Health;

defined( 'ABSPATH' ) || exit;

/**
 * What was measured, how it is judged, why it matters for 5xx, and how to fix it.
 */
final class Check_Result {

	public const GOOD     = 'good';
	public const WARNING  = 'warning';
	public const CRITICAL = 'critical';
	public const UNKNOWN  = 'unknown';

	/** Statuses from best to worst; unknown ranks below warning so a real problem always shows. */
	public const STATUSES = array( self::GOOD, self::UNKNOWN, self::WARNING, self::CRITICAL );

	/** WordPress itself: plugins, theme, cron, configuration. */
	public const LAYER_WORDPRESS = 'wordpress'; // phpcs:ignore WordPress.WP.CapitalPDangit -- an identifier, not prose.

	/** The hops of the request path, browser side first, plus the host's own resources. */
	public const LAYERS = array( 'cdn', 'web', 'php', self::LAYER_WORDPRESS, 'database', 'server' );

	/**
	 * Result fields.
	 *
	 * @var array{id: string, layer: string, status: string, title: string, evidence: array<int, array{label: string, value: string}>, why: string, fix: string, reason: string}
	 */
	private $fields;

	/**
	 * Use the named constructors.
	 *
	 * @param array{id: string, layer: string, status: string, title: string, evidence: array<int, array{label: string, value: string}>, why: string, fix: string, reason: string} $fields Fields.
	 */
	private function __construct( array $fields ) {
		$this->fields = $fields;
	}

	/**
	 * A measured result.
	 *
	 * @param Check                                           $check    The check.
	 * @param string                                          $status   good, warning or critical.
	 * @param string                                          $title    One line saying what was found.
	 * @param array<int, array{label: string, value: string}> $evidence Measured values with units.
	 * @param string                                          $why      Why this causes 5xx (empty when good).
	 * @param string                                          $fix      Exact steps (empty when good).
	 * @return self
	 */
	public static function measured( Check $check, string $status, string $title, array $evidence, string $why = '', string $fix = '' ): self {
		return new self(
			array(
				'id'       => $check->id(),
				'layer'    => $check->layer(),
				'status'   => in_array( $status, self::STATUSES, true ) ? $status : self::UNKNOWN,
				'title'    => $title,
				'evidence' => array_values( $evidence ),
				'why'      => $why,
				'fix'      => $fix,
				'reason'   => '',
			)
		);
	}

	/**
	 * A check that could not measure.
	 *
	 * @param Check                                           $check    The check.
	 * @param string                                          $title    One line saying what could not be measured.
	 * @param string                                          $reason   Why not (disabled function, unreadable file, not PHP-FPM, …).
	 * @param array<int, array{label: string, value: string}> $evidence Whatever was measured anyway.
	 * @return self
	 */
	public static function unknown( Check $check, string $title, string $reason, array $evidence = array() ): self {
		$result                   = self::measured( $check, self::UNKNOWN, $title, $evidence );
		$result->fields['reason'] = $reason;
		return $result;
	}

	/**
	 * A piece of evidence.
	 *
	 * @param string $label What was measured.
	 * @param string $value The value with its unit.
	 * @return array{label: string, value: string}
	 */
	public static function evidence( string $label, string $value ): array {
		return array(
			'label' => $label,
			'value' => $value,
		);
	}

	/**
	 * The worse of two statuses.
	 *
	 * @param string $a Status.
	 * @param string $b Status.
	 * @return string
	 */
	public static function worst( string $a, string $b ): string {
		return array_search( $a, self::STATUSES, true ) >= array_search( $b, self::STATUSES, true ) ? $a : $b;
	}

	/**
	 * The status.
	 *
	 * @return string
	 */
	public function status(): string {
		return $this->fields['status'];
	}

	/**
	 * The layer.
	 *
	 * @return string
	 */
	public function layer(): string {
		return $this->fields['layer'];
	}

	/**
	 * All fields, as the REST schema describes them.
	 *
	 * @return array<string, mixed>
	 */
	public function to_array(): array {
		return $this->fields;
	}
}
