#!/usr/bin/env bash
# Set up and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# the UI tests drive a real headless Chromium; CJK fonts make its screenshots readable
if ! command -v chromedriver >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk"; then
    echo "setup: installing chromium, chromedriver and a CJK font for the browser tests"
    (apt-get update -qq && apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei >/dev/null) \
        || echo "warning: could not install chromium/chromedriver; the browser tests will fail" >&2
fi
# PostgreSQL for the backend tests (the Chroma server is started by the tests themselves)
echo "setup: starting PostgreSQL for the backend tests"
if url=$(bash scripts/postgres.sh); then
    export REPORTQA_TEST_POSTGRES_URL="$url"
else
    echo "warning: PostgreSQL could not start; the backend tests will fail and say so" >&2
fi
echo "setup: done; running the tests on ${REPORTQA_TEST_WORKERS:-2} processes (see README for the time it takes)"
# each test file runs whole in one process (its servers and indexes are started once); the files are shared out
# the slowest tests are listed at the end (where the time goes)
exec .venv/bin/python -m pytest -n "${REPORTQA_TEST_WORKERS:-2}" --dist loadfile --durations=20 "$@"
