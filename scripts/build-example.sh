#!/usr/bin/env bash
# Builds bake and evaluates the example distribution in recipes/, printing each recipe's
# main variables. (This becomes the image build once the task pipeline lands.)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product bake
BAKE=.build/release/bake
for recipe in recipes/recipes-*/*/*.bb; do
  echo "== $recipe"
  "$BAKE" eval --bbpath "$PWD/recipes" --config conf/bitbake.conf "$recipe" PN PV PR SUMMARY DEPENDS SRC_URI CFLAGS do_compile
done
