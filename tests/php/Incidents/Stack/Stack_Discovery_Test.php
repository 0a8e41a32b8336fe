<?php
/**
 * Stack discovery on fixture /proc and configuration trees.
 *
 * @package Triage
 */

require_once __DIR__ . '/Stack_Test_Case.php';

/**
 * The running nginx / Apache / PHP-FPM masters, their configs, the block and pool serving the site, the logs.
 */
class Stack_Discovery_Test extends Stack_Test_Case {

	/**
	 * The lab-like tree's site.
	 *
	 * @return array
	 */
	private function lab_site() {
		return array(
			'site' => array(
				'host' => 'site.test',
				'port' => 8080,
				'root' => '/srv/lab/wordpress',
			),
		);
	}

	public function test_nginx_started_with_flags_is_found_from_proc_and_its_config_followed() {
		$stack = $this->discover( $this->fixture( 'nginx-lab' ), $this->lab_site() );
		$this->assertSame( 'proc', $stack->found_from() );
		$web = $stack->web();
		$this->assertSame( 'nginx', $web['software'] );
		$this->assertSame( 100, $web['pid'], 'The lab master (pid 100) serves the site, not the distribution\'s (pid 400).' );
		$this->assertSame( '/srv/lab/etc/nginx/nginx.conf', $web['config'] );
		$this->assertStringContainsString( 'nginx started with -c /srv/lab/etc/nginx/nginx.conf -p /srv/lab/ -e /srv/lab/logs/nginx-error.log (pid 100)', $web['from'] );
		$this->assertContains( '/srv/lab/etc/nginx/snippets/fastcgi.conf', $web['files'], 'Includes inside blocks are followed, relative to the config folder.' );
		$this->assertNotContains( '/etc/nginx/nginx.conf', $web['files'] );
	}

	public function test_masters_are_told_from_workers_and_other_programs() {
		$masters = ( new Triage\Incidents\Stack\Proc_Scanner( new Triage\Incidents\Stack\Stack_Files( $this->fixture( 'nginx-lab' ) ) ) )->masters();
		$this->assertSame( array( 100, 200, 400 ), array_column( $masters, 'pid' ), 'Workers (101, 201, 202, 401), MariaDB (300) and a process whose short name is not a server (500, whatever its title) are not masters.' );
		$this->assertSame( array( 'nginx', 'php-fpm', 'nginx' ), array_column( $masters, 'software' ) );
		$this->assertSame( 'daemon on; master_process on;', $masters[2]['flags']['globals'] );
		$this->assertSame( '/usr/sbin/nginx', $masters[2]['flags']['binary'] );
	}

	/**
	 * @return array
	 */
	public function command_lines() {
		return array(
			'php-fpm title'        => array( 'php-fpm', 'php-fpm: master process (/etc/php/8.3/fpm/php-fpm.conf)', array( 'config' => '/etc/php/8.3/fpm/php-fpm.conf' ) ),
			'php-fpm -y and -c'    => array(
				'php-fpm',
				"/usr/sbin/php-fpm8.2\0--nodaemonize\0-y\0/srv/fpm.conf\0-c\0/srv/php.ini\0",
				array(
					'binary'  => '/usr/sbin/php-fpm8.2',
					'config'  => '/srv/fpm.conf',
					'php_ini' => '/srv/php.ini',
				),
			),
			'php-fpm --fpm-config' => array(
				'php-fpm',
				"php-fpm\0--fpm-config=/srv/a.conf\0--prefix\0/srv\0",
				array(
					'binary' => 'php-fpm',
					'config' => '/srv/a.conf',
					'prefix' => '/srv',
				),
			),
			'nginx argv'           => array(
				'nginx',
				"nginx\0-p\0/srv/\0-e\0stderr\0",
				array(
					'binary'    => 'nginx',
					'prefix'    => '/srv/',
					'error_log' => 'stderr',
				),
			),
			'apache -f -d -D'      => array(
				'apache',
				"/usr/sbin/httpd\0-DFOREGROUND\0-f\0/srv/httpd.conf\0-d\0/srv\0-D\0SSL\0",
				array(
					'binary'      => '/usr/sbin/httpd',
					'defines'     => array( 'FOREGROUND', 'SSL' ),
					'config'      => '/srv/httpd.conf',
					'server_root' => '/srv',
				),
			),
		);
	}

