"""The learner's side of the exercises: hints revealed in order and remembered, try_it and
learner_file keeping a notebook running, check(stop=False) and check_set, the scorecard's
progress, and the learner notebooks themselves, which run to their last cell while unfinished.
(The solved notebooks run under nbval: solutions/ is in pytest's testpaths.)"""
import json
import os
import shutil
import time

import nbformat
import pytest
from nbclient import NotebookClient

from grading_helpers import LEARNER, SOLUTIONS, submission
from minigrad.grading import (BY_NAME, EXERCISES, CheckFailed, Grader, SetNotPassed, check,
                              check_set, hint, learner_file, try_it)
from minigrad.grading.hints import HINTS_FILE, hints_seen
from minigrad.grading.notebook import STRICT_VARIABLE
from minigrad.grading.report import scorecard

NOTEBOOKS = sorted(LEARNER.glob("*.ipynb"))
SETS = sorted({exercise.file[:-3] for exercise in EXERCISES})


# ----- hints ------------------------------------------------------------------------------------
def test_every_exercise_has_a_few_hints_of_its_own():
    seen = set()
    for exercise in EXERCISES:
        assert 2 <= len(exercise.hints) <= 5, exercise.name
        assert all(isinstance(text, str) and len(text) > 20 for text in exercise.hints)
        assert not seen & set(exercise.hints), f"{exercise.name} repeats another's hint"
        seen |= set(exercise.hints)


def test_hints_are_revealed_in_order_and_remembered(tmp_path, capsys):
    hints = BY_NAME["lstm_cell"].hints
    for number, text in enumerate(hints, start=1):
        hint("lstm_cell", folder=tmp_path)
        shown = capsys.readouterr().out
        assert shown.startswith(f"Hint {number} of {len(hints)} for lstm_cell") and text in shown
    assert "(the last one)" in shown
    hint("lstm_cell", folder=tmp_path)
    assert f"All {len(hints)} hints" in capsys.readouterr().out
    hint("gru_cell", folder=tmp_path)
    assert capsys.readouterr().out.startswith("Hint 1 of")
    assert hints_seen(tmp_path) == {"lstm_cell": len(hints), "gru_cell": 1}
    with pytest.raises(KeyError, match="no exercise named 'lstm'"):
        hint("lstm", folder=tmp_path)


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"lstm_cell": "three"}',
                                     '{"lstm_cell": 10000, "no_such": 2}', "\x00" * 10])
def test_a_corrupted_hints_file_reads_as_what_it_can_and_is_repaired(content, tmp_path, capsys):
    (tmp_path / HINTS_FILE).write_text(content)
    seen = hints_seen(tmp_path)
    assert seen in ({}, {"lstm_cell": len(BY_NAME["lstm_cell"].hints)})
    hint("rnn_step", folder=tmp_path)
    assert "Hint 1 of" in capsys.readouterr().out
    assert json.loads((tmp_path / HINTS_FILE).read_text())["rnn_step"] == 1


def test_a_hints_file_that_is_a_pipe_or_a_link_is_not_read(tmp_path):
    os.mkfifo(tmp_path / HINTS_FILE)
    started = time.monotonic()
    assert hints_seen(tmp_path) == {} and time.monotonic() - started < 1
    (tmp_path / HINTS_FILE).unlink()
    (tmp_path / "elsewhere.json").write_text('{"lstm_cell": 2}')
    (tmp_path / HINTS_FILE).symlink_to(tmp_path / "elsewhere.json")
    assert hints_seen(tmp_path) == {}


