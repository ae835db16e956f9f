"""Reports of a scenario check: terse or verbose text, JSON, JUnit XML."""

import json
import xml.etree.ElementTree as ET

from .because import format_because


def _actual(result):
    if result.actual is None:
        return None
    return {
        "classification": result.actual.classification,
        "aligned": result.actual.aligned,
        "goals": result.actual.goals,
        "findings": result.actual.finding_ids(),
    }


def summary(results):
    passed = sum(r.passed for r in results)
    return f"{passed} passed, {len(results) - passed} failed"


def text(results, verbose=False):
    lines = []
    for r in results:
        where = f"{r.scenario.file}: {r.scenario.name}"
        if r.passed:
            if verbose:
                lines.append(f"PASS {where}")
            continue
        lines.append(f"FAIL {where}")
        lines.extend(f"  {p}" for p in r.problems)
        if r.actual is not None:
            expected = r.scenario.expect
            lines.append(f"  expected: {json.dumps(expected, ensure_ascii=False)}")
            lines.append(f"  actual:   {json.dumps(_actual(r), ensure_ascii=False)}")
            for f in r.actual.findings:
                lines.append(f"    {f.id}: because {format_because(f.because)}")
    lines.append(summary(results))
    return "\n".join(lines)


def as_json(results, coverage=None):
    passed = sum(r.passed for r in results)
    doc = {
        "passed": passed,
        "failed": len(results) - passed,
        "cases": [
            {
                "file": r.scenario.file,
                "name": r.scenario.name,
                "passed": r.passed,
                "problems": list(r.problems),
                "expected": r.scenario.expect,
                "actual": _actual(r),
            }
            for r in results
        ],
    }
    if coverage is not None:
        from .coverage import percent

        doc["coverage"] = {
            "percent": round(percent(coverage), 1),
            "rules": [
                {"kind": c.kind, "id": c.id, "fired": c.fired, "not_fired": c.not_fired,
                 "never_deciding": list(c.undecided)}
                for c in coverage
            ],
        }
    return json.dumps(doc, ensure_ascii=False, indent=2)


def junit_xml(results):
    """JUnit XML as CI systems read it: one testcase per scenario case."""
    suite = ET.Element("testsuite", name="infoview scenarios", tests=str(len(results)),
                       failures=str(sum(not r.passed for r in results)), errors="0", skipped="0")
    for r in results:
        case = ET.SubElement(suite, "testcase", classname=r.scenario.file, name=r.scenario.name)
        if not r.passed:
            failure = ET.SubElement(case, "failure", message=r.problems[0] if r.problems else "failed")
            body = list(r.problems)
            body.append(f"expected: {json.dumps(r.scenario.expect, ensure_ascii=False)}")
            body.append(f"actual:   {json.dumps(_actual(r), ensure_ascii=False)}")
            failure.text = "\n".join(body)
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