	/**
	 * @dataProvider command_lines
	 */
	public function test_master_flags( $software, $cmdline, $flags ) {
		$this->assertSame( $software, Triage\Incidents\Stack\Proc_Scanner::software( $cmdline ) );
		$this->assertSame( $flags, Triage\Incidents\Stack\Proc_Scanner::flags( $software, $cmdline ) );
	}

	public function test_the_server_block_serving_the_site_is_chosen_with_inherited_timeouts() {
		$block = $this->discover( $this->fixture( 'nginx-lab' ), $this->lab_site() )->server_block();
		$this->assertNotNull( $block );
		$this->assertSame( '/srv/lab/etc/nginx/conf.d/b-site.conf', $block['file'] );
		$this->assertSame( 4, $block['line'] );
		$this->assertSame( array( 'site.test', 'www.site.test' ), $block['server_name'] );
		$this->assertSame( array( '127.0.0.1:8080' ), $block['listen'] );
		$this->assertSame( '/srv/lab/wordpress', $block['root'] );
		$this->assertSame( 'unix:/srv/lab/run/tiny.sock', $block['fastcgi_pass'], 'The upstream name resolves to its server.' );
		$this->assertSame( 30, $block['fastcgi_read_timeout'], 'Inherited from http; not the other block\'s 5 s or the default server\'s 1 h.' );
		$this->assertSame( 45, $block['proxy_read_timeout'] );
		$this->assertSame( '/srv/lab/logs/site-error.log', $block['error_log'] );
	}

	public function test_the_default_server_wins_when_no_name_matches() {
		$options = array(
			'site' => array(
				'host' => 'unknown.test',
				'port' => 8080,
				'root' => '/elsewhere',
			),
		);
		$block   = $this->discover( $this->fixture( 'nginx-lab' ), $options )->server_block();
		$this->assertSame( 'fastcgi_pass', 'fastcgi_pass' );
		$this->assertSame( '127.0.0.1:9000', $block['fastcgi_pass'] );
		$this->assertSame( 3600, $block['fastcgi_read_timeout'] );
	}

	public function test_no_logs_of_servers_that_do_not_serve_the_site() {
		$options = array(
			'site' => array(
				'host' => 'nowhere.test',
				'port' => 9999,
				'root' => '/nowhere',
			),
		);
		$stack   = $this->discover( $this->fixture( 'nginx-lab' ), $options );
		$this->assertNull( $stack->server_block() );
		$this->assertSame( array(), $this->paths( $stack, 'web-error' ), 'Two nginx masters run and neither serves port 9999 or /nowhere.' );
		$this->assertStringContainsString( '2 web servers run on this machine and none has a server block for nowhere.test on port 9999', implode( ' ', $stack->notes() ) );
		$this->assertNull( $stack->pool(), 'Two pools and nothing says which.' );
		$this->assertSame( array( '/srv/lab/logs/php-fpm.log' ), $this->paths( $stack, 'fpm' ), 'The only PHP-FPM master\'s own log is still this site\'s.' );
	}

	public function test_wordpress_in_a_folder_of_the_root_and_a_linked_root_match() {
		$root = $this->copy_fixture( 'nginx-lab' );
		mkdir( $root . '/srv/lab/wordpress/wp' );
		symlink( $root . '/srv/lab/wordpress', $root . '/srv/lab/current' );
		$folder = $this->discover(
			$root,
			array(
				'site' => array(
					'host' => 'elsewhere.test',
					'port' => 80,
					'root' => '/srv/lab/wordpress/wp',
				),
			)
		);
		$this->assertSame( '/srv/lab/etc/nginx/conf.d/b-site.conf', $folder->server_block()['file'], 'ABSPATH inside the block\'s root outweighs the port.' );

		file_put_contents( $root . '/srv/lab/etc/nginx/conf.d/b-site.conf', str_replace( 'root /srv/lab/wordpress;', 'root /srv/lab/current;', file_get_contents( $root . '/srv/lab/etc/nginx/conf.d/b-site.conf' ) ) );
		$linked = $this->discover(
			$root,
			array(
				'site' => array(
					'host' => 'elsewhere.test',
					'port' => 80,
					'root' => '/srv/lab/wordpress',
				),
			)
		);
		$this->assertSame( '/srv/lab/current', $linked->server_block()['root'] );
		$this->assertSame( 100, $linked->web()['pid'], 'A root reached through a symbolic link is the same folder.' );
	}

