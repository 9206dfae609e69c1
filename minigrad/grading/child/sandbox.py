"""Containing a learner's process: limits, a scrubbed environment, and on Linux a sandbox.

Every learner process gets resource limits (CPU time, address space, file size, open files,
processes, no core dumps) and an environment without the instructor's variables.

On Linux, where the kernel lets an unprivileged process create namespaces, the process also runs
in a sandbox built with the same system calls as bubblewrap or `unshare(1)`, made directly so that
nothing needs installing:
  - new user, mount, PID, network, IPC and UTS namespaces: no network at all (only a loopback that
    is down); the worker is PID 1 of the PID namespace where every learner process lives, so none
    can signal anything outside it, and after each exercise kill(-1) ends whatever was started,
    however it tried to detach (setsid, double fork); each exercise gets an IPC namespace of its
    own, so System V shared memory (which outlives its processes, and which no limit counts) goes
    with the exercise's last process;
  - a root file system of its own, built once per worker: the system's libraries and Python
    read-only (of the installed packages, only NumPy and what minigrad needs), the learner's
    folder read-only at /submission (no devices, setuid or executables there), and a small
    writable /scratch (the working folder, HOME and TMPDIR) that each exercise gets afresh in
    memory. Nothing else exists: not the instructor's home, not the course (even checked out
    inside /usr), not other submissions, not minigrad where the exercise asks for NumPy (where an
    exercise allows minigrad, it is at /course/minigrad, without its grading/);
  - every capability dropped and no_new_privs set before the learner's code runs, so nothing can be
    remounted, and nothing can gain privileges by exec.
`probe()` tries the whole sandbox once in a throw-away process; where it fails (macOS, a container
that forbids user namespaces, a kernel with unprivileged namespaces switched off) the grader falls
back to limits and process groups and says so.
"""
import ctypes
import ctypes.util
import errno
import os
import re
import signal
import site
import sys

try:
    import resource
except ImportError:   # Windows: no resource limits, and the grader says there is no sandbox
    resource = None

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_NOATIME, MS_NODIRATIME, MS_BIND, MS_REC = 32, 1024, 2048, 4096, 16384
MS_PRIVATE, MS_RELATIME, MS_STRICTATIME = 1 << 18, 1 << 21, 1 << 24
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_CAPBSET_DROP = 1, 4, 24
PR_SET_CHILD_SUBREAPER, PR_SET_NO_NEW_PRIVS = 36, 38
MOUNT_OPTION_FLAGS = {"ro": MS_RDONLY, "nosuid": MS_NOSUID, "nodev": MS_NODEV,
                      "noexec": MS_NOEXEC, "noatime": MS_NOATIME, "nodiratime": MS_NODIRATIME,
                      "relatime": MS_RELATIME}
STATVFS_FLAGS = {os.ST_NOSUID: MS_NOSUID, os.ST_NODEV: MS_NODEV, os.ST_NOEXEC: MS_NOEXEC,
                 os.ST_NOATIME: MS_NOATIME, os.ST_NODIRATIME: MS_NODIRATIME,
                 os.ST_RELATIME: MS_RELATIME} if hasattr(os, "ST_RELATIME") else {}
SYSTEM_FOLDERS = ("/usr", "/lib", "/lib64", "/lib32", "/libx32", "/bin", "/sbin")
SYSTEM_FILES = ("/etc/ld.so.cache", "/etc/localtime")
# What a sandbox's site-packages hold: NumPy, and what minigrad needs where an exercise allows it.
# Other installed libraries (torch, scipy...) do not exist there at all.
KEPT_LIBRARIES = ("numpy", "tqdm", "threadpoolctl")
DEVICES = ("null", "zero", "full", "random", "urandom")
LEARNER_FOLDER = "/submission"
COURSE_FOLDER = "/course"         # minigrad, where an exercise allows it: /course/minigrad
SCRATCH = "/scratch"
ENVIRONMENT = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
               "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
               "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0"}

_libc = None


class SandboxError(OSError):
    """The sandbox could not be built; the message names the step and the system's reason."""


def libc():
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        _libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong,
                                ctypes.c_char_p]
        _libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong,
                                ctypes.c_ulong]
    return _libc


def _call(result, step):
    if result != 0:
        number = ctypes.get_errno()
        raise SandboxError(number, f"{step}: {os.strerror(number)}")


