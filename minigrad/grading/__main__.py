"""The grader's command line.

    python -m minigrad.grading [FOLDER]                 your scorecard (FOLDER: exercises by default)
    python -m minigrad.grading --only lstm_cell         one exercise (repeat --only for more)
    python -m minigrad.grading --format junit           text (default), json or junit on stdout
    python -m minigrad.grading --batch SUBMISSIONS --csv grades.csv --json grades.json
                                                        an instructor's table, one row per sub-folder
    python -m minigrad.grading --classroom              a GitHub Classroom autograding workflow
    python -m minigrad.grading --release DIR            a learner's copy of the course, no solutions

The exit status is 0 only when every selected exercise passes (for every submission of a batch),
1 otherwise, and 2 for a usage error; so CI systems and GitHub Classroom can use it.
"""
import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path

from . import report
from .catalogue import BY_NAME, EXERCISES
from .child import sandbox
from .feedback import plain
from .pool import COURSE_ROOT, SANDBOX_MODES, SandboxUnavailable, WorkerLost
from .runner import Grader, Limits

NO_SANDBOX_WARNING = (
    "warning: grading WITHOUT a sandbox ({reason}). Each exercise still runs in its own process "
    "with time, memory, file and process limits, and nothing it starts outlives it, but learner "
    "code runs as you: it can read your files (solutions/, other submissions, your home) and "
    "reach the network, so a submission can earn points it did not compute. Grade other people's "
    "code on Linux with unprivileged user namespaces enabled, or inside a container or VM.")
AS_ROOT_WARNING = (
    "warning: grading as root. Linux does not apply the process limit to root (nor to root mapped "
    "into the sandbox), so a submission can start processes without bound until its time limit "
    "ends them all. Grade as an ordinary user.")


def parse(argv):
    parser = argparse.ArgumentParser(prog="python -m minigrad.grading",
                                     description="Grade minigrad-course exercises.")
    parser.add_argument("folder", nargs="?", default="exercises",
                        help="the folder with your exercise files (default: exercises)")
    parser.add_argument("--only", action="append", metavar="NAME", default=[],
                        help="grade only this exercise (repeatable); NAME:PART selects one part of "
                             "an exercise with partial credit")
    parser.add_argument("--format", choices=("text", "json", "junit"), default="text",
                        help="what to print (default: text)")
    parser.add_argument("--batch", metavar="SUBMISSIONS",
                        help="grade every sub-folder of SUBMISSIONS (one per learner)")
    parser.add_argument("--csv", help="with --batch: write points and statuses as CSV here")
    parser.add_argument("--json", help="with --batch: write every result as JSON here")
    parser.add_argument("--junit", help="with --batch: write JUnit XML here")
    parser.add_argument("--seed", type=int, help="rerun the inputs of a previous message")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="exercises graded in parallel (default: every core, %(default)s)")
    parser.add_argument("--time-limit", type=float, default=Limits.time_limit,
                        help="seconds allowed per exercise (default %(default)s)")
    parser.add_argument("--memory-limit", type=int, default=Limits.memory_mb, metavar="MB",
                        help="memory per exercise on top of Python and NumPy (default %(default)s)")
    parser.add_argument("--sandbox", choices=SANDBOX_MODES, default="auto",
                        help="auto: the Linux sandbox where it can be built (default); require: "
                             "refuse to grade without it; off: limits and process groups only")
    parser.add_argument("--classroom", action="store_true",
                        help="print a GitHub Classroom autograding workflow and exit")
    parser.add_argument("--release", metavar="DIR",
                        help="write a learner's copy of the course, without solutions/, to DIR")
    return parser, parser.parse_args(argv)


def selection(parser, names):
    """[(exercise, part or None)] for the --only arguments (all exercises without any)."""
    if not names:
        return [(exercise, None) for exercise in EXERCISES]
    chosen = []
    for text in names:
        name, _, part = text.partition(":")
        exercise = BY_NAME.get(name)
        if exercise is None:
            parser.error(f"no exercise named {name!r}; the exercises are {', '.join(BY_NAME)}")
        if part and part not in exercise.parts:
            parser.error(f"{name} has no part {part!r}; its parts are {', '.join(exercise.parts)}")
        chosen.append((exercise, part or None))
    return chosen


def all_selected_pass(results, chosen) -> bool:
    by_name = {r.exercise: r for r in results}
    for exercise, part in chosen:
        result = by_name[exercise.name]
        if part is None and not result.passed:
            return False
        if part is not None and result.parts.get(part, [0, 1])[0] != exercise.parts[part]:
            return False
    return True


