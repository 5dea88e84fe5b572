#!/usr/bin/env bash
# The browser tests: notebook 07 in JupyterLab and the live playground (nnlib.live) in JupyterLab and Notebook 7,
# headless Chromium + Playwright (see the tests' docstrings).
# Installs what it needs, then runs only the tests marked `browser` (they are outside pyproject's testpaths).
#   bash browser_tests/run.sh            # from anywhere; expects .venv (the README's install command)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ] && [ -z "${CHROMIUM:-}" ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update && apt-get install -y chromium      # Debian's package; never `playwright install`
fi
.venv/bin/pip install -q -r browser_tests/requirements.txt
mkdir -p test-artifacts                                 # screenshots and the server log (gitignored)
# pyproject's addopts (--nbval ..., -n auto) stay on (nbval only collects .ipynb files), but -n 0 runs the
# test files one after the other: on 2 cores two browsers at once would skew the measured frames/s and redraw
# times (test-artifacts/live-frames.txt, redraw-seconds.txt). Extra arguments come last, e.g. -k live.
exec .venv/bin/python -m pytest -m browser -n 0 browser_tests "$@"
