"""Comparing a learner's answers with the grader's: part by part, with tolerances that know about
dtypes, and with known mistakes named.

Everything here runs in the grading process, on values read back from the learner's process (see
child/wire.py): arrays and plain numbers, never objects of the learner's.

Tolerances: a float64 answer must match to rtol 1e-5 (atol 1e-7 times the expected values' scale);
a float32 answer (a minigrad Tensor's default) to rtol 1e-4, which float32 rounding stays well
inside; float16 keeps about three digits, too few to tell a right answer from a near miss, so it
fails with a word about dtype.
"""
from dataclasses import dataclass, field

import numpy as np

from .child.wire import Unsupported
from .exercise import Array, Arrays, Exercise, Returns, Scalar, Valid, call_on_copies

FLOAT32_RTOL, FLOAT32_ATOL = 1e-4, 1e-5


@dataclass
class Gap:
    """Why one part of one answer is not accepted."""
    text: str


@dataclass
class Verdict:
    """The judgement of every case of one exercise."""
    passed_parts: dict                  # part -> bool
    message: str = ""
    notes: list = field(default_factory=list)


def describe_value(value) -> str:
    if value is None:
        return "None"
    if isinstance(value, Unsupported):
        return value.type
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}" if value.ndim else f"the number {value.item()!r}"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of {len(value)} values"
    return f"a {type(value).__name__}"


def preview(array) -> str:
    array = np.asarray(array, dtype=float)
    text = np.array2string(array.ravel()[:6], precision=4, separator=", ")
    return f"{text[:-1]}, ...]" if array.size > 6 else text


def as_numbers(value) -> "np.ndarray | Gap":
    """The learner's value as an array of numbers, or a Gap saying why it is not one."""
    if isinstance(value, (list, tuple)):
        try:
            items = [as_numbers(v) for v in value]
        except RecursionError:
            return Gap("is nested too deeply")
        for item in items:
            if isinstance(item, Gap):
                return item
        if len({item.shape for item in items}) > 1:
            return Gap(f"is a {type(value).__name__} of arrays with different shapes, where one "
                       f"array is expected")
        return np.array(items) if items else np.zeros(0)
    if isinstance(value, np.ndarray):
        return value
    if type(value) in (int, float, bool):
        number = np.asarray(value)
        if number.dtype == object:   # an int past uint64: not a float, and not any answer
            return Gap(f"is an integer too large to compare ({len(str(value))} digits)")
        return number
    return Gap(f"should be numbers, got {describe_value(value)}" +
               (": is a `return` missing?" if value is None else ""))


def compare(leaf: Array, value, expected, args=()) -> tuple:
    """None if `value` is an acceptable `leaf`, else a Gap; also the dtype note, if any. `args`,
    the case's arguments, are what a Valid leaf judges against."""
    if isinstance(leaf, Valid):
        return _accepted(leaf, value, expected, args), None
    if isinstance(leaf, Arrays):
        if not isinstance(value, (list, tuple)):
            return Gap(f"{leaf.name} should be a list of {len(expected)} arrays, got "
                       f"{describe_value(value)}"), None
        if len(value) != len(expected):
            return Gap(f"{leaf.name} has {len(value)} arrays, expected {len(expected)}"), None
        notes = []
        for index, (item, want) in enumerate(zip(value, expected)):
            gap, note = compare(Array(f"{leaf.name}[{index}]", leaf.equation, leaf.rtol, leaf.atol),
                                item, want)
            if gap:
                return gap, note
            notes.append(note)
        return None, next((n for n in notes if n), None)
    got = as_numbers(value)
    if isinstance(got, Gap):
        return Gap(f"{leaf.name} {got.text}"), None
    want = np.asarray(expected, dtype=float)
    if isinstance(leaf, Scalar):
        if got.size != 1:
            return Gap(f"{leaf.name} should be a single number, got an array of shape "
                       f"{got.shape}"), None
        got = got.reshape(())
    if got.dtype.kind == "c":
        return Gap(f"{leaf.name} is complex ({got.dtype}); the answer is real"), None
    if got.shape != want.shape:
        hint = " (transposed?)" if got.shape == want.shape[::-1] and got.ndim > 1 else ""
        return Gap(f"{leaf.name} has shape {got.shape}, expected {want.shape}{hint}" +
                   (f"; check {leaf.equation}" if leaf.equation else "")), None
    values = got.astype(float)
    if not np.all(np.isfinite(values)) and np.all(np.isfinite(want)):
        return Gap(f"{leaf.name} contains inf or nan"), None
    error = np.abs(values - want)
    worst = np.unravel_index(int(np.argmax(error)), error.shape) if error.size else ()
    largest = float(error[worst]) if error.size else 0.0
    scale = max(1.0, float(np.max(np.abs(want), initial=0.0)))
    within = _within(error, want, leaf.rtol, leaf.atol * scale)
    note = None
    if got.dtype == np.float32:
        if _within(error, want, FLOAT32_RTOL, FLOAT32_ATOL * scale):
            return None, (f"{leaf.name} is float32; accepted within float32 rounding (float64 "
                          f"inputs keep float64 if you stay in NumPy)")
        note = "your answer is float32, and the comparison already allowed for float32 rounding"
    elif got.dtype.kind == "f" and got.dtype.itemsize < 4:
        note = (f"your answer is {got.dtype}, which keeps about 3 digits; compute and return "
                f"float64")
        within = False
    elif got.dtype.kind in "biu" and not within:
        note = f"your answer has the integer dtype {got.dtype}: were values rounded?"
    if within:
        return None, None
    where = f" at index {list(map(int, worst))}" if got.ndim else ""
    text = (f"{leaf.name} differs from expected, max abs error {largest:.3g}{where}" +
            (f"; check {leaf.equation}" if leaf.equation else "") +
            f"; expected {preview(want)}, got {preview(values)}" + (f" ({note})" if note else ""))
    return Gap(text), note


