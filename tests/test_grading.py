"""The grader is not vacuous: full marks for the solutions, zero for untouched exercises, each
exercise's points depend on that exercise alone, planted mistakes lose their points with the
intended message, and bad submissions (infinite loops, crashes at import, print floods) never
stop a batch."""
import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from minigrad.grading import EXERCISES, check
from minigrad.grading.generate import BEGIN, END, learner_files
from minigrad.grading.runner import grade_folder, grade_here

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS, LEARNER = ROOT / "solutions", ROOT / "exercises"
TOTAL = sum(exercise.points for exercise in EXERCISES)


def copy_solutions(folder):
    folder.mkdir(parents=True, exist_ok=True)
    for path in SOLUTIONS.glob("*.py"):
        shutil.copy(path, folder / path.name)
    return folder


def replace_in(path, old, new):
    text = path.read_text()
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new))


def stub_only(source, function):
    """The solution source with only `function`'s answer region replaced by a stub."""
    lines, output, current, inside = source.splitlines(), [], None, False
    for line in lines:
        definition = re.match(r"\s*def (\w+)\(", line)
        current = definition.group(1) if definition else current
        if line.strip() == BEGIN:
            inside = current == function
            if inside:
                output.append(line[:len(line) - len(line.lstrip())] + "raise NotImplementedError")
        elif line.strip() == END:
            inside = False
        elif not inside:
            output.append(line)
    return "\n".join(output) + "\n"


def test_the_solutions_get_full_marks_each_in_its_own_process():
    results = grade_folder(SOLUTIONS)
    assert [r.status for r in results] == ["passed"] * len(EXERCISES)
    assert sum(r.points for r in results) == TOTAL >= 16 and len(EXERCISES) >= 8


def test_untouched_exercises_score_zero_and_read_as_not_started():
    results = grade_folder(LEARNER)
    assert sum(r.points for r in results) == 0
    for result in results:
        assert result.status == "not started", result.line()
        assert result.exercise in result.message and result.file in result.message


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.name)
def test_stubbing_one_exercise_loses_exactly_its_points(exercise, tmp_path):
    folder = copy_solutions(tmp_path)
    path = folder / exercise.file
    path.write_text(stub_only(path.read_text(), exercise.name))
    results = {e.name: grade_here(e.name, folder) for e in EXERCISES}
    assert results[exercise.name].status == "not started"
    assert sum(r.points for r in results.values()) == TOTAL - exercise.points
    assert all(r.status == "passed" for name, r in results.items() if name != exercise.name)


PLANTED = {
    "lstm_cell without the forget gate": (
        "ex08_lstm_cell.py", "c = f * c_prev + i * g", "c = c_prev + i * g", "lstm_cell",
        ["c_t differs from expected, max abs error", "check c_t = f*c_prev + i*g", "input: one LSTM step"]),
    "tanh backward with the wrong sign": (
        "ex02_backward_rules.py", "return upstream * (1 - y * y)", "return -upstream * (1 - y * y)",
        "tanh_backward", ["wrong sign", "1 - tanh(x)^2"]),
    "a gradient not summed over broadcast axes": (
        "ex03_broadcasting_and_matmul.py",
        "    grad = grad.sum(axis=tuple(range(grad.ndim - len(shape))))\n", "    return grad\n",
        "unbroadcast", ["not summed over the broadcast axes", "operand shape (3,)"]),
    "gru with z and 1 - z swapped": (
        "ex09_gru_cell.py", "return (1 - z) * h_prev + z * h_tilde",
        "return z * h_prev + (1 - z) * h_tilde", "gru_cell", ["z and 1 - z are swapped"]),
    "bptt that drops the recurrent term": (
        "ex06_rnn_and_bptt.py", "delta = dlosses[t] + g_next @ W_hh", "delta = dlosses[t]",
        "rnn_bptt", ["without the recurrent term", "delta_t = dlosses[t] + g_(t+1) @ W_hh"]),
}


@pytest.mark.parametrize("plant", sorted(PLANTED))
def test_a_planted_mistake_loses_its_points_with_the_intended_message(plant, tmp_path):
    filename, old, new, exercise_name, phrases = PLANTED[plant]
    folder = copy_solutions(tmp_path)
    replace_in(folder / filename, old, new)
    results = {e.name: grade_here(e.name, folder) for e in EXERCISES}
    wrong = results[exercise_name]
    assert wrong.status == "failed" and wrong.points == 0, wrong.line()
    for phrase in phrases:
        assert phrase in wrong.line(), f"{phrase!r} missing from: {wrong.line()}"
    assert f"[edit {filename}]" in wrong.line()
    assert all(r.status == "passed" for name, r in results.items() if name != exercise_name)


