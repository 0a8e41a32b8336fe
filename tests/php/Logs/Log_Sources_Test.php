<?php
/**
 * Which files may be read, and archiving.
 *
 * @package Triage
 */

use Triage\Incidents\Stack\Stack_Discovery;
use Triage\Logs\Debug_Log_Location;
use Triage\Logs\Log_Archiver;
use Triage\Logs\Log_Sources;

require_once __DIR__ . '/Log_Fixtures.php';

/**
 * Sources and archives.
 */
class Log_Sources_Test extends WP_UnitTestCase {

	/**
	 * Registry.
	 *
	 * @var Log_Sources
	 */
	private $sources;

	protected function set_up() {
		// No running stack: these tests are about added and configured paths, whatever runs on this machine.
		$this->sources = new Log_Sources( new Debug_Log_Location(), self::no_stack() );
	}

	/**
	 * Discovery over an empty tree.
	 *
	 * @return Stack_Discovery
	 */
	public static function no_stack() {
		return new Stack_Discovery(
			get_temp_dir() . 'triage-no-stack-' . getmypid(),
			array(
				'fpm_status' => null,
				'database'   => null,
			)
		);
	}

	public function test_added_path_is_a_source_by_id_never_by_path() {
		$path = Log_Fixtures::write( 'app.log', Log_Fixtures::line( 'PHP Notice:  hi in /a.php on line 1' ) );
		$this->assertSame( array(), $this->sources->set_custom_paths( array( $path ) ) );
		$id  = Log_Sources::custom_id( $path );
		$all = $this->sources->all();
		$this->assertArrayHasKey( $id, $all );
		$this->assertMatchesRegularExpression( '/^custom-[0-9a-f]{10}$/', $id );
		$this->assertSame( 'php', $all[ $id ]['kind'] );
		$open = $this->sources->open( $id );
		$this->assertIsArray( $open );
		fclose( $open['handle'] );
		$this->assertInstanceOf( WP_Error::class, $this->sources->open( $path ) );
		$this->assertSame( 'triage_log_unknown_source', $this->sources->open( $path )->get_error_code() );
	}

	public function test_option_uses_the_triage_prefix() {
		$this->assertStringStartsWith( 'triage_', Log_Sources::OPTION );
	}

	public function test_invalid_paths_are_refused_when_saved() {
		$dir    = Log_Fixtures::dir();
		$passwd = Log_Fixtures::write( 'passwd', 'root:x:0:0', $dir );
		foreach ( array( 'relative.log', $dir, $dir . '/missing.log', 'php://filter/resource=/etc/passwd', $passwd ) as $path ) {
			$this->assertInstanceOf( WP_Error::class, $this->sources->set_custom_paths( array( $path ) ), $path );
		}
	}

	public function test_stored_paths_that_are_not_logs_are_ignored() {
		$secret = Log_Fixtures::write( 'passwd', 'root:x:0:0' );
		update_option( Log_Sources::OPTION, array( $secret ) );
		$this->assertSame( array(), $this->sources->custom_paths() );
		$this->assertArrayNotHasKey( Log_Sources::custom_id( $secret ), $this->sources->all() );
	}

	public function test_missing_file_is_a_clear_404() {
		$dir  = Log_Fixtures::dir();
		$path = Log_Fixtures::write( 'gone.log', 'x', $dir );
		$this->sources->set_custom_paths( array( $path ) );
		unlink( $path );
		$error = $this->sources->open( Log_Sources::custom_id( $path ) );
		$this->assertSame( 'triage_log_missing', $error->get_error_code() );
		$this->assertSame( 404, $error->get_error_data()['status'] );
		$described = $this->sources->describe( $this->sources->get( Log_Sources::custom_id( $path ) ) );
		$this->assertFalse( $described['exists'] );
		$this->assertFalse( $described['readable'] );
	}

	public function test_unreadable_path_is_refused() {
		// Tests run as root, for whom chmod 000 is still readable: a directory where a file should be is
		// the unreadable case we can make for real.
		$dir  = Log_Fixtures::dir();
		$path = Log_Fixtures::write( 'app.log', 'x', $dir );
		$this->sources->set_custom_paths( array( $path ) );
		unlink( $path );
		mkdir( $path );
		$error = $this->sources->open( Log_Sources::custom_id( $path ) );
		$this->assertSame( 'triage_log_not_file', $error->get_error_code() );
		$this->assertSame( 'The log path is not a regular file (a directory or a device?).', $error->get_error_message() );
		if ( 0 !== posix_geteuid() ) {
			$file = Log_Fixtures::write( 'locked.log', 'x', $dir );
			chmod( $file, 0 );
			$this->assertSame( 'triage_log_unreadable', $this->sources->check( $file )->get_error_code() );
		}
	}

