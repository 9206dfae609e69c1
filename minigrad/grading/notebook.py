"""What an exercise notebook uses around the learner's code, so that "Run All" runs to the end even
while exercises are unfinished:

    mine = learner_file("ex08_lstm_cell")   # your file, loaded again whenever you save it
    with try_it():                          # a failure prints one short line; the cell completes
        h, c = mine.lstm_cell(...)
        assert np.allclose(c, ...), "c_t should be ..."
    check("lstm_cell", stop=False)          # grade one exercise, print its line, go on
    check_set("ex08_lstm_cell")             # the last cell: grade the set; the only cell that stops

`check("lstm_cell")` (stop=True, the default) raises CheckFailed until the exercise passes, for
use anywhere else. The tests run the solved notebooks with MINIGRAD_TRY_IT=strict, where try_it
lets every error through, so a "try it" cell that fails on a correct answer fails the suite.
"""
import importlib.util
import os
import sys
import traceback
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from .catalogue import EXERCISES, find
from .feedback import Result
from .report import scorecard as scorecard_text, total
from .runner import Grader

STRICT_VARIABLE = "MINIGRAD_TRY_IT"


class CheckFailed(AssertionError):
    """The exercise does not pass yet; the line printed above says why."""

    def __init__(self, result: Result):
        super().__init__(f"{result.exercise} has not passed yet: {result.points:g}/"
                         f"{result.max_points:g} points, {result.status} (the line above says why)")
        self.result = result

    def _render_traceback_(self):
        """IPython shows this instead of a traceback through the grader's code."""
        return [f"{type(self).__name__}: {self}"]


class SetNotPassed(CheckFailed):
    """Some exercise of a set does not pass yet; the lines printed above say which and why."""

    def __init__(self, file: str, results: list):
        points, possible = total(results)
        waiting = [r.exercise for r in results if not r.passed]
        AssertionError.__init__(self, f"{file}: {points:g}/{possible:g} points; not passed yet: "
                                      f"{', '.join(waiting)} (the lines above say why)")
        self.results = results


def check(exercise_name: str, seed: int | None = None, folder=None, *, stop: bool = True) -> None:
    """Grade one exercise now, from `folder` (default: the current folder, where the notebook
    runs), and print its line. Until the exercise passes it raises CheckFailed, or with
    stop=False only prints. `seed` reruns the inputs a previous message named."""
    exercise = find(exercise_name)
    with Grader(jobs=1) as grader:
        result = grader.grade(exercise, Path.cwd() if folder is None else folder, seed)
    print(result.wrapped())
    if stop and not result.passed:
        raise CheckFailed(result).with_traceback(None) from None


def check_set(file: str, folder=None) -> None:
    """Grade every exercise of one exercise file ("ex08_lstm_cell" or "ex08_lstm_cell.py"), print
    a line for each and the set's total; raise SetNotPassed unless every one passes."""
    name = file if file.endswith(".py") else f"{file}.py"
    chosen = [exercise for exercise in EXERCISES if exercise.file == name]
    if not chosen:
        files = sorted({exercise.file for exercise in EXERCISES})
        raise ValueError(f"no exercise set {file!r}; the sets are {', '.join(files)}")
    with Grader(jobs=min(2, len(chosen))) as grader:
        results = grader.grade_folder(Path.cwd() if folder is None else folder, chosen)
    for result in results:
        print(result.wrapped())
    points, possible = total(results)
    done = sum(result.passed for result in results)
    print(f"{name}: {points:g}/{possible:g} points, {done} of {len(results)} exercises passed")
    if done < len(results):
        raise SetNotPassed(name, results).with_traceback(None) from None


def scorecard(folder="../exercises", jobs: int = 2) -> list:
    """Grade every exercise in `folder` (default: the exercises, seen from notebooks/), print the
    scorecard by chapter, and return the results."""
    with Grader(jobs=jobs) as grader:
        results = grader.grade_folder(folder)
    print(scorecard_text(os.path.basename(os.path.abspath(folder)), results))
    return results


def learner_file(name: str, folder=None) -> "LearnerFile":
    """The learner's file `name` (with or without .py) in `folder` (default: the current folder,
    where the notebook runs), as a module that is loaded again whenever the file changes."""
    return LearnerFile(name, folder)


class LearnerFile:
    """A learner's exercise file as a module, loaded again whenever the file has changed, so a
    notebook always runs what was last saved. An error while loading it (a syntax error) is
    raised where the module is used, which inside try_it prints one line."""

    def __init__(self, name: str, folder=None):
        self._name = name[:-3] if name.endswith(".py") else name
        self._path = (Path.cwd() if folder is None else Path(folder)) / f"{self._name}.py"
        self._module, self._stamp = None, None

    def _fresh(self):
        status = self._path.stat()
        stamp = (status.st_mtime_ns, status.st_size)
        if stamp != self._stamp:
            spec = importlib.util.spec_from_file_location(self._name, self._path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            sys.modules[self._name] = module      # a sibling file importing it gets this copy
            self._module, self._stamp = module, stamp
        return self._module

    def __getattr__(self, attribute):
        return getattr(self._fresh(), attribute)

    def __repr__(self):
        return f"<your file {self._path.name}>"


@contextmanager
def try_it():
    """Run a "try it" cell's code; if it fails, print what failed in one or two lines instead of
    a traceback, and let the notebook go on. Prints a confirmation when every check holds."""
    try:
        yield
    except Exception as error:
        if os.environ.get(STRICT_VARIABLE) == "strict":
            raise
        print(explained(error))
    else:
        print("Try it: every check in this cell holds.")


def explained(error: BaseException) -> str:
    """One or two lines on why a "try it" cell failed: not started, a check that does not hold
    yet, or an exception with the line that raised it (in the learner's file, or in the cell)."""
    if isinstance(error, NotImplementedError):
        return f"Not started yet: {error}"
    if isinstance(error, SyntaxError):
        return (f"SyntaxError in {Path(error.filename or '?').name} line {error.lineno}: "
                f"{(error.text or '').strip()}\n    {error.msg}")
    frames = [f for f in traceback.extract_tb(error.__traceback__) if not _is_library(f.filename)]
    last = frames[-1] if frames else None
    if isinstance(error, AssertionError):
        if str(error):
            return f"Not yet: {error}"
        return f"Not yet: this check does not hold: {last.line if last else '(an assert)'}"
    if last is None:
        return f"{type(error).__name__}: {error}"
    if Path(last.filename).parent == Path.cwd():
        where = f" in {Path(last.filename).name} line {last.lineno}: {last.line}"
    else:
        where = f" in this cell: {last.line}"
    return f"{type(error).__name__}{where}\n    {error}"


def _is_library(filename: str) -> bool:
    """Code of Python, NumPy or minigrad, where a learner's error is never explained."""
    return filename.startswith(LIBRARIES) or filename.startswith("<frozen")


LIBRARIES = tuple({os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                   os.path.dirname(np.__file__), sys.prefix, sys.base_prefix, sys.exec_prefix})
