"""Build the course as a static HTML site: every chapter executed, with all its outputs and
figures, and an index page that links the chapters in order.

    python3 tools/build_site.py                   # execute every chapter, write site/
    python3 tools/build_site.py --only 01_welcome 10b_decoding_and_attention
    python3 tools/build_site.py --no-execute      # render the notebooks as they are

The notebooks are committed without outputs, so the site is where a reader sees the figures
without running anything. Pages are plain HTML with the figures embedded, so any static host
serves the folder (see "Read it online" in README.md). Executing uses the Jupyter kernel
"python3" with this checkout first on PYTHONPATH, as the test suite does; rendering uses
nbconvert's HTML exporter, which comes with JupyterLab.
"""
import argparse
import html
import os
import re
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbconvert import HTMLExporter

ROOT = Path(__file__).resolve().parents[1]
CHAPTER_NAME = re.compile(r"^\d\d[a-z]?_.+\.ipynb$")
# A Markdown link to a notebook: [text](target.ipynb) or [text](target.ipynb#anchor).
NOTEBOOK_LINK = re.compile(r"\]\(([^()\s]+?)\.ipynb(#[^()\s]*)?\)")


def chapters(folder: Path) -> list[Path]:
    """The course's notebooks in reading order (01_, ..., 06_, 06b_, 07_, ...)."""
    return sorted(path for path in folder.glob("*.ipynb") if CHAPTER_NAME.match(path.name))


def title(notebook) -> str:
    """The first Markdown heading of a notebook, or its file name."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return notebook.metadata.get("name", "untitled")


def execute(notebook, folder: Path, timeout: int, name: str) -> None:
    """Run every cell in a fresh kernel started in `folder`, keeping the outputs."""
    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}})
    try:
        client.execute()
    except CellExecutionError as error:
        raise RuntimeError(f"build_site: {name} failed while executing; fix the chapter (or "
                           f"build without it, --only ...) and run again.\n{error}") from None


def link_pages(notebook, pages: set, source_url: str | None) -> None:
    """Point Markdown links to other chapters at their pages; links to notebooks that are not on
    the site go to `source_url` (the repository) when given, and are left as they are otherwise."""
    def replace(match):
        target, anchor = match.group(1), match.group(2) or ""
        if Path(target).name in pages and "/" not in target:
            return f"]({target}.html{anchor})"
        if source_url:
            return f"]({source_url.rstrip('/')}/notebooks/{target}.ipynb{anchor})"
        return match.group(0)

    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = NOTEBOOK_LINK.sub(replace, cell.source)


def index_page(entries: list[tuple[str, str]]) -> str:
    """The front page: the course's name and the chapters, in order, as links."""
    items = "\n".join(f'    <li><a href="{html.escape(page)}">{html.escape(name)}</a></li>'
                      for page, name in entries)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>minigrad-course</title>
  <style>body {{ font-family: sans-serif; max-width: 46em; margin: 3em auto; line-height: 1.5; }}
  li {{ margin: 0.3em 0; }}</style>
</head>
<body>
  <h1>minigrad-course</h1>
  <p>Build a reverse-mode autodiff engine, then use it to build, train and take apart recurrent
  networks. Every chapter below was executed to make this page; its claims are checked by the
  asserts you see in it.</p>
  <ol>
{items}
  </ol>
</body>
</html>
"""


def build_site(notebooks: list[Path], output: Path, execute_cells: bool = True,
               timeout: int = 600, source_url: str | None = None) -> list[Path]:
    """Write one HTML page per notebook, in the order given, and index.html; returns the pages."""
    if not notebooks:
        raise ValueError("build_site: no notebooks to build; check the names given to --only.")
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])
    output.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter(template_name="lab")
    pages, entries, written = {path.stem for path in notebooks}, [], []
    for path in notebooks:
        notebook = nbformat.read(path, as_version=4)
        if execute_cells:
            print(f"executing {path.name}", file=sys.stderr)
            execute(notebook, path.parent, timeout, path.name)
        link_pages(notebook, pages, source_url)
        body, _ = exporter.from_notebook_node(notebook, resources={"metadata": {
            "name": title(notebook)}})
        page = output / f"{path.stem}.html"
        page.write_text(body, encoding="utf-8")
        entries.append((page.name, title(notebook)))
        written.append(page)
    (output / "index.html").write_text(index_page(entries), encoding="utf-8")
    return written


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Execute the course's notebooks and render "
                                                 "them as a static HTML site.")
    parser.add_argument("--output", type=Path, default=ROOT / "site",
                        help="folder to write the site to (default: site/, which git ignores)")
    parser.add_argument("--only", nargs="+", metavar="CHAPTER",
                        help="build only these chapters, e.g. 01_welcome (the index lists them)")
    parser.add_argument("--no-execute", action="store_true",
                        help="render the notebooks as they are, without running them")
    parser.add_argument("--timeout", type=int, default=600,
                        help="seconds a single cell may run (default 600)")
    parser.add_argument("--source-url", help="where links to notebooks outside the site point, "
                        "e.g. https://github.com/OWNER/minigrad-course/blob/main")
    args = parser.parse_args(argv)
    notebooks = chapters(ROOT / "notebooks")
    if args.only:
        wanted = {name.removesuffix(".ipynb") for name in args.only}
        unknown = wanted - {path.stem for path in notebooks}
        if unknown:
            parser.error(f"no chapter named {', '.join(sorted(unknown))}; the chapters are "
                         f"{', '.join(path.stem for path in notebooks)}")
        notebooks = [path for path in notebooks if path.stem in wanted]
    pages = build_site(notebooks, args.output, not args.no_execute, args.timeout, args.source_url)
    print(f"wrote {len(pages)} chapter pages and index.html to {args.output}")


if __name__ == "__main__":
    main()
