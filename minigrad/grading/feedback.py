"""What the grader says about one exercise: a Result, and its line on a scorecard."""
import textwrap
import unicodedata
from dataclasses import asdict, dataclass, field

STATUSES = {
    "passed": "every part is right",
    "partial": "some parts are right (partial credit)",
    "failed": "it returned an answer, and a part of it is wrong",
    "not started": "the function still raises NotImplementedError",
    "error": "the function raised an exception, or called exit()",
    "import error": "the file is missing, is not a plain file, or failed while being imported",
    "timeout": "it ran past the time limit (at import or in the function)",
    "crashed": "its process died without an answer, or answered in a form that cannot be read",
    "not allowed": "it imports or uses what the exercise rules out (minigrad for NumPy exercises, "
                   "exec, the grader's internals)",
    "grader error": "a problem of the grader's, not of the learner's code",
}
WRAP_COLUMNS = 100
TEXT_CHARACTERS = 2000        # the most a message, or the learner's output, keeps
# Shown escaped: control and format characters, surrogates, line separators, and unassigned code
# points (U+FFFE and U+FFFF among them, which XML 1.0 forbids in the JUnit report).
ESCAPED_CATEGORIES = ("Cc", "Cf", "Cs", "Cn", "Zl", "Zp")


def plain(text: str, limit: int = TEXT_CHARACTERS, keep_newlines: bool = False) -> str:
    """A learner's text made safe to print or store: control and format characters (terminal escape
    sequences, carriage returns, bidirectional overrides) and code points no text should hold are
    shown escaped, and it is cut to `limit` characters."""
    text = str(text)[:limit]
    if text.isprintable():   # the common case; nothing printable is ever escaped
        return text
    kept = []
    for character in text:
        if keep_newlines and character in "\n\t":
            kept.append(character)
        elif unicodedata.category(character) in ESCAPED_CATEGORIES:
            kept.append(repr(character)[1:-1] if ord(character) < 0x10000 else "?")
        else:
            kept.append(character)
    return "".join(kept)


@dataclass
class Result:
    """The verdict on one exercise for one learner."""
    exercise: str
    file: str
    chapter: str
    points: float
    max_points: float
    status: str
    message: str = ""
    output: str = ""            # the start of what the learner's code printed
    seed: int | None = None     # the inputs' seed: check(exercise, seed=...) reruns the same case
    parts: dict = field(default_factory=dict)   # part -> [points, max] where there are several
    notes: list = field(default_factory=list)   # remarks on a passing answer (dtype...)
    hints: int = 0              # how many of the exercise's hints the learner has seen

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}; one of {', '.join(STATUSES)}")
        # Messages quote what the learner's process sent (exception texts, type names): whatever
        # path a quote took, the scorecard, the CSV, the JSON and the JUnit XML get it escaped.
        self.message = plain(self.message)
        self.output = plain(self.output, keep_newlines=True)

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    def rerun(self) -> str:
        return f'check("{self.exercise}", seed={self.seed})' if self.seed is not None else ""

    def line(self) -> str:
        text = f"{self.exercise:<28} {self.points:g}/{self.max_points:g}  {self.status}"
        if self.hints:
            text += f" ({self.hints} hint{'s' if self.hints > 1 else ''} used)"
        if self.passed:
            return text + (f" ({'; '.join(self.notes)})" if self.notes else "")
        return f"{text} [edit {self.file}]: {self.message}"

    def wrapped(self, width: int = WRAP_COLUMNS, indent: str = "") -> str:
        return textwrap.fill(self.line(), width=width, initial_indent=indent,
                             subsequent_indent=indent + "    ", break_on_hyphens=False,
                             break_long_words=False)

    def to_dict(self) -> dict:
        return asdict(self)
