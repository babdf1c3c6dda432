"""The grading kernel's sandbox: bubblewrap (``bwrap``) around every kernel nbgrader starts to grade.

:class:`utils.grading.preprocessors.GuardedExecute`, which nbgrader_config.py puts in place of
nbgrader's ``Execute``, starts its kernels with :class:`SandboxedKernelManager`, whose kernel
provisioner (:class:`SandboxProvisioner`, jupyter_client's hook for *how* a kernel is launched)
wraps the kernel command in bwrap. The student's code then runs in a kernel that

- sees, read-only, only: the system (``/usr``), the Python installation and the course's environment,
  the course's public folders (``utils/``, ``release/``, ``data/`` and ``$COURSE_DATA_MIRROR``) and
  the submission being graded (but not the notebook itself, which nbgrader has filled with the
  hidden tests). ``source/`` (solutions and hidden tests), the gradebook, other
  students' submissions and all feedback are simply not there;
- writes only a private, size-limited ``/tmp`` (also its ``HOME``) and the folder holding its
  connection file and sockets;
- has no network: it has a network namespace of its own, and talks to nbgrader over Unix sockets;
- runs as an unprivileged user (a user id of its own when nbgrader runs as root, else the
  instructor's own user in a user namespace), with limits on memory, processes and file size.

Learners' kernels in JupyterLab are ordinary kernels: only grading is sandboxed.
"""

from __future__ import annotations

import os
import random
import shutil
import sys
import tempfile
import uuid
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner

import utils

# When nbgrader runs as root, each kernel runs as a user id of its own, drawn from this range and
# used by nothing else: the process limit then counts that kernel's processes alone, and kernels
# graded side by side cannot touch each other's files or processes.
SANDBOX_UIDS = range(2**20, 2**20 + 2**16)
MEMORY_BYTES = 4 * 2**30              # address space: a memory bomb gets a MemoryError, not the machine
SPARE_PROCESSES = 256                 # processes and threads the kernel may add: no fork bomb
FILE_BYTES = 256 * 2**20              # largest file the kernel may write
SCRATCH_BYTES = 512 * 2**20           # size of its private /tmp

# Environment variables the kernel keeps (everything else is cleared).
PASSED_ENV = ("LANG", "LC_ALL", "TZ", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
              "COURSE_DATA_DIR", "COURSE_DATA_MIRROR", "PYTHONHASHSEED", "PYTHONDONTWRITEBYTECODE",
              "NBGRADER_EXECUTION", "JPY_SESSION_NAME")
THREAD_DEFAULTS = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
# System files a Python process may read.
SYSTEM_FILES = ("/etc/ld.so.cache", "/etc/localtime", "/etc/passwd", "/etc/group", "/etc/nsswitch.conf", "/etc/fonts",
                "/sys/devices/system/cpu")  # (BLAS and joblib read the CPU count there)

PROJECT_DIR = Path(utils.__file__).resolve().parent.parent


class SandboxUnavailable(RuntimeError):
    """bwrap is missing or cannot create a sandbox on this machine."""


def check_available() -> None:
    """Raise :class:`SandboxUnavailable`, saying what to do, unless bwrap, setpriv and prlimit work here."""
    missing = [tool for tool in ("bwrap", "prlimit", "setpriv") if shutil.which(tool) is None]
    if missing:
        raise SandboxUnavailable(
            f"grading runs each student's kernel in a bubblewrap sandbox, but {', '.join(missing)} "
            "is not installed. Install it (Debian/Ubuntu: `sudo apt-get install bubblewrap util-linux`; "
            "`make setup` does this when it can), then grade again.")


def _public_folders(cwd: Path) -> list[Path]:
    """The course's folders a grading kernel may read."""
    folders = [PROJECT_DIR / "utils", PROJECT_DIR / "release", PROJECT_DIR / "data"]
    # nbgrader runs the kernel in <course>/autograded/<student>/<assignment>: that course's release too.
    if cwd.parent.parent.name == "autograded":
        folders.append(cwd.parent.parent.parent / "release")
    for name in ("COURSE_DATA_DIR", "COURSE_DATA_MIRROR"):
        if os.environ.get(name):
            folders.append(Path(os.environ[name]))
    return [f.resolve() for f in folders if f.is_dir()]


def _user_process_count(uid: int) -> int:
    count = 0
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                count += entry.stat().st_uid == uid
            except OSError:
                pass
    return count


class _Mounts:
    """bwrap arguments that mount host paths at the same place, creating their parents as 0755."""

    def __init__(self):
        self.args: list[str] = []
        self._dirs = {Path("/")}

    def _parents(self, path: Path) -> None:
        for parent in reversed(path.parents):
            if parent not in self._dirs:
                self.args += ["--perms", "0755", "--dir", str(parent)]
                self._dirs.add(parent)

    def made(self, *paths: Path) -> None:
        self._dirs.update(paths)

    def bind(self, path: Path, *, writable: bool = False) -> None:
        path = Path(path)
        self._parents(path)
        self.args += ["--bind" if writable else "--ro-bind", str(path), str(path)]
        self._dirs.add(path)


