#!/usr/bin/env bash
# Opens or closes the lab's PHP-FPM log to the PHP user, as an administrator does after Triage says the log
# hides the evidence: open = root:www-data 0640 (what root:adm 0640 with www-data in adm gives, without adding
# the machine's www-data to adm for every lab), close = root:root 0600, as PHP-FPM creates it.
# Usage: tests/lab/fpm-log.sh open|close   prints {"fpm_log":"<path>","mode":"<mode>"}
set -euo pipefail
. "$(dirname "$0")/common.sh"
lab_dir_prepare
. "$(dirname "$0")/stack.sh"
stack_paths
[ -f "$FPM_LOG" ] || die "no PHP-FPM log at $FPM_LOG: run tests/lab/up.sh"
case "${1:-}" in
	open) chown root:www-data "$FPM_LOG" && chmod 0640 "$FPM_LOG" ;;
	close) chown root:root "$FPM_LOG" && chmod 0600 "$FPM_LOG" ;;
	*) die "usage: tests/lab/fpm-log.sh open|close" ;;
esac
printf '{"fpm_log":"%s","mode":"%s"}\n' "$FPM_LOG" "$(stat -c '%U:%G %a' "$FPM_LOG")"
