"""Submissions that attack the grader, one or more per class of attack, graded as a learner's would
be: each test states the exact points and status every affected exercise gets, and that no process
the submission started is still running afterwards.

Most attacks reach os, sys and libc through numpy.ctypeslib (see grading_helpers.py), past the
static check, so that what is tested is the runtime defence: the verdict computed outside the
learner's process, the sandbox, the limits, the import guard and the kill of everything a learner's
process started. Where the sandbox cannot be built the attacks run without it ("off"); the few
that only the sandbox stops are marked so.
"""
import base64
import csv
import importlib.util
import json
import os
import py_compile
import shutil
import subprocess
import sys
import textwrap
import time
import xml.etree.ElementTree as ElementTree
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from grading_helpers import (CTYPES, LIBC, OS, SOLUTIONS, SYS, marker, name_process,
                             processes_named, submission)
from minigrad.grading import BY_NAME, EXERCISES, Grader, Limits, report
from minigrad.grading import pool
from minigrad.grading.child import wire
from minigrad.grading.exercise import Allowed, call_on_copies
from minigrad.grading.pool import ForkServer, SandboxUnavailable, SpawnWorker

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the process checks read Linux's /proc")
LIMITS = Limits(time_limit=2.0, memory_mb=256)
TOTAL = sum(exercise.max_points for exercise in EXERCISES)
MODES = ("auto", "off")


@pytest.fixture(scope="module")
def graders():
    made = {}

    def get(mode):
        if mode not in made:
            made[mode] = Grader(jobs=2, sandbox=mode, limits=LIMITS)
        return made[mode]
    yield get
    for grader in made.values():
        grader.close()


def sandboxed(grader) -> bool:
    return grader.sandbox_report()[0]


def hostile(folder, file, top="", edits=()):
    """The solutions, with `top` run when `file` is imported and `edits` made to it."""
    top = textwrap.dedent(top)
    return submission(folder, {file: [("import numpy as np\n", "import numpy as np\n" + top),
                                      *edits]})


def grade(grader, folder, *files):
    names = [e.name for e in EXERCISES if e.file in files] if files else [e.name for e in EXERCISES]
    return {r.exercise: r for r in grader.grade_folder(folder, [BY_NAME[n] for n in names])}


def forged_frame(header: dict = None, payload: int = 0) -> str:
    """Python source for the bytes of an answer frame: a JSON header and `payload` zero bytes."""
    header = json.dumps(header or {"outcomes": [{"value": 1200, "after": None}], "points": 1200,
                                   "sizes": []})
    return (f"b'MGW1' + ({len(header)}).to_bytes(4, 'little') + ({payload}).to_bytes(8, 'little') "
            f"+ {header.encode()!r} + bytes({payload})")


def sent_alone(frame: str) -> str:
    """Learner code that writes `frame` on every pipe it holds, then exits before the harness
    can answer: the grader reads only what the learner forged."""
    return f"""
        _os = {OS}
        for _fd in range(3, 12):
            try:
                _os.write(_fd, {frame})
            except OSError:
                pass
        _os._exit(0)
        """


def array_tree(buffer: int, dtype: str, shape: list) -> dict:
    return {"t": "array", "buffer": buffer, "dtype": dtype, "shape": shape}


