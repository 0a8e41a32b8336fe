<?php
/**
 * Triage's checks in Tools → Site Health.
 *
 * @package Triage
 */

namespace Triage\Site_Health;

use Triage\Capabilities;
use Triage\Health\Check_Result;
use Triage\Health\Health_Runner;

defined( 'ABSPATH' ) || exit;

/**
 * Adds every check as a Site Health test (async when it needs loopbacks) and the key figures to
 * Site Health → Info.
 */
final class Site_Health_Integration {

	/**
	 * Runs checks.
	 *
	 * @var Health_Runner
	 */
	private $runner;

	/**
	 * Capability policy.
	 *
	 * @var Capabilities
	 */
	private $capabilities;

	/**
	 * Takes its collaborators.
	 *
	 * @param Health_Runner $runner       Runner.
	 * @param Capabilities  $capabilities Capability policy.
	 */
	public function __construct( Health_Runner $runner, Capabilities $capabilities ) {
		$this->runner       = $runner;
		$this->capabilities = $capabilities;
	}

	/**
	 * Hooks into Site Health.
	 *
	 * @return void
	 */
	public function register(): void {
		add_filter( 'site_status_tests', array( $this, 'add_tests' ) );
		add_filter( 'debug_information', array( $this, 'add_information' ) );
	}

	/**
	 * Adds the tests.
	 *
	 * @param mixed $tests Site Health tests: direct and async lists (whatever an earlier filter returned).
	 * @return mixed
	 */
	public function add_tests( $tests ) {
		// Site Health is open to anyone with view_site_health_checks; Triage's checks only to its viewers.
		if ( ! is_array( $tests ) || ! $this->capabilities->can( Capabilities::VIEW ) ) {
			return $tests;
		}
		foreach ( $this->runner->checks() as $id => $check ) {
			$label = $this->label( $id );
			$run   = function () use ( $id ) {
				return self::to_site_health( $this->runner->run( array( $id ) )[0] );
			};
			if ( $check->is_slow() ) {
				$tests['async'][ 'triage_' . $id ] = array(
					'label'             => $label,
					// add_query_arg keeps the URL valid with plain permalinks (?rest_route=…) too.
					'test'              => add_query_arg( 'check', rawurlencode( $id ), rest_url( 'triage/v1/health/site-status' ) ),
					'has_rest'          => true,
					'async_direct_test' => $run,
				);
			} else {
				$tests['direct'][ 'triage_' . $id ] = array(
					'label' => $label,
					'test'  => $run,
				);
			}
		}
		return $tests;
	}

	/**
	 * Adds a Triage section with every fast check's evidence to Site Health → Info.
	 *
	 * @param mixed $info Sections (whatever an earlier filter returned).
	 * @return mixed
	 */
	public function add_information( $info ) {
		if ( ! is_array( $info ) || ! $this->capabilities->can( Capabilities::VIEW ) ) {
			return $info;
		}
		$fields = array();
		foreach ( $this->runner->run( array(), Health_Runner::SPEED_FAST ) as $result ) {
			$data = $result->to_array();
			foreach ( $data['evidence'] as $index => $item ) {
				$fields[ $data['id'] . '_' . $index ] = array(
					'label'   => $item['label'],
					'value'   => $item['value'],
					// Core leaves private fields out of the text copied into support requests.
					'private' => self::is_private( $item['label'], $item['value'] ),
				);
			}
			$verdict                           = $data['status'] . ': ' . $data['title'];
			$fields[ $data['id'] . '_status' ] = array(
				/* translators: %s: check id. */
				'label'   => sprintf( __( 'Triage verdict (%s)', 'triage' ), $data['id'] ),
				'value'   => $verdict,
				'debug'   => $data['status'],
				// A title can name what the evidence names (the log's URL, a database host): the same test.
				'private' => self::is_private( $data['id'], $verdict ),
			);
		}
		$info['triage'] = array(
			'label'       => __( 'Triage (5xx diagnostics)', 'triage' ),
			'description' => __( 'What Triage measured about the request path: PHP and PHP-FPM, time limits, the server\'s resources, the database and wp-cron.', 'triage' ),
			'fields'      => $fields,
		);
		return $info;
	}

