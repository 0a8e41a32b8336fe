#!/usr/bin/env bash
# Runs WordPress's Plugin Check (the checker wordpress.org runs on submissions) on the built triage.zip:
# every check in every category, runtime checks and experimental ones included, on a WordPress site of the
# newest release in the test matrix backed by the lab's MariaDB. Prints Plugin Check's findings and exits
# non-zero on any error or warning that tests/plugin-check-allowlist.json does not list with a reason.
#
# Usage: bin/plugin-check.sh [path/to/triage.zip]   (default: ./triage.zip, built by `npm run build`)
#        bin/plugin-check.sh --unpack                prints the folder Plugin Check is unpacked in (bin/phpcs.sh)
# Inputs (both tarballs are read, never downloaded):
#   TRIAGE_PLUGIN_CHECK_TARBALL  Plugin Check 1.2.0 with its Composer dependencies
#                                (default: ../shared/tools/plugin-check-1.2.0.tar.gz beside the checkout)
#   TRIAGE_WP_TARBALL            the WordPress release to check on ("Tested up to" is compared with it)
#                                (default: the test matrix's newest: $TRIAGE_WP_LATEST when it is a file, else
#                                ../shared/wordpress/wordpress-7.1.0.tar.gz beside the checkout)
#   TRIAGE_PLUGIN_CHECK_DB       database name (default: triage_plugin_check); the lab's MariaDB is started
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
# shellcheck source=../tests/lab/common.sh
. tests/lab/common.sh

PC_TARBALL="${TRIAGE_PLUGIN_CHECK_TARBALL:-$ROOT/../shared/tools/plugin-check-1.2.0.tar.gz}"
# The newest release of the test matrix (tests/lab/common.sh pins it): the tarball the other suites are given
# (TRIAGE_WP_LATEST, when a file), else the copy beside the checkout.
latest="${TRIAGE_WP_LATEST:-}"
[ -f "$latest" ] || latest="${WP_LATEST_SHARED:-$ROOT/../shared/wordpress/wordpress-7.1.0.tar.gz}"
WP_TARBALL="${TRIAGE_WP_TARBALL:-$latest}"
DB_NAME="${TRIAGE_PLUGIN_CHECK_DB:-triage_plugin_check}"
ALLOWLIST="$ROOT/tests/plugin-check-allowlist.json"
CACHE="$ROOT/.cache/plugin-check"
TOOL="$CACHE/plugin-check"
SITE="$CACHE/site"
# No web server is needed: WP-CLI loads WordPress in-process. The URL only has to be stable.
SITE_URL="http://127.0.0.1:8899"

say() { printf '[plugin-check] %s\n' "$*" >&2; }
fail() { printf '[plugin-check] error: %s\n' "$*" >&2; exit 1; }

# unpack TARBALL TARGET [TAR ARGS...]: extracts once per tarball (keyed by its checksum) into TARGET.
unpack() {
	local tarball="$1" target="$2"; shift 2
	[ -f "$tarball" ] || fail "$tarball not found (set TRIAGE_PLUGIN_CHECK_TARBALL / TRIAGE_WP_TARBALL)"
	local sum
	sum="$(sha256sum "$tarball" | cut -d' ' -f1)"
	[ "$(cat "$target/.triage-unpacked" 2>/dev/null)" = "$sum" ] && return 0
	rm -rf "$target" "$target.tmp"
	mkdir -p "$target.tmp"
	tar -xzf "$tarball" -C "$target.tmp" "$@"
	printf '%s\n' "$sum" >"$target.tmp/.triage-unpacked"
	mv "$target.tmp" "$target"
}

unpack "$PC_TARBALL" "$TOOL" --strip-components=1
if [ "${1:-}" = "--unpack" ]; then
	printf '%s\n' "$TOOL"
	exit 0
fi

ZIP="$(realpath "${1:-$ROOT/triage.zip}")"
[ -f "$ZIP" ] || fail "$ZIP not found: run npm run build first"

