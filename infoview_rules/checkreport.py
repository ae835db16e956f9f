"""Reports of a scenario check: terse or verbose text, JSON, JUnit XML, GitHub annotations, TAP.

A case is `pass`, `fail` (the advice differs from `expect`) or `error` (it
could not be judged: bad answers, or rules that give no classification). A
mistake in a scenario file (a bad key, expectation or answer) is a `LoadError`
of its file, line and scenario: each is reported in every format, and the
file's valid cases still run. The counts are of scenarios (a scenario with
three mistakes is one that could not be judged), the mistakes counted apart:
"2 scenarios passed, 0 failed, 1 could not be judged (3 mistakes in scenario files)".
"""

import json
import re
from pathlib import Path

from .because import format_because
from .scenarios import ScenarioError


LoadError = ScenarioError  # a mistake in a scenario file: its file, line, scenario and message


def by_case(load_errors):
    """The mistakes of each scenario (or case) together, as one error each, its message
    one line a mistake: JUnit and TAP give a test per case, not per mistake."""
    grouped = {}
    for e in load_errors:
        key = (e.file, e.scenario) if e.scenario else (e.file, None, id(e))
        if key in grouped:
            first = grouped[key]
            grouped[key] = ScenarioError(first.file, first.message + "\n" + e.message, first.line, first.scenario)
        else:
            grouped[key] = e
    return list(grouped.values())


def _actual(result):
    if result.actual is None:
        return None
    return {
        "classification": result.actual.classification,
        "aligned": result.actual.aligned,
        "goals": result.actual.goals,
        "findings": result.actual.finding_ids(),
    }


def counts(results, load_errors=()):
    """(passed, failed, errors) in scenarios: a scenario with mistakes in its file counts once
    among the errors (could not be judged), however many mistakes it has."""
    passed = sum(r.status == "pass" for r in results)
    failed = sum(r.status == "fail" for r in results)
    errors = sum(r.status == "error" for r in results) + len(by_case(load_errors))
    return passed, failed, errors


def _plural(n, word):
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary(results, load_errors=()):
    """'8 scenarios passed, 0 failed, 1 could not be judged (4 mistakes in scenario files)'."""
    passed, failed, errors = counts(results, load_errors)
    line = f"{_plural(passed, 'scenario')} passed, {failed} failed"
    if errors:
        line += f", {errors} could not be judged"
    if load_errors:
        line += f" ({_plural(len(load_errors), 'mistake')} in scenario files)"
    return line


def text(results, verbose=False, load_errors=()):
    lines = []
    for r in results:
        where = f"{r.scenario.file}: {r.scenario.name}"
        if r.passed:
            if verbose:
                lines.append(f"PASS {where}")
            continue
        lines.append(f"{'ERROR' if r.status == 'error' else 'FAIL'} {where}")
        lines.extend(f"  {p}" for p in r.problems)
        if r.actual is not None:
            expected = r.scenario.expect
            lines.append(f"  expected: {json.dumps(expected, ensure_ascii=False)}")
            lines.append(f"  actual:   {json.dumps(_actual(r), ensure_ascii=False)}")
            for f in r.actual.findings:
                lines.append(f"    {f.id}: because {format_because(f.because, f.reasons)}")
    lines.append(summary(results, load_errors))  # the files that could not be loaded are on stderr
    return "\n".join(lines)


def as_json(results, coverage=None, load_errors=()):
    passed, failed, errors = counts(results, load_errors)
    doc = {
        "passed": passed,
        "failed": failed,
        "errors": errors,  # scenarios that could not be judged, each once
        "mistakes": len(load_errors),  # in the scenario files: each is among load_errors
        "seconds": round(sum(r.seconds for r in results), 6),
        "cases": [
            {
                "file": r.scenario.file,
                "line": r.scenario.line,
                "name": r.scenario.name,
                "status": r.status,
                "passed": r.passed,
                "seconds": round(r.seconds, 6),
                "problems": list(r.problems),
                "expected": r.scenario.expect,
                "actual": _actual(r),
            }
            for r in results
        ],
        "load_errors": [{"file": e.file, "line": e.line, "scenario": e.scenario, "error": e.message} for e in load_errors],
    }
    if coverage is not None:
        from .coverage import as_dict

        doc["coverage"] = as_dict(coverage)
    return json.dumps(doc, ensure_ascii=False, indent=2)


# XML 1.0 allows tab, newline and carriage return, and no other control character
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_safe(value):
    """Text that XML 1.0 can hold: a character it cannot is written as its escape (\\x07)."""
    return _NOT_XML.sub(lambda m: repr(m.group())[1:-1], str(value))


def classname(file):
    """JUnit's class for a scenario file: its folder and name without .toml, dotted
    (scenarios/pretext.toml -> scenarios.pretext), as Jenkins and GitLab group tests."""
    path = Path(file)
    parts = [p for p in (path.parent.name, path.stem) if p]
    return ".".join(re.sub(r"[^\w-]+", "_", p) for p in parts)


