<?php
/**
 * Security review finding 9: the stored debug record cannot carry code into wp-config.php.
 *
 * @package Triage
 */

use Triage\Config\Config_Editor;
use Triage\Config\Plain_Define;

require_once __DIR__ . '/Config_Scratch.php';

/**
 * A record whose statements are anything but plain define() calls is refused on revert and on the next
 * profile switch, and wp-config.php stays byte for byte as it was.
 */
class Debug_Record_Tamper_Test extends WP_UnitTestCase {

	/**
	 * Scratch site.
	 *
	 * @var Config_Scratch
	 */
	private $site;

	protected function set_up() {
		parent::set_up();
		$this->site = new Config_Scratch();
	}

	protected function tear_down() {
		$this->site->remove();
		parent::tear_down();
	}

	/**
	 * Switches the log profile on and replaces one field of the first edit that changed a line.
	 *
	 * @param string $field original or applied.
	 * @param string $text  New text.
	 * @return void
	 */
	private function tamper( string $field, string $text ): void {
		$this->assertIsArray( $this->site->mode()->apply( 'log', HOUR_IN_SECONDS, false ) );
		$record = $this->site->record();
		foreach ( $record['edits'] as $index => $edit ) {
			if ( 'changed' === $edit['action'] ) {
				$record['edits'][ $index ][ $field ] = $text;
				break;
			}
		}
		$this->site->store( $record );
	}

	/**
	 * Records an attacker could store, by the field they change.
	 *
	 * @return array<string, array{0: string, 1: string}>
	 */
	public function tampered() {
		return array(
			'second statement'        => array( 'original', "define( 'WP_DEBUG', false ); system('id');" ),
			'call in the value'       => array( 'original', "define( 'WP_DEBUG', system('id') );" ),
			'backticks'               => array( 'original', "define( 'WP_DEBUG', `id` );" ),
			'variable'                => array( 'original', "define( 'WP_DEBUG', \$_GET['x'] );" ),
			'closing tag in comment'  => array( 'original', "define( 'WP_DEBUG', false ); // ?><?php system('id');" ),
			'another constant'        => array( 'original', "define( 'DB_HOST', 'evil.example' );" ),
			'third argument'          => array( 'original', "define( 'WP_DEBUG', false, system('id') );" ),
			'closed early'            => array( 'original', "define( 'WP_DEBUG', (false)); (system('id'))" ),
			'interpolated string'     => array( 'original', "define( 'WP_DEBUG', \"{\${system('id')}}\" );" ),
			'open comment after it'   => array( 'original', "define( 'WP_DEBUG', false ); /*" ),
			'applied spans more code' => array( 'applied', "define( 'WP_DEBUG', true );\n/**" ),
		);
	}

	/**
	 * @dataProvider tampered
	 *
	 * @param string $field Field changed.
	 * @param string $text  Its new text.
	 */
	public function test_a_tampered_record_is_refused_and_the_file_is_untouched( $field, $text ) {
		$this->tamper( $field, $text );
		$before = file_get_contents( $this->site->config );
		$mtime  = filemtime( $this->site->config );
		$inode  = fileinode( $this->site->config );

		$revert = $this->site->mode()->revert( false );
		$switch = $this->site->mode()->apply( 'developer', HOUR_IN_SECONDS, false );
		$this->site->mode()->maybe_expire();

		$this->assertInstanceOf( WP_Error::class, $revert );
		$this->assertSame( 'triage_debug_record_invalid', $revert->get_error_code() );
		$this->assertSame( 409, $revert->get_error_data()['status'] );
		$this->assertStringContainsString( 'not a plain define() statement', $revert->get_error_message() );
		$this->assertInstanceOf( WP_Error::class, $switch );
		$this->assertSame( 'triage_debug_record_invalid', $switch->get_error_code() );
		$this->assertSame( bin2hex( $before ), bin2hex( file_get_contents( $this->site->config ) ), 'wp-config.php is byte for byte unchanged.' );
		$this->assertSame( $inode, fileinode( $this->site->config ), 'Not even replaced by an identical copy.' );
		$this->assertSame( $mtime, filemtime( $this->site->config ) );
		$this->assertStringNotContainsString( 'system(', file_get_contents( $this->site->config ) );
		$this->assertNotEmpty( $this->site->record()['failed'], 'The record is marked failed, so the automatic revert stops retrying.' );
	}

	public function test_an_added_line_that_is_not_triages_own_is_refused() {
		$this->assertIsArray( $this->site->mode()->apply( 'log', HOUR_IN_SECONDS, false ) );
		$record = $this->site->record();
		$added  = array_values( wp_list_filter( $record['edits'], array( 'action' => 'added' ) ) );
		$this->assertNotEmpty( $added );
		$this->assertTrue( Plain_Define::check_edits( $record['edits'] ) === null, 'What apply() records passes.' );
		foreach ( array( "require 'x.php'; // Added by Triage", "define( 'WP_DEBUG_LOG', true );\n", '' ) as $applied ) {
			$edits = $record['edits'];
			$edits[ array_search( $added[0], $edits, true ) ]['applied'] = $applied;
			$this->assertInstanceOf( WP_Error::class, Plain_Define::check_edits( $edits ), $applied );
		}
	}

	/**
	 * Site lines Triage may put back.
	 *
	 * @return array<string, array{0: string}>
	 */
	public function plain() {
		return array(
			'literal'            => array( "define( 'WP_DEBUG', false );" ),
			'no spaces'          => array( "define('WP_DEBUG',false);" ),
			'comment inside'     => array( "define( 'WP_DEBUG', /* off */ 0 );" ),
			'dirname path'       => array( "define( 'WP_DEBUG', dirname( __DIR__, 2 ) . '/logs/wp-errors.log' );" ),
			'constant and magic' => array( "define( 'WP_DEBUG', ABSPATH . 'x' . __LINE__ );" ),
			'before a close tag' => array( "define( 'WP_DEBUG', true )" ),
			'fully qualified'    => array( "\\define( 'WP_DEBUG', -1 );" ),
		);
	}

	/**
	 * @dataProvider plain
	 *
	 * @param string $statement Statement.
	 */
	public function test_plain_defines_are_accepted( $statement ) {
		$this->assertTrue( Plain_Define::is_plain( $statement, 'WP_DEBUG' ) );
	}

	public function test_a_site_line_triage_could_not_put_back_blocks_the_profile() {
		file_put_contents( $this->site->config, str_replace( "define( 'WP_DEBUG', false );", "define( 'WP_DEBUG', (bool) get_option( 'x' ) );", file_get_contents( $this->site->config ) ) );
		$before = file_get_contents( $this->site->config );

		$result = $this->site->mode()->apply( 'log', HOUR_IN_SECONDS, false );

		$this->assertSame( 'triage_config_foreign', $result->get_error_code() );
		$this->assertSame( Config_Editor::NOT_PLAIN, $result->get_error_data()['blockers'][0]['status'] );
		$this->assertStringContainsString( "define( 'WP_DEBUG', true );", $result->get_error_data()['manual'] );
		$this->assertSame( $before, file_get_contents( $this->site->config ) );
		$this->assertNull( $this->site->record() );
		$state = $this->site->mode()->state();
		$this->assertFalse( $state['profiles'][0]['available'], 'The Debug tab says so before anyone tries.' );
		$this->assertSame( Config_Editor::NOT_PLAIN, $state['profiles'][0]['blockers'][0]['status'] );
		$this->assertStringContainsString( 'only literals, constants and dirname()', $state['profiles'][0]['blockers'][0]['message'] );
	}
}
