"""Reading a learner's files before they run, for what an exercise rules out.

The learner's process enforces the same rules (minigrad and other libraries cannot be imported, see
child/harness.py; the sandbox holds no answers); this check adds what the file says about itself,
with its line: an import the exercise does not allow, code that builds and runs code (exec, eval,
__import__), files read or written (open, np.load), and reaching into the interpreter's internals
(frames, globals, __subclasses__) that honest NumPy code never needs. The files a learner's file
imports from its own folder are read too.
"""
import ast
import io
import os
import stat
import tokenize
from dataclasses import dataclass
from pathlib import Path

from .exercise import Allowed

# The graded file and the files it imports, together: 40 times the longest answer file. The check
# runs in the grader, where no time limit holds, so what it reads must be bounded as a whole.
MAX_SOURCE_BYTES = 64 << 10
BUILDS_OR_READS = {"exec", "eval", "compile", "__import__", "open", "globals", "locals", "vars",
                   "breakpoint"}
INTERNALS = {"__globals__", "__code__", "__closure__", "__builtins__", "__subclasses__",
             "__bases__", "__base__", "__mro__", "__traceback__", "__loader__", "__spec__",
             "__import__", "tb_frame", "tb_next", "f_back", "f_globals", "f_locals", "f_builtins",
             "f_code", "gi_frame", "cr_frame", "ag_frame", "_getframe", "ctypeslib", "tofile"}
NUMPY_FILES = {"load", "loadtxt", "genfromtxt", "fromfile", "fromregex", "memmap", "save", "savez",
               "savez_compressed", "savetxt", "DataSource"}


@dataclass
class Finding:
    """What the learner's file uses that the exercise rules out, and where."""
    file: str
    line: int
    code: str
    says: str

    def message(self) -> str:
        return f"{self.says} ({self.file} line {self.line}: {self.code})"


class FileProblem(Exception):
    """The learner's file cannot be read as Python source (missing, not a plain file, too large,
    a syntax error)."""


def read_source(path: Path, limit: int = MAX_SOURCE_BYTES) -> bytes:
    """The text of a learner's file, refusing what is not a plain file (a named pipe would block,
    a link could point anywhere) and what is over `limit` bytes, before opening it."""
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        raise FileProblem(f"{path.name} does not exist in {path.parent}") from None
    except OSError as error:
        raise FileProblem(f"{path.name} cannot be read: {error.strerror}") from None
    if stat.S_ISLNK(status.st_mode):
        raise FileProblem(f"{path.name} is a symbolic link; hand in the file itself")
    if not stat.S_ISREG(status.st_mode):
        raise FileProblem(f"{path.name} is not a plain file (a named pipe, a folder or a device)")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise FileProblem(f"{path.name} cannot be read: {error.strerror}") from None
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise FileProblem(f"{path.name} is not a plain file")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise FileProblem(f"{path.name} takes more than is left of the {MAX_SOURCE_BYTES} bytes "
                          f"that a graded file and the files it imports may hold together")
    return data


def parse(path: Path, limit: int = MAX_SOURCE_BYTES) -> tuple:
    """(tree, lines, size in bytes) of a learner's file, read from its bytes exactly as the
    interpreter reads them: a coding declaration (utf-7 can spell `exec` in base64) changes what
    both see."""
    data = read_source(path, limit)
    try:
        encoding = tokenize.detect_encoding(io.BytesIO(data).readline)[0]
        return (ast.parse(data, filename=path.name), data.decode(encoding, "replace").splitlines(),
                len(data))
    except SyntaxError as error:
        where = f" (line {error.lineno}: {(error.text or '').strip()})" if error.lineno else ""
        raise FileProblem(f"{path.name} has a syntax error: {error.msg}{where}") from None
    except (ValueError, RecursionError, MemoryError) as error:
        raise FileProblem(f"{path.name} cannot be parsed: {type(error).__name__}") from None


