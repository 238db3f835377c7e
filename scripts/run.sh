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
$py -m assistant ask "How many applications did Luoning receive in 2020?" --json
$py -m assistant ask "洛宁县2020年收到多少政府信息公开申请？" --session quickstart
$py -m assistant ask "那上街区呢？" --session quickstart
$py -m assistant ask "比较洛宁县和上街区的行政处罚处理决定数量"
