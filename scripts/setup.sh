#!/usr/bin/env bash
# Create .venv with the locked dependencies (needs only Python 3.11+ and PyPI).
# `setup.sh` installs what the dashboard needs; `setup.sh --test` adds the test tools and
# the benchmark's extra (the test suite runs the benchmark at a small size).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
if [ ! -x .venv/bin/uv ]; then
    .venv/bin/python -m pip install --quiet --upgrade pip uv
fi
# --frozen: install exactly what uv.lock says; --inexact keeps tools installed by hand;
# --compile-bytecode: write the .pyc files now, so that no start of the app compiles
# pandas, Streamlit and Plotly from source (over a second of every cold start where
# PYTHONDONTWRITEBYTECODE is set, as on CI and in many containers).
extras=()
[ "${1:-}" = "--test" ] && extras=(--extra test --extra bench)
UV_PROJECT_ENVIRONMENT=.venv .venv/bin/uv sync --frozen --inexact "${extras[@]}" --quiet \
    --compile-bytecode