def main(argv=None) -> int:
    parser, arguments = parse(argv)
    if hasattr(sys.stdout, "reconfigure"):   # learners' text in any language, on any terminal
        sys.stdout.reconfigure(errors="backslashreplace")
    if arguments.classroom:
        from .classroom import workflow
        print(workflow(), end="")
        return 0
    if arguments.release:
        from .release import ReleaseError, release
        try:
            written = release(arguments.release, COURSE_ROOT or Path.cwd())
        except ReleaseError as error:
            print(f"--release: {error}", file=sys.stderr)
            return 2
        print(f"wrote a learner's copy of the course to {arguments.release}: {len(written)} files, "
              f"exercises/ generated from solutions/, solutions/ left out")
        return 0
    chosen = selection(parser, arguments.only)
    exercises = list(dict.fromkeys(exercise for exercise, _ in chosen))
    limits = replace(Limits(), time_limit=arguments.time_limit, memory_mb=arguments.memory_limit)
    if arguments.batch:
        return grade_batch(parser, arguments, chosen, exercises, limits)
    folder = Path(arguments.folder)
    if not folder.is_dir():
        parser.error(f"no folder {arguments.folder!r} here ({Path.cwd()}); run from the course's "
                     f"folder (the one holding exercises/), or name the folder to grade")
    try:
        with Grader(jobs=min(arguments.jobs, len(exercises)), sandbox=arguments.sandbox,
                    limits=limits) as grader:
            sandboxed, reason = grader.sandbox_report()
            results = grader.grade_folder(folder, exercises, arguments.seed)
    except (SandboxUnavailable, WorkerLost) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    table = {str(folder): results}
    if arguments.format == "json":
        print(report.as_json(table, _grader_info(sandboxed, reason, limits)))
    elif arguments.format == "junit":
        print(report.as_junit(table))
    else:
        print(report.scorecard(str(folder), results))
    return 0 if all_selected_pass(results, chosen) else 1


def submission_folders(root: Path) -> dict:
    """{label: folder} for the sub-folders of a batch (links to folders included: the grader
    refuses them, on a row of their own). A label is the folder's name as the reports show it,
    whatever the locale; names that show alike (a byte that is not UTF-8 and its escape typed out,
    "\\xe9") get " (2)", " (3)"..., so that no folder loses its row to another."""
    folders = {}
    for path in sorted(root.iterdir()):
        if path.is_dir():
            name = plain(os.fsencode(path.name).decode("utf-8", "backslashreplace"), 400)
            label, copy = name, 1
            while label in folders:
                copy += 1
                label = f"{name} ({copy})"
            folders[label] = path
    return folders


def grade_batch(parser, arguments, chosen, exercises, limits) -> int:
    root = Path(arguments.batch)
    if not root.is_dir():
        parser.error(f"--batch: {arguments.batch!r} is not a folder")
    submissions = submission_folders(root)
    # Orphans of a worker lost mid-batch come to this process, which ends them at the close.
    sandbox.become_subreaper()
    try:
        with Grader(jobs=arguments.jobs, sandbox=arguments.sandbox, limits=limits) as grader:
            sandboxed, reason = grader.sandbox_report()
            if not sandboxed:
                print(NO_SANDBOX_WARNING.format(reason=reason), file=sys.stderr)
            if hasattr(os, "geteuid") and os.geteuid() == 0:
                print(AS_ROOT_WARNING, file=sys.stderr)
            table = grader.grade_batch(submissions, exercises, arguments.seed)
    except (SandboxUnavailable, WorkerLost) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    finally:
        sandbox.end_all_children(os.getpid())
    info = _grader_info(sandboxed, reason, limits)
    if arguments.csv:
        report.write_csv(arguments.csv, table, exercises)
    if arguments.json:
        Path(arguments.json).write_text(report.as_json(table, info), encoding="utf-8")
    if arguments.junit:
        Path(arguments.junit).write_text(report.as_junit(table), encoding="utf-8")
    if arguments.format == "json":
        print(report.as_json(table, info))
    elif arguments.format == "junit":
        print(report.as_junit(table))
    else:
        print(report.batch_summary(table))
    return 0 if all(all_selected_pass(results, chosen) for results in table.values()) else 1


def _grader_info(sandboxed, reason, limits):
    return {"sandbox": sandboxed, "sandbox_reason": reason, "limits": vars(limits).copy()
            if hasattr(limits, "__dict__") else {}}


if __name__ == "__main__":
    sys.exit(main())
