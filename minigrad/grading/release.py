"""A learner's copy of the course, for instructors who grade for credit:

    python -m minigrad.grading --release ../course-for-learners

copies the course (the files git tracks, or every file but caches and virtual environments when
there is no git) without solutions/ and without the tests that need it, writes exercises/ fresh from
solutions/ (so the copy holds stubs, whatever state exercises/ is in), drops "solutions" from
pytest's test paths, and checks that no solution region is left anywhere in the copy.

The engine's own source and the grader's references stay in the copy: they are the course, and a
learner could read them anyway. What keeps grading honest is that the grader draws fresh inputs,
runs the learner's code without minigrad where the exercise asks for NumPy, and judges outside it.
"""
import re
import shutil
import subprocess
from pathlib import Path

from .generate import BEGIN, learner_files

LEFT_OUT = ("solutions/", "tests/test_grading", "tests/grading_helpers")
NEVER_COPIED = {".git", "__pycache__", ".ipynb_checkpoints", ".pytest_cache", ".hypothesis",
                ".venv", "venv", "build", "dist", "submissions"}


class ReleaseError(RuntimeError):
    pass


def course_files(root: Path) -> list:
    """Paths (relative, with /) of the course's files: git's list when it is a checkout."""
    try:
        listed = subprocess.run(["git", "-C", str(root), "ls-files", "-z"], capture_output=True,
                                check=True).stdout.decode().split("\0")
        return sorted(name for name in listed if name and (root / name).is_file())
    except (OSError, subprocess.CalledProcessError):
        return sorted(path.relative_to(root).as_posix() for path in root.rglob("*")
                      if path.is_file() and not NEVER_COPIED & set(path.relative_to(root).parts)
                      and not path.name.endswith(".egg-info"))


def release(destination, root) -> list:
    """Write the learner's copy into `destination` (new or empty); the list of files written."""
    root, destination = Path(root).resolve(), Path(destination).resolve()
    if not (root / "solutions").is_dir():
        raise ReleaseError(f"{root} has no solutions/: --release runs from the instructor's copy "
                           f"of the course")
    if destination == root or root in destination.parents:
        raise ReleaseError(f"write the release outside the course ({destination} is inside {root})")
    if destination.exists() and any(destination.iterdir()):
        raise ReleaseError(f"{destination} is not empty; name a new folder")
    written = []
    for name in course_files(root):
        if name.startswith(LEFT_OUT) or name.startswith("exercises/"):
            continue
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / name, target)
        written.append(name)
    for name, text in learner_files(root / "solutions").items():
        target = destination / "exercises" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
        written.append(f"exercises/{name}")
    _drop_solutions_from_test_paths(destination / "pyproject.toml")
    leftovers = [name for name in written if _holds_a_solution(destination / name)]
    if leftovers:
        raise ReleaseError(f"solution regions found in the release: {', '.join(leftovers)}")
    return sorted(written)


def _drop_solutions_from_test_paths(pyproject: Path):
    if pyproject.is_file():
        text = pyproject.read_text()
        pyproject.write_text(re.sub(r',\s*"solutions"', "", text))


def _holds_a_solution(path: Path) -> bool:
    """Whether a file has a solution region (a line that is exactly the BEGIN marker)."""
    try:
        return any(line.strip() == BEGIN for line in path.read_text(errors="ignore").splitlines())
    except OSError:
        return False
