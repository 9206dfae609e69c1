"""Grading: for one exercise of one learner, everything from the learner's file to a Result.

1. The learner's file is read (a plain file, not too large) and checked for what the exercise rules
   out (static_check.py). Nothing of the learner's has run yet.
2. The grader draws a seed, builds the cases, and computes the expected answers from its own copies.
3. Only the arguments go to a worker (pool.py), which runs the learner's function in a contained
   process and sends back what it returned, as data.
4. The answers are compared here (judge.py), and the points come from the catalogue.
Whatever the learner's code does (loops, crashes, prints, forks, forges files, patches NumPy) it
can only change its own answer, never the comparison or the points.
"""
import hashlib
import os
import secrets
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from . import static_check
from .catalogue import EXERCISES
from .child import wire
from .exercise import call_on_copies
from .feedback import Result, plain
from .hints import hints_seen
from .judge import judge
from .pool import Pool, WorkerLost

SIGNAL_NAMES = {4: "SIGILL", 6: "SIGABRT", 7: "SIGBUS", 8: "SIGFPE", 9: "SIGKILL",
                11: "SIGSEGV", 24: "SIGXCPU", 25: "SIGXFSZ"}


@dataclass(frozen=True)
class Limits:
    """What one exercise's process may use."""
    time_limit: float = 10.0     # seconds of wall-clock time (and about as much CPU time)
    memory_mb: int = 1024        # address space on top of what Python and NumPy already take
    file_mb: int = 16            # the largest file it may write (in its scratch folder)
    open_files: int = 64
    processes: int = 64          # a learner's function needs one; this only stops fork bombs


def new_seed() -> int:
    """A seed nobody can guess in advance: inputs change on every run."""
    return secrets.randbelow(10 ** 9)


def derived_seed(seed: int, *names: str) -> int:
    """A seed of its own for each submission and exercise of a batch run with --seed."""
    digest = hashlib.sha256("/".join([str(seed), *names]).encode()).digest()
    return int.from_bytes(digest[:8], "little") % 10 ** 9


