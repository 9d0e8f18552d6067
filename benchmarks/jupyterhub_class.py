"""A class on JupyterHub, on this machine: N students start a server and run one lesson at once.

JupyterHub runs on 127.0.0.1 only, with configurable-http-proxy, the dummy authenticator and the
simple local-process spawner (every student's server is a process of this user, home in a temp
folder). Each simulated student, all at the same moment: is created through the hub's REST API,
gets a token, starts a server and waits for it, uploads the lesson (read from the repository,
never modified), opens a session and runs every code cell in order through the kernel websocket,
stopping at the first error, as "Run All" would. Meanwhile the hub is polled every 0.5 s
(GET /hub/api/users through the proxy: authentication plus the database, what the admin page asks)
and every process of the run is sampled every 0.5 s from /proc.

Reported per student: finished or not, seconds to a ready server, seconds for the cells, peak RSS
of the kernel process tree (the larger of the sampled sum and the kernel's own VmHWM), peak RSS of
the server (VmHWM), kernel CPU seconds. Then the hub's response times and the machine's load.
Bounded: N <= 64, a deadline for the students, and every process of the run (tagged by an
environment variable) is ended by its id and the temp folder removed, whatever happens.

    bash scripts/install_hub.sh        # jupyterhub (pip) and configurable-http-proxy (npm)
    python benchmarks/jupyterhub_class.py [--students 8] [--notebook notebooks/06_first_network_mnist.ipynb]

Lesson 06 is the default: the first lesson a whole class runs together that holds all of MNIST
in memory (70,000 digits as float32) and trains on 54,000 of them, with its widgets; the lessons
before it are lighter and the heavier ones later (10, 12) are the exception in a lesson.
"""
import argparse
import asyncio
import json
import math
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

ROOT = Path(__file__).resolve().parents[1]
MARKER = "NNLESSONS_HUB_RUN"
MAX_STUDENTS = 64
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

