<?php
/**
 * Tail reader and summarizer on real files.
 *
 * @package Triage
 */

use Triage\Logs\Log_Attributor;
use Triage\Logs\Log_Entry_Parser;
use Triage\Logs\Log_Grouper;
use Triage\Logs\Log_Summarizer;
use Triage\Logs\Log_Tail_Reader;

require_once __DIR__ . '/Log_Fixtures.php';

/**
 * Reading logs.
 */
class Log_Reader_Test extends WP_UnitTestCase {

	/**
	 * Attribution for a site at /srv/site.
	 *
	 * @return Log_Attributor
	 */
	private function attributor() {
		return new Log_Attributor( '/srv/site/wp-content/plugins', '/srv/site/wp-content/mu-plugins', array( '/srv/site/wp-content/themes' ), '/srv/site/' );
	}

	/**
	 * Tail of a file.
	 *
	 * @param string $path    File.
	 * @param array  $options Options.
	 * @return array
	 */
	private function tail( $path, array $options = array() ) {
		$handle = fopen( $path, 'rb' );
		$result = ( new Log_Tail_Reader( $this->attributor() ) )->tail( $handle, $options );
		fclose( $handle );
		return $result;
	}

	/**
	 * Summary of a file in one slice.
	 *
	 * @param string     $path  File.
	 * @param array|null $state State.
	 * @param array      $opts  Options.
	 * @return array
	 */
	private function summary( $path, $state = null, array $opts = array( 'time_budget' => 60 ) ) {
		$handle = fopen( $path, 'rb' );
		$result = ( new Log_Summarizer( $this->attributor() ) )->run( $handle, $state, $opts );
		fclose( $handle );
		return $result;
	}

	/**
	 * A log with one entry of each kind, multi-line ones included.
	 *
	 * @return string
	 */
	private function mixed_log() {
		return Log_Fixtures::line( 'PHP Warning:  Undefined variable $a in /srv/site/wp-content/plugins/shop/shop.php on line 10', 0 )
			. Log_Fixtures::line( "PHP Fatal error:  Uncaught Error: Call to undefined function nope() in /srv/site/wp-content/themes/shiny/functions.php:7\nStack trace:\n#0 /srv/site/wp-includes/class-wp-hook.php(324): shiny_init('')\n#1 {main}\n  thrown in /srv/site/wp-content/themes/shiny/functions.php on line 7", 1 )
			. Log_Fixtures::line( "Array\n(\n    [order] => 12\n    [items] => Array\n        (\n            [0] => 3\n        )\n\n)\n", 2 )
			. Log_Fixtures::line( 'PHP Deprecated:  Automatic conversion of false to array is deprecated in /srv/site/wp-content/mu-plugins/loader.php on line 4', 3 )
			. Log_Fixtures::line( 'PHP Notice:  Function x was called <strong>incorrectly</strong>. in /srv/site/wp-includes/functions.php on line 6078', 4 );
	}

	public function test_tail_keeps_multi_line_entries_whole_newest_first() {
		$path    = Log_Fixtures::write( 'debug.log', $this->mixed_log() );
		$result  = $this->tail( $path );
		$entries = $result['entries'];
		$this->assertCount( 5, $entries );
		$this->assertSame( array( 'notice', 'deprecated', 'info', 'fatal', 'warning' ), array_column( $entries, 'severity' ) );
		$this->assertStringContainsString( "#1 {main}\n  thrown in", $entries[3]['text'] );
		$this->assertStringContainsString( "[items] => Array\n", $entries[2]['text'] );
		$this->assertStringEndsWith( ')', $entries[2]['text'] );
		$this->assertFalse( $result['incomplete'] );
		$this->assertNull( $result['next_before'] );
		$this->assertSame( 0, $entries[4]['offset'] );
	}

	public function test_tail_paginates_with_next_before() {
		$content = '';
		for ( $i = 0; $i < 30; $i++ ) {
			$content .= Log_Fixtures::line( "PHP Warning:  number $i in /srv/a.php on line 1", $i );
		}
		$path  = Log_Fixtures::write( 'debug.log', $content );
		$first = $this->tail( $path, array( 'limit' => 10 ) );
		$this->assertStringContainsString( 'number 29 ', $first['entries'][0]['message'] );
		$this->assertNotNull( $first['next_before'] );
		$second = $this->tail(
			$path,
			array(
				'limit'  => 10,
				'before' => $first['next_before'],
			)
		);
		$this->assertStringContainsString( 'number 19 ', $second['entries'][0]['message'] );
		$this->assertStringContainsString( 'number 10 ', $second['entries'][9]['message'] );
	}