class Grader:
    """Grades exercises in contained processes, `jobs` at a time. Use it as a context manager, or
    call close(), so that its workers end."""

    def __init__(self, jobs: int = 1, sandbox: str = "auto", limits: Limits = Limits(),
                 worker_kind=None):
        self.pool = Pool(jobs, sandbox, worker_kind)
        self.limits = limits
        self._findings = {}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        self.pool.close()

    def sandbox_report(self) -> tuple:
        """(sandboxed, reason): whether learner code runs in the Linux sandbox, and if not, why."""
        return self.pool.sandbox_report()

    def grade_folder(self, folder, exercises=None, seed=None) -> list:
        """Every exercise (or those given) of one learner's folder."""
        exercises = EXERCISES if exercises is None else exercises
        return self.pool.map(lambda exercise: self.grade(exercise, folder, seed), exercises)

    def grade_batch(self, submissions: dict, exercises=None, seed=None) -> dict:
        """{name: results} for {name: folder}: every exercise of every submission, in parallel.
        Every submission gets inputs of its own: with `seed`, derived from it and the
        submission's name (reproducible, and no two learners share a case). A submission folder
        that is a symbolic link is not graded: it could lead to another learner's folder, or to
        solutions/."""
        exercises = EXERCISES if exercises is None else exercises
        table = {name: [] for name in submissions}
        for name, folder in submissions.items():
            if Path(folder).is_symlink():   # Path, so that "alice/" is seen as a link too
                table[name] = [replace(_blank(exercise, None), status="import error",
                                       message=f"the submission {name} is a symbolic link, not a "
                                               f"folder: a link could lead to another learner's "
                                               f"work; hand in the folder itself")
                               for exercise in exercises]
        jobs = [(name, folder, exercise) for name, folder in submissions.items()
                if not table[name] for exercise in exercises]
        results = self.pool.map(
            lambda job: self.grade(job[2], job[1], None if seed is None else
                                   derived_seed(seed, job[0], job[2].name)), jobs)
        for (name, _, _), result in zip(jobs, results):
            table[name].append(result)
        return table

    def grade(self, exercise, folder, seed=None) -> Result:
        """One exercise of one learner's folder. Never raises: a problem of the grader's own is a
        Result with the status "grader error"."""
        seed = new_seed() if seed is None else int(seed)
        blank = _blank(exercise, seed)
        try:
            result = self._grade(exercise, Path(os.path.abspath(folder)), seed, blank)
        except Exception as error:   # reported in the results, never fatal to a batch
            return replace(blank, status="grader error",
                           message=f"{type(error).__name__}: {error} (please report this)")
        return replace(result, hints=hints_seen(folder).get(exercise.name, 0))

    def _grade(self, exercise, folder, seed, blank):
        try:
            finding = self._static_check(exercise, folder)
        except static_check.FileProblem as problem:
            return replace(blank, status="import error", message=str(problem))
        if finding:
            return replace(blank, status="not allowed", message=finding.message())
        cases = exercise.cases(_generator(seed))
        expected = [call_on_copies(exercise.reference, case.args) for case in cases]
        job, buffers = self._job(exercise, folder, cases)
        worker = self.pool.worker()
        try:
            reply = worker.run(job, buffers)
        except WorkerLost as lost:
            self.pool.discard(worker)
            return replace(blank, status="crashed",
                           message=f"the grading worker was lost while running {exercise.name} "
                                   f"({lost}); a learner's process cannot normally reach it")
        return _interpret(exercise, cases, expected, reply, blank)

    def _static_check(self, exercise, folder):
        key = (str(folder), exercise.file, exercise.name, exercise.may_use)
        if key not in self._findings:
            try:
                self._findings[key] = static_check.check(folder, exercise.file, exercise.name,
                                                         exercise.may_use)
            except static_check.FileProblem as problem:
                self._findings[key] = problem
        found = self._findings[key]
        if isinstance(found, static_check.FileProblem):
            raise found
        return found

    def _job(self, exercise, folder, cases):
        allowed = exercise.may_use
        what = f"{exercise.name} may use {allowed.description}; `{{module}}` is not available " \
               f"while it is graded"
        buffers = []
        job = {"folder": str(folder), "file": exercise.file, "function": exercise.name,
               "minigrad": "library" if allowed.minigrad else "hidden",
               "policy": {"blocked": ["minigrad.grading"] if allowed.minigrad else ["minigrad"],
                          "allowed": None if allowed.modules is None else sorted(allowed.modules),
                          "blocked_message": f"{exercise.name} asks for the equations in NumPy; "
                                             f"minigrad is not available while it is graded"
                          if not allowed.minigrad else
                          f"{exercise.name} may not use the grader's own code",
                          "allowed_message": what},
               "cases": [wire.encode(tuple(case.args), buffers) for case in cases],
               "limits": asdict(self.limits)}
        return job, buffers


def _blank(exercise, seed) -> Result:
    """A Result with no points yet."""
    return Result(exercise.name, exercise.file, exercise.chapter, 0, exercise.max_points, "failed",
                  seed=seed, parts={part: [0, points] for part, points in exercise.parts.items()}
                  if len(exercise.parts) > 1 else {})


def _generator(seed):
    import numpy as np
    return np.random.default_rng(seed)


