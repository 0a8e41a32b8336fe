<?php
/**
 * Names a hook callback and the plugin, theme, must-use plugin or core file that defines it.
 *
 * @package Triage
 */

namespace Triage\Cron;

use Triage\Logs\Log_Attributor;

defined( 'ABSPATH' ) || exit;

/**
 * Reflection takes a callback (function name, "Class::method", array( $object_or_class, 'method' ),
 * closure, invokable object) to the file it is defined in; the Logs tab's attribution then names the
 * owner, so the Cron tab and the Logs tab always agree on who a file belongs to.
 */
final class Callback_Owner {

	/**
	 * Attribution of paths (the Logs tab's).
	 *
	 * @var Log_Attributor
	 */
	private $attributor;

	/**
	 * ABSPATH with forward slashes and a trailing slash: files at the root (wp-settings.php) are core.
	 *
	 * @var string
	 */
	private $abspath;

	/**
	 * Takes the Logs tab's attribution.
	 *
	 * @param Log_Attributor $attributor Attribution of paths.
	 * @param string         $abspath    ABSPATH.
	 */
	public function __construct( Log_Attributor $attributor, string $abspath ) {
		$this->attributor = $attributor;
		$this->abspath    = rtrim( str_replace( '\\', '/', $abspath ), '/' ) . '/';
	}

	/**
	 * The callbacks hooked to an action, in the order WordPress runs them.
	 *
	 * @param string $hook Hook name.
	 * @return array<int, array{name: string, priority: int, file: string, line: int, owner: array{type: string, slug: string, file: string}}>
	 */
	public function callbacks_of( string $hook ): array {
		global $wp_filter;
		if ( ! isset( $wp_filter[ $hook ] ) || ! $wp_filter[ $hook ] instanceof \WP_Hook ) {
			return array();
		}
		$found     = array();
		$by_weight = $wp_filter[ $hook ]->callbacks;
		ksort( $by_weight );
		foreach ( $by_weight as $priority => $callbacks ) {
			foreach ( $callbacks as $callback ) {
				$found[] = array( 'priority' => (int) $priority ) + $this->describe( $callback['function'] );
			}
		}
		return $found;
	}

	/**
	 * One callback's name, definition and owner.
	 *
	 * @param mixed $callback Callback as stored in WP_Hook.
	 * @return array{name: string, file: string, line: int, owner: array{type: string, slug: string, file: string}}
	 */
	public function describe( $callback ): array {
		$name       = self::name( $callback );
		$reflection = self::reflect( $callback );
		$file       = '';
		$line       = 0;
		$internal   = false;
		if ( null !== $reflection ) {
			$internal = $reflection->isInternal();
			$file     = (string) $reflection->getFileName();
			$line     = (int) $reflection->getStartLine();
		}
		return array(
			'name'  => $name,
			'file'  => $file,
			'line'  => $line,
			'owner' => $this->owner_of( $file, $internal ),
		);
	}

	/**
	 * Owner of a file: the Logs tab's attribution, then core for WordPress's own root files.
	 *
	 * @param string $file     File path ('' when unknown).
	 * @param bool   $internal Whether the callback is built into PHP.
	 * @return array{type: string, slug: string, file: string}
	 */
	private function owner_of( string $file, bool $internal ): array {
		if ( $internal ) {
			return array(
				'type' => 'php',
				'slug' => 'php',
				'file' => '',
			);
		}
		$found = '' === $file ? null : $this->attributor->classify( $file );
		if ( null !== $found ) {
			return $found;
		}
		$normal = str_replace( '\\', '/', $file );
		if ( '' !== $file && 0 === strpos( $normal, $this->abspath ) && false === strpos( substr( $normal, strlen( $this->abspath ) ), '/' ) ) {
			return array(
				'type' => 'core',
				'slug' => 'wordpress', // phpcs:ignore WordPress.WP.CapitalPDangit -- a slug, not prose.
				'file' => substr( $normal, strlen( $this->abspath ) ),
			);
		}
		return array(
			'type' => 'unknown',
			'slug' => '',
			'file' => $normal,
		);
	}

	/**
	 * Reflection of a callback, or null when it cannot be resolved (a missing function or method).
	 *
	 * @param mixed $callback Callback.
	 * @return \ReflectionFunctionAbstract|null
	 */
	private static function reflect( $callback ): ?\ReflectionFunctionAbstract {
		try {
			if ( $callback instanceof \Closure ) {
				return new \ReflectionFunction( $callback );
			}
			if ( is_string( $callback ) ) {
				if ( false !== strpos( $callback, '::' ) ) {
					list( $class, $method ) = explode( '::', $callback, 2 );
					return self::method( $class, $method );
				}
				return function_exists( $callback ) ? new \ReflectionFunction( $callback ) : null;
			}
			if ( is_array( $callback ) && 2 === count( $callback ) && isset( $callback[0], $callback[1] ) && is_string( $callback[1] ) ) {
				$method = $callback[1];
				// array( $object, 'parent::method' ) is valid PHP; reflect on the named method of the parent.
				if ( 0 === strpos( $method, 'parent::' ) ) {
					$parent = get_parent_class( $callback[0] );
					return false === $parent ? null : self::method( $parent, substr( $method, 8 ) );
				}
				return is_object( $callback[0] ) || is_string( $callback[0] ) ? self::method( $callback[0], $method ) : null;
			}
			if ( is_object( $callback ) && method_exists( $callback, '__invoke' ) ) {
				return new \ReflectionMethod( $callback, '__invoke' );
			}
		} catch ( \ReflectionException $error ) {
			return null;
		}//end try
		return null;
	}

	/**
	 * Reflection of a method; a class that answers every call through __call() is reflected on that.
	 *
	 * @param object|string $target Object or class name.
	 * @param string        $method Method name.
	 * @return \ReflectionMethod|null
	 * @throws \ReflectionException When the class does not exist.
	 */
	private static function method( $target, string $method ): ?\ReflectionMethod {
		if ( is_string( $target ) && ! class_exists( $target, false ) ) {
			return null;
		}
		if ( method_exists( $target, $method ) ) {
			return new \ReflectionMethod( $target, $method );
		}
		foreach ( array( '__call', '__callStatic' ) as $magic ) {
			if ( method_exists( $target, $magic ) ) {
				return new \ReflectionMethod( $target, $magic );
			}
		}
		return null;
	}

	/**
	 * A readable name: function, Class::method (static), Class->method (object), closure with its place.
	 *
	 * @param mixed $callback Callback.
	 * @return string
	 */
	public static function name( $callback ): string {
		if ( is_string( $callback ) ) {
			return $callback;
		}
		if ( $callback instanceof \Closure ) {
			try {
				$reflection = new \ReflectionFunction( $callback );
				return sprintf( '{closure}@%s:%d', basename( (string) $reflection->getFileName() ), (int) $reflection->getStartLine() );
			} catch ( \ReflectionException $error ) {
				return '{closure}';
			}
		}
		if ( is_array( $callback ) && isset( $callback[0], $callback[1] ) && is_string( $callback[1] ) ) {
			if ( is_object( $callback[0] ) ) {
				return get_class( $callback[0] ) . '->' . $callback[1];
			}
			if ( is_string( $callback[0] ) ) {
				return $callback[0] . '::' . $callback[1];
			}
		}
		if ( is_object( $callback ) ) {
			return get_class( $callback ) . '->__invoke';
		}
		return '(invalid callback)';
	}
}