	public function test_tail_filters_by_severity_and_text() {
		$path   = Log_Fixtures::write( 'debug.log', $this->mixed_log() );
		$result = $this->tail( $path, array( 'severity' => array( 'fatal', 'deprecated' ) ) );
		$this->assertSame( array( 'deprecated', 'fatal' ), array_column( $result['entries'], 'severity' ) );
		$result = $this->tail( $path, array( 'search' => 'UNDEFINED VARIABLE' ) );
		$this->assertCount( 1, $result['entries'] );
		$this->assertSame( 'shop', $result['entries'][0]['attribution']['slug'] );
	}

	/**
	 * Severity of each PHP label, and of server lines.
	 *
	 * @return array
	 */
	public function severities() {
		return array(
			'fatal'           => array( '[20-Nov-2026 10:00:00 UTC] PHP Fatal error:  boom in /a.php on line 1', 'fatal' ),
			'parse'           => array( '[20-Nov-2026 10:00:00 UTC] PHP Parse error:  syntax error, unexpected "}" in /a.php on line 1', 'parse' ),
			'recoverable'     => array( '[20-Nov-2026 10:00:00 UTC] PHP Recoverable fatal error:  Object could not be converted in /a.php on line 1', 'fatal' ),
			'warning'         => array( '[20-Nov-2026 10:00:00 UTC] PHP Warning:  x in /a.php on line 1', 'warning' ),
			'notice'          => array( '[20-Nov-2026 10:00:00 UTC] PHP Notice:  x in /a.php on line 1', 'notice' ),
			'deprecated'      => array( '[20-Nov-2026 10:00:00 UTC] PHP Deprecated:  x in /a.php on line 1', 'deprecated' ),
			'strict'          => array( '[20-Nov-2026 10:00:00 UTC] PHP Strict Standards:  x in /a.php on line 1', 'strict' ),
			'database'        => array( '[20-Nov-2026 10:00:00 UTC] WordPress database error Table doesn\'t exist for query SELECT 1', 'database' ),
			'plain error_log' => array( '[20-Nov-2026 10:00:00 UTC] my plugin says hello', 'info' ),
			'fpm warning'     => array( '[20-Nov-2026 10:00:00] WARNING: [pool wp] server reached pm.max_children setting (4), consider raising it', 'warning' ),
			'nginx crit'      => array( '2026/11/20 10:00:00 [crit] 1#1: *1 connect() to unix:/run/php.sock failed (2: No such file or directory) while connecting to upstream', 'fatal' ),
			'nginx error'     => array( '2026/11/20 10:00:00 [error] 1#1: *1 upstream sent too big header while reading response header from upstream', 'error' ),
			'apache error'    => array( '[Fri Nov 20 10:00:00.123456 2026] [proxy_fcgi:error] [pid 7] (104)Connection reset by peer: AH01075: Error dispatching request to :', 'error' ),
			'garbage'         => array( "\x00\x01binary\xff", 'other' ),
		);
	}

	/**
	 * @dataProvider severities
	 */
	public function test_every_severity_is_recognised( $line, $severity ) {
		$this->assertSame( $severity, Log_Entry_Parser::parse( $line )['severity'] );
	}

	public function test_parses_time_file_and_line() {
		$parsed = Log_Entry_Parser::parse( '[20-Nov-2026 10:00:00 UTC] PHP Warning:  Undefined variable $a in /srv/site/x.php on line 12' );
		$this->assertSame( strtotime( '2026-11-20 10:00:00 UTC' ), $parsed['time'] );
		$this->assertSame( '/srv/site/x.php', $parsed['file'] );
		$this->assertSame( 12, $parsed['line'] );
		$this->assertSame( 'Undefined variable $a in /srv/site/x.php on line 12', $parsed['message'] );
	}

	/**
	 * Paths and the attribution each gets.
	 *
	 * @return array
	 */
	public function attributions() {
		return array(
			'plugin'            => array( array( '/srv/site/wp-content/plugins/shop/inc/cart.php' ), 'plugin', 'shop' ),
			'single-file'       => array( array( '/srv/site/wp-content/plugins/hello.php' ), 'plugin', 'hello' ),
			'theme'             => array( array( '/srv/site/wp-content/themes/shiny/functions.php' ), 'theme', 'shiny' ),
			'mu-plugin'         => array( array( '/srv/site/wp-content/mu-plugins/loader.php' ), 'mu-plugin', 'loader' ),
			'core'              => array( array( '/srv/site/wp-includes/functions.php' ), 'core', 'wordpress' ),
			'core, then plugin' => array( array( '/srv/site/wp-includes/functions.php', '/srv/site/wp-content/plugins/shop/shop.php' ), 'plugin', 'shop' ),
			'other layout'      => array( array( '/home/u/public_html/wp-content/plugins/forms/forms.php' ), 'plugin', 'forms' ),
			'nothing known'     => array( array( '/usr/share/php/x.php' ), 'unknown', '' ),
		);
	}