CONFIG = """\
import os
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{hub_port}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_port}"
c.ConfigurableHTTPProxy.command = [{chp!r}]
c.ConfigurableHTTPProxy.pid_file = {tmp!r} + "/proxy.pid"
c.JupyterHub.db_url = "sqlite:///" + {tmp!r} + "/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = {tmp!r} + "/cookie_secret"
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {tmp!r} + "/home/{{username}}"
c.Spawner.cmd = [{python!r}, "-m", "jupyterhub.singleuser"]
c.Spawner.args = {args!r}
c.Spawner.environment = {environment!r}
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 300
c.JupyterHub.services = [{{"name": "loadtest", "api_token": os.environ["NNLESSONS_HUB_TOKEN"]}}]
c.JupyterHub.load_roles = [{{"name": "loadtest", "services": ["loadtest"],
    "scopes": ["admin:users", "admin:servers", "tokens", "access:servers"]}}]
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def find_proxy():
    """Path of configurable-http-proxy: the one scripts/install_hub.sh put in .hub/, else PATH."""
    hub_dir = Path(os.environ.get("NNLESSONS_HUB_DIR", ROOT / ".hub"))
    local = hub_dir / "node_modules" / ".bin" / "configurable-http-proxy"
    found = str(local) if local.exists() else shutil.which("configurable-http-proxy")
    if found is None:
        raise SystemExit(f"configurable-http-proxy not found in {local.parent} nor on PATH; "
                         "install it with: bash scripts/install_hub.sh")
    try:
        import jupyterhub  # noqa: F401
    except ImportError:
        raise SystemExit("the jupyterhub package is not installed; run: bash scripts/install_hub.sh")
    return found


# ---- processes of the run, from /proc ----------------------------------------------------

def _read(path, mode="r"):
    try:
        with open(path, mode) as f:
            return f.read()
    except OSError:
        return None


def tagged_processes(run_id, cache):
    """{pid: (student or None, is_kernel, ppid)} for live processes carrying MARKER=run_id."""
    found, tag = {}, f"{MARKER}={run_id}".encode()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        pid = int(entry)
        if pid not in cache:  # the environment is fixed at exec; the command line is not
            env = _read(f"/proc/{pid}/environ", "rb")
            if env is None or tag not in env.split(b"\0"):
                cache[pid] = None
            else:
                user = [v[16:].decode() for v in env.split(b"\0") if v.startswith(b"JUPYTERHUB_USER=")]
                cache[pid] = (user[0] if user else None,)
        stat, cmd = _read(f"/proc/{pid}/stat"), _read(f"/proc/{pid}/cmdline", "rb")
        if cache[pid] is not None and stat is not None and cmd is not None:
            found[pid] = (cache[pid][0], b"ipykernel" in cmd, int(stat.rsplit(")", 1)[1].split()[1]))
    return found


def usage(pid):
    """(rss MB, peak rss MB (VmHWM), cpu seconds) of one process, or None when it is gone."""
    status, stat = _read(f"/proc/{pid}/status"), _read(f"/proc/{pid}/stat")
    if status is None or stat is None:
        return None
    kb = {line.split(":")[0]: int(line.split()[1]) for line in status.splitlines()
          if line.startswith(("VmRSS", "VmHWM"))}
    fields = stat.rsplit(")", 1)[1].split()
    return kb.get("VmRSS", 0) / 1024, kb.get("VmHWM", 0) / 1024, (int(fields[11]) + int(fields[12])) / TICK


class Sampler:
    """Peak memory per student (kernel tree, server) and of the hub and proxy. A single process's
    peak is its VmHWM, exact; the sum over a tree is sampled, and may miss a short peak."""

    def __init__(self, run_id):
        self.run_id, self.cache = run_id, {}
        self.kernel_peak, self.server_peak, self.hub_peak = {}, {}, 0.0
        self.cpu = {}  # {student or None: {"kernel" or "server": {pid: cpu seconds so far}}}

    def sample(self):
        procs = tagged_processes(self.run_id, self.cache)
        kernel, server, hub = {}, {}, 0.0
        for pid, (user, _, _) in procs.items():
            use = usage(pid)
            if use is None:
                continue
            in_kernel = user is not None and self._in_kernel_tree(pid, procs)
            self.cpu.setdefault(user, {}).setdefault("kernel" if in_kernel else "server", {})[pid] = use[2]
            if user is None:
                hub += use[1]
            elif not in_kernel:  # the server is one process; a max skips a fork not yet exec'd
                server[user] = max(server.get(user, 0.0), use[1])
            else:
                kernel[user] = kernel.get(user, 0.0) + use[0]
                peak = max(use[1], use[0]) if procs[pid][1] else use[0]
                self.kernel_peak[user] = max(self.kernel_peak.get(user, 0.0), peak)
        for user, mb in kernel.items():
            self.kernel_peak[user] = max(self.kernel_peak[user], mb)
        for user, mb in server.items():
            self.server_peak[user] = max(self.server_peak.get(user, 0.0), mb)
        self.hub_peak = max(self.hub_peak, hub)

    @staticmethod
    def _in_kernel_tree(pid, procs):
        while pid in procs:
            if procs[pid][1]:
                return True
            pid = procs[pid][2]
        return False

    def cpu_seconds(self, user, part):
        """CPU seconds used by a student's kernel tree or server (None: the hub and proxy)."""
        return sum(self.cpu.get(user, {}).get(part, {}).values()) or None

    async def run(self, stop, every=0.5):
        while not stop.is_set():
            self.sample()
            await asyncio.sleep(every)


# ---- one student -------------------------------------------------------------------------