def prctl(option, value):
    _call(libc().prctl(option, value, 0, 0, 0), f"prctl({option})")


def _mount(source, target, fstype, flags, data=None):
    # Paths as the file system holds them: a learner's folder name need not be UTF-8.
    _call(libc().mount(source and os.fsencode(source), os.fsencode(target),
                       fstype and fstype.encode(), flags, data and data.encode()),
          f"mount {source or ''} on {target}")


# ----- limits, environment, processes (every platform that has them) ------------------------------
def apply_limits(limits: dict):
    """Resource limits for a learner's process. A limit the system refuses to set is skipped: the
    others, and the grader's own time limit, still hold."""
    if resource is None:
        return
    cpu = int(limits["time_limit"]) + 1
    wanted = [(resource.RLIMIT_CPU, cpu, cpu + 1),
              (resource.RLIMIT_FSIZE, limits["file_mb"] << 20, limits["file_mb"] << 20),
              (resource.RLIMIT_NOFILE, limits["open_files"], limits["open_files"]),
              (resource.RLIMIT_CORE, 0, 0)]
    if hasattr(resource, "RLIMIT_NPROC"):
        wanted.append((resource.RLIMIT_NPROC, limits["processes"], limits["processes"]))
    if hasattr(resource, "RLIMIT_AS") and limits.get("address_space"):
        wanted.append((resource.RLIMIT_AS, limits["address_space"], limits["address_space"]))
    for which, soft, hard in wanted:
        try:
            resource.setrlimit(which, (soft, hard))
        except (ValueError, OSError):
            pass


def first_for_the_oom_killer():
    """Should the machine run short of memory, the kernel ends this process (and what it starts)
    before any other: the memory limit holds per process, and a learner's processes together, or
    the shared memory they hold, can take more. Before the sandbox's chroot: it needs /proc."""
    try:
        with open("/proc/self/oom_score_adj", "w") as adjustment:
            adjustment.write("1000")
    except OSError:   # no /proc (not Linux): the other limits still hold
        pass


def address_space_now() -> int:
    """This process's virtual size in bytes (Linux), so a memory limit can be added on top."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def scrub_environment(home: str):
    os.environ.clear()
    os.environ.update({**ENVIRONMENT, "HOME": home, "TMPDIR": home})


def become_subreaper() -> bool:
    """Orphans of a learner's process become this process's children, so it can end them all."""
    try:
        prctl(PR_SET_CHILD_SUBREAPER, 1)
        return True
    except (OSError, AttributeError):
        return False


def die_with_parent():
    try:
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def end_all_children(own_pid: int):
    """SIGKILL and reap every remaining child of this process (the orphans it adopted as a
    subreaper included) until none is left."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid:
            continue
        children = _children_of(own_pid)
        for child in children:
            for kill in (os.killpg, os.kill):
                try:
                    kill(child, signal.SIGKILL)
                except OSError:
                    pass
        if not children:
            # Children exist (waitpid said so) but cannot be listed: wait for one of them.
            os.waitpid(-1, 0)


