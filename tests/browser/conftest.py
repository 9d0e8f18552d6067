"""Browser tests: a real JupyterLab on a free loopback port, driven by Debian's Chromium through
Python Playwright, the way a learner uses the lessons.

    bash scripts/install_browser.sh && python -m pytest tests/browser -m browser -v

JupyterLab serves a temporary copy of notebooks/ with no token, no password, its own settings,
workspaces and runtime folders, and is stopped at the end of the session even when a test fails.
Chromium starts headless with a fresh profile per test and no background networking (this machine
has no network). Screenshots go to artifacts/screenshots/ (gitignored; CI keeps it).

Set NNLESSONS_NOTEBOOKS_DIR to serve another folder (e.g. while developing the harness), and
NNLESSONS_CHROMIUM to use another Chromium binary. Without Chromium or Playwright the tests skip,
except under CI=true, where they fail: CI must run them.
"""
import atexit
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = Path(os.environ.get("NNLESSONS_NOTEBOOKS_DIR", ROOT / "notebooks"))
SCREENSHOTS = Path(os.environ.get("NNLESSONS_SCREENSHOTS", ROOT / "artifacts" / "screenshots"))
CHROMIUM = os.environ.get("NNLESSONS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic", "--disable-dev-shm-usage"]
THREADS = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}

# JupyterLab settings for a quiet, fully rendered notebook: every cell stays in the page (no
# windowing, so every output can be inspected) and no news or update checks reach for the network.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False},
}


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


def _unavailable(reason):
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{reason} (CI must run the browser tests: bash scripts/install_browser.sh)")
    pytest.skip(f"{reason}: run `bash scripts/install_browser.sh`")


@pytest.fixture(scope="session")
def playwright_api():
    if not Path(CHROMIUM).exists():
        _unavailable(f"no Chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Python playwright is not installed")
    with sync_playwright() as p:
        yield p


@pytest.fixture
def browser_page(playwright_api, tmp_path):
    """A fresh headless Chromium (new profile) and one page; closed after the test."""
    context = playwright_api.chromium.launch_persistent_context(
        str(tmp_path / "chromium-profile"), executable_path=CHROMIUM, headless=True,
        args=CHROMIUM_ARGS, viewport={"width": 1400, "height": 1000})
    page = context.pages[0] if context.pages else context.new_page()
    page.set_default_timeout(30_000)
    page.console_errors = []
    page.on("pageerror", lambda err: page.console_errors.append(str(err)))
    try:
        yield page
    finally:
        context.close()


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class JupyterLab:
    """A JupyterLab server process on 127.0.0.1:port serving ``root``."""

    def __init__(self, root, work):
        self.root, self.work = Path(root), Path(work)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = self.work / "jupyterlab.log"
        self.proc = None

    def start(self, timeout=90):
        settings = self.work / "user-settings"
        for rel, values in LAB_SETTINGS.items():
            path = settings / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
        env = dict(os.environ, **THREADS,
                   JUPYTER_CONFIG_DIR=str(self.work / "config"),
                   JUPYTER_RUNTIME_DIR=str(self.work / "runtime"),
                   IPYTHONDIR=str(self.work / "ipython"))
        cmd = [sys.executable, "-m", "jupyterlab", "--no-browser",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}",
               "--ServerApp.port_retries=0", "--IdentityProvider.token=",
               "--PasswordIdentityProvider.hashed_password=", "--ServerApp.allow_root=True",
               f"--ServerApp.root_dir={self.root}", "--ServerApp.open_browser=False",
               f"--LabApp.user_settings_dir={settings}",
               f"--LabApp.workspaces_dir={self.work / 'workspaces'}",
               "--LabApp.news_url=None",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
               "--expose-app-in-browser"]
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT, env=env,
                                     cwd=self.root, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with {self.proc.returncode}:\n{self.tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/status", timeout=2) as r:
                    if r.status == 200:
                        return self
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"JupyterLab did not answer within {timeout} s:\n{self.tail()}")

    def api(self, path, method="GET"):
        req = urllib.request.Request(f"{self.url}{path}", method=method,
                                     headers={"Content-Type": "application/json"},
                                     data=b"{}" if method == "POST" else None)
        with urllib.request.urlopen(req, timeout=10) as r:
            body = r.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self):
        """Stop every kernel (between tests, so each lesson starts in a fresh one)."""
        for kernel in self.api("/api/kernels") or []:
            try:
                self.api(f"/api/kernels/{kernel['id']}", method="DELETE")
            except urllib.error.URLError:
                pass

    def stop(self):
        """Shut the server and its kernels down: the REST shutdown, then SIGTERM, then SIGKILL."""
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            self.shutdown_kernels()
            self.api("/api/shutdown", method="POST")
            self.proc.wait(timeout=15)
        except (urllib.error.URLError, OSError, subprocess.TimeoutExpired, ValueError):
            pass
        for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
            if self.proc.poll() is not None:
                break
            try:
                os.killpg(self.proc.pid, sig)
                self.proc.wait(timeout=wait)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
        self.log.close()

    def tail(self, n=40):
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""


@pytest.fixture(scope="session")
def jupyterlab(tmp_path_factory, playwright_api):
    """JupyterLab serving a temporary copy of the lessons; stopped at the end, whatever happens."""
    if not NOTEBOOKS.is_dir():  # a missing lesson folder is a broken checkout, never a skip
        pytest.fail(f"no notebooks folder at {NOTEBOOKS}")
    work = tmp_path_factory.mktemp("jupyterlab")
    root = work / "notebooks"
    shutil.copytree(NOTEBOOKS, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    lab = JupyterLab(root, work)
    atexit.register(lab.stop)  # also when the run is interrupted before fixtures tear down
    try:
        lab.start()
        yield lab
    finally:
        lab.stop()


@pytest.fixture(scope="session")
def screenshots():
    """artifacts/screenshots/, emptied of the last run's pictures."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob("*.png"):
        old.unlink()
    return SCREENSHOTS
