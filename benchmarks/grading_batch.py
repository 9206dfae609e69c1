"""How long a class takes to grade: N clean submissions (copies of solutions/) graded as a batch,
every exercise in its own contained process, as `python -m minigrad.grading --batch` does.

    python3 benchmarks/grading_batch.py                    # 500 submissions, every core
    python3 benchmarks/grading_batch.py --submissions 100 --jobs 2 --sandbox off

Prints the wall time and the CPU time (this process plus every worker and learner process, all
its descendants), in total and per submission, the machine's load while it ran, and what the CPU
time means for 500 submissions on two idle cores. On a busy machine the wall time says little;
the CPU time per submission is what carries over.
"""
import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from minigrad.grading import EXERCISES, Grader  # noqa: E402  (after the path is set)


def cpu_seconds() -> float:
    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                          resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=500)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--sandbox", default="auto", choices=("auto", "require", "off"))
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="grading-benchmark-") as scratch:
        folders = {}
        for index in range(arguments.submissions):
            folder = Path(scratch) / f"learner{index:04d}"
            folder.mkdir()
            for path in (ROOT / "solutions").glob("*.py"):
                shutil.copy(path, folder / path.name)
            folders[folder.name] = folder
        load_before, cpu_before, wall_before = os.getloadavg()[0], cpu_seconds(), time.perf_counter()
        with Grader(jobs=arguments.jobs, sandbox=arguments.sandbox) as grader:
            sandboxed, reason = grader.sandbox_report()
            table = grader.grade_batch(folders)
        wall, cpu = time.perf_counter() - wall_before, cpu_seconds() - cpu_before
        load_after = os.getloadavg()[0]
    results = [r for rows in table.values() for r in rows]
    passed = sum(r.passed for r in results)
    count = arguments.submissions
    print(f"graded {count} submissions x {len(EXERCISES)} exercises = {len(results)} processes, "
          f"{passed} passed; {arguments.jobs} jobs; sandbox: "
          f"{'Linux namespaces' if sandboxed else 'none (' + reason + ')'}")
    print(f"wall time   {wall:8.1f} s   {wall / count * 1000:7.1f} ms per submission")
    print(f"CPU time    {cpu:8.1f} s   {cpu / count * 1000:7.1f} ms per submission")
    print(f"load average (1 min) {load_before:.1f} before, {load_after:.1f} after, "
          f"on {os.cpu_count()} cores")
    print(f"500 submissions on 2 idle cores, from the CPU time: {cpu / count * 500 / 2:.0f} s")
    if passed != len(results):
        print("some clean submissions did not pass: the figures are not valid", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