	public function test_nginx_default_timeout_is_60_seconds_when_unset() {
		$options = array(
			'site' => array(
				'host' => 'localhost',
				'port' => 80,
				'root' => '/var/www/html',
			),
		);
		$stack   = $this->discover( $this->fixture( 'nginx-lab' ), $options );
		$this->assertSame( 400, $stack->web()['pid'] );
		$this->assertSame( '/etc/nginx/nginx.conf', $stack->web()['config'] );
		$this->assertSame( 300, $stack->server_block()['fastcgi_read_timeout'] );

		$hidden = $this->discover(
			$this->fixture( 'hidden' ),
			array(
				'site' => array(
					'host' => 'hidden.test',
					'port' => 80,
					'root' => '/var/www/hidden',
				),
			)
		);
		$this->assertSame( 60, $hidden->server_block()['fastcgi_read_timeout'] );
		$this->assertFalse( $hidden->server_block()['fastcgi_read_timeout_set'] );
	}

	public function test_the_pool_is_the_one_fastcgi_pass_connects_to() {
		$stack = $this->discover( $this->fixture( 'nginx-lab' ), $this->lab_site() );
		$fpm   = $stack->fpm();
		$this->assertSame( 200, $fpm['pid'] );
		$this->assertSame( '/srv/lab/etc/php/fpm/php-fpm.conf', $fpm['config'] );
		$this->assertSame( array( 'tiny', 'www' ), $fpm['pools'] );
		$pool = $stack->pool();
		$this->assertSame( 'tiny', $pool['name'] );
		$this->assertSame( '/srv/lab/etc/php/fpm/pool.d/tiny.conf', $pool['file'] );
		$this->assertSame( 'static', $pool['pm'] );
		$this->assertSame( 1, $pool['max_children'] );
		$this->assertSame( 120, $pool['request_terminate_timeout'] );
		$this->assertSame( '/srv/lab/logs/tiny-slow.log', $pool['slowlog'], '$pool is replaced by the pool name.' );
		$this->assertSame( '/srv/lab/logs/php-tiny.log', $pool['error_log'] );
	}

	public function test_fpm_get_status_names_the_pool() {
		$stack = $this->discover( $this->fixture( 'nginx-lab' ), $this->lab_site() + array( 'fpm_status' => array( 'pool' => 'www' ) ) );
		$this->assertSame( 'www', $stack->pool()['name'] );
		$this->assertSame( 90, $stack->pool()['request_terminate_timeout'], 'A trailing "; comment" is not part of the value.' );
	}

	public function test_logs_come_from_the_running_configs_with_where_they_were_found() {
		$stack = $this->discover( $this->fixture( 'nginx-lab' ), $this->lab_site() );
		$this->assertSame( array( '/srv/lab/logs/site-error.log', '/srv/lab/logs/nginx-error.log' ), $this->paths( $stack, 'web-error' ), 'The server block\'s log first, then the master\'s (-e).' );
		$this->assertSame( array( '/srv/lab/logs/access.log' ), $this->paths( $stack, 'web-access' ) );
		$this->assertSame( array( '/srv/lab/logs/php-fpm.log' ), $this->paths( $stack, 'fpm' ) );
		$this->assertSame( array( '/srv/lab/logs/tiny-slow.log' ), $this->paths( $stack, 'fpm-slow' ) );
		$this->assertSame( array( '/srv/lab/logs/php-tiny.log' ), $this->paths( $stack, 'php' ) );
		$site = $this->log( $stack, 'web-error' );
		$this->assertSame( 'error_log in /srv/lab/etc/nginx/conf.d/b-site.conf line 8 (server block), nginx started with -c /srv/lab/etc/nginx/nginx.conf -p /srv/lab/ -e /srv/lab/logs/nginx-error.log (pid 100)', $site['from'] );
		$this->assertTrue( $site['readable'] );
		$this->assertNull( $site['fix'] );
		$this->assertMatchesRegularExpression( '/^0[0-7]{3}$/', $site['mode'] );
		$this->assertSame( 'tiny', $this->log( $stack, 'fpm-slow' )['pool'] );
		$this->assertNotContains( '/var/log/nginx/error.log', $this->paths( $stack, 'web-error' ), 'The unused distribution log is not this site\'s.' );
	}

	public function test_nginx_default_error_log_is_prefix_relative_without_e() {
		$root = $this->copy_fixture( 'nginx-lab' );
		file_put_contents( $root . '/proc/100/cmdline', 'nginx: master process nginx -c /srv/lab/etc/nginx/nginx.conf -p /srv/lab' );
		$this->remove_var_log_nginx( $root );
		$stack = $this->discover( $root, $this->lab_site() );
		$this->assertContains( '/srv/lab/logs/error.log', $this->paths( $stack, 'web-error' ) );
		$this->assertStringContainsString( 'compiled-in default', $this->log_for( $stack, '/srv/lab/logs/error.log' )['from'] );
	}

