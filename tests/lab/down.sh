#!/usr/bin/env bash
# Stops the lab's nginx, PHP-FPM, the silent service of tests/lab/provoke.sh and MariaDB (not MariaDB with
# --keep-db: PHPUnit runs may be using it). Leaves files in place for inspection.
set -uo pipefail
. "$(dirname "$0")/common.sh"

lab_dir_prepare
. "$(dirname "$0")/stack.sh"
stack_paths
nginx_stop
fpm_stop
[ -f "$RUN/blackhole.pid" ] && kill "$(cat "$RUN/blackhole.pid")" 2>/dev/null
rm -f "$NGINX_PID" "$FPM_PID" "$RUN/blackhole.pid"
# A lab started before the Debian-like layout kept its pid files in run/.
old="$LAB_REAL/run"
if [ -f "$old/nginx.pid" ] && [ -f "$old/nginx.conf" ]; then
	nginx -p "$old" -c "$old/nginx.conf" -s stop 2>/dev/null || kill "$(cat "$old/nginx.pid")" 2>/dev/null
fi
if [ -f "$old/php-fpm.pid" ]; then
	kill "$(cat "$old/php-fpm.pid")" 2>/dev/null
	for _ in $(seq 1 50); do kill -0 "$(cat "$old/php-fpm.pid" 2>/dev/null)" 2>/dev/null || break; sleep 0.1; done
	rm -f "$old/php-fpm.pid"
fi
[ "${1:-}" = --keep-db ] || bash "$(dirname "$0")/mariadb.sh" stop
exit 0