LSTM_RETURNS_0S = ("    return o * np.tanh(c), c", "    return np.zeros_like(c), np.zeros_like(c)")
# name: (file, code run when it is imported, edits,
#        {exercise: (points, statuses, a phrase of the message)}, the sandbox modes it runs in)
ATTACKS = {
    "forged verdict files, forged answer frames, a forged frame at exit": (
        "ex08_lstm_cell.py", f"""
        _os = {OS}
        for _name in ("result.json", "../result.json", "/submission/result.json"):
            try:
                _fd = _os.open(_name, 0o101, 0o644)
                _os.write(_fd, b'{{"exercise": "lstm_cell", "points": 1200, "status": "passed"}}')
                _os.close(_fd)
            except OSError:
                pass
        _forged = {forged_frame()}
        for _fd in range(3, 12):
            try:
                _os.write(_fd, _forged)
            except OSError:
                pass
        _real_exit = _os._exit
        def _exit_again(code):
            for _fd in range(3, 12):
                try:
                    _os.write(_fd, _forged)
                except OSError:
                    pass
            _real_exit(code)
        _os._exit = _exit_again
        """, [LSTM_RETURNS_0S], {"lstm_cell": (0, {"crashed"}, "cannot be read")}, MODES),
    "a forged frame sent alone, then exit before the real answer": (
        "ex08_lstm_cell.py", f"""
        _os = {OS}
        def _forge():
            for fd in range(3, 12):
                try:
                    _os.write(fd, {forged_frame()})
                except OSError:
                    pass
            _os._exit(0)
        """, [("    z = x @ W_x.T", "    _forge()\n    z = x @ W_x.T")],
        {"lstm_cell": (0, {"failed", "crashed"}, "")}, MODES),
    "patched NumPy comparisons and a patched tanh": (
        "ex08_lstm_cell.py", """
        for _name in ("allclose", "isclose", "array_equal", "all", "any"):
            setattr(np, _name, lambda *args, **kwargs: True)
        np.testing.assert_allclose = lambda *args, **kwargs: None
        np.tanh = lambda z, *args, **kwargs: np.zeros_like(z)
        """, [], {"lstm_cell": (0, {"failed"}, "differs from expected")}, MODES),
    "an answer that reads the grader's stack from __array__": (
        "ex08_lstm_cell.py", f"""
        class _Spy:
            def __init__(self, shape):
                self.shape = shape
            def __array__(self, dtype=None, copy=None):
                frame = getattr({SYS}, "_get" + "frame")()
                while frame is not None:
                    seen = getattr(frame, "f_" + "locals"), getattr(frame, "f_" + "globals")
                    for value in list(seen[0].values()) + list(seen[1].values()):
                        if isinstance(value, np.ndarray) and value.shape == self.shape \\
                                and value.dtype == np.float64:
                            return value
                    frame = getattr(frame, "f_" + "back")
                return np.zeros(self.shape)
        """, [("    return o * np.tanh(c), c", "    return _Spy(c.shape), _Spy(c.shape)")],
        {"lstm_cell": (0, {"failed"}, "differs from expected")}, MODES),
    "inputs overwritten in place before answering": (
        "ex08_lstm_cell.py", "", [("    z = x @ W_x.T", "    for a in (x, h_prev, c_prev, W_x, W_h, b):\n"
                                                        "        a[...] = 0\n    z = x @ W_x.T")],
        {"lstm_cell": (0, {"failed"}, "differs from expected")}, MODES),
    "minigrad imported at run time, past the static check": (
        "ex08_lstm_cell.py", f"""
        _mg = getattr({SYS}.modules["builtins"], "__imp" + "ort__")("mini" + "grad")
        """, [], {"lstm_cell": (0, {"not allowed"},
                                "minigrad is not available while it is graded")}, MODES),
    "minigrad imported through the C API": (
        "ex08_lstm_cell.py", f"""
        _api = {CTYPES}.pythonapi
        _api.PyImport_ImportModule.restype = {CTYPES}.py_object
        _nn = _api.PyImport_ImportModule(b"minigrad.nn")
        """, [], {"lstm_cell": (0, {"not allowed"}, "minigrad is not available")}, MODES),
    "scipy imported at run time": (
        "ex09_gru_cell.py", f"""
        _special = getattr({SYS}.modules["builtins"], "__imp" + "ort__")("scipy.special")
        """, [], {"gru_cell": (0, {"not allowed"}, "`scipy` is not available")}, MODES),
    "the grader's own references imported at run time": (
        "ex08_lstm_cell.py", f"""
        _checks = getattr({SYS}.modules["builtins"], "__imp" + "ort__")(
            "minigrad.grading.checks.ex08_lstm_cell")
        """, [], {"lstm_cell": (0, {"not allowed"}, "minigrad is not available")}, MODES),
    "the import guard removed, then minigrad imported": (
        "ex08_lstm_cell.py", f"""
        {SYS}.meta_path.pop(0)
        _mg = getattr({SYS}.modules["builtins"], "__imp" + "ort__")("mini" + "grad")
        """, [], {"lstm_cell": (0, {"import error"}, "No module named 'minigrad'")}, ("auto",)),
    "the import guard removed, then torch, scipy and minigrad imported": (
        "ex06_rnn_and_bptt.py", f"""
        {SYS}.meta_path.pop(0)
        _found = []
        for _name in ("torch", "scipy", "minigrad", "jupyter_core", "tqdm"):
            try:
                getattr({SYS}.modules["builtins"], "__imp" + "ort__")(_name)
                _found.append(_name)
            except ImportError:
                pass
        raise ValueError("importable: " + ", ".join(_found))
        """, [], {"rnn_step": (0, {"import error"}, "importable: tqdm ("),
                  "rnn_bptt": (0, {"import error"}, "importable: tqdm (")}, ("auto",)),
    "signals sent to the worker, which is PID 1 of the namespace": (
        "ex07_gradient_flow.py", f"""
        for _signal in (1, 2, 3, 10, 12, 15, 9, 19):
            for _pid in (1, {OS}.getppid()):
                try:
                    {OS}.kill(_pid, _signal)
                except OSError:
                    pass
        """, [], {"gradient_norms_through_time": (2, {"passed"}, ""),
                  "clip_by_global_norm": (1, {"passed"}, "")}, ("auto",)),
    "the solutions read and exec'd": (
        "ex08_lstm_cell.py", f"""
        _os = {OS}
        for _path in ({str(SOLUTIONS / 'ex08_lstm_cell.py')!r}, "../solutions/ex08_lstm_cell.py",
                      "/work/main/solutions/ex08_lstm_cell.py"):
            try:
                _fd = _os.open(_path, 0)
            except OSError:
                continue
            _source = _os.read(_fd, 1 << 20).decode()
            getattr({SYS}.modules["builtins"], "ex" + "ec")(_source)
            break
        """, [("    z = x @ W_x.T", "    raise NotImplementedError\n    z = x @ W_x.T")],
        {"lstm_cell": (0, {"not started"}, "write `lstm_cell`")}, ("auto",)),
    "exit from a function, and os._exit": (
        "ex02_backward_rules.py", "", [("    y = np.tanh(x)\n", "    raise SystemExit(0)\n"),
                                       ("    return upstream * b, upstream * a", f"    {OS}._exit(0)")],
        {"tanh_backward": (0, {"error"}, "called exit(); a graded function returns"),
         "mul_backward": (0, {"crashed"}, "exit status 0 inside mul_backward, without an answer")},
        MODES),
    "exit while being imported": (
        "ex09_gru_cell.py", "raise SystemExit(3)\n", [],
        {"gru_cell": (0, {"error"}, "called exit() while being imported")}, MODES),
    "a segmentation fault": (
        "ex10_bidirectional.py", "", [("    forward, h = [], h0_forward",
                                       f"    {CTYPES}.string_at(0)\n    forward, h = [], h0_forward")],
        {"bidirectional": (0, {"crashed"}, "killed by SIGSEGV")}, MODES),
    "an infinite loop at import": (
        "ex06_rnn_and_bptt.py", "while True:\n    pass\n", [],
        {"rnn_step": (0, {"timeout"}, "while importing ex06_rnn_and_bptt.py"),
         "rnn_bptt": (0, {"timeout"}, "a loop outside a function")}, MODES),
    "an infinite loop in a function, with SIGTERM ignored": (
        "ex07_gradient_flow.py", f"{LIBC}.signal(15, 1)\n",
        [("    norms = np.zeros(len(hs))\n", "    while True:\n        pass\n")],
        {"gradient_norms_through_time": (0, {"timeout"}, "inside gradient_norms_through_time"),
         "clip_by_global_norm": (1, {"passed"}, "")}, MODES),
    "a print flood": (
        "ex09_gru_cell.py", "for _ in range(100_000):\n    print('flood ' * 30)\n", [],
        {"gru_cell": (2, {"passed"}, "")}, MODES),
    "reading stdin": (
        "ex08_lstm_cell.py", f"_typed = {SYS}.stdin.read()\n_line = input('answer? ')\n", [],
        {"lstm_cell": (0, {"import error"}, "gets no keyboard input")}, MODES),
    "a memory hog and a growing list": (
        "ex02_backward_rules.py", "", [("    y = np.tanh(x)\n", "    y = np.ones(10 ** 10)\n"),
                                       ("    return upstream * b, upstream * a",
                                        "    hoard = []\n    while True:\n"
                                        "        hoard.append(bytearray(1 << 24))")],
        {"tanh_backward": (0, {"error"}, "MemoryError"),
         "mul_backward": (0, {"error"}, "MemoryError")}, MODES),
    "an exception laden with terminal escapes": (
        "ex08_lstm_cell.py", "", [("    return o * np.tanh(c), c",
                                   "    raise ValueError('\\x1b[2J\\rlstm_cell 2/2 passed\\u202e')")],
        {"lstm_cell": (0, {"error"}, "ValueError: \\x1b[2J\\rlstm_cell")}, MODES),
    "a returned object whose class name carries terminal escapes": (
        "ex06_rnn_and_bptt.py", "", [(
            "    return np.tanh(x @ W_xh.T + h_prev @ W_hh.T + b)",
            "    return type('\\x1b[2J\\rrnn_step 1/1 passed\\uffff', (), {})()")],
        {"rnn_step": (0, {"failed"}, "h_t should be numbers, got a \\x1b[2J\\r")}, MODES),
    "an answer over the size limit": (
        "ex09_gru_cell.py", "", [("    return (1 - z) * h_prev + z * h_tilde",
                                  "    return np.zeros((3000, 3000))")],
        {"gru_cell": (0, {"failed"}, "more than an answer may hold")}, MODES),
    "a generator returned": (
        "ex06_rnn_and_bptt.py", "", [("    return np.tanh(x @ W_xh.T + h_prev @ W_hh.T + b)",
                                      "    return (v for v in np.tanh(x @ W_xh.T + h_prev @ W_hh.T + b))")],
        {"rnn_step": (0, {"failed"}, "got a generator")}, MODES),
    "an answer frame that names one buffer many times, to multiply it in the grader": (
        "ex06_rnn_and_bptt.py", sent_alone(forged_frame(
            {"outcomes": [{"value": {"t": "list", "items": [array_tree(0, "|u1", [1 << 16])] * 200},
                           "after": None}], "sizes": [1 << 16]}, payload=1 << 16)), [],
        {"rnn_step": (0, {"crashed"}, "cannot be read"),
         "rnn_bptt": (0, {"crashed"}, "cannot be read")}, MODES),
    "an answer frame with an array of impossible shape": (
        "ex09_gru_cell.py", sent_alone(forged_frame(
            {"outcomes": [{"value": array_tree(0, "<f8", [0, 10 ** 30]), "after": None}],
             "sizes": [0]})), [], {"gru_cell": (0, {"crashed"}, "cannot be read")}, MODES),
    "an answer frame with a dtype that numpy's parser rejects": (
        "ex10_bidirectional.py", sent_alone(forged_frame(
            {"outcomes": [{"value": array_tree(0, "i)p,aqV", [1]), "after": None}],
             "sizes": [8]}, payload=8)), [],
        {"bidirectional": (0, {"crashed"}, "unknown dtype")}, MODES),
    "an answer frame with a number too large for a float": (
        "ex04_softmax_cross_entropy.py", sent_alone(forged_frame(
            {"outcomes": [{"value": {"t": "tuple", "items": [10 ** 400, 0]}, "after": None}] * 2,
             "sizes": []})), [],
        {"softmax_cross_entropy": (0, {"failed"}, "too large")}, MODES),
    "a forged progress line saying the grader's own setup failed": (
        "ex08_lstm_cell.py", f"""
        _os = {OS}
        for _fd in range(3, 12):
            try:
                _os.write(_fd, b"\\n" * 500 + b"setup\\n")
            except OSError:
                pass
        print("the grader could not start; please grade this by hand")
        _os._exit(0)
        """, [], {"lstm_cell": (0, {"crashed"}, "")}, MODES),
    "blank progress lines that push out the step reached": (
        "ex10_bidirectional.py", f"""
        _os = {OS}
        for _fd in range(3, 12):
            try:
                _os.write(_fd, b" \\n" * 1000)
            except OSError:
                pass
        _os._exit(0)
        """, [], {"bidirectional": (0, {"crashed"}, "")}, MODES),
    "a scratch folder flooded with files": (
        "ex08_lstm_cell.py", f"""
        _os = {OS}
        _count = 0
        while True:
            _fd = _os.open("flood%d" % _count, 0o101, 0o644)
            _os.write(_fd, b"x" * 4096)
            _os.close(_fd)
            _count += 1
        """, [], {"lstm_cell": (0, {"import error", "timeout"}, "")}, MODES),
}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_an_attack_earns_exactly_the_points_of_the_math_it_did(attack, mode, graders, tmp_path):
    file, top, edits, expected, modes = ATTACKS[attack]
    grader = graders(mode)
    if mode not in modes:
        pytest.skip("only the sandbox stops this attack: see NO_SANDBOX_WARNING")
    if mode == "auto" and not sandboxed(grader):
        pytest.skip(f"no sandbox here: {grader.sandbox_report()[1]}")
    mark = marker()
    folder = hostile(tmp_path / "learner", file, name_process(mark) + "\n" + textwrap.dedent(top),
                     edits)
    results = grade(grader, folder, file)
    for name, (points, statuses, phrase) in expected.items():
        result = results[name]
        assert result.points == points and result.status in statuses, result.line()
        assert phrase in result.message, result.line()
        assert not set(result.line()) & {"\x1b", "\r", "\u202e", "\uffff"}, result.line()
    for name, result in results.items():
        if name not in expected:
            assert result.passed, result.line()
    assert not list(folder.rglob("result.json")) and not list(tmp_path.glob("result.json"))
    assert processes_named(mark) == []


