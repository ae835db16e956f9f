"""`infoview check --accept`: rewrite the expectations of failing cases, as snapshot tools do.

Only the keys a case already expects are rewritten (a case that checks only
the classification keeps checking only that), with the actual advice. The
files are edited with tomlkit, which keeps their layout and comments. A case
that could not be judged (bad answers) or whose failure no expectation can
fix (findings declared exclusive that fired together) is left as it is.
"""

from collections.abc import Callable
from pathlib import Path

from .files import write_atomically


def new_expect(result) -> dict:
    """The expect keys of a failing case that change, with their new values."""
    expect, advice = result.scenario.expect, result.actual
    actual = {
        "classification": advice.classification,
        "aligned": advice.aligned,
        "goals": list(advice.goals),
        "findings": advice.finding_ids(),
    }
    changes = {}
    for key in ("classification", "aligned"):
        if key in expect and expect[key] != actual[key]:
            changes[key] = actual[key]
    if "goals" in expect and set(expect["goals"]) != set(actual["goals"]):
        changes["goals"] = actual["goals"]
    if "findings" in expect and set(expect["findings"]) != set(actual["findings"]):
        changes["findings"] = actual["findings"]
    if "findings_include" in expect and not set(expect["findings_include"]) <= set(actual["findings"]):
        # the subset stays a subset: keep those that still fire
        changes["findings_include"] = [f for f in expect["findings_include"] if f in actual["findings"]]
    return changes


def _show(value):
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return "[" + ", ".join(f'"{v}"' for v in value) + "]"
    return f'"{value}"'


def plan(results) -> tuple[list, list]:
    """(changes, skipped): (result, {key: new value}) for each failing case that
    accepting fixes, and (result, reason) for each that it cannot."""
    changes, skipped = [], []
    for r in results:
        if r.passed:
            continue
        if r.actual is None:
            skipped.append((r, r.error or "no advice"))
            continue
        keys = new_expect(r)
        unfixable = [p for p in r.problems if "declared exclusive" in p]
        if unfixable:
            skipped.append((r, unfixable[0]))
        elif keys:
            changes.append((r, keys))
    return changes, skipped


def describe(changes, skipped) -> list[str]:
    lines = []
    for r, keys in changes:
        lines.append(f"{r.scenario.file}:{r.scenario.line}: {r.scenario.name}")
        for key, value in keys.items():
            lines.append(f"  - {key} = {_show(r.scenario.expect[key])}")
            lines.append(f"  + {key} = {_show(value)}")
    for r, reason in skipped:
        lines.append(f"{r.scenario.file}:{r.scenario.line}: {r.scenario.name}: not accepted: {reason}")
    return lines


def _set(table, key, value):
    import tomlkit

    if isinstance(value, list):
        old = table[key]
        array = tomlkit.array()
        array.extend(value)
        if "\n" in old.as_string():
            array.multiline(True)
        table[key] = array
    else:
        table[key] = value


def rewrite(changes) -> list[str]:
    """Write the new expectations into the scenario files; the files written."""
    import tomlkit

    by_file = {}
    for r, keys in changes:
        by_file.setdefault(r.scenario.file, []).append((r.scenario.position, keys))
    for file, edits in by_file.items():
        path = Path(file)
        doc = tomlkit.parse(path.read_text(encoding="utf-8"))
        for (index, case), keys in edits:
            table = doc["scenario"][index]
            if case is not None:
                table = table["case"][case]
            for key, value in keys.items():
                _set(table["expect"], key, value)
        write_atomically(path, tomlkit.dumps(doc))
    return list(by_file)


def accept_results(results, confirm: Callable[[str], bool] | None, echo: Callable[[str], None]) -> bool:
    """Show what would change, ask (unless `confirm` is None), rewrite. True if
    every failing case is now accepted."""
    changes, skipped = plan(results)
    for line in describe(changes, skipped):
        echo(line)
    if not changes:
        echo("nothing to accept")
        return not skipped and all(r.passed for r in results)
    cases = f"{len(changes)} case{'s' if len(changes) != 1 else ''}"
    files = len({r.scenario.file for r, _ in changes})
    if confirm is not None and not confirm(f"Rewrite the expectations of {cases} in {files} file{'s' if files != 1 else ''}?"):
        echo("nothing written")
        return False
    written = rewrite(changes)
    echo(f"accepted {cases}; rewrote {', '.join(written)}")
    return not skipped