	public function test_g_flag_error_log_is_the_main_level_log() {
		$root = $this->copy_fixture( 'nginx-lab' );
		file_put_contents( $root . '/proc/100/cmdline', "nginx\0-c\0/srv/lab/etc/nginx/nginx.conf\0-p\0/srv/lab/\0-g\0error_log /srv/lab/logs/from-g.log; daemon off;\0" );
		$stack = $this->discover( $root, $this->lab_site() );
		$this->assertSame( 100, $stack->web()['pid'] );
		$this->assertContains( '/srv/lab/logs/from-g.log', $this->paths( $stack, 'web-error' ) );
	}

	public function test_unreadable_logs_say_owner_mode_and_the_exact_fix() {
		$root = $this->copy_fixture( 'nginx-lab' );
		chmod( $root . '/srv/lab/logs/php-fpm.log', 0600 );
		$stack = $this->discover( $root, $this->lab_site() );
		$fpm   = $this->log( $stack, 'fpm' );
		$this->assertFalse( $fpm['readable'] );
		$this->assertSame( '0600', $fpm['mode'] );
		$owner = posix_getpwuid( fileowner( $root . '/srv/lab/logs/php-fpm.log' ) )['name'];
		$group = posix_getgrgid( filegroup( $root . '/srv/lab/logs/php-fpm.log' ) )['name'];
		$this->assertSame( $owner, $fpm['owner'] );
		$this->assertSame( $group, $fpm['group'] );
		$this->assertStringStartsWith( "php-fpm.log is $owner:$group 0600; make it 0640 $owner:adm and add www-data to adm", $fpm['fix'] );
		$this->assertStringContainsString( 'or set the pool\'s error_log to a file PHP can read', $fpm['fix'] );
		$this->assertTrue( $this->log( $stack, 'fpm-slow' )['readable'], 'One unreadable log leaves the others readable.' );
	}

	public function test_a_log_readable_by_its_group_asks_to_join_that_group() {
		$root = $this->copy_fixture( 'hidden' );
		chmod( $root . '/var/log/nginx/error.log', 0640 );
		chgrp( $root . '/var/log/nginx/error.log', 'adm' );
		$stack = $this->discover( $root );
		$log   = $this->log_for( $stack, '/var/log/nginx/error.log' );
		$this->assertFalse( $log['readable'] );
		$this->assertStringContainsString( 'add www-data to the adm group and restart PHP-FPM', $log['fix'] );
	}

	public function test_an_unreadable_include_is_a_note_not_a_warning() {
		$root = $this->copy_fixture( 'nginx-lab' );
		chmod( $root . '/srv/lab/etc/php/fpm/pool.d/www.conf', 0600 );
		chmod( $root . '/srv/lab/etc/nginx/conf.d/a-other.conf', 0600 );
		$stack = $this->discover( $root, $this->lab_site() );
		$this->assertSame( array( 'tiny' ), $stack->fpm()['pools'] );
		$notes = implode( "\n", $stack->notes() );
		$this->assertStringContainsString( '/srv/lab/etc/php/fpm/pool.d/www.conf (included from /srv/lab/etc/php/fpm/php-fpm.conf line 5) cannot be read by PHP', $notes );
		$this->assertStringContainsString( '/srv/lab/etc/nginx/conf.d/a-other.conf (included from /srv/lab/etc/nginx/nginx.conf line 12) cannot be read by PHP', $notes );
		$this->assertSame( 'unix:/srv/lab/run/tiny.sock', $stack->server_block()['fastcgi_pass'] );
	}

	public function test_a_master_of_another_user_is_not_trusted() {
		$root = $this->copy_fixture( 'nginx-lab' );
		file_put_contents( $root . '/proc/100/status', "Name:\tnginx\nPPid:\t1\nUid:\t1234\t1234\t1234\t1234\n" );
		$stack = $this->discover( $root, $this->lab_site() + array( 'trusted_uids' => array( 0, 33 ) ) );
		$this->assertSame( 400, $stack->web()['pid'], 'Only the root-owned master is read.' );
		$this->assertNotContains( '/srv/lab/logs/site-error.log', $this->paths( $stack, 'web-error' ) );
		$this->assertStringContainsString( 'A nginx master (pid 100) runs as user 1234, neither root nor the user PHP runs as', implode( ' ', $stack->notes() ) );
	}

