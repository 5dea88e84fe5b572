"""Fixtures shared by the browser tests (one temporary folder, environment and Chromium per test module)."""
import os
import pathlib
import shutil
import tempfile

import pytest

from jupyterlab_page import ARTIFACTS
from servers import CHROMIUM, chromium, kill_processes_mentioning, private_env


@pytest.fixture(scope="module")
def workspace():
    folder = pathlib.Path(tempfile.mkdtemp(prefix="nnlib-browser-"))
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        yield folder
    finally:
        kill_processes_mentioning(folder)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def env(workspace):
    return private_env(workspace)


@pytest.fixture(scope="module")
def browser(workspace, env):
    """/usr/bin/chromium, headless, started by us; Playwright connects over CDP."""
    try:
        import playwright  # noqa: F401
    except ImportError:
        pytest.fail("the browser tests need the Python package playwright: "
                    ".venv/bin/pip install -r browser_tests/requirements.txt (never `playwright install`)")
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"no Chromium at {CHROMIUM}: apt-get install -y chromium (or set CHROMIUM=/path/to/it)")
    with chromium(workspace, env) as browser:
        yield browser