	/**
	 * @dataProvider attributions
	 */
	public function test_attribution( $paths, $type, $slug ) {
		$attribution = $this->attributor()->attribute( $paths );
		$this->assertSame( $type, $attribution['type'] );
		$this->assertSame( $slug, $attribution['slug'] );
	}

	public function test_stack_frames_attribute_a_core_error_to_the_plugin_that_called() {
		$entry       = "[20-Nov-2026 10:00:00 UTC] PHP Fatal error:  Uncaught TypeError: x in /srv/site/wp-includes/formatting.php:12\nStack trace:\n#0 /srv/site/wp-includes/formatting.php(30): esc_html()\n#1 /srv/site/wp-content/plugins/forms/render.php(8): esc_attr(Array)\n#2 {main}";
		$attribution = $this->attributor()->attribute( Log_Entry_Parser::paths( $entry ) );
		$this->assertSame( array( 'plugin', 'forms' ), array( $attribution['type'], $attribution['slug'] ) );
	}

	public function test_summary_groups_by_fingerprint_with_counts_and_times() {
		$content = '';
		for ( $i = 0; $i < 20; $i++ ) {
			$content .= Log_Fixtures::line( "PHP Warning:  Undefined array key \"k$i\" in /srv/site/wp-content/plugins/shop/shop.php on line 10", $i );
			$content .= Log_Fixtures::line( "PHP Fatal error:  Allowed memory size of 268435456 bytes exhausted (tried to allocate $i bytes) in /srv/site/wp-includes/class-wpdb.php on line 2349", $i );
		}
		$content .= Log_Fixtures::line( 'PHP Warning:  Undefined array key "z" in /srv/site/wp-content/plugins/shop/shop.php on line 11', 30 );
		$state    = $this->summary( Log_Fixtures::write( 'debug.log', $content ) );
		$groups   = Log_Summarizer::groups( $state );
		$this->assertTrue( $state['done'] );
		$this->assertSame( 41, $state['entries'] );
		$this->assertCount( 3, $groups );
		$by_line = array();
		foreach ( $groups as $group ) {
			$by_line[ $group['line'] ] = $group;
		}
		$this->assertSame( 20, $by_line[10]['count'] );
		$this->assertSame( 'plugin', $by_line[10]['attribution']['type'] );
		$this->assertSame( strtotime( '2026-11-20 10:00:00 UTC' ), $by_line[10]['first_seen'] );
		$this->assertSame( strtotime( '2026-11-20 10:19:00 UTC' ), $by_line[10]['last_seen'] );
		$this->assertSame( 20, $by_line[2349]['count'] );
		$this->assertSame( 'Allowed memory size of N bytes exhausted (tried to allocate N bytes)', $by_line[2349]['pattern'] );
		$this->assertSame( 1, $by_line[11]['count'] );
	}

	public function test_summary_time_window() {
		$content = '';
		for ( $i = 0; $i < 10; $i++ ) {
			$content .= Log_Fixtures::line( 'PHP Notice:  tick in /srv/a.php on line 1', $i );
		}
		$path  = Log_Fixtures::write( 'debug.log', $content );
		$state = $this->summary( $path, Log_Summarizer::initial_state( strtotime( '2026-11-20 10:03:00 UTC' ), strtotime( '2026-11-20 10:07:00 UTC' ) ) );
		$this->assertSame( 4, $state['entries'] );
		$this->assertSame( 4, Log_Summarizer::groups( $state )[0]['count'] );
	}

	public function test_summary_bounds_the_number_of_groups() {
		$content = '';
		for ( $i = 0; $i < 30; $i++ ) {
			$content .= Log_Fixtures::line( "PHP Warning:  x in /srv/f$i.php on line 1", $i );
		}
		$handle = fopen( Log_Fixtures::write( 'debug.log', $content ), 'rb' );
		$state  = ( new Log_Summarizer( $this->attributor() ) )->run( $handle, null, array( 'max_groups' => 10 ) );
		fclose( $handle );
		$this->assertCount( 10, $state['groups'] );
		$this->assertSame( 20, $state['dropped'] );
		$this->assertSame( 30, $state['entries'] );
	}

