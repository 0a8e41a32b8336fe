<?php
/**
 * Installs the safe mode must-use loader.
 *
 * @package Triage
 */

namespace Triage\Safe_Mode;

use Triage\Files\Atomic_Writer;
use Triage\Files\File_Mods;
use Triage\Incidents\Recorder\Recorder_Settings;
use WP_Error;

defined( 'ABSPATH' ) || exit;

/**
 * Copies mu-plugin/triage-loader.php into the must-use plugins folder (with Triage's real basename written
 * in), atomically and verified, on activation and whenever the loader's Version header changes; removes it
 * on deactivation and uninstall. When the folder is not writable it says exactly what to copy where.
 */
final class Loader_Installer {

	public const FILE = 'triage-loader.php';

	/**
	 * Option remembering the installed version, so admin requests compare a string, not a file.
	 */
	public const VERSION_OPTION = 'triage_safe_mode_loader_version';

	/**
	 * Atomic writer.
	 *
	 * @var Atomic_Writer
	 */
	private $writer;

	/**
	 * Must-use plugins folder.
	 *
	 * @var string
	 */
	private $mu_dir;

	/**
	 * Loader source file.
	 *
	 * @var string
	 */
	private $source;

	/**
	 * Triage's basename (folder/plugin.php).
	 *
	 * @var string
	 */
	private $basename;

	/**
	 * Takes where to install what.
	 *
	 * @param Atomic_Writer $writer   Writer.
	 * @param string        $mu_dir   Must-use plugins folder.
	 * @param string        $source   Loader source.
	 * @param string        $basename Triage's basename.
	 */
	public function __construct( Atomic_Writer $writer, string $mu_dir, string $source, string $basename ) {
		$this->writer   = $writer;
		$this->mu_dir   = untrailingslashit( $mu_dir );
		$this->source   = $source;
		$this->basename = $basename;
	}

	/**
	 * The installer for this WordPress.
	 *
	 * @return Loader_Installer
	 */
	public static function for_this_site(): Loader_Installer {
		return new self( new Atomic_Writer(), WPMU_PLUGIN_DIR, TRIAGE_DIR . '/mu-plugin/' . self::FILE, plugin_basename( TRIAGE_FILE ) );
	}

	/**
	 * Activation hook (WordPress passes whether the activation is network-wide, which changes nothing here).
	 *
	 * @param bool $network_wide Network activation.
	 * @return void
	 */
	public static function activate( $network_wide = false ): void {
		unset( $network_wide );
		self::for_this_site()->on_activation();
	}

	/**
	 * Deactivation hook (WordPress passes whether the deactivation is network-wide).
	 *
	 * @param bool $network_wide Network deactivation.
	 * @return void
	 */
	public static function deactivate( $network_wide = false ): void {
		self::for_this_site()->on_deactivation( (bool) $network_wide );
	}

	/**
	 * Creates the signing secret, then installs the loader, quietly (the Safe mode tab reports a
	 * failure). Installing is the same file whoever activates, so a site activation may do it too.
	 *
	 * @return void
	 */
	public function on_activation(): void {
		// The secret every safe mode signature derives from exists before the first session or link.
		Safe_Mode_Sessions::load_codec();
		\Triage_Safe_Mode_Loader::ensure_secret();
		$this->install();
	}

	/**
	 * The loader goes with the plugin. On a network it serves every site (and a super admin's rescue
	 * link), so only a network deactivation removes it; a site administrator deactivating Triage on one
	 * site leaves it, inert there (the loader checks that Triage is active).
	 *
	 * @param bool $network_wide Network deactivation.
	 * @return void
	 */
	public function on_deactivation( bool $network_wide ): void {
		if ( is_multisite() && ! $network_wide ) {
			return;
		}
		$this->remove();
	}

	/**
	 * Hooks the version check on admin requests.
	 *
	 * @return void
	 */
	public function register(): void {
		add_action( 'admin_init', array( $this, 'maybe_update' ) );
	}

	/**
	 * Installs or updates the loader when the version recorded differs from the source's.
	 *
	 * @return void
	 */
	public function maybe_update(): void {
		if ( get_site_option( self::VERSION_OPTION ) !== $this->source_version() ) {
			$this->install();
		}
	}

	/**
	 * Installed file path.
	 *
	 * @return string
	 */
	public function target(): string {
		return $this->mu_dir . '/' . self::FILE;
	}

	/**
	 * The Version header of the source.
	 *
	 * @return string
	 */
	public function source_version(): string {
		return $this->version_of( $this->source );
	}

	/**
	 * The Version header of the installed loader, '' when absent.
	 *
	 * @return string
	 */
	public function installed_version(): string {
		return is_file( $this->target() ) ? $this->version_of( $this->target() ) : '';
	}

