<?php
/**
 * The running stack's logs as log sources: the readable ones to read, the hidden ones to explain.
 *
 * @package Triage
 */

namespace Triage\Incidents\Stack;

use Triage\Logs\Log_Entry_Parser;
use Triage\Logs\Log_Sources;

defined( 'ABSPATH' ) || exit;

/**
 * Turns Running_Stack::logs() into Log_Sources entries: ids discovered-<role>-<hash8> (stable, no path in
 * URLs), a label naming the server and the file, the kind and line layout the Logs tab reads them with.
 */
final class Discovered_Logs {

	/**
	 * The running stack.
	 *
	 * @var Running_Stack
	 */
	private $stack;

	/**
	 * Takes the stack.
	 *
	 * @param Running_Stack $stack Stack.
	 */
	public function __construct( Running_Stack $stack ) {
		$this->stack = $stack;
	}

	/**
	 * The running stack's logs that PHP can read, as sources (id discovered-<role>-<hash8>, plus role and
	 * software). Their paths are trusted without the log-suffix rule: they come from the running servers'
	 * own configuration, not from a request.
	 *
	 * @return array<string, array{id: string, label: string, kind: string, layout: string, path: string, origin: string, role: string, software: string}>
	 */
	public function sources(): array {
		$sources = array();
		foreach ( $this->stack->logs() as $log ) {
			if ( empty( $log['readable'] ) || ! Stack_Files::is_absolute( (string) $log['path'] ) ) {
				continue;
			}
			$role           = (string) $log['role'];
			$software       = (string) $log['software'];
			$id             = 'discovered-' . $role . '-' . substr( md5( (string) $log['path'] ), 0, 8 );
			$kind           = 'php' === $role ? Log_Sources::KIND_PHP : Log_Sources::KIND_SERVER;
			$layout         = in_array( $software, array( 'nginx', 'apache', 'mariadb' ), true ) ? Log_Entry_Parser::LAYOUT_LINE : Log_Entry_Parser::LAYOUT_PHP;
			$sources[ $id ] = array(
				'id'       => $id,
				'label'    => self::label( $role, $software, (string) $log['path'], $log['pool'] ),
				'kind'     => $kind,
				'layout'   => $layout,
				'path'     => (string) $log['path'],
				'origin'   => 'discovered',
				'role'     => $role,
				'software' => $software,
			);
		}
		return $sources;
	}

	/**
	 * The running stack's logs that exist but PHP cannot read (or whose folder PHP may not enter): with
	 * owner, group, mode and the fix.
	 *
	 * @return array<int, array{role: string, software: string, path: string, from: string, owner: string, group: string, mode: string, fix: string, pool: ?string}>
	 */
	public function hidden(): array {
		$hidden = array();
		foreach ( $this->stack->logs() as $log ) {
			if ( ! empty( $log['readable'] ) || null === $log['fix'] ) {
				// Readable, or simply not there yet: nothing hidden.
				continue;
			}
			$hidden[] = array(
				'role'     => (string) $log['role'],
				'software' => (string) $log['software'],
				'path'     => (string) $log['path'],
				'from'     => (string) $log['from'],
				'owner'    => (string) $log['owner'],
				'group'    => (string) $log['group'],
				'mode'     => (string) $log['mode'],
				'fix'      => (string) $log['fix'],
				'pool'     => null === $log['pool'] ? null : (string) $log['pool'],
			);
		}
		return $hidden;
	}

	/**
	 * The well-known candidates (nginx, apache, php-fpm) whose server was found running: their usual paths
	 * are then not looked at.
	 *
	 * @return string[]
	 */
	public function running(): array {
		$stack = $this->stack;
		if ( 'proc' !== $stack->found_from() ) {
			return array();
		}
		$running = array();
		$web     = $stack->web();
		if ( null !== $web['pid'] && is_string( $web['software'] ) ) {
			$running[] = $web['software'];
		}
		if ( null !== $stack->fpm()['pid'] ) {
			$running[] = 'php-fpm';
		}
		return $running;
	}

	/**
	 * A discovered log's label, e.g. "nginx error log (site-error.log)".
	 *
	 * @param string      $role     Role.
	 * @param string      $software Software.
	 * @param string      $path     Path.
	 * @param string|null $pool     Pool.
	 * @return string
	 */
	private static function label( string $role, string $software, string $path, ?string $pool ): string {
		$names = array(
			'nginx'   => 'nginx',
			'apache'  => 'Apache',
			'php-fpm' => 'PHP-FPM',
			'php'     => 'PHP',
			'mariadb' => 'MariaDB',
		);
		$name  = isset( $names[ $software ] ) ? $names[ $software ] : $software;
		switch ( $role ) {
			case 'web-access':
				/* translators: 1: nginx or Apache, 2: file name. */
				return sprintf( __( '%1$s access log (%2$s)', 'triage' ), $name, basename( $path ) );
			case 'fpm-slow':
				/* translators: 1: pool name, 2: file name. */
				return sprintf( __( 'PHP-FPM slow log of pool %1$s (%2$s)', 'triage' ), (string) $pool, basename( $path ) );
			case 'php':
				/* translators: 1: pool name, 2: file name. */
				return sprintf( __( 'PHP error log of pool %1$s (%2$s)', 'triage' ), (string) $pool, basename( $path ) );
			default:
				/* translators: 1: nginx, Apache, PHP-FPM or MariaDB, 2: file name. */
				return sprintf( __( '%1$s error log (%2$s)', 'triage' ), $name, basename( $path ) );
		}
	}
}
