"""Graded exercises: the checks that award points, and the grader that runs them.

In an exercise notebook, `check("lstm_cell")` grades that one exercise of the files in the
notebook's folder and prints one line: points, status and what to fix. Until it passes it raises
CheckFailed, shown as a single line (no traceback). Each run draws new inputs; the message gives the
seed that reruns the exact case: `check("lstm_cell", seed=123456789)`.

From a shell, `python -m minigrad.grading` prints a whole scorecard (see __main__.py). The design,
and where each part lives:
    catalogue.py, exercise.py, checks/   what is graded and how (how to add an exercise: catalogue.py)
    runner.py, judge.py, static_check.py  grading one exercise, comparing, reading a learner's file
    pool.py, child/                       the workers, the sandbox, the learner's process
    report.py, __main__.py                scorecards, CSV/JSON/JUnit, the command line
    release.py, generate.py               the learner's copy of the course, exercises/ from solutions/
"""
from pathlib import Path

from .catalogue import BY_NAME, EXERCISES, by_chapter
from .exercise import NUMPY, NUMPY_AND_MINIGRAD, Exercise
from .feedback import Result
from .runner import Grader, Limits


class UnknownExercise(KeyError):
    def __str__(self):
        return str(self.args[0])


class CheckFailed(AssertionError):
    """The exercise does not pass yet; the line printed above says why."""

    def __init__(self, result: Result):
        super().__init__(f"{result.exercise} has not passed yet: {result.points:g}/"
                         f"{result.max_points:g} points, {result.status} (the line above says why)")
        self.result = result

    def _render_traceback_(self):
        """IPython shows this instead of a traceback through the grader's code."""
        return [f"{type(self).__name__}: {self}"]


def check(exercise_name: str, seed: int | None = None, folder=None) -> None:
    """Grade one exercise now, from `folder` (default: the current folder, where the notebook
    runs). Prints one line; raises CheckFailed until the exercise passes. `seed` reruns the inputs
    a previous message named."""
    exercise = BY_NAME.get(exercise_name)
    if exercise is None:
        raise UnknownExercise(f"no exercise named {exercise_name!r}; the exercises are "
                              f"{', '.join(BY_NAME)}")
    with Grader(jobs=1) as grader:
        result = grader.grade(exercise, Path.cwd() if folder is None else folder, seed)
    print(result.wrapped())
    if not result.passed:
        raise CheckFailed(result).with_traceback(None) from None


def grade_folder(folder, exercises=None, seed=None, jobs: int = 1, **options) -> list:
    """Results for every exercise (or those given) of one learner's folder."""
    with Grader(jobs=jobs, **options) as grader:
        return grader.grade_folder(folder, exercises, seed)


__all__ = ["BY_NAME", "CheckFailed", "EXERCISES", "Exercise", "Grader", "Limits", "NUMPY",
           "NUMPY_AND_MINIGRAD", "Result", "by_chapter", "check", "grade_folder"]
