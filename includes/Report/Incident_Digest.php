<?php
/**
 * The newest incidents, for the support report.
 *
 * @package Triage
 */

namespace Triage\Report;

use Triage\Incidents\Incident_Service;

defined( 'ABSPATH' ) || exit;

/**
 * What happened in the last 24 hours as the Overview shows it (Incident_Service), cut for a ticket: the
 * newest incidents, each with its sentence, culprit, fix and two evidence lines per source, and what
 * Triage could not read. Support_Report redacts the lines afterwards like every log text.
 */
final class Incident_Digest {

	/** The section looks back this far (seconds). */
	public const WINDOW = 86400;

	/** Incidents listed. */
	public const MAX_INCIDENTS = 10;

	/** Evidence lines kept per source. */
	private const LINES = 2;

	/**
	 * Returns the incident service, or null when there is none (an empty section).
	 *
	 * @var callable|null
	 */
	private $service;

	/**
	 * The service's answer, once read.
	 *
	 * @var array<string, mixed>|null
	 */
	private $payload = null;

	/**
	 * Takes the service factory.
	 *
	 * @param callable|null $service Returns the Incident_Service.
	 */
	public function __construct( ?callable $service ) {
		$this->service = $service;
	}

	/**
	 * The section.
	 *
	 * @return array{window: int, total: int, items: array<int, array<string, mixed>>, blind_spots: array<int, string>} Shape: report/report-incidents.json before redaction.
	 */
	public function read(): array {
		$section = array(
			'window'      => self::WINDOW,
			'total'       => 0,
			'items'       => array(),
			'blind_spots' => array(),
		);
		if ( null === $this->service ) {
			return $section;
		}
		$service = call_user_func( $this->service );
		if ( ! $service instanceof Incident_Service ) {
			return $section;
		}
		// One page wide enough to hold the last hour too, which the health checks are judged against.
		$recent        = $service->recent( self::WINDOW, 1, 100 );
		$this->payload = $recent;
		foreach ( array_slice( $recent['incidents'], 0, self::MAX_INCIDENTS ) as $incident ) {
			$evidence = array();
			foreach ( $incident['evidence'] as $found ) {
				$evidence[] = array(
					'label' => (string) $found['label'],
					'lines' => array_slice( array_map( 'strval', $found['lines'] ), 0, self::LINES ),
				);
			}
			$culprit            = $incident['culprit'];
			$section['items'][] = array(
				'cause'     => (string) $incident['cause'],
				'severity'  => (string) $incident['severity'],
				'certainty' => (string) $incident['certainty'],
				'sentence'  => (string) $incident['sentence'],
				'start'     => (int) $incident['start'],
				'end'       => (int) $incident['end'],
				'requests'  => (int) $incident['requests'],
				'culprit'   => null === $culprit ? null : $culprit['name'] . ( null === $culprit['file'] ? '' : ' (' . $culprit['file'] . ')' ),
				'fix'       => trim( $incident['fix']['summary'] . ' ' . implode( ' ', $incident['fix']['steps'] ) ),
				'evidence'  => $evidence,
			);
		}//end foreach
		$section['total']       = (int) $recent['total'];
		$section['blind_spots'] = array_map( 'strval', $recent['blind_spots'] );
		return $section;
	}

	/**
	 * The incidents of the last hour from what read() found, in the service's shape, or null when read()
	 * found nothing to go by: handed to the health checks so that the report reads the logs once.
	 *
	 * @param int $now Now.
	 * @return array{incidents: array<int, array<string, mixed>>}|null
	 */
	public function last_hour( int $now ): ?array {
		if ( null === $this->payload || (int) $this->payload['total'] > count( $this->payload['incidents'] ) ) {
			// More incidents than one page: the last hour's may not all be in it.
			return null;
		}
		$hour = array();
		foreach ( $this->payload['incidents'] as $incident ) {
			if ( (int) $incident['end'] >= $now - HOUR_IN_SECONDS ) {
				$hour[] = $incident;
			}
		}
		return array( 'incidents' => $hour );
	}
}
