#!/usr/bin/env bash
# Shared paths and settings for the lab scripts. Source it; it defines variables and small helpers only.

TRIAGE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LAB_DIR="${TRIAGE_LAB_DIR:-$TRIAGE_ROOT/.cache/lab}"
WP_CACHE_DIR="$TRIAGE_ROOT/.cache/wordpress"

# WordPress builds we test against, from @wp-playground/wordpress-builds (the only offline source of
# recent WordPress). 6.5 is both the oldest version Triage supports and the newest release obtainable
# offline; "nightly" (6.7-alpha) is the newest build and is tested too.
WP_BUILDS_DIR="$TRIAGE_ROOT/node_modules/@wp-playground/wordpress-builds"
WP_VERSION_DEFAULT="6.5"

DB_PORT="${TRIAGE_DB_PORT:-3307}"
DB_HOST="127.0.0.1"
DB_USER="triage"
DB_PASSWORD="triage-lab-password"
DB_SOCKET="$LAB_DIR/mariadb/mysqld.sock"

WEB_PORT="${TRIAGE_LAB_PORT:-8889}"
WEB_URL="http://127.0.0.1:$WEB_PORT"

log() { printf '[lab] %s\n' "$*" >&2; }
die() { printf '[lab] error: %s\n' "$*" >&2; exit 1; }

# wait_for DESCRIPTION SECONDS COMMAND...: retries COMMAND every 0.2 s until it succeeds.
wait_for() {
	local what="$1" seconds="$2"; shift 2
	local deadline=$((SECONDS + seconds))
	until "$@" >/dev/null 2>&1; do
		[ "$SECONDS" -lt "$deadline" ] || die "$what did not come up within ${seconds}s"
		sleep 0.2
	done
}