def _children_of(pid):
    children = []
    try:
        entries = os.listdir("/proc")
    except OSError:
        return children
    for entry in entries:
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as stat:
                    fields = stat.read().rsplit(b")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if len(fields) > 1 and int(fields[1]) == pid:
                children.append(int(entry))
    return children


# ----- the namespace sandbox (Linux) --------------------------------------------------------------
class Plan:
    """What a sandbox contains: system and Python folders read-only, the folders to hide inside
    them, and a host folder to mount the sandbox's root on (it stays empty on the host)."""

    def __init__(self, mount_point: str, library_folders, package_folder: str, course_root):
        self.mount_point = mount_point
        self.links, self.binds = [], []
        for path in SYSTEM_FOLDERS:
            if os.path.islink(path):
                self.links.append((path, os.readlink(path)))
            elif os.path.isdir(path):
                self.binds.append(path)
        self.binds += [path for path in SYSTEM_FILES if os.path.isfile(path)]
        python_folders = {sys.base_prefix, sys.prefix, sys.exec_prefix,
                          os.path.dirname(os.path.realpath(sys.executable)), *library_folders}
        for path in sorted(os.path.realpath(p) for p in python_folders if os.path.isdir(p)):
            # Never a folder that holds the course (solutions/), but a .venv inside it is fine.
            holds_course = course_root and _is_within(course_root, path)
            if not holds_course and not any(_is_within(path, b) for b in self.binds):
                self.binds.append(path)
        sites = {*site.getsitepackages(), site.getusersitepackages(), *library_folders}
        self.site_folders = sorted({os.path.realpath(p) for p in sites if os.path.isdir(p)
                                    and os.path.basename(p) in ("site-packages", "dist-packages")
                                    and any(_is_within(os.path.realpath(p), b) for b in self.binds)})
        self.installed_minigrad = [os.path.join(b, "minigrad") for b in self.binds
                                   if os.path.isdir(os.path.join(b, "minigrad"))
                                   and b not in self.site_folders]
        # A course checked out inside a system folder (/usr/src/app) is hidden beneath it.
        self.hidden_course = course_root if course_root and any(
            _is_within(course_root, b) for b in self.binds) else None
        self.package_folder = package_folder


def _is_within(path, folder):
    return path == folder or path.startswith(os.path.join(folder, ""))


def probe(plan: Plan):
    """(True, "") if the sandbox can be built here, else (False, the reason): a throw-away child
    builds a whole sandbox, worker and job, before the worker commits to it."""
    if not sys.platform.startswith("linux"):
        return False, f"Linux namespaces do not exist on {sys.platform}"
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        code = 1
        try:
            enter_worker(plan, cleanup=None)
            job = os.fork()
            if job == 0:
                enter_job(plan, learner_folder=os.path.dirname(plan.mount_point), minigrad="hidden")
                inside = os.path.isdir(LEARNER_FOLDER) and not os.path.exists(plan.mount_point)
                os._exit(0 if inside and os.getpid() == 2 else 3)
            code = os.waitstatus_to_exitcode(os.waitpid(job, 0)[1])
        except BaseException as error:
            os.write(write_end, str(error).encode()[:500])
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as reasons:
        reason = reasons.read().decode(errors="replace")
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) == 0:
        return True, ""
    return False, reason or f"the sandbox's test process ended with status {status}"


def enter_worker(plan: Plan, cleanup):
    """Move the (single-threaded) worker into new user and PID namespaces, then, in a child that
    is PID 1 of the new PID namespace and carries on as the worker, into new mount, network, IPC
    and UTS namespaces, where it builds the read-only part of the sandbox's root once. The calling
    process only waits for that child, runs cleanup(), and exits with its status: it stays in the
    host's mount namespace, so cleanup() sees the host's files, never the sandbox's binds. As PID 1,
    the worker cannot be killed from inside its namespace, and kill(-1) ends every process there
    but itself."""
    uid, gid = os.getuid(), os.getgid()
    # A process that is not dumpable cannot write its own uid_map as a non-root user.
    prctl(PR_SET_DUMPABLE, 1)
    _call(libc().unshare(CLONE_NEWUSER | CLONE_NEWPID), "unshare (user and PID namespaces)")
    for name, text in (("setgroups", "deny"), ("uid_map", f"0 {uid} 1"), ("gid_map", f"0 {gid} 1")):
        with open(f"/proc/self/{name}", "w") as mapping:
            mapping.write(text)
    init = os.fork()
    if init:
        _, status = os.waitpid(init, 0)
        if cleanup:
            cleanup()
        os._exit(os.waitstatus_to_exitcode(status) & 0xFF)
    die_with_parent()
    _call(libc().unshare(CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS),
          "unshare (mount, network, IPC and UTS namespaces)")
    prctl(PR_SET_DUMPABLE, 0)
    _build_system_tree(plan)


def enter_job(plan: Plan, learner_folder: str, minigrad: str):
    """In a process the worker forked for one job: mount and IPC namespaces of its own, with the
    learner's folder at /submission (read-only) and a fresh /scratch, then chroot and no privileges
    left.
    minigrad: "hidden" (NumPy exercises) or "library" (importable, without its grading/)."""
    root = plan.mount_point
    _call(libc().unshare(CLONE_NEWNS | CLONE_NEWIPC), "unshare (mount and IPC namespaces)")
    if any(_is_within(learner_folder, path) for path in plan.binds):
        _hide(root + os.path.dirname(learner_folder))   # never the submissions beside it
    _bind_read_only(learner_folder, root + LEARNER_FOLDER)
    _mount("tmpfs", root + SCRATCH, "tmpfs", MS_NOSUID | MS_NODEV,
           "size=32m,nr_inodes=2048,mode=0777")
    hidden = list(plan.installed_minigrad)
    if minigrad == "library":
        course_minigrad = f"{COURSE_FOLDER}/minigrad"
        _bind_read_only(plan.package_folder, root + course_minigrad)
        hidden = [os.path.join(p, "grading") for p in [course_minigrad, *hidden]]
    for path in hidden:
        if os.path.isdir(root + path):
            _hide(root + path)
    os.chdir(root)
    os.chroot(".")
    os.chdir(SCRATCH)
    _drop_privileges()


