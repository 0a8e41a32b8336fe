#!/usr/bin/env bash
# Starts or stops a private MariaDB on 127.0.0.1:$DB_PORT with its data under .cache/lab/mariadb.
# Usage: tests/lab/mariadb.sh start|stop|create-db NAME
set -euo pipefail
. "$(dirname "$0")/common.sh"

data="$LAB_DIR/mariadb/data"
pidfile="$LAB_DIR/mariadb/mysqld.pid"

client() { mariadb --protocol=socket --socket="$DB_SOCKET" -uroot "$@"; }

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

start() {
	command -v mariadbd >/dev/null || die "mariadbd not found: install mariadb-server (bin/setup.sh does)"
	if running; then
		return 0
	fi
	lab_dir_prepare
	mkdir -p "$LAB_DIR/mariadb"
	if [ ! -d "$data/mysql" ]; then
		log "initialising MariaDB data directory"
		mariadb-install-db --user="$(id -un)" --datadir="$data" --auth-root-authentication-method=socket \
			--skip-test-db >"$LAB_DIR/mariadb/install.log" 2>&1 || { cat "$LAB_DIR/mariadb/install.log" >&2; die "mariadb-install-db failed"; }
	fi
	log "starting MariaDB on $DB_HOST:$DB_PORT"
	mariadbd --no-defaults --user="$(id -un)" --datadir="$data" --socket="$DB_SOCKET" --pid-file="$pidfile" \
		--port="$DB_PORT" --bind-address="$DB_HOST" --skip-name-resolve \
		--innodb-buffer-pool-size=64M --innodb-flush-log-at-trx-commit=2 --max-connections=200 \
		--log-error="$LAB_DIR/mariadb/error.log" >/dev/null 2>&1 &
	local pid=$!
	local deadline=$((SECONDS + 60))
	until client -e 'SELECT 1' >/dev/null 2>&1; do
		if [ "$SECONDS" -ge "$deadline" ] || ! kill -0 "$pid" 2>/dev/null; then
			tail -n 15 "$LAB_DIR/mariadb/error.log" 2>/dev/null | sed 's/^/[lab]   /' >&2
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
