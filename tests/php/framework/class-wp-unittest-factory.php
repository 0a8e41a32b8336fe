<?php
/**
 * Object factories for tests, with the create()/create_and_get()/create_many() API of core's test library.
 *
 * @package Triage
 */

/**
 * Holds one factory per object type.
 */
class WP_UnitTest_Factory {

	/**
	 * Users.
	 *
	 * @var WP_UnitTest_Factory_For_User
	 */
	public $user;

	/**
	 * Posts.
	 *
	 * @var WP_UnitTest_Factory_For_Post
	 */
	public $post;

	public function __construct() {
		$this->user = new WP_UnitTest_Factory_For_User();
		$this->post = new WP_UnitTest_Factory_For_Post();
	}
}

/**
 * Shared create_many/create_and_get on top of a type-specific create().
 */
abstract class WP_UnitTest_Factory_For_Thing {

	/**
	 * Counter that keeps generated names unique.
	 *
	 * @var int
	 */
	protected static $sequence = 0;

	/**
	 * Creates one object and returns its id.
	 *
	 * @param array $args Arguments.
	 * @return int
	 */
	abstract public function create( array $args = array() );

	/**
	 * Fetches an object by id.
	 *
	 * @param int $id Id.
	 * @return object
	 */
	abstract public function get_object_by_id( $id );

	/**
	 * Creates an object and returns it.
	 *
	 * @param array $args Arguments.
	 * @return object
	 */
	public function create_and_get( array $args = array() ) {
		return $this->get_object_by_id( $this->create( $args ) );
	}

	/**
	 * Creates several objects.
	 *
	 * @param int   $count How many.
	 * @param array $args  Arguments for each.
	 * @return int[]
	 */
	public function create_many( $count, array $args = array() ) {
		$ids = array();
		for ( $i = 0; $i < $count; $i++ ) {
			$ids[] = $this->create( $args );
		}
		return $ids;
	}

	/**
	 * The next unique number.
	 *
	 * @return int
	 */
	protected static function next() {
		return ++self::$sequence;
	}

	/**
	 * Fails loudly: a factory that silently returns 0 hides the real error.
	 *
	 * @param int|WP_Error $result Result of an insert function.
	 * @return int
	 */
	protected static function id_or_fail( $result ) {
		if ( is_wp_error( $result ) ) {
			throw new RuntimeException( 'Factory insert failed: ' . esc_html( $result->get_error_message() ) );
		}
		return (int) $result;
	}
}

/**
 * Users; role defaults to subscriber.
 */
class WP_UnitTest_Factory_For_User extends WP_UnitTest_Factory_For_Thing {

	/**
	 * Creates a user.
	 *
	 * @param array $args wp_insert_user() arguments.
	 * @return int
	 */
	public function create( array $args = array() ) {
		$n = self::next();
		return self::id_or_fail(
			wp_insert_user(
				array_merge(
					array(
						'user_login' => "user_$n",
						'user_pass'  => 'password',
						'user_email' => "user_$n@example.org",
						'role'       => 'subscriber',
					),
					$args
				)
			)
		);
	}

	/**
	 * Fetches a user.
	 *
	 * @param int $id User id.
	 * @return WP_User
	 */
	public function get_object_by_id( $id ) {
		return new WP_User( $id );
	}
}

/**
 * Posts; published posts by default.
 */
class WP_UnitTest_Factory_For_Post extends WP_UnitTest_Factory_For_Thing {

	/**
	 * Creates a post.
	 *
	 * @param array $args wp_insert_post() arguments.
	 * @return int
	 */
	public function create( array $args = array() ) {
		$n = self::next();
		return self::id_or_fail(
			wp_insert_post(
				array_merge(
					array(
						'post_title'   => "Post $n",
						'post_content' => "Content $n",
						'post_status'  => 'publish',
						'post_type'    => 'post',
					),
					$args
				),
				true
			)
		);
	}

	/**
	 * Fetches a post.
	 *
	 * @param int $id Post id.
	 * @return WP_Post|null
	 */
	public function get_object_by_id( $id ) {
		return get_post( $id );
	}
}
