#!/usr/bin/env bash
# Shared paths and settings for the lab scripts. Source it; it defines variables and small helpers only.

TRIAGE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LAB_DIR="${TRIAGE_LAB_DIR:-$TRIAGE_ROOT/.cache/lab}"
WP_CACHE_DIR="$TRIAGE_ROOT/.cache/wordpress"

# WordPress we test against (tests/lab/wordpress.sh extracts them): the oldest supported, 6.5.5, from
# @wp-playground/wordpress-builds, and the newest release, pinned here by version and checksum.
WP_BUILDS_DIR="$TRIAGE_ROOT/node_modules/@wp-playground/wordpress-builds"
WP_VERSION_DEFAULT="6.5"
WP_LATEST_VERSION="7.1.0"
WP_LATEST_SERIES="7.1"
WP_LATEST_SHA256="30d9f6a00781d193287476feacda7c090d3cbcf2ff0254a1fc2618f18885f0bc"
WP_LATEST_SHARED="$(dirname "$TRIAGE_ROOT")/shared/wordpress/wordpress-$WP_LATEST_VERSION.tar.gz"
WP_LATEST_URL="https://wordpress.org/wordpress-$WP_LATEST_VERSION.tar.gz"
# The versions the test suites run on, oldest first.
WP_TEST_VERSIONS=("$WP_VERSION_DEFAULT" "$WP_LATEST_SERIES")

DB_PORT="${TRIAGE_DB_PORT:-3307}"
DB_HOST="127.0.0.1"
DB_USER="triage"
DB_PASSWORD="triage-lab-password"
DB_SOCKET="$LAB_DIR/mariadb/mysqld.sock"

WEB_PORT="${TRIAGE_LAB_PORT:-8889}"
WEB_URL="http://127.0.0.1:$WEB_PORT"

log() { printf '[lab] %s\n' "$*" >&2; }

# The web server's workers run as www-data, as on a real host, and must reach the site. A clone inside
# a private folder (a home directory, a mktemp -d folder) keeps them out, so there .cache/lab becomes a
# link to a folder under /var/tmp; everything run as the invoking user still goes through the link.
# lab_dir_prepare creates LAB_DIR (or the link) and sets LAB_REAL to the path the web server is given.
lab_reachable() { # lab_reachable DIR: can www-data traverse DIR?
	if [ "$(id -u)" -eq 0 ] && command -v runuser >/dev/null; then
		runuser -u www-data -- test -x "$1" 2>/dev/null
	else
		return 0 # Not root: the workers cannot change user anyway.
	fi
}
lab_dir_prepare() {
	if [ -z "${TRIAGE_LAB_DIR:-}" ] && [ ! -L "$LAB_DIR" ]; then
		mkdir -p "$(dirname "$LAB_DIR")"
		if ! lab_reachable "$(dirname "$LAB_DIR")"; then
			local outside
			outside="/var/tmp/triage-lab-$(printf '%s' "$TRIAGE_ROOT" | sha256sum | head -c 12)"
			log "www-data cannot reach $(dirname "$LAB_DIR") (a private parent folder): the lab lives in $outside"
			mkdir -p "$outside"
			chmod 755 "$outside"
			if [ -d "$LAB_DIR" ]; then
				# A lab from before: keep its database, in the new place.
				cp -a "$LAB_DIR/." "$outside/"
				rm -rf "$LAB_DIR"
			fi
			ln -sfn "$outside" "$LAB_DIR"
		fi
	fi
	mkdir -p "$LAB_DIR/"
	LAB_REAL="$(cd "$LAB_DIR/" && pwd -P)"
}
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

# need PACKAGE:COMMAND ...: makes sure each COMMAND exists, installing its Debian PACKAGE when run as root
# with apt-get (unless TRIAGE_NO_INSTALL is set); otherwise refuses in one line naming what to install.
need() {
	local spec missing=()
	for spec in "$@"; do
		command -v "${spec##*:}" >/dev/null 2>&1 || missing+=("${spec%%:*}")
	done
	[ "${#missing[@]}" -gt 0 ] || return 0
	if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null && [ -z "${TRIAGE_NO_INSTALL:-}" ]; then
		log "installing ${missing[*]}"
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >/dev/null 2>&1 ||
			die "this needs ${missing[*]}, and apt-get install ${missing[*]} failed"
		return 0
	fi
	die "this needs ${missing[*]}: install with apt-get install ${missing[*]}"
}

# lab_up_quiet [WORDPRESS]: brings the lab up without its chatter; on failure shows it all and stops.
lab_up_quiet() {
	local output
	output="$(bash "$TRIAGE_ROOT/tests/lab/up.sh" "$@" 2>&1)" || {
		printf '%s\n' "$output" >&2
		die "the lab did not start (its output is above)"
	}
}
