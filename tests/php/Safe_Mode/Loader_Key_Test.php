<?php
/**
 * The loader's signing keys come from a random secret, never from public or sample salts alone.
 *
 * @package Triage
 */

require_once __DIR__ . '/Safe_Mode_Test_Case.php';

use Triage\Safe_Mode\Rescue_Links;

/**
 * Security review finding 1: a key derived only from AUTH_KEY/AUTH_SALT is public on sites whose salts are
 * empty, undefined or the sample phrase.
 */
class Loader_Key_Test extends Safe_Mode_Test_Case {

	const SAMPLE = 'put your unique phrase here';

	/**
	 * A base64url payload as the loader encodes it.
	 *
	 * @param array $data Payload.
	 * @return string
	 */
	private function payload( array $data ) {
		return rtrim( strtr( base64_encode( wp_json_encode( $data ) ), '+/', '-_' ), '=' );
	}

	public function test_a_cookie_signed_with_a_key_computed_from_the_salts_alone_is_refused() {
		$public  = hash_hmac( 'sha256', 'triage-safe-mode|' . AUTH_KEY, AUTH_SALT );
		$payload = $this->payload(
			array(
				'u' => 1,
				'e' => time() + 600,
				'k' => array(),
				'r' => 1,
			)
		);
		$this->assertNotSame( $public, Triage_Safe_Mode_Loader::key(), 'Whoever knows the salts must not know the key.' );
		$this->assertNull( Triage_Safe_Mode_Loader::decode( $payload . '.' . hash_hmac( 'sha256', $payload, $public ), time() ) );
		$this->assertNotNull( Triage_Safe_Mode_Loader::decode( $this->cookie_for( 1 ), time() ), 'Triage\'s own cookies still verify.' );
	}

	/**
	 * @dataProvider weak_salts
	 *
	 * @param mixed $auth_key  AUTH_KEY as a weak site has it.
	 * @param mixed $auth_salt AUTH_SALT as a weak site has it.
	 */
	public function test_weak_salts_are_ignored_and_the_key_rests_on_the_secret( $auth_key, $auth_salt ) {
		$secret = bin2hex( random_bytes( 32 ) );
		$key    = Triage_Safe_Mode_Loader::derive_key( 'safe-mode', $secret, $auth_key, $auth_salt );
		$this->assertSame( 64, strlen( $key ) );
		$this->assertNotSame( hash_hmac( 'sha256', 'triage-safe-mode|' . $auth_key, (string) $auth_salt ), $key );
		$this->assertSame( Triage_Safe_Mode_Loader::derive_key( 'safe-mode', $secret, null, null ), $key, 'A weak salt adds nothing and is not mixed in.' );
		$this->assertSame( '', Triage_Safe_Mode_Loader::derive_key( 'safe-mode', '', $auth_key, $auth_salt ), 'No secret, no key.' );
	}

	/**
	 * Salts a badly configured site may have.
	 *
	 * @return array<string, array{0: mixed, 1: mixed}>
	 */
	public function weak_salts() {
		return array(
			'undefined'      => array( null, null ),
			'empty'          => array( '', '' ),
			'sample phrase'  => array( self::SAMPLE, self::SAMPLE ),
			'one sample'     => array( 'a real-looking key of some length 123456', self::SAMPLE ),
			'sample wrapped' => array( ' ' . self::SAMPLE . ' ', ' ' . self::SAMPLE . ' ' ),
		);
	}

	public function test_real_salts_are_mixed_in_and_purposes_are_separated() {
		$secret = bin2hex( random_bytes( 32 ) );
		$first  = Triage_Safe_Mode_Loader::derive_key( 'safe-mode', $secret, 'salt-one-' . str_repeat( 'x', 40 ), 'salt-two-' . str_repeat( 'y', 40 ) );
		$second = Triage_Safe_Mode_Loader::derive_key( 'safe-mode', $secret, 'salt-one-' . str_repeat( 'z', 40 ), 'salt-two-' . str_repeat( 'y', 40 ) );
		$probe  = Triage_Safe_Mode_Loader::derive_key( 'probe', $secret, 'salt-one-' . str_repeat( 'x', 40 ), 'salt-two-' . str_repeat( 'y', 40 ) );
		$this->assertNotSame( $first, $second, 'Rotating the salts changes the key.' );
		$this->assertNotSame( $first, $probe );
		$this->assertNotSame( Triage_Safe_Mode_Loader::key(), Triage_Safe_Mode_Loader::probe_key() );
	}

