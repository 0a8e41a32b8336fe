<?php
/**
 * Removes a .maintenance file an interrupted update left behind.
 *
 * @package Triage
 */

namespace Triage\Maintenance;

use Triage\Files\File_Mods;
use WP_Error;

defined( 'ABSPATH' ) || exit;

/**
 * A fresh file may belong to an update that is running right now, and so may a held update lock:
 * removing the file then lets visitors into a half-replaced site. Each case needs its own explicit flag.
 *
 * The file is first renamed (atomic: WordPress sees it or not, never half of it), then checked again
 * (an update could have rewritten it in between: it is put back), then deleted. Plain PHP file functions
 * with checks, not WP_Filesystem: that one may need FTP credentials, and this must work from WP-CLI while
 * every page answers 503.
 */
final class Maintenance_Clearer {

	/**
	 * The state.
	 *
	 * @var Maintenance_State
	 */
	private $state;

	/**
	 * Takes the state.
	 *
	 * @param Maintenance_State $state State.
	 */
	public function __construct( Maintenance_State $state ) {
		$this->state = $state;
	}

	/**
	 * Removes the file.
	 *
	 * @param bool $force_fresh Remove it even while WordPress honours it (an update may be running).
	 * @param bool $force_lock  Remove it even while an update lock is held.
	 * @return array{cleared: bool, path: string, previous: array<string, mixed>, forced_fresh: bool, forced_lock: bool}|WP_Error
	 */
	public function clear( bool $force_fresh = false, bool $force_lock = false ) {
		$file = $this->state->file();
		$path = $file['path'];
		if ( ! $file['exists'] ) {
			return new WP_Error( 'triage_maintenance_absent', __( 'There is no .maintenance file to remove.', 'triage' ), array( 'status' => 404 ) );
		}
		$refused = File_Mods::refusal( File_Mods::MAINTENANCE, 'rm ' . escapeshellarg( $path ) );
		if ( null !== $refused ) {
			return $refused;
		}
		if ( is_link( $path ) || ! is_file( $path ) ) {
			return new WP_Error( 'triage_maintenance_not_a_file', __( '.maintenance is not a regular file (a link or a folder): remove it by hand after checking what it is.', 'triage' ), array( 'status' => 409 ) );
		}
		if ( $file['fresh'] && ! $force_fresh ) {
			return new WP_Error(
				'triage_maintenance_fresh',
				'always' === $file['format']
					? __( 'The .maintenance file keeps the site in maintenance for as long as it exists (it sets $upgrading to the current time): a maintenance plugin or a person put it there on purpose. Confirm to remove it anyway.', 'triage' )
					: sprintf(
						/* translators: %d: seconds. */
						__( 'The .maintenance file is %d seconds old: an update may still be running. WordPress stops honouring it after 10 minutes; confirm to remove it now anyway.', 'triage' ),
						max( 0, (int) $file['age'] )
					),
				array(
					'status' => 409,
					'file'   => $file,
				)
			);
		}
		$held = array_values(
			array_filter(
				$this->state->locks(),
				static function ( $lock ) {
					return $lock['held'];
				}
			)
		);
		if ( $held && ! $force_lock ) {
			return new WP_Error(
				'triage_maintenance_update_running',
				sprintf(
					/* translators: %s: lock option name. */
					__( 'An update holds %s: it may be replacing files right now. Confirm to remove .maintenance anyway.', 'triage' ),
					$held[0]['name']
				),
				array(
					'status' => 409,
					'locks'  => $held,
				)
			);
		}
		$moved = $this->move_aside( $path );
		if ( is_wp_error( $moved ) ) {
			return $moved;
		}
		$again       = Maintenance_File::read( $moved );
		$fresh_again = 'always' === $again['format'] || ( 'timestamp' === $again['format'] && $this->state->now() - (int) $again['upgrading'] < Maintenance_State::HONOURED_FOR );
		if ( ! $force_fresh && $fresh_again ) {
			// An update started between the check and the rename: give the file back.
			rename( $moved, $path ); // phpcs:ignore WordPress.WP.AlternativeFunctions.rename_rename -- see the class comment.
			return new WP_Error( 'triage_maintenance_fresh', __( 'An update has just started and rewrote .maintenance: it was left in place.', 'triage' ), array( 'status' => 409 ) );
		}
		wp_delete_file( $moved );
		clearstatcache( true, $moved );
		if ( file_exists( $moved ) ) {
			return new WP_Error(
				'triage_maintenance_delete_failed',
				/* translators: %s: file path. */
				sprintf( __( 'WordPress no longer sees the maintenance file, but PHP could not delete the renamed copy %s. Delete it by hand.', 'triage' ), $moved ),
				array( 'status' => 500 )
			);
		}
		return array(
			'cleared'      => true,
			'path'         => $path,
			'previous'     => $file,
			'forced_fresh' => $force_fresh && $file['fresh'],
			'forced_lock'  => $force_lock && (bool) $held,
		);
	}

	/**
	 * Renames the file next to itself.
	 *
	 * @param string $path Path.
	 * @return string|WP_Error The new path.
	 */
	private function move_aside( string $path ) {
		$moved = $path . '.triage-' . bin2hex( random_bytes( 4 ) );
		set_error_handler( // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_set_error_handler -- turns rename()'s warning into the answer.
			static function ( $level, $message ) use ( &$reason ) {
				$reason = $message;
				return true;
			}
		);
		$reason = '';
		try {
			$done = rename( $path, $moved ); // phpcs:ignore WordPress.WP.AlternativeFunctions.rename_rename -- see the class comment.
		} finally {
			restore_error_handler();
		}
		if ( ! $done ) {
			return new WP_Error(
				'triage_maintenance_rename_failed',
				/* translators: 1: file path, 2: PHP's reason. */
				sprintf( __( 'PHP could not remove %1$s (%2$s): the web server user may not own the WordPress folder. Delete the file over SFTP or from a shell.', 'triage' ), $path, $reason ),
				array( 'status' => 500 )
			);
		}
		return $moved;
	}
}