	public function test_symlink_pointing_outside_the_allowed_list_is_refused() {
		$outside = Log_Fixtures::write( 'secret.txt', 'DB_PASSWORD=hunter2' );
		$dir     = Log_Fixtures::dir();
		$link    = $dir . '/app.log';
		symlink( $outside, $link );
		$this->assertSame( array(), $this->sources->set_custom_paths( array( $link ) ) );
		$error = $this->sources->open( Log_Sources::custom_id( $link ) );
		$this->assertInstanceOf( WP_Error::class, $error );
		$this->assertSame( 'triage_log_outside', $error->get_error_code() );
		$this->assertSame( 403, $error->get_error_data()['status'] );

		// A link to another added log is followed.
		$inside = Log_Fixtures::write( 'real.log', 'ok', $dir );
		$link2  = $dir . '/current.log';
		symlink( $inside, $link2 );
		$this->sources->set_custom_paths( array( $link, $link2, $inside ) );
		$this->assertSame( realpath( $inside ), $this->sources->check( $link2 ) );
	}

	/**
	 * @dataProvider names_that_are_not_logs
	 *
	 * @param string $name File name.
	 */
	public function test_a_name_merely_containing_log_err_or_debug_is_not_a_log( $name ) {
		$path = Log_Fixtures::write( $name, 'secret' );
		$this->assertFalse( Log_Sources::looks_like_a_log( $path ), $name );
		$this->assertInstanceOf( WP_Error::class, $this->sources->set_custom_paths( array( $path ) ), $name );
		update_option( Log_Sources::OPTION, array( $path ) );
		$this->assertSame( array(), $this->sources->custom_paths(), 'A stored path is re-checked on every read.' );
	}

	/**
	 * Files whose names contain "log", "err" or "debug" without being logs.
	 *
	 * @return array<string, array{0: string}>
	 */
	public function names_that_are_not_logs() {
		return array(
			'login.defs'         => array( 'login.defs' ),
			'myblog.sql'         => array( 'myblog.sql' ),
			'terraform.tfstate'  => array( 'terraform.tfstate' ),
			'errata.txt'         => array( 'errata.txt' ),
			'debug.json'         => array( 'debug.json' ),
			'catalog.csv'        => array( 'catalog.csv' ),
			'blog-backup.tar'    => array( 'blog-backup.tar' ),
			'error.log.php'      => array( 'error.log.php' ),
			'logs.env'           => array( 'logs.env' ),
			'error_log.bak.conf' => array( 'error_log.bak.conf' ),
		);
	}

	/**
	 * @dataProvider names_of_logs
	 *
	 * @param string $name File name.
	 */
	public function test_log_like_suffixes_are_accepted( $name ) {
		$path = Log_Fixtures::write( $name, 'line' );
		$this->assertTrue( Log_Sources::looks_like_a_log( $path ), $name );
		$this->assertSame( array(), $this->sources->set_custom_paths( array( $path ) ), $name );
	}

	/**
	 * Names logs really have.
	 *
	 * @return array<string, array{0: string}>
	 */
	public function names_of_logs() {
		return array(
			'error.log'      => array( 'error.log' ),
			'error.log.1'    => array( 'error.log.1' ),
			'php_errors.log' => array( 'php_errors.log' ),
			'error_log'      => array( 'error_log' ),
			'ssl_error_log'  => array( 'ssl_error_log' ),
			'error_log.2'    => array( 'error_log.2' ),
			'app.err'        => array( 'app.err' ),
			'DEBUG.LOG'      => array( 'DEBUG.LOG' ),
		);
	}

	public function test_an_added_file_never_widens_the_trusted_folders() {
		$dir    = Log_Fixtures::dir();
		$added  = Log_Fixtures::write( 'app.log', 'ok', $dir );
		$secret = Log_Fixtures::write( 'secrets.txt', 'DB_PASSWORD=hunter2', $dir );
		$other  = Log_Fixtures::dir();
		$link   = $other . '/error.log';
		symlink( $secret, $link );
		$this->assertSame( array(), $this->sources->set_custom_paths( array( $added, $link ) ) );

		$this->assertNotContains( realpath( $dir ) . '/', $this->sources->allowed_dirs() );
		$this->assertSame( realpath( $added ), $this->sources->check( $added ), 'The added file itself is readable.' );
		$error = $this->sources->open( Log_Sources::custom_id( $link ) );
		$this->assertInstanceOf( WP_Error::class, $error, 'A link next to nothing trusted, to a file beside an added log, is refused.' );
		$this->assertSame( 'triage_log_outside', $error->get_error_code() );
	}

