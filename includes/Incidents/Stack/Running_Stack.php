<?php
/**
 * The web server, PHP-FPM pool, database log and log files that serve this site, as discovered.
 *
 * @package Triage
 */

namespace Triage\Incidents\Stack;

defined( 'ABSPATH' ) || exit;

/**
 * An immutable answer of Stack_Discovery. to_array() is the shape in the incidents contract; the accessors
 * spare callers from digging in it.
 */
final class Running_Stack {

	/**
	 * The discovered stack.
	 *
	 * @var array{found_from: string, web: array<string, mixed>, fpm: array<string, mixed>, database: array{log_error: ?string, from: string}, logs: array<int, array<string, mixed>>, notes: string[]}
	 */
	private $data;

	/**
	 * Takes the discovered values.
	 *
	 * @param array{found_from: string, web: array<string, mixed>, fpm: array<string, mixed>, database: array{log_error: ?string, from: string}, logs: array<int, array<string, mixed>>, notes: string[]} $data Values.
	 */
	public function __construct( array $data ) {
		$this->data = $data;
	}

	/**
	 * The contract's shape: found_from, web, fpm, database, logs, notes.
	 *
	 * @return array{found_from: string, web: array<string, mixed>, fpm: array<string, mixed>, database: array{log_error: ?string, from: string}, logs: array<int, array<string, mixed>>, notes: string[]}
	 */
	public function to_array(): array {
		return $this->data;
	}

	/**
	 * 'proc' when a running master was seen, 'fallback' when only the usual paths were tried.
	 *
	 * @return string
	 */
	public function found_from(): string {
		return $this->data['found_from'];
	}

	/**
	 * The web server: software, pid, config, from, files, server_block.
	 *
	 * @return array<string, mixed>
	 */
	public function web(): array {
		return $this->data['web'];
	}

	/**
	 * The server block (or virtual host) that serves this site, or null.
	 *
	 * @return array<string, mixed>|null
	 */
	public function server_block(): ?array {
		return isset( $this->data['web']['server_block'] ) && is_array( $this->data['web']['server_block'] ) ? $this->data['web']['server_block'] : null;
	}

	/**
	 * PHP-FPM: pid, config, from, files, pool, pools.
	 *
	 * @return array<string, mixed>
	 */
	public function fpm(): array {
		return $this->data['fpm'];
	}

	/**
	 * The pool serving this site, or null.
	 *
	 * @return array<string, mixed>|null
	 */
	public function pool(): ?array {
		return isset( $this->data['fpm']['pool'] ) && is_array( $this->data['fpm']['pool'] ) ? $this->data['fpm']['pool'] : null;
	}

	/**
	 * Every log found, readable or not.
	 *
	 * @return array<int, array<string, mixed>>
	 */
	public function logs(): array {
		return $this->data['logs'];
	}

	/**
	 * What could not be seen and why.
	 *
	 * @return string[]
	 */
	public function notes(): array {
		return $this->data['notes'];
	}
}
