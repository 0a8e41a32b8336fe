<?php
/**
 * Whether the site lets its administrators change files, asked the way core asks.
 *
 * @package Triage
 */

namespace Triage\Files;

use WP_Error;

defined( 'ABSPATH' ) || exit;

/**
 * A site hardened with DISALLOW_FILE_MODS (no code installed or updated from the admin) or
 * DISALLOW_FILE_EDIT (no file editor) has decided that administrators do not change its files from the
 * browser. Triage follows that decision for each write it makes, with the core context that matches it:
 *
 * - CONFIG (wp-config.php) and LOGS (archiving a log renames and deletes files): editing the server's
 *   existing files, like the theme and plugin file editors. Core removes edit_files for both constants
 *   (map_meta_cap asks wp_is_file_mod_allowed( 'capability_edit_themes' ) and DISALLOW_FILE_EDIT), and so
 *   does Triage.
 * - LOADER (installing the must-use loader): installing code, like install_plugins. Core removes that for
 *   DISALLOW_FILE_MODS only (context 'capability_update_core'); DISALLOW_FILE_EDIT leaves installs alone.
 *
 * A refusal is 409: the user is allowed to ask, the site's configuration conflicts with the change (as a
 * read-only wp-config.php does), and what to do by hand goes with it in `manual`.
 */
final class File_Mods {

	public const CONFIG = 'config';
	public const LOGS   = 'logs';
	public const LOADER = 'loader';

	/** Removing a .maintenance file left behind by an update. */
	public const MAINTENANCE = 'maintenance';

	/** Core's wp_is_file_mod_allowed() context for each write. */
	private const CONTEXTS = array(
		self::CONFIG      => 'capability_edit_themes',
		self::LOGS        => 'capability_edit_themes',
		self::LOADER      => 'capability_update_core',
		self::MAINTENANCE => 'capability_update_core',
	);

	/**
	 * Whether the site allows a write.
	 *
	 * @param string $write One of the class constants.
	 * @return bool
	 */
	public static function allowed( string $write ): bool {
		return null === self::disallowed_by( $write );
	}

	/**
	 * The refusal of a write on a hardened site, or null when the write is allowed.
	 *
	 * @param string $write  One of the class constants.
	 * @param string $manual What a person with file access can do instead (lines to add, a file to copy).
	 * @return WP_Error|null
	 */
	public static function refusal( string $write, string $manual ): ?WP_Error {
		$constant = self::disallowed_by( $write );
		if ( null === $constant ) {
			return null;
		}
		list( $message, $lead ) = self::words( $write );
		// The lines themselves travel in `manual`, which the admin app shows as a block to copy.
		$message = sprintf( $message, $constant ) . ( '' === $manual ? '' : ' ' . $lead );
		return new WP_Error(
			'triage_file_mods_disallowed',
			$message,
			array(
				'status'   => 409,
				'manual'   => $manual,
				'constant' => $constant,
			)
		);
	}

	/**
	 * What a refusal says for one kind of write, and the lead-in to the lines to run by hand.
	 *
	 * @param string $write One of the class constants.
	 * @return array{0: string, 1: string}
	 */
	private static function words( string $write ): array {
		if ( self::CONFIG === $write ) {
			return array(
				/* translators: %s: DISALLOW_FILE_MODS or DISALLOW_FILE_EDIT. */
				__( 'This site does not let administrators change its files (%s is set), so Triage leaves wp-config.php as it is.', 'triage' ),
				__( 'To make the change, edit wp-config.php by hand:', 'triage' ),
			);
		}
		if ( self::LOGS === $write ) {
			return array(
				/* translators: %s: DISALLOW_FILE_MODS or DISALLOW_FILE_EDIT. */
				__( 'This site does not let administrators change its files (%s is set), so Triage does not archive or clear the log. Nothing was changed.', 'triage' ),
				__( 'To clear it by hand on the server:', 'triage' ),
			);
		}
		if ( self::MAINTENANCE === $write ) {
			return array(
				/* translators: %s: DISALLOW_FILE_MODS or DISALLOW_FILE_EDIT. */
				__( 'This site does not let administrators change its files (%s is set), so Triage leaves the .maintenance file in place. Nothing was changed.', 'triage' ),
				__( 'To remove it by hand on the server:', 'triage' ),
			);
		}
		return array(
			/* translators: %s: DISALLOW_FILE_MODS. */
			__( 'This site does not let administrators install code (%s is set), so Triage does not install its safe mode loader.', 'triage' ),
			__( 'Install it by hand:', 'triage' ),
		);
	}

	/**
	 * The constant that forbids a write (DISALLOW_FILE_MODS also stands for core's file_mod_allowed
	 * filter saying no), or null when the site allows it.
	 *
	 * @param string $write One of the class constants.
	 * @return string|null
	 */
	public static function disallowed_by( string $write ): ?string {
		$context = isset( self::CONTEXTS[ $write ] ) ? self::CONTEXTS[ $write ] : self::CONTEXTS[ self::CONFIG ];
		if ( ! wp_is_file_mod_allowed( $context ) ) {
			return 'DISALLOW_FILE_MODS';
		}
		if ( self::LOADER !== $write && defined( 'DISALLOW_FILE_EDIT' ) && constant( 'DISALLOW_FILE_EDIT' ) ) {
			return 'DISALLOW_FILE_EDIT';
		}
		return null;
	}
}
