"""Grading workers as the grader sees them: start one, send it a job, read its reply.

On Linux (and other systems with fork) a worker is a fork server (child/worker.py): Python, NumPy
and the harness load once per worker, and each exercise still runs in a fresh forked process. Where
fork is missing (Windows), `SpawnWorker` starts a fresh interpreter per exercise instead: slower,
same answers. `Pool` hands each grading thread its own worker and replaces one that breaks.

A worker runs with a scrubbed environment (`python -I`: no PYTHONPATH, no user site-packages, no
PYTHONSTARTUP) in its own session, and learns the library folders it needs from the grader.
"""
import json
import os
import select
import shutil
import site
import signal
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .child import wire

GRADING_FOLDER = Path(__file__).resolve().parent
PACKAGE_FOLDER = GRADING_FOLDER.parent
COURSE_ROOT = PACKAGE_FOLDER.parent if (PACKAGE_FOLDER.parent / "pyproject.toml").exists() else None
BOOT = ("import json, sys; config = json.loads(sys.stdin.buffer.readline()); "
        "sys.path[:0] = [config['child_parent'], *config['sys_path']]; "
        "from child.worker import main; main(config)")
MAX_REPLY_BYTES = 32 << 20
SLACK_SECONDS = 30       # beyond the time limit, before a silent worker is declared lost
SANDBOX_MODES = ("auto", "require", "off")


class WorkerLost(RuntimeError):
    """The worker died or stopped answering while running a job."""


class SandboxUnavailable(RuntimeError):
    """--sandbox require, and the sandbox cannot be built here."""


@dataclass
class Reply:
    """How a learner's process ended, what it printed, and the bytes it answered (not yet read)."""
    ended: str                 # "exited", "timeout", "too large" or "worker lost"
    exit_code: int | None
    signal: int | None
    progress: str              # the last step reached: "importing", "calling 0", ...
    output: str
    output_bytes: int
    answer: bytes
    seconds: float = 0.0


def library_paths() -> list:
    """The entries of the grader's import path that hold installed libraries (inside Python's
    prefixes or the user's site-packages, or holding NumPy): never the course, the current folder,
    a script's folder or a learner's, so nothing that holds answers reaches the worker."""
    import numpy
    prefixes = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix,
                                             site.getuserbase())}
    numpy_home = os.path.dirname(os.path.dirname(os.path.realpath(numpy.__file__)))
    paths = []
    for entry in sys.path:
        path = os.path.realpath(entry or os.getcwd())
        installed = any(path == p or path.startswith(os.path.join(p, "")) for p in prefixes)
        if (installed or path == numpy_home) and os.path.exists(path) and path not in paths \
                and not (COURSE_ROOT and path == str(COURSE_ROOT)):
            paths.append(path)
    return paths


def worker_environment() -> dict:
    keep = ("PATH", "SYSTEMROOT", "LANG", "LC_ALL", "TZ")
    environment = {k: v for k, v in os.environ.items() if k in keep}
    environment.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    return environment


def worker_config(sandbox: str, scratch: str = None) -> bytes:
    """The settings line a worker reads first; with `scratch`, it runs one job in that folder."""
    return (json.dumps({"child_parent": str(GRADING_FOLDER), "sys_path": library_paths(),
                        "package_folder": str(PACKAGE_FOLDER),
                        "course_root": str(COURSE_ROOT) if COURSE_ROOT else None,
                        "sandbox": sandbox, "once": scratch is not None, "scratch": scratch})
            + "\n").encode()


def _start(config: bytes):
    popen_options = {"start_new_session": True} if os.name == "posix" else {
        "creationflags": getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)}
    process = subprocess.Popen([sys.executable, "-I", "-c", BOOT], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0,
                               env=worker_environment(), cwd=tempfile.gettempdir(), **popen_options)
    process.stdin.write(config)
    return process


def _end(process):
    if process.poll() is None:
        try:
            if os.name == "posix":
                os.killpg(process.pid, signal.SIGKILL)
            else:
                process.kill()
        except OSError:
            pass
    process.wait()
    for stream in (process.stdin, process.stdout, process.stderr):
        if stream:
            stream.close()


class ForkServer:
    """One worker process (child/worker.py); one job at a time."""

    def __init__(self, sandbox: str = "auto"):
        self.process = _start(worker_config(sandbox))
        self.errors = _Drain(self.process.stderr)
        try:
            hello, _ = self._read(60)
        except WorkerLost as lost:
            _end(self.process)
            raise WorkerLost(f"the grading worker did not start: {lost}; it said: "
                             f"{self.errors.text()[-1500:]}") from None
        self.pid, self.sandboxed, self.reason = self.process.pid, hello["sandbox"], hello["reason"]
        self.temp = hello["temp"]
        if sandbox == "require" and not self.sandboxed:
            self.close()
            raise SandboxUnavailable(f"--sandbox require: the sandbox cannot be built here "
                                     f"({self.reason})")

    def run(self, job: dict, buffers: list) -> Reply:
        try:
            wire.write_message(self.process.stdin, job, buffers)
        except OSError as error:
            raise WorkerLost(f"the worker stopped taking jobs ({error})") from None
        header, answer = self._read(job["limits"]["time_limit"] + SLACK_SECONDS)
        return Reply(header["ended"], header["exit_code"], header["signal"], header["progress"],
                     header["output"], header["output_bytes"], answer[0] if answer else b"",
                     header.get("seconds", 0.0))

    def _read(self, timeout):
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        if not ready:
            raise WorkerLost(f"no reply within {timeout:g} s")
        try:
            return wire.read_message(self.process.stdout, MAX_REPLY_BYTES)
        except (EOFError, wire.WireError) as error:
            raise WorkerLost(f"the worker's reply was cut short ({error})") from None

    def close(self):
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                pass
        _end(self.process)
        self._remove_temp()

    def _remove_temp(self):
        """The worker's folder, if it was killed before removing it. With the sandbox it holds only
        the (empty, from here) mount point: rmdir, never a recursive delete. Without, it holds the
        scratch folders, which hold no mounts."""
        if not self.temp or not os.path.basename(self.temp).startswith("minigrad-grading-"):
            return
        if self.sandboxed:
            for folder in (os.path.join(self.temp, "root"), self.temp):
                try:
                    os.rmdir(folder)
                except OSError:
                    pass
        else:
            shutil.rmtree(self.temp, ignore_errors=True)


