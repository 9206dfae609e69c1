"""The process that grades one exercise, started by runner.grade_isolated:

    python -m minigrad.grading.worker EXERCISE FOLDER ANSWER.json

What the learner's code prints is captured (its start is kept in the result); the verdict is
written to ANSWER.json, so nothing the learner prints can be mistaken for it.
"""
import io
import json
import sys
from pathlib import Path

from .runner import grade_here

OUTPUT_KEPT = 2000


class CappedOutput(io.TextIOBase):
    """Keeps the first characters a learner prints and drops the rest."""

    def __init__(self, limit=OUTPUT_KEPT):
        self.parts, self.size, self.limit = [], 0, limit

    def write(self, text):
        if self.size < self.limit:
            self.parts.append(text[:self.limit - self.size])
            self.size += len(self.parts[-1])
        return len(text)

    def text(self):
        return "".join(self.parts)


def main(exercise_name, folder, answer_path):
    captured = CappedOutput()
    sys.stdout = sys.stderr = captured
    result = grade_here(exercise_name, folder)
    result.output = captured.text()
    Path(answer_path).write_text(json.dumps(result.to_dict()))


if __name__ == "__main__":
    main(*sys.argv[1:4])
