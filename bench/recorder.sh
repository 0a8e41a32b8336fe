#!/usr/bin/env bash
# Benchmark: what the flight recorder costs per front-end request, off and on.
# Usage: bash bench/recorder.sh [warm requests per case, default 10]
#
# Method (as bench/safe-mode.sh): the lab's WordPress (twentytwentyfour, five small plugins active plus Triage)
# serves GET / to a visitor through php-cgi 8.2 with OPcache on, under valgrind --tool=callgrind. `php-cgi -T n`
# runs n full requests in one process, so the instructions of n warm requests are I(-T n+1) - I(-T 1), and
# one request is that divided by n. Cases, all in one run, differing only by the file in mu-plugins (both
# copies are written by Triage first, so nothing else about the site changes between cases):
#   no loader / loader, recorder off / loader, recorder on / no loader again (the drift between cases).
# With the recorder on each request writes its marker into its worker's file in Triage's private folder and
# empties it at shutdown (php-cgi has no APCu here, so this is the file storage). SQL queries are counted in separate runs
# without valgrind ($wpdb->num_queries at the very end); a further run checks that the marker really exists
# while a request runs with the recorder on, and not with it off. Then the loader alone: a script that only
# includes each copy, so the recorder's own instructions are seen without WordPress around them.
# Bars (issue 12): recorder off <= +0.1% instructions and no query; on <= +1% and no query.
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
trap 'rm -rf "$tmp"; bash tests/lab/down.sh >/dev/null 2>&1' EXIT
rm -rf "$site/wp-content/plugins/triage"
unzip -q triage.zip -d "$site/wp-content/plugins/"
chown -R www-data:www-data "$site/wp-content/plugins/triage"
host="127.0.0.1:$WEB_PORT"
php bench/safe-mode-helper.php "$site" "$host" setup
php bench/recorder-helper.php "$site" "$host" off >/dev/null

# php-cgi with a visitor's request environment; extra arguments go to php-cgi.
cgi() {
	env -i PATH="$PATH" REQUEST_METHOD=GET REQUEST_URI=/ QUERY_STRING= SCRIPT_NAME=/index.php \
		SCRIPT_FILENAME="$site/index.php" DOCUMENT_ROOT="$site" SERVER_NAME=127.0.0.1 SERVER_PORT="$WEB_PORT" \
		HTTP_HOST="$host" REDIRECT_STATUS=200 SERVER_PROTOCOL=HTTP/1.1 \
		php-cgi8.2 -d opcache.enable=1 -d opcache.memory_consumption=128 "$@"
}

# Instructions of one run of n requests.
instructions() {
	local n="$1" out="$tmp/cg.out"
	env -i PATH="$PATH" REQUEST_METHOD=GET REQUEST_URI=/ QUERY_STRING= SCRIPT_NAME=/index.php \
		SCRIPT_FILENAME="$site/index.php" DOCUMENT_ROOT="$site" SERVER_NAME=127.0.0.1 SERVER_PORT="$WEB_PORT" \
		HTTP_HOST="$host" REDIRECT_STATUS=200 SERVER_PROTOCOL=HTTP/1.1 \
		valgrind --tool=callgrind --callgrind-out-file="$out" \
		php-cgi8.2 -d opcache.enable=1 -d opcache.memory_consumption=128 -q -T "$n" "$site/index.php" >/dev/null 2>"$tmp/valgrind.err"
	awk '/^(summary|totals):/ { print $2; exit }' "$out"
}

per_request() {
	local one many
	one="$(instructions 1)"
	many="$(instructions $((warm + 1)))"
	echo $(((many - one) / warm))
}

queries() {
	cgi -q -d auto_prepend_file="$PWD/bench/safe-mode-count.php" "$site/index.php" 2>&1 >/dev/null |
		sed -n "s/^triage-bench-queries=//p" | tail -n 1 || true
}

marker_seen() {
	cgi -q -d auto_prepend_file="$PWD/bench/recorder-check.php" "$site/index.php" 2>&1 >/dev/null |
		sed -n "s/^triage-bench-marker=//p" | tail -n 1 || true
}

check_page() {
	local status
	status="$(cgi "$site/index.php" 2>/dev/null | sed -n '1,20p' | grep -i '^Status:' || true)"
	if [ -n "$status" ]; then
		die "GET / did not answer 200 in php-cgi ($status)"
	fi
}

check_page

