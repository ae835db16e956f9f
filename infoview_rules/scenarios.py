"""Scenario files: answers plus the expected outcome, many per file; read, run and written here.

    [[scenario]]
    name = "asked to learn, hopes for an interview"
    answers = { requested_by = "me", ... }
    expect = { classification = "informational", aligned = false,
               findings = ["expects-job-interview", "prepared"] }

`expect.findings` is the exact set of findings that must fire (order free).
A scenario may instead hold a table of cases: `answers` is the base and each
`[[scenario.case]]` has a `name`, `set` (fields that differ from the base),
optionally `unset` (fields to drop) and its own `expect`.
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .because import format_because
from .errors import InputError, did_you_mean, read_error
from .tables import check_keys

SCENARIO_KEYS = ("name", "answers", "expect", "description", "case")
CASE_KEYS = ("name", "set", "unset", "expect", "description")
EXPECT_KEYS = ("classification", "aligned", "findings", "goals")


def shipped_scenarios_dir():
    here = Path(__file__).resolve().parent
    inside = here / "data" / "scenarios"  # installed: package data (see setup.cfg)
    return inside if inside.is_dir() else here.parent / "scenarios"


@dataclass
class Scenario:
    name: str
    file: str
    answers: dict
    expect: dict
    description: str = ""


@dataclass
class CaseResult:
    scenario: Scenario
    passed: bool
    actual: object = None  # Advice, when the answers could be advised on
    actual_answers: dict = None  # the normalized answers the advice was for
    error: str = ""
    problems: tuple = ()  # what differed, one line each


def _expect(table, rules, context):
    check_keys(table, (), EXPECT_KEYS, f"{context}: expect", InputError)
    if not table:
        raise InputError(f"{context}: expect is empty")
    classes = [c.id for c in rules.classifications]
    if "classification" in table and table["classification"] not in classes:
        raise InputError(f"{context}: unknown classification '{table['classification']}' (allowed: {', '.join(classes)})")
    if "aligned" in table and not isinstance(table["aligned"], bool):
        raise InputError(f"{context}: expect.aligned must be true or false")
    ids = [f.id for f in rules.findings]
    for key, allowed in (("findings", ids), ("goals", rules.schema.fields["goals"].values)):
        if key not in table:
            continue
        values = table[key]
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise InputError(f"{context}: expect.{key} must be a list of strings")
        for value in values:
            if value not in allowed:
                raise InputError(f"{context}: expect.{key}: unknown '{value}'" + did_you_mean(value, allowed))
    return table


def load_scenarios(path, rules):
    """Every scenario (cases expanded) in a .toml file."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8"))
    except OSError as error:
        raise read_error(path, error, not_a="a scenario file") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"{path}: invalid TOML: {error}") from None
    except RecursionError:
        raise InputError(f"{path}: invalid TOML: nested too deeply") from None
    check_keys(data, (), ("scenario",), str(path), InputError)
    items = data.get("scenario")
    if not isinstance(items, list) or not items:
        raise InputError(f"{path}: no [[scenario]] tables")
    scenarios = []
    for i, item in enumerate(items, 1):
        context = f"{path}: scenario {item.get('name', i) if isinstance(item, dict) else i}"
        check_keys(item, (), SCENARIO_KEYS, context, InputError)
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            raise InputError(f"{context}: needs a 'name'")
        answers = item.get("answers")
        if not isinstance(answers, dict):
            raise InputError(f"{context}: needs an 'answers' table")
        cases = item.get("case")
        if cases is None:
            if "expect" not in item:
                raise InputError(f"{context}: needs an 'expect' table")
            scenarios.append(Scenario(name, str(path), answers, _expect(item["expect"], rules, context), item.get("description", "")))
            continue
        if "expect" in item:
            raise InputError(f"{context}: a table of cases gives each case its own 'expect'")
        if not isinstance(cases, list) or not cases:
            raise InputError(f"{context}: 'case' must be a non-empty array of tables")
        for j, case in enumerate(cases, 1):
            case_context = f"{context}: case {case.get('name', j) if isinstance(case, dict) else j}"
            check_keys(case, (), CASE_KEYS, case_context, InputError)
            if not isinstance(case.get("name"), str):
                raise InputError(f"{case_context}: needs a 'name'")
            if "expect" not in case:
                raise InputError(f"{case_context}: needs an 'expect' table")
            merged = dict(answers)
            changes = case.get("set", {})
            if not isinstance(changes, dict):
                raise InputError(f"{case_context}: 'set' must be a table")
            merged.update(changes)
            for field in case.get("unset", []):
                merged.pop(field, None)
            scenarios.append(Scenario(
                f"{name} / {case['name']}", str(path), merged,
                _expect(case["expect"], rules, case_context), case.get("description", ""),
            ))
    names = [s.name for s in scenarios]
    for n in names:
        if names.count(n) > 1:
            raise InputError(f"{path}: duplicate scenario name '{n}'")
    return scenarios


