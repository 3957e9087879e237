#!/usr/bin/env bash
# Build benchmark: the example image built from scratch, then rebuilt with nothing changed
# (the no-op build), then after one source file changed; with real BitBake beside it when
# BITBAKE_DIR points at a BitBake checkout (run as root; BitBake builds as user bboracle, see
# scripts/bitbake-example-reference.sh).
#
#   Benchmarks/build_benchmark.sh [--bake .build/release/bake]
set -euo pipefail
cd "$(dirname "$0")/.."
BAKE=$PWD/.build/release/bake
if [ "${1:-}" = --bake ]; then BAKE=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); fi
WORK=$(mktemp -d /var/tmp/bake-build-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cp -r recipes "$WORK/layer"
mkdir -p "$WORK/build/conf"
cp recipes/conf/templates/default/local.conf.sample "$WORK/build/conf/local.conf"
sed "s#\#\#OEROOT\#\##$WORK/layer#g" recipes/conf/templates/default/bblayers.conf.sample > "$WORK/build/conf/bblayers.conf"

seconds() { local start=$(date +%s.%N); "$@" > "$WORK/last.log" 2>&1; awk "BEGIN { print $(date +%s.%N) - $start }"; }
cd "$WORK/build"
full=$(seconds "$BAKE" core-image-example)
noop=$(seconds "$BAKE" core-image-example)
echo "/* benchmark edit */" >> "$WORK/layer/recipes-core/hello/files/hello.c"
one=$(seconds "$BAKE" core-image-example)
grep "Tasks Summary" "$WORK/last.log"
printf 'bake full build:           %6.2f s\n' "$full"
printf 'bake no-op build:          %6.2f s\n' "$noop"
printf 'bake after one source edit: %5.2f s\n' "$one"

if [ -n "${BITBAKE_DIR:-}" ]; then
  cd - >/dev/null
  ref() { local start=$(date +%s.%N); scripts/bitbake-example-reference.sh "$@" > "$WORK/ref.log" 2>&1; awk "BEGIN { print $(date +%s.%N) - $start }"; }
  bb_full=$(ref)
  bb_noop=$(ref --keep)
  printf 'BitBake full build:        %6.2f s   (bake %.1fx)\n' "$bb_full" "$(awk "BEGIN { print $bb_full / $full }")"
  printf 'BitBake no-op build:       %6.2f s   (bake %.1fx)\n' "$bb_noop" "$(awk "BEGIN { print $bb_noop / $noop }")"
  echo "(BitBake times include its script's setup; see $WORK/ref.log)"
fi
