"""The process that grades one exercise, started by runner.grade_isolated:

    python -m minigrad.grading.worker EXERCISE FOLDER ANSWER.json

What the learner's code prints is captured (its start is kept in the result); the verdict is
written to ANSWER.json, so nothing the learner prints can be mistaken for it.
"""
import json
import sys
from pathlib import Path

from .runner import CappedOutput, grade_here


def main(exercise_name, folder, answer_path):
    captured = CappedOutput()
    sys.stdout = sys.stderr = captured
    result = grade_here(exercise_name, folder)
    result.output = captured.text()
    Path(answer_path).write_text(json.dumps(result.to_dict()))


if __name__ == "__main__":
    main(*sys.argv[1:4])