	/**
	 * The contents to install: the source with Triage's real basename.
	 *
	 * @return string|WP_Error
	 */
	public function contents() {
		$source = is_readable( $this->source ) ? file_get_contents( $this->source ) : false; // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a local file.
		if ( false === $source ) {
			return new WP_Error( 'triage_loader_source_missing', __( 'The safe mode loader is missing from the Triage plugin folder. Reinstall Triage.', 'triage' ), array( 'status' => 500 ) );
		}
		$source = str_replace( "const PLUGIN_BASENAME = 'triage/plugin.php';", 'const PLUGIN_BASENAME = ' . var_export( $this->basename, true ) . ';', $source ); // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_var_export -- writes a PHP string literal.
		// The flight recorder's switch lives in the installed copy: every rewrite (an update too) keeps it.
		return Recorder_Settings::apply_to_loader( $source, ( new Recorder_Settings() )->get() );
	}

	/**
	 * Installation state for the UI.
	 *
	 * @return array{installed: bool, current: bool, path: string, writable: bool, manual: string}
	 */
	public function status(): array {
		$installed = $this->installed_version();
		// Writable means Triage may write there: a site that forbids installing code says no as well.
		$writable = File_Mods::allowed( File_Mods::LOADER ) && ( is_dir( $this->mu_dir ) ? wp_is_writable( $this->mu_dir ) : wp_is_writable( dirname( $this->mu_dir ) ) );
		return array(
			'installed' => '' !== $installed,
			'current'   => $installed === $this->source_version(),
			'path'      => $this->target(),
			'writable'  => $writable,
			'manual'    => $this->manual(),
		);
	}

	/**
	 * What to copy where, for a person with file access.
	 *
	 * @return string
	 */
	public function manual(): string {
		$message = sprintf(
			/* translators: 1: source file, 2: must-use plugins folder. */
			__( 'Copy %1$s to %2$s (create the folder if it does not exist).', 'triage' ),
			$this->source,
			$this->target()
		);
		if ( 'triage/plugin.php' !== $this->basename ) {
			$message .= ' ' . sprintf(
				/* translators: %s: the plugin's basename. */
				__( 'Then edit the PLUGIN_BASENAME line in the copy to read %s.', 'triage' ),
				"'" . $this->basename . "'"
			);
		}
		return $message;
	}

	/**
	 * Writes the loader atomically and verifies it; refused (409) where the site forbids installing code.
	 *
	 * @return array{path: string, version: string}|WP_Error
	 */
	public function install() {
		$refused = File_Mods::refusal( File_Mods::LOADER, $this->manual() );
		if ( null !== $refused ) {
			return $refused;
		}
		$contents = $this->contents();
		if ( is_wp_error( $contents ) ) {
			return $contents;
		}
		if ( ! is_dir( $this->mu_dir ) && ( ! wp_is_writable( dirname( $this->mu_dir ) ) || ! wp_mkdir_p( $this->mu_dir ) ) ) {
			return $this->not_writable();
		}
		if ( ! wp_is_writable( $this->mu_dir ) ) {
			return $this->not_writable();
		}
		$written = $this->writer->write(
			$this->target(),
			$contents,
			null,
			static function ( $bytes ) {
				return false !== strpos( $bytes, 'final class Triage_Safe_Mode_Loader' ) ? true : 'not the loader';
			}
		);
		if ( is_wp_error( $written ) ) {
			$written->add_data(
				array(
					'status' => 500,
					'manual' => $this->manual(),
				)
			);
			return $written;
		}
		$version = $this->source_version();
		update_site_option( self::VERSION_OPTION, $version );
		return array(
			'path'    => $this->target(),
			'version' => $version,
		);
	}

	/**
	 * Removes the loader, if it is ours.
	 *
	 * @return bool Whether no loader remains.
	 */
	public function remove(): bool {
		delete_site_option( self::VERSION_OPTION );
		$target = $this->target();
		if ( ! is_file( $target ) ) {
			return true;
		}
		$head = (string) file_get_contents( $target, false, null, 0, 8192 ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a local file.
		if ( false === strpos( $head, 'Triage_Safe_Mode_Loader' ) ) {
			// Someone else's file with our name: leave it.
			return false;
		}
		wp_delete_file( $target );
		return ! file_exists( $target );
	}

	/**
	 * The error for an unwritable folder.
	 *
	 * @return WP_Error
	 */
	private function not_writable(): WP_Error {
		return new WP_Error(
			'triage_loader_not_writable',
			__( 'The must-use plugins folder is not writable, so safe mode cannot be installed automatically.', 'triage' ) . ' ' . $this->manual(),
			array(
				'status' => 409,
				'manual' => $this->manual(),
			)
		);
	}

	/**
	 * A file's Version header.
	 *
	 * @param string $file File.
	 * @return string
	 */
	private function version_of( string $file ): string {
		if ( ! is_readable( $file ) ) {
			return '';
		}
		$data = get_file_data( $file, array( 'version' => 'Version' ) );
		return (string) $data['version'];
	}
}
