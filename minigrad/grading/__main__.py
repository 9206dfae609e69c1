"""The grader's command line.

    python -m minigrad.grading [FOLDER]          a learner's scorecard (FOLDER defaults to exercises)
    python -m minigrad.grading --batch SUBMISSIONS --csv grades.csv --json grades.json
                                                 an instructor's table, one row per sub-folder
"""
import argparse
import sys

from .runner import TIME_LIMIT_SECONDS, grade_batch, grade_folder, scorecard


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m minigrad.grading",
                                     description="Grade minigrad-course exercises.")
    parser.add_argument("folder", nargs="?", default="exercises",
                        help="the folder with your exercise files (default: exercises)")
    parser.add_argument("--batch", metavar="SUBMISSIONS",
                        help="grade every sub-folder of SUBMISSIONS (one per learner)")
    parser.add_argument("--csv", help="with --batch: write the table as CSV here")
    parser.add_argument("--json", help="with --batch: write every result as JSON here")
    parser.add_argument("--time-limit", type=float, default=TIME_LIMIT_SECONDS,
                        help="seconds allowed per exercise (default %(default)s)")
    arguments = parser.parse_args(argv)
    if arguments.batch:
        table = grade_batch(arguments.batch, arguments.csv, arguments.json, arguments.time_limit)
        for submission, results in table.items():
            print(f"{submission}: {sum(r.points for r in results):g}/"
                  f"{sum(r.max_points for r in results):g}")
        return 0
    results = grade_folder(arguments.folder, arguments.time_limit)
    print(scorecard(arguments.folder, results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
