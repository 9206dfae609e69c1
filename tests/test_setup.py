"""A newcomer's set-up: `python3 -m minigrad.course` opens JupyterLab at the repository's root
with chapter 1, and the clear-outputs git filter keeps what running a notebook writes into it out
of git's view, so that `git status` stays clean and `git pull` keeps working. Git is run for
real, in temporary repositories (never in this one, whose config other clones may share)."""
import copy
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from minigrad.course import git_setup, launch
from minigrad.course.clear_outputs import FILTER_NAME, clean, serialize
from minigrad.course.git_setup import filter_command, forget_runs, register_filter

ROOT = Path(__file__).resolve().parents[1]
COURSE_NOTEBOOKS = sorted(path for folder in ("notebooks", "exercises", "solutions")
                          for path in (ROOT / folder).glob("*.ipynb"))
CHAPTER_1 = ROOT / launch.FIRST_CHAPTER
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def text_of(path):
    return path.read_bytes().decode("utf-8")


# ----- what running a notebook in JupyterLab writes into it -------------------------------------
IPYKERNEL_LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3}, "file_extension": ".py",
    "mimetype": "text/x-python", "name": "python", "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3", "version": "3.12.3"}
PROGRESS_BAR = "a1b2c3"
WIDGET_STATE = {"application/vnd.jupyter.widget-state+json": {
    "state": {PROGRESS_BAR: {"model_module": "@jupyter-widgets/controls",
                             "model_module_version": "2.0.0", "model_name": "FloatProgressModel",
                             "state": {"bar_style": "success", "max": 400, "value": 400}}},
    "version_major": 2, "version_minor": 0}}
OUTPUTS = [
    {"name": "stdout", "output_type": "stream", "text": ["MSE 0.0123\n", "done\n"]},
    {"data": {"text/plain": ["array([1., 2.])"]}, "metadata": {}, "output_type": "execute_result"},
    {"data": {"image/png": "iVBORw0KGgoAAAANSUhEUg==\n",
              "text/plain": ["<Figure size 640x480 with 1 Axes>"]},
     "metadata": {}, "output_type": "display_data"},
    {"ename": "NotImplementedError", "evalue": "write rnn_step", "output_type": "error",
     "traceback": ["\u001b[0;31mNotImplementedError\u001b[0m: write rnn_step"]},
    {"data": {"application/vnd.jupyter.widget-view+json": {
        "model_id": PROGRESS_BAR, "version_major": 2, "version_minor": 0},
        "text/plain": ["  0%|          | 0/400"]}, "metadata": {}, "output_type": "display_data"},
]