def sandboxed_command(cmd: list[str], *, cwd: Path, runtime_dir: Path, env: dict, uid: int | None = None) -> list[str]:
    """The kernel command ``cmd`` wrapped so that it runs in the sandbox described above.

    ``uid`` is the user id the kernel runs as when this process is root (None: not root).
    """
    check_available()
    cwd = Path(cwd).resolve()
    mounts = _Mounts()
    # The private /tmp first: the runtime folder may be under the host's /tmp, and is bound on top.
    mounts.args += ["--dev", "/dev", "--proc", "/proc", "--perms", "1777", "--tmpfs", "/dev/shm",
                    "--perms", "1777", "--size", str(SCRATCH_BYTES), "--tmpfs", "/tmp",
                    "--perms", "1777", "--dir", "/tmp/matplotlib"]
    mounts.made(Path("/tmp"), Path("/tmp/matplotlib"))
    mounts.args += ["--ro-bind", "/usr", "/usr"]
    for link in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        target = Path("/", link)
        if target.is_symlink():  # merged /usr, as on Debian and Ubuntu
            mounts.args += ["--symlink", os.readlink(target), str(target)]
        elif target.is_dir():
            mounts.bind(target)
    for name in SYSTEM_FILES:
        if os.path.exists(name):
            mounts.args += ["--ro-bind", name, name]
    for folder in {Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve(), *_public_folders(cwd)}:
        mounts.bind(folder)
    mounts.bind(cwd)
    # The notebook being graded holds the hidden tests (nbgrader restored them): the kernel runs its
    # cells but may not read the file.
    for notebook in cwd.glob("*.ipynb"):
        mounts.args += ["--ro-bind", "/dev/null", str(notebook)]
    mounts.bind(runtime_dir, writable=True)
    # Matplotlib's font list, so that the kernel does not rebuild it at every start.
    font_cache = Path(os.environ.get("MPLCONFIGDIR") or Path.home() / ".cache" / "matplotlib")
    for fontlist in font_cache.glob("fontlist-*.json"):
        mounts.args += ["--ro-bind", str(fontlist), f"/tmp/matplotlib/{fontlist.name}"]

    # One thread per kernel unless the instructor says otherwise: kernels graded side by side (or next
    # to other work) with a thread per core each make OpenMP code ten times slower (measured: chapter
    # 7's OPTICS test cell took 16-18 s instead of 1.6 s with two kernels on two busy cores), enough
    # for a legitimate cell to time out.
    kept = {**THREAD_DEFAULTS, **{k: v for k, v in env.items() if k in PASSED_ENV}}
    kept.update(HOME="/tmp", TMPDIR="/tmp", MPLCONFIGDIR="/tmp/matplotlib", IPYTHONDIR="/tmp/ipython",
                PATH=f"{Path(sys.prefix) / 'bin'}:/usr/bin:/bin", USER="student")
    setenv = [arg for k, v in sorted(kept.items()) for arg in ("--setenv", k, v)]

    namespaces = ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try"]
    if uid is not None:
        # As root, bwrap needs no user namespace; the kernel then drops to its own user id, whose
        # processes the process limit counts (root's would not be limited).
        drop = ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--inh-caps=-all",
                "--bounding-set=-all", "--"]
        processes = SPARE_PROCESSES
    else:
        namespaces += ["--unshare-user", "--disable-userns"]
        drop = []
        processes = _user_process_count(os.getuid()) + SPARE_PROCESSES
    limits = ["prlimit", f"--as={MEMORY_BYTES}", f"--nproc={processes}", f"--fsize={FILE_BYTES}", "--core=0", "--"]
    if any("ipykernel" in part for part in cmd):
        cmd = [*cmd, "--IPKernelApp.parent_handle=1"]  # no parent to poll in a pid namespace; no banner
    return ["bwrap", *namespaces, "--die-with-parent", "--new-session", *mounts.args,
            "--chdir", str(cwd), "--clearenv", *setenv, "--", *drop, *limits, *cmd]


class SandboxProvisioner(LocalProvisioner):
    """Launches the kernel through :func:`sandboxed_command`, talking to it over Unix sockets."""

    runtime_dir: Path | None = None
    uid: int | None = None

    async def pre_launch(self, **kwargs):
        km = self.parent
        self.runtime_dir = Path(tempfile.mkdtemp(prefix="course-kernel-"))
        self.uid = random.choice(SANDBOX_UIDS) if os.geteuid() == 0 else None
        if self.uid is not None:
            os.chown(self.runtime_dir, self.uid, self.uid)
        # No network inside: TCP to the host is unreachable, Unix sockets in a shared folder are not.
        km.transport = "ipc"
        km.ip = str(self.runtime_dir / "kernel")
        km.connection_file = str(self.runtime_dir / "connection.json")
        kwargs = await super().pre_launch(**kwargs)
        os.chmod(km.connection_file, 0o644)  # readable by the sandbox user, written by us only
        return kwargs

    async def launch_kernel(self, cmd, **kwargs):
        cwd = Path(kwargs.get("cwd") or os.getcwd())
        cmd = sandboxed_command(cmd, cwd=cwd, runtime_dir=self.runtime_dir, env=kwargs.get("env") or os.environ,
                                uid=self.uid)
        kwargs["env"] = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}  # for bwrap itself
        return await super().launch_kernel(cmd, **kwargs)

    async def cleanup(self, restart: bool = False) -> None:
        await super().cleanup(restart=restart)
        if self.runtime_dir and not restart:
            shutil.rmtree(self.runtime_dir, ignore_errors=True)


class SandboxedKernelManager(AsyncKernelManager):
    """The kernel manager nbgrader uses to grade (``Execute.kernel_manager_class`` in nbgrader_config.py)."""

    cache_ports = False  # Unix sockets: there are no TCP ports to reserve

    @property
    def kernel_spec(self):
        spec = super().kernel_spec
        if spec is not None:
            # Interrupt through the control channel: a signal sent to bwrap would not reach the
            # kernel, which runs in its own session and process namespace.
            spec.interrupt_mode = "message"
        return spec

    async def start_kernel(self, **kwargs):
        check_available()
        if self.provisioner is None:
            self.kernel_id = self.kernel_id or str(uuid.uuid4())
            self.provisioner = SandboxProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec,
                                                  parent=self)
        return await super().start_kernel(**kwargs)
