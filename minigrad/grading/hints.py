"""Progressive hints: `hint("lstm_cell")` shows the next of that exercise's hints, the last one
close to the answer. What each learner has seen is kept in a small file in their exercises folder
(HINTS_FILE, git-ignored), so the count survives a restarted kernel; the scorecard shows it.

The hints live in the catalogue, beside each exercise (exercise.py's `hints`), never in a learner's
files, and a score never depends on them. The count file belongs to the learner: anything in it
that is not a count of hints (a corrupted or hand-edited file, a link, a pipe) reads as no hints
seen, and is never trusted beyond that.
"""
import json
import os
import stat
import tempfile
from pathlib import Path

from .catalogue import BY_NAME, find

HINTS_FILE = ".minigrad_hints.json"
MAX_BYTES = 64 << 10


def hints_seen(folder) -> dict:
    """{exercise name: hints seen} from the folder's hints file; {} for a missing or unreadable
    file. Counts are clipped to the exercise's number of hints."""
    path = Path(folder) / HINTS_FILE
    try:
        status = os.lstat(path)
        if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_BYTES:
            return {}
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) |
                             getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(descriptor, "rb") as handle:
            counts = json.loads(handle.read(MAX_BYTES).decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(counts, dict):
        return {}
    return {name: min(count, len(BY_NAME[name].hints)) for name, count in counts.items()
            if name in BY_NAME and type(count) is int and count > 0}


def _save(folder, counts: dict) -> None:
    """Write the counts whole (a temporary file renamed over the old one)."""
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".hints-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(counts, stream, indent=1, sort_keys=True)
        os.replace(temporary, Path(folder) / HINTS_FILE)
    except BaseException:
        os.unlink(temporary)
        raise


def hint(exercise_name: str, folder=None) -> None:
    """Show the next hint for an exercise (the last one again once all have been shown), and
    remember it in `folder` (default: the current folder, where an exercise notebook runs)."""
    exercise = find(exercise_name)
    folder = Path.cwd() if folder is None else Path(folder)
    total = len(exercise.hints)
    if not total:
        print(f"{exercise_name} has no hints: its docstring and the chapter say what to do.")
        return
    counts = hints_seen(folder)
    seen = counts.get(exercise_name, 0)
    if seen == total:
        print(f"All {total} hints for {exercise_name} are shown; the last one again:\n"
              f"Hint {total} of {total}: {exercise.hints[-1]}")
        return
    counts[exercise_name] = seen + 1
    try:
        _save(folder, counts)
    except OSError as error:
        print(f"(this hint is not remembered: {folder / HINTS_FILE} cannot be written, "
              f"{error.strerror})")
    last = " (the last one)" if seen + 1 == total else ""
    print(f"Hint {seen + 1} of {total} for {exercise_name}{last}: {exercise.hints[seen]}")
