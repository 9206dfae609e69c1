"""How a graded exercise is declared. One `Exercise` says everything the grader needs:

    Exercise(
        name="lstm_cell",                    # the function the learner writes
        file="ex08_lstm_cell.py",            # in exercises/ and solutions/
        chapter="08",                        # a string: "06b" and "10b" exist
        cases=lstm_cell_cases,               # rng -> [Case(args, about)], fresh inputs every run
        reference=lstm_cell,                 # the grader's own answer, same signature as the learner's
        answer=Returns(Array("h_t", "h_t = o*tanh(c_t)"), Array("c_t", "c_t = f*c_prev + i*g")),
        points=2,                            # or {"h_t": 1, "c_t": 1} for partial credit per part
        may_use=NUMPY,                       # or NUMPY_AND_MINIGRAD
        mistakes=(Mistake("returned (c_t, h_t): the order is (h_t, c_t)", computes=c_h_swapped),),
        hints=("Which gate decides how much of c_prev survives?", ...),
    )

The grader builds the cases from a seed it draws, computes the reference on its own copies before
the learner's code sees anything, sends only the arguments to the learner's process, and compares
what comes back, part by part (see judge.py). A `Mistake` names a known wrong answer: either a small
function with the learner's signature that computes what the mistaken code returns (`computes`), or
a test on the returned value (`matches`); when the learner's answer is that one, the feedback is the
mistake's explanation instead of a bare "differs".

Arguments that are not data (a step function, a random Generator) are written `Make(name, ...)`
and built on both sides by child/makers.py.
"""
import copy
import inspect
from dataclasses import dataclass, field
from typing import Callable, Mapping

import numpy as np

from .child.makers import MAKERS
from .child.wire import Make

MATH_MODULES = frozenset({
    "__future__", "abc", "bisect", "cmath", "collections", "copy", "dataclasses", "decimal", "enum",
    "fractions", "functools", "heapq", "itertools", "math", "numbers", "operator", "random",
    "statistics", "string", "typing", "warnings"})


@dataclass(frozen=True)
class Allowed:
    """What a learner's code may import while an exercise is graded. Files beside the learner's
    file (their own helpers) are always allowed; modules=None allows any module (and skips the
    static check's other rules): the grader's own code stays out of reach in every case."""
    description: str
    modules: frozenset
    minigrad: bool


NUMPY = Allowed("NumPy and Python's math modules", MATH_MODULES | {"numpy"}, minigrad=False)
NUMPY_AND_MINIGRAD = Allowed("NumPy, minigrad and Python's math modules",
                             MATH_MODULES | {"numpy", "minigrad"}, minigrad=True)


@dataclass(frozen=True)
class Case:
    """One call of the learner's function: its arguments, and a few words on what they are."""
    args: tuple
    about: str


@dataclass(frozen=True)
class Array:
    """An array the function returns (lists and minigrad Tensors are accepted as arrays)."""
    name: str
    equation: str = ""
    rtol: float = 1e-5
    atol: float = 1e-7


@dataclass(frozen=True)
class Scalar(Array):
    """A single number (a float, a 0-d array or any array of one element)."""


@dataclass(frozen=True)
class Arrays(Array):
    """A list (or tuple) of arrays, each compared with its expected array."""


@dataclass(frozen=True)
class Valid(Array):
    """An answer with many right forms (any topological order of a graph, the nodes of a graph in
    any order): `accepts(value, expected, args)` gets the learner's value as an array of numbers,
    the reference's answer and the case's arguments, and returns None when the value is right, or
    a sentence saying what is wrong. `form` says what the value should be, for a learner who
    returns something else."""
    accepts: Callable = None
    form: str = "numbers"


@dataclass(frozen=True)
class Returns:
    """A function that returns several values, as a tuple (a list is accepted too).
    `check_order` lists the parts to explain first when several are wrong (the cause before its
    consequences: c_t before h_t)."""
    parts: tuple
    check_order: tuple = ()

    def __init__(self, *parts, check_order=()):
        object.__setattr__(self, "parts", parts)
        object.__setattr__(self, "check_order", tuple(check_order))


@dataclass(frozen=True)
class Mistake:
    """A known wrong answer and what to tell the learner who gives it.

    computes: a function with the learner's signature returning what the mistaken code returns
              (the answer, or just `part` of it); or
    matches:  a test (value, args) -> bool on the returned value (or on `part` of it).
    """
    says: str
    computes: Callable = None
    matches: Callable = None
    part: str = None

    def __post_init__(self):
        if (self.computes is None) == (self.matches is None):
            raise ValueError(f"Mistake({self.says[:40]!r}...): give exactly one of computes= "
                             f"or matches=")


# One object per exercise, compared and hashed by identity: `points` may be a dict.
@dataclass(frozen=True, eq=False)
class Exercise:
    """A graded function; see the module's docstring."""
    name: str
    file: str
    chapter: str
    cases: Callable
    reference: Callable
    answer: object
    points: object
    may_use: Allowed = NUMPY
    mistakes: tuple = ()
    keeps_inputs: bool = False          # the function must not modify its arguments
    hints: tuple = ()                   # revealed one at a time by hint(name), the last nearly
                                        # the answer; they never change a score
    parts: Mapping = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        names = [leaf.name for leaf in self.leaves]
        if isinstance(self.points, Mapping):
            unknown = set(self.points) - set(names)
            uncovered = set(names) - set(self.points)
            if unknown or uncovered:
                raise ValueError(f"{self.name}: points must name every part of the answer exactly "
                                 f"once ({', '.join(names)}); unknown {sorted(unknown)}, "
                                 f"missing {sorted(uncovered)}")
            parts = {name: float(self.points[name]) for name in names}
        else:
            parts = {self.name: float(self.points)}
        object.__setattr__(self, "parts", parts)
        for mistake in self.mistakes:
            if mistake.part is not None and mistake.part not in names:
                raise ValueError(f"{self.name}: a mistake names part {mistake.part!r}, which is not "
                                 f"one of {', '.join(names)}")

    @property
    def leaves(self) -> tuple:
        return self.answer.parts if isinstance(self.answer, Returns) else (self.answer,)

    @property
    def max_points(self) -> float:
        return sum(self.parts.values())

    def part_of(self, leaf_name: str) -> str:
        """The part (for points) that a leaf of the answer belongs to."""
        return leaf_name if len(self.parts) > 1 else self.name

    @property
    def argument_names(self) -> list:
        return list(inspect.signature(self.reference).parameters)


def materialize(value: object) -> object:
    """A fresh copy of an argument with every Make built, for the grader's own calls."""
    if isinstance(value, Make):
        return MAKERS[value.name](**{k: materialize(v) for k, v in value.args.items()})
    if isinstance(value, tuple):
        return tuple(materialize(v) for v in value)
    if isinstance(value, list):
        return [materialize(v) for v in value]
    return copy.deepcopy(value)


def call_on_copies(function: Callable, args) -> object:
    """function(*args) on the grader's own copies, so nothing can change the originals."""
    return function(*materialize(tuple(args)))


def finite_everywhere(value) -> bool:
    """Whether every number in a returned value (arrays, numbers, lists of them) is finite."""
    if isinstance(value, (list, tuple)):
        return all(finite_everywhere(v) for v in value)
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return True
    return bool(np.all(np.isfinite(array)))
