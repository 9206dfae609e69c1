"""Grading a learner's folder, one exercise at a time, each in its own process.

A separate process per exercise means that code which loops forever is stopped after a time
limit, code which prints without end cannot flood the grader, and code which fails at import
costs only its own points: the batch always finishes. The learner's file is imported from its
path, never from the package or solutions/, so the grader grades the learner's own code.
"""
import csv
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from .catalogue import BY_NAME, EXERCISES
from .feedback import LearnerError, Mismatch, NotStarted, Result

TIME_LIMIT_SECONDS = 20
PACKAGE_ROOT = Path(__file__).resolve().parents[2]


def load_learner_module(path):
    """Import a learner's file by its path, under a name no other module uses."""
    spec = importlib.util.spec_from_file_location(f"learner_{Path(path).stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def grade_here(exercise_name, folder):
    """Grade one exercise in this process; every outcome becomes a Result."""
    exercise = BY_NAME[exercise_name]
    path = Path(folder) / exercise.file
    result = Result(exercise.name, exercise.file, 0, exercise.points, "failed")
    if not path.exists():
        result.status, result.message = "import error", f"{path} does not exist"
        return result
    try:
        module = load_learner_module(path)
    except Exception as error:
        result.status = "import error"
        result.message = f"{exercise.file} could not be imported: {type(error).__name__}: {error}"
        return result
    try:
        exercise.check(module)
    except NotStarted:
        result.status = "not started"
        result.message = f"write `{exercise.name}` in {exercise.file}"
    except Mismatch as mismatch:
        result.message = str(mismatch)
    except LearnerError as error:
        result.status, result.message = "error", str(error)
    except Exception as error:  # a bug in the grader itself: reported as such, never hidden
        result.status, result.message = "grader error", f"{type(error).__name__}: {error}"
    else:
        result.status, result.points = "passed", exercise.points
    return result


def grade_isolated(exercise_name, folder, time_limit=TIME_LIMIT_SECONDS):
    """Grade one exercise in a fresh Python process with a time limit."""
    exercise = BY_NAME[exercise_name]
    with tempfile.TemporaryDirectory() as scratch:
        answer = Path(scratch) / "result.json"
        command = [sys.executable, "-m", "minigrad.grading.worker", exercise_name,
                   str(Path(folder).resolve()), str(answer)]
        try:
            subprocess.run(command, timeout=time_limit, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env=_environment_with_package(),
                           cwd=scratch)
        except subprocess.TimeoutExpired:
            return Result(exercise.name, exercise.file, 0, exercise.points, "timeout",
                          f"stopped after {time_limit} s: does `{exercise.name}` (or the code run "
                          f"when {exercise.file} is imported) loop forever?")
        if not answer.exists():
            return Result(exercise.name, exercise.file, 0, exercise.points, "error",
                          f"the process grading {exercise.file} stopped without an answer (it may "
                          f"have called exit() or crashed the interpreter)")
        return Result(**json.loads(answer.read_text()))


def _environment_with_package():
    """This environment, with minigrad importable in the worker even if it is not installed."""
    paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(PACKAGE_ROOT), *paths])}


def grade_folder(folder, time_limit=TIME_LIMIT_SECONDS):
    """Every exercise of one learner's folder, each graded in isolation."""
    return [grade_isolated(exercise.name, folder, time_limit) for exercise in EXERCISES]


def scorecard(folder, results):
    total = sum(r.points for r in results)
    possible = sum(r.max_points for r in results)
    lines = [f"minigrad exercises in {folder}: {total:g}/{possible:g} points"]
    lines += ["  " + result.line() for result in results]
    return "\n".join(lines)


def grade_batch(submissions, csv_path=None, json_path=None, time_limit=TIME_LIMIT_SECONDS):
    """Grade every sub-folder of `submissions` (one per learner); write a CSV and/or JSON table
    with one row per submission and one column per exercise. Returns {submission: results}."""
    table = {folder.name: grade_folder(folder, time_limit)
             for folder in sorted(Path(submissions).iterdir()) if folder.is_dir()}
    names = [exercise.name for exercise in EXERCISES]
    if csv_path:
        with open(csv_path, "w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["submission", "total", *names])
            for submission, results in table.items():
                writer.writerow([submission, f"{sum(r.points for r in results):g}",
                                 *(f"{r.points:g}" for r in results)])
    if json_path:
        Path(json_path).write_text(json.dumps(
            {submission: {"total": sum(r.points for r in results),
                          "exercises": [r.to_dict() for r in results]}
             for submission, results in table.items()}, indent=2))
    return table