def test_shared_memory_left_by_one_exercise_is_gone_before_the_next(tmp_path):
    """System V shared memory outlives the process that made it, and no memory limit counts it:
    an exercise could leave gigabytes behind, for the rest of the batch. Here the two exercises of
    one file run one after the other on a single worker; the second must not find the first's."""
    folder = hostile(tmp_path, "ex02_backward_rules.py", f"""
        _libc = {LIBC}
        if _libc.shmget(0x4d475254, 0, 0) >= 0:
            raise ValueError("shared memory left by the previous exercise")
        _libc.shmget(0x4d475254, 1 << 20, 0o1600)
        """)
    with Grader(jobs=1, limits=LIMITS) as grader:
        if not sandboxed(grader):
            pytest.skip(f"no sandbox here (without it, the segment would outlive the test): "
                        f"{grader.sandbox_report()[1]}")
        results = grade(grader, folder, "ex02_backward_rules.py")
    assert [(r.points, r.status) for r in results.values()] == [(1, "passed")] * 2, \
        [r.line() for r in results.values()]


@pytest.mark.parametrize("mode", MODES)
def test_should_memory_run_short_the_kernel_ends_a_learner_s_process_first(mode, graders, tmp_path):
    """The memory limit holds per process; together, a learner's processes (and the shared memory
    they hold) can take more. Then the kernel's OOM killer must end theirs, not the grader or the
    instructor's other programs: every learner process carries the highest oom_score_adj."""
    mark = marker()
    folder = hostile(tmp_path, "ex09_gru_cell.py",
                     name_process(mark) + f"\n{LIBC}.usleep(800_000)\n")
    with ThreadPoolExecutor(1) as background:
        grading = background.submit(grade, graders(mode), folder, "ex09_gru_cell.py")
        deadline, found = time.monotonic() + 10, []
        while not found and time.monotonic() < deadline:
            found = processes_named(mark, wait=0)
        adjustments = [Path(f"/proc/{pid}/oom_score_adj").read_text().strip() for pid in found]
        (result,) = grading.result().values()
    assert result.passed, result.line()
    assert adjustments == ["1000"], adjustments


