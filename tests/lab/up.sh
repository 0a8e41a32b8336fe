#!/usr/bin/env bash
# Brings up the lab: WordPress served by nginx + PHP-FPM 8.2 + MariaDB, all on loopback, from a fresh
# copy of the WordPress build. Triage is NOT installed: the e2e suite installs it from triage.zip.
# nginx and PHP-FPM start from the lab's own config tree, laid out like Debian's (tests/lab/stack.sh), and
# Triage is given no path: it finds the running stack by itself.
# Usage: tests/lab/up.sh [wordpress]   (6.5, 7.1, or what tests/lab/wordpress.sh takes; down: tests/lab/down.sh)
set -euo pipefail
. "$(dirname "$0")/common.sh"

version="${1:-$WP_VERSION_DEFAULT}"
for tool in nginx php-fpm8.2 php mariadbd; do
	command -v "$tool" >/dev/null || die "$tool not found: run bin/setup.sh (npm test does) first"
done

bash "$(dirname "$0")/down.sh" --keep-db >/dev/null 2>&1 || true
started=$SECONDS
wp_source="$(bash "$(dirname "$0")/wordpress.sh" "$version")"
lab_dir_prepare
. "$(dirname "$0")/stack.sh"
stack_paths
# The web server and PHP-FPM are given the real path (LAB_DIR may be a link; see common.sh). The config
# tree and the logs are laid out like Debian's (tests/lab/stack.sh); a lab from before used run/ and logs/.
site="$SITE"
rm -rf "$site" "$RUN" "$LAB_REAL/logs" "$LAB_REAL/etc/nginx" "$LAB_REAL/etc/php" "$OVERRIDES" \
	"$VARLOG/nginx" "$VARLOG"/php8.2-fpm*
mkdir -p "$RUN/php"
cp -a "$wp_source/." "$site/"
mkdir -p "$site/wp-content/uploads" "$site/wp-content/upgrade" "$site/wp-content/mu-plugins"
# Fixture plugins that break a site on purpose: installed, inactive, for specs to switch on.
for fixture in "$TRIAGE_ROOT"/tests/e2e/plugins/*; do
	[ -e "$fixture" ] && cp -a "$fixture" "$site/wp-content/plugins/"
done
# Fixture plugins for bisection (culprits among 31), harmless until wp-content/triage-bisect-scenario
# names a scenario: installed, inactive, for specs to switch on with tests/lab/bisect.php.
for fixture in "$TRIAGE_ROOT"/tests/e2e/bisect-plugins/*; do
	[ -e "$fixture" ] && cp -a "$fixture" "$site/wp-content/plugins/"
done
# The web server user installs plugins from the admin, as on a real host.
chown -R www-data:www-data "$site/wp-content"
# The site folder itself too (not what is in it): core's upgrader writes and removes .maintenance there,
# and so does Triage's Clear on the Overview.
chown www-data:www-data "$site"
chmod 755 "$LAB_REAL" "$RUN" "$site"
stack_prepare_logs

bash "$(dirname "$0")/mariadb.sh" start
bash "$(dirname "$0")/mariadb.sh" create-db triage_lab

salt() { head -c 48 /dev/urandom | base64 | tr -d '\n/+='; }
cat >"$site/wp-config.php" <<PHP
<?php
define( 'DB_NAME', 'triage_lab' );
define( 'DB_USER', '$DB_USER' );
define( 'DB_PASSWORD', '$DB_PASSWORD' );
define( 'DB_HOST', '$DB_HOST:$DB_PORT' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
define( 'AUTH_KEY', '$(salt)' );
define( 'SECURE_AUTH_KEY', '$(salt)' );
define( 'LOGGED_IN_KEY', '$(salt)' );
define( 'NONCE_KEY', '$(salt)' );
define( 'AUTH_SALT', '$(salt)' );
define( 'SECURE_AUTH_SALT', '$(salt)' );
define( 'LOGGED_IN_SALT', '$(salt)' );
define( 'NONCE_SALT', '$(salt)' );
\$table_prefix = 'wp_';
define( 'WP_DEBUG', true );
define( 'WP_DEBUG_LOG', true );
define( 'WP_DEBUG_DISPLAY', false );
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'FS_METHOD', 'direct' );
/* That's all, stop editing! Happy publishing. */
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
PHP
chown www-data:www-data "$site/wp-config.php"

stack_settings
stack_write_config

log "installing WordPress $version into the lab database"
TRIAGE_LAB_SITE="$site" TRIAGE_LAB_URL="$WEB_URL" php "$(dirname "$0")/install-site.php"
chown -R www-data:www-data "$site/wp-content"

# fail WHAT: says why the lab did not start, from what the servers logged, and stops what did start.
fail() {
	local file
	printf '[lab] error: %s\n' "$1" >&2
	for file in "$NGINX_LOG" "$FPM_LOG" "$RUN/php-fpm.startup.err" "$RUN/nginx.startup.err" "$site/wp-content/debug.log"; do
		[ -s "$file" ] || continue
		printf '[lab] last lines of %s:\n' "$file" >&2
		tail -n 15 "$file" | sed 's/^/[lab]   /' >&2
	done
	if [ -n "${status:-}" ]; then
		printf '[lab] last answer from %s: %s\n' "$WEB_URL/wp-login.php" "$status" >&2
		head -c 600 "$RUN/last-answer" 2>/dev/null | sed 's/^/[lab]   /' >&2
	fi
	bash "$(dirname "$0")/down.sh" >/dev/null 2>&1
	exit 1
}

log "starting PHP-FPM and nginx on $WEB_URL"
fpm_start || fail "PHP-FPM did not start"
nginx_start || fail "nginx did not start"
status=""
deadline=$((SECONDS + 30))
until [ "$status" = 200 ]; do
	[ "$SECONDS" -lt "$deadline" ] || fail "WordPress on $WEB_URL did not answer 200 within 30 s"
	sleep 0.2
	status="$(curl -s -o "$RUN/last-answer" -w '%{http_code}' --max-time 10 "$WEB_URL/wp-login.php" || true)"
	case "$status" in
		# PHP-FPM's socket may not be there yet for a moment.
		502 | 503) [ "$SECONDS" -lt $((deadline - 20)) ] || fail "WordPress on $WEB_URL answered $status" ;;
		# Anything else does not go away by waiting: permissions, a missing file, a fatal error.
		4* | 5*) fail "WordPress on $WEB_URL answered $status" ;;
	esac
done
rm -f "$RUN/last-answer"
log "lab ready in $((SECONDS - started)) s: $WEB_URL (admin, admin2 and subscriber; password: password)"
