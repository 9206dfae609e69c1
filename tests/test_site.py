"""The course's static site (tools/build_site.py): chapters executed with their figures, pages
linked to each other, an index in reading order, and a build that stops on a broken chapter.
Two tiny notebooks stand in for the course, so the test executes in seconds."""
import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import build_site  # noqa: E402  (tools/ is not a package)


def notebook(path, *cells):
    """Write a notebook whose cells are ("markdown" | "code", source) pairs."""
    make = {"markdown": nbformat.v4.new_markdown_cell, "code": nbformat.v4.new_code_cell}
    nbformat.write(nbformat.v4.new_notebook(cells=[make[kind](text) for kind, text in cells]),
                   path)


def test_site_has_executed_pages_with_figures_linked_in_order(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    notebook(folder / "02_second.ipynb", ("markdown", "# 2. Second\n\nThe end."),
             ("code", "print(6 * 7)"))
    notebook(folder / "01_first.ipynb",
             ("markdown", "# 1. First\n\nNext: [the second](02_second.ipynb); "
                          "[an exercise](../exercises/ex01.ipynb)"),
             ("code", "import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\n"
                      "ax.plot([0, 1], [1, 0])\nplt.show()"))
    notebook(folder / "scratch.ipynb", ("code", "raise SystemExit('not a chapter')"))
    chapters = build_site.chapters(folder)
    assert [path.name for path in chapters] == ["01_first.ipynb", "02_second.ipynb"]

    pages = build_site.build_site(chapters, tmp_path / "site", timeout=120,
                                  source_url="https://example.org/course/blob/main")
    first, second = (page.read_text() for page in pages)
    assert len(re.findall(r'<img [^>]*src="data:image/png;base64,', first)) == 1   # the figure
    assert re.search(r"42\s*</pre>", second)                     # the cell was executed
    assert 'href="02_second.html"' in first
    assert 'href="https://example.org/course/blob/main/notebooks/../exercises/ex01.ipynb"' in first
    index = (tmp_path / "site" / "index.html").read_text()
    assert index.index('href="01_first.html">1. First') < index.index('href="02_second.html"')


def test_a_chapter_that_fails_stops_the_build_and_is_named(tmp_path):
    notebook(tmp_path / "03_broken.ipynb", ("code", "assert 1 + 1 == 3, 'arithmetic'"))
    with pytest.raises(RuntimeError, match=r"03_broken.ipynb failed while executing(.|\n)*"
                                           r"arithmetic"):
        build_site.build_site([tmp_path / "03_broken.ipynb"], tmp_path / "site", timeout=120)


def test_every_course_chapter_has_a_numbered_title_for_the_index():
    for path in build_site.chapters(ROOT / "notebooks"):
        number = path.name.split("_")[0].lstrip("0")
        title = build_site.title(nbformat.read(path, as_version=4))
        assert title.startswith(f"{number}. "), f"{path.name}: the index would show {title!r}"


def test_the_command_line_refuses_unknown_chapters(capsys):
    with pytest.raises(SystemExit):
        build_site.main(["--only", "99_missing", "--no-execute"])
    assert "no chapter named 99_missing" in capsys.readouterr().err
