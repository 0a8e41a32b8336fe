<?php
/**
 * Log_Sources with a discovered stack: discovered sources, hidden logs, added paths judged one by one.
 *
 * @package Triage
 */

use Triage\Incidents\Stack\Stack_Discovery;
use Triage\Logs\Debug_Log_Location;
use Triage\Logs\Log_Sources;

require_once __DIR__ . '/Stack_Test_Case.php';
require_once dirname( __DIR__, 2 ) . '/Logs/Log_Fixtures.php';

/**
 * Discovered logs become sources; unreadable ones are listed with their fix.
 */
class Log_Sources_Discovery_Test extends Stack_Test_Case {

	/**
	 * Real folder holding the logs (also reachable under the fixture root through a link).
	 *
	 * @var string
	 */
	private $logs;

	/**
	 * A tree whose configs name real log files: the root prefixes every path, so the logs' folder is linked
	 * at root + its own path, and Log_Sources (which opens real paths) reads the same files.
	 *
	 * @return string Root.
	 */
	private function tree() {
		$root       = Log_Fixtures::dir();
		$this->logs = Log_Fixtures::dir();
		wp_mkdir_p( dirname( $root . $this->logs ) );
		symlink( $this->logs, $root . $this->logs );
		Log_Fixtures::write( 'site-error.log', "2026/11/20 10:00:00 [error] 12#12: *1 connect() to unix:/run/x.sock failed (11: Resource temporarily unavailable) while connecting to upstream\n", $this->logs );
		Log_Fixtures::write( 'php-fpm.log', "[20-Nov-2026 10:00:00] WARNING: [pool www] child 1 exited on signal 9 (SIGKILL) after 1.0 seconds from start\n", $this->logs );
		chmod( $this->logs . '/site-error.log', 0644 );
		chmod( $this->logs . '/php-fpm.log', 0600 );
		foreach ( array( 'proc/100', 'proc/200', 'etc/nginx' ) as $dir ) {
			wp_mkdir_p( $root . '/' . $dir );
		}
		file_put_contents( $root . '/proc/100/cmdline', 'nginx: master process /usr/sbin/nginx -c /etc/nginx/nginx.conf' );
		file_put_contents( $root . '/proc/200/cmdline', 'php-fpm: master process (/etc/php-fpm.conf)' );
		file_put_contents( $root . '/etc/nginx/nginx.conf', "error_log {$this->logs}/site-error.log;\nhttp { server { listen 80; root /srv/x; location ~ \\.php$ { fastcgi_pass unix:/run/x.sock; } } }\n" );
		file_put_contents( $root . '/etc/php-fpm.conf', "[global]\nerror_log = {$this->logs}/php-fpm.log\n[www]\nlisten = /run/x.sock\n" );
		return $root;
	}

	/**
	 * A registry over a tree, reading as a PHP user that owns none of the files.
	 *
	 * @param string $root Root.
	 * @return Log_Sources
	 */
	private function sources( $root ) {
		$discovery = new Stack_Discovery(
			$root,
			array(
				'readable'   => array( Stack_Test_Case::class, 'readable_by_others' ),
				'php_user'   => 'www-data',
				'fpm_status' => null,
				'database'   => null,
				'site'       => array(
					'host' => 'example.org',
					'port' => 80,
					'root' => '/srv/x',
				),
			)
		);
		return new Log_Sources( new Debug_Log_Location(), $discovery, array( Stack_Test_Case::class, 'readable_by_others' ) );
	}

	public function test_discovered_readable_logs_are_sources_with_role_and_software() {
		$sources = $this->sources( $this->tree() );
		$path    = $this->logs . '/site-error.log';
		$id      = 'discovered-web-error-' . substr( md5( $path ), 0, 8 );
		$all     = $sources->all();
		$this->assertArrayHasKey( $id, $all );
		$this->assertSame( 'web-error', $all[ $id ]['role'] );
		$this->assertSame( 'nginx', $all[ $id ]['software'] );
		$this->assertSame( 'discovered', $all[ $id ]['origin'] );
		$this->assertSame( 'server', $all[ $id ]['kind'] );
		$this->assertSame( 'line', $all[ $id ]['layout'] );
		$this->assertSame( 'nginx error log (site-error.log)', $all[ $id ]['label'] );
		$open = $sources->open( $id );
		$this->assertIsArray( $open, 'A discovered log is trusted: its folder is allowed.' );
		fclose( $open['handle'] );
		$this->assertArrayNotHasKey( 'nginx', $all, 'The running nginx\'s own log replaces the distribution\'s default.' );
		$this->assertArrayNotHasKey( 'php-fpm', $all );
	}

