#!/usr/bin/env bash
# Extracts a WordPress into .cache/wordpress/<name> and prints its path.
# Usage: tests/lab/wordpress.sh [WHICH]
#   6.5 | nightly     the Playground builds in @wp-playground/wordpress-builds (6.5.5, 6.7-alpha)
#   7.1 | latest      the newest release, pinned below: $TRIAGE_WP_LATEST (a path or URL) when set, else
#                     ../shared/wordpress/wordpress-7.1.0.tar.gz beside the checkout when it exists, else
#                     the same release from wordpress.org; its checksum is verified either way
#   X.Y[.Z]           any other release, from wordpress.org (verified against the .sha1 published beside it)
#   PATH | URL        a .zip or .tar.gz of WordPress (one top folder wordpress/, like the official ones)
set -euo pipefail
. "$(dirname "$0")/common.sh"

which="${1:-$WP_VERSION_DEFAULT}"

# verify FILE SHA256 DESCRIPTION: dies unless FILE has that sha256.
verify() {
	local actual
	actual="$(sha256sum "$1" | cut -d' ' -f1)"
	[ "$actual" = "$2" ] || die "$3 has sha256 $actual, expected $2"
}

# download URL FILE: fetches URL into FILE, or dies saying there is no network.
download() {
	command -v curl >/dev/null || die "curl is needed to download $1"
	log "downloading $1"
	curl -fsSL --retry 2 --connect-timeout 10 -o "$2.part" "$1" || { rm -f "$2.part"; die "could not download $1 (offline?)"; }
	mv "$2.part" "$2"
}

# extract ARCHIVE TARGET: unpacks a WordPress zip or tarball so that TARGET holds wp-settings.php.
extract() {
	local archive="$1" target="$2" top
	rm -rf "$target.tmp"
	mkdir -p "$target.tmp"
	case "$archive" in
		*.zip) unzip -q "$archive" -d "$target.tmp" ;;
		*) tar -xzf "$archive" -C "$target.tmp" ;;
	esac
	# Official archives hold one folder wordpress/; the Playground builds hold the files themselves.
	top="$target.tmp"
	[ -f "$top/wp-settings.php" ] || top="$(dirname "$(find "$target.tmp" -maxdepth 2 -name wp-settings.php | head -1)")"
	[ -f "$top/wp-settings.php" ] || die "no wp-settings.php in $archive"
	if [ "$top" != "$target.tmp" ]; then
		mv "$top" "$target.inner"
		rm -rf "$target.tmp"
		mv "$target.inner" "$target.tmp"
	fi
	# A demo SQLite database and a Playground-specific wp-config.php ship inside some builds.
	rm -rf "$target.tmp/wp-content/database" "$target.tmp/wp-config.php"
}

# finish TARGET STAMP: makes the extracted tree TARGET, marked with STAMP (the source's checksum).
finish() {
	printf '%s\n' "$2" >"$1.tmp/.triage-extracted"
	rm -rf "$1"
	mv "$1.tmp" "$1"
}

case "$which" in
	6.5 | nightly)
		zip="$WP_BUILDS_DIR/src/wordpress/wp-$which.zip"
		assets="$WP_BUILDS_DIR/public/wp-$which"
		target="$WP_CACHE_DIR/$which"
		[ -f "$zip" ] || die "no WordPress build $which at $zip (run bin/setup.sh first)"
		if [ ! -f "$target/.triage-extracted" ]; then
			log "extracting WordPress $which"
			extract "$zip" "$target"
			# The builds keep static assets apart from the PHP: merge them without overwriting.
			[ -d "$assets" ] && cp -rn "$assets/." "$target.tmp/"
			finish "$target" "$which"
		fi
		;;
	latest | "$WP_LATEST_SERIES" | "$WP_LATEST_VERSION")
		target="$WP_CACHE_DIR/$WP_LATEST_SERIES"
		source="${TRIAGE_WP_LATEST:-}"
		if [ -z "$source" ]; then
			source="$WP_LATEST_SHARED"
			[ -f "$source" ] || source="$WP_LATEST_URL"
		fi
		# Pinned: the shared copy's checksum, or the one given with an override, or (for wordpress.org's
		# own tarball) the checksum wordpress.org publishes beside it.
		expected="${TRIAGE_WP_LATEST_SHA256:-$WP_LATEST_SHA256}"
		stamp="$source $expected"
		if [ "$(cat "$target/.triage-extracted" 2>/dev/null)" != "$stamp" ]; then
			archive="$source"
			if [[ "$source" =~ ^https?:// ]]; then
				mkdir -p "$WP_CACHE_DIR"
				archive="$WP_CACHE_DIR/$(basename "$source")"
				[ -f "$archive" ] || download "$source" "$archive"
				if [ "$source" = "$WP_LATEST_URL" ] && [ -z "${TRIAGE_WP_LATEST_SHA256:-}" ]; then
					sha1="$(curl -fsSL --connect-timeout 10 "$source.sha1" | head -c 40)" || die "could not fetch $source.sha1"
					[ "$(sha1sum "$archive" | cut -d' ' -f1)" = "$sha1" ] || die "$archive does not match $source.sha1"
					expected="$(sha256sum "$archive" | cut -d' ' -f1)"
				fi
			fi
			[ -f "$archive" ] || die "no WordPress $WP_LATEST_VERSION at $archive"
			verify "$archive" "$expected" "$archive"
			log "extracting WordPress $WP_LATEST_VERSION from $source"
			extract "$archive" "$target"
			finish "$target" "$stamp"
		fi
		;;
	*)
		if [[ "$which" =~ ^[0-9]+\.[0-9]+(\.[0-9]+)?$ ]]; then
			url="https://wordpress.org/wordpress-$which.tar.gz"
			target="$WP_CACHE_DIR/$which"
			if [ ! -f "$target/.triage-extracted" ]; then
				mkdir -p "$WP_CACHE_DIR"
				archive="$WP_CACHE_DIR/wordpress-$which.tar.gz"
				[ -f "$archive" ] || download "$url" "$archive"
				sha1="$(curl -fsSL --connect-timeout 10 "$url.sha1" | head -c 40)" || die "could not fetch $url.sha1"
				[ "$(sha1sum "$archive" | cut -d' ' -f1)" = "$sha1" ] || die "$archive does not match $url.sha1"
				log "extracting WordPress $which"
				extract "$archive" "$target"
				finish "$target" "$url"
			fi
		else
			archive="$which"
			if [[ "$which" =~ ^https?:// ]]; then
				mkdir -p "$WP_CACHE_DIR"
				archive="$WP_CACHE_DIR/download-$(printf '%s' "$which" | sha256sum | head -c 12)-$(basename "$which")"
				[ -f "$archive" ] || download "$which" "$archive"
			fi
			[ -f "$archive" ] || die "no such WordPress version or archive: $which"
			sum="$(sha256sum "$archive" | cut -d' ' -f1)"
			target="$WP_CACHE_DIR/archive-${sum:0:12}"
			if [ ! -f "$target/.triage-extracted" ]; then
				log "extracting WordPress from $archive"
				extract "$archive" "$target"
				finish "$target" "$sum"
			fi
		fi
		;;
esac
printf '%s\n' "$target"
