#!/usr/bin/env bash
# Builds bake, then the example distribution's image with it, as a BitBake user would:
# a build directory made from the layer's templates (scripts/bake-init-build-env), then
# `bake core-image-example`. The image lands in build/tmp/deploy/images/example-x86-64/.
# BUILDDIR overrides the build directory (default: ./build).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product bake
BAKE=$PWD/.build/release/bake
export BAKE_BUILDDIR=${BUILDDIR:-$PWD/build}
. scripts/bake-init-build-env "$BAKE_BUILDDIR" >/dev/null
"$BAKE" core-image-example
ls -l tmp/deploy/images/*/