def test_the_scorecard_shows_hints_used_and_they_never_change_a_score(tmp_path, capsys):
    folder = submission(tmp_path, {"ex08_lstm_cell.py": [("c = f * c_prev + i * g",
                                                          "c = c_prev + i * g")]})
    with Grader(jobs=2) as grader:
        before = {r.exercise: r for r in grader.grade_folder(folder, [BY_NAME["lstm_cell"],
                                                                      BY_NAME["gru_cell"]])}
        for _ in range(2):
            hint("lstm_cell", folder=folder)
        hint("gru_cell", folder=folder)
        after = {r.exercise: r for r in grader.grade_folder(folder, [BY_NAME["lstm_cell"],
                                                                     BY_NAME["gru_cell"]])}
    assert [(r.points, r.status) for r in before.values()] == \
           [(r.points, r.status) for r in after.values()] == [(0, "failed"), (2, "passed")]
    assert after["lstm_cell"].hints == 2 and "0/2  failed (2 hints used)" in after["lstm_cell"].line()
    assert after["gru_cell"].line().endswith("2/2  passed (1 hint used)")
    assert "(2 hints used)" in scorecard("learner", list(after.values()))


def test_the_hints_file_is_ignored_by_git():
    ignored = (LEARNER.parent / ".gitignore").read_text().splitlines()
    assert HINTS_FILE in ignored


# ----- the scorecard's progress ------------------------------------------------------------------
def test_the_scorecard_says_what_is_done_per_chapter(tmp_path):
    folder = submission(tmp_path, {"ex09_gru_cell.py": [("(1 - z) * h_prev + z * h_tilde",
                                                         "z * h_prev + (1 - z) * h_tilde")]})
    chosen = [e for e in EXERCISES if e.chapter in ("08", "09")]
    with Grader(jobs=2) as grader:
        text = scorecard("learner", grader.grade_folder(folder, chosen))
    possible = sum(e.max_points for e in chosen)
    assert text.splitlines()[0] == (f"minigrad exercises in learner: {possible - 2:g}/{possible:g} "
                                    f"points, {len(chosen) - 1} of {len(chosen)} exercises done")
    eights = [e for e in chosen if e.chapter == "08"]
    assert f"chapter 08: {sum(e.max_points for e in eights):g}/" \
           f"{sum(e.max_points for e in eights):g} points, {len(eights)} of {len(eights)} done" in text
    assert "chapter 09: 0/2 points, 0 of 1 done" in text