	public function test_unreadable_discovered_logs_are_hidden_with_owner_mode_and_fix() {
		$sources = $this->sources( $this->tree() );
		foreach ( $sources->all() as $source ) {
			$this->assertNotSame( $this->logs . '/php-fpm.log', $source['path'] );
		}
		$hidden = $sources->hidden();
		$this->assertCount( 1, $hidden );
		$this->assertSame( $this->logs . '/php-fpm.log', $hidden[0]['path'] );
		$this->assertSame( 'fpm', $hidden[0]['role'] );
		$this->assertSame( '0600', $hidden[0]['mode'] );
		$this->assertNotSame( '', $hidden[0]['owner'] );
		$this->assertStringStartsWith( 'php-fpm.log is ' . $hidden[0]['owner'] . ':' . $hidden[0]['group'] . ' 0600; make it 0640', $hidden[0]['fix'] );
	}

	public function test_an_added_path_that_was_discovered_is_listed_once() {
		$sources = $this->sources( $this->tree() );
		$path    = $this->logs . '/site-error.log';
		$this->assertSame( array(), $sources->set_custom_paths( array( $path ) ) );
		$paths = array_column( $sources->all(), 'path' );
		$this->assertSame( 1, count( array_keys( $paths, $path, true ) ) );
	}

	public function test_one_bad_added_path_never_rejects_the_others() {
		$sources = $this->sources( $this->tree() );
		$good    = Log_Fixtures::write( 'app.log', 'x' );
		$locked  = Log_Fixtures::write( 'locked.log', 'x' );
		$not_log = Log_Fixtures::write( 'notes.txt', 'x' );
		$missing = dirname( $good ) . '/missing.log';
		chmod( $good, 0644 );
		chmod( $locked, 0600 );
		$problems = $sources->set_custom_paths( array( $good, $locked, $not_log, $missing, 'relative.log' ) );
		$this->assertIsArray( $problems );
		$this->assertSame( array( $good, $locked ), get_option( Log_Sources::OPTION ), 'The good path and the unreadable log are kept.' );
		$by_path = array_column( $problems, null, 'path' );
		$this->assertSame( array( $locked, $not_log, $missing, 'relative.log' ), array_keys( $by_path ) );
		$this->assertTrue( $by_path[ $locked ]['stored'] );
		$this->assertStringContainsString( 'PHP cannot read it yet: locked.log is ', $by_path[ $locked ]['error'] );
		$this->assertStringContainsString( '0600; make it 0640', $by_path[ $locked ]['error'] );
		$this->assertFalse( $by_path[ $not_log ]['stored'] );
		$this->assertStringContainsString( 'does not look like a log', $by_path[ $not_log ]['error'] );
		$this->assertStringContainsString( 'does not exist', $by_path[ $missing ]['error'] );
		$this->assertStringContainsString( 'not an absolute file path', $by_path['relative.log']['error'] );

		$described = $sources->describe( $sources->get( Log_Sources::custom_id( $locked ) ) );
		$this->assertTrue( $described['exists'] );
		$this->assertFalse( $described['readable'] );
		$this->assertSame( 'The log file exists but PHP may not read it (file permissions).', $described['error'] );
	}

	public function test_every_path_refused_changes_nothing() {
		$sources = $this->sources( $this->tree() );
		update_option( Log_Sources::OPTION, array( '/var/log/kept.log' ) );
		$error = $sources->set_custom_paths( array( '/nonexistent/a.log', '/etc/hostname' ) );
		$this->assertInstanceOf( WP_Error::class, $error );
		$this->assertSame( 422, $error->get_error_data()['status'] );
		$this->assertStringContainsString( '/nonexistent/a.log does not exist', $error->get_error_message() );
		$this->assertStringContainsString( '/etc/hostname does not look like a log', $error->get_error_message() );
		$this->assertSame( array( '/var/log/kept.log' ), get_option( Log_Sources::OPTION ) );
	}
}
