"""The course notebooks as files: stripped of outputs (so nbval runs every cell, and a claim can
only be checked by an assert), numbered in order, listed in the README, and with figures a reader
can read. Running them is nbval's job (the notebooks are in pytest's testpaths)."""
import ast
import json
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
PLOTTING = re.compile(r"\bax\.(plot|semilogy|bar|scatter|imshow|contourf)\(")
HEADING = re.compile(r"^## +(.+?) *$", re.M)
NEXT_LINK = re.compile(r"Next: *\[([^\]]+)\]\(([^)\s]+)\)")
MARKDOWN_LINK = re.compile(r"\]\(([^)\s]+)\)")


def cells(path, kind="code"):
    return [c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == kind]


def source(cell):
    return "".join(cell["source"])


def test_the_chapters_are_numbered_in_order():
    """01_ to 11_, with no gap; a chapter split in two keeps its number and adds a letter (06b_)."""
    names = [re.match(r"(\d\d)([a-z]?)_", path.name) for path in NOTEBOOKS]
    assert all(names), [path.name for path, name in zip(NOTEBOOKS, names) if not name]
    numbers = sorted({int(name.group(1)) for name in names})
    assert numbers == list(range(1, numbers[-1] + 1)) and numbers[-1] >= 11


def staged_cells(path):
    """The code cells as git would commit them: the index's copy, which the course's git filter
    has already cleaned of a learner's outputs (README, "Your work and git pull"); the file itself
    outside a checkout or before it is first added."""
    relative = path.relative_to(ROOT).as_posix()
    staged = subprocess.run(["git", "-C", str(ROOT), "show", f":{relative}"], capture_output=True,
                            text=True, encoding="utf-8")
    text = staged.stdout if staged.returncode == 0 else path.read_text()
    return [c for c in json.loads(text)["cells"] if c["cell_type"] == "code"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(path):
    for cell in staged_cells(path):
        assert cell["outputs"] == [] and cell["execution_count"] is None, (
            f"{path.name}: clear the outputs before committing (Kernel > Restart and Clear Outputs)")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_checks_its_claims_with_asserts(path):
    asserts = sum(source(cell).count("assert ") for cell in cells(path))
    assert asserts >= 1, f"{path.name} shows results but checks none of them"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_figure_has_a_title_axis_labels_and_a_legend(path):
    for cell in cells(path):
        text = source(cell)
        if PLOTTING.search(text):
            for required in ("set_title", "set_xlabel", "set_ylabel"):
                assert required in text, f"{path.name}: a figure without {required}:\n{text[:200]}"
            assert "legend" in text or "colorbar" in text, f"{path.name}: a figure without a legend"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_seeded_and_prints_no_wall_clock_time(path):
    text = "\n".join(source(cell) for cell in cells(path))
    assert "manual_seed" in text
    # Timing is allowed only in the GPU chapter, and only behind the has_gpu branch.
    assert "perf_counter" not in text or path.name.startswith("11_")


def test_readme_lists_every_notebook():
    readme = (ROOT / "README.md").read_text()
    for path in NOTEBOOKS:
        assert f"notebooks/{path.name}" in readme, f"README does not list {path.name}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_first_code_cell_pins_the_course_settings(path):
    """One BLAS thread from the first cell on, so every chapter's numbers are the same everywhere."""
    assert "mg.use_course_settings()" in source(cells(path)[0]), (
        f"{path.name}: call mg.use_course_settings() in the first code cell")


# ----- a claim is never checked by shapes alone ------------------------------------------------
SHAPE_ATTRIBUTES = {"shape", "ndim", "size"}


def _is_shape(node):
    """x.shape, x.ndim, x.size, a layer's configured size (cell.input_size, hidden_size, ...), or
    an index into a shape such as x.shape[0]."""
    if isinstance(node, ast.Subscript):
        return _is_shape(node.value)
    return isinstance(node, ast.Attribute) and (
        node.attr in SHAPE_ATTRIBUTES or node.attr.endswith("_size"))


def asserts_only_shapes(test):
    """True when an assert's condition compares shapes and nothing else: it reads nothing but
    shapes and sizes (see _is_shape), calls nothing and indexes nothing else. Such an assert
    passes for a model or an op that computes any wrong numbers of the right shape. (`len(...)` is
    a call, so it counts as a value: the number of distinct histories is a measurement.)"""
    shapes, pending = 0, [test]
    while pending:
        node = pending.pop()
        if _is_shape(node):
            shapes += 1
        elif isinstance(node, (ast.Attribute, ast.Call, ast.Subscript, ast.Lambda, ast.comprehension)):
            return False
        else:
            pending.extend(ast.iter_child_nodes(node))
    return shapes > 0


def python_of(cell):
    """A code cell's source with IPython's magics and shell escapes blanked, ready for ast."""
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line
                     for line in source(cell).splitlines())


def cells_checking_only_shapes(path):
    """(index among all cells, source) of each code cell whose asserts all check shapes only."""
    flagged = []
    for index, cell in enumerate(json.loads(path.read_text())["cells"]):
        if cell["cell_type"] != "code":
            continue
        asserts = [node for node in ast.walk(ast.parse(python_of(cell)))
                   if isinstance(node, ast.Assert)]
        if asserts and all(asserts_only_shapes(node.test) for node in asserts):
            flagged.append((index, source(cell)))
    return flagged


