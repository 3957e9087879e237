#!/usr/bin/env bash
# Installs what bake needs to build and test, idempotently (Debian 12, run as root or with sudo).
#   - Debian packages: CPython's embedding headers and pkg-config, compression libraries,
#     libseccomp (sandbox), the fetcher's tools (curl, git, patch, zip/unzip, bzip2, xz-utils),
#     the host tools the example distribution's tasks run (gcc, make, ar, cpio, mkfs.ext4),
#     and bc for Benchmarks/oecore_parse_benchmark.sh
#   - .venv-oracle: the real BitBake library (PyPI bitbake-setup 2.19.0) used as the reference
#     for metadata semantics, and pytest
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for pkg in python3-dev pkg-config libzstd-dev liblz4-dev zstd lz4 libseccomp-dev \
           curl git patch zip unzip bzip2 xz-utils \
           gcc libc6-dev make binutils cpio e2fsprogs bc; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need[@]}"
fi

if [ "${1:-}" = "--with-oracle" ]; then
  if [ ! -x .venv-oracle/bin/python ] || ! .venv-oracle/bin/python -c "import bb, pytest" 2>/dev/null; then
    python3 -m venv .venv-oracle
    .venv-oracle/bin/pip install -q --disable-pip-version-check "bitbake-setup==2.19.0" pytest
  fi
fi
