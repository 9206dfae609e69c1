"""The grading worker: a fork server that runs each exercise of each learner in a fresh process.

The grader (pool.py) starts one worker per parallel job, as `python -I -c BOOT` with a JSON line of
settings on stdin. The worker imports NumPy and this package once, then for every job it reads
(the learner's folder, file and function, the inputs, the limits) it forks a process that enters
the sandbox, applies the limits, and runs harness.run. The worker itself never runs a learner's
code and never sees an expected answer: it relays, as bytes it does not interpret, what the
learner's process sent, with how that process ended (answered, timed out, crashed), the first
characters it printed, and the last step it reported (importing, calling case 2...).

After each job, whatever the learner's process started is ended. With the sandbox, the worker is
PID 1 of its own PID namespace (sandbox.enter_worker), where every learner process lives: it ends
them all with kill(-1), and none of them can kill it. Without the sandbox, the worker is a "child
subreaper": it kills the learner's process group, then every orphan re-parented to it.

Where fork is not available (Windows) the grader starts `python -I -c BOOT` once per exercise
instead, with "once" in the settings: that process runs the harness itself.
"""
import os
import selectors
import shutil
import signal
import sys
import sysconfig
import tempfile
import time
import traceback

import numpy as np

from . import harness, sandbox, wire

# The learner's code may replace os._exit; the child ends through this reference instead.
_exit = os._exit
MAX_JOB_BYTES = 64 << 20
MAX_ANSWER_BYTES = 16 << 20
OUTPUT_BYTES_KEPT = 4000
EXIT_GRADER_PROBLEM = 70
# The steps a learner's process reports before any of the learner's code runs: "setup" (_child),
# then "importing" (harness.run). Later progress lines may be written by the learner's code itself.
FIRST_STEPS = b"setup\nimporting\n"


class State:
    """What the worker keeps between jobs."""

    def remove_mount_point(self):
        """Outside the sandbox's mount namespace the mount point is an empty folder: rmdir, never
        a recursive delete, so that nothing can ever reach through a mount."""
        for folder in (self.plan.mount_point, self.temp):
            try:
                os.rmdir(folder)
            except OSError:
                pass

    def __init__(self, config):
        self.temp = tempfile.mkdtemp(prefix="minigrad-grading-")
        self.package_folder = config["package_folder"]
        self.library_folders = library_folders(config)
        self.sandboxed, self.reason, self.plan = False, "", None
        if config["sandbox"] != "off":
            mount_point = os.path.join(self.temp, "root")
            os.mkdir(mount_point)
            self.plan = sandbox.Plan(mount_point, config["sys_path"], self.package_folder,
                                     config["course_root"])
            self.sandboxed, self.reason = sandbox.probe(self.plan)
        else:
            self.reason = "switched off (--sandbox off)"