	public function test_apache_vhost_handler_and_timeouts() {
		$stack = $this->discover(
			$this->fixture( 'apache' ),
			array(
				'site' => array(
					'host' => 'www.blog.test',
					'port' => 80,
					'root' => '/srv/blog',
				),
			)
		);
		$this->assertSame( 'proc', $stack->found_from() );
		$web = $stack->web();
		$this->assertSame( 'apache', $web['software'] );
		$this->assertSame( 500, $web['pid'], 'The worker (parent 500) is not a master.' );
		$this->assertSame( '/etc/apache2/apache2.conf', $web['config'] );
		$block = $stack->server_block();
		$this->assertSame( '/etc/apache2/sites-enabled/blog.conf', $block['file'] );
		$this->assertSame( array( 'blog.test', 'www.blog.test', 'blog.example' ), $block['server_name'] );
		$this->assertSame( '/srv/blog', $block['root'] );
		$this->assertSame( 'unix:/run/php/php8.2-fpm.sock', $block['fastcgi_pass'], 'The global SetHandler of conf-enabled applies.' );
		$this->assertSame( 90, $block['fastcgi_read_timeout'], 'ProxyTimeout wins over Timeout 300; the IfDefine for an unset -D is skipped.' );
		$this->assertSame( array( '/var/log/apache2/blog-error.log', '/var/log/apache2/error.log' ), $this->paths( $stack, 'web-error' ), '${APACHE_LOG_DIR} comes from envvars.' );
		$this->assertSame( 'www', $stack->pool()['name'] );
		$this->assertSame( array( '/var/log/php8.2-fpm.log' ), $this->paths( $stack, 'fpm' ) );
	}

	public function test_apache_default_vhost_logs_for_another_site() {
		$stack = $this->discover(
			$this->fixture( 'apache' ),
			array(
				'site' => array(
					'host' => 'localhost',
					'port' => 80,
					'root' => '/var/www/html',
				),
			)
		);
		$this->assertSame( '/etc/apache2/sites-enabled/000-default.conf', $stack->server_block()['file'] );
		$this->assertSame( '/var/log/apache2/default-error.log', $stack->server_block()['error_log'] );
		$this->assertSame( 300, $stack->server_block()['fastcgi_read_timeout'] );
	}

	public function test_hidden_proc_falls_back_to_the_usual_paths_and_says_so() {
		$stack = $this->discover(
			$this->fixture( 'hidden' ),
			array(
				'site' => array(
					'host' => 'hidden.test',
					'port' => 80,
					'root' => '/var/www/hidden',
				),
			)
		);
		$this->assertSame( 'fallback', $stack->found_from() );
		$this->assertSame( 'nginx', $stack->web()['software'] );
		$this->assertNull( $stack->web()['pid'] );
		$this->assertStringContainsString( 'no running nginx master visible in /proc', $stack->web()['from'] );
		$this->assertStringContainsString( '/proc shows no nginx, Apache or PHP-FPM master', implode( ' ', $stack->notes() ) );
		$this->assertSame( 'www', $stack->pool()['name'] );
		$this->assertSame( array( '/var/log/nginx/error.log' ), $this->paths( $stack, 'web-error' ) );
		$this->assertSame( array( '/var/log/php8.2-fpm.log' ), $this->paths( $stack, 'fpm' ) );
		$this->assertFalse( $this->log( $stack, 'fpm' )['readable'], 'A log that does not exist is not readable.' );
		$this->assertNull( $this->log( $stack, 'fpm' )['fix'], 'Nothing to fix in a log that was not written yet.' );
		$this->assertSame( '/var/log/mysql/error.log', $stack->to_array()['database']['log_error'], 'my.cnf when the database cannot be asked.' );
		$this->assertStringContainsString( '50-server.cnf line 5', $stack->to_array()['database']['from'] );
	}

	public function test_no_proc_at_all_is_a_note() {
		$root = $this->copy_fixture( 'hidden' );
		unlink( $root . '/proc/4242/cmdline' );
		rmdir( $root . '/proc/4242' );
		rmdir( $root . '/proc' );
		$stack = $this->discover( $root );
		$this->assertSame( 'fallback', $stack->found_from() );
		$this->assertStringContainsString( '/proc cannot be listed', implode( ' ', $stack->notes() ) );
	}

