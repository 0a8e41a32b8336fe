#!/usr/bin/env bash
# The lab's nginx and PHP-FPM, laid out like Debian's install under the lab folder (source it after common.sh
# and lab_dir_prepare). The masters are started from this tree, never from /etc: the distribution's own
# /etc/nginx/nginx.conf may exist and stays unused, which is the trap Triage must not fall into.
#
#   $LAB/etc/nginx/nginx.conf                  includes conf.d/*.conf and sites-enabled/*
#   $LAB/etc/nginx/sites-available/{default,wordpress,static}, linked from sites-enabled/
#                                              three server blocks on the lab's port; only "wordpress" serves
#                                              the site (default_server answers 444, "static" is another site
#                                              with a shorter fastcgi_read_timeout, served by pool www)
#   $LAB/etc/php/8.2/fpm/php-fpm.conf          include=$LAB/etc/php/8.2/fpm/pool.d/*.conf
#   $LAB/etc/php/8.2/fpm/pool.d/{www,wordpress}.conf   pool "wordpress" serves the site
#   $LAB/var/log/nginx/error.log, access.log   www-data:adm 0640, as Debian's logrotate creates them
#   $LAB/var/log/php8.2-fpm.log                root:root 0600: PHP-FPM creates it so
#   $LAB/var/log/php8.2-fpm-wordpress.slow.log the pool's slow log (PHP-FPM creates it)
#   $LAB/var/log/mysql/error.log               mysql:mysql 0660 (tests/lab/mariadb.sh; mysqld runs as mysql)
#   $LAB/run/nginx.pid, $LAB/run/php/          pid files and sockets
#
# The settings below are the lab's normal ones; tests/lab/provoke.sh writes overrides to $LAB/etc/triage-lab.env
# (read by stack_settings) and tests/lab/recover.sh removes them.

stack_paths() {
	ETC="$LAB_REAL/etc"
	NGINX_DIR="$ETC/nginx"
	NGINX_CONF="$NGINX_DIR/nginx.conf"
	FPM_DIR="$ETC/php/8.2/fpm"
	FPM_CONF="$FPM_DIR/php-fpm.conf"
	RUN="$LAB_REAL/run"
	VARLOG="$LAB_REAL/var/log"
	NGINX_LOG="$VARLOG/nginx/error.log"
	FPM_LOG="$VARLOG/php8.2-fpm.log"
	FPM_SLOWLOG="$VARLOG/php8.2-fpm-wordpress.slow.log"
	NGINX_PID="$RUN/nginx.pid"
	FPM_PID="$RUN/php/php8.2-fpm.pid"
	FPM_SOCK="$RUN/php/php8.2-fpm-wordpress.sock"
	FPM_WWW_SOCK="$RUN/php/php8.2-fpm.sock"
	FPM_TCP_PORT="${TRIAGE_FPM_TCP_PORT:-$((WEB_PORT + 1000))}"
	OVERRIDES="$ETC/triage-lab.env"
	SITE="$LAB_REAL/site"
}

# The normal settings, then whatever provoke.sh wrote.
stack_settings() {
	SITE_READ_TIMEOUT=120s     # fastcgi_read_timeout of the site's server block
	SITE_CONNECT_TIMEOUT=""    # fastcgi_connect_timeout (nginx's 60 s when empty)
	POOL_LISTEN=unix           # unix | tcp
	POOL_PM=dynamic
	POOL_MAX_CHILDREN=8
	POOL_BACKLOG=""            # listen.backlog (PHP-FPM's 511 when empty)
	POOL_TERMINATE=120s        # request_terminate_timeout
	POOL_MAX_EXECUTION=""      # php_admin_value[max_execution_time] (php.ini's when empty)
	POOL_SLOWLOG_TIMEOUT=2s    # request_slowlog_timeout
	# shellcheck disable=SC1090
	[ -f "$OVERRIDES" ] && . "$OVERRIDES"
	return 0
}

