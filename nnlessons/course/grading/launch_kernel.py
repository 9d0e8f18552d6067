"""Start a grading kernel in its sandbox: the argv of the ``nnlessons-sandbox`` kernel spec.

    python -I launch_kernel.py --sandbox DIR [--uid U --gid G] [--pythonpath P] [--memory-mb M]
                               -f CONNECTION_FILE

Run by nbgrader's kernel manager, as the grader's user. It copies the connection file and the
submission's extra files (not its notebook: at autograde that holds the hidden tests) into
``DIR``, moves there, and, as root, enters a mount namespace of its own in which every ``--hide``
folder is covered by an empty tmpfs (the kit, the instructor notebooks, the grader's home, the
temp folder) and every ``--expose`` folder (Python, the package, ``DIR``) is bound back where it
was, then a network namespace of its own with no interface up (only when the kernel speaks to
the grader over Unix sockets, nbgrader's transport "ipc"), so it can reach no address. It sets
resource limits (file size, open files, processes, memory, no core dumps), keeps only a few
environment variables, drops to ``U``:``G`` with no supplementary groups and no way back
(when it runs as root), then becomes ``python -m ipykernel_launcher`` (``--probe``: a
``python -c`` that imports nnlessons and ipykernel instead, to test the sandbox).
The process id stays the same, so the kernel manager's interrupt and kill still reach it.

Standard library only, no import of nnlessons: it runs with the grader's privileges.
"""
import argparse
import ctypes
import json
import os
import resource
import shutil
import sys

KEEP_ENV = ("PATH", "LANG", "LC_ALL", "TZ", "PYTHONHASHSEED")
FILE_LIMIT = 64 * 2**20      # bytes a kernel may write to one file
PROCESS_LIMIT = 64           # processes the sandbox user may run at once (a fork bomb stops there)


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sandbox", required=True)
    parser.add_argument("--uid", type=int)
    parser.add_argument("--gid", type=int)
    parser.add_argument("--pythonpath", default="")
    parser.add_argument("--memory-mb", type=int, default=4096)
    parser.add_argument("--hide", action="append", default=[])
    parser.add_argument("--expose", action="append", default=[])
    parser.add_argument("--probe", action="store_true")
    parser.add_argument("-f", dest="connection_file", required=True)
    return parser.parse_args(argv)


def copy_extra_files(source, sandbox):
    """The files beside the notebook (data a submission brought), never notebooks or links."""
    for entry in os.scandir(source):
        if entry.name.endswith(".ipynb") or entry.is_symlink():
            continue
        if entry.is_file():
            shutil.copy(entry.path, os.path.join(sandbox, entry.name))


def limit(memory_mb, dropping):
    for which, value in ((resource.RLIMIT_FSIZE, FILE_LIMIT), (resource.RLIMIT_CORE, 0),
                         (resource.RLIMIT_NOFILE, 1024),
                         (resource.RLIMIT_AS, memory_mb * 2**20 if memory_mb > 0 else None)):
        if value is not None:
            resource.setrlimit(which, (value, value))
    if dropping:  # per user: only meaningful for a uid of its own
        resource.setrlimit(resource.RLIMIT_NPROC, (PROCESS_LIMIT, PROCESS_LIMIT))


MS_BIND, MS_REC, MS_PRIVATE, CLONE_NEWNS, CLONE_NEWNET = 4096, 16384, 1 << 18, 0x00020000, 0x40000000