def junit_xml(results, load_errors=()):
    """JUnit XML as CI systems read it: one testsuite per file, one testcase per case.

    A failed comparison is a <failure>; a case that could not be judged (bad
    answers, no classification) and a file that could not be loaded are an <error>.
    """
    import xml.etree.ElementTree as ET  # only for --junit: a cold `check` does not pay for it

    root = ET.Element("testsuites", name="infoview check")
    files = {}
    for r in results:
        files.setdefault(r.scenario.file, []).append(r)
    for e in load_errors:
        files.setdefault(e.file, [])
    totals = [0, 0, 0, 0.0]
    for file, cases in files.items():
        file_errors = by_case(e for e in load_errors if e.file == file)
        passed, failed, errors = counts(cases, file_errors)
        seconds = sum(r.seconds for r in cases)
        suite = ET.SubElement(root, "testsuite", name=_xml_safe(file), tests=str(len(cases) + len(file_errors)),
                              failures=str(failed), errors=str(errors), skipped="0", time=f"{seconds:.6f}")
        for r in cases:
            case = ET.SubElement(suite, "testcase", classname=_xml_safe(classname(file)),
                                 name=_xml_safe(r.scenario.name), file=_xml_safe(file), time=f"{r.seconds:.6f}")
            if r.scenario.line:
                case.set("line", str(r.scenario.line))
            if r.passed:
                continue
            tag = "error" if r.status == "error" else "failure"
            element = ET.SubElement(case, tag, message=_xml_safe(r.problems[0] if r.problems else tag),
                                    type="error" if tag == "error" else "mismatch")
            body = list(r.problems)
            body.append(f"expected: {json.dumps(r.scenario.expect, ensure_ascii=False)}")
            if r.actual is not None:
                body.append(f"actual:   {json.dumps(_actual(r), ensure_ascii=False)}")
            element.text = _xml_safe("\n".join(body))
        for e in file_errors:
            case = ET.SubElement(suite, "testcase", classname=_xml_safe(classname(file)),
                                 name=_xml_safe(e.scenario or "(the file could not be loaded)"), file=_xml_safe(file), time="0")
            if e.line:
                case.set("line", str(e.line))
            ET.SubElement(case, "error", message=_xml_safe(e.message.splitlines()[0]), type="load").text = _xml_safe(e.message)
        for i, n in enumerate((len(cases) + len(file_errors), failed, errors, seconds)):
            totals[i] += n
    root.set("tests", str(totals[0]))
    root.set("failures", str(totals[1]))
    root.set("errors", str(totals[2]))
    root.set("time", f"{totals[3]:.6f}")
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _annotation_escape(value, property=False):
    """GitHub workflow commands: %, CR and LF escaped (and : and , in properties)."""
    text = str(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def github(results, load_errors=()):
    """GitHub Actions workflow commands: an ::error annotation on each failing case's line."""
    lines = []
    for r in results:
        if r.passed:
            continue
        props = f"file={_annotation_escape(r.scenario.file, True)}"
        if r.scenario.line:
            props += f",line={r.scenario.line}"
        props += f",title={_annotation_escape(r.scenario.name, True)}"
        lines.append(f"::error {props}::{_annotation_escape(chr(10).join(r.problems))}")
    for e in load_errors:
        props = f"file={_annotation_escape(e.file, True)}"
        if e.line:
            props += f",line={e.line}"
        if e.scenario:
            props += f",title={_annotation_escape(e.scenario, True)}"
        lines.append(f"::error {props}::{_annotation_escape(e.message)}")
    lines.append(summary(results, load_errors))
    return "\n".join(lines)


def tap(results, load_errors=()):
    """TAP version 13: one test point per case (and per file that could not be loaded)."""
    grouped = by_case(load_errors)  # one test point per case, however many mistakes it has
    lines = ["TAP version 13", f"1..{len(results) + len(grouped)}"]
    number = 0
    for r in results:
        number += 1
        name = f"{r.scenario.file}: {r.scenario.name}".replace("#", "\\#").replace("\n", " ")
        lines.append(f"{'ok' if r.passed else 'not ok'} {number} - {name}")
        if not r.passed:
            lines.append("  ---")
            lines.append(f"  severity: {'error' if r.status == 'error' else 'fail'}")
            lines.append("  problems:")
            lines.extend(f"    - {json.dumps(p, ensure_ascii=False)}" for p in r.problems)
            lines.append("  ...")
    for e in grouped:
        number += 1
        name = f"{e.file}: {e.scenario}" if e.scenario else e.file
        lines.append(f"not ok {number} - {name}".replace("#", "\\#").replace("\n", " "))
        lines.append("  ---")
        lines.append("  severity: error")
        lines.append("  problems:")
        lines.extend(f"    - {json.dumps(m, ensure_ascii=False)}" for m in e.message.splitlines())
        lines.append("  ...")
    lines.append(f"# {summary(results, load_errors)}")  # a diagnostic line: TAP consumers show it, count nothing
    return "\n".join(lines)