def check(folder: Path, filename: str, exercise_name: str, allowed: Allowed) -> "Finding | None":
    """The first Finding in the learner's file or the sibling files it imports, or None.
    Raises FileProblem if the graded file itself cannot be read."""
    queue, seen, left = [filename], set(), MAX_SOURCE_BYTES
    while queue:
        name = queue.pop(0)
        if name in seen:
            continue
        seen.add(name)
        try:
            tree, lines, size = parse(folder / name, left)
            left -= size
        except FileProblem as problem:
            if name == filename or "syntax error" not in str(problem):
                raise FileProblem(str(problem) + ("" if name == filename else
                                                  f" (it is imported by {filename})")) from None
            continue    # a helper's syntax error shows where it is imported, with its line
        visitor = _Visitor(name, lines, exercise_name, allowed, folder)
        try:
            visitor.visit(tree)
        except RecursionError:
            raise FileProblem(f"{name} is nested too deeply to be read") from None
        if visitor.finding:
            return visitor.finding
        queue += visitor.siblings
    return None


class _Visitor(ast.NodeVisitor):
    """Finds the first use of what the policy rules out. A policy without a module list
    (Allowed.modules is None) rules out only the grader's own code."""

    def __init__(self, filename, lines, exercise_name, allowed, folder):
        self.filename, self.lines, self.allowed, self.folder = filename, lines, allowed, folder
        self.exercise_name = exercise_name
        self.finding, self.siblings, self.numpy_names = None, [], set()
        self.strict = allowed.modules is not None

    def report(self, node, says):
        if self.finding is None:
            line = getattr(node, "lineno", 0)
            code = self.lines[line - 1].strip()[:120] if 0 < line <= len(self.lines) else ""
            self.finding = Finding(self.filename, line, code, says)

    def module(self, node, dotted):
        top = dotted.partition(".")[0]
        if dotted == "minigrad.grading" or dotted.startswith("minigrad.grading."):
            self.report(node, f"{self.exercise_name} may not use the grader's own code")
        elif top == "minigrad" and not self.allowed.minigrad:
            self.report(node, f"{self.exercise_name} asks for the equations in NumPy; minigrad is "
                              f"not available while it is graded")
        elif self._is_sibling(top):
            self.siblings.append(top + ".py")
        elif self.allowed.modules is not None and top not in self.allowed.modules:
            self.report(node, f"{self.exercise_name} may use {self.allowed.description}; "
                              f"`{top}` is not available while it is graded")
        return top

    def _is_sibling(self, name):
        return os.path.lexists(self.folder / f"{name}.py")

    def visit_Import(self, node):
        for alias in node.names:
            if self.module(node, alias.name) == "numpy":
                self.numpy_names.add((alias.asname or alias.name).partition(".")[0])

    def visit_ImportFrom(self, node):
        if node.level == 0 and node.module:
            if self.module(node, node.module) == "numpy" and self.strict:
                for alias in node.names:
                    if alias.name in NUMPY_FILES | INTERNALS:
                        self.report(node, self._numpy_files_says(alias.name))

    def visit_Call(self, node):
        if self.strict and isinstance(node.func, ast.Name) and node.func.id in BUILDS_OR_READS:
            self.report(node, f"`{node.func.id}` is not allowed in graded files: graded code is "
                              f"the code itself, reading no files and building no code")
        self.generic_visit(node)

    def visit_Name(self, node):
        if self.strict and node.id in INTERNALS:
            self.report(node, f"`{node.id}` reaches into the interpreter; graded code needs none "
                              f"of it")

    def visit_Attribute(self, node):
        if self.strict and node.attr in INTERNALS:
            self.report(node, f"`.{node.attr}` reaches into the interpreter; graded code needs "
                              f"none of it")
        elif self.strict and node.attr in NUMPY_FILES and isinstance(node.value, ast.Name) \
                and node.value.id in self.numpy_names:
            self.report(node, self._numpy_files_says(node.attr))
        self.generic_visit(node)

    def visit_Constant(self, node):
        if self.strict and isinstance(node.value, str) and node.value in INTERNALS:
            self.report(node, f"the name {node.value!r} reaches into the interpreter; graded code "
                              f"needs none of it")

    def _numpy_files_says(self, name):
        return f"`{name}` reads or writes files (or foreign memory); graded functions work on " \
               f"their arguments only"