def test_the_grader_grades_the_learners_file_even_with_the_solutions_on_the_path(tmp_path):
    folder = copy_solutions(tmp_path / "learner")
    replace_in(folder / "ex08_lstm_cell.py", "c = f * c_prev + i * g", "c = c_prev + i * g")
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SOLUTIONS), str(ROOT)])}
    shown = subprocess.run([sys.executable, "-m", "minigrad.grading", str(folder)],
                           capture_output=True, text=True, env=environment, check=True).stdout
    assert "lstm_cell" in shown and "0/2  failed" in shown
    assert f"{TOTAL - 2:g}/{TOTAL:g} points" in shown


def test_a_batch_finishes_despite_loops_crashes_and_floods(tmp_path):
    submissions = tmp_path / "submissions"
    copy_solutions(submissions / "alice")                    # everything right
    looping = copy_solutions(submissions / "bob")            # one function never returns
    replace_in(looping / "ex02_backward_rules.py", "    y = np.tanh(x)\n", "    while True:\n        pass\n")
    crashing = copy_solutions(submissions / "carol")         # a file that fails at import,
    replace_in(crashing / "ex08_lstm_cell.py", "import numpy as np\n",
               "import numpy as np\nraise RuntimeError('half-finished edit')\n")
    replace_in(crashing / "ex09_gru_cell.py", "import numpy as np\n",   # and one that floods
               "import numpy as np\nfor _ in range(200_000):\n    print('debug ' * 20)\n")
    grades_csv, grades_json = tmp_path / "grades.csv", tmp_path / "grades.json"
    subprocess.run([sys.executable, "-m", "minigrad.grading", "--batch", str(submissions),
                    "--csv", str(grades_csv), "--json", str(grades_json), "--time-limit", "3"],
                   check=True, capture_output=True, timeout=300)
    rows = {row["submission"]: row for row in csv.DictReader(grades_csv.open())}
    assert list(rows) == ["alice", "bob", "carol"]
    assert float(rows["alice"]["total"]) == TOTAL
    assert float(rows["bob"]["tanh_backward"]) == 0 and float(rows["bob"]["total"]) == TOTAL - 1
    assert float(rows["carol"]["lstm_cell"]) == 0 and float(rows["carol"]["gru_cell"]) == 2
    details = {r["exercise"]: r for r in json.loads(grades_json.read_text())["carol"]["exercises"]}
    assert details["lstm_cell"]["status"] == "import error"
    assert "half-finished edit" in details["lstm_cell"]["message"]
    assert details["gru_cell"]["output"].startswith("debug") and len(details["gru_cell"]["output"]) <= 2000
    bob = {r["exercise"]: r for r in json.loads(grades_json.read_text())["bob"]["exercises"]}
    assert bob["tanh_backward"]["status"] == "timeout" and "loop forever" in bob["tanh_backward"]["message"]
    assert not any(r["status"] == "grader error" for learner in json.loads(grades_json.read_text()).values()
                   for r in learner["exercises"])


def test_a_learner_exception_names_the_error_and_the_line(tmp_path):
    folder = copy_solutions(tmp_path)
    replace_in(folder / "ex04_softmax_cross_entropy.py", "    rows = np.arange(len(targets))\n",
               "    rows = np.arange(len(targets))\n    rows = rows.reshape(2, 2, 2)\n")
    result = grade_here("softmax_cross_entropy", folder)
    assert result.status == "error" and "ValueError" in result.message and "line" in result.message


def test_check_in_a_notebook_raises_with_the_feedback_until_the_exercise_passes(tmp_path, capsys):
    with pytest.raises(AssertionError, match="not started.*ex08_lstm_cell.py"):
        check("lstm_cell", LEARNER)
    assert check("lstm_cell", SOLUTIONS).status == "passed"
    assert "lstm_cell" in capsys.readouterr().out
    with pytest.raises(KeyError, match="no exercise named 'lstm'"):
        check("lstm")


def test_exercises_are_exactly_what_the_generator_makes_from_the_solutions():
    expected = learner_files(SOLUTIONS)
    assert sorted(expected) == sorted(p.name for p in LEARNER.iterdir() if p.is_file())
    for name, text in expected.items():
        assert (LEARNER / name).read_text() == text, f"exercises/{name} is out of date: run " \
                                                     f"python3 -m minigrad.grading.generate"
    assert not any(BEGIN in text for text in expected.values())
    assert all("### BEGIN SOLUTION" in (SOLUTIONS / e.file).read_text() for e in EXERCISES)


def test_generate_check_fails_when_an_exercise_file_is_stale(tmp_path):
    stale = tmp_path / "exercises"
    shutil.copytree(LEARNER, stale)
    (stale / "ex08_lstm_cell.py").write_text("# edited by hand\n")
    command = [sys.executable, "-m", "minigrad.grading.generate", "--check", "--exercises", str(stale)]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 1 and "ex08_lstm_cell.py" in result.stdout