def _interpret(exercise, cases, expected, reply, blank) -> Result:
    """The Result from how the learner's process ended and what it answered."""
    result = replace(blank, output=reply.output)
    where = _where(exercise, reply.progress)
    if reply.ended == "timeout":
        hint = (" (code at the top level of a file runs when it is imported: is a loop outside a "
                "function?)" if reply.progress == "importing" else " (does it loop forever?)")
        return replace(result, status="timeout",
                       message=f"stopped after {_seconds(reply)} s {where}{hint}")
    if reply.ended == "too large":
        return replace(result, status="crashed",
                       message=f"the answer {where} was over the size limit")
    try:
        header, buffers = wire.unpack(reply.answer)
    except wire.WireError as error:
        return _no_answer(exercise, reply, result, where, error)
    if reply.progress == "setup":
        return replace(result, status="grader error",
                       message=f"the contained process did not start: {plain(reply.output, 300)}")
    if "import_error" in header:
        return _import_error(exercise, result, header["import_error"])
    if "missing" in header:
        return replace(result, status="error",
                       message=f"{exercise.file} has no function `{exercise.name}`; keep the name "
                               f"and the signature given in the exercise")
    outcomes = header.get("outcomes")
    if not isinstance(outcomes, list) or not all(isinstance(o, dict) for o in outcomes):
        return replace(result, status="crashed", message=f"the answer {where} is malformed")
    answers = []
    for case, outcome in zip(cases, outcomes):
        if outcome.get("not_started"):
            return replace(result, status="not started",
                           message=f"write `{exercise.name}` in {exercise.file}")
        if "raised" in outcome:
            return _raised(exercise, result, outcome["raised"])
        try:
            answers.append((wire.decode(outcome.get("value"), buffers),
                            wire.decode(outcome.get("after"), buffers)))
        except wire.WireError as error:
            return replace(result, status="crashed",
                           message=f"the answer of {exercise.name} cannot be read: {error}")
    if len(answers) < len(cases):
        return replace(result, status="crashed",
                       message=f"the answer {where} holds {len(answers)} of {len(cases)} cases")
    verdict = judge(exercise, cases, expected, answers)
    points = sum(exercise.parts[p] for p, ok in verdict.passed_parts.items() if ok)
    status = "passed" if points == exercise.max_points else "partial" if points else "failed"
    parts = {p: [exercise.parts[p] if ok else 0, exercise.parts[p]]
             for p, ok in verdict.passed_parts.items()} if len(exercise.parts) > 1 else {}
    message = ""
    if status != "passed":
        message = f"{verdict.message}. Rerun this case: {result.rerun()}"
        if status == "partial":
            right = [p for p, ok in verdict.passed_parts.items() if ok]
            message = f"{', '.join(right)} right; {message}"
    return replace(result, points=points, status=status, message=message, parts=parts,
                   notes=verdict.notes)


def _where(exercise, progress):
    if progress == "importing":
        return f"while importing {exercise.file}"
    if progress.startswith("calling"):
        return f"inside {exercise.name}"
    if progress == "answering":
        return f"while sending what {exercise.name} returned"
    return f"while grading {exercise.name}"


def _seconds(reply):
    return f"{reply.seconds:.3g}" if reply.seconds else "the time limit of"


def _no_answer(exercise, reply, result, where, error):
    if reply.progress in ("", "setup"):
        return replace(result, status="grader error",
                       message=f"the contained process for {exercise.name} did not start "
                               f"({plain(reply.output.strip()[-300:], 300) or error})")
    if reply.signal:
        name = SIGNAL_NAMES.get(reply.signal, f"signal {reply.signal}")
        cause = " (the CPU time limit)" if name == "SIGXCPU" else \
            " (a segmentation fault)" if name == "SIGSEGV" else ""
        return replace(result, status="crashed",
                       message=f"the process was killed by {name}{cause} {where}")
    if not reply.answer:
        return replace(result, status="crashed",
                       message=f"the process ended with exit status {reply.exit_code} {where}, "
                               f"without an answer (os._exit, or a crash in a library?)")
    return replace(result, status="crashed",
                   message=f"the answer {where} cannot be read ({plain(error, 200)})")


def _described(error: dict) -> str:
    if not isinstance(error, dict):
        return "an exception that cannot be read"
    text = f"{plain(error.get('type'), 80)}: {plain(error.get('message'), 500)}"
    if error.get("line"):
        text += (f" ({plain(error.get('file'), 80)} line {plain(error.get('line'), 10)}: "
                 f"{plain(error.get('code'), 200)})")
    return text


def _import_error(exercise, result, error):
    if isinstance(error, dict) and error.get("not_allowed"):
        return replace(result, status="not allowed",
                       message=f"{plain(error['not_allowed'], 300)} ({exercise.file}: "
                               f"{_described(error)})")
    if isinstance(error, dict) and error.get("exit"):
        return replace(result, status="error",
                       message=f"{exercise.file} called exit() while being imported")
    return replace(result, status="import error",
                   message=f"{exercise.file} could not be imported: {_described(error)}")


def _raised(exercise, result, error):
    if isinstance(error, dict) and error.get("not_allowed"):
        return replace(result, status="not allowed", message=plain(error["not_allowed"], 300))
    if isinstance(error, dict) and error.get("exit"):
        return replace(result, status="error",
                       message=f"{exercise.name} called exit(); a graded function returns its "
                               f"answer")
    return replace(result, status="error",
                   message=f"{exercise.name} raised {_described(error)}. Rerun this case: "
                           f"{result.rerun()}")
