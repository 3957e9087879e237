#!/bin/bash
# Builds the example distribution (recipes/) with real BitBake, as a reference to compare
# bake's build against. Not part of the test suite. Run as root on Debian 12:
#
#   BITBAKE_DIR=/var/tmp/bitbake-src scripts/bitbake-example-reference.sh [--keep] [TARGET...]
#
# BITBAKE_DIR is a BitBake checkout (2.19.0, commit c251833d2062ef92fc7e77ab6456af928ad1d31a,
# is what docs/example-distro.md records). BitBake refuses to run as root, so the layer is
# copied to $BAKE_EXAMPLE_REFERENCE (default /var/tmp/bitbake-example) and built there by user
# bboracle (created if missing, as /work/shared/tools/bitbake-reference-setup.sh does) in the
# en_US.UTF-8 locale, with BB_NO_NETWORK=1. Each run starts from an empty TMPDIR unless
# --keep is given. TARGET defaults to core-image-example. Prints the task summary, the wall
# time and what landed in tmp/deploy; BitBake's full output is in $R/bitbake.log.
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=$PWD
R=${BAKE_EXAMPLE_REFERENCE:-/var/tmp/bitbake-example}
U=bboracle
BITBAKE_DIR=${BITBAKE_DIR:?set BITBAKE_DIR to a BitBake checkout}
BITBAKE_DIR=$(cd "$BITBAKE_DIR" && pwd)
keep=0
if [ "${1:-}" = --keep ]; then keep=1; shift; fi
targets=("${@:-core-image-example}")

[ "$(id -u)" = 0 ] || { echo "run as root (BitBake itself then runs as $U)" >&2; exit 1; }
[ -x "$BITBAKE_DIR/bin/bitbake" ] || { echo "$BITBAKE_DIR/bin/bitbake not found" >&2; exit 1; }

# Host tools the layer's tasks use (gcc, make, patch, ar, mkfs.ext4/debugfs, cpio) and the
# locale BitBake insists on.
missing=""
for p in build-essential patch binutils e2fsprogs cpio gzip tar locales; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
fi
if ! locale -a 2>/dev/null | grep -qix 'en_US.utf8'; then
  sed -i 's/^# *\(en_US.UTF-8 UTF-8\)/\1/' /etc/locale.gen
  grep -q '^en_US.UTF-8 UTF-8' /etc/locale.gen || echo 'en_US.UTF-8 UTF-8' >> /etc/locale.gen
  locale-gen
fi
id "$U" >/dev/null 2>&1 || useradd -m -s /bin/bash "$U"

# A copy of the layer and the build-directory script, owned by the build user. The build
# directory's conf/ is made fresh from the templates each run.
mkdir -p "$R/src/scripts"
rm -rf "$R/src/recipes" "$R/build/conf"
cp -R "$SRC/recipes" "$R/src/recipes"
cp "$SRC/scripts/bake-init-build-env" "$R/src/scripts/"
if [ "$keep" = 0 ]; then rm -rf "$R/build/tmp" "$R/build/cache"; fi
mkdir -p "$R/build"
chown -R "$U:$U" "$R"
# The user must be able to read BitBake itself.
runuser -u "$U" -- test -r "$BITBAKE_DIR/bin/bitbake" \
  || { echo "$U cannot read $BITBAKE_DIR (chown -R $U it)" >&2; exit 1; }

start=$(date +%s.%N)
set +e
runuser -u "$U" -- env -i \
  HOME="/home/$U" USER="$U" LOGNAME="$U" SHELL=/bin/bash \
  PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  LANG=en_US.UTF-8 LC_ALL=en_US.UTF-8 BB_NO_NETWORK=1 BITBAKE_DIR="$BITBAKE_DIR" \
  bash -c 'cd "$1/src" && . scripts/bake-init-build-env "$1/build" >/dev/null && shift &&
           exec bitbake "$@"' bash "$R" "${targets[@]}" > "$R/bitbake.log" 2>&1
status=$?
set -e
end=$(date +%s.%N)

grep -E "^(NOTE: Tasks Summary|NOTE: Executing|Summary:|ERROR:|WARNING:)" "$R/bitbake.log" || true
echo "bitbake ${targets[*]}: exit status $status, wall time $(awk "BEGIN { printf \"%.1f\", $end - $start }") s"
if [ -d "$R/build/tmp/deploy" ]; then
  (cd "$R/build/tmp/deploy" && find . -mindepth 2 \( -type f -o -type l \) | LC_ALL=C sort)
fi
exit $status
