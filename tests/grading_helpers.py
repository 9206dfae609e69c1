"""Building learner submissions for the grader's tests: copies of solutions/ with edits, and a way
to find any process a submission left behind."""
import os
import re
import shutil
import time
from pathlib import Path

from minigrad.grading.generate import BEGIN, END

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS, LEARNER = ROOT / "solutions", ROOT / "exercises"
# How a hostile submission reaches ctypes, os, sys and libc past the static check: the runtime
# defences (the sandbox, the limits, the import guard, the judge outside) must hold without it.
CTYPES = "getattr(np, 'ctypes' + 'lib').ctypes"
OS, SYS = f"{CTYPES}._os", f"{CTYPES}._sys"
LIBC = f"{CTYPES}.CDLL(None)"


def submission(folder: Path, edits=None, files=None) -> Path:
    """A copy of the solutions' .py files in `folder`, with `edits` ({file: [(old, new)]}, each old
    text required to be there) and whole `files` ({file: text}) applied."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in SOLUTIONS.glob("*.py"):
        shutil.copy(path, folder / path.name)
    for name, changes in (edits or {}).items():
        text = (folder / name).read_text()
        for old, new in changes:
            assert old in text, f"{old!r} is not in {name}"
            text = text.replace(old, new)
        (folder / name).write_text(text)
    for name, text in (files or {}).items():
        (folder / name).write_text(text)
    return folder


def stub_only(source: str, function: str) -> str:
    """The solution source with only `function`'s answer replaced by NotImplementedError."""
    output, current, inside = [], None, False
    for line in source.splitlines():
        definition = re.match(r"\s*def (\w+)\(", line)
        current = definition.group(1) if definition else current
        if line.strip() == BEGIN:
            inside = current == function
            if inside:
                output.append(line[:len(line) - len(line.lstrip())] + "raise NotImplementedError")
        elif line.strip() == END:
            inside = False
        elif not inside:
            output.append(line)
    return "\n".join(output) + "\n"


def marker() -> str:
    """A process name (at most 15 bytes) unique to this test run."""
    return f"mgrt{os.getpid() % 100000}{time.monotonic_ns() % 10000}"


def name_process(mark: str) -> str:
    """Learner code that renames its process (and so every process it starts) to `mark`."""
    return f"{LIBC}.prctl(15, b'{mark}', 0, 0, 0)"


def processes_named(mark: str, wait: float = 1.0) -> list:
    """PIDs of live processes named `mark`, after giving the kernel `wait` s to reap the dying."""
    deadline = time.monotonic() + wait
    while True:
        found = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    comm = Path(f"/proc/{entry}/comm").read_text().strip()
                    state = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[0]
                except OSError:
                    continue
                if comm == mark and state != "Z":
                    found.append(int(entry))
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.05)
