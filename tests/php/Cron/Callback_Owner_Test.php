<?php
/**
 * Callbacks of every kind, defined in real files of a plugin, a theme, a must-use plugin and core.
 *
 * @package Triage
 */

use Triage\Cron\Callback_Owner;
use Triage\Logs\Log_Attributor;

/**
 * Attribution of cron callbacks.
 */
class Callback_Owner_Test extends WP_UnitTestCase {

	/**
	 * Closures returned by the fixture files, by owner.
	 *
	 * @var array<string, Closure>
	 */
	private static $closures = array();

	/**
	 * Loads the fixture files once (they define functions and classes).
	 *
	 * @return void
	 */
	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		$root = self::root();
		if ( ! self::$closures ) {
			self::$closures = array(
				'plugin'    => require $root . '/wp-content/plugins/acme-sync/acme-sync.php',
				'theme'     => require $root . '/wp-content/themes/acme-theme/functions.php',
				'mu-plugin' => require $root . '/wp-content/mu-plugins/host-loader.php',
			);
			require_once $root . '/wp-includes/cron-core.php';
		}
	}

	/**
	 * The fixture site.
	 *
	 * @return string
	 */
	private static function root() {
		return __DIR__ . '/fixtures/site';
	}

	/**
	 * Owner over the fixture site, laid out as Log_Attributor expects.
	 *
	 * @return Callback_Owner
	 */
	private function owner() {
		$root = self::root();
		return new Callback_Owner(
			new Log_Attributor( $root . '/wp-content/plugins', $root . '/wp-content/mu-plugins', array( $root . '/wp-content/themes' ), $root . '/' ),
			$root . '/'
		);
	}

	/**
	 * Callbacks and who owns them.
	 *
	 * @return array<string, array{0: callable(): mixed, 1: string, 2: string, 3: string}>
	 */
	public function callbacks() {
		return array(
			'plugin function'          => array( static fn() => 'triage_test_acme_sync_function', 'plugin', 'acme-sync', 'triage_test_acme_sync_function' ),
			'plugin static string'     => array( static fn() => 'Triage_Test_Acme_Sync::run_static', 'plugin', 'acme-sync', 'Triage_Test_Acme_Sync::run_static' ),
			'plugin static array'      => array( static fn() => array( 'Triage_Test_Acme_Sync', 'run_static' ), 'plugin', 'acme-sync', 'Triage_Test_Acme_Sync::run_static' ),
			'plugin object method'     => array( static fn() => array( new Triage_Test_Acme_Sync(), 'run' ), 'plugin', 'acme-sync', 'Triage_Test_Acme_Sync->run' ),
			'plugin invokable'         => array( static fn() => new Triage_Test_Acme_Sync(), 'plugin', 'acme-sync', 'Triage_Test_Acme_Sync->__invoke' ),
			'plugin __call'            => array( static fn() => array( new Triage_Test_Acme_Magic(), 'anything' ), 'plugin', 'acme-sync', 'Triage_Test_Acme_Magic->anything' ),
			'plugin closure'           => array( static fn() => self::$closures['plugin'], 'plugin', 'acme-sync', '{closure}@acme-sync.php:18' ),
			'theme object method'      => array( static fn() => array( new Triage_Test_Acme_Theme(), 'refresh' ), 'theme', 'acme-theme', 'Triage_Test_Acme_Theme->refresh' ),
			'theme closure'            => array( static fn() => self::$closures['theme'], 'theme', 'acme-theme', '{closure}@functions.php:21' ),
			'mu-plugin function'       => array( static fn() => 'triage_test_host_loader_purge', 'mu-plugin', 'host-loader', 'triage_test_host_loader_purge' ),
			'mu-plugin closure'        => array( static fn() => self::$closures['mu-plugin'], 'mu-plugin', 'host-loader', '{closure}@host-loader.php:15' ),
			'core function'            => array( static fn() => 'triage_test_core_cleanup', 'core', 'wordpress', 'triage_test_core_cleanup' ),
			'PHP built-in'             => array( static fn() => 'phpinfo', 'php', 'php', 'phpinfo' ),
			'missing function'         => array( static fn() => 'triage_test_no_such_function', 'unknown', '', 'triage_test_no_such_function' ),
			'missing class'            => array( static fn() => array( 'Triage_Test_No_Such_Class', 'run' ), 'unknown', '', 'Triage_Test_No_Such_Class::run' ),
			'closure outside the site' => array( static fn() => static function () {}, 'unknown', '', '{closure}@Callback_Owner_Test.php:85' ),
		);
	}

	/**
	 * Each kind of callback names its file's owner.
	 *
	 * @dataProvider callbacks
	 *
	 * @param callable $make Returns the callback (classes load in setUpBeforeClass).
	 * @param string   $type Expected owner type.
	 * @param string   $slug Expected slug.
	 * @param string   $name Expected name.
	 */
	public function test_attributes_callbacks( $make, $type, $slug, $name ) {
		$described = $this->owner()->describe( $make() );
		$this->assertSame( $type, $described['owner']['type'] );
		$this->assertSame( $slug, $described['owner']['slug'] );
		$this->assertSame( $name, $described['name'] );
	}

	/**
	 * Hooked callbacks come back in priority order, each with its owner.
	 */
	public function test_lists_hooked_callbacks_by_priority() {
		add_action( 'triage_test_owner_hook', array( new Triage_Test_Acme_Theme(), 'refresh' ), 20 );
		add_action( 'triage_test_owner_hook', 'triage_test_acme_sync_function', 5 );
		add_action( 'triage_test_owner_hook', self::$closures['mu-plugin'] );
		$callbacks = $this->owner()->callbacks_of( 'triage_test_owner_hook' );
		$this->assertSame( array( 5, 10, 20 ), array_column( $callbacks, 'priority' ) );
		$this->assertSame( array( 'plugin', 'mu-plugin', 'theme' ), array_column( array_column( $callbacks, 'owner' ), 'type' ) );
		$this->assertSame( array(), $this->owner()->callbacks_of( 'triage_test_nobody_listens' ) );
	}

	/**
	 * On the real site, a core cron callback belongs to core through the same attribution as the Logs tab.
	 */
	public function test_real_core_callback_is_core() {
		$owner = new Callback_Owner( ( new \Triage\Logs\Log_Service( new \Triage\Logs\Log_Sources( new \Triage\Logs\Debug_Log_Location() ), new \Triage\Logs\Log_Archiver() ) )->attributor(), ABSPATH );
		$found = $owner->describe( 'wp_version_check' );
		$this->assertSame( 'core', $found['owner']['type'] );
		$this->assertSame( 'update.php', $found['owner']['file'] );
	}
}
