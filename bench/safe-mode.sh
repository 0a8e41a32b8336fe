#!/usr/bin/env bash
# Benchmark: what the safe mode loader costs per front-end request.
# Usage: bash bench/safe-mode.sh [warm requests per case, default 10]
#
# Method: the lab's WordPress (twentytwentyfour, five small plugins active plus Triage) serves GET / through
# php-cgi 8.2 with OPcache on, under valgrind --tool=callgrind. `php-cgi -T n` runs n full requests
# (startup to shutdown) in one process, so OPcache stays warm: the instructions of n warm requests are
# I(-T n+1) - I(-T 1), and one request is that divided by n. Callgrind totals repeat to within 0.001%,
# unlike req/s on these machines (see ../shared/notes/measuring.md). Cases, all in one run:
#   visitor without the loader (file moved away) / visitor with the loader (no cookie);
#   admin logged in, no session / admin in a safe session keeping every plugin (same page, same plugins).
# SQL queries are counted in separate runs without valgrind ($wpdb->num_queries at the very end).
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/lab/common.sh
need nginx-light:nginx php8.2-fpm:php-fpm8.2 php8.2-cli:php mariadb-server:mariadbd curl:curl unzip:unzip php8.2-cgi:php-cgi8.2 valgrind:valgrind
warm="${1:-10}"

npx wp-scripts build >/dev/null 2>&1
node bin/zip.mjs >/dev/null
lab_up_quiet
site="$LAB_DIR/site"
loader="$site/wp-content/mu-plugins/triage-loader.php"
tmp="$(mktemp -d)"
trap 'if [ -f "$tmp/loader.php" ]; then mv "$tmp/loader.php" "$loader"; fi; rm -rf "$tmp"; bash tests/lab/down.sh >/dev/null 2>&1' EXIT
rm -rf "$site/wp-content/plugins/triage"
unzip -q triage.zip -d "$site/wp-content/plugins/"
chown -R www-data:www-data "$site/wp-content/plugins/triage"
host="127.0.0.1:$WEB_PORT"
php bench/safe-mode-helper.php "$site" "$host" setup
IFS=$'\t' read -r admin_cookie session_cookie < <(php bench/safe-mode-helper.php "$site" "$host" cookies)

# php-cgi with a request's environment; extra arguments go to php-cgi.
cgi() {
	local cookie="$1"
	shift
	env -i PATH="$PATH" REQUEST_METHOD=GET REQUEST_URI=/ QUERY_STRING= SCRIPT_NAME=/index.php \
		SCRIPT_FILENAME="$site/index.php" DOCUMENT_ROOT="$site" SERVER_NAME=127.0.0.1 SERVER_PORT="$WEB_PORT" \
		HTTP_HOST="$host" REDIRECT_STATUS=200 SERVER_PROTOCOL=HTTP/1.1 HTTP_COOKIE="$cookie" \
		php-cgi8.2 -d opcache.enable=1 -d opcache.memory_consumption=128 "$@"
}

# Instructions of one run of n requests.
instructions() {
	local cookie="$1" n="$2" out="$tmp/cg.out"
	env -i PATH="$PATH" REQUEST_METHOD=GET REQUEST_URI=/ QUERY_STRING= SCRIPT_NAME=/index.php \
		SCRIPT_FILENAME="$site/index.php" DOCUMENT_ROOT="$site" SERVER_NAME=127.0.0.1 SERVER_PORT="$WEB_PORT" \
		HTTP_HOST="$host" REDIRECT_STATUS=200 SERVER_PROTOCOL=HTTP/1.1 HTTP_COOKIE="$cookie" \
		valgrind --tool=callgrind --callgrind-out-file="$out" \
		php-cgi8.2 -d opcache.enable=1 -d opcache.memory_consumption=128 -q -T "$n" "$site/index.php" >/dev/null 2>"$tmp/valgrind.err"
	awk '/^(summary|totals):/ { print $2; exit }' "$out"
}

per_request() {
	local cookie="$1" one many
	one="$(instructions "$cookie" 1)"
	many="$(instructions "$cookie" $((warm + 1)))"
	echo $(((many - one) / warm))
}

queries() {
	cgi "$1" -q -d auto_prepend_file="$PWD/bench/safe-mode-count.php" "$site/index.php" 2>&1 >/dev/null |
		sed -n "s/^triage-bench-queries=//p" | tail -n 1 || true
}

check_page() {
	local status
	status="$(cgi "$1" "$site/index.php" 2>/dev/null | sed -n '1,20p' | grep -i '^Status:' || true)"
	if [ -n "$status" ]; then
		die "GET / did not answer 200 in php-cgi ($status)"
	fi
}

check_page ""
printf 'Safe mode loader, GET / on the lab via php-cgi 8.2 + OPcache, %d warm requests per case\n' "$warm"
printf '%-44s %16s %8s\n' 'case' 'instr/request' 'queries'

mv "$loader" "$tmp/loader.php"
v0="$(per_request "")"
q0="$(queries "")"
a0="$(per_request "$admin_cookie")"
qa0="$(queries "$admin_cookie")"
mv "$tmp/loader.php" "$loader"
printf '%-44s %16d %8s\n' 'visitor, no loader' "$v0" "$q0"
v1="$(per_request "")"
q1="$(queries "")"
printf '%-44s %16d %8s\n' 'visitor, loader installed' "$v1" "$q1"
a1="$(per_request "$admin_cookie")"
qa1="$(queries "$admin_cookie")"
printf '%-44s %16d %8s\n' 'admin, no loader' "$a0" "$qa0"
printf '%-44s %16d %8s\n' 'admin, loader installed, no session' "$a1" "$qa1"
s1="$(per_request "$session_cookie")"
qs1="$(queries "$session_cookie")"
printf '%-44s %16d %8s\n' 'admin in a safe session (all plugins kept)' "$s1" "$qs1"
echo
awk -v a="$v0" -v b="$v1" 'BEGIN { printf "visitor overhead of the loader:        %+.4f%%\n", (b - a) * 100 / a }'
awk -v a="$a0" -v b="$s1" 'BEGIN { printf "admin session overhead vs no loader:   %+.4f%%\n", (b - a) * 100 / a }'
awk -v a="$a1" -v b="$s1" 'BEGIN { printf "admin session overhead vs loader only: %+.4f%%\n", (b - a) * 100 / a }'