	public function test_summary_slices_resume_and_rereads_only_new_bytes() {
		$line  = Log_Fixtures::line( 'PHP Warning:  filler in /srv/a.php on line 1' );
		$block = str_repeat( $line, (int) ceil( 3 * Log_Summarizer::BLOCK / strlen( $line ) ) );
		$path  = Log_Fixtures::write( 'debug.log', $block );
		$count = substr_count( $block, "\n" );
		$state = $this->summary( $path, null, array( 'max_bytes' => 1 ) );
		$this->assertFalse( $state['done'] );
		// One block per slice; a block's final newline is left for the next one.
		$this->assertContains( $state['offset'], array( Log_Summarizer::BLOCK, Log_Summarizer::BLOCK - 1 ) );
		$slices = 1;
		while ( ! $state['done'] ) {
			$state = $this->summary( $path, $state, array( 'max_bytes' => 1 ) );
			++$slices;
		}
		$this->assertGreaterThanOrEqual( (int) ceil( strlen( $block ) / Log_Summarizer::BLOCK ), $slices );
		$this->assertLessThanOrEqual( (int) ceil( strlen( $block ) / ( Log_Summarizer::BLOCK - 1 ) ) + 1, $slices );
		$this->assertSame( $count, $state['entries'] );

		file_put_contents( $path, Log_Fixtures::line( 'PHP Notice:  later in /srv/b.php on line 2', 90 ), FILE_APPEND );
		$state = $this->summary( $path, $state );
		$this->assertTrue( $state['done'] );
		$this->assertSame( '', $state['reset'] );
		$this->assertLessThan( 200, $state['bytes_read'] );
		$this->assertSame( $count + 1, $state['entries'] );

		// The same message again lands in its existing group.
		file_put_contents( $path, $line . $line, FILE_APPEND );
		$state  = $this->summary( $path, $state );
		$groups = Log_Summarizer::groups( $state );
		$this->assertCount( 2, $groups );
		$this->assertSame( $count + 2, $groups[0]['count'] );
		$this->assertSame( 'warning', $groups[0]['severity'] );
	}

	public function test_entries_split_exactly_at_a_block_boundary_are_counted_apart() {
		// 64-byte entries: every block ends with "\n" and the next begins with "[".
		$line = Log_Fixtures::line( 'PHP Notice:  ' . str_repeat( 'x', 23 ) );
		$this->assertSame( 64, strlen( $line ) );
		$this->assertSame( 0, Log_Summarizer::BLOCK % 64 );
		$lines = 3 * Log_Summarizer::BLOCK / 64;
		$path  = Log_Fixtures::write( 'debug.log', str_repeat( $line, $lines ) );
		$state = $this->summary( $path );
		$this->assertSame( $lines, $state['entries'] );
		$this->assertSame( $lines, Log_Summarizer::groups( $state )[0]['count'] );

		// And with the boundary one, two and three bytes after each newline ("[", "[2", "[20").
		foreach ( array( 2, 3, 4 ) as $shift ) {
			$path  = Log_Fixtures::write( 'debug.log', str_repeat( 'z', 64 - $shift ) . "\n" . str_repeat( $line, $lines ) );
			$state = $this->summary( $path );
			$this->assertSame( $lines + 1, $state['entries'], "shift $shift" );
		}
	}

	public function test_rotation_during_a_read_restarts_and_says_so() {
		$line    = Log_Fixtures::line( 'PHP Warning:  old in /srv/a.php on line 1' );
		$content = str_repeat( $line, (int) ceil( 2 * Log_Summarizer::BLOCK / strlen( $line ) ) );
		$dir     = Log_Fixtures::dir();
		$path    = Log_Fixtures::write( 'debug.log', $content, $dir );
		$state   = $this->summary( $path, null, array( 'max_bytes' => 1 ) );
		$this->assertFalse( $state['done'] );

		// The tail reader holds its handle: a rotation under it changes nothing for that read.
		$handle = fopen( $path, 'rb' );
		rename( $path, $dir . '/debug.log.1' );
		file_put_contents( $path, Log_Fixtures::line( 'PHP Notice:  new in /srv/b.php on line 2' ) );
		$tail = ( new Log_Tail_Reader() )->tail( $handle, array( 'limit' => 1 ) );
		fclose( $handle );
		$this->assertStringContainsString( 'old', $tail['entries'][0]['text'] );

		$state = $this->summary( $path, $state );
		$this->assertSame( 'rotated', $state['reset'] );
		$this->assertTrue( $state['done'] );
		$this->assertSame( 1, $state['entries'] );
	}