def library_folders(config):
    """Where library code lives (this package, NumPy, the standard library, site-packages): the
    import guard checks only imports made from code outside these folders."""
    here = os.path.dirname(os.path.abspath(__file__))
    folders = {here, os.path.dirname(os.path.dirname(np.__file__)), *config["sys_path"],
               *(sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib", "purelib", "platlib"))}
    return sorted({f for path in folders for f in (path, os.path.realpath(path))})


def main(config: dict):
    """Serve jobs from stdin until it closes; see the module's docstring."""
    grading_folder = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if grading_folder in sys.path:
        sys.path.remove(grading_folder)
    # The learner's files may be named like this package's modules: give ours private names.
    for name in [n for n in sys.modules if n == "child" or n.startswith("child.")]:
        sys.modules["_minigrad_grading_" + name] = sys.modules.pop(name)
    jobs, replies = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr    # a stray print must never reach the replies
    if config.get("once"):
        return run_once(config, jobs, replies)
    # No PR_SET_PDEATHSIG here: it fires when the grader's *thread* that started this worker ends.
    # The worker ends when the grader does, by the end of its stdin.
    if sys.platform.startswith("linux"):
        sandbox.prctl(sandbox.PR_SET_DUMPABLE, 0)   # no ptrace or /proc/PID/mem by the same user
    # As PID 1 of its namespace, the worker gets only the signals it handles: handle none.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    state = State(config)
    if state.sandboxed:
        try:
            sandbox.enter_worker(state.plan, cleanup=state.remove_mount_point)
        except OSError as error:   # e.g. a thread started by a library: the probe's child had none
            state.sandboxed, state.reason = False, f"the worker could not enter it: {error}"
    subreaper = state.sandboxed or sandbox.become_subreaper()
    try:
        wire.write_message(replies, {"sandbox": state.sandboxed, "reason": state.reason,
                                     "subreaper": subreaper, "temp": state.temp})
        while True:
            try:
                job, buffers = wire.read_message(jobs, MAX_JOB_BYTES)
            except EOFError:
                break
            header, answer = run_job(job, buffers, state)
            wire.write_message(replies, header, [answer])
    finally:
        if state.sandboxed:
            sandbox.end_namespace_processes()
        else:
            sandbox.end_all_children(os.getpid())
            shutil.rmtree(state.temp, ignore_errors=True)


def run_job(job: dict, buffers: list, state: State):
    """Run one exercise in a fresh, contained process; (reply header, the answer's raw bytes)."""
    limits = dict(job["limits"])
    limits["address_space"] = sandbox.address_space_now() + (limits["memory_mb"] << 20)
    answer_r, answer_w = os.pipe()
    output_r, output_w = os.pipe()
    progress_r, progress_w = os.pipe()
    scratch = None if state.sandboxed else tempfile.mkdtemp(dir=state.temp)
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        _child(job, buffers, state, limits, scratch, (answer_w, output_w, progress_w))
    for fd in (answer_w, output_w, progress_w):
        os.close(fd)
    try:
        header, answer = _collect(pid, limits["time_limit"], state,
                                  {"answer": answer_r, "output": output_r, "progress": progress_r})
    finally:
        for fd in (answer_r, output_r, progress_r):
            os.close(fd)
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
    header["seconds"] = round(time.monotonic() - started, 4)
    return header, answer


def _child(job, buffers, state, limits, scratch, write_ends):
    """In the forked process: contain it, then run the harness. Never returns."""
    answer_w, output_w, progress_w = write_ends
    code = EXIT_GRADER_PROBLEM
    try:
        null = os.open(os.devnull, os.O_RDWR)
        os.dup2(null, 0)
        os.dup2(output_w, 1)
        os.dup2(output_w, 2)
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
        _close_all_but(0, 1, 2, answer_w, progress_w)
        os.write(progress_w, b"setup\n")
        sandbox.first_for_the_oom_killer()
        if state.sandboxed:
            sandbox.enter_job(state.plan, job["folder"], job["minigrad"])
            folder, home = sandbox.LEARNER_FOLDER, sandbox.SCRATCH
        else:
            os.setsid()
            os.chdir(scratch)
            folder, home = job["folder"], scratch
        sandbox.die_with_parent()
        sandbox.apply_limits(limits)
        sandbox.scrub_environment(home)
        trusted = list(state.library_folders)
        if job["minigrad"] == "library":
            course = sandbox.COURSE_FOLDER if state.sandboxed else \
                os.path.dirname(state.package_folder)
            sys.path.insert(0, course)
            trusted.append(os.path.join(course, "minigrad"))
        harness.run({**job, "folder": folder}, buffers, answer_w, progress_w, trusted)
        code = 0
    except BaseException:   # a problem of the grader's: its traceback goes to the output
        try:
            traceback.print_exc()
            sys.stderr.flush()
        except BaseException:
            pass
    finally:
        _exit(code)


def _close_all_but(*keep):
    previous = -1
    for fd in sorted(keep) + [os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 65536]:
        if fd > previous + 1:
            os.closerange(previous + 1, fd)
        previous = fd


def _collect(pid, time_limit, state, fds):
    """Read what the process sends until it exits or its time is up; then end it and everything it
    started, and say how it ended."""
    selector = selectors.DefaultSelector()
    for name, fd in fds.items():
        os.set_blocking(fd, False)
        selector.register(fd, selectors.EVENT_READ, name)
    try:
        exit_fd = os.pidfd_open(pid)
        selector.register(exit_fd, selectors.EVENT_READ, "exit")
    except (AttributeError, OSError):
        exit_fd = None
    received = {"answer": bytearray(), "output": bytearray(), "progress": bytearray(),
                "first steps": bytearray()}
    counted = {"output": 0}
    deadline, ended = time.monotonic() + time_limit, None
    while ended is None:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            ended = "timeout"
            break
        for key, _ in selector.select(remaining if exit_fd is not None else min(remaining, 0.01)):
            if key.data == "exit":
                ended = "exited"
            elif _receive(key.fd, key.data, received, counted) == "end":
                selector.unregister(key.fd)
        if len(received["answer"]) > MAX_ANSWER_BYTES:
            ended = "too large"
        elif exit_fd is None and ended is None and _has_exited(pid):
            ended = "exited"
    selector.close()
    if exit_fd is not None:
        os.close(exit_fd)
    if not state.sandboxed:   # the process group, while its leader is a zombie or alive
        _kill(os.killpg, pid)
    if ended != "exited":
        _kill(os.kill, pid)
    _, status = os.waitpid(pid, 0)
    if state.sandboxed:
        sandbox.end_namespace_processes()
    else:
        sandbox.end_all_children(os.getpid())
    for name, fd in fds.items():   # every writer is gone now: read what is left
        for _ in range(4096):
            if _receive(fd, name, received, counted) != "more":
                break
    signal_number = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
    answer = bytes(received["answer"][:MAX_ANSWER_BYTES + 1])
    return {"ended": ended, "signal": signal_number,
            "exit_code": None if signal_number else os.waitstatus_to_exitcode(status),
            "progress": _step_reached(bytes(received["first steps"]), bytes(received["progress"])),
            "output": bytes(received["output"]).decode("utf-8", errors="replace"),
            "output_bytes": counted["output"]}, answer


def _receive(fd, name, received, counted):
    """Read one chunk into received[name]: "more", "later" (nothing to read now) or "end"."""
    try:
        chunk = os.read(fd, 1 << 16)
    except BlockingIOError:
        return "later"
    except OSError:
        return "end"
    if not chunk:
        return "end"
    if name == "output":
        counted["output"] += len(chunk)
        room = OUTPUT_BYTES_KEPT - len(received["output"])
        received["output"] += chunk[:max(room, 0)]
    elif name == "progress":
        missing = len(FIRST_STEPS) - len(received["first steps"])
        if missing > 0:
            received["first steps"] += chunk[:missing]
        received["progress"] = (received["progress"] + chunk)[-400:]
    elif len(received["answer"]) <= MAX_ANSWER_BYTES:
        received["answer"] += chunk
    return "more"


def _step_reached(first_steps: bytes, last_lines: bytes) -> str:
    """The last step the process reported. Once the learner's code has started, a line it writes
    may name a later step, never an earlier one: "setup" (or nothing) would make its own failure
    read as the grader's."""
    lines = [line for line in last_lines.decode(errors="replace").splitlines() if line.strip()]
    step = lines[-1][:200] if lines else ""
    if first_steps == FIRST_STEPS and step in ("", "setup"):
        return "importing"
    return step


def _has_exited(pid):
    try:
        return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:
        return True


def _kill(kill, pid):
    try:
        kill(pid, signal.SIGKILL)
    except OSError:
        pass


def run_once(config, jobs, replies):
    """Without fork: this process is the learner's. It answers on stdout (saved before the learner's
    code can print there) and the learner's output goes to stderr, which the grader reads."""
    job, buffers = wire.read_message(jobs, MAX_JOB_BYTES)
    answer_fd = os.dup(replies.fileno())
    os.dup2(sys.stderr.fileno(), 1)
    sys.stdout = sys.stderr
    scratch = config["scratch"]   # made, and removed afterwards, by the grader
    os.chdir(scratch)
    limits = dict(job["limits"])
    limits["address_space"] = sandbox.address_space_now() + (limits["memory_mb"] << 20)
    sandbox.first_for_the_oom_killer()
    sandbox.apply_limits(limits)
    sandbox.scrub_environment(scratch)
    if job["minigrad"] == "library":
        sys.path.insert(0, os.path.dirname(config["package_folder"]))
    harness.run(job, buffers, answer_fd, -1, library_folders(config))
    os._exit(0)
