#!/usr/bin/env bash
# Starts or stops a private MariaDB on 127.0.0.1:$DB_PORT with its data under .cache/lab/mariadb (or $TRIAGE_LAB_DIR).
# Usage: tests/lab/mariadb.sh start|stop|create-db NAME
set -euo pipefail
. "$(dirname "$0")/common.sh"

data="$LAB_DIR/mariadb/data"
pidfile="$LAB_DIR/mariadb/mysqld.pid"

client() { mariadb --protocol=socket --socket="$DB_SOCKET" -uroot "$@"; }

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile" 2>/dev/null)" 2>/dev/null; }

# As on Debian: mysqld runs as mysql (when this runs as root and that user exists) from the lab's own
# my.cnf, which includes mariadb.conf.d/ where log_error names $LAB/var/log/mysql/error.log (mysql:mysql 0660,
# in a folder mysql:adm 0750: the PHP user cannot read it).
start() {
	command -v mariadbd >/dev/null || die "mariadbd not found: install mariadb-server (bin/setup.sh does)"
	if running; then
		return 0
	fi
	lab_dir_prepare
	# mysqld runs as mysql, which may not traverse a private clone: it is given the real paths, never the
	# link .cache/lab may be (tests/lab/common.sh).
	data="$LAB_REAL/mariadb/data"
	pidfile="$LAB_REAL/mariadb/mysqld.pid"
	local user etc="$LAB_REAL/etc/mysql" logdir="$LAB_REAL/var/log/mysql" socket="$LAB_REAL/mariadb/mysqld.sock"
	user="$(id -un)"
	[ "$(id -u)" -eq 0 ] && id mysql >/dev/null 2>&1 && user=mysql
	mkdir -p "$LAB_DIR/mariadb" "$etc/mariadb.conf.d" "$logdir"
	cat >"$etc/my.cnf" <<CNF
# The lab's MariaDB configuration (as Debian's /etc/mysql/my.cnf).
[client-server]
socket = $socket
port = $DB_PORT

!includedir $etc/mariadb.conf.d/
CNF
	cat >"$etc/mariadb.conf.d/50-server.cnf" <<CNF
[mysqld]
user = $user
pid-file = $pidfile
socket = $socket
port = $DB_PORT
datadir = $data
bind-address = $DB_HOST
skip-name-resolve
log_error = $logdir/error.log
innodb_buffer_pool_size = 64M
innodb_flush_log_at_trx_commit = 2
max_connections = 200
CNF
	chmod -R a+rX "$LAB_REAL/etc"
	if [ ! -d "$data/mysql" ]; then
		log "initialising MariaDB data directory"
		mariadb-install-db --user="$user" --datadir="$data" --auth-root-authentication-method=socket \
			--skip-test-db >"$LAB_DIR/mariadb/install.log" 2>&1 || { cat "$LAB_DIR/mariadb/install.log" >&2; die "mariadb-install-db failed"; }
	fi
	if [ "$user" = mysql ]; then
		# A data folder made by an earlier lab, when mysqld ran as root.
		chown -R mysql:mysql "$LAB_REAL/mariadb/"
		chown mysql:adm "$logdir" && chmod 0750 "$logdir"
	fi
	log "starting MariaDB on $DB_HOST:$DB_PORT"
	mariadbd --defaults-file="$etc/my.cnf" >/dev/null 2>&1 &
	local pid=$!
	local deadline=$((SECONDS + 60))
	until client -e 'SELECT 1' >/dev/null 2>&1; do
		if [ "$SECONDS" -ge "$deadline" ] || ! kill -0 "$pid" 2>/dev/null; then
			tail -n 15 "$logdir/error.log" 2>/dev/null | sed 's/^/[lab]   /' >&2
			die "MariaDB did not come up (its error log, above)"
		fi
		sleep 0.2
	done
	client -e "CREATE USER IF NOT EXISTS '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASSWORD';
		CREATE USER IF NOT EXISTS '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASSWORD';"
}

stop() {
	if running; then
		log "stopping MariaDB"
		kill "$(cat "$pidfile")"
		for _ in $(seq 1 100); do running || return 0; sleep 0.1; done
		kill -9 "$(cat "$pidfile")" 2>/dev/null || true
	fi
}

create_db() {
	local name="$1"
	client -e "DROP DATABASE IF EXISTS \`$name\`; CREATE DATABASE \`$name\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci;
		GRANT ALL ON \`$name\`.* TO '$DB_USER'@'127.0.0.1'; GRANT ALL ON \`$name\`.* TO '$DB_USER'@'localhost';"
}

case "${1:-}" in
	start) start ;;
	stop) stop ;;
	create-db) create_db "${2:?database name}" ;;
	*) die "usage: $0 start|stop|create-db NAME" ;;
esac