def scenario_files(paths):
    """The .toml files named, or found (sorted) in the folders named."""
    files = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(path.rglob("*.toml"))
            if not found:
                raise InputError(f"{path}: no scenario files (*.toml)")
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return files


def compare(scenario, advice):
    """Lines describing how `advice` differs from what the scenario expects."""
    expect = scenario.expect
    problems = []
    if "classification" in expect and advice.classification != expect["classification"]:
        problems.append(f"classification: expected {expect['classification']}, got {advice.classification}")
    if "aligned" in expect and advice.aligned != expect["aligned"]:
        problems.append(f"aligned: expected {str(expect['aligned']).lower()}, got {str(advice.aligned).lower()}")
    if "goals" in expect and set(advice.goals) != set(expect["goals"]):
        problems.append(f"goals: expected {sorted(expect['goals'])}, got {sorted(advice.goals)}")
    if "findings" in expect:
        actual = set(advice.finding_ids())
        wanted = set(expect["findings"])
        for missing in sorted(wanted - actual):
            problems.append(f"finding {missing}: expected to fire, did not")
        for extra in [f for f in advice.findings if f.id not in wanted]:
            problems.append(f"finding {extra.id}: fired, not expected (because {format_because(extra.because)})")
    return problems


def run_scenarios(advisor, scenarios):
    for scenario in scenarios:
        try:
            advice = advisor.advise(scenario.answers)
        except InputError as error:
            yield CaseResult(scenario, False, error=f"bad answers: {error}", problems=(f"bad answers: {error}",))
            continue
        problems = compare(scenario, advice)
        answers = dict(advisor.normalize(scenario.answers), goals=advice.goals)
        yield CaseResult(scenario, not problems, advice, answers, problems=tuple(problems))


def scenario_toml(answers, advice, name=None):
    """One scenario (as `infoview ask --save` writes it) that expects `advice` for `answers`."""
    import datetime

    import tomli_w

    name = name or f"{advice.classification} meeting, saved {datetime.date.today().isoformat()}"
    expect = {
        "classification": advice.classification,
        "aligned": advice.aligned,
        "findings": advice.finding_ids(),
        "goals": list(advice.goals),
    }
    doc = {"scenario": [{"name": name, "description": "Saved by infoview ask.", "answers": answers, "expect": expect}]}
    return tomli_w.dumps(doc)


def read_saved(rules, path, scenario=None):
    """(answers, scenario name or None) from an answers file or a scenario file (as `ask --save` writes).

    The answers are validated but may be partial. A file of several scenarios
    needs `scenario` (a name) to say which: never silently the first.
    """
    from .reading import read_answers

    data, source = read_answers(path)
    return saved_answers(rules, data, source, scenario)


def saved_answers(rules, data, source, scenario=None):
    """(answers, name or None) in a file's data already read: see read_saved."""
    name = None
    if "scenario" in data:
        if source == "<stdin>":
            raise InputError("<stdin>: scenarios are read from .toml files, not from stdin")
        found = load_scenarios(source, rules)
        names = [s.name for s in found]
        if scenario is not None:
            chosen = [s for s in found if s.name == scenario]
            if not chosen:
                raise InputError(f"{source}: no scenario named {scenario!r} (it has: {_names(names)})"
                                 + did_you_mean(scenario, names))
        elif len(found) == 1:
            chosen = found
        else:
            raise InputError(f"{source}: holds {len(found)} scenarios ({_names(names)}); "
                             f"say which with --scenario NAME, or replay them all with `infoview check {source}`")
        data, name = chosen[0].answers, chosen[0].name
    elif scenario is not None:
        raise InputError(f"{source}: --scenario {scenario!r}: this is an answers file, not a scenario file")
    try:
        return rules.schema.validate(data, partial=True), name
    except InputError as error:
        raise InputError(f"{source}: {error}") from None


def _names(names, most=5):
    shown = ", ".join(repr(n) for n in names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")