# Both installed copies first, written by Triage itself (recorder on, then off), so the cases below differ only
# by the file in mu-plugins: no state of the site changes between them. Their time is set a minute back, past
# OPcache's file_update_protection (a file younger than 2 s is compiled on every request, never cached).
php bench/recorder-helper.php "$site" "$host" on >/dev/null || die "the recorder did not start"
cp -p "$loader" "$tmp/on.php"
php bench/recorder-helper.php "$site" "$host" off >/dev/null
cp -p "$loader" "$tmp/off.php"
grep -q "^		const UNTIL = 0;" "$tmp/off.php" || die "the loader written for 'off' does not say 0"
if grep -q "^		const UNTIL = 0;" "$tmp/on.php"; then die "the loader written for 'on' says 0"; fi
dir="$(sed -n "s/^\t\tconst DIR = '\(.*\)';$/\1/p" "$tmp/on.php" | head -n 1)"
[ -n "$dir" ] || die "the installed loader names no private folder"
touch -d '-1 minute' "$tmp/on.php" "$tmp/off.php"
use_loader() { # use_loader none|off|on
	rm -f "$loader"
	if [ "$1" != none ]; then cp -p "$tmp/$1.php" "$loader"; fi
}

printf 'Flight recorder, GET / by a visitor on the lab via php-cgi 8.2 + OPcache, %d warm requests per case\n' "$warm"
printf '%-40s %16s %8s %8s\n' 'case' 'instr/request' 'queries' 'marker'
declare -A instr
for case in none off on none2; do
	use_loader "${case%2}"
	instr[$case]="$(per_request)"
	q="$(queries)"
	m="$(marker_seen)"
	case "$case" in
		none) label='no loader' ;;
		off) label='loader, recorder off' ;;
		on) label='loader, recorder on (file storage)' ;;
		none2) label='no loader (again: drift between cases)' ;;
	esac
	printf '%-40s %16d %8s %8s\n' "$label" "${instr[$case]}" "$q" "$m"
	eval "q_${case}=\$q m_${case}=\$m"
done
# Every request that ended emptied its marker (a worker's file stays, empty).
left="$(find "$dir" -maxdepth 1 \( -name 'recorder_*.run' -size +0 -o -name 'recorder_*.left' \) | wc -l)"
use_loader off

# The loader alone: a script that only includes it, so that nothing else in the request can move.
printf '<?php\ndefine( '"'"'ABSPATH'"'"', __DIR__ . '"'"'/'"'"' );\necho 1;\n' >"$tmp/bare-none.php"
for case in off on; do
	printf '<?php\ndefine( '"'"'ABSPATH'"'"', __DIR__ . '"'"'/'"'"' );\nrequire '"'"'%s'"'"';\necho 1;\n' "$tmp/$case.php" >"$tmp/bare-$case.php"
done
touch -d '-1 minute' "$tmp"/bare-*.php
bare() { # bare none|off|on: instructions of one warm request of the script
	local one many
	one="$(env -i PATH="$PATH" REQUEST_METHOD=GET REQUEST_URI=/ SCRIPT_FILENAME="$tmp/bare-$1.php" REDIRECT_STATUS=200 \
		valgrind --tool=callgrind --callgrind-out-file="$tmp/bare.out" php-cgi8.2 -d opcache.enable=1 -q -T 1 "$tmp/bare-$1.php" >/dev/null 2>&1 &&
		awk '/^(summary|totals):/ { print $2; exit }' "$tmp/bare.out")"
	many="$(env -i PATH="$PATH" REQUEST_METHOD=GET REQUEST_URI=/ SCRIPT_FILENAME="$tmp/bare-$1.php" REDIRECT_STATUS=200 \
		valgrind --tool=callgrind --callgrind-out-file="$tmp/bare.out" php-cgi8.2 -d opcache.enable=1 -q -T $((warm + 1)) "$tmp/bare-$1.php" >/dev/null 2>&1 &&
		awk '/^(summary|totals):/ { print $2; exit }' "$tmp/bare.out")"
	echo $(((many - one) / warm))
}
b0="$(bare none)"
b1="$(bare off)"
b2="$(bare on)"
echo
printf 'the loader alone (a script that only includes it): off %+d, on %+d instructions per request\n' "$((b1 - b0))" "$((b2 - b0))"
awk -v a="${instr[none]}" -v b="${instr[off]}" -v l="$((b1 - b0))" 'BEGIN { printf "recorder off vs no loader: %+.4f%% of a request (bar +0.1%%); the loader alone: %+.4f%%\n", (b - a) * 100 / a, l * 100 / a }'
awk -v a="${instr[none]}" -v b="${instr[on]}" -v l="$((b2 - b0))" 'BEGIN { printf "recorder on vs no loader:  %+.4f%% of a request (bar +1%%); the loader alone: %+.4f%%\n", (b - a) * 100 / a, l * 100 / a }'
awk -v a="${instr[none]}" -v b="${instr[none2]}" 'BEGIN { printf "drift, no loader measured twice: %+.4f%%\n", (b - a) * 100 / a }'
printf 'queries: no loader %s, off %s, on %s (bar: no extra query)\n' "$q_none" "$q_off" "$q_on"
printf 'markers left behind by requests that ended (recorder on): %s\n' "$left"
[ "$m_off" = "0" ] || die "a marker was written with the recorder off"
[ "$m_on" = "1" ] || die "no marker was written with the recorder on: the 'on' figures measure nothing"
[ "$left" = "0" ] || die "$left markers were left behind by requests that ended"