# ----- the notebook helpers ---------------------------------------------------------------------
def test_try_it_prints_one_line_and_lets_the_notebook_go_on(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv(STRICT_VARIABLE, raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.py").write_text(
        "def unfinished():\n    raise NotImplementedError('exercise `unfinished` in mine.py')\n\n"
        "def broken(x):\n    return x @ x\n")
    mine = learner_file("mine")
    with try_it():
        mine.unfinished()
    assert capsys.readouterr().out == "Not started yet: exercise `unfinished` in mine.py\n"
    with try_it():
        raise AssertionError("one and one make two")
    assert capsys.readouterr().out == "Not yet: one and one make two\n"
    with try_it():
        mine.broken([1, 2])
    shown = capsys.readouterr().out.splitlines()
    assert shown[0] == "TypeError in mine.py line 5: return x @ x" and len(shown) == 2
    with try_it():
        pass
    assert capsys.readouterr().out == "Try it: every check in this cell holds.\n"
    monkeypatch.setenv(STRICT_VARIABLE, "strict")
    with pytest.raises(NotImplementedError):
        with try_it():
            mine.unfinished()


def test_learner_file_loads_the_file_again_after_each_change(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv(STRICT_VARIABLE, raising=False)
    path = tmp_path / "mine.py"
    path.write_text("def answer():\n    return 1\n")
    mine = learner_file("mine", folder=tmp_path)
    assert mine.answer() == 1 and mine.answer() == 1
    path.write_text("def answer():\n    return 22\n")
    os.utime(path, ns=(time.time_ns() + 10 ** 9,) * 2)
    assert mine.answer() == 22
    path.write_text("def answer(:\n")
    os.utime(path, ns=(time.time_ns() + 2 * 10 ** 9,) * 2)
    monkeypatch.chdir(tmp_path)
    with try_it():
        mine.answer()
    assert capsys.readouterr().out.startswith("SyntaxError in mine.py line 1: def answer(:")


def test_check_without_stopping_prints_and_check_set_stops_until_the_set_passes(capsys):
    assert check("lstm_cell", folder=LEARNER, stop=False) is None
    assert "not started" in capsys.readouterr().out
    with pytest.raises(CheckFailed):
        check("lstm_cell", folder=LEARNER)
    capsys.readouterr()
    with pytest.raises(SetNotPassed, match="ex07_gradient_flow.py: 0/5 points; not passed yet: "
                                           "gradient_norms_through_time, clip_by_global_norm, "
                                           "truncated_bptt") as raised:
        check_set("ex07_gradient_flow", folder=LEARNER)
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines if not line.startswith(" ")][:3] == [
        "gradient_norms_through_time", "clip_by_global_norm", "truncated_bptt"]
    assert raised.value._render_traceback_() == [f"SetNotPassed: {raised.value}"]
    assert check_set("ex07_gradient_flow.py", folder=SOLUTIONS) is None
    assert capsys.readouterr().out.splitlines()[-1] == (
        "ex07_gradient_flow.py: 5/5 points, 3 of 3 exercises passed")
    with pytest.raises(ValueError, match="no exercise set 'ex99'"):
        check_set("ex99")


# ----- the learner notebooks --------------------------------------------------------------------
def code_cells(path):
    return [cell for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_a_learner_notebook_calls_the_learner_only_inside_try_it_and_ends_with_its_set(path):
    """Every call of the learner's code is in a `with try_it():` cell, every check cell goes on
    (stop=False), and the last code cell, check_set, is the only one that may stop Run All."""
    cells = code_cells(path)
    assert f'mine = learner_file("{path.stem}")' in cells[0].source
    assert cells[-1].source == f'check_set("{path.stem}")'
    graded = set()
    for cell in cells[1:-1]:
        if cell.source.startswith("check("):
            name = cell.source.split('"')[1]
            assert cell.source == f'check("{name}", stop=False)'
            graded.add(name)
        elif "mine." in cell.source or "learner_file(" in cell.source:
            calls = cell.source.split("with try_it():", 1)
            assert len(calls) == 2 and "mine." not in calls[0], cell.source
    assert graded == {e.name for e in EXERCISES if e.file == f"{path.stem}.py"}


# Every learner notebook, run as a learner who has written nothing yet (about 5 s each).
@pytest.mark.parametrize("name", [path.name for path in NOTEBOOKS])
def test_an_unfinished_learner_notebook_runs_to_its_last_cell(name, tmp_path, monkeypatch):
    """Run All on the untouched exercises: no cell fails but the last, which stops with
    SetNotPassed in one line; every try-it cell says "Not started yet"."""
    folder = tmp_path / "exercises"
    shutil.copytree(LEARNER, folder)
    monkeypatch.delenv(STRICT_VARIABLE, raising=False)
    notebook = nbformat.read(folder / name, as_version=4)
    NotebookClient(notebook, timeout=120, allow_errors=True,
                   resources={"metadata": {"path": str(folder)}}).execute()
    cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    errors = [(index, output) for index, cell in enumerate(cells) for output in cell.outputs
              if output.output_type == "error"]
    assert [index for index, _ in errors] == [len(cells) - 1], errors
    (_, error), = errors
    assert error.ename == "SetNotPassed" and len(error.traceback) == 1
    tries = [cell for cell in cells if "with try_it():" in cell.source]
    for cell in tries:
        text = "".join(output.get("text", "") for output in cell.outputs)
        assert text.startswith("Not started yet: exercise `"), text
    assert not (folder / ".minigrad_hints.json").exists()


def test_every_exercise_set_has_its_notebook_in_both_folders():
    assert [path.stem for path in NOTEBOOKS] == SETS
    assert sorted(path.stem for path in SOLUTIONS.glob("*.ipynb")) == SETS
