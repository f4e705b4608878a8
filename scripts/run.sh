#!/usr/bin/env bash
# Set up and start the dashboard on the bundled demo data (built on first start).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/sales-dash serve "$@"
