#!/usr/bin/env bash
# Stops the lab's nginx, PHP-FPM and MariaDB (not MariaDB with --keep-db: PHPUnit runs may be using it).
# Leaves files in place for inspection.
set -uo pipefail
. "$(dirname "$0")/common.sh"

run="$LAB_DIR/run"
if [ -f "$run/nginx.pid" ]; then
	nginx -p "$run" -c "$run/nginx.conf" -s stop 2>/dev/null || kill "$(cat "$run/nginx.pid")" 2>/dev/null
fi
if [ -f "$run/php-fpm.pid" ]; then
	kill "$(cat "$run/php-fpm.pid")" 2>/dev/null
	for _ in $(seq 1 50); do kill -0 "$(cat "$run/php-fpm.pid" 2>/dev/null)" 2>/dev/null || break; sleep 0.1; done
fi
rm -f "$run/nginx.pid" "$run/php-fpm.pid"
[ "${1:-}" = --keep-db ] || bash "$(dirname "$0")/mariadb.sh" stop
exit 0
