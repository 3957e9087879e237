#!/bin/bash
# Parses OpenEmbedded-Core with bake and with the real BitBake, side by side, in these states:
#   cold     every parse cache removed (bake: cache/bake_parse_cache.dat and the configuration
#            snapshot cache/bake_configuration.json; BitBake: tmp/cache/bb_cache.dat* and its
#            code-parser cache cache/bb_codeparser.dat)
#   cold, BitBake's code-parser cache kept
#            BitBake's recipe cache removed but not the analysis of Python and shell code it
#            keeps across runs (bake keeps nothing of the kind: its figure is the cold one)
#   warm     nothing changed since the last parse
#   touched  one class touched (every recipe inheriting it is parsed again)
# and prints the wall times and the BitBake/bake ratios. BitBake parses everything again on the
# run after a cold one (its code-parser cache does not round-trip), so one untimed BitBake run
# follows the cold one: warm is BitBake's settled warm. Before each tool's cold run every file
# both tools read is read once (this machine hands page-cache memory back between runs), and
# BitBake's server is stopped and waited for between runs.
#
# Usage: Benchmarks/oecore_parse_benchmark.sh [BAKE]    (default .build/release/bake)
# Needs the reference setup (/work/shared/tools/bitbake-reference-setup.sh): OE-Core, BitBake and
# a build directory owned by $RUN_AS. Both tools run as that user with the same clean environment.
set -euo pipefail
BAKE=$(readlink -f "${1:-.build/release/bake}")
R=${BITBAKE_REFERENCE:-/var/tmp/bitbake-reference}
RUN_AS=${RUN_AS:-bboracle}
BITBAKE_RUN=${BITBAKE_RUN:-/work/shared/tools/bitbake-reference-run.sh}
CLASS=${CLASS:-meta/classes-recipe/autotools.bbclass}
BUILD=$R/oe-build

as_user() { if [ "$(id -un)" = "$RUN_AS" ]; then "$@"; else runuser -u "$RUN_AS" -- "$@"; fi; }

run_bake() {
  (cd "$BUILD" && as_user env -i BBPATH="$BUILD" BB_ENV_PASSTHROUGH_ADDITIONS="BB_NO_NETWORK MACHINE DISTRO" \
    BB_NO_NETWORK=1 BUILDDIR="$BUILD" HOME="/home/$RUN_AS" LANG=en_US.UTF-8 LC_ALL=en_US.UTF-8 LOGNAME="$RUN_AS" \
    PATH="$R/oe-core/scripts:$R/bitbake/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    PWD="$BUILD" SHELL=/bin/bash USER="$RUN_AS" "$BAKE" -p)
}
run_bitbake() { bash "$BITBAKE_RUN" -p; }

# Prints the seconds a command took; its summary line goes to stderr.
timed() {
  local start end out
  start=$(date +%s.%N)
  out=$("$@" 2>&1) || { echo "$out" >&2; echo "FAILED: $*" >&2; exit 1; }
  end=$(date +%s.%N)
  echo "$out" | grep -E "^Parsing of|^NOTE: Parsing of" | sed 's/^/    /' >&2 || true
  echo "$end - $start" | bc
}

# The machine gives page-cache memory back between runs, so a cold run could also be the first
# to read the layers from disk: before each tool's cold run, read every file both tools use.
warm_page_cache() {
  find "$R/oe-core/meta" "$R/oe-core/scripts" "$R/bitbake/lib" "$R/bitbake/bin" "$(dirname "$BAKE")" \
    -type f -not -path '*/.git/*' -print0 | xargs -0 cat >/dev/null 2>&1 || true
}

# BitBake keeps a server alive for a while after a command: stop it (and wait until it is gone,
# it lingers for about half a second) so that each run starts cold and none overlaps another.
stop_server() {
  bash "$BITBAKE_RUN" --exec bitbake -m >/dev/null 2>&1 || true
  for _ in $(seq 100); do pgrep -f bitbake-server >/dev/null || break; sleep 0.1; done
}

touch_class() {
  as_user touch "$R/oe-core/$CLASS"
  sleep 1  # as a person would: edit, then run (a file changed within 0.1 s of a parse is not cached)
}

declare -A T
stop_server
echo "bake $BAKE" >&2
rm -f "$BUILD/cache/bake_parse_cache.dat" "$BUILD/cache/bake_configuration.json"
warm_page_cache
echo "bake cold" >&2;        T[bake_cold]=$(timed run_bake)
T[bake_kept]=${T[bake_cold]}
echo "bake warm" >&2;        T[bake_warm]=$(timed run_bake)
touch_class
echo "bake touched" >&2;     T[bake_touched]=$(timed run_bake)

stop_server
rm -f "$BUILD"/tmp/cache/bb_cache.dat* "$BUILD/cache/bb_codeparser.dat"
warm_page_cache
echo "bitbake cold" >&2;     T[bitbake_cold]=$(timed run_bitbake); stop_server
echo "bitbake (settling, not timed)" >&2; timed run_bitbake >/dev/null; stop_server
rm -f "$BUILD"/tmp/cache/bb_cache.dat*
warm_page_cache
echo "bitbake cold, code-parser cache kept" >&2; T[bitbake_kept]=$(timed run_bitbake); stop_server
echo "bitbake warm" >&2;     T[bitbake_warm]=$(timed run_bitbake); stop_server
touch_class
echo "bitbake touched" >&2;  T[bitbake_touched]=$(timed run_bitbake); stop_server

printf '\n| state | BitBake | bake | BitBake / bake |\n|---|---:|---:|---:|\n'
declare -A LABEL=([cold]="cold" [kept]="cold, BitBake's code-parser cache kept" [warm]="warm" [touched]="touched")
for state in cold kept warm touched; do
  b=${T[bitbake_$state]} k=${T[bake_$state]}
  printf '| %s | %.2f s | %.2f s | %.1fx |\n' "${LABEL[$state]}" "$b" "$k" "$(echo "$b / $k" | bc -l)"
done
