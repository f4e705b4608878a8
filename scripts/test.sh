#!/usr/bin/env bash
# Set up and run the whole test suite: lint, unit, golden, AppTest and browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/pdftoppm ]; then
    # Browser tests drive Debian's Chromium; never a downloaded browser. Chromium also
    # prints the meeting pack's PDF, which the tests render with poppler's pdftoppm.
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq </dev/null
    $SUDO apt-get install -y -qq chromium fonts-noto-cjk poppler-utils </dev/null >/dev/null
fi

.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy

set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
    echo "pytest collected no tests: failing on purpose" >&2
    exit 1
fi
[ "$status" -eq 0 ] || exit "$status"

# The benchmark runs end to end at a small size, browser clock included, to prove it
# works; timings are printed, never asserted (docs/benchmark.md keeps the full table).
if [ -z "${SKIP_BENCH:-}" ]; then
    bench_root=$(mktemp -d)
    trap 'rm -rf "$bench_root"' EXIT
    .venv/bin/sales-dash bench --rows 200000 --changes 3 --root "$bench_root"
fi
