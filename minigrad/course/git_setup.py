"""How a learner's clone uses the clear-outputs filter (clear_outputs.py).

Two steps make a notebook that was only run count as unchanged:
1. `register_filter` names the filter's command in the clone's own git config, so that git
   compares and commits every notebook .gitattributes names in its cleaned form.
2. `forget_runs` tells git's index the new size and time of such notebooks. Git takes a file
   whose size differs from the one its index recorded for modified without reading it (and so
   without cleaning it): `git status` would list every run notebook and `git pull` would refuse
   to update it. JupyterLab calls `after_save` after every save; the launcher calls
   `forget_runs` on start for notebooks saved meanwhile by anything else.
"""
import shlex
import subprocess
import sys
from pathlib import Path

from . import clear_outputs


def git(folder: Path, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(folder), *arguments], capture_output=True, text=True)


def filter_command() -> str:
    """The command git runs: this Python, isolated (-I) so that neither the environment nor the
    script's own folder can change what it imports, on the filter's file."""
    script = str(Path(clear_outputs.__file__).resolve())
    return f"{shlex.quote(sys.executable)} -I {shlex.quote(script)}"


def top_of_clone(folder: Path) -> Path | None:
    """The root of the git clone `folder` is in; None outside one, or without git."""
    try:
        found = git(folder, "rev-parse", "--show-toplevel")
    except OSError:
        return None
    return Path(found.stdout.strip()) if found.returncode == 0 else None


def register_filter(checkout: Path) -> bool:
    """Point the clone's own config (not the user's) at the filter; True when that changed
    something. `required = false` keeps git working if the command ever fails (a deleted
    virtual environment): notebooks are then compared as they are, outputs included."""
    if top_of_clone(checkout) is None:
        return False
    changed = False
    for key, value in {"clean": filter_command(), "required": "false"}.items():
        name = f"filter.{clear_outputs.FILTER_NAME}.{key}"
        if git(checkout, "config", "--local", "--get", name).stdout.rstrip("\n") != value:
            git(checkout, "config", "--local", name, value).check_returncode()
            changed = True
    return changed


def forget_runs(folder: Path, pathspecs: list[str]) -> list[str]:
    """Refresh the index entries of the files in `pathspecs` whose size or time changed while
    their cleaned content did not; return their paths. Files with real changes stay as they are."""
    top = top_of_clone(folder)
    if top is None:
        return []
    touched = git(top, "diff-files", "--name-only", "-z", "--", *pathspecs).stdout.split("\0")
    changed = git(top, "diff", "--name-only", "-z", "--", *pathspecs).stdout.split("\0")
    only_run = sorted(set(touched) - set(changed) - {""})
    if only_run:
        git(top, "update-index", "--", *only_run)
    return only_run


def after_save(os_path: str, **_) -> None:
    """JupyterLab's post-save hook (ContentsManager.post_save_hook). It must never fail: an
    error here would make JupyterLab report the save itself as failed."""
    if os_path.endswith(".ipynb"):
        try:
            notebook = Path(os_path).resolve()
            forget_runs(notebook.parent, [str(notebook)])
        except OSError:
            pass  # git vanished mid-session: the notebook is saved, git just lists it
