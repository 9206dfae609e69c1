"""Graded exercises: the checks that award points, and the grader that runs them.

In an exercise notebook, `check("lstm_cell")` grades that one exercise in the notebook's folder
and prints the result, raising AssertionError with the feedback until it passes. From a shell,
`python -m minigrad.grading` prints a whole scorecard (see __main__.py).
"""
from pathlib import Path

from .catalogue import BY_NAME, EXERCISES
from .runner import grade_folder, grade_here


def check(exercise_name, folder=None):
    """Grade one exercise now, from the current folder (where the notebook runs)."""
    if exercise_name not in BY_NAME:
        raise KeyError(f"no exercise named {exercise_name!r}; the exercises are "
                       f"{', '.join(BY_NAME)}")
    result = grade_here(exercise_name, Path.cwd() if folder is None else folder)
    if result.status != "passed":
        raise AssertionError(result.line())
    print(result.line())
    return result


__all__ = ["EXERCISES", "check", "grade_folder"]
