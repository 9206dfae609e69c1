"""`python3 -m minigrad.course [JUPYTERLAB OPTIONS]`: open the course in JupyterLab.

The server's root is the checkout's root, so the file browser reaches notebooks/, exercises/,
minigrad/ and solutions/ alike, and chapter 1 is the page it opens (and the address it prints).
Before that it sets up git so that running a notebook does not count as changing it
(git_setup.py), and adds --allow-root when run as root, which JupyterLab otherwise refuses
(Docker, WSL). Any other option goes to JupyterLab unchanged: --no-browser, --port 8890, ...
"""
import argparse
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

from . import clear_outputs, git_setup

FIRST_CHAPTER = "notebooks/01_welcome.ipynb"
# The clone this package was imported from (run inside it, or installed with `pip install -e .`).
PACKAGE_CHECKOUT = Path(__file__).resolve().parents[2]


class NotACheckout(Exception):
    """The course's files are not where this command looked for them."""


def find_checkout(*places: Path) -> Path:
    """The root of the course's files: the first of `places`, or of the folders above one of
    them, that holds chapter 1 and the minigrad package."""
    for place in places:
        for folder in (place, *place.parents):
            if (folder / FIRST_CHAPTER).is_file() and (folder / "minigrad").is_dir():
                return folder
    raise NotACheckout(
        f"minigrad.course opens the course's notebooks, and found none in "
        f"{' or '.join(map(str, places))} or the folders above: none is inside a copy of the "
        f"course (a folder with {FIRST_CHAPTER}). Clone the repository, then run this command "
        f"inside the clone; README.md's 'Getting started' shows how.")


def running_as_root() -> bool:
    """True for the superuser on Linux and macOS; Windows has no such user for Jupyter to refuse."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


def jupyterlab_command(checkout: Path, options: list[str]) -> list[str]:
    """JupyterLab rooted at `checkout`, with chapter 1 as its start page and git_setup's
    after_save run after every save, then the learner's options. A setting the learner gives
    replaces the launcher's: JupyterLab refuses to start when one is given twice."""
    given = {option.split("=", 1)[0] for option in options}
    hook = f"{git_setup.__name__}.{git_setup.after_save.__name__}"
    settings = {
        ("--ServerApp.root_dir", "--notebook-dir"): checkout,
        ("--LabApp.default_url",): f"/lab/tree/{FIRST_CHAPTER}",
        ("--ContentsManager.post_save_hook",): hook,
    }
    ours = [f"{names[0]}={value}" for names, value in settings.items() if given.isdisjoint(names)]
    return [sys.executable, "-m", "jupyterlab", *ours, *options]


def run(command: list[str], folder: Path) -> int:
    """Become JupyterLab where the operating system allows it, so that Ctrl+C, a container's stop
    signal and the exit status all reach it directly; Windows has no exec, so wait for it."""
    sys.stdout.flush()
    if os.name != "nt":
        os.chdir(folder)
        os.execv(command[0], command)
    lab = subprocess.Popen(command, cwd=folder)
    while True:
        try:
            return lab.wait()
        except KeyboardInterrupt:  # JupyterLab got the same Ctrl+C and asks whether to stop
            continue


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python3 -m minigrad.course", allow_abbrev=False,
        description="Open the course in JupyterLab, rooted at the repository, with chapter 1.",
        epilog="Every other option goes to JupyterLab (python3 -m jupyterlab --help-all).")
    _, options = parser.parse_known_args(argv)
    try:
        checkout = find_checkout(PACKAGE_CHECKOUT, Path.cwd())
    except NotACheckout as problem:
        print(problem, file=sys.stderr)
        return 1
    if importlib.util.find_spec("jupyterlab") is None:
        print(f"JupyterLab is not installed in this Python ({sys.executable}). Install the "
              f"course's requirements into it, then run this command again:\n"
              f"    cd {checkout}\n    {sys.executable} -m pip install -r requirements.txt",
              file=sys.stderr)
        return 1
    if git_setup.register_filter(checkout):
        print(f"Set up git in {checkout} to ignore what running a notebook writes into it "
              f"(outputs, execution counts), so `git status` stays clean and `git pull` keeps "
              f"working (the '{clear_outputs.FILTER_NAME}' filter; see README.md).")
    git_setup.forget_runs(checkout, ["*.ipynb"])
    if running_as_root() and "--allow-root" not in options:
        print("Running as root (as in Docker or WSL): adding --allow-root, which JupyterLab "
              "needs to start as root.")
        options = ["--allow-root", *options]
    print(f"Opening {FIRST_CHAPTER} in JupyterLab, rooted at {checkout}. Stop it with Ctrl+C.")
    return run(jupyterlab_command(checkout, options), checkout)
