"""The processes the browser tests start and end themselves: a Jupyter server (JupyterLab, which also
serves Notebook 7's /notebooks/ pages) and headless /usr/bin/chromium driven by Playwright over CDP.

Every process runs in a session of its own and is ended by its own process id, also when a test fails;
every setting and cache goes to a temporary folder (nothing is written into the home directory).
"""
import contextlib
import json
import os
import pathlib
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def end_process_group(proc, grace=10):
    """SIGTERM the process group we started (start_new_session=True), then SIGKILL what is left."""
    if proc is None or proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(5)


def kill_processes_mentioning(path):
    """Kill, by pid, processes whose command line names our own temporary folder (kernels the server
    started in their own sessions, Chromium helpers): nothing else can mention that folder."""
    for entry in pathlib.Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if str(path) in cmdline:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(int(entry.name), signal.SIGKILL)


def private_env(workspace):
    """Every Jupyter, IPython, matplotlib and Chromium setting and cache goes to the temporary folder."""
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)       # the notebook draws inline, as for a student
    for var, sub in [("HOME", "home"), ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache"),
                     ("XDG_DATA_HOME", "data"), ("JUPYTER_CONFIG_DIR", "jupyter-config"),
                     ("JUPYTER_DATA_DIR", "jupyter-data"), ("JUPYTER_RUNTIME_DIR", "jupyter-runtime"),
                     ("IPYTHONDIR", "ipython"), ("MPLCONFIGDIR", "matplotlib")]:
        env[var] = str(workspace / sub)
        (workspace / sub).mkdir()
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    # no "get notified about Jupyter news?" toast over the screenshots
    labconfig = workspace / "jupyter-config" / "labconfig"
    labconfig.mkdir()
    (labconfig / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}))
    return env


@contextlib.contextmanager
def jupyter_server(root, env, log_path):
    """JupyterLab on 127.0.0.1 (a free port, a random token) serving root; yields {"url", "token"}.
    The same server serves Notebook 7 (/notebooks/NAME); both pages expose window.jupyterapp."""
    port, token = free_port(), secrets.token_hex(16)
    log = open(log_path, "w")
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ip=127.0.0.1", f"--port={port}",
           "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
           "--LabApp.expose_app_in_browser=True", "--JupyterNotebookApp.expose_app_in_browser=True",
           "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    server = subprocess.Popen(cmd, env=env, cwd=root, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with {server.returncode}; see {log_path}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"JupyterLab not ready after 60 s; see {log_path}")
                time.sleep(0.3)
        yield {"url": f"http://127.0.0.1:{port}", "token": token}
    finally:
        end_process_group(server)
        kill_processes_mentioning(env["JUPYTER_RUNTIME_DIR"])    # kernels run in sessions of their own
        log.close()


@contextlib.contextmanager
def chromium(workspace, env):
    """/usr/bin/chromium, headless, started by us (so we hold its pid); yields Playwright's Browser over CDP."""
    from playwright.sync_api import sync_playwright
    profile = workspace / "chromium-profile"
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
           "--disable-background-networking", "--disable-component-update", "--no-first-run",
           "--no-default-browser-check", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
           f"--user-data-dir={profile}", "--window-size=1400,1000", "about:blank"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    playwright = None
    try:
        port_file = profile / "DevToolsActivePort"        # Chromium writes the port it picked here
        deadline = time.monotonic() + 30
        while not (port_file.exists() and port_file.read_text().strip()):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Chromium did not start (exit code {proc.poll()})")
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        playwright = sync_playwright().start()
        yield playwright.chromium.connect_over_cdp(f"http://127.0.0.1:{port}")
    finally:
        if playwright is not None:
            playwright.stop()
        end_process_group(proc, grace=5)
        kill_processes_mentioning(profile)
