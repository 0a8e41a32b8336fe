#!/usr/bin/env bash
# The one test command (npm test). Sets the machine up, builds, then runs every suite:
#   lint   PHPCS (WordPress-Extra, -Docs, PHPCompatibilityWP), PHPStan (phpstan.neon.dist), ESLint, Prettier, tsc --noEmit,
#          Plugin Check on triage.zip (bin/plugin-check.sh)
#   unit   Vitest + Testing Library
#   php    PHPUnit on real WordPress + MariaDB: 6.5.5 and 7.1.0, each single site and multisite
#   e2e    Playwright + Debian's Chromium against nginx + PHP-FPM + MariaDB (tests/lab), on 6.5.5 and 7.1.0
#   smoke  npm start's Playground site serves the Triage page; the built zip on PHP 7.4 and 8.4 (Playground)
# Usage: bin/test.sh [suite ...]   Exits non-zero if any suite fails; runs the rest anyway.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
LOGS="$ROOT/artifacts/logs"
mkdir -p "$LOGS"

suites=("$@")
[ "${#suites[@]}" -gt 0 ] || suites=(lint unit php e2e smoke)

declare -A seconds status passed failed
total_started=$SECONDS

header() { printf '\n\033[1m== %s ==\033[0m\n' "$*"; }

# run_step LOG COMMAND...: runs a command, showing and saving its output; returns its status.
run_step() {
	local log="$1"; shift
	printf '$ %s\n' "$*" | tee -a "$log"
	"$@" 2>&1 | tee -a "$log"
	return "${PIPESTATUS[0]}"
}

count() { # count SUITE PASSED FAILED
	passed[$1]=$(( ${passed[$1]:-0} + ${2:-0} ))
	failed[$1]=$(( ${failed[$1]:-0} + ${3:-0} ))
}

suite_lint() {
	local log="$LOGS/lint.log" rc=0 step
	for step in "bash bin/phpcs.sh -q" "vendor/bin/phpstan analyse --no-progress --memory-limit=1G" "npx wp-scripts lint-js src tests/e2e tests/smoke tests/chromium-args.cjs bin playwright.config.ts vitest.config.mts" \
		"npx prettier --check src tests/e2e tests/smoke tests/chromium-args.cjs tests/chromium-args.d.cts bin playwright.config.ts vitest.config.mts" "node bin/generate-types.mjs --check" "npx tsc --noEmit" "bash bin/plugin-check.sh"; do
		# shellcheck disable=SC2086
		if run_step "$log" $step; then count lint 1 0; else count lint 0 1; rc=1; fi
	done
	return $rc
}

suite_unit() {
	local log="$LOGS/unit.log" rc=0
	run_step "$log" npx vitest run --reporter=default || rc=1
	local line
	line=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^\s*Tests\s' | tail -1)
	count unit "$(grep -oE '[0-9]+ passed' <<<"$line" | grep -oE '[0-9]+')" "$(grep -oE '[0-9]+ failed' <<<"$line" | grep -oE '[0-9]+')"
	return $rc
}

suite_php() {
	local log="$LOGS/php.log" rc=0 run
	bash tests/lab/mariadb.sh start || return 1
	bash tests/lab/mariadb.sh create-db triage_tests || return 1
	local version multisite
	for version in "${WP_TEST_VERSIONS[@]}"; do for multisite in 0 1; do
		local part="$LOGS/php-$version-$multisite.log" dir
		: >"$part"
		echo "-- WordPress $version$([ "$multisite" = 1 ] && echo ' multisite')" | tee -a "$log"
		dir="$(bash tests/lab/wordpress.sh "$version")" || { rc=1; count php 0 1; continue; }
		TRIAGE_WP_DIR="$dir" WP_TESTS_MULTISITE="$multisite" \
			run_step "$part" vendor/bin/phpunit || rc=1
		cat "$part" >>"$log"
		local summary tests failures errors
		summary=$(grep -E '^(OK \(|Tests: )' "$part" | tail -1)
		tests=$(grep -oE '([0-9]+) tests?|Tests: [0-9]+' <<<"$summary" | grep -oE '[0-9]+' | head -1)
		failures=$(grep -oE 'Failures: [0-9]+' <<<"$summary" | grep -oE '[0-9]+')
		errors=$(grep -oE 'Errors: [0-9]+' <<<"$summary" | grep -oE '[0-9]+')
		local bad=$(( ${failures:-0} + ${errors:-0} ))
		[ -n "$tests" ] || bad=1
		count php $(( ${tests:-0} - bad < 0 ? 0 : ${tests:-0} - bad )) "$bad"
		runs+=("php    WordPress $version$([ "$multisite" = 1 ] && echo ' multisite' || echo ' single site'): ${summary:-no summary}")
	done; done
	return $rc
}