	/**
	 * Whether an evidence item names an address, a request header, a file path or a URL: the admin's
	 * IP and proxy headers, where the private log lives, server file names.
	 *
	 * @param string $label Evidence label.
	 * @param string $value Evidence value.
	 * @return bool
	 */
	public static function is_private( string $label, string $value ): bool {
		if ( 'REMOTE_ADDR' === $label || preg_match( '/(^X-|-IP$|^Forwarded$|^CF-|^True-Client|^Fastly)/i', $label ) ) {
			return true;
		}
		$words = preg_split( '/[\s,;()\[\]]+/', $value );
		foreach ( false === $words ? array() : $words as $word ) {
			if ( '' === $word ) {
				continue;
			}
			if ( false !== strpos( $word, '://' ) || self::names_an_address_or_path( $word ) ) {
				return true;
			}
			// A database error quotes 'host:port', a setting reads name=/path, a sentence ends in "address.".
			$inner = (string) preg_replace( '/^[\'"`<‘“]+|[\'"`>’”.,:]+$/u', '', $word );
			$equal = strrpos( $inner, '=' );
			$inner = false === $equal ? $inner : (string) preg_replace( '/^[\'"`<‘“]+/u', '', substr( $inner, $equal + 1 ) );
			$inner = (string) preg_replace( '/^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/', '$1', $inner );
			if ( '' !== $inner && self::names_an_address_or_path( $inner ) ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether one word is an IP address or an absolute path (Unix, Windows drive or UNC).
	 *
	 * @param string $word Non-empty word.
	 * @return bool
	 */
	private static function names_an_address_or_path( string $word ): bool {
		return false !== filter_var( $word, FILTER_VALIDATE_IP ) || ( '/' === $word[0] && strlen( $word ) > 1 ) || preg_match( '#^[A-Za-z]:[\\\\/]#', $word ) || preg_match( '#^\\\\#', $word );
	}

	/**
	 * A check result in Site Health's test format.
	 *
	 * @param Check_Result $result Result.
	 * @return array<string, mixed>
	 */
	public static function to_site_health( Check_Result $result ): array {
		$data     = $result->to_array();
		$statuses = array(
			Check_Result::GOOD     => 'good',
			Check_Result::WARNING  => 'recommended',
			Check_Result::CRITICAL => 'critical',
			Check_Result::UNKNOWN  => 'recommended',
		);
		$colors   = array(
			'good'        => 'blue',
			'recommended' => 'orange',
			'critical'    => 'red',
		);
		$status   = $statuses[ $data['status'] ];
		$items    = '';
		foreach ( $data['evidence'] as $item ) {
			$items .= '<li><strong>' . esc_html( $item['label'] ) . ':</strong> ' . esc_html( $item['value'] ) . '</li>';
		}
		$description  = '' !== $data['reason'] ? '<p>' . esc_html( $data['reason'] ) . '</p>' : '';
		$description .= '' !== $data['why'] ? '<p>' . esc_html( $data['why'] ) . '</p>' : '';
		$description .= '' !== $items ? '<ul>' . $items . '</ul>' : '';
		$description .= '' !== $data['fix'] ? '<p><strong>' . esc_html__( 'Fix:', 'triage' ) . '</strong> ' . esc_html( $data['fix'] ) . '</p>' : '';
		return array(
			'label'       => $data['title'],
			'status'      => $status,
			'badge'       => array(
				/* translators: %s: layer name. */
				'label' => sprintf( __( 'Triage: %s', 'triage' ), self::layer_label( $data['layer'] ) ),
				'color' => $colors[ $status ],
			),
			'description' => $description,
			'actions'     => sprintf(
				'<p><a href="%s">%s</a></p>',
				esc_url( admin_url( 'tools.php?page=triage#/overview?check=' . rawurlencode( $data['id'] ) ) ),
				esc_html__( 'Open in Triage', 'triage' )
			),
			'test'        => 'triage_' . $data['id'],
		);
	}

	/**
	 * A layer's name for people.
	 *
	 * @param string $layer Layer id.
	 * @return string
	 */
	public static function layer_label( string $layer ): string {
		$labels = array(
			'cdn'       => __( 'CDN / proxy', 'triage' ),
			'web'       => __( 'Web server', 'triage' ),
			'php'       => __( 'PHP / PHP-FPM', 'triage' ),
			'wordpress' => __( 'WordPress', 'triage' ),
			'database'  => __( 'Database', 'triage' ),
			'server'    => __( 'Server resources', 'triage' ),
		);
		return isset( $labels[ $layer ] ) ? $labels[ $layer ] : $layer;
	}

	/**
	 * A Site Health test label for a check id.
	 *
	 * @param string $id Check id.
	 * @return string
	 */
	private function label( string $id ): string {
		/* translators: %s: check id. */
		return sprintf( __( 'Triage check: %s', 'triage' ), str_replace( '_', ' ', $id ) );
	}
}