class Student:
    def __init__(self, name, base, admin_token, notebook, cell_timeout):
        self.name, self.base, self.admin = name, base, admin_token
        self.notebook, self.cell_timeout = notebook, cell_timeout
        self.result = {"student": name, "finished": False, "step": "created", "cells": 0}

    async def api(self, method, path, token, body=None, timeout=120):
        request = HTTPRequest(self.base + path, method=method, request_timeout=timeout,
                              headers={"Authorization": f"token {token}"},
                              body=None if body is None and method == "GET" else json.dumps(body or {}),
                              allow_nonstandard_methods=True)
        response = await AsyncHTTPClient().fetch(request)
        return json.loads(response.body) if response.body else None

    async def run(self, t0):
        r, hub = self.result, f"/hub/api/users/{self.name}"
        r["step"] = "spawn"
        await self.api("POST", hub, self.admin)
        token = (await self.api("POST", hub + "/tokens", self.admin, {"note": "load test"}))["token"]
        try:
            await self.api("POST", hub + "/server", self.admin)
        except HTTPClientError as e:
            if e.code != 400:  # 400: already pending
                raise
        while not ((await self.api("GET", hub, self.admin))["servers"].get("") or {}).get("ready"):
            await asyncio.sleep(0.5)
        r["spawn_s"] = time.monotonic() - t0
        r["step"] = "upload"
        user, name = f"/user/{self.name}/api", Path(self.notebook["path"]).name
        await self.api("PUT", f"{user}/contents/{name}", token,
                       {"type": "notebook", "format": "json", "content": self.notebook["nb"]})
        session = await self.api("POST", f"{user}/sessions", token, {
            "path": name, "type": "notebook", "name": name, "kernel": {"name": "python3"}})
        r["step"] = "cells"
        t1 = time.monotonic()
        await self.run_cells(session, token)
        r["cells_s"], r["total_s"] = time.monotonic() - t1, time.monotonic() - t0
        r["finished"], r["step"] = r.get("error") is None, "done"

    async def run_cells(self, session, token):
        ws_url = (self.base.replace("http", "ws", 1) + f"/user/{self.name}/api/kernels/"
                  f"{session['kernel']['id']}/channels?session_id={uuid.uuid4().hex}")
        ws = await websocket_connect(HTTPRequest(ws_url, headers={"Authorization": f"token {token}"}),
                                     max_message_size=256 * 2**20)
        try:
            for source in self.notebook["cells"]:
                status = await asyncio.wait_for(self.execute(ws, source), self.cell_timeout)
                self.result["cells"] += 1
                if status != "ok":
                    self.result["error"] = f"cell {self.result['cells']}: {status}"
                    return
        finally:
            ws.close()

    async def execute(self, ws, source):
        """Send one execute_request; return 'ok' or the error name once the kernel is idle."""
        msg_id = uuid.uuid4().hex
        ws.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": self.name,
                       "session": uuid.uuid4().hex, "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": source, "silent": False, "store_history": True,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
        reply = idle = None
        while reply is None or not idle:
            raw = await ws.read_message()
            if raw is None:
                raise ConnectionError(f"{self.name}: the kernel websocket closed")
            msg = decode(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["header"]["msg_type"]
            if kind == "execute_reply":
                content = msg["content"]
                reply = ("ok" if content["status"] == "ok" else
                         f"{content.get('ename', content['status'])}: {content.get('evalue', '')[:120]}")
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                idle = True
        return reply


def decode(raw):
    """A kernel message from the websocket: JSON text, or jupyter_server's binary frame
    (uint32 count, uint32 offsets, then the JSON part and the buffers, e.g. widget images)."""
    if isinstance(raw, str):
        return json.loads(raw)
    count = int.from_bytes(raw[:4], "big")
    start = int.from_bytes(raw[4:8], "big")
    stop = int.from_bytes(raw[8:12], "big") if count > 1 else len(raw)
    return json.loads(raw[start:stop])


# ---- the class ---------------------------------------------------------------------------

async def poll_hub(base, token, stop, times, every=0.5):
    """Time GET /hub/api/users through the proxy every ``every`` seconds, in milliseconds."""
    request = HTTPRequest(base + "/hub/api/users", headers={"Authorization": f"token {token}"},
                          request_timeout=60)
    while not stop.is_set():
        start = time.monotonic()
        try:
            await AsyncHTTPClient().fetch(request)
            times.append(1e3 * (time.monotonic() - start))
        except Exception:  # a failed poll counts as the timeout it reached
            times.append(1e3 * (time.monotonic() - start))
        await asyncio.sleep(max(0.0, every - (time.monotonic() - start)))


async def wait_for_hub(base, hub, deadline=120):
    start = time.monotonic()
    while time.monotonic() - start < deadline:
        if hub.poll() is not None:
            raise RuntimeError(f"JupyterHub exited with code {hub.returncode} while starting")
        try:
            await AsyncHTTPClient().fetch(base + "/hub/api/", request_timeout=5)
            return time.monotonic() - start
        except Exception:
            await asyncio.sleep(0.5)
    raise TimeoutError(f"JupyterHub did not answer at {base}/hub/api/ within {deadline} s")


async def session(students, notebook, base, token, run_id, hub, timeout, cell_timeout):
    AsyncHTTPClient.configure(None, max_clients=4 * students + 8)
    hub_start = await wait_for_hub(base, hub)
    return hub_start, await run_class(students, notebook, base, token, run_id, timeout, cell_timeout)


async def run_class(students, notebook, base, token, run_id, timeout, cell_timeout):
    sampler, stop, hub_ms = Sampler(run_id), asyncio.Event(), []
    class_ = [Student(f"student-{i + 1}", base, token, notebook, cell_timeout) for i in range(students)]
    tasks = [asyncio.create_task(sampler.run(stop)), asyncio.create_task(poll_hub(base, token, stop, hub_ms))]
    t0 = time.monotonic()
    runs = [asyncio.create_task(s.run(t0)) for s in class_]
    done, pending = await asyncio.wait(runs, timeout=timeout)
    for task in pending:
        task.cancel()
    for student, task in zip(class_, runs):
        if task in pending:
            student.result["error"] = f"not finished after {timeout:.0f} s"
        elif task.exception() is not None:
            student.result["error"] = f"{type(task.exception()).__name__}: {task.exception()}"
    wall = time.monotonic() - t0
    sampler.sample()
    stop.set()
    await asyncio.gather(*tasks, *pending, return_exceptions=True)
    await asyncio.gather(*(s.api("DELETE", f"/hub/api/users/{s.name}/server", token, timeout=60)
                           for s in class_), return_exceptions=True)
    for s in class_:
        s.result["kernel_peak_mb"] = sampler.kernel_peak.get(s.name)
        s.result["server_peak_mb"] = sampler.server_peak.get(s.name)
        s.result["kernel_cpu_s"] = sampler.cpu_seconds(s.name, "kernel")
        s.result["server_cpu_s"] = sampler.cpu_seconds(s.name, "server")
    return [s.result for s in class_], hub_ms, (sampler.hub_peak, sampler.cpu_seconds(None, "server")), wall


def end_run(hub, run_id, tmp):
    """Stop the hub (it stops the servers and the proxy), then end anything of the run still
    alive, by pid, and remove the temp folder. Returns how many processes had to be killed."""
    if hub.poll() is None:
        hub.send_signal(signal.SIGTERM)
        try:
            hub.wait(60)
        except subprocess.TimeoutExpired:
            hub.kill()
            hub.wait()
    leftover = tagged_processes(run_id, {})
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in tagged_processes(run_id, {}):
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        time.sleep(1)
    shutil.rmtree(tmp, ignore_errors=True)
    return len(leftover)


def die_with_parent():
    """In the hub's process, before exec: on Linux, get SIGTERM if this benchmark dies (even by
    SIGKILL), so the hub still stops the servers and the proxy it started."""
    try:
        import ctypes
        ctypes.CDLL(None).prctl(1, int(signal.SIGTERM))  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def load_notebook(path):
    nb = json.loads(Path(path).read_text())
    cells = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
             for c in nb["cells"] if c["cell_type"] == "code"]
    return {"path": str(path), "nb": nb, "cells": cells}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=8)
    parser.add_argument("--notebook", default=str(ROOT / "notebooks" / "06_first_network_mnist.ipynb"))
    parser.add_argument("--timeout", type=float, default=900, help="seconds for all students")
    parser.add_argument("--cell-timeout", type=float, default=600)
    parser.add_argument("--threads", type=int, default=1,
                        help="BLAS threads per kernel (1: what a one-CPU limit per student gives)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)
    if not 1 <= args.students <= MAX_STUDENTS:
        parser.error(f"--students must be between 1 and {MAX_STUDENTS}, got {args.students}")
    chp, notebook = find_proxy(), load_notebook(args.notebook)

    run_id, token, tmp = uuid.uuid4().hex, secrets.token_hex(32), tempfile.mkdtemp(prefix="nnlessons-hub-")
    port, threads = free_port(), str(args.threads)
    environment = {MARKER: run_id, "OMP_NUM_THREADS": threads, "OPENBLAS_NUM_THREADS": threads,
                   "MKL_NUM_THREADS": threads}
    Path(tmp, "jupyterhub_config.py").write_text(CONFIG.format(
        port=port, hub_port=free_port(), proxy_port=free_port(), chp=chp, tmp=tmp,
        python=sys.executable, args=["--allow-root"] if os.geteuid() == 0 else [],
        environment=environment))
    load_before, cpus = os.getloadavg(), os.cpu_count()
    mem_available = int(_read("/proc/meminfo").split("MemAvailable:")[1].split()[0]) / 2**20
    log = open(Path(tmp, "hub.log"), "w")
    hub = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", "jupyterhub_config.py"],
                           cwd=tmp, stdout=log, stderr=subprocess.STDOUT, preexec_fn=die_with_parent,
                           env={**os.environ, MARKER: run_id, "NNLESSONS_HUB_TOKEN": token})
    base = f"http://127.0.0.1:{port}"
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(f"{parser.prog}: stopped by SIGTERM"))
    try:
        hub_start, (results, hub_ms, hub_mb, wall) = asyncio.run(session(
            args.students, notebook, base, token, run_id, hub, args.timeout, args.cell_timeout))
    except BaseException:
        log.flush()
        print(Path(tmp, "hub.log").read_text()[-4000:], file=sys.stderr)
        raise
    finally:
        load_after = os.getloadavg()
        killed = end_run(hub, run_id, tmp)
        log.close()
    figures = {"run_id": run_id, "tmp": tmp, "students": args.students, "notebook": Path(args.notebook).name,
               "code_cells": len(notebook["cells"]), "cpus": cpus, "load_before": load_before,
               "load_after": load_after, "mem_available_gb": mem_available, "threads": args.threads,
               "hub_start_s": hub_start, "wall_s": wall, "results": results, "hub_ms": hub_ms,
               "hub_and_proxy_peak_mb": hub_mb[0], "hub_and_proxy_cpu_s": hub_mb[1], "killed_at_cleanup": killed}
    print(report(figures))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1))
    return 0 if all(r["finished"] for r in results) else 1


