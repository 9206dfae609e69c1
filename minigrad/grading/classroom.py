"""A GitHub Classroom autograding workflow made from the catalogue: one test per exercise (one per
part for exercises with partial credit), each with its points and the command that grades it.

    python -m minigrad.grading --classroom > .github/workflows/classroom.yml

Each test runs `python -m minigrad.grading exercises --only NAME`, which exits 0 only when that
exercise passes; GitHub Classroom's command grader awards the test's max-score for exit status 0,
and its reporter sends the scores to the classroom.
"""
from .catalogue import EXERCISES

HEADER = """\
name: Autograding Tests
'on':
  - push
  - workflow_dispatch
  - repository_dispatch
permissions:
  checks: write
  actions: read
  contents: read
jobs:
  run-autograding-tests:
    runs-on: ubuntu-latest
    if: github.actor != 'github-classroom[bot]'
    steps:
      - name: Checkout code
        uses: actions/checkout@v4
      - name: Set up Python
        uses: actions/setup-python@v5
        with:
          python-version: '3.11'
      - name: Install the course package
        run: python -m pip install -e .
"""


def tests(folder: str = "exercises") -> list:
    """(test name, step id, command, points) for every graded exercise or part."""
    found = []
    for exercise in EXERCISES:
        selections = [(exercise.name, exercise.name, exercise.max_points)]
        if len(exercise.parts) > 1:
            selections = [(f"{exercise.name} {part}", f"{exercise.name}:{part}", points)
                          for part, points in exercise.parts.items()]
        for name, selector, points in selections:
            step = "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")
            command = f"python -I -m minigrad.grading {folder} --only '{selector}'"
            found.append((name, step, command, points))
    return found


def workflow(folder: str = "exercises") -> str:
    lines = [HEADER.rstrip("\n")]
    graded = tests(folder)
    for name, step, command, points in graded:
        lines += [f"      - name: {name}", f"        id: {step}",
                  "        uses: classroom-resources/autograding-command-grader@v1",
                  "        with:", f"          test-name: {name}", f"          command: {command}",
                  "          timeout: 5", f"          max-score: {points:g}"]
    lines += ["      - name: Autograding Reporter",
              "        uses: classroom-resources/autograding-grading-reporter@v1", "        env:"]
    lines += [f'          {step.upper()}_RESULTS: "${{{{steps.{step}.outputs.result}}}}"'
              for _, step, _, _ in graded]
    lines += ["        with:", f"          runners: {','.join(step for _, step, _, _ in graded)}"]
    return "\n".join(lines) + "\n"