@pytest.mark.parametrize("text, shapes_only", [
    ("assert scores.shape == (B, 2)", True),
    ("assert out.shape == h.shape and out.ndim == 3", True),
    ("assert x.grad.shape[0] == T * batch", True),
    ("assert stack.cells[2].input_size == 32 and h_n.shape == (4, 3, 16)", True),
    ("assert x.size == 12", True),
    ("assert np.allclose(x.grad, 2 * x.numpy())", False),
    ("assert column.grad.shape == (4, 1) and np.allclose(column.grad, expected)", False),
    ("assert model.num_parameters() == 387", False),
    ("assert len(histories) > 0.95 * 2000", False),
    ("assert changed > 0.3", False),
    ("assert outputs[-1].shape == (B, H)", True),
    ("assert outputs[-1][0] == 1.0", False),
])
def test_the_shape_only_detector_tells_shapes_from_values(text, shapes_only):
    assert asserts_only_shapes(ast.parse(text).body[0].test) is shapes_only


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_cell_checks_its_claim_with_shape_asserts_alone(path):
    """A check cell whose every assert compares shapes would pass for any wrong numbers of the
    right shape; it must also check values (or the claim must go)."""
    flagged = cells_checking_only_shapes(path)
    assert not flagged, f"{path.name}: code cells whose asserts check shapes only:\n" + "\n---\n".join(
        f"cell {index}:\n{text}" for index, text in flagged)


# ----- every chapter ends with experiments and a way on -----------------------------------------
def chapter_label(path):
    """'06b_character_language_model.ipynb' -> '6b'."""
    number, letter = re.match(r"(\d\d)([a-z]?)_", path.name).groups()
    return f"{int(number)}{letter}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_chapter_ends_with_your_turn_and_a_link_to_the_next(path):
    markdown = [source(cell) for cell in cells(path, "markdown")]
    headings = [heading for text in markdown for heading in HEADING.findall(text)]
    position = NOTEBOOKS.index(path)
    if position == len(NOTEBOOKS) - 1:           # the last chapter has no next one, and may close
        assert "Your turn" in headings[-2:], (   # the course after its experiments
            f"{path.name}: the course's last chapter must end with '## Your turn' or with it "
            f"followed by one closing section, not {headings[-2:] or 'missing'}")
        return
    assert headings and headings[-1] == "Your turn", (
        f"{path.name}: the last section must be '## Your turn' (ungraded experiments), "
        f"not {headings[-1:] or 'missing'}")
    text = "\n".join(markdown)
    your_turn = text[text.rindex("## Your turn"):]
    links = NEXT_LINK.findall(your_turn)
    following = NOTEBOOKS[position + 1]
    assert links, (f"{path.name}: 'Your turn' must end with "
                   f"'Next: [Chapter {chapter_label(following)}: title]({following.name})'")
    label, target = links[-1]
    assert target == following.name, f"{path.name}: the Next link goes to {target}, not {following.name}"
    assert label.startswith(f"Chapter {chapter_label(following)}:"), (
        f"{path.name}: the Next link's text should start 'Chapter {chapter_label(following)}:', "
        f"got {label!r}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_relative_links_point_to_files_that_exist(path):
    for text in map(source, cells(path, "markdown")):
        for target in MARKDOWN_LINK.findall(text):
            if re.match(r"[a-z]+:|#", target):
                continue                         # a web address or an anchor in this notebook
            relative = target.split("#")[0]
            assert (path.parent / relative).exists(), f"{path.name}: broken link to {target}"


# ----- chapters and exercise sets link to each other ---------------------------------------------
EXERCISE_NOTEBOOKS = sorted((ROOT / "exercises").glob("ex*.ipynb"))
EXERCISE_LINK = re.compile(r"\]\(\.\./exercises/(ex\w+\.ipynb)\)")


def chapter_key(path):
    """'06b_character_language_model.ipynb' -> '06b'; 'ex06b_language_model.ipynb' -> '06b'."""
    return re.match(r"(?:ex)?(\d\d[a-z]?)_", path.name).group(1)


GRADED_CHAPTERS = NOTEBOOKS[[chapter_key(p) for p in NOTEBOOKS].index("02"):
                            [chapter_key(p) for p in NOTEBOOKS].index("10b") + 1]


@pytest.mark.parametrize("path", GRADED_CHAPTERS, ids=lambda p: p.name)
def test_every_chapter_from_2_to_10b_links_its_exercise_sets_from_your_turn(path):
    text = "\n".join(source(cell) for cell in cells(path, "markdown"))
    linked = EXERCISE_LINK.findall(text[text.rindex("## Your turn"):])
    sets = [p.name for p in EXERCISE_NOTEBOOKS if chapter_key(p) == chapter_key(path)]
    assert sets, f"{path.name}: no exercise set in exercises/ for chapter {chapter_label(path)}"
    assert sorted(set(linked)) == sets, (
        f"{path.name}: 'Your turn' should link [..](../exercises/NAME.ipynb) for each of {sets}, "
        f"links {linked}")


@pytest.mark.parametrize("path", EXERCISE_NOTEBOOKS, ids=lambda p: p.name)
def test_every_exercise_notebook_links_back_to_its_chapter_and_on_to_the_next(path):
    links = [target for text in map(source, cells(path, "markdown"))
             for target in MARKDOWN_LINK.findall(text)]
    chapter = next(p for p in NOTEBOOKS if chapter_key(p) == chapter_key(path))
    following = NOTEBOOKS[NOTEBOOKS.index(chapter) + 1]
    for wanted in (chapter, following):
        assert f"../notebooks/{wanted.name}" in links, f"{path.name} does not link to {wanted.name}"
    for target in links:
        if not re.match(r"[a-z]+:|#", target):
            assert (path.parent / target.split("#")[0]).exists(), f"{path.name}: broken {target}"