class SpawnWorker:
    """A fresh interpreter per job, for systems without fork: no sandbox, same harness. It has no
    progress pipe, so where the learner's process stopped is "unknown": a process that ends
    without an answer is the learner's crash, not a process that "did not start"."""

    sandboxed, pid = False, None
    reason = "this system has no fork(); each exercise runs in a fresh interpreter without a sandbox"

    def __init__(self, sandbox: str = "auto"):
        if sandbox == "require":
            raise SandboxUnavailable(f"--sandbox require: {self.reason}")

    def run(self, job: dict, buffers: list) -> Reply:
        scratch = tempfile.mkdtemp(prefix="minigrad-grading-")
        process = _start(worker_config("off", scratch))
        answer, output = _Drain(process.stdout, MAX_REPLY_BYTES), _Drain(process.stderr)
        try:
            wire.write_message(process.stdin, job, buffers)
            process.stdin.close()
            process.wait(timeout=job["limits"]["time_limit"])
            ended = "exited"
        except subprocess.TimeoutExpired:
            ended = "timeout"
        except OSError:
            ended = "exited"
        _end(process)
        shutil.rmtree(scratch, ignore_errors=True)
        code = process.returncode
        return Reply(ended, code if code is None or code >= 0 else None,
                     -code if code is not None and code < 0 else None, "unknown",
                     output.text(), output.size, answer.data())

    def close(self):
        pass


class _Drain:
    """Reads a pipe to its end in a thread, keeping the first `keep` bytes."""

    def __init__(self, stream, keep: int = 4000):
        self.parts, self.size, self.keep = [], 0, keep
        self.thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self.thread.start()

    def _read(self, stream):
        while True:
            try:
                chunk = stream.read(1 << 16)
            except (OSError, ValueError):
                return
            if not chunk:
                return
            if self.size < self.keep:
                self.parts.append(chunk[:self.keep - self.size])
            self.size += len(chunk)

    def data(self) -> bytes:
        self.thread.join(timeout=5)
        return b"".join(self.parts)

    def text(self) -> str:
        return b"".join(self.parts).decode("utf-8", errors="replace")


def default_worker_kind() -> type:
    return ForkServer if hasattr(os, "fork") and sys.platform != "darwin" else SpawnWorker


class Pool:
    """`jobs` grading threads, each with a worker of its own, started on first use."""

    def __init__(self, jobs: int = 1, sandbox: str = "auto", worker_kind=None):
        if sandbox not in SANDBOX_MODES:
            raise ValueError(f"sandbox must be one of {', '.join(SANDBOX_MODES)}, not {sandbox!r}")
        self.jobs, self.sandbox = max(1, jobs), sandbox
        self.worker_kind = worker_kind or default_worker_kind()
        self.local, self.workers, self.lock = threading.local(), [], threading.Lock()
        # Threads that last as long as the pool, so each keeps its worker from one map to the next.
        self.executor = ThreadPoolExecutor(max_workers=self.jobs) if self.jobs > 1 else None

    def worker(self):
        """This thread's worker."""
        worker = getattr(self.local, "worker", None)
        if worker is None:
            worker = self.worker_kind(self.sandbox)
            self.local.worker = worker
            with self.lock:
                self.workers.append(worker)
        return worker

    def discard(self, worker):
        """Forget a worker that broke (the next job on this thread starts a new one)."""
        worker.close()
        self.local.worker = None

    def sandbox_report(self) -> tuple:
        """(sandboxed, reason) as the first worker found it, starting one on a pool thread (where
        it will be used) if none has started yet. Raises SandboxUnavailable for "require"."""
        if not self.workers:
            if self.executor is None:
                self.worker()
            else:
                self.executor.submit(self.worker).result()
        return self.workers[0].sandboxed, self.workers[0].reason

    def map(self, function, items) -> list:
        """[function(item) for item in items], run on the pool's threads, in order."""
        if self.executor is None:
            return [function(item) for item in items]
        return list(self.executor.map(function, items))

    def worker_pids(self) -> list:
        return [w.pid for w in self.workers if w.pid]

    def close(self):
        if self.executor is not None:
            self.executor.shutdown()
        with self.lock:
            workers, self.workers = self.workers, []
        for worker in workers:
            worker.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
