#!/usr/bin/env bash
# The browser test of notebook 07: JupyterLab + headless Chromium + Playwright (see the test's docstring).
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
# pyproject's addopts (--nbval ..., -n auto --dist loadfile) stay on: nbval only collects .ipynb files, and
# both browser tests share one file, so they run one after the other on one worker.
exec .venv/bin/python -m pytest -m browser browser_tests "$@"