def test_a_print_flood_keeps_only_the_start_of_the_output(graders, tmp_path):
    folder = hostile(tmp_path, "ex09_gru_cell.py", "for _ in range(50_000):\n    print('flood ' * 30)\n")
    (result,) = grade(graders("auto"), folder, "ex09_gru_cell.py").values()
    assert result.passed and result.output.startswith("flood") and len(result.output) <= 2000


def test_a_learner_s_text_keeps_every_report_well_formed(graders, tmp_path):
    """Characters XML 1.0 forbids (U+FFFE, U+FFFF, control characters), printed, raised or put in
    a class name, reach the reports escaped: the JUnit XML of the class still parses."""
    folder = hostile(tmp_path, "ex06_rnn_and_bptt.py", "print('\\uffff\\ufffe\\x07 printed')\n", [
        ("    return np.tanh(x @ W_xh.T + h_prev @ W_hh.T + b)",
         "    return type('\\uffff\\x1b[1m', (), {})()"),
        ("    hs = [h0]\n", "    raise ValueError('\\ufffe raised')\n")])
    results = list(grade(graders("auto"), folder, "ex06_rnn_and_bptt.py").values())
    assert [(r.exercise, r.points, r.status) for r in results] == [("rnn_step", 0, "failed"),
                                                                  ("rnn_bptt", 0, "error")]
    assert "\\uffff\\x1b[1m" in results[0].message and "\\ufffe raised" in results[1].message
    assert results[0].output.startswith("\\uffff\\ufffe\\x07 printed")
    junit = ElementTree.fromstring(report.as_junit({"learner": results}))
    assert len(junit.findall(".//testcase")) == 2