def hide_folders(hide, expose):
    """In a mount namespace of this process's own: an empty tmpfs over each folder of ``hide``,
    each folder of ``expose`` that lay under one bound back at its place, then a tmpfs over each
    folder of ``hide`` inside an exposed one (notebooks shipped inside the package). Returns the
    folders hidden (none without the right to mount: then only permissions protect)."""
    libc = ctypes.CDLL(None, use_errno=True)
    hide = [h for h in dict.fromkeys(os.path.realpath(h) for h in hide) if os.path.isdir(h)]
    if not hide or libc.unshare(CLONE_NEWNS) != 0:
        return []
    if libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None) != 0:
        raise SystemExit("launch_kernel: could not make the mounts private")
    expose = [os.path.realpath(e) for e in expose if os.path.exists(e)]
    under = lambda path, folder: path == folder or path.startswith(folder.rstrip("/") + "/")
    inner = [h for h in hide if any(under(h, e) for e in expose)]
    outer = [h for h in hide if h not in inner]
    handles = {e: os.open(e, os.O_PATH) for e in expose if any(under(e, h) for h in outer)}
    hidden = []
    os.umask(0o022)  # the folders made below lead to what is exposed: others may pass through

    def cover(folder):
        if libc.mount(b"tmpfs", folder.encode(), b"tmpfs", 0, b"mode=0755,size=1m") != 0:
            raise SystemExit(f"launch_kernel: could not hide {folder}")
        hidden.append(folder)

    for folder in sorted(outer, key=len):
        if not any(under(folder, h) for h in hidden):
            cover(folder)
    for path, handle in sorted(handles.items()):
        os.makedirs(path, exist_ok=True)
        if libc.mount(f"/proc/self/fd/{handle}".encode(), path.encode(), None, MS_BIND | MS_REC,
                      None) != 0:
            raise SystemExit(f"launch_kernel: could not expose {path}")
        os.close(handle)
    for folder in sorted(inner, key=len):
        cover(folder)
    return hidden


def isolate_network():
    """Enter a network namespace of this process's own: its only interface is a loopback that is
    down, so the kernel can open no connection, to this machine or any other. Returns whether it
    worked (it needs the right to unshare, as root)."""
    return ctypes.CDLL(None, use_errno=True).unshare(CLONE_NEWNET) == 0


def drop_privileges(uid, gid):
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)
    try:  # PR_SET_NO_NEW_PRIVS: no setuid program can give the privileges back
        ctypes.CDLL(None, use_errno=True).prctl(38, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    if os.geteuid() == 0 or os.getuid() != uid:
        raise SystemExit("launch_kernel: could not drop privileges")


def main(argv=None):
    args = parse(sys.argv[1:] if argv is None else argv)
    sandbox = os.path.abspath(args.sandbox)
    dropping = args.uid is not None and os.geteuid() == 0
    with open(args.connection_file, encoding="utf-8") as f:
        connection = f.read()
    ipc = json.loads(connection).get("transport") == "ipc"
    copy_extra_files(os.getcwd(), sandbox)
    own = os.path.join(sandbox, ".kernel.json")
    with open(own, "w", encoding="utf-8") as f:
        f.write(connection)
    os.chmod(own, 0o600)
    for name in ("home", "tmp"):
        os.makedirs(os.path.join(sandbox, name), exist_ok=True)
    if dropping:
        for root, dirs, files in os.walk(sandbox):
            for name in [root] + [os.path.join(root, n) for n in dirs + files]:
                os.lchown(name, args.uid, args.gid)
    hidden = hide_folders(args.hide, args.expose + [sandbox]) if dropping else []
    offline = dropping and ipc and isolate_network()  # over TCP the grader could not reach it
    os.chdir(sandbox)
    env = {k: os.environ[k] for k in KEEP_ENV if k in os.environ}
    home = os.path.join(sandbox, "home")
    env.update(HOME=home, TMPDIR=os.path.join(sandbox, "tmp"), MPLBACKEND="Agg",
               MPLCONFIGDIR=os.path.join(home, ".matplotlib"), IPYTHONDIR=os.path.join(home, ".ipython"),
               JUPYTER_RUNTIME_DIR=os.path.join(home, ".runtime"), OMP_NUM_THREADS="1",
               OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1", NBGRADER_EXECUTION="autograde")
    if args.pythonpath:
        env["PYTHONPATH"] = args.pythonpath
    limit(args.memory_mb, dropping)
    if dropping:
        drop_privileges(args.uid, args.gid)
    os.umask(0o077)
    if args.probe:
        command = ["-c", "import nnlessons, ipykernel, json, os; print(json.dumps({'uid': os.getuid(), "
                         f"'hidden': {hidden!r}, 'offline': {offline!r}, 'nnlessons': nnlessons.__file__}}))"]
    else:
        command = ["-m", "ipykernel_launcher", "-f", own, "--HistoryManager.hist_file=:memory:"]
    os.execve(sys.executable, [sys.executable, *command], env)


if __name__ == "__main__":
    main()
