#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian 12 machine, and nothing that is already there:
# Debian packages (nginx, PHP-FPM, MariaDB, Chromium), npm packages (npm ci), Composer packages, and the
# WordPress releases under .cache/wordpress (6.5.5 and 7.1.0, checksums verified). Safe to run again; npm
# test runs it first.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[setup] %s\n' "$*"; }

APT_PACKAGES=(nginx-light php8.2-cli php8.2-fpm php8.2-mysql php8.2-xml php8.2-mbstring php8.2-curl php8.2-zip php8.2-intl mariadb-server mariadb-client chromium curl unzip)
missing=()
for package in "${APT_PACKAGES[@]}"; do
	dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
	say "installing Debian packages: ${missing[*]}"
	sudo_cmd=()
	[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
	"${sudo_cmd[@]}" apt-get update -qq
	DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
	# Package scripts may start the distribution's own services; the lab runs private ones on other ports.
	for service in nginx php8.2-fpm mariadb; do
		"${sudo_cmd[@]}" service "$service" stop >/dev/null 2>&1 || true
	done
fi

lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ "$(cat node_modules/.triage-lock-hash 2>/dev/null)" != "$lock_hash" ]; then
	say "installing npm packages"
	# Not `npm ci`: the registry served here lacks some other platforms' optional binaries, which npm
	# then leaves out of the lock file, and `npm ci` refuses such a lock. `npm install` installs the
	# locked versions all the same.
	npm install --no-audit --no-fund --loglevel=error
	printf '%s\n' "$lock_hash" >node_modules/.triage-lock-hash
fi

composer_hash="$(sha256sum composer.json | cut -d' ' -f1)"
if [ "$(cat vendor/.triage-composer-hash 2>/dev/null)" != "$composer_hash" ]; then
	say "installing Composer packages"
	composer install --no-interaction --no-progress --quiet
	printf '%s\n' "$composer_hash" >vendor/.triage-composer-hash
fi

. tests/lab/common.sh
# The releases the suites run on (6.5.5 bundled, 7.1.0 from ../shared/wordpress or wordpress.org). One that
# cannot be had is said here, and its PHPUnit and e2e runs fail; the rest still run.
for version in "${WP_TEST_VERSIONS[@]}"; do
	bash tests/lab/wordpress.sh "$version" >/dev/null || say "WordPress $version is not available (above): its test runs will fail"
done
say "ready"
