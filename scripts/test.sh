#!/usr/bin/env bash
# The whole test suite: Swift unit tests, bake's own bb Python package against the real BitBake
# library, and the differential conformance suite (bake eval vs BitBake on every case).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --with-oracle

swift build
swift test 2>&1 | tee .build/swift-test.log | grep -vE '^(\[|Test Case|Test Suite).*(started|passed)' || true
grep -qE "Test run with .* passed|Executed .* with 0 failures" .build/swift-test.log || { echo "swift test failed"; exit 1; }
grep -qE "with [1-9][0-9]* (issue|failure)" .build/swift-test.log && { echo "swift test reported failures"; exit 1; }

ORACLE_PYTHON=$PWD/.venv-oracle/bin/python .venv-oracle/bin/python -m pytest -q Tests/PythonTests

.venv-oracle/bin/python Tests/Conformance/run.py --bake .build/debug/bake --python .venv-oracle/bin/python
