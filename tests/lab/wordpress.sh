#!/usr/bin/env bash
# Extracts a WordPress build into .cache/wordpress/<version> and prints its path.
# Usage: tests/lab/wordpress.sh [6.5|nightly]
set -euo pipefail
. "$(dirname "$0")/common.sh"

version="${1:-$WP_VERSION_DEFAULT}"
zip="$WP_BUILDS_DIR/src/wordpress/wp-$version.zip"
assets="$WP_BUILDS_DIR/public/wp-$version"
target="$WP_CACHE_DIR/$version"

[ -f "$zip" ] || die "no WordPress build $version at $zip (run npm ci first)"

if [ ! -f "$target/.triage-extracted" ]; then
	log "extracting WordPress $version"
	rm -rf "$target.tmp"
	mkdir -p "$target.tmp"
	unzip -q "$zip" -d "$target.tmp"
	# The builds keep static assets apart from the PHP: merge them without overwriting.
	[ -d "$assets" ] && cp -rn "$assets/." "$target.tmp/"
	# A demo SQLite database and a Playground-specific wp-config.php ship inside; neither belongs here.
	rm -rf "$target.tmp/wp-content/database" "$target.tmp/wp-config.php"
	touch "$target.tmp/.triage-extracted"
	rm -rf "$target"
	mv "$target.tmp" "$target"
fi
printf '%s\n' "$target"
