"""Graded exercises: the checks that award points, and the grader that runs them.

In an exercise notebook, `check("lstm_cell")` grades that one exercise of the files in the
notebook's folder and prints one line: points, status and what to fix. Until it passes it raises
CheckFailed, shown as a single line (no traceback); `stop=False` only prints, and the notebook's
last cell, `check_set("ex08_lstm_cell")`, grades the whole set. Each run draws new inputs; the
message gives the seed that reruns the exact case: `check("lstm_cell", seed=123456789)`.
`hint("lstm_cell")` shows the next hint; `try_it()` and `learner_file()` keep a notebook running
while exercises are unfinished (notebook.py).

From a shell, `python -m minigrad.grading` prints a whole scorecard (see __main__.py). The design,
and where each part lives:
    catalogue.py, exercise.py, checks/   what is graded and how (how to add an exercise: catalogue.py)
    runner.py, judge.py, static_check.py  grading one exercise, comparing, reading a learner's file
    pool.py, child/                       the workers, the sandbox, the learner's process
    report.py, __main__.py                scorecards, CSV/JSON/JUnit, the command line
    notebook.py, hints.py                 check(), try_it() and the hints, in an exercise notebook
    release.py, generate.py               the learner's copy of the course, exercises/ from solutions/
"""
from .catalogue import BY_NAME, EXERCISES, UnknownExercise, by_chapter
from .checks.tools import central_differences
from .child.makers import Node
from .exercise import NUMPY, NUMPY_AND_MINIGRAD, Exercise
from .feedback import Result
from .hints import hint
from .notebook import (CheckFailed, SetNotPassed, check, check_set, learner_file, scorecard,
                       try_it)
from .runner import Grader, Limits


def grade_folder(folder, exercises=None, seed=None, jobs: int = 1, **options) -> list:
    """Results for every exercise (or those given) of one learner's folder."""
    with Grader(jobs=jobs, **options) as grader:
        return grader.grade_folder(folder, exercises, seed)


__all__ = ["BY_NAME", "CheckFailed", "EXERCISES", "Exercise", "Grader", "Limits", "NUMPY",
           "NUMPY_AND_MINIGRAD", "Node", "Result", "SetNotPassed", "UnknownExercise", "by_chapter",
           "central_differences", "check", "check_set", "grade_folder", "hint", "learner_file",
           "scorecard", "try_it"]
