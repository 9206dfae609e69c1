"""The git filter that keeps running a notebook out of the course's history.

Running a chapter in JupyterLab writes into the notebook file: outputs and execution counts in
code cells, timing and view state (collapsed, scrolled, hidden) in cells' metadata, the kernel's
details and widget state in the notebook's metadata. Git runs `clean` on every notebook that
.gitattributes names before comparing or committing it, so a notebook that was only run has
the committed content (git_setup.py makes `git status` and `git pull` see that too), while an
edit to a cell's text is still an edit. The result is the notebook exactly as the course commits
it, which is exactly how Jupyter saves one (keys sorted, an indent of one space, UTF-8 text, a
final newline).

`python3 -m minigrad.course` registers the filter in the clone's git config (git_setup.py).
Git starts it once per changed notebook, so it runs as a script on the standard library alone:
importing minigrad and NumPy would cost more than the cleaning.
"""
import copy
import json
import sys

FILTER_NAME = "clear-outputs"

# What a run or a viewer adds to a cell's metadata; authored keys such as tags stay.
RUN_TIME_CELL_METADATA = ("collapsed", "scrolled", "execution", "ExecuteTime", "trusted")
VIEW_STATE_OF_JUPYTER_KEY = ("source_hidden", "outputs_hidden")
# What a run or an editor adds to the notebook's metadata.
RUN_TIME_NOTEBOOK_METADATA = ("widgets", "vscode", "signature",
                              "orig_nbformat", "orig_nbformat_minor")
# Every chapter runs on Python 3; the kernel a learner picked does not change the notebook.
COURSE_KERNEL = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}


def clear_outputs(notebook: dict) -> dict:
    """The notebook as committed: every code cell unrun, run-time metadata gone. Changes and
    returns `notebook`."""
    for key in RUN_TIME_NOTEBOOK_METADATA:
        notebook["metadata"].pop(key, None)
    notebook["metadata"].update(copy.deepcopy(COURSE_KERNEL))
    for cell in notebook["cells"]:
        if isinstance(cell["source"], str):
            cell["source"] = cell["source"].splitlines(keepends=True)
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
        metadata = cell.setdefault("metadata", {})
        for key in RUN_TIME_CELL_METADATA:
            metadata.pop(key, None)
        view = metadata.get("jupyter", {})
        for key in VIEW_STATE_OF_JUPYTER_KEY:
            view.pop(key, None)
        if "jupyter" in metadata and not view:
            del metadata["jupyter"]
    return notebook


def serialize(notebook: dict) -> str:
    """The notebook's text as Jupyter (nbformat) writes it and as the course commits it."""
    return json.dumps(notebook, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def clean(text: str) -> str:
    """Git's clean step: a notebook's text in, the committed form of that notebook out."""
    return serialize(clear_outputs(json.loads(text)))


def main() -> None:
    """stdin to stdout. A file that is not a notebook (a merge conflict's markers, a half-written
    save) goes through unchanged, so git never loses its content."""
    original = sys.stdin.buffer.read()
    try:
        cleaned = clean(original.decode("utf-8")).encode("utf-8")
    except (ValueError, KeyError, TypeError, AttributeError) as problem:
        print(f"{FILTER_NAME}: not a notebook ({problem}); left as it is", file=sys.stderr)
        cleaned = original
    sys.stdout.buffer.write(cleaned)


if __name__ == "__main__":
    main()