def test_plain_attacks_are_refused_before_anything_runs(graders, tmp_path):
    """What an attack looks like without obfuscation: the static check names it, with its line."""
    attacks = {
        "exec(open('../solutions/ex08_lstm_cell.py').read())": "`exec` is not allowed",
        "import atexit": "`atexit` is not available",
        "import sys\nsys.modules['numpy'].allclose = None": "`sys` is not available",
        "from minigrad.grading import judge": "may not use the grader's own code",
        "import minigrad.nn as nn": "minigrad is not available while it is graded",
        "from scipy.special import expit": "`scipy` is not available",
        "data = np.load('/etc/passwd')": "`load` reads or writes files",
        "grab = sigmoid.__globals__": "`.__globals__` reaches into the interpreter",
        "spy = getattr(np, 'f_back', None)": "reaches into the interpreter",
        "lib = np.ctypeslib": "`.ctypeslib` reaches into the interpreter",
        "os = __import__('os')": "`__import__` is not allowed",
    }
    grader = graders("auto")
    for index, (code, phrase) in enumerate(attacks.items()):
        folder = hostile(tmp_path / str(index), "ex08_lstm_cell.py", code + "\n")
        (result,) = grade(grader, folder, "ex08_lstm_cell.py").values()
        assert result.status == "not allowed" and result.points == 0, (code, result.line())
        assert phrase in result.message and "ex08_lstm_cell.py line 7" in result.message, (
            code, result.line())


def test_what_the_static_check_reads_is_what_the_interpreter_runs(graders, tmp_path):
    """A utf-7 coding declaration can spell `exec` in base64; a deeply nested expression can
    exhaust the checker's recursion. Neither gets past it, nor is a grader error."""
    source = (SOLUTIONS / "ex08_lstm_cell.py").read_text().replace("+", "+-")
    hidden_exec = "+" + base64.b64encode("exec".encode("utf-16-be")).decode().rstrip("=") + "-"
    folder = submission(tmp_path)
    (folder / "ex08_lstm_cell.py").write_bytes(("# -*- coding: utf-7 -*-\n" + source.replace(
        "import numpy as np\n", f"import numpy as np\n{hidden_exec}('x = 1')\n")).encode("ascii"))
    with (folder / "ex09_gru_cell.py").open("a") as handle:
        handle.write("deep = np" + ".T" * 20_000 + "\n")
    results = grade(graders("auto"), folder, "ex08_lstm_cell.py", "ex09_gru_cell.py")
    assert results["lstm_cell"].status == "not allowed" and "`exec`" in results["lstm_cell"].message
    assert results["gru_cell"].status == "import error" and results["gru_cell"].points == 0


def test_the_static_check_reads_a_bounded_amount_of_source(graders, tmp_path):
    """The static check runs in the grader, where no time limit holds: a chain of helper files, each
    under the size limit of one file, made it parse 14 MB (40 s of the grader's time, for each
    exercise of the file). The graded file and what it imports are read up to a total."""
    helpers = {f"helper{i}.py": f"import helper{i + 1}\nx = [{', '.join(['1'] * 8_000)}]\n"
               for i in range(3)}
    helpers["helper3.py"] = "y = 1\n"
    folder = submission(tmp_path, {"ex08_lstm_cell.py": [
        ("import numpy as np\n", "import numpy as np\nimport helper0\n")]}, helpers)
    (result,) = grade(graders("auto"), folder, "ex08_lstm_cell.py").values()
    assert result.status == "import error" and result.points == 0, result.line()
    assert "helper2.py" in result.message and "imported by ex08_lstm_cell.py" in result.message