def run_in_jupyterlab(text):
    """`text` after a learner ran every cell in JupyterLab and it autosaved: outputs of every
    kind, execution counts, timing and view state in the cells, the kernel's details and a
    progress bar's widget state in the notebook's metadata."""
    notebook = json.loads(text)
    notebook["metadata"]["kernelspec"]["display_name"] = "Python 3 (ipykernel)"
    notebook["metadata"]["language_info"] = dict(IPYKERNEL_LANGUAGE_INFO)
    notebook["metadata"]["widgets"] = copy.deepcopy(WIDGET_STATE)
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    for count, cell in enumerate(code, start=1):
        output = copy.deepcopy(OUTPUTS[count % len(OUTPUTS)])
        if output["output_type"] == "execute_result":
            output["execution_count"] = count
        cell["execution_count"], cell["outputs"] = count, [output]
        cell["metadata"]["execution"] = {
            "iopub.execute_input": "2026-11-30T10:00:00.000001Z",
            "iopub.status.busy": "2026-11-30T10:00:00.000000Z",
            "iopub.status.idle": f"2026-11-30T10:00:0{count % 10}.5Z",
            "shell.execute_reply": f"2026-11-30T10:00:0{count % 10}.4Z"}
        if count % 2:
            cell["metadata"].update(collapsed=True, jupyter={"outputs_hidden": True})
        else:
            cell["metadata"]["scrolled"] = True
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            cell["metadata"]["jupyter"] = {"source_hidden": False}
            break
    return json.dumps(notebook, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def written_by_another_editor(text):
    """The same notebook as a tool with other habits writes it: keys unsorted, indent 2, non-ASCII
    escaped, each cell's source one string, no final newline."""
    notebook = json.loads(text)
    for cell in notebook["cells"]:
        cell["source"] = "".join(cell["source"])
    notebook = dict(reversed(list(notebook.items())))
    return json.dumps(notebook, indent=2, ensure_ascii=True)


# ----- the filter -------------------------------------------------------------------------------
def test_the_course_has_notebooks_in_all_three_folders():
    assert {path.parent.name for path in COURSE_NOTEBOOKS} == {"notebooks", "exercises", "solutions"}


@pytest.mark.parametrize("path", COURSE_NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_cleaning_leaves_every_committed_notebook_byte_for_byte(path):
    assert clean(text_of(path)) == text_of(path)


@pytest.mark.parametrize("path", COURSE_NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebooks_are_committed_as_jupyter_saves_them(path):
    """So saving an unchanged notebook in JupyterLab changes no byte, filter or no filter."""
    nbformat = pytest.importorskip("nbformat")
    text = text_of(path)
    assert nbformat.writes(nbformat.reads(text, as_version=nbformat.NO_CONVERT)) + "\n" == text


@pytest.mark.parametrize("path", COURSE_NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_notebook_run_in_jupyterlab_cleans_back_to_the_committed_bytes(path):
    committed = text_of(path)
    run = run_in_jupyterlab(committed)
    assert run != committed and '"output_type"' in run
    assert clean(run) == committed


@pytest.mark.parametrize("path", COURSE_NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_notebook_another_editor_wrote_cleans_to_the_committed_bytes(path):
    committed = text_of(path)
    assert clean(run_in_jupyterlab(written_by_another_editor(committed))) == committed


def test_edits_and_authored_metadata_survive_cleaning():
    """The filter hides a run, never a change: new text (in any script), a new cell, tags and
    other authored metadata stay, written as Jupyter itself writes them."""
    nbformat = pytest.importorskip("nbformat")
    notebook = json.loads(text_of(CHAPTER_1))
    markdown = next(cell for cell in notebook["cells"] if cell["cell_type"] == "markdown")
    markdown["source"].append("\nMy note: the gradient δ shrinks (기울기 소실, 梯度消失).\n")
    first_code = next(cell for cell in notebook["cells"] if cell["cell_type"] == "code")
    first_code["metadata"].update(tags=["raises-exception"], editable=False)
    notebook["cells"].append({"cell_type": "code", "execution_count": None, "id": "my-try",
                              "metadata": {}, "outputs": [], "source": ["print(2 + 2)"]})
    edited = nbformat.writes(nbformat.from_dict(notebook)) + "\n"

    cleaned = clean(run_in_jupyterlab(edited))
    assert cleaned == edited != text_of(CHAPTER_1)
    assert "기울기 소실, 梯度消失" in cleaned and '"raises-exception"' in cleaned


def run_filter_as_git_does(data: bytes) -> subprocess.CompletedProcess:
    return subprocess.run(shlex.split(filter_command()), input=data, capture_output=True,
                          cwd=ROOT, timeout=60)


def test_the_registered_command_cleans_a_notebook_from_stdin_to_stdout():
    result = run_filter_as_git_does(run_in_jupyterlab(text_of(CHAPTER_1)).encode("utf-8"))
    assert result.returncode == 0, result.stderr
    assert result.stdout == CHAPTER_1.read_bytes()


@pytest.mark.parametrize("content", [
    b"<<<<<<< HEAD\n{\"cells\": []}\n=======\n{}\n>>>>>>> upstream\n",
    b"{\"cells\": [{\"cell_type\": \"code\"",
    b"[1, 2, 3]\n",
    b"\xff\xfe not UTF-8",
], ids=["merge-conflict", "half-written", "not-a-notebook", "not-utf8"])
def test_the_filter_passes_anything_but_a_notebook_through_unchanged(content):
    result = run_filter_as_git_does(content)
    assert result.returncode == 0 and result.stdout == content
    assert b"not a notebook" in result.stderr


# ----- registering the filter in a clone --------------------------------------------------------
GIT_ENVIRONMENT = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
                   "GIT_AUTHOR_NAME": "Course", "GIT_AUTHOR_EMAIL": "course@example.org",
                   "GIT_COMMITTER_NAME": "Course", "GIT_COMMITTER_EMAIL": "course@example.org"}


def git(folder, *arguments, check=True):
    return subprocess.run(["git", "-C", str(folder), *arguments], capture_output=True, text=True,
                          check=check, env=GIT_ENVIRONMENT, timeout=60)


def local_filter_config(folder):
    return {key: git(folder, "config", "--local", "--get", f"filter.{FILTER_NAME}.{key}",
                     check=False).stdout.strip() for key in ("clean", "required")}


@needs_git
def test_registering_the_filter_is_idempotent_and_follows_the_python(tmp_path, monkeypatch):
    git(tmp_path, "init", "-q")
    assert register_filter(tmp_path) is True
    assert local_filter_config(tmp_path) == {"clean": filter_command(), "required": "false"}
    assert register_filter(tmp_path) is False

    # A new virtual environment: the filter must run with the Python that has the course.
    monkeypatch.setattr(sys, "executable", str(tmp_path / "new venv" / "bin" / "python3"))
    assert register_filter(tmp_path) is True
    assert local_filter_config(tmp_path)["clean"].startswith(f"'{tmp_path}/new venv/bin/python3' -I ")


def test_nothing_is_registered_outside_a_git_repository(tmp_path):
    assert register_filter(tmp_path) is False and forget_runs(tmp_path, ["*.ipynb"]) == []
    git_setup.after_save(os_path=str(tmp_path / "scratch.ipynb"))      # and the hook stays quiet
    assert not (tmp_path / ".git").exists()


# ----- git status and git pull in a learner's clone ----------------------------------------------
EXERCISE = "exercises/ex02_backward_rules.ipynb"


def commit(folder, files, message):
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content.encode("utf-8"))
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", message)


def save(path, text):
    path.write_bytes(text.encode("utf-8"))


def a_learners_clone(tmp_path, filter_registered=True):
    """An upstream with .gitattributes, chapter 1 and an exercise notebook, and a learner's clone
    of it (with the filter registered as the launcher does, or not)."""
    upstream, learner = tmp_path / "upstream", tmp_path / "learner"
    upstream.mkdir()
    git(upstream, "init", "-q", "-b", "main")
    commit(upstream, {name: text_of(ROOT / name)
                      for name in (".gitattributes", launch.FIRST_CHAPTER, EXERCISE)}, "the course")
    git(tmp_path, "clone", "-q", str(upstream), str(learner))
    if filter_registered:
        assert register_filter(learner)
    return upstream, learner


def save_in_jupyterlab(path):
    """What JupyterLab does when a learner has run `path`: write it, then call its hook."""
    save(path, run_in_jupyterlab(text_of(path)))
    git_setup.after_save(os_path=str(path), model={}, contents_manager=None)


def upstream_changes_another_cell(upstream):
    notebook = json.loads(text_of(CHAPTER_1))
    markdown = [cell for cell in notebook["cells"] if cell["cell_type"] == "markdown"]
    markdown[-1]["source"].append("\nA sentence added upstream.\n")
    updated = serialize(notebook)
    commit(upstream, {launch.FIRST_CHAPTER: updated}, "chapter 1: one more sentence")
    return updated


def status(folder):
    return git(folder, "status", "--porcelain").stdout


@needs_git
def test_a_run_chapter_leaves_git_status_clean_and_git_pull_working(tmp_path):
    upstream, learner = a_learners_clone(tmp_path)
    chapter = learner / launch.FIRST_CHAPTER
    save_in_jupyterlab(chapter)
    assert '"output_type"' in text_of(chapter)
    assert status(learner) == "" and git(learner, "diff").stdout == ""

    updated = upstream_changes_another_cell(upstream)
    pull = git(learner, "pull", "-q", check=False)
    assert pull.returncode == 0, pull.stderr
    assert text_of(chapter) == updated
    assert status(learner) == ""


@needs_git
@pytest.mark.parametrize("filter_registered", [False, True], ids=["no-filter", "filter-only"])
def test_without_the_set_up_a_run_chapter_blocks_git_pull(tmp_path, filter_registered):
    """The controls. Without the filter git sees the outputs. With the filter alone, `git diff`
    is empty, but git takes a file whose size changed for modified without reading it: status
    lists it and pull refuses. That is why JupyterLab's hook refreshes the index."""
    upstream, learner = a_learners_clone(tmp_path, filter_registered)
    chapter = learner / launch.FIRST_CHAPTER
    save(chapter, run_in_jupyterlab(text_of(chapter)))
    assert status(learner) == f" M {launch.FIRST_CHAPTER}\n"
    assert (git(learner, "diff", "--name-only").stdout == "") is filter_registered
    upstream_changes_another_cell(upstream)
    pull = git(learner, "pull", "-q", check=False)
    assert pull.returncode != 0 and "would be overwritten" in pull.stderr


@needs_git
def test_an_edited_cell_is_still_a_change_after_jupyterlab_saves_it(tmp_path):
    _, learner = a_learners_clone(tmp_path)
    chapter = learner / launch.FIRST_CHAPTER
    save(chapter, text_of(chapter).replace("Welcome", "Hello", 1))
    save_in_jupyterlab(chapter)
    assert status(learner) == f" M {launch.FIRST_CHAPTER}\n"
    diff = git(learner, "diff").stdout
    assert '+    "# 1. Hello' in diff and "output_type" not in diff


@needs_git
def test_on_start_the_launcher_forgets_runs_saved_by_anything_else(tmp_path):
    """Notebooks run and saved outside the launcher's JupyterLab (another editor, nbconvert, an
    earlier session): only those that were just run are refreshed; an edit stays an edit."""
    _, learner = a_learners_clone(tmp_path)
    for name in (launch.FIRST_CHAPTER, EXERCISE):
        save(learner / name, run_in_jupyterlab(text_of(learner / name)))
    exercise = json.loads(text_of(learner / EXERCISE))
    exercise["cells"].insert(0, {"cell_type": "markdown", "id": "my-note", "metadata": {},
                                 "source": ["My note."]})
    save(learner / EXERCISE, json.dumps(exercise))
    assert forget_runs(learner, ["*.ipynb"]) == [launch.FIRST_CHAPTER]
    assert status(learner) == f" M {EXERCISE}\n"
    assert forget_runs(learner, ["*.ipynb"]) == []


# ----- the launcher ------------------------------------------------------------------------------
@pytest.mark.parametrize("folder", ["", "exercises", "minigrad/grading", "notebooks"])
def test_the_launcher_finds_the_checkout_from_any_folder_in_it(folder):
    assert launch.find_checkout(ROOT / folder) == ROOT


def test_the_launcher_says_what_to_do_outside_a_checkout(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(launch, "PACKAGE_CHECKOUT", tmp_path / "site-packages")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(launch, "run", pytest.fail)
    assert launch.main([]) == 1
    message = capsys.readouterr().err
    assert str(tmp_path) in message and "Clone the repository" in message
    assert launch.FIRST_CHAPTER in message


def test_the_launcher_names_the_install_command_when_jupyterlab_is_missing(monkeypatch, capsys):
    real_find_spec = launch.importlib.util.find_spec
    monkeypatch.setattr(launch.importlib.util, "find_spec",
                        lambda name, *rest: None if name == "jupyterlab" else real_find_spec(name, *rest))
    monkeypatch.setattr(git_setup, "register_filter", pytest.fail)
    monkeypatch.setattr(launch, "run", pytest.fail)
    assert launch.main(["--no-browser"]) == 1
    message = capsys.readouterr().err
    assert "JupyterLab is not installed" in message
    assert f"cd {ROOT}\n    {sys.executable} -m pip install -r requirements.txt" in message


@pytest.mark.parametrize("as_root, options, allow_root_added", [
    (False, ["--no-browser", "--port", "8890"], False),
    (True, ["--no-browser", "--port", "8890"], True),
    (True, ["--allow-root", "--no-browser"], False),
])
def test_the_launcher_roots_jupyterlab_at_the_checkout_and_adds_allow_root_for_root(
        as_root, options, allow_root_added, monkeypatch, capsys):
    launched = []
    monkeypatch.setattr(launch, "running_as_root", lambda: as_root)
    monkeypatch.setattr(git_setup, "register_filter", lambda checkout: False)
    monkeypatch.setattr(git_setup, "forget_runs", lambda folder, pathspecs: [])
    monkeypatch.setattr(launch, "run", lambda command, folder: launched.append((command, folder)) or 0)
    assert launch.main(options) == 0
    (command, folder), = launched
    assert folder == ROOT and command[:3] == [sys.executable, "-m", "jupyterlab"]
    assert f"--ServerApp.root_dir={ROOT}" in command
    assert "--LabApp.default_url=/lab/tree/notebooks/01_welcome.ipynb" in command
    assert command[-len(options):] == options                      # passed through, in order
    assert command.count("--allow-root") == (1 if as_root else 0)
    said = capsys.readouterr().out
    assert ("adding --allow-root" in said) is allow_root_added
    assert "Set up git" not in said


@pytest.mark.parametrize("options, root_dir", [
    (["--no-browser"], str(ROOT)),
    (["--ServerApp.root_dir=/srv/course"], "/srv/course"),
    (["--notebook-dir", "/srv/course", "--port", "8890"], "/srv/course"),
])
def test_jupyterlab_accepts_the_launchers_command_with_the_learners_settings(options, root_dir):
    """JupyterLab's own parser reads the command; a setting given twice would stop it."""
    labapp = pytest.importorskip("jupyterlab.labapp")
    command = launch.jupyterlab_command(ROOT, options)
    app = labapp.LabApp()
    app.parse_command_line(command[3:])
    assert app.config.ServerApp.root_dir == root_dir
    assert app.config.LabApp.default_url == "/lab/tree/notebooks/01_welcome.ipynb"
    assert app.config.ContentsManager.post_save_hook == "minigrad.course.git_setup.after_save"


def a_copy_of_the_course(tmp_path):
    """The package and the notebooks, committed in a fresh git repository as in a clone."""
    copy_root = tmp_path / "minigrad-course"
    for folder in ("minigrad", "notebooks", "exercises", "solutions"):
        shutil.copytree(ROOT / folder, copy_root / folder,
                        ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    for name in (".gitattributes", ".gitignore"):
        shutil.copy(ROOT / name, copy_root / name)
    git(copy_root, "init", "-q")
    git(copy_root, "add", "-A")
    git(copy_root, "commit", "-q", "-m", "the course")
    return copy_root


@needs_git
def test_the_launcher_registers_the_filter_once_and_says_so_once(tmp_path, monkeypatch, capsys):
    copy_root = a_copy_of_the_course(tmp_path)
    monkeypatch.setattr(launch, "PACKAGE_CHECKOUT", tmp_path / "site-packages")  # not a clone
    monkeypatch.chdir(copy_root / "notebooks")
    launched = []
    monkeypatch.setattr(launch, "run", lambda command, folder: launched.append(folder) or 0)
    said = []
    for _ in range(2):
        assert launch.main(["--no-browser"]) == 0
        said.append(capsys.readouterr().out)
    assert launched == [copy_root, copy_root]
    assert f"Set up git in {copy_root}" in said[0] and "Set up git" not in said[1]
    assert local_filter_config(copy_root) == {"clean": filter_command(), "required": "false"}


def a_free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def working_folders_of_children(parent_pid):
    """{pid: working folder} of the processes `parent_pid` started (Linux's /proc)."""
    folders = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == parent_pid:
                folders[stat.parent.name] = Path(os.readlink(stat.parent / "cwd"))
        except (OSError, IndexError, ValueError):
            continue  # a process that ended meanwhile
    return folders


@needs_git
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads terminals' folders in /proc")
def test_jupyterlab_serves_the_clone_opens_chapter_1_and_saves_keep_git_clean(tmp_path):
    """`python3 -m minigrad.course --no-browser`, run from exercises/ in a copy of the course, as
    a learner would: the server's root lists notebooks/, exercises/, minigrad/ and solutions/,
    the address it prints opens chapter 1, a terminal started without a folder runs at the
    root, and a notebook saved with outputs leaves `git status` clean."""
    pytest.importorskip("jupyterlab")
    copy_root = a_copy_of_the_course(tmp_path)
    port, token = a_free_port(), "course-setup-test"
    options = ["--no-browser", f"--port={port}", "--ServerApp.port_retries=0", "--ip=127.0.0.1"]
    environment = {**os.environ, "PYTHONPATH": str(copy_root),  # the copy's minigrad, not ours
                   "JUPYTER_TOKEN": token,
                   "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
                   "JUPYTER_CONFIG_DIR": str(tmp_path / "config")}
    log = tmp_path / "server.log"

    def api(path, method="GET", body=None):
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}", method=method,
            data=None if body is None else json.dumps(body).encode("utf-8"),
            headers={"Authorization": f"token {token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            answer = response.read()
        return json.loads(answer) if answer else None

    with log.open("w") as output:
        server = subprocess.Popen([sys.executable, "-m", "minigrad.course", *options],
                                  cwd=copy_root / "exercises", env=environment,
                                  stdout=output, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                listing = api("/api/contents")
                break
            except OSError:
                assert server.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.5)
        assert {"notebooks", "exercises", "minigrad", "solutions"} <= {
            item["name"] for item in listing["content"]}
        said = log.read_text()
        assert f"Set up git in {copy_root}" in said
        assert f"Opening notebooks/01_welcome.ipynb in JupyterLab, rooted at {copy_root}" in said
        assert local_filter_config(copy_root)["clean"] == (
            f"{shlex.quote(sys.executable)} -I "
            f"{shlex.quote(str(copy_root / 'minigrad' / 'course' / 'clear_outputs.py'))}")
        addresses = re.findall(r"http://\S+", said)
        assert addresses and all(f":{port}/lab/tree/notebooks/01_welcome.ipynb?token=" in address
                                 for address in addresses), addresses

        before = working_folders_of_children(server.pid)
        terminal = api("/api/terminals", method="POST")["name"]
        deadline = time.monotonic() + 30
        while working_folders_of_children(server.pid).keys() <= before.keys():
            assert time.monotonic() < deadline, "the terminal's shell never started"
            time.sleep(0.2)
        shells = working_folders_of_children(server.pid).items() - before.items()
        assert [folder for _, folder in shells] == [copy_root.resolve()]
        api(f"/api/terminals/{terminal}", method="DELETE")

        run = json.loads(run_in_jupyterlab(text_of(copy_root / launch.FIRST_CHAPTER)))
        api(f"/api/contents/{launch.FIRST_CHAPTER}", method="PUT",
            body={"type": "notebook", "format": "json", "content": run})
        assert '"output_type"' in text_of(copy_root / launch.FIRST_CHAPTER)
        assert status(copy_root) == ""
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
