"""Scenario files: answers plus the expected outcome, many per file; read, run and written here.

    [[scenario]]
    name = "asked to learn, hopes for an interview"
    answers = { requested_by = "me", ... }
    expect = { classification = "informational", aligned = false,
               findings = ["expects-job-interview", "prepared"] }

`expect.findings` is the exact set of findings that must fire (order free);
`expect.findings_include` lists findings that must fire among others.
A scenario may instead hold a table of cases: `answers` is the base and each
`[[scenario.case]]` has a `name`, `set` (fields that differ from the base),
optionally `unset` (fields to drop) and its own `expect`.
"""

import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

from . import conditions
from .because import format_because
from .errors import EngineError, InputError, did_you_mean, read_error
from .tables import check_keys

SCENARIO_KEYS = ("name", "answers", "expect", "description", "case")
CASE_KEYS = ("name", "set", "unset", "expect", "description")
EXPECT_KEYS = ("classification", "aligned", "findings", "findings_include", "goals", "plan")  # plan: the action ids, in order


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
    line: int = 0  # where the scenario (or its case) starts in the file; 0 if unknown
    position: tuple = ()  # (scenario index, case index or None) in the file, for --accept


@dataclass
class CaseResult:
    scenario: Scenario
    passed: bool
    actual: object = None  # Advice, when the answers could be advised on
    actual_answers: dict = None  # the normalized answers the advice was for
    error: str = ""  # why the case could not be judged (bad answers, a gap in the rules)
    problems: tuple = ()  # what differed, one line each
    seconds: float = 0.0  # time to advise on and compare this case

    @property
    def status(self) -> str:
        """'pass', 'fail' (the advice differs from `expect`) or 'error' (no advice to compare)."""
        return "pass" if self.passed else ("error" if self.error else "fail")


def _expect(table, rules, context):
    check_keys(table, (), EXPECT_KEYS, f"{context}: expect", InputError)
    if not table:
        raise InputError(f"{context}: expect is empty")
    classes = [c.id for c in rules.classifications]
    if "classification" in table and table["classification"] not in classes:
        raise InputError(f"{context}: unknown classification '{table['classification']}' (allowed: {', '.join(classes)})")
    if "aligned" in table and not isinstance(table["aligned"], bool):
        raise InputError(f"{context}: expect.aligned must be true or false")
    if "findings" in table and "findings_include" in table:
        raise InputError(f"{context}: expect has both 'findings' (the exact set) and 'findings_include' (at least these); keep one")
    ids = [f.id for f in rules.findings]
    actions = [a.id for a in rules.guidance.families["plan"]] if rules.guidance else []
    for key, allowed in (("findings", ids), ("findings_include", ids), ("goals", rules.schema.fields["goals"].values),
                         ("plan", actions)):
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
        text = path.read_bytes().decode("utf-8")
        data = tomllib.loads(text)
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
    scenario_lines, case_lines = _header_lines(text)
    case_index = 0
    scenarios = []
    for i, item in enumerate(items, 1):
        line = scenario_lines[i - 1] if i <= len(scenario_lines) else 0
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
            scenarios.append(Scenario(name, str(path), answers, _expect(item["expect"], rules, context),
                                      item.get("description", ""), line, (i - 1, None)))
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
            case_line = case_lines[case_index] if case_index < len(case_lines) else line
            case_index += 1
            scenarios.append(Scenario(
                f"{name} / {case['name']}", str(path), merged,
                _expect(case["expect"], rules, case_context), case.get("description", ""), case_line, (i - 1, j - 1),
            ))
    names = [s.name for s in scenarios]
    for n in names:
        if names.count(n) > 1:
            raise InputError(f"{path}: duplicate scenario name '{n}'")
    return scenarios


def _header_lines(text):
    """Line numbers of the [[scenario]] and [[scenario.case]] headers, in file order
    (the order tomllib gives the tables in). Inline arrays have none: line 0."""
    import re

    scenario_lines, case_lines = [], []
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(r"\s*\[\[\s*scenario\s*\]\]", line):
            scenario_lines.append(number)
        elif re.match(r"\s*\[\[\s*scenario\s*\.\s*case\s*\]\]", line):
            case_lines.append(number)
    return scenario_lines, case_lines


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


