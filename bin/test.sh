#!/usr/bin/env bash
# The one test command (npm test). Sets the machine up, builds, then runs every suite:
#   lint   PHPCS (WordPress-Extra, -Docs, PHPCompatibilityWP), ESLint, Prettier, tsc --noEmit,
#          Plugin Check on triage.zip (bin/plugin-check.sh)
#   unit   Vitest + Testing Library
#   php    PHPUnit on real WordPress + MariaDB: 6.5 single site, 6.5 multisite, nightly
#   e2e    Playwright + Debian's Chromium against nginx + PHP-FPM + MariaDB (tests/lab)
#   smoke  npm start's Playground site serves the Triage page
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
	for step in "bash bin/phpcs.sh -q" "npx wp-scripts lint-js src tests/e2e tests/smoke bin playwright.config.ts vitest.config.mts" \
		"npx prettier --check src tests/e2e tests/smoke bin playwright.config.ts vitest.config.mts" "npx tsc --noEmit" "bash bin/plugin-check.sh"; do
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
	for run in "6.5:0" "6.5:1" "nightly:0"; do
		local version="${run%%:*}" multisite="${run##*:}" part="$LOGS/php-${run/:/-}.log"
		: >"$part"
		echo "-- WordPress $version$([ "$multisite" = 1 ] && echo ' multisite')" | tee -a "$log"
		TRIAGE_WP_DIR="$ROOT/.cache/wordpress/$version" WP_TESTS_MULTISITE="$multisite" \
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
	done
	return $rc
}

suite_e2e() {
	local log="$LOGS/e2e.log" rc=0
	bash tests/lab/up.sh 2>&1 | tee -a "$log"
	[ "${PIPESTATUS[0]}" -eq 0 ] || { count e2e 0 1; return 1; }
	run_step "$log" npx playwright test || rc=1
	bash tests/lab/down.sh >/dev/null 2>&1
	local clean
	clean=$(sed 's/\x1b\[[0-9;]*m//g' "$log")
	count e2e "$(grep -oE '^\s*[0-9]+ passed' <<<"$clean" | tail -1 | grep -oE '[0-9]+')" \
		"$(grep -oE '^\s*[0-9]+ failed' <<<"$clean" | tail -1 | grep -oE '[0-9]+')"
	return $rc
}

suite_smoke() {
	local log="$LOGS/smoke.log" rc=0
	run_step "$log" node tests/smoke/playground.mjs || rc=1
	local line
	line=$(grep -E '^smoke: [0-9]+ passed' "$log" | tail -1)
	count smoke "$(grep -oE '[0-9]+ passed' <<<"$line" | grep -oE '[0-9]+')" "$(grep -oE '[0-9]+ failed' <<<"$line" | grep -oE '[0-9]+')"
	[ -n "$line" ] || { count smoke 0 1; rc=1; }
	return $rc
}

header "setup"
setup_started=$SECONDS
bash bin/setup.sh || { echo "setup failed"; exit 1; }
header "build"
npm run build --silent || { echo "build failed"; exit 1; }
printf 'setup and build: %d s\n' $((SECONDS - setup_started))

for suite in "${suites[@]}"; do
	declare -F "suite_$suite" >/dev/null || { echo "unknown suite: $suite"; exit 2; }
	header "$suite"
	rm -f "$LOGS/$suite.log"
	started=$SECONDS
	if "suite_$suite"; then status[$suite]=ok; else status[$suite]=FAILED; fi
	seconds[$suite]=$((SECONDS - started))
done

header "summary"
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
