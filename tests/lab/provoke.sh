#!/usr/bin/env bash
# Causes one failure on the running lab (tests/lab/up.sh first) by its real mechanism, then prints one JSON
# line: {"failure":"…","started":<epoch>,"ended":<epoch>,"statuses":[<HTTP status of each request sent>]}.
# tests/lab/recover.sh puts the lab back to normal (config, services, switch files) afterwards.
# Usage: tests/lab/provoke.sh <failure>
#   fpm-stopped     PHP-FPM stopped cleanly (its socket goes): 502 "(2: No such file or directory)"
#   fpm-crashed     PHP-FPM's master and workers SIGKILLed, the socket left behind: 502 "(111: Connection refused)"
#   saturated-unix  pool "wordpress" = static, 1 worker, listen.backlog = 1 on its unix socket, 6 requests at
#                   once that each take 3 s: 502 "(11: Resource temporarily unavailable)"
#   saturated-tcp   the same pool listening on 127.0.0.1 (TCP) and nginx's fastcgi_connect_timeout 2s:
#                   504 "upstream timed out (110) while connecting to upstream"
#   read-timeout    the site's fastcgi_read_timeout 3s, a request that takes 6 s: 504
#   terminate       the pool's request_terminate_timeout 3s, a request that takes 8 s: 502 (signal 15)
#   segfault        a request that overflows the C stack (recursion through array_map): 502 (signal 11)
#   sigkill         a hanging request whose worker is killed with SIGKILL, as the OOM killer does: 502 (signal 9)
#   header          a response header of 32 KB, over nginx's fastcgi_buffer_size: 502 "too big header"
#   memory          a request that exhausts memory_limit: 500, "Allowed memory size … exhausted" in debug.log
#   fatal           a plugin that calls an undefined function: 500, "PHP Fatal error: Uncaught Error" in debug.log
#   max-execution   the pool's max_execution_time 2, a request that burns CPU for 6 s: 500
#   database        MariaDB stopped (requests answer 500 "Error establishing a database connection") and started
#   maintenance     a .maintenance left behind by an update an hour ago
#   cron            DISABLE_WP_CRON in wp-config.php and 200 events overdue by an hour or more
#   external        a plugin calls a service on 127.0.0.1 that accepts and never answers (3 s time-out)
# The fixture plugin triage-fixture-incidents (tests/e2e/plugins) is activated first when it is not.
set -euo pipefail
. "$(dirname "$0")/common.sh"
lab_dir_prepare
. "$(dirname "$0")/stack.sh"
stack_paths
[ -f "$FPM_CONF" ] && [ -f "$SITE/wp-config.php" ] || die "the lab is not set up: run tests/lab/up.sh"

failure="${1:-}"
BLACKHOLE_PORT="${TRIAGE_BLACKHOLE_PORT:-$((WEB_PORT + 2000))}"
FIXTURE="triage-fixture-incidents/triage-fixture-incidents.php"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

plugins() { site_php plugins.php "$SITE" "$@" >/dev/null; }
# get PATH-AND-QUERY [MAX-SECONDS]: one request; appends its status to the list.
get() {
	local code
	code="$(curl -s -o /dev/null -w '%{http_code}' --max-time "${2:-30}" "$WEB_URL$1" || true)"
	echo "${code:-000}" >>"$out/statuses"
}
# burst COUNT PATH-AND-QUERY: COUNT requests at once.
burst() {
	local i
	for i in $(seq 1 "$1"); do get "$2" 40 & done
	wait
}
# override SETTING=VALUE ...: the lab's config with these settings (tests/lab/stack.sh), applied.
override() {
	printf '%s\n' "$@" >"$OVERRIDES"
	stack_apply || die "the lab's servers did not start with $*"
	wait_site_up 20 || die "the site did not answer 200 with $*"
}
fixture_on() {
	[ -d "$SITE/wp-content/plugins/triage-fixture-incidents" ] || {
		cp -a "$TRIAGE_ROOT/tests/e2e/plugins/triage-fixture-incidents" "$SITE/wp-content/plugins/"
		chown -R www-data:www-data "$SITE/wp-content/plugins/triage-fixture-incidents"
	}
	plugins activate "$FIXTURE"
}
fpm_pids() { # the master and its workers
	local master
	master="$(cat "$FPM_PID")"
	echo "$master"
	pgrep -P "$master" || true
}