# The site: WordPress from its release tarball (top folder wordpress/), Plugin Check, a fresh database each
# run, and the zip's triage/ folder as the only other plugin.
unpack "$WP_TARBALL" "$SITE" --strip-components=1
wp_version="$(php -r 'include $argv[1]; echo $wp_version;' "$SITE/wp-includes/version.php")"
bash tests/lab/mariadb.sh start
bash tests/lab/mariadb.sh create-db "$DB_NAME"
cat >"$SITE/wp-config.php" <<PHP
<?php
// Written by bin/plugin-check.sh on every run.
define( 'DB_NAME', '$DB_NAME' );
define( 'DB_USER', '$DB_USER' );
define( 'DB_PASSWORD', '$DB_PASSWORD' );
define( 'DB_HOST', '$DB_HOST:$DB_PORT' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'DISABLE_WP_CRON', true );
define( 'WP_DEBUG', false );
\$table_prefix = 'wp_';
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
PHP
# What the previous run's plugins left (the must-use loader Triage installs, uploads, its private folder) goes too.
rm -rf "$SITE/wp-content/plugins/triage" "$SITE/wp-content/plugins/plugin-check" "$SITE/wp-content/object-cache.php" \
	"$SITE/wp-content/mu-plugins" "$SITE/wp-content/uploads" "$SITE/wp-content/triage-private" "$CACHE/triage-private"
cp -r "$TOOL" "$SITE/wp-content/plugins/plugin-check"
unzip -q "$ZIP" -d "$SITE/wp-content/plugins"
[ -f "$SITE/wp-content/plugins/triage/plugin.php" ] || fail "$ZIP has no triage/plugin.php"
# "Tested up to" names the newest WordPress in the test matrix, the one checked on here: Plugin Check only
# fails a lower value, so a readme claiming an untested newer release is caught here.
tested="$(sed -n 's/^Tested up to: *//p' "$SITE/wp-content/plugins/triage/readme.txt" | tr -d '\r ')"
[ "$tested" = "$(cut -d. -f1-2 <<<"$wp_version")" ] ||
	fail "readme.txt says \"Tested up to: $tested\"; the newest WordPress tested is $wp_version"
TRIAGE_LAB_SITE="$SITE" TRIAGE_LAB_URL="$SITE_URL" php tests/lab/install-site.php >/dev/null

# Both plugins active: Plugin Check to run at all, Triage because Plugin Check runs its runtime checks (the
# enqueued scripts and styles) only on an active plugin, and skips them silently otherwise.
php -r '$_SERVER["HTTP_HOST"] = "127.0.0.1"; require $argv[1] . "/wp-load.php"; require_once ABSPATH . "wp-admin/includes/plugin.php";
	foreach ( array( "plugin-check/plugin.php", "triage/plugin.php" ) as $plugin ) { $result = activate_plugin( $plugin );
		if ( is_wp_error( $result ) ) { fwrite( STDERR, "$plugin: " . $result->get_error_message() . "\n" ); exit( 1 ); } }' "$SITE"

pc_args=(--require="$SITE/wp-content/plugins/plugin-check/cli.php" --path="$SITE" --url="$SITE_URL" --allow-root)
checks="$(vendor/bin/wp plugin list-checks --include-experimental --format=csv --fields=slug,category "${pc_args[@]}" | tail -n +2)"
say "Plugin Check $(sed -n 's/^ \* Version: *//p' "$TOOL/plugin.php") on WordPress $wp_version, $(basename "$ZIP"):" \
	"$(wc -l <<<"$checks") checks in every category, runtime and experimental ones included:" \
	"$(cut -d, -f1 <<<"$checks" | paste -sd' ')"
raw="$CACHE/result.txt"
# "plugin check" must stay the first two words: Plugin Check sets up its runtime checks only then.
set +e
vendor/bin/wp plugin check triage --format=json --include-experimental "${pc_args[@]}" >"$raw" 2>"$CACHE/stderr.txt"
status=$?
set -e
if [ "$status" -ne 0 ]; then
	cat "$raw" "$CACHE/stderr.txt" >&2
	fail "Plugin Check exited with status $status"
fi
# Notices PHP or WP-CLI printed while the checks ran (Triage's own would show here).
sed 's/^/[plugin-check] stderr: /' "$CACHE/stderr.txt" >&2
# The runtime checks (enqueued scripts and styles) are skipped without a word when they cannot run.
grep -q '^Setting up runtime environment' "$raw" || fail "Plugin Check did not set up its runtime checks"

node bin/plugin-check-report.mjs "$raw" "$ALLOWLIST"
