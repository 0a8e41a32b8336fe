<?php
/**
 * Whether PHP can read a discovered log, and the exact change that lets it.
 *
 * @package Triage
 */

namespace Triage\Incidents\Stack;

defined( 'ABSPATH' ) || exit;

/**
 * Describes one log file for the running stack: readable or not, owner, group, mode, and when PHP cannot
 * read it one sentence naming the file, its owner and mode and the change that opens it to the user PHP
 * runs as (group membership needs a PHP-FPM restart to reach the workers, so the sentence says so). A file
 * that does not exist (nothing logged yet) is unreadable with no fix, unless its folder hides it.
 */
final class Log_Access {

	/**
	 * File access.
	 *
	 * @var Stack_Files
	 */
	private $files;

	/**
	 * The user PHP runs as.
	 *
	 * @var string
	 */
	private $php_user;

	/**
	 * Takes file access and the PHP user.
	 *
	 * @param Stack_Files $files    Files.
	 * @param string      $php_user User PHP runs as.
	 */
	public function __construct( Stack_Files $files, string $php_user ) {
		$this->files    = $files;
		$this->php_user = $php_user;
	}

	/**
	 * The user PHP runs as, from the process's effective uid.
	 *
	 * @return string
	 */
	public static function current_user(): string {
		if ( function_exists( 'posix_geteuid' ) && function_exists( 'posix_getpwuid' ) ) {
			$user = Stack_Files::quietly( static fn() => posix_getpwuid( posix_geteuid() ) );
			if ( is_array( $user ) ) {
				return (string) $user['name'];
			}
		}
		$name = function_exists( 'get_current_user' ) ? (string) get_current_user() : '';
		return '' !== $name ? $name : 'www-data';
	}

	/**
	 * The PHP user.
	 *
	 * @return string
	 */
	public function php_user(): string {
		return $this->php_user;
	}

	/**
	 * One log entry of Running_Stack.
	 *
	 * @param string      $role     web-error, web-access, fpm, fpm-slow, php, database.
	 * @param string      $software nginx, apache, php-fpm, php, mariadb.
	 * @param string      $path     Absolute path.
	 * @param string      $from     Where the path came from, in words.
	 * @param string|null $pool     Pool, for pool logs.
	 * @return array{role: string, software: string, path: string, from: string, readable: bool, owner: string, group: string, mode: string, fix: ?string, pool: ?string}
	 */
	public function describe( string $role, string $software, string $path, string $from, ?string $pool = null ): array {
		$stat     = $this->files->stat( $path );
		$readable = null !== $stat && $this->files->is_file( $path ) && $this->files->readable( $path );
		return array(
			'role'     => $role,
			'software' => $software,
			'path'     => $path,
			'from'     => $from,
			'readable' => $readable,
			'owner'    => null === $stat ? '' : $stat['owner'],
			'group'    => null === $stat ? '' : $stat['group'],
			'mode'     => null === $stat ? '' : $stat['mode'],
			'fix'      => $readable ? null : $this->fix( $role, $path, $stat ),
			'pool'     => $pool,
		);
	}

	/**
	 * What to change so PHP can read the file.
	 *
	 * @param string                                                 $role Role.
	 * @param string                                                 $path Path.
	 * @param array{owner: string, group: string, mode: string}|null $stat Owner, group and mode, null when not visible.
	 * @return string|null Null when the file is simply not there.
	 */
	private function fix( string $role, string $path, ?array $stat ): ?string {
		$name = basename( $path );
		$user = $this->php_user;
		if ( null === $stat ) {
			$folder = dirname( $path );
			$dir    = $this->files->stat( $folder );
			if ( null !== $dir && ! $this->files->readable( $folder ) ) {
				return sprintf(
					/* translators: 1: folder, 2: owner, 3: group, 4: mode, 5: PHP user, 6: file name. */
					__( '%1$s is %2$s:%3$s %4$s, so %5$s cannot look inside it for %6$s; give the folder o+x (or group %3$s with g+rx and add %5$s to %3$s, then restart PHP-FPM).', 'triage' ),
					$folder,
					$dir['owner'],
					$dir['group'],
					$dir['mode'],
					$user,
					$name
				);
			}
			// Not there (nothing logged yet): nothing to open, nothing to fix.
			return null;
		}
		if ( ! $this->files->is_file( $path ) ) {
			/* translators: %s: file path. */
			return sprintf( __( '%s is not a regular file (a pipe or a device), so it cannot be read as a log.', 'triage' ), $path );
		}
		$group_reads = (bool) ( octdec( $stat['mode'] ) & 040 );
		// A group that already reads the file and is not root's own: joining it is the smallest change.
		if ( $group_reads && ! in_array( $stat['group'], array( 'root', $stat['owner'] ), true ) ) {
			$sentence = sprintf(
				/* translators: 1: file name, 2: owner, 3: group, 4: mode, 5: PHP user. */
				__( '%1$s is %2$s:%3$s %4$s; add %5$s to the %3$s group and restart PHP-FPM so its workers join it', 'triage' ),
				$name,
				$stat['owner'],
				$stat['group'],
				$stat['mode'],
				$user
			);
		} else {
			$sentence = sprintf(
				/* translators: 1: file name, 2: owner, 3: group, 4: mode, 5: PHP user. */
				__( '%1$s is %2$s:%3$s %4$s; make it 0640 %2$s:adm and add %5$s to adm (then restart PHP-FPM so its workers join the group)', 'triage' ),
				$name,
				$stat['owner'],
				$stat['group'],
				$stat['mode'],
				$user
			);
		}//end if
		$alternatives = array(
			'fpm'      => __( ', or set the pool\'s error_log to a file PHP can read (php_admin_value[error_log] for PHP\'s messages; PHP-FPM\'s own lines stay in this file)', 'triage' ),
			'fpm-slow' => __( ', or point the pool\'s slowlog to a file PHP can read', 'triage' ),
			'database' => __( ', or set log_error in the [mariadb] section of a my.cnf file to a file PHP can read', 'triage' ),
		);
		$sentence    .= isset( $alternatives[ $role ] ) ? $alternatives[ $role ] : '';
		return $sentence . __( '. Keep the same owner and mode in its logrotate rule, or the next rotation undoes it.', 'triage' );
	}
}