case "$failure" in
	fpm-stopped | fpm-crashed | saturated-unix | saturated-tcp | read-timeout | terminate | segfault | sigkill | header | memory | fatal | max-execution | database | maintenance | cron | external) ;;
	*)
		sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'
		exit 2
		;;
esac
fpm_running || die "PHP-FPM is not running: run tests/lab/recover.sh first"
case "$failure" in
	saturated-* | read-timeout | terminate | segfault | sigkill | header | memory | fatal | max-execution | external) fixture_on ;;
esac
: >"$out/statuses"
started="$(date +%s)"

case "$failure" in
	fpm-stopped)
		fpm_stop TERM
		for _ in 1 2 3; do get /; done
		;;
	fpm-crashed)
		# shellcheck disable=SC2046
		kill -KILL $(fpm_pids)
		sleep 0.3
		for _ in 1 2 3; do get /; done
		;;
	saturated-unix)
		override POOL_PM=static POOL_MAX_CHILDREN=1 POOL_BACKLOG=1
		burst 6 '/?triage_incident=sleep&seconds=3'
		;;
	saturated-tcp)
		override POOL_LISTEN=tcp POOL_PM=static POOL_MAX_CHILDREN=1 POOL_BACKLOG=1 SITE_CONNECT_TIMEOUT=2s
		burst 6 '/?triage_incident=sleep&seconds=3'
		;;
	read-timeout)
		override SITE_READ_TIMEOUT=3s
		get '/?triage_incident=sleep&seconds=6'
		;;
	terminate)
		override POOL_TERMINATE=3s
		get '/?triage_incident=sleep&seconds=8'
		;;
	segfault)
		get '/?triage_incident=crash'
		;;
	sigkill)
		rm -f "$SITE/wp-content/triage-incident.pid"
		get '/?triage_incident=sleep&seconds=20' &
		for _ in $(seq 1 50); do [ -s "$SITE/wp-content/triage-incident.pid" ] && break; sleep 0.1; done
		[ -s "$SITE/wp-content/triage-incident.pid" ] || die "the hanging request did not start"
		kill -KILL "$(cat "$SITE/wp-content/triage-incident.pid")"
		wait
		rm -f "$SITE/wp-content/triage-incident.pid"
		;;
	header)
		get '/?triage_incident=header'
		;;
	memory)
		get '/?triage_incident=memory'
		;;
	fatal)
		get '/?triage_incident=fatal'
		;;
	max-execution)
		override POOL_MAX_EXECUTION=2
		get '/?triage_incident=busy&seconds=6'
		;;
	database)
		bash "$(dirname "$0")/mariadb.sh" stop
		for _ in 1 2 3; do get /; done
		get /wp-admin/
		bash "$(dirname "$0")/mariadb.sh" start
		;;
	maintenance)
		php "$(dirname "$0")/cron.php" "$SITE" maintenance stale >/dev/null
		get /
		;;
	cron)
		plugins activate triage-fixture-cron-pileup/triage-fixture-cron-pileup.php
		grep -q "DISABLE_WP_CRON" "$SITE/wp-config.php" ||
			sed -i "s|^/\* That's all, stop editing|define( 'DISABLE_WP_CRON', true ); // triage-lab: cron\n&|" "$SITE/wp-config.php"
		php "$(dirname "$0")/cron.php" "$SITE" pileup on >/dev/null
		get /
		;;
	external)
		# A service that accepts connections and never answers.
		[ -f "$RUN/blackhole.pid" ] && kill "$(cat "$RUN/blackhole.pid")" 2>/dev/null
		php -r '$s = stream_socket_server( "tcp://127.0.0.1:" . $argv[1] ); $held = array();
			while ( $c = @stream_socket_accept( $s, -1 ) ) { $held[] = $c; }' "$BLACKHOLE_PORT" >/dev/null 2>&1 &
		echo $! >"$RUN/blackhole.pid"
		wait_for "the silent service on 127.0.0.1:$BLACKHOLE_PORT" 5 bash -c "exec 3<>/dev/tcp/127.0.0.1/$BLACKHOLE_PORT"
		get "/?triage_incident=external&port=$BLACKHOLE_PORT"
		;;
esac

ended="$(date +%s)"
printf '{"failure":"%s","started":%s,"ended":%s,"statuses":[%s]}\n' "$failure" "$started" "$ended" \
	"$(paste -sd, "$out/statuses")"
