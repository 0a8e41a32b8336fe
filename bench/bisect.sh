#!/usr/bin/env bash
# Benchmark: automatic bisection on the lab (nginx + PHP-FPM + MariaDB), driven through the REST API
# exactly as the Bisect tab drives it (src/features/bisect/search.ts picks each set; POST /triage/v1/bisect/probe
# runs it as a real loopback probe). Prints probes and wall time per case.
# Usage: bash bench/bisect.sh
#
# The 30 fixture plugins of tests/e2e/bisect-plugins are active; tests/lab/bisect.php picks which culprit
# misbehaves. Cases: one culprit that fatals on load at five positions of the search order, the same
# with verdicts repeated twice and named in a recent fatal (a suspect), one that exhausts memory, one that
# hangs, a pair that fails only together, no culprit (no symptom), and a symptom
# plugins do not cause. The admin's own requests run in safe mode (every plugin off), as a real admin's
# would while the site is down.
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/lab/common.sh
need nginx-light:nginx php8.2-fpm:php-fpm8.2 php8.2-cli:php mariadb-server:mariadbd curl:curl unzip:unzip nodejs:node

npx wp-scripts build >/dev/null 2>&1
node bin/zip.mjs >/dev/null
lab_up_quiet
trap 'bash tests/lab/down.sh >/dev/null 2>&1' EXIT
site="$LAB_DIR/site"
rm -rf "$site/wp-content/plugins/triage"
unzip -q triage.zip -d "$site/wp-content/plugins/"
chown -R www-data:www-data "$site/wp-content/plugins/triage"
php -r '
	$_SERVER["HTTP_HOST"] = $argv[2];
	require $argv[1] . "/wp-load.php";
	require_once ABSPATH . "wp-admin/includes/plugin.php";
	$result = activate_plugin( "triage/plugin.php" );
	if ( is_wp_error( $result ) || ! is_file( WPMU_PLUGIN_DIR . "/triage-loader.php" ) ) {
		fwrite( STDERR, "Triage did not activate with its loader.\n" );
		exit( 1 );
	}
' "$site" "127.0.0.1:$WEB_PORT"
php tests/lab/bisect.php "$site" activate >/dev/null
TRIAGE_BENCH_SITE="$site" TRIAGE_BENCH_URL="$WEB_URL" node bench/bisect.mjs
