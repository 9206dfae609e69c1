"""The course notebooks as files: stripped of outputs (so nbval runs every cell, and a claim can
only be checked by an assert), numbered in order, listed in the README, and with figures a reader
can read. Running them is nbval's job (the notebooks are in pytest's testpaths)."""
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
PLOTTING = re.compile(r"\bax\.(plot|semilogy|bar|scatter|imshow|contourf)\(")


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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(path):
    for cell in cells(path):
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