def compare(scenario, advice, rules=None):
    """Lines describing how `advice` differs from what the scenario expects.

    With `rules`, a finding expected to fire that did not names the conditions
    that were false, and findings declared `exclusive` that fired together
    are a problem even when the scenario expected both.
    """
    expect = scenario.expect
    problems = []
    if "classification" in expect and advice.classification != expect["classification"]:
        problems.append(f"classification: expected {expect['classification']}, got {advice.classification}")
    if "aligned" in expect and advice.aligned != expect["aligned"]:
        problems.append(f"aligned: expected {str(expect['aligned']).lower()}, got {str(advice.aligned).lower()}")
    if "goals" in expect and set(advice.goals) != set(expect["goals"]):
        problems.append(f"goals: expected {sorted(expect['goals'])}, got {sorted(advice.goals)}")
    actual = set(advice.finding_ids())
    wanted = set(expect.get("findings", expect.get("findings_include", ())))
    for missing in sorted(wanted - actual):
        why = _why_not(rules, missing, scenario, advice) if rules is not None else ""
        problems.append(f"finding {missing}: expected to fire, did not" + (f" (false: {why})" if why else ""))
    if "findings" in expect:
        for extra in [f for f in advice.findings if f.id not in wanted]:
            problems.append(f"finding {extra.id}: fired, not expected (because {format_because(extra.because)})")
    if "plan" in expect:
        plan = [c.id for c in advice.next_steps.plan]
        if plan != expect["plan"]:
            problems.append(f"plan: expected {expect['plan']}, got {plan}")
    if rules is not None:
        for a, b in exclusive_pairs(rules):
            if a in actual and b in actual:
                problems.append(f"findings {a} and {b}: fired together, but they are declared exclusive")
    return problems


def exclusive_pairs(rules):
    """Each pair of findings declared `exclusive`, once, in the order the rules declare them."""
    pairs = []
    for f in rules.findings:
        for other in f.exclusive:
            if (f.id, other) not in pairs and (other, f.id) not in pairs:
                pairs.append((f.id, other))
    return pairs


def _why_not(rules, finding_id, scenario, advice):
    """The conditions of a finding that were false for these answers, readable."""
    rule = next((f for f in rules.findings if f.id == finding_id), None)
    if rule is None or rule.when is None:
        return ""
    answers = dict(rules.schema.validate(scenario.answers), goals=advice.goals)
    return "; ".join(false_conditions(rule.when, answers, advice.classification))


def false_conditions(node, answers, classification):
    """Readable forms of the conditions of `node` that do not hold."""
    if isinstance(node, conditions.Lit):
        if conditions.holds(node, answers, classification):
            return []
        value = classification if node.field == conditions.CLASSIFICATION else answers.get(node.field)
        if isinstance(value, list):
            value = f"[{', '.join(value)}]" if value else "empty"
        return [f"{conditions.describe(node)} (it is {'absent' if value is None else value})"]
    parts = [false_conditions(p, answers, classification) for p in node.parts]
    if isinstance(node, conditions.All):
        return [line for part in parts for line in part]
    if all(parts):  # an `any` that does not hold: every branch fails
        return ["none of: " + " | ".join(" and ".join(part) for part in parts)]
    return []


def run_scenarios(advisor, scenarios):
    """A CaseResult per scenario, in order. A case that cannot be judged (bad
    answers, or rules that give these answers no classification) is an error
    of that case alone: the run goes on."""
    for scenario in scenarios:
        start = time.perf_counter()
        try:
            advice = advisor.advise(scenario.answers)
        except InputError as error:
            yield CaseResult(scenario, False, error=f"bad answers: {error}", problems=(f"bad answers: {error}",),
                             seconds=time.perf_counter() - start)
            continue
        except EngineError as error:
            message = f"the rules cannot advise on these answers: {error}"
            yield CaseResult(scenario, False, error=message, problems=(message,), seconds=time.perf_counter() - start)
            continue
        problems = compare(scenario, advice, advisor.rules)
        answers = dict(advisor.normalize(scenario.answers), goals=advice.goals)
        yield CaseResult(scenario, not problems, advice, answers, problems=tuple(problems),
                         seconds=time.perf_counter() - start)


EXPECT_COMMENT = "# The verdict these answers got, so a career adviser can turn this file into a test case (infoview check)."


def scenario_toml(answers, advice, name=None, saved_by="infoview ask"):
    """One scenario (as `infoview ask --save` and the web page's download write it)
    that expects `advice` for `answers`."""
    import datetime

    import tomli_w

    name = name or f"My meeting, saved {datetime.date.today().isoformat()}"  # words, not a classification id
    expect = {
        "classification": advice.classification,
        "aligned": advice.aligned,
        "findings": advice.finding_ids(),
        "goals": list(advice.goals),
    }
    doc = {"scenario": [{"name": name, "description": f"Saved by {saved_by}.", "answers": answers, "expect": expect}]}
    # tomli_w writes no comments: the one line that says, to whoever opens the file, what the ids below are for
    return tomli_w.dumps(doc).replace("\n[scenario.expect]\n", f"\n{EXPECT_COMMENT}\n[scenario.expect]\n", 1)


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
