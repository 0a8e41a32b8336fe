#!/usr/bin/env bash
# Puts the lab back to normal after tests/lab/provoke.sh: the normal config (overrides removed), PHP-FPM,
# nginx and MariaDB running, no .maintenance, cron enabled and the pile-up removed, the silent service
# stopped, the fixture plugins off. Waits for the site to answer 200, then prints {"recovered":<epoch>}.
# Usage: tests/lab/recover.sh
set -euo pipefail
. "$(dirname "$0")/common.sh"
lab_dir_prepare
. "$(dirname "$0")/stack.sh"
stack_paths
[ -f "$FPM_CONF" ] && [ -f "$SITE/wp-config.php" ] || die "the lab is not set up: run tests/lab/up.sh"


bash "$(dirname "$0")/mariadb.sh" start >/dev/null 2>&1 || die "MariaDB did not start"
if [ -f "$OVERRIDES" ]; then
	rm -f "$OVERRIDES"
	stack_apply || die "the lab's servers did not start with the normal config"
else
	# A master killed with SIGKILL leaves its pid file and socket behind: start afresh.
	fpm_running || { rm -f "$FPM_PID" "$FPM_SOCK"; fpm_start || die "PHP-FPM did not start"; }
	nginx_running || nginx_start || die "nginx did not start"
fi
if [ -f "$RUN/blackhole.pid" ]; then
	kill "$(cat "$RUN/blackhole.pid")" 2>/dev/null || true
	rm -f "$RUN/blackhole.pid"
fi
rm -f "$SITE/.maintenance" "$SITE/wp-content/triage-incident.pid"
if grep -q "// triage-lab: cron" "$SITE/wp-config.php"; then
	sed -i "\|// triage-lab: cron|d" "$SITE/wp-config.php"
fi
wait_site_up 30 || die "the site does not answer 200 on $WEB_URL/wp-login.php"
# The pile-up goes on the next request while its plugin is still active.
if [ -e "$SITE/wp-content/triage-cron-pileup" ]; then
	php "$(dirname "$0")/cron.php" "$SITE" pileup off >/dev/null
	curl -s -o /dev/null --max-time 30 "$WEB_URL/" || true
	site_php plugins.php "$SITE" deactivate triage-fixture-cron-pileup/triage-fixture-cron-pileup.php >/dev/null
fi
site_php plugins.php "$SITE" deactivate triage-fixture-incidents/triage-fixture-incidents.php >/dev/null
printf '{"recovered":%s}\n' "$(date +%s)"
