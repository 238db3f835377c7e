#!/usr/bin/env bash
# Set up, then start the app: chat UI at http://127.0.0.1:7860 and the REST API under /api.
# On first start (empty data directory) it indexes the bundled reports in data/reports.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python app.py
