"""Inside a learner's process: import the learner's file, call the function on the grader's inputs,
and send back what it returned. No verdict is made here; the grader compares.

The process is already contained (see sandbox.py) when `run` starts. What the learner's code may
import is limited by the exercise's policy: a finder at the front of sys.meta_path refuses the
blocked packages (minigrad, for exercises that ask for NumPy math) and, for imports written in the
learner's own code, anything outside the allowed list, with a message that says so.
"""
import builtins
import importlib.util
import os
import sys
import traceback

from . import wire
from .makers import MAKERS

MESSAGE_CHARACTERS = 500
ANSWER_BYTES = 8 << 20     # far above any expected answer; the worker stops reading at 16 MB


class NotAllowed(ImportError):
    """An import the exercise's policy refuses; an ImportError, so `try: import x` still works."""


class ImportGuard:
    """A meta path finder that refuses the policy's blocked packages everywhere and, in code that is
    not a library (the learner's files, or code they exec), modules outside the allowed list."""

    def __init__(self, policy: dict, folder: str, library_folders):
        self.blocked = tuple(policy.get("blocked", ()))
        self.allowed = None if policy.get("allowed") is None else frozenset(policy["allowed"])
        self.blocked_message = policy.get("blocked_message", "")
        self.allowed_message = policy.get("allowed_message", "")
        self.folder = folder
        self.library_folders = tuple(os.path.join(path, "") for path in library_folders)

    def find_spec(self, name, path=None, target=None):
        if any(name == blocked or name.startswith(blocked + ".") for blocked in self.blocked):
            raise NotAllowed(self.blocked_message)
        top = name.partition(".")[0]
        if self.allowed is None or top in self.allowed or self._is_learner_module(top):
            return None
        if not self._imported_by_library():
            raise NotAllowed(self.allowed_message.format(module=top))
        return None

    def _is_learner_module(self, name):
        return (os.path.lexists(os.path.join(self.folder, name + ".py"))
                or os.path.lexists(os.path.join(self.folder, name, "__init__.py")))

    def _imported_by_library(self):
        frame = sys._getframe(2)
        while frame is not None:
            filename = frame.f_code.co_filename
            module = frame.f_globals.get("__name__", "")
            if filename.startswith("<frozen") or str(module).startswith("importlib"):
                frame = frame.f_back
                continue
            return filename.startswith(self.library_folders)
        return True


def no_input(prompt=""):
    raise EOFError("input(): a graded function gets no keyboard input; remove the input() call")


def describe(error: BaseException, folder: str) -> dict:
    """What a learner's exception says, and where in the learner's files it was raised."""
    try:
        message = str(error)[:MESSAGE_CHARACTERS]
    except BaseException:   # a learner's exception whose __str__ fails
        message = "(its message could not be read)"
    where = {}
    if isinstance(error, SyntaxError) and isinstance(error.filename, str):
        where = {"file": os.path.basename(error.filename), "line": error.lineno,
                 "code": (error.text or "").strip()[:200]}
    try:
        frames = traceback.extract_tb(error.__traceback__)
    except BaseException:
        frames = []
    for frame in frames:
        if frame.filename.startswith(os.path.join(folder, "")):
            where = {"file": os.path.relpath(frame.filename, folder), "line": frame.lineno,
                     "code": (frame.line or "").strip()[:200]}
    chain, cause = [], error
    while cause is not None and len(chain) < 8:
        chain.append(cause)
        cause = cause.__cause__ or cause.__context__
    not_allowed = next((e for e in chain if isinstance(e, NotAllowed)), None)
    return {"type": type(error).__name__[:80], "message": message, **where,
            "exit": isinstance(error, SystemExit),
            "not_allowed": str(not_allowed)[:MESSAGE_CHARACTERS] if not_allowed else None}


def load_learner_file(folder: str, filename: str) -> object:
    """Import the learner's file under its own name, so that a sibling file importing it by name
    gets this same module."""
    name = os.path.splitext(filename)[0]
    spec = importlib.util.spec_from_file_location(name, os.path.join(folder, filename))
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def run(job: dict, buffers: list, answer_fd: int, progress_fd: int, library_folders=()) -> None:
    """Grade-free part of one exercise: call the function on every case, send what came back."""
    folder = job["folder"]

    def progress(text):
        try:
            os.write(progress_fd, text.encode() + b"\n")
        except OSError:
            pass

    sys.meta_path.insert(0, ImportGuard(job["policy"], folder, library_folders))
    sys.path.insert(0, folder)
    sys.dont_write_bytecode = True
    # Bytecode is never read from the learner's folder: a .pyc handed in (with an unchecked hash
    # it is run whatever the source says) would run code the static check never saw. The caches
    # are looked up under the scratch folder instead, empty when the learner's file is imported.
    sys.pycache_prefix = os.path.join(os.getcwd(), "no-bytecode")
    builtins.input = no_input
    progress("importing")
    try:
        module = load_learner_file(folder, job["file"])
    except BaseException as error:   # whatever the file does at import is the learner's
        return _send(answer_fd, {"import_error": describe(error, folder)}, [])
    function = getattr(module, job["function"], None)
    if not callable(function):
        return _send(answer_fd, {"missing": True}, [])
    outcomes, answer_buffers = [], wire.Buffers()
    for index, encoded in enumerate(job["cases"]):
        args = wire.decode(encoded, buffers, MAKERS)
        progress(f"calling {index}")
        try:
            value = function(*args)
            outcome = {"value": wire.encode(value, answer_buffers, True, limit=ANSWER_BYTES),
                       "after": wire.encode(args, answer_buffers, True, limit=ANSWER_BYTES)}
        except NotImplementedError:
            outcomes.append({"not_started": True})
            break
        except BaseException as error:   # the learner's error, reported to the learner
            outcomes.append({"raised": describe(error, folder)})
            break
        outcomes.append(outcome)
    progress("answering")
    return _send(answer_fd, {"outcomes": outcomes}, answer_buffers)


def _send(answer_fd, header, buffers):
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:   # the learner may have replaced or closed them
            pass
    with os.fdopen(answer_fd, "wb", closefd=False) as answer:
        wire.write_message(answer, header, buffers)
