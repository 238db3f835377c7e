#!/usr/bin/env bash
# Set up, index the bundled reports and show what was indexed, with one sample lookup.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
py=.venv/bin/python
$py -m assistant ingest "${@:-data/reports}"
$py -m assistant reports
$py -m assistant check --agency 偃师 --year 2019
$py -m assistant facts --agency 洛宁县 --year 2020 --row new --column total
