#!/usr/bin/env bash
# Stops the lab's PHP-FPM and proves that `wp triage` still answers while the site answers 502: the logs
# summary, the incidents (which name PHP-FPM as stopped), the report in both formats, and `status`, which exits 2.
# PHP-FPM is started again on exit, whatever happened. Runs this working tree's Triage through the real
# WP-CLI binary (vendor/bin/wp) against the lab site (see tests/lab/cli-triage.php).
# Usage: tests/lab/cli-fpm-down.sh   (the lab must be up: tests/lab/up.sh; takes about 15 s)
# The lab is shared: it refuses to run while a Playwright run uses the lab, unless TRIAGE_LAB_FORCE=1.
set -uo pipefail
. "$(dirname "$0")/common.sh"

lab_dir_prepare
. "$(dirname "$0")/stack.sh"
stack_paths
site="$SITE"
[ -f "$FPM_CONF" ] && [ -f "$site/wp-config.php" ] || die "the lab is not set up: run tests/lab/up.sh"
# lab_in_use: a Playwright run on this lab's port (runs on other labs, e.g. TRIAGE_LAB_PORT=8890, do not count).
lab_in_use() {
	local pid port
	for pid in $(pgrep -f 'playwright test'); do
		port="$(tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | sed -n 's/^TRIAGE_LAB_PORT=//p')"
		[ "${port:-8889}" = "$WEB_PORT" ] && return 0
	done
	return 1
}
if [ "${TRIAGE_LAB_FORCE:-0}" != 1 ] && lab_in_use; then
	die "a Playwright run is using the lab on $WEB_URL; run again when it is done (or TRIAGE_LAB_FORCE=1)"
fi

wp() {
	php "$TRIAGE_ROOT/vendor/wp-cli/wp-cli/php/boot-fs.php" --path="$site" --allow-root \
		--skip-plugins=triage --require="$TRIAGE_ROOT/tests/lab/cli-triage.php" "$@"
}
http_status() { curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$WEB_URL/${1:-}" || true; }

stopped=0
restart_fpm() {
	# Only what this script stopped: a lab that was down before stays down.
	[ "$stopped" = 1 ] || return 0
	if ! fpm_running; then
		log "starting PHP-FPM again"
		fpm_start || log "PHP-FPM did not start: see $FPM_LOG"
	fi
	for _ in $(seq 1 100); do [ "$(http_status wp-login.php)" = 200 ] && return 0; sleep 0.1; done
	log "the lab does not answer 200 again"
}
trap restart_fpm EXIT

failures=0
check() { # check DESCRIPTION COMMAND...: runs COMMAND, prints ok or FAIL.
	local what="$1"; shift
	if "$@"; then log "ok   $what"; else log "FAIL $what"; failures=$((failures + 1)); fi
}
# json_has FILE PHP-EXPRESSION: the file is one JSON object ($j) with "version": 1 and the expression holds.
json_has() {
	php -r '$j = json_decode( file_get_contents( $argv[1] ), true ); exit( is_array( $j ) && 1 === $j["version"] && ( '"$2"' ) ? 0 : 1 );' "$1"
}

[ "$(http_status wp-login.php)" = 200 ] || die "the lab does not answer 200 on $WEB_URL: run tests/lab/up.sh"
out="$(mktemp -d)"

log "stopping PHP-FPM"
stopped=1
fpm_stop
for _ in 1 2 3; do code="$(http_status)"; done
check "the site answers 502 (got $code)" test "$code" = 502

started=$SECONDS
# The nginx error log as Triage found it by itself from the running master (no path given by hand).
wp triage logs list --format=json >"$out/list.json" 2>"$out/list.err"
nginx_source="$(php -r '$j = json_decode( file_get_contents( $argv[1] ), true );
	foreach ( (array) ( $j["sources"] ?? array() ) as $s ) { if ( $s["path"] === $argv[2] ) { echo $s["id"]; } }' "$out/list.json" "$NGINX_LOG")"
check "logs list: the running nginx's error log found ($NGINX_LOG)" test -n "$nginx_source"
wp triage logs summary --source="$nginx_source" --format=json >"$out/summary.json" 2>"$out/summary.err"
check "logs summary: JSON, fpm_down counted" json_has "$out/summary.json" 'in_array( "fpm_down", array_column( $j["causes"], "cause" ), true )'
# The framework here pins mustache 2.13 (composer.json's inline alias), which raises a PHP 8.1+ deprecation while
# WP-CLI renders its help text, shown on a site with WP_DEBUG on; full WP-CLI bundles a fixed mustache.
# Anything else on standard error is ours and fails the check.
only_known_noise() { ! grep -v -e '^$' -e 'Mustache/Tokenizer.php' "$1" | grep -q .; }
check "logs summary: nothing of ours on standard error" only_known_noise "$out/summary.err"

wp triage incidents --since=10m --format=json >"$out/incidents.json" 2>"$out/incidents.err"
check "incidents: fpm_stopped in the last 10 minutes" json_has "$out/incidents.json" '"incidents" === $j["basis"] && in_array( "fpm_stopped", array_column( $j["incidents"], "cause" ), true )'
check "incidents: nothing of ours on standard error" only_known_noise "$out/incidents.err"

wp triage report --format=json >"$out/report.json" 2>"$out/report.err"
check "report --format=json: versioned document" json_has "$out/report.json" 'isset( $j["environment"] )'
check "report: nothing of ours on standard error" only_known_noise "$out/report.err"
wp triage report >"$out/report.md" 2>"$out/report-md.err"
check "report (Markdown): a document" grep -q '^# Triage support report' "$out/report.md"

wp triage logs tail --source="$nginx_source" --limit=3 --format=json >"$out/tail.json" 2>"$out/tail.err"
check "logs tail: the newest nginx lines" json_has "$out/tail.json" 'count( $j["entries"] ) > 0'

wp triage status --check=loopback --format=json >"$out/status.json" 2>"$out/status.err"
status_code=$?
check "status --check=loopback exits 2 while PHP-FPM is down (got $status_code)" test "$status_code" = 2
check "status: critical in the JSON" json_has "$out/status.json" '"critical" === $j["status"]'
log "commands took $((SECONDS - started)) s with PHP-FPM down"

restart_fpm
check "the site answers 200 again" test "$(http_status wp-login.php)" = 200
rm -rf "$out"
[ "$failures" = 0 ] || die "$failures check(s) failed"
log "wp triage answers while PHP-FPM is down"
