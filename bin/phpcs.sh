#!/usr/bin/env bash
# The project's PHPCS (phpcs.xml.dist) with WordPress Coding Standards 3, the version Plugin Check runs: the
# registry's WPCS is 2.3, whose rule names Plugin Check does not honour. PHP_CodeSniffer, WPCS 3, PHPCSUtils
# and PHPCSExtra come from the Plugin Check bundle (unpacked by bin/plugin-check.sh into .cache/), and
# PHPCompatibilityWP from vendor/. Arguments go to phpcs, e.g. bin/phpcs.sh -q includes/Plugin.php
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
tool="$(bash bin/plugin-check.sh --unpack)"
bundle="$tool/vendor"
compat="$ROOT/vendor/phpcompatibility"
[ -d "$compat/phpcompatibility-wp" ] || { echo "phpcs.sh: $compat is missing: run composer install" >&2; exit 1; }
paths="$bundle/wp-coding-standards/wpcs,$bundle/phpcsstandards/phpcsutils,$bundle/phpcsstandards/phpcsextra"
paths="$paths,$compat/php-compatibility,$compat/phpcompatibility-paragonie,$compat/phpcompatibility-wp"
exec php "$bundle/squizlabs/php_codesniffer/bin/phpcs" --runtime-set installed_paths "$paths" "$@"