suite_e2e() {
	local log="$LOGS/e2e.log" rc=0 version
	for version in "${WP_TEST_VERSIONS[@]}"; do
		local part="$LOGS/e2e-$version.log" started=$SECONDS
		: >"$part"
		echo "-- WordPress $version" | tee -a "$log"
		bash tests/lab/up.sh "$version" 2>&1 | tee -a "$part"
		if [ "${PIPESTATUS[0]}" -ne 0 ]; then
			cat "$part" >>"$log"
			count e2e 0 1
			runs+=("e2e    WordPress $version: the lab did not start")
			rc=1
			continue
		fi
		TRIAGE_E2E_OUTPUT="artifacts/e2e/results-$version" run_step "$part" npx playwright test || rc=1
		# wp triage with PHP-FPM stopped: logs, incidents and the report still answer while the site gives 502.
		local cli=passed
		if run_step "$part" bash tests/lab/cli-fpm-down.sh; then count e2e 1 0; else count e2e 0 1; rc=1; cli=FAILED; fi
		runs+=("e2e    WordPress $version: wp triage with PHP-FPM stopped $cli")
		bash tests/lab/down.sh --keep-db >/dev/null 2>&1
		cat "$part" >>"$log"
		local clean ok bad
		clean=$(sed 's/\x1b\[[0-9;]*m//g' "$part")
		ok="$(grep -oE '^\s*[0-9]+ passed' <<<"$clean" | tail -1 | grep -oE '[0-9]+')"
		bad="$(grep -oE '^\s*[0-9]+ failed' <<<"$clean" | tail -1 | grep -oE '[0-9]+')"
		count e2e "$ok" "$bad"
		runs+=("e2e    WordPress $version: ${ok:-0} passed, ${bad:-0} failed, $((SECONDS - started)) s")
	done
	return $rc
}

suite_smoke() {
	local log="$LOGS/smoke.log" rc=0 step
	# npm start on the newest WordPress; then the built zip on PHP 7.4 and 8.4.
	for step in "playground.mjs:smoke" "php-versions.mjs:php-versions"; do
		local script="${step%%:*}" tag="${step##*:}" part="$LOGS/smoke-${step%%.*}.log" line
		: >"$part"
		run_step "$part" node "tests/smoke/$script" || rc=1
		cat "$part" >>"$log"
		line=$(grep -E "^$tag: [0-9]+ passed" "$part" | tail -1)
		count smoke "$(grep -oE '[0-9]+ passed' <<<"$line" | grep -oE '[0-9]+')" "$(grep -oE '[0-9]+ failed' <<<"$line" | grep -oE '[0-9]+')"
		[ -n "$line" ] || { count smoke 0 1; rc=1; }
		runs+=("smoke  $script: ${line:-no summary}")
	done
	local result
	while read -r result; do runs+=("smoke  $result"); done < <(grep -E '^(ok|FAIL) +PHP ' "$LOGS/smoke-php-versions.log")
	return $rc
}

. tests/lab/common.sh
# Per WordPress version (and per PHP version for smoke), for the summary.
runs=()
# MariaDB is shared by the php and e2e suites; stop it at the end only if this run started it.
db_was_running=0
[ -f "$LAB_DIR/mariadb/mysqld.pid" ] && kill -0 "$(cat "$LAB_DIR/mariadb/mysqld.pid")" 2>/dev/null && db_was_running=1

header "setup"
setup_started=$SECONDS
bash bin/setup.sh || { echo "setup failed"; exit 1; }
header "build"
# --ignore-scripts: no prebuild, so the types generated from includes/REST/schemas are checked (lint), not rewritten.
npm run build --silent --ignore-scripts || { echo "build failed"; exit 1; }
printf 'setup and build: %d s\n' $((SECONDS - setup_started))

for suite in "${suites[@]}"; do
	declare -F "suite_$suite" >/dev/null || { echo "unknown suite: $suite"; exit 2; }
	header "$suite"
	rm -f "$LOGS/$suite.log"
	started=$SECONDS
	if "suite_$suite"; then status[$suite]=ok; else status[$suite]=FAILED; fi
	seconds[$suite]=$((SECONDS - started))
done

[ "$db_was_running" = 1 ] || bash tests/lab/mariadb.sh stop >/dev/null 2>&1

header "summary"
for line in "${runs[@]}"; do printf '%s\n' "$line"; done
all_passed=0 all_failed=0 exit_code=0
for suite in "${suites[@]}"; do
	printf '%-6s %-7s %4d s   %s passed, %s failed\n' "$suite" "${status[$suite]}" "${seconds[$suite]}" "${passed[$suite]:-0}" "${failed[$suite]:-0}"
	all_passed=$((all_passed + ${passed[$suite]:-0}))
	all_failed=$((all_failed + ${failed[$suite]:-0}))
	[ "${status[$suite]}" = ok ] || exit_code=1
done
# A suite can fail without a failed test (a crash before its runner's summary).
[ "$exit_code" -eq 0 ] || [ "$all_failed" -gt 0 ] || all_failed=1
printf 'total time: %d s\n' $((SECONDS - total_started))
printf 'tests: %d passed, %d failed\n' "$all_passed" "$all_failed"
exit "$exit_code"