	public function test_without_a_secret_nothing_verifies_and_nothing_is_created_by_verifying() {
		$cookie = $this->cookie_for( 1 );
		$link   = ( new Rescue_Links() )->create( 1, 3600, false );
		$token  = substr( $link['url'], -64 );
		$this->delete_secret();
		$this->assertSame( '', Triage_Safe_Mode_Loader::key() );
		$this->assertSame( '', Triage_Safe_Mode_Loader::probe_key() );
		$this->assertNull( Triage_Safe_Mode_Loader::decode( $cookie, time() ) );
		list( $payload ) = explode( '.', $cookie );
		$this->assertNull( Triage_Safe_Mode_Loader::decode( $payload . '.' . hash_hmac( 'sha256', $payload, '' ), time() ), 'An empty key signs nothing.' );
		$this->assertNull( Triage_Safe_Mode_Loader::consume_rescue( $token, time() ) );
		$this->assertFalse( get_site_option( Triage_Safe_Mode_Loader::SECRET_OPTION ), 'Verifying never writes a secret.' );
	}

	public function test_nothing_is_signed_when_no_secret_can_be_stored() {
		$this->delete_secret();
		$refuse = static function () {
			return 'not a secret';
		};
		// A secret that never reads back as 64 hex, as when the database refuses the write.
		add_filter( 'pre_site_option_' . Triage_Safe_Mode_Loader::SECRET_OPTION, $refuse );
		add_filter( 'pre_option_' . Triage_Safe_Mode_Loader::SECRET_OPTION, $refuse );
		$this->assertSame( '', $this->cookie_for( 1 ) );
		$sessions = new Triage\Safe_Mode\Safe_Mode_Sessions( Triage\Safe_Mode\Loader_Installer::for_this_site(), new Rescue_Links(), '__return_null' );
		$started  = $sessions->start( 1, array(), false, 3600, true );
		$this->assertInstanceOf( WP_Error::class, $started, 'No session without a secret.' );
		$this->assertSame( 'triage_safe_mode_no_secret', $started->get_error_code() );
		$this->assertSame(
			'',
			Triage_Safe_Mode_Loader::sign_probe(
				array(
					'u' => 1,
					'e' => time() + 60,
					'n' => str_repeat( 'a', 32 ),
				)
			)
		);
	}

	public function test_the_secret_is_random_stored_once_and_not_autoloaded() {
		$this->delete_secret();
		$secret = Triage_Safe_Mode_Loader::ensure_secret();
		$this->assertMatchesRegularExpression( '/^[a-f0-9]{64}$/', $secret );
		$this->assertSame( $secret, Triage_Safe_Mode_Loader::ensure_secret(), 'Created once.' );
		$this->assertNotSame( '', Triage_Safe_Mode_Loader::key() );
		if ( ! is_multisite() ) {
			global $wpdb;
			$autoload = $wpdb->get_var( $wpdb->prepare( "SELECT autoload FROM {$wpdb->options} WHERE option_name = %s", Triage_Safe_Mode_Loader::SECRET_OPTION ) );
			$this->assertContains( $autoload, array( 'no', 'off' ), 'Visitors never load it.' );
		}
	}

	public function test_signing_creates_the_secret_when_a_site_upgraded_without_reactivation() {
		$this->delete_secret();
		$cookie = $this->cookie_for( 3 );
		$this->assertNotFalse( get_site_option( Triage_Safe_Mode_Loader::SECRET_OPTION ) );
		$this->assertSame( 3, Triage_Safe_Mode_Loader::decode( $cookie, time() )['u'] );
	}

	/**
	 * Removes the secret and its cached copy.
	 *
	 * @return void
	 */
	private function delete_secret() {
		delete_site_option( Triage_Safe_Mode_Loader::SECRET_OPTION );
		$this->assertFalse( get_site_option( Triage_Safe_Mode_Loader::SECRET_OPTION ) );
	}
}
