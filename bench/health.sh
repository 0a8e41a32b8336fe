#!/usr/bin/env bash
# Benchmark: server time of GET /triage/v1/health on the lab (nginx + PHP-FPM + MariaDB), without and
# with loopbacks, and with one deliberately slow page to show the probes run in parallel.
# Usage: bash bench/health.sh [runs]   (builds Triage, brings the lab up, prints figures, takes the lab down)
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/lab/common.sh
need nginx-light:nginx php8.2-fpm:php-fpm8.2 php8.2-cli:php mariadb-server:mariadbd curl:curl unzip:unzip
runs="${1:-30}"

npm run build --silent >/dev/null
lab_up_quiet
trap 'bash tests/lab/down.sh >/dev/null 2>&1' EXIT
site="$LAB_DIR/site"
rm -rf "$site/wp-content/plugins/triage"
unzip -q triage.zip -d "$site/wp-content/plugins/"
chown -R www-data:www-data "$site/wp-content/plugins/triage"
SITE="$site" php -r '
	$_SERVER["HTTP_HOST"] = "127.0.0.1";
	require getenv( "SITE" ) . "/wp-load.php";
	require_once ABSPATH . "wp-admin/includes/plugin.php";
	$result = activate_plugin( "triage/plugin.php" );
	if ( is_wp_error( $result ) ) { fwrite( STDERR, $result->get_error_message() ); exit( 1 ); }
' 2>/dev/null
TRIAGE_BENCH_URL="$WEB_URL" TRIAGE_BENCH_SITE="$site" TRIAGE_BENCH_RUNS="$runs" php bench/health.php
