"""Results written out: a learner's scorecard, an instructor's table (CSV), every detail (JSON),
and JUnit XML for CI systems. A table is {submission: [Result]}; one learner's folder is a table of
one row."""
import csv
import json
import xml.etree.ElementTree as ElementTree

from .feedback import plain

CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def total(results) -> tuple:
    return sum(r.points for r in results), sum(r.max_points for r in results)


def scorecard(label: str, results, sandbox_note: str = "") -> str:
    """One learner's scorecard: the total and how many exercises are done, then each chapter with
    its points and its exercises, one line each (with the hints used, if any)."""
    points, possible = total(results)
    lines = [f"minigrad exercises in {plain(label, 200)}: {points:g}/{possible:g} points, "
             f"{done(results)} of {len(results)} exercises done"
             + (f" ({sandbox_note})" if sandbox_note else "")]
    chapter = None
    for result in results:
        if result.chapter != chapter:
            chapter = result.chapter
            in_chapter = [r for r in results if r.chapter == chapter]
            got, most = total(in_chapter)
            lines.append(f"chapter {chapter}: {got:g}/{most:g} points, {done(in_chapter)} of "
                         f"{len(in_chapter)} done")
        lines.append(result.wrapped(indent="  "))
    return "\n".join(lines)


def done(results) -> int:
    return sum(result.passed for result in results)


def batch_summary(table: dict) -> str:
    lines = []
    for submission, results in table.items():
        points, possible = total(results)
        problems = sorted({r.status for r in results} - {"passed"})
        lines.append(f"{plain(submission, 200)}: {points:g}/{possible:g}"
                     + (f" ({', '.join(problems)})" if problems else ""))
    return "\n".join(lines)


def as_json(table: dict, grader: dict) -> str:
    return json.dumps({"grader": grader, "submissions": {
        plain(name, 500): {"total": total(results)[0], "max": total(results)[1],
                           "exercises": [r.to_dict() for r in results]}
        for name, results in table.items()}}, indent=2)


def write_csv(path, table: dict, exercises) -> None:
    """One row per submission: the total, then each exercise's points and status side by side."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["submission", "total", "max"] +
                        [column for e in exercises for column in (e.name, f"{e.name} status")])
        for submission, results in table.items():
            points, possible = total(results)
            writer.writerow([_cell(submission), f"{points:g}", f"{possible:g}"] +
                            [cell for r in results for cell in (f"{r.points:g}", r.status)])


def _cell(text):
    """A spreadsheet must not read a folder name as a formula."""
    text = plain(text, 500)
    return "'" + text if text.startswith(CSV_FORMULA_STARTS) else text


def as_junit(table: dict) -> str:
    """JUnit XML: a test suite per submission, a test case per exercise. Failing answers are
    failures; code that raised, timed out, crashed or was not allowed is an error."""
    suites = ElementTree.Element("testsuites", name="minigrad exercises")
    for submission, results in table.items():
        suite = ElementTree.SubElement(suites, "testsuite", name=plain(submission, 500),
                                       tests=str(len(results)))
        failures = errors = 0
        for result in results:
            case = ElementTree.SubElement(suite, "testcase", name=result.exercise,
                                          classname=f"chapter{result.chapter}.{result.file}")
            properties = ElementTree.SubElement(case, "properties")
            for key, value in (("points", result.points), ("max_points", result.max_points),
                               ("status", result.status), ("seed", result.seed)):
                ElementTree.SubElement(properties, "property", name=key, value=f"{value}")
            if result.passed:
                continue
            kind = "failure" if result.status in ("failed", "partial", "not started") else "error"
            failures += kind == "failure"
            errors += kind == "error"
            element = ElementTree.SubElement(case, kind, type=result.status,
                                             message=f"{result.points:g}/{result.max_points:g} "
                                                     f"{result.status}")
            element.text = result.message
            if result.output:
                ElementTree.SubElement(case, "system-out").text = result.output
        suite.set("failures", str(failures))
        suite.set("errors", str(errors))
    return ElementTree.tostring(suites, encoding="unicode", xml_declaration=True)
