"""Make the learner versions in exercises/ from the complete ones in solutions/.

    python -m minigrad.grading.generate            # write exercises/ from solutions/
    python -m minigrad.grading.generate --check    # exit 1 if exercises/ is out of date

In each .py file, every region between `### BEGIN SOLUTION` and `### END SOLUTION` becomes a
`raise NotImplementedError(...)` naming the function and the file; everything else, the
docstrings with their equations and hints included, is kept. Notebooks are copied with their
outputs cleared.
"""
import argparse
import json
import re
import sys
from pathlib import Path

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
ROOT = Path(__file__).resolve().parents[2]


def learner_version(source, filename):
    """The solution file's text with each answer region replaced by a stub."""
    lines, output, function, inside = source.splitlines(), [], "this function", False
    for number, line in enumerate(lines, start=1):
        definition = re.match(r"\s*def (\w+)\(", line)
        if definition:
            function = definition.group(1)
        if line.strip() == BEGIN:
            if inside:
                raise ValueError(f"{filename}:{number}: {BEGIN} inside another solution region")
            inside = True
            indent = line[:len(line) - len(line.lstrip())]
            output.append(f'{indent}raise NotImplementedError("exercise `{function}` in '
                          f'exercises/{filename}: replace this line with your code")')
        elif line.strip() == END:
            if not inside:
                raise ValueError(f"{filename}:{number}: {END} without {BEGIN}")
            inside = False
        elif not inside:
            output.append(line)
    if inside:
        raise ValueError(f"{filename}: {BEGIN} without {END}")
    return "\n".join(output) + "\n"


def stripped_notebook(text):
    notebook = json.loads(text)
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    return json.dumps(notebook, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def learner_files(solutions=ROOT / "solutions"):
    """{file name: learner text} for every exercise file and notebook in solutions/."""
    files = {}
    for path in sorted(Path(solutions).iterdir()):
        if path.suffix == ".py":
            files[path.name] = learner_version(path.read_text(), path.name)
        elif path.suffix == ".ipynb":
            files[path.name] = stripped_notebook(path.read_text())
    return files


def main(argv=None):
    parser = argparse.ArgumentParser(description="Generate exercises/ from solutions/.")
    parser.add_argument("--solutions", default=ROOT / "solutions", type=Path)
    parser.add_argument("--exercises", default=ROOT / "exercises", type=Path)
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if exercises/ differs from what would be written")
    arguments = parser.parse_args(argv)
    files = learner_files(arguments.solutions)
    stale = [name for name, text in files.items()
             if not (arguments.exercises / name).exists()
             or (arguments.exercises / name).read_text() != text]
    if arguments.check:
        if stale:
            print("exercises/ is out of date for: " + ", ".join(stale) +
                  "\nrun: python3 -m minigrad.grading.generate")
            return 1
        print(f"exercises/ is up to date ({len(files)} files)")
        return 0
    arguments.exercises.mkdir(exist_ok=True)
    for name, text in files.items():
        (arguments.exercises / name).write_text(text)
    print(f"wrote {len(files)} files to {arguments.exercises}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