	public function test_truncated_file_restarts_the_summary() {
		$line    = Log_Fixtures::line( 'PHP Warning:  old in /srv/a.php on line 1' );
		$content = str_repeat( $line, (int) ceil( 2 * Log_Summarizer::BLOCK / strlen( $line ) ) );
		$path    = Log_Fixtures::write( 'debug.log', $content );
		$state   = $this->summary( $path, null, array( 'max_bytes' => 1 ) );
		$handle  = fopen( $path, 'r+b' );
		ftruncate( $handle, strlen( Log_Fixtures::line( 'PHP Warning:  old in /srv/a.php on line 1' ) ) );
		fclose( $handle );
		$state = $this->summary( $path, $state );
		$this->assertSame( 'truncated', $state['reset'] );
		$this->assertTrue( $state['done'] );
		$this->assertSame( 1, $state['entries'] );
	}

	public function test_entry_cut_mid_line_is_still_read() {
		$path = Log_Fixtures::write( 'debug.log', Log_Fixtures::line( 'PHP Warning:  whole in /srv/a.php on line 1' ) . '[20-Nov-2026 10:05:00 UTC] PHP Fatal error:  cut he' );
		$tail = $this->tail( $path );
		$this->assertSame( 'PHP Fatal error:  cut he', substr( $tail['entries'][0]['text'], 27 ) );
		$this->assertSame( 2, $this->summary( $path )['entries'] );
	}

	public function test_binary_garbage_and_invalid_utf8_are_scrubbed() {
		$path = Log_Fixtures::write( 'debug.log', random_bytes( 5000 ) . "\n" . Log_Fixtures::line( "PHP Warning:  bad \xC3\x28 bytes \x00\x07 here in /srv/a.php on line 1" ) . random_bytes( 3000 ) );
		$tail = $this->tail( $path, array( 'limit' => 500 ) );
		$this->assertNotEmpty( $tail['entries'] );
		foreach ( $tail['entries'] as $entry ) {
			$clean = Log_Entry_Parser::scrub( $entry['text'] );
			$this->assertTrue( (bool) preg_match( '//u', $clean ) );
			$this->assertFalse( strpos( $clean, "\x00" ) );
		}
		$state = $this->summary( $path );
		$this->assertTrue( $state['done'] );
		$this->assertNotFalse( wp_json_encode( array_map( array( Log_Entry_Parser::class, 'scrub' ), array_column( Log_Summarizer::groups( $state ), 'sample' ) ) ) );
	}

	public function test_a_10_mb_line_is_capped_in_tail_and_summary() {
		$dir    = Log_Fixtures::dir();
		$path   = $dir . '/debug.log';
		$handle = fopen( $path, 'wb' );
		fwrite( $handle, Log_Fixtures::line( 'PHP Notice:  before in /srv/a.php on line 1' ) );
		fwrite( $handle, '[20-Nov-2026 10:01:00 UTC] PHP Warning:  dump ' . str_repeat( 'y', 10 * 1048576 ) . "\n" );
		fwrite( $handle, Log_Fixtures::line( 'PHP Notice:  after in /srv/a.php on line 1', 2 ) );
		fclose( $handle );

		$tail = $this->tail( $path );
		$this->assertCount( 3, $tail['entries'] );
		$this->assertTrue( $tail['entries'][1]['truncated'] );
		$this->assertSame( Log_Tail_Reader::MAX_ENTRY, strlen( $tail['entries'][1]['text'] ) );
		$this->assertGreaterThan( 10 * 1048576, $tail['entries'][1]['bytes'] );
		$this->assertStringStartsWith( '[20-Nov-2026 10:01:00 UTC] PHP Warning:  dump yyy', $tail['entries'][1]['text'] );

		$bounded = $this->tail( $path, array( 'max_scan' => 1048576 ) );
		$this->assertTrue( $bounded['incomplete'] );
		$this->assertCount( 1, $bounded['entries'] );

		$before = memory_get_usage();
		$state  = $this->summary( $path );
		$this->assertLessThan( 4 * 1048576, memory_get_usage() - $before );
		$this->assertSame( 3, $state['entries'] );
		$groups = Log_Summarizer::groups( $state );
		$dump   = array_values(
			array_filter(
				$groups,
				static function ( $group ) {
					return 'warning' === $group['severity'];
				}
			)
		);
		$this->assertTrue( $dump[0]['truncated'] );
		$this->assertLessThanOrEqual( Log_Grouper::SAMPLE_BYTES, strlen( $dump[0]['sample'] ) );
	}
}