# Writes the whole config tree from the current settings.
stack_write_config() {
	mkdir -p "$NGINX_DIR/conf.d" "$NGINX_DIR/sites-available" "$NGINX_DIR/sites-enabled" "$NGINX_DIR/snippets" \
		"$FPM_DIR/pool.d" "$RUN/php" "$LAB_REAL/var/lib/nginx" "$VARLOG/nginx" "$LAB_REAL/var/www/html"
	cp /etc/nginx/mime.types /etc/nginx/fastcgi_params "$NGINX_DIR/"
	local pass="unix:$FPM_SOCK" listen="$FPM_SOCK"
	if [ "$POOL_LISTEN" = tcp ]; then
		pass="127.0.0.1:$FPM_TCP_PORT"
		listen="127.0.0.1:$FPM_TCP_PORT"
	fi

	cat >"$NGINX_CONF" <<CONF
user www-data;
worker_processes 1;
pid $NGINX_PID;
error_log $NGINX_LOG;

events {
	worker_connections 256;
}

http {
	sendfile on;
	tcp_nopush on;
	types_hash_max_size 2048;
	include $NGINX_DIR/mime.types;
	default_type application/octet-stream;
	access_log $VARLOG/nginx/access.log;
	gzip on;
	include $NGINX_DIR/conf.d/*.conf;
	include $NGINX_DIR/sites-enabled/*;
}
CONF
	cat >"$NGINX_DIR/conf.d/lab-paths.conf" <<CONF
# Where nginx keeps request bodies and buffered answers (Debian: /var/lib/nginx).
client_body_temp_path $LAB_REAL/var/lib/nginx/body;
fastcgi_temp_path $LAB_REAL/var/lib/nginx/fastcgi;
proxy_temp_path $LAB_REAL/var/lib/nginx/proxy;
uwsgi_temp_path $LAB_REAL/var/lib/nginx/uwsgi;
scgi_temp_path $LAB_REAL/var/lib/nginx/scgi;
client_max_body_size 32m;
CONF
	cat >"$NGINX_DIR/snippets/fastcgi-php.conf" <<CONF
# As Debian's snippets/fastcgi-php.conf.
fastcgi_split_path_info ^(.+?\.php)(/.*)\$;
try_files \$fastcgi_script_name =404;
include $NGINX_DIR/fastcgi_params;
fastcgi_param SCRIPT_FILENAME \$document_root\$fastcgi_script_name;
CONF
	cat >"$NGINX_DIR/sites-available/default" <<CONF
# Requests for names no site claims.
server {
	listen 127.0.0.1:$WEB_PORT default_server;
	server_name _;
	root $LAB_REAL/var/www/html;
	return 444;
}
CONF
	cat >"$NGINX_DIR/sites-available/static" <<CONF
# Another site on the same nginx (not the WordPress one): its own root, pool and shorter time-out.
server {
	listen 127.0.0.1:$WEB_PORT;
	server_name static.lab.test;
	root $LAB_REAL/var/www/html;
	index index.html index.php;
	error_log $VARLOG/nginx/static.error.log;
	location ~ \.php\$ {
		include $NGINX_DIR/snippets/fastcgi-php.conf;
		fastcgi_pass unix:$FPM_WWW_SOCK;
		fastcgi_read_timeout 5s;
	}
}
CONF
	{
		cat <<CONF
# The WordPress site.
server {
	listen 127.0.0.1:$WEB_PORT;
	server_name 127.0.0.1 localhost;
	root $SITE;
	index index.php;
	location / {
		try_files \$uri \$uri/ /index.php?\$args;
	}
	location ~ \.php\$ {
		try_files \$uri =404;
		include $NGINX_DIR/fastcgi_params;
		fastcgi_param SCRIPT_FILENAME \$document_root\$fastcgi_script_name;
		# Debian's fastcgi_params drop the port from HTTP_HOST; WordPress needs it on a non-80 port.
		fastcgi_param HTTP_HOST \$host:\$server_port;
		fastcgi_pass $pass;
		fastcgi_read_timeout $SITE_READ_TIMEOUT;
CONF
		[ -z "$SITE_CONNECT_TIMEOUT" ] || printf '\t\tfastcgi_connect_timeout %s;\n' "$SITE_CONNECT_TIMEOUT"
		printf '\t}\n}\n'
	} >"$NGINX_DIR/sites-available/wordpress"
	local name
	for name in default wordpress static; do
		ln -sfn "../sites-available/$name" "$NGINX_DIR/sites-enabled/$name"
	done
	[ -f "$LAB_REAL/var/www/html/index.html" ] || echo '<!doctype html><title>Welcome</title><p>Another site.</p>' >"$LAB_REAL/var/www/html/index.html"

	cat >"$FPM_CONF" <<CONF
[global]
pid = $FPM_PID
error_log = $FPM_LOG
daemonize = yes

include=$FPM_DIR/pool.d/*.conf
CONF
	cat >"$FPM_DIR/pool.d/www.conf" <<CONF
; Debian's default pool, serving the other site only.
[www]
user = www-data
group = www-data
listen = $FPM_WWW_SOCK
listen.owner = www-data
listen.group = www-data
pm = ondemand
pm.max_children = 2
pm.process_idle_timeout = 10s
CONF
	{
		cat <<CONF
; The pool serving WordPress.
[wordpress]
user = www-data
group = www-data
listen = $listen
listen.owner = www-data
listen.group = www-data
listen.mode = 0660
CONF
		[ -z "$POOL_BACKLOG" ] || echo "listen.backlog = $POOL_BACKLOG"
		echo "pm = $POOL_PM"
		echo "pm.max_children = $POOL_MAX_CHILDREN"
		if [ "$POOL_PM" = dynamic ]; then
			printf 'pm.start_servers = 3\npm.min_spare_servers = 2\npm.max_spare_servers = 4\n'
		fi
		cat <<CONF
pm.status_path = /fpm-status
request_terminate_timeout = $POOL_TERMINATE
request_slowlog_timeout = $POOL_SLOWLOG_TIMEOUT
slowlog = $FPM_SLOWLOG
catch_workers_output = yes
php_admin_value[memory_limit] = 256M
CONF
		[ -z "$POOL_MAX_EXECUTION" ] || echo "php_admin_value[max_execution_time] = $POOL_MAX_EXECUTION"
	} >"$FPM_DIR/pool.d/wordpress.conf"
	chmod -R a+rX "$ETC"
}

# The log files nginx opens as root: created first with Debian's owner and mode, which nginx keeps.
stack_prepare_logs() {
	local file
	mkdir -p "$VARLOG/nginx"
	chmod 755 "$LAB_REAL/var" "$VARLOG"
	chown root:adm "$VARLOG/nginx" && chmod 0755 "$VARLOG/nginx"
	for file in error.log access.log static.error.log; do
		[ -e "$VARLOG/nginx/$file" ] || install -m 0640 -o www-data -g adm /dev/null "$VARLOG/nginx/$file"
	done
}

# master_of PIDFILE TEXT: the pid in PIDFILE is alive and its command line names TEXT (a master killed with
# SIGKILL leaves its pid file behind, and on a busy machine the pid soon belongs to another process).
master_of() {
	local pid
	pid="$(cat "$1" 2>/dev/null)" || return 1
	[ -n "$pid" ] && tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -qF -- "$2"
}
fpm_running() { master_of "$FPM_PID" "($FPM_CONF)"; }
nginx_running() { master_of "$NGINX_PID" "$NGINX_CONF"; }

# As Debian's unit: php-fpm8.2 --fpm-config <conf> (the master shows "php-fpm: master process (<conf>)").
fpm_start() {
	fpm_running && return 0
	php-fpm8.2 --fpm-config "$FPM_CONF" 2>>"$RUN/php-fpm.startup.err" || return 1
	local _
	for _ in $(seq 1 50); do fpm_running && return 0; sleep 0.1; done
	return 1
}
# fpm_stop [SIGNAL]: TERM is a clean stop (PHP-FPM removes its socket).
fpm_stop() {
	fpm_running || { rm -f "$FPM_PID"; return 0; }
	local pid _
	pid="$(cat "$FPM_PID")"
	kill "-${1:-TERM}" "$pid" 2>/dev/null
	for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
	return 0
}
nginx_start() {
	nginx_running && return 0
	nginx -c "$NGINX_CONF" -p "$LAB_REAL/" -e "$NGINX_LOG" 2>>"$RUN/nginx.startup.err"
}
nginx_reload() {
	if nginx_running; then
		nginx -c "$NGINX_CONF" -p "$LAB_REAL/" -e "$NGINX_LOG" -s reload 2>>"$RUN/nginx.startup.err"
		sleep 0.3 # the old workers finish; new ones read the new config
	else
		nginx_start
	fi
}
nginx_stop() {
	nginx_running || { rm -f "$NGINX_PID"; return 0; }
	local pid _
	pid="$(cat "$NGINX_PID")"
	kill -TERM "$pid" 2>/dev/null
	for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	return 0
}

# stack_apply: rewrites the config from the settings, restarts PHP-FPM (a pool's listen and pm change only
# on a restart) and reloads nginx.
stack_apply() {
	stack_settings
	stack_write_config
	fpm_stop
	fpm_start || return 1
	nginx_reload
}

# wait_site_up [SECONDS]: the site answers 200 on wp-login.php.
wait_site_up() {
	local deadline=$((SECONDS + ${1:-20})) code
	while [ "$SECONDS" -lt "$deadline" ]; do
		code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$WEB_URL/wp-login.php" || true)"
		[ "$code" = 200 ] && return 0
		sleep 0.2
	done
	return 1
}

# site_php SCRIPT ARGS...: runs tests/lab/SCRIPT as the PHP-FPM user (a script that loads WordPress must not
# create files the site cannot write), from a copy under $RUN: in a clone inside a private folder the web
# user cannot read the original.
site_php() {
	local script="$1"
	shift
	mkdir -p "$RUN/lab-helpers"
	chmod 755 "$RUN/lab-helpers"
	install -m 0644 "$TRIAGE_ROOT/tests/lab/$script" "$RUN/lab-helpers/$script"
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u www-data -- php "$RUN/lab-helpers/$script" "$@"
	else
		php "$RUN/lab-helpers/$script" "$@"
	fi
}