@pytest.mark.parametrize("mode", MODES)
def test_a_bytecode_cache_handed_in_is_never_run(mode, graders, tmp_path):
    """A .pyc in __pycache__ compiled with an unchecked hash is imported whatever the source says:
    the static check would read one program and the learner's process run another. Graded files
    and the helpers they import run from their source."""
    folder = submission(tmp_path / "learner",
                        files={"gates.py": "def logistic(z):\n    return 0.5\n"})
    edits = [("import numpy as np\n", "import numpy as np\nfrom gates import logistic\n")]
    submission(folder, {"ex09_gru_cell.py": edits})
    hidden = tmp_path / "hidden.py"
    hidden.write_text("raise ValueError('the bytecode ran, not the source')\n")
    for name in ("ex08_lstm_cell.py", "gates.py"):
        py_compile.compile(str(hidden), cfile=importlib.util.cache_from_source(str(folder / name)),
                           invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
    results = grade(graders(mode), folder, "ex08_lstm_cell.py", "ex09_gru_cell.py")
    assert [(r.points, r.status) for r in results.values()] == [(2, "passed")] * 2, \
        [r.line() for r in results.values()]


def test_memorised_answers_for_a_known_seed_score_nothing_on_fresh_inputs(graders, tmp_path):
    exercise, grader = BY_NAME["lstm_cell"], graders("auto")
    seed = 12345
    (case,) = exercise.cases(np.random.default_rng(seed))
    h, c = call_on_copies(exercise.reference, case.args)
    memorised = (f"    if x.shape == {case.args[0].shape} and np.allclose(x, {case.args[0].tolist()}):\n"
                 f"        return np.array({h.tolist()}), np.array({c.tolist()})\n"
                 f"    return np.array({h.tolist()}), np.array({c.tolist()})")
    folder = submission(tmp_path, {"ex08_lstm_cell.py": [("    z = x @ W_x.T", memorised + "\n    z = x @ W_x.T")]})
    assert grader.grade(exercise, folder, seed=seed).passed    # the memorised case, on request
    fresh = [grader.grade(exercise, folder) for _ in range(3)]
    assert all(r.points == 0 and r.status == "failed" and r.seed != seed for r in fresh), \
        [r.line() for r in fresh]


def test_a_device_node_handed_in_cannot_be_opened_in_the_sandbox(graders, tmp_path):
    """tar, run as root, recreates the device nodes an archive holds: a learner's "b 8 0" would be
    the instructor's disk, readable around every mount. Here the node is a harmless /dev/zero; the
    learner's folder is mounted without devices (and without setuid or executables)."""
    if not hasattr(os, "mknod") or os.geteuid() != 0:
        pytest.skip("only root makes device nodes, as tar does when root extracts an archive")
    grader = graders("auto")
    if not sandboxed(grader):
        pytest.skip(f"no sandbox here: {grader.sandbox_report()[1]}")
    folder = hostile(tmp_path, "ex09_gru_cell.py", f"""
        _os = {OS}
        try:
            _device = _os.open("/submission/disk", 0)
        except OSError:
            _device = None
        if _device is not None:
            raise ValueError("read through a device node: %r" % _os.read(_device, 4))
        """)
    os.mknod(folder / "disk", 0o20666, os.makedev(1, 5))
    (result,) = grade(grader, folder, "ex09_gru_cell.py").values()
    assert result.passed, result.line()


def test_a_course_kept_inside_a_system_folder_is_hidden_too(tmp_path, monkeypatch):
    """The sandbox shows /usr, /lib, /bin whole; a course checked out beneath one (/usr/src/app, as
    many container images do) would show its solutions/ and minigrad to the learner. Here
    /usr/share/doc stands for such a course."""
    stand_in = Path("/usr/share/doc")
    if not stand_in.is_dir() or not any(stand_in.iterdir()):
        pytest.skip("no /usr/share/doc to stand for a course inside /usr")
    monkeypatch.setattr(pool, "COURSE_ROOT", stand_in)
    folder = hostile(tmp_path, "ex09_gru_cell.py", f"""
        _os = {OS}
        if _os.path.isdir("/usr") and _os.listdir({str(stand_in)!r}):
            raise ValueError("the course is visible")
        """)
    with Grader(limits=LIMITS) as grader:
        if not sandboxed(grader):
            pytest.skip(f"no sandbox here: {grader.sandbox_report()[1]}")
        (result,) = grade(grader, folder, "ex09_gru_cell.py").values()
    assert result.passed, result.line()


def test_the_sandbox_hides_the_course_the_network_and_other_submissions(tmp_path):
    """What a learner's process can see, asked directly through a worker."""
    probe = textwrap.dedent(f"""
        import numpy as np
        def look(paths):
            os, sys = {OS}, {SYS}
            seen = [float(os.path.exists(p)) for p in paths]
            writes = []
            for target in ("/usr/lib/planted", "/submission/planted", "/scratch/planted"):
                try:
                    os.close(os.open(target, 0o101, 0o644))
                    writes.append(1.0)
                except OSError:
                    writes.append(0.0)
            socket = getattr(sys.modules["builtins"], "__imp" + "ort__")("socket")
            try:
                socket.create_connection(("1.1.1.1", 53), timeout=1)
                network = 1.0
            except OSError:
                network = 0.0
            return np.array(seen + writes + [network, float(os.getppid()), float(os.getuid())])
        """)
    (tmp_path / "alice").mkdir()
    (tmp_path / "alice" / "probe.py").write_text(probe)
    (tmp_path / "bob").mkdir()
    (tmp_path / "bob" / "secret.py").write_text("answer = 42\n")
    worker = ForkServer("auto")
    try:
        if not worker.sandboxed:
            pytest.skip(f"no sandbox here: {worker.reason}")
        home_files = sorted(p for p in Path.home().iterdir() if p.is_file())
        paths = [str(SOLUTIONS), str(tmp_path / "bob" / "secret.py"),
                 str(home_files[0] if home_files else Path.home() / ".profile"),
                 str(Path(__file__).resolve()), "/proc/1", "/submission/probe.py"]
        buffers = []
        job = {"folder": str(tmp_path / "alice"), "file": "probe.py", "function": "look",
               "minigrad": "hidden", "cases": [wire.encode((paths,), buffers)],
               "policy": {"blocked": ["minigrad"], "allowed": None, "blocked_message": "",
                          "allowed_message": ""},
               "limits": {"time_limit": 10, "memory_mb": 256, "file_mb": 1, "open_files": 64,
                          "processes": 8}}
        reply = worker.run(job, buffers)
    finally:
        worker.close()
    header, answer_buffers = wire.unpack(reply.answer)
    seen = wire.decode(header["outcomes"][0]["value"], answer_buffers)
    *visible, usr, own_folder, scratch, network, parent, uid = seen
    assert visible == [0, 0, 0, 0, 0, 1], "only the learner's own folder is visible"
    assert (usr, own_folder, scratch) == (0, 0, 1), "only /scratch is writable"
    assert network == 0 and uid == 0
    assert parent == 1, "the learner's process lives in the worker's PID namespace"


def batch(submissions, tmp_path, mode, *extra, environment=None):
    grades = tmp_path / f"grades-{mode}.csv"
    done = subprocess.run([sys.executable, "-m", "minigrad.grading", "--batch", str(submissions),
                           "--csv", str(grades), "--sandbox", mode, "--time-limit", "2",
                           "--jobs", "2", *extra], capture_output=True, timeout=600,
                          env={**os.environ, **(environment or {})})
    done.stdout, done.stderr = (stream.decode(errors="replace")
                                for stream in (done.stdout, done.stderr))
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr
    return done, {row["submission"]: row for row in csv.DictReader(grades.open())}


@pytest.mark.parametrize("mode", MODES)
def test_daemons_and_forks_do_not_outlive_the_batch_or_touch_its_files(mode, tmp_path):
    """A submission that forks, detaches (setsid, double fork), and waits to rewrite the CSV; and
    one that forks many sleepers. The batch ends with none of them alive and the CSV intact."""
    mark = marker()
    submissions = tmp_path / "submissions"
    grades = tmp_path / f"grades-{mode}.csv"
    daemon = f"""
        _os = {OS}
        if _os.fork() == 0:
            _os.setsid()
            if _os.fork() == 0:
                {LIBC}.sleep(4)
                _fd = _os.open({str(grades)!r}, 0o1101, 0o644)
                _os.write(_fd, b"submission,total\\nmallory,20\\n")
                _os._exit(0)
            _os._exit(0)
        for _ in range(8):
            if _os.fork() == 0:
                while True:
                    {LIBC}.sleep(1)
        """
    hostile(submissions / "mallory", "ex08_lstm_cell.py", name_process(mark) + textwrap.dedent(daemon))
    submission(submissions / "alice")
    done, rows = batch(submissions, tmp_path, mode)
    assert processes_named(mark, wait=2.0) == []
    assert rows["mallory"]["lstm_cell"] == "2" and rows["mallory"]["total"] == f"{TOTAL:g}"
    assert rows["alice"]["total"] == f"{TOTAL:g}"
    assert ("WITHOUT a sandbox" in done.stderr) == (mode == "off")
    assert ("earn points it did not compute" in done.stderr) == (mode == "off")
    assert ("grading as root" in done.stderr) == (os.geteuid() == 0), "RLIMIT_NPROC spares root"


@pytest.mark.parametrize("mode", MODES)
def test_fifos_and_links_cannot_hang_or_misdirect_the_batch(mode, tmp_path):
    submissions = tmp_path / "submissions"
    piped = submission(submissions / "piped", {"ex09_gru_cell.py": [
        ("import numpy as np\n", "import numpy as np\nimport slow_helper\n")]})
    (piped / "ex08_lstm_cell.py").unlink()
    os.mkfifo(piped / "ex08_lstm_cell.py")
    os.mkfifo(piped / "slow_helper.py")
    linked = submission(submissions / "linked")
    (linked / "ex10_bidirectional.py").unlink()
    (linked / "ex10_bidirectional.py").symlink_to(SOLUTIONS / "ex10_bidirectional.py")
    os.mkfifo(submissions / "not-a-folder")
    done, rows = batch(submissions, tmp_path, mode)
    assert sorted(rows) == ["linked", "piped"]
    assert rows["piped"]["lstm_cell status"] == "import error"
    assert rows["piped"]["gru_cell status"] == "import error" and rows["piped"]["gru_cell"] == "0"
    assert rows["piped"]["total"] == f"{TOTAL - 4:g}"
    assert rows["linked"]["bidirectional status"] == "import error"
    assert rows["linked"]["total"] == f"{TOTAL - 1:g}"


@pytest.mark.parametrize("mode", MODES)
def test_a_linked_folder_earns_nothing_and_look_alike_names_keep_their_own_rows(mode, tmp_path):
    """In a batch, a submission that is a link to another learner's folder or to solutions/ is not
    graded; folders whose names print alike (a byte that is not UTF-8 and its escape typed out, a
    control character and its escape) each keep a row; a name that is not UTF-8 is graded."""
    submissions = tmp_path / "submissions"
    zeros = {"ex08_lstm_cell.py": [LSTM_RETURNS_0S]}
    submission(submissions / "alice")
    (submissions / "mallory").symlink_to(submissions / "alice")
    (submissions / "trudy").symlink_to(SOLUTIONS)
    submission(submissions / os.fsdecode(b"jos\xe9"))
    submission(submissions / "jos\\xe9", zeros)
    submission(submissions / "eve\x1b")
    submission(submissions / "eve\\x1b", zeros)
    json_path = tmp_path / "grades.json"
    done, rows = batch(submissions, tmp_path, mode, "--only", "lstm_cell", "--json", str(json_path))
    points = {name: (row["lstm_cell"], row["lstm_cell status"]) for name, row in rows.items()}
    assert len(points) == 7 and len(json.loads(json_path.read_text())["submissions"]) == 7
    assert points["alice"] == ("2", "passed")
    assert points["mallory"] == points["trudy"] == ("0", "import error")
    for name in ("jos\\xe9", "eve\\x1b"):
        assert sorted(v for k, v in points.items() if k.startswith(name)) == [
            ("0", "failed"), ("2", "passed")], points


def test_the_batch_api_refuses_a_link_however_its_path_is_written(tmp_path):
    (tmp_path / "trudy").symlink_to(SOLUTIONS)
    with Grader(limits=LIMITS) as grader:
        table = grader.grade_batch({"plain": tmp_path / "trudy", "slash": f"{tmp_path}/trudy/"},
                                   [BY_NAME["rnn_step"]])
        assert grader.pool.workers == [], "nothing of a link is graded"
    for (result,) in table.values():
        assert (result.points, result.status) == (0, "import error") and "link" in result.message


def test_reports_are_written_whole_whatever_the_locale(tmp_path):
    """Learners write in many languages; an instructor's shell may not speak UTF-8 (here ASCII).
    The JSON and JUnit files are UTF-8, and the printed report escapes what the terminal cannot
    show, instead of stopping at the first character it cannot encode."""
    submissions = tmp_path / "submissions"
    submission(submissions / "학생", {"ex08_lstm_cell.py": [
        ("    return o * np.tanh(c), c", "    raise ValueError('기울기가 사라졌다')")]})
    junit = tmp_path / "grades.xml"
    done, rows = batch(submissions, tmp_path, "auto", "--only", "lstm_cell", "--junit", str(junit),
                       "--format", "junit", environment={"LC_ALL": "C", "PYTHONUTF8": "0"})
    assert rows["학생"]["lstm_cell status"] == "error"
    for text in (junit.read_text(encoding="utf-8"), done.stdout):
        case = ElementTree.fromstring(text.encode("utf-8")).find(".//testcase/error")
        assert "기울기가 사라졌다" in case.text or "\\uae30" in case.text, case.text


def test_without_fork_each_exercise_runs_in_a_fresh_interpreter(tmp_path):
    """The path Windows and macOS take (SpawnWorker), exercised here: the same answers and
    containment, and a learner's crash is the learner's, not "the grader's process did not
    start"."""
    folder = submission(tmp_path, {
        "ex06_rnn_and_bptt.py": [("    hs = [h0]\n", "    while True:\n        pass\n")],
        "ex09_gru_cell.py": [("import numpy as np\n", f"import numpy as np\n{OS}._exit(3)\n")],
        "ex10_bidirectional.py": [("    forward, h = [], h0_forward",
                                   f"    {CTYPES}.string_at(0)")]})
    chosen = [BY_NAME[n] for n in ("rnn_step", "rnn_bptt", "lstm_cell", "gru_cell",
                                   "bidirectional")]
    with Grader(jobs=2, limits=LIMITS, worker_kind=SpawnWorker) as grader:
        results = {r.exercise: r for r in grader.grade_folder(folder, chosen)}
        assert grader.sandbox_report()[0] is False
    assert results["rnn_step"].passed and results["lstm_cell"].passed
    assert results["rnn_bptt"].status == "timeout" and results["rnn_bptt"].points == 0
    assert (results["gru_cell"].points, results["gru_cell"].status) == (0, "crashed")
    assert "exit status 3" in results["gru_cell"].message
    assert (results["bidirectional"].points, results["bidirectional"].status) == (0, "crashed")
    assert "SIGSEGV" in results["bidirectional"].message
    with pytest.raises(SandboxUnavailable, match="--sandbox require"):
        with Grader(jobs=2, sandbox="require", worker_kind=SpawnWorker) as grader:
            grader.sandbox_report()


@pytest.mark.parametrize("mode", MODES)
def test_the_grader_s_workers_and_their_folders_end_with_it(mode, tmp_path):
    folder = hostile(tmp_path, "ex02_backward_rules.py", f"""
        _os = {OS}
        for _n in range(50):
            _fd = _os.open("left%d" % _n, 0o101, 0o644)
            _os.close(_fd)
        """)
    with Grader(jobs=2, sandbox=mode, limits=LIMITS) as grader:
        assert all(r.passed for r in grader.grade_folder(folder, EXERCISES[:4]))
        started = list(grader.pool.workers)
        assert all(r.passed for r in grader.grade_folder(folder, EXERCISES[:4]))
        workers = list(grader.pool.workers)
    assert workers == started, "each thread keeps its worker from one call to the next"
    for worker in workers:
        assert worker.process.returncode == 0
        assert not Path(f"/proc/{worker.pid}").exists() or \
            Path(f"/proc/{worker.pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
        assert not Path(worker.temp).exists()


def test_a_policy_that_allows_anything_still_hides_the_grader(tmp_path):
    """Defence in depth: with no import rules at all, the grader's code stays out of reach."""
    exercise = BY_NAME["rnn_step"]
    open_exercise = type(exercise)(**{**{f: getattr(exercise, f) for f in
                                         ("name", "file", "chapter", "cases", "reference", "answer",
                                          "points", "mistakes")},
                                      "may_use": Allowed("anything", None, minigrad=True)})
    folder = hostile(tmp_path, "ex06_rnn_and_bptt.py",
                     "import os\nfrom minigrad.grading.checks.ex06_rnn_and_bptt import rnn_step as _r\n")
    with Grader(limits=LIMITS) as grader:
        result = grader.grade(open_exercise, folder)
    assert result.status == "not allowed" and "grader's own code" in result.message
    shutil.rmtree(folder)