def _f(value, digits=1):
    return "-" if value is None else f"{value:.{digits}f}"


def report(fig):
    """The figures as markdown: one row per student, then the hub and the load."""
    rows = fig["results"]
    lines = [f"{fig['students']} student{'s' * (fig['students'] != 1)}, {fig['notebook']} ({fig['code_cells']} code cells), "
             f"{fig['cpus']} CPUs, BLAS threads per kernel {fig['threads']}; load average before "
             f"{' '.join(f'{x:.2f}' for x in fig['load_before'])} (1, 5, 15 min), after "
             f"{' '.join(f'{x:.2f}' for x in fig['load_after'])}; {fig['mem_available_gb']:.1f} GB "
             "available before", "",
             "| student | finished | server ready (s) | cells (s) | total (s) | kernel peak (MB) "
             "| server peak (MB) | kernel CPU (s) | server CPU (s) |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        done = "yes" if r["finished"] else f"no ({r.get('error', r['step'])})"
        lines.append(f"| {r['student']} | {done} | {_f(r.get('spawn_s'))} | {_f(r.get('cells_s'))} "
                     f"| {_f(r.get('total_s'))} | {_f(r.get('kernel_peak_mb'), 0)} "
                     f"| {_f(r.get('server_peak_mb'), 0)} | {_f(r.get('kernel_cpu_s'))} "
                     f"| {_f(r.get('server_cpu_s'))} |")
    ms = sorted(fig["hub_ms"])
    finished = [r for r in rows if r["finished"]]
    lines += ["", f"all finished: {'yes' if len(finished) == len(rows) else 'no'} "
              f"({len(finished)} of {len(rows)}); the class took {fig['wall_s']:.1f} s; hub started in "
              f"{fig['hub_start_s']:.1f} s; hub + proxy peak {fig['hub_and_proxy_peak_mb']:.0f} MB, "
              f"{_f(fig['hub_and_proxy_cpu_s'])} CPU s; "
              f"processes the hub left behind "
              f"(ended by this benchmark): {fig['killed_at_cleanup']}"]
    if ms:
        lines.append(f"hub response (GET /hub/api/users every 0.5 s, {len(ms)} polls): median "
                     f"{statistics.median(ms):.0f} ms, 95th percentile {ms[int(0.95 * (len(ms) - 1))]:.0f} ms, "
                     f"max {ms[-1]:.0f} ms")
    return "\n".join(lines + plan(fig))


def plan(fig, target_s=60.0):
    """What a lecturer should reserve per student, derived from the measured figures."""
    rows = [r for r in fig["results"] if r.get("kernel_peak_mb") and r.get("server_peak_mb")]
    if not rows:
        return []
    kernel = max(r["kernel_peak_mb"] for r in rows)
    server = max(r["server_peak_mb"] for r in rows)
    guarantee = 256 * math.ceil((server + kernel) / 256)  # both peaks at once: an upper bound
    limit = 512 * math.ceil((server + 2 * kernel) / 512)
    lines = ["", f"plan, from these figures: memory guarantee {guarantee} MB per student (server "
             f"{server:.0f} MB + one kernel {kernel:.0f} MB at their peaks), limit {limit} MB (room for "
             "a second lesson's kernel)"]
    cpu = statistics.median(r.get("kernel_cpu_s") or 0 for r in rows)
    start = statistics.median(r.get("server_cpu_s") or 0 for r in rows)
    cells = [r["cells_s"] for r in rows if r.get("cells_s")]
    line = (f"CPU: the lesson's cells cost {cpu:.1f} CPU s per kernel, a server's start and upkeep "
            f"{start:.1f} CPU s (once per login)")
    if cells and cpu:
        per_core = fig["students"] / fig["cpus"]
        busy = min(fig["students"], fig["cpus"])  # one kernel uses one core at most (1 thread)
        effective = statistics.median(cells) * busy / fig["students"]  # core-s per student, measured
        line += (f"; with {per_core:g} students per core at once the cells took "
                 f"{statistics.median(cells):.0f} s (median), {effective:.1f} core-s per student; for a "
                 f"whole class to finish them within {target_s:.0f} s at once: "
                 f"{max(1, int(target_s // effective))} per core as measured here (with this "
                 f"machine's other load), {max(1, int(target_s // cpu))} on an idle machine")
    return lines + [line]


if __name__ == "__main__":
    sys.exit(main())
