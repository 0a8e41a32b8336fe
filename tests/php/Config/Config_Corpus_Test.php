<?php
/**
 * The acceptance corpus: every wp-config.php variant in fixtures/ survives a profile switched on and off.
 *
 * @package Triage
 */

use Triage\Config\Config_Editor;
use Triage\Config\Config_Parser;
use Triage\Config\Debug_Profiles;

require_once __DIR__ . '/Config_Fixtures.php';

/**
 * Corpus of realistic wp-config.php files: 42 committed LF bases (written by make-fixtures.php), each also run
 * with CRLF line endings and with a byte-order mark, derived here rather than committed three times.
 */
class Config_Corpus_Test extends WP_UnitTestCase {

	const LOG_FILE = '/srv/www/triage-private/debug-0123456789abcdef0123456789abcdef.log';

	/**
	 * Every variant with each profile and the expected outcome.
	 *
	 * @return array<string, array{0: string, 1: string, 2: string}>
	 */
	public function corpus() {
		$cases = array();
		foreach ( Config_Fixtures::files() as $file => $outcomes ) {
			foreach ( $outcomes as $profile => $outcome ) {
				$cases[ "$file $profile" ] = array( $file, $profile, $outcome );
			}
		}
		return $cases;
	}

	public function test_the_corpus_is_large_and_varied() {
		$bases = glob( Config_Fixtures::DIR . '/*.php' );
		$this->assertCount( count( $bases ), Config_Fixtures::expected(), 'Every base has its expected outcomes, and only bases are committed.' );
		$this->assertGreaterThanOrEqual( 60, count( Config_Fixtures::files() ) );
		$this->assertCount( 3 * count( $bases ), Config_Fixtures::files() );
		$outcomes = array_count_values( wp_list_pluck( $this->corpus(), 2 ) );
		$this->assertGreaterThan( 20, $outcomes['ok'] );
		$this->assertGreaterThan( 20, $outcomes['triage_config_foreign'] );
	}

	public function test_variants_are_their_base_with_crlf_or_a_byte_order_mark() {
		foreach ( array_keys( Config_Fixtures::expected() ) as $base ) {
			$lf = Config_Fixtures::source( "$base.php" );
			$this->assertStringNotContainsString( "\r", $lf, "$base.php must be LF only, or its CRLF variant is not one." );
			$this->assertNotSame( 0, strncmp( $lf, "\xEF\xBB\xBF", 3 ), "$base.php must not start with a byte-order mark." );
			$this->assertSame( str_replace( "\n", "\r\n", $lf ), Config_Fixtures::source( "$base-crlf.php" ) );
			$this->assertSame( "\xEF\xBB\xBF" . $lf, Config_Fixtures::source( "$base-bom.php" ) );
		}
	}

	/**
	 * @dataProvider corpus
	 */
	public function test_profile_on_then_off_is_byte_identical( $file, $profile, $outcome ) {
		$original = Config_Fixtures::source( $file );
		$this->assertTrue( Config_Parser::validate( $original ), "$file must be valid PHP to begin with." );
		$editor = new Config_Editor( new Config_Parser() );
		$values = Debug_Profiles::values( $profile, self::LOG_FILE );

		$applied = $editor->apply( $original, $values );

		if ( 'ok' !== $outcome ) {
			$this->assertWPError( $applied );
			$this->assertSame( $outcome, $applied->get_error_code() );
			$this->assertNotEmpty( $applied->get_error_message() );
			$data = $applied->get_error_data();
			$this->assertSame( 409, $data['status'] );
			$this->assertNotEmpty( $data['blockers'] );
			$this->assertStringContainsString( "define( 'WP_DEBUG', true );", $data['manual'] );
			return;
		}

		$this->assertIsArray( $applied, is_wp_error( $applied ) ? $applied->get_error_message() : '' );
		$this->assertTrue( Config_Parser::validate( $applied['source'] ), "$file no longer parses with $profile." );
		$this->assertSame( $values, $this->effective_values( $applied['source'], array_keys( $values ) ), 'The new file does not set the profile.' );
		$this->assertSame( $this->untouched( $original, array_keys( $values ) ), $this->untouched( $applied['source'], array_keys( $values ) ), 'Bytes outside the edited statements changed.' );
		$this->assertSame( 0 === strncmp( $original, "\xEF\xBB\xBF", 3 ), 0 === strncmp( $applied['source'], "\xEF\xBB\xBF", 3 ), 'The byte-order mark changed.' );
		if ( false !== strpos( $original, "\r\n" ) ) {
			$this->assertSame( 0, preg_match( "/(?<!\r)\n/", $applied['source'] ), 'A CRLF file got LF line endings.' );
		}

		$restored = $editor->restore( $applied['source'], $applied['edits'] );
		$this->assertIsArray( $restored );
		$this->assertSame( bin2hex( $original ), bin2hex( $restored['source'] ), "$file is not byte-identical after $profile on and off." );
	}

	/**
	 * The first editable value of each constant, evaluated (literals only, as Triage writes them).
	 *
	 * @param string[] $names Constant names.
	 */
	private function effective_values( string $source, array $names ): array {
		$parsed = ( new Config_Parser() )->parse( $source );
		$values = array();
		foreach ( $names as $name ) {
			foreach ( $parsed['defines'] as $define ) {
				if ( $define['name'] === $name ) {
					$values[ $name ] = $this->literal_value( $define['value'] );
					break;
				}
			}
		}
		return $values;
	}

	/**
	 * The value of a literal Triage writes (true, false, an integer or a single-quoted string).
	 *
	 * @return mixed
	 */
	private function literal_value( string $literal ) {
		$lower = strtolower( $literal );
		if ( 'true' === $lower || 'false' === $lower ) {
			return 'true' === $lower;
		}
		if ( preg_match( '/^-?\d+$/', $literal ) ) {
			return (int) $literal;
		}
		if ( preg_match( "/^'(.*)'$/s", $literal, $match ) ) {
			return str_replace( array( "\\'", '\\\\' ), array( "'", '\\' ), $match[1] );
		}
		return $literal;
	}

	/**
	 * The source with every define() of the given names cut out (with Triage's whole added lines).
	 *
	 * @param string[] $names Constant names.
	 */
	private function untouched( string $source, array $names ): string {
		$parsed = ( new Config_Parser() )->parse( $source );
		$cuts   = array();
		foreach ( $parsed['defines'] as $define ) {
			if ( ! in_array( $define['name'], $names, true ) ) {
				continue;
			}
			$end  = $define['end'];
			$rest = substr( $source, $end, strlen( Config_Editor::ADDED_COMMENT ) + 3 );
			if ( 0 === strpos( $rest, ' ' . Config_Editor::ADDED_COMMENT ) ) {
				$end += 1 + strlen( Config_Editor::ADDED_COMMENT );
				$end += "\r\n" === substr( $source, $end, 2 ) ? 2 : 1;
			}
			$cuts[] = array( $define['start'], $end );
		}
		foreach ( array_reverse( $cuts ) as $cut ) {
			$source = substr( $source, 0, $cut[0] ) . substr( $source, $cut[1] );
		}
		return $source;
	}

	private function assertWPError( $actual ) {
		$this->assertInstanceOf( WP_Error::class, $actual );
	}
}
