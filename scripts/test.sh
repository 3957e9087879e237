#!/usr/bin/env bash
# The whole test suite: Swift unit and fuzz tests, bake's own bb Python package against the
# real BitBake library, the differential conformance suite (bake eval vs BitBake on every
# case, then `bake parse -j N` against `-j 1` on the same files), the layered fixture and the
# example image. Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --with-oracle

swift build
mkdir -p .build
set +e
swift test 2>&1 | tee .build/swift-test.log | grep -vE '^(Test Case|Test Suite|◇|↳).*(started|passed)'
swift_status=${PIPESTATUS[0]}
set -e
if [ "$swift_status" -ne 0 ]; then
  echo "swift test failed (status $swift_status)"
  exit 1
fi

.venv-oracle/bin/python -m pytest -q Tests/PythonTests

.venv-oracle/bin/python Tests/Conformance/run.py --bake .build/debug/bake --python .venv-oracle/bin/python

.venv-oracle/bin/python Tests/Conformance/parse_jobs.py --bake .build/debug/bake

.venv-oracle/bin/python Tests/Layers/compare.py --bake .build/debug/bake
.venv-oracle/bin/python Tests/Layers/worker_events.py --bake .build/debug/bake

.venv-oracle/bin/python Tests/Build/image_test.py --bake .build/debug/bake