def _accepted(leaf: Valid, value, expected, args):
    got = as_numbers(value)
    if isinstance(got, Gap):
        return Gap(f"{leaf.name} {got.text}".replace("should be numbers", f"should be {leaf.form}"))
    try:
        problem = leaf.accepts(got, expected, args)
    except (ValueError, IndexError, TypeError):   # numbers, but not in the form asked for
        problem = f"should be {leaf.form}, got {describe_value(got)}"
    return Gap(f"{leaf.name}: {problem}") if problem else None


def _within(error, want, rtol, atol):
    return bool(np.all(error <= atol + rtol * np.abs(want)))


def split_answer(exercise: Exercise, value) -> "dict | Gap":
    """{leaf name: the learner's value for it}, or a Gap if the answer's structure is wrong."""
    leaves = exercise.leaves
    if not isinstance(exercise.answer, Returns):
        return {leaves[0].name: value}
    names = ", ".join(leaf.name for leaf in leaves)
    if not isinstance(value, (tuple, list)):
        return Gap(f"{exercise.name} must return ({names}), {len(leaves)} values; got "
                   f"{describe_value(value)}" + (": is a `return` missing?" if value is None else ""))
    if len(value) != len(leaves):
        return Gap(f"{exercise.name} must return ({names}), {len(leaves)} values; got "
                   f"{len(value)}")
    return {leaf.name: item for leaf, item in zip(leaves, value)}


def judge_case(exercise: Exercise, case, expected, value, after) -> tuple:
    """({leaf name: Gap or None}, notes, mistake text or None) for one case."""
    leaves = exercise.leaves
    wanted = split_answer(exercise, expected)
    given = split_answer(exercise, value)
    gaps, notes = {}, []
    for leaf in leaves:
        if isinstance(given, Gap):
            gaps[leaf.name] = given
            continue
        gap, note = compare(leaf, given[leaf.name], wanted[leaf.name], case.args)
        gaps[leaf.name] = gap
        if note and not gap:
            notes.append(note)
    if exercise.keeps_inputs and not any(gaps.values()):
        changed = _changed_arguments(exercise, case.args, after)
        if changed:
            gap = Gap(f"{exercise.name} modified its input {', '.join(changed)}; leave the inputs "
                      f"as they are and return new arrays")
            gaps = {name: gap for name in gaps}
    mistake = None
    if any(gaps.values()):
        mistake = _recognised_mistake(exercise, case, value, gaps)
    return gaps, notes, mistake


def _changed_arguments(exercise, args, after):
    names = exercise.argument_names
    if not isinstance(after, (list, tuple)) or len(after) != len(args):
        return names
    changed = []
    for name, before, now in zip(names, args, after):
        if isinstance(before, (np.ndarray, list, tuple)) and not _same(before, now):
            changed.append(name)
    return changed


def _same(before, now):
    if isinstance(before, (list, tuple)):
        return (isinstance(now, (list, tuple)) and len(now) == len(before)
                and all(_same(b, n) for b, n in zip(before, now)))
    return isinstance(now, np.ndarray) and now.shape == np.shape(before) and \
        bool(np.array_equal(now, before))


def _recognised_mistake(exercise, case, value, gaps):
    """The explanation of the first known mistake the answer makes, if any."""
    given = split_answer(exercise, value)
    for mistake in exercise.mistakes:
        if mistake.part is not None and (gaps.get(mistake.part) is None or isinstance(given, Gap)):
            continue
        if mistake.matches is not None:
            target = value if mistake.part is None else given[mistake.part]
            if _safely(mistake.matches, target, case.args):
                return mistake.says
            continue
        wrong = split_answer(exercise, call_on_copies(mistake.computes, case.args))
        if isinstance(given, Gap) or isinstance(wrong, Gap):
            continue
        names = [mistake.part] if mistake.part else [leaf.name for leaf in exercise.leaves]
        leaves = {leaf.name: leaf for leaf in exercise.leaves}
        if all(compare(leaves[name], given[name], wrong[name], case.args)[0] is None
               for name in names):
            return mistake.says
    return None


def _safely(test, value, args):
    try:
        return bool(test(value, args))
    except Exception:   # a test written for well-formed answers meets a malformed one
        return False


def judge(exercise: Exercise, cases, expected, answers) -> Verdict:
    """The verdict on every case: a part passes when it is right in every case. `answers` holds,
    per case, (returned value, arguments after the call)."""
    passed = {part: True for part in exercise.parts}
    message, notes = "", []
    order = list(getattr(exercise.answer, "check_order", ())) + [l.name for l in exercise.leaves]
    for case, want, (value, after) in zip(cases, expected, answers):
        gaps, case_notes, mistake = judge_case(exercise, case, want, value, after)
        notes += [n for n in case_notes if n not in notes]
        for leaf_name, gap in gaps.items():
            if gap:
                passed[exercise.part_of(leaf_name)] = False
        if not message and any(gaps.values()):
            first = next(gaps[name] for name in order if gaps.get(name))
            message = mistake or first.text
            message += f". Input: {case.about}"
    return Verdict(passed, message, notes)