	public function test_database_log_error_relative_to_datadir() {
		$root = $this->copy_fixture( 'hidden' );
		wp_mkdir_p( $root . '/var/lib/mysql' );
		chmod( $root . '/var/lib/mysql', 0700 );
		$stack = $this->discover(
			$root,
			array(
				'database' => static function () {
					return array(
						'log_error' => './db1.err',
						'datadir'   => '/var/lib/mysql/',
					);
				},
			)
		);
		$this->assertSame( '/var/lib/mysql/db1.err', $stack->to_array()['database']['log_error'] );
		$log = $this->log( $stack, 'database' );
		$this->assertSame( 'mariadb', $log['software'] );
		$this->assertFalse( $log['readable'] );
		$this->assertStringStartsWith( '/var/lib/mysql is ', $log['fix'] );
		$this->assertStringContainsString( ' 0700, so www-data cannot look inside it for db1.err', $log['fix'] );
	}

	public function test_an_empty_tree_finds_nothing_and_says_why() {
		$root  = get_temp_dir() . 'triage-stack-empty-' . getmypid();
		$stack = $this->discover( $root );
		$this->assertSame( 'fallback', $stack->found_from() );
		$this->assertNull( $stack->web()['software'] );
		$this->assertNull( $stack->pool() );
		$this->assertSame( array(), $stack->logs() );
		$this->assertNotEmpty( $stack->notes() );
	}

	public function test_to_array_has_the_contract_shape() {
		$array = $this->discover( $this->fixture( 'nginx-lab' ), $this->lab_site() )->to_array();
		$this->assertSame( array( 'found_from', 'web', 'fpm', 'database', 'logs', 'notes' ), array_keys( $array ) );
		foreach ( array( 'software', 'pid', 'config', 'from', 'server_block' ) as $key ) {
			$this->assertArrayHasKey( $key, $array['web'] );
		}
		foreach ( array( 'file', 'line', 'listen', 'server_name', 'root', 'fastcgi_pass', 'fastcgi_read_timeout', 'proxy_read_timeout', 'error_log' ) as $key ) {
			$this->assertArrayHasKey( $key, $array['web']['server_block'] );
		}
		foreach ( array( 'name', 'file', 'listen', 'pm', 'max_children', 'request_terminate_timeout', 'slowlog', 'error_log' ) as $key ) {
			$this->assertArrayHasKey( $key, $array['fpm']['pool'] );
		}
		foreach ( $array['logs'] as $log ) {
			$this->assertSame( array( 'role', 'software', 'path', 'from', 'readable', 'owner', 'group', 'mode', 'fix', 'pool' ), array_keys( $log ) );
			$this->assertContains( $log['role'], array( 'web-error', 'fpm', 'fpm-slow', 'php', 'database', 'web-access' ) );
		}
		$this->assertSame( $array, json_decode( wp_json_encode( $array ), true ) );
	}

	public function test_discovery_is_cached_per_request_without_seams() {
		$discovery = new Triage\Incidents\Stack\Stack_Discovery( $this->fixture( 'hidden' ) );
		$this->assertSame( $discovery->discover(), ( new Triage\Incidents\Stack\Stack_Discovery( $this->fixture( 'hidden' ) ) )->discover() );
		Triage\Incidents\Stack\Stack_Discovery::flush();
	}

	public function test_discovery_can_be_turned_off() {
		Triage\Incidents\Stack\Stack_Discovery::flush();
		add_filter( 'triage_discover_stack', '__return_false' );
		$stack = ( new Triage\Incidents\Stack\Stack_Discovery() )->discover();
		Triage\Incidents\Stack\Stack_Discovery::flush();
		$this->assertSame( 'fallback', $stack->found_from() );
		$this->assertSame( array(), $stack->logs() );
		$this->assertStringContainsString( 'triage_discover_stack', implode( ' ', $stack->notes() ) );
	}

	/**
	 * The log with a path.
	 *
	 * @param Triage\Incidents\Stack\Running_Stack $stack Stack.
	 * @param string                               $path  Path.
	 * @return array|null
	 */
	private function log_for( $stack, $path ) {
		foreach ( $stack->logs() as $log ) {
			if ( $path === $log['path'] ) {
				return $log;
			}
		}
		return null;
	}

	/**
	 * Removes /var/log/nginx from a copy, so nginx looks like a source build.
	 *
	 * @param string $root Copy.
	 * @return void
	 */
	private function remove_var_log_nginx( $root ) {
		unlink( $root . '/var/log/nginx/error.log' );
		rmdir( $root . '/var/log/nginx' );
	}
}
