"""Every graded exercise, in course order: the EXERCISES lists of the modules in checks/.

How to add an exercise
----------------------
1. Write the function in solutions/exNN_topic.py (NN is the chapter: "06", or "06b" for a split
   chapter) with the answer between `### BEGIN SOLUTION` and `### END SOLUTION`, and a docstring that
   gives the shapes, the equations and what to return. Regenerate the learner's copy:
   `python -m minigrad.grading.generate`.
2. In minigrad/grading/checks/exNN_topic.py (the same name as the exercise file) add an `Exercise`
   to the module's EXERCISES list (see exercise.py for every field):
     - name, file, chapter (a string);
     - cases(rng): the inputs, drawn from the Generator the grader seeds afresh on every run, as
       [Case(args, about)]; vary the sizes a little, and keep them different from each other so a
       transposed argument shows up as a shape error;
     - reference: the grader's own answer, with the learner's signature (minigrad's autodiff is the
       reference for gradients: checks/tools.py; central differences are there too);
     - answer: Array, Scalar or Arrays, or Returns(...) of them for a tuple, each with its name and
       the equation to check; the names are what feedback talks about. Valid(...) for an answer
       with many right forms (any topological order), judged by a function of its own;
     - points: a number, or {part name: points} for partial credit per returned value;
     - may_use: NUMPY (the default: minigrad is not importable while it is graded) or
       NUMPY_AND_MINIGRAD;
     - mistakes: Mistake("what to tell the learner", computes=wrong_version) for each known wrong
       answer, with part= when it concerns one returned value; or matches=test(value, args);
     - keeps_inputs=True when the function must not modify its arguments;
     - hints: three or four, from a nudge to nearly the answer, for hint("name") (hints.py);
     - an argument that is a function or a random Generator: Make("maker", ...) with a maker in
       child/makers.py; randomness a function consumes (a sampler's) is passed as an array of
       uniform draws, so that every honest implementation gives the same answer.
3. In the exercise notebook (solutions/exNN_topic.ipynb, run by the tests): a "try it" cell in
   `with try_it():` that calls the function on a tiny input and compares with a known value or
   central differences, then `check("name", stop=False)`; the notebook's last cell is
   `check_set("exNN_topic")`, the only cell that stops "Run All". To tests/test_grading.py add
   planted mistakes that lose the points with the message that names them.
Nothing else needs to change: the scorecard, --only, the reports and the GitHub Classroom workflow
are built from this list.
"""
import importlib
import pkgutil

from . import checks
from .exercise import Exercise


def _gather() -> list:
    exercises = []
    for module in sorted(pkgutil.iter_modules(checks.__path__), key=lambda m: m.name):
        if module.name.startswith("ex"):
            exercises += importlib.import_module(f"{checks.__name__}.{module.name}").EXERCISES
    names = [exercise.name for exercise in exercises]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ValueError(f"two exercises share a name: {', '.join(duplicates)}")
    return exercises


EXERCISES: list = _gather()
BY_NAME: dict = {exercise.name: exercise for exercise in EXERCISES}


class UnknownExercise(KeyError):
    def __str__(self):
        return str(self.args[0])


def find(exercise_name: str) -> Exercise:
    """The exercise of that name, or an error listing the names there are."""
    exercise = BY_NAME.get(exercise_name)
    if exercise is None:
        raise UnknownExercise(f"no exercise named {exercise_name!r}; the exercises are "
                              f"{', '.join(BY_NAME)}")
    return exercise


def by_chapter(exercises=None) -> dict:
    """{chapter: [exercises]}, chapters in course order ("06" before "06b" before "07")."""
    chapters = {}
    for exercise in EXERCISES if exercises is None else exercises:
        chapters.setdefault(exercise.chapter, []).append(exercise)
    return dict(sorted(chapters.items()))


__all__ = ["BY_NAME", "EXERCISES", "Exercise", "UnknownExercise", "by_chapter", "find"]