def end_namespace_processes():
    """In the worker (PID 1 of its namespace): SIGKILL every other process there, and reap them."""
    try:
        os.kill(-1, signal.SIGKILL)
    except ProcessLookupError:
        pass
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


def _build_system_tree(plan):
    """The sandbox's root: a small tmpfs with the system's and Python's folders bound read-only,
    the devices a program needs, and empty mount points for what each job adds."""
    root = plan.mount_point
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    _mount("tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,nr_inodes=4096,mode=0755")
    for path in plan.binds:
        _bind(path, root + path)
    for path, target in plan.links:
        os.symlink(target, root + path)
    for folder in plan.site_folders:
        _mount("tmpfs", root + folder, "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=0755")
        for entry in os.listdir(folder):
            if entry.split(".")[0].split("-")[0] in KEPT_LIBRARIES:
                _bind(os.path.join(folder, entry), os.path.join(root + folder, entry))
    if plan.hidden_course:
        _hide(root + plan.hidden_course)
    for device in DEVICES:
        _bind(f"/dev/{device}", f"{root}/dev/{device}")
    for folder in (LEARNER_FOLDER, SCRATCH, f"{COURSE_FOLDER}/minigrad"):
        os.makedirs(root + folder)
    os.symlink(SCRATCH.lstrip("/"), root + "/tmp")
    for mount_point, options in _mounts_under(root):
        if mount_point != root:
            _mount(None, mount_point, None, MS_REMOUNT | MS_BIND | MS_RDONLY | options)
    _mount(None, root, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)


def _bind(source, target):
    if os.path.isdir(source):
        os.makedirs(target, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        open(target, "a").close()
    _mount(source, target, None, MS_BIND | MS_REC)


def _bind_read_only(source, target):
    """Bind a folder (not what is mounted inside it) and make it read-only, repeating the flags
    the kernel locks on a mount that came from the host (atime). What it holds is data: a device
    node (tar run as root recreates those an archive holds: the instructor's disk), a setuid
    program or an executable is not usable there."""
    _mount(source, target, None, MS_BIND)
    flags = os.statvfs(source).f_flag
    options = MS_NOSUID | MS_NODEV | MS_NOEXEC
    options |= sum(value for bit, value in STATVFS_FLAGS.items() if flags & bit)
    if not flags & (os.ST_NOATIME | os.ST_RELATIME):
        options |= MS_STRICTATIME
    _mount(None, target, None, MS_REMOUNT | MS_BIND | MS_RDONLY | options)


def _hide(target):
    _mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV | MS_RDONLY, "size=4k,nr_inodes=8")


def _mounts_under(root):
    """(mount point, flags to keep) for every mount at or below root, from mountinfo. A bind
    mount's locked flags (nosuid, nodev, atime...) must be repeated when remounting it."""
    found = []
    with open("/proc/self/mountinfo") as mountinfo:
        for line in mountinfo:
            fields = line.split()
            point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), fields[4])
            if _is_within(point, root):
                flags = 0
                for option in fields[5].split(","):
                    flags |= MOUNT_OPTION_FLAGS.get(option, 0)
                if not flags & (MS_NOATIME | MS_RELATIME):
                    flags |= MS_STRICTATIME
                found.append((point, flags & ~MS_RDONLY))
    return found


def _drop_privileges():
    """No capabilities, now or after any exec, so the sandbox cannot be undone from inside."""
    prctl(PR_SET_NO_NEW_PRIVS, 1)
    for capability in range(64):
        if libc().prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            if ctypes.get_errno() == errno.EINVAL:
                break
            _call(-1, f"dropping capability {capability}")
    header = (ctypes.c_uint32 * 2)(0x20080522, 0)   # _LINUX_CAPABILITY_VERSION_3, this process
    data = (ctypes.c_uint32 * 6)()                   # effective, permitted, inheritable: none
    _call(libc().capset(header, data), "capset")