	public function test_an_added_log_replaced_by_a_link_is_refused_on_the_next_read() {
		$dir    = Log_Fixtures::dir();
		$added  = Log_Fixtures::write( 'app.log', 'ok', $dir );
		$secret = Log_Fixtures::write( 'shadow', 'root:$6$hash', Log_Fixtures::dir() );
		$this->assertSame( array(), $this->sources->set_custom_paths( array( $added ) ) );
		unlink( $added );
		symlink( $secret, $added );
		$this->assertSame( 'triage_log_outside', $this->sources->check( $added )->get_error_code() );
	}

	public function test_archive_names_carry_128_random_bits() {
		$dir    = Log_Fixtures::dir();
		$path   = Log_Fixtures::write( 'debug.log', 'x', $dir );
		$result = ( new Log_Archiver() )->archive( $path );
		$this->assertMatchesRegularExpression( '/^debug\.log\.\d{8}-\d{6}-[0-9a-f]{32}$/', $result['archive'] );
		$this->assertSame( array( $dir . '/' . $result['archive'] ), ( new Log_Archiver() )->archives( $path ) );
		// Archives named before this change are still found (and pruned).
		touch( $dir . '/debug.log.20200101-000000-0123abcd' );
		$this->assertCount( 2, ( new Log_Archiver() )->archives( $path ) );
	}

	public function test_php_files_are_never_opened() {
		$dir  = Log_Fixtures::dir();
		$php  = Log_Fixtures::write( 'wp-config.php', '<?php define( "DB_PASSWORD", "x" );', $dir );
		$link = $dir . '/app.log';
		symlink( $php, $link );
		$this->sources->set_custom_paths( array( $link ) );
		$error = $this->sources->check( $link );
		// Refused as outside the trusted folders (an added file trusts no folder) before the PHP check.
		$this->assertContains( $error->get_error_code(), array( 'triage_log_outside', 'triage_log_not_log' ) );
		$this->assertSame( 403, $error->get_error_data()['status'] );

		// A PHP file in a trusted folder (a detected log's) is still never opened.
		$trusted = Log_Fixtures::dir();
		Log_Fixtures::write( 'error.log', 'x', $trusted );
		$config = Log_Fixtures::write( 'wp-config.php', '<?php', $trusted );
		$detect = static function ( $candidates ) use ( $trusted ) {
			$candidates['nginx']['paths'] = array( $trusted . '/error.log' );
			return $candidates;
		};
		add_filter( 'triage_log_source_candidates', $detect );
		$this->assertSame( 'triage_log_not_log', $this->sources->check( $config )->get_error_code() );
		remove_filter( 'triage_log_source_candidates', $detect );
	}

	public function test_archive_renames_keeps_the_newest_and_starts_an_empty_log() {
		$dir      = Log_Fixtures::dir();
		$path     = Log_Fixtures::write( 'debug.log', 'live contents', $dir );
		$archiver = new Log_Archiver();
		for ( $i = 1; $i <= 6; $i++ ) {
			touch( sprintf( '%s/debug.log.2026010%d-000000-0000000%d', $dir, $i, $i ) );
		}

		$plan = $archiver->archive( $path, true );
		$this->assertTrue( $plan['dry_run'] );
		$this->assertFalse( $plan['archived'] );
		$this->assertSame( 'live contents', file_get_contents( $path ) );
		$this->assertCount( 2, $plan['removed'] );

		$result = $archiver->archive( $path );
		$this->assertTrue( $result['archived'] );
		$this->assertMatchesRegularExpression( '/^debug\.log\.\d{8}-\d{6}-[0-9a-f]{32}$/', $result['archive'] );
		$this->assertSame( 'live contents', file_get_contents( $dir . '/' . $result['archive'] ) );
		$this->assertSame( '', file_get_contents( $path ) );
		$this->assertSame( array( 'debug.log.20260102-000000-00000002', 'debug.log.20260101-000000-00000001' ), $result['removed'] );
		$this->assertCount( Log_Archiver::KEEP, $archiver->archives( $path ) );
		$this->assertSame( $dir . '/' . $result['archive'], $archiver->archives( $path )[0] );
	}

	public function test_archive_in_a_read_only_folder_changes_nothing() {
		if ( 0 === posix_geteuid() ) {
			$this->markTestSkipped( 'Runs as root, for whom every folder is writable: a read-only folder cannot be made.' );
		}
		$dir  = Log_Fixtures::dir();
		$path = Log_Fixtures::write( 'debug.log', 'keep me', $dir );
		chmod( $dir, 0500 );
		$error = ( new Log_Archiver() )->archive( $path );
		chmod( $dir, 0700 );
		$this->assertSame( 'triage_log_dir_read_only', $error->get_error_code() );
		$this->assertSame( 'keep me', file_get_contents( $path ) );
	}
}
