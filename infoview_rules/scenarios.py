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

import re
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

from . import conditions
from .because import format_because
from .errors import EngineError, InputError, did_you_mean, quoted, read_error
from .tables import unknown_keys

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


def _needs(problems, meant, key, message):
    """`message` (a required key is missing) unless a misspelt key's did-you-mean already names it
    (`meant`, from tables.unknown_keys): one mistake, one error."""
    if key not in meant:
        problems.append(message)


def _expect_problems(table, rules, context):
    """Every mistake in one `expect` table, one line each (none: the table is usable)."""
    if not isinstance(table, dict):
        return [f"{context}: expect must be a table"]
    problems, _ = unknown_keys(table, EXPECT_KEYS, f"{context}: expect")
    if not table:
        problems.append(f"{context}: expect is empty")
    classes = [c.id for c in rules.classifications]
    if "classification" in table and table["classification"] not in classes:
        problems.append(f"{context}: unknown classification {quoted(table['classification'])} (allowed: {', '.join(classes)})"
                        + did_you_mean(table["classification"], classes))
    if "aligned" in table and not isinstance(table["aligned"], bool):
        problems.append(f"{context}: expect.aligned must be true or false")
    if "findings" in table and "findings_include" in table:
        problems.append(f"{context}: expect has both 'findings' (the exact set) and 'findings_include' (at least these); keep one")
    ids = [f.id for f in rules.findings]
    actions = [a.id for a in rules.guidance.families["plan"]] if rules.guidance else []
    for key, allowed in (("findings", ids), ("findings_include", ids), ("goals", rules.schema.fields["goals"].values),
                         ("plan", actions)):
        if key not in table:
            continue
        values = table[key]
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            problems.append(f"{context}: expect.{key} must be a list of strings")
            continue
        for value in values:
            if value not in allowed:
                problems.append(f"{context}: expect.{key}: unknown {quoted(value)}" + did_you_mean(value, allowed))
    return problems


class ScenarioFileError(InputError):
    """The mistakes of a scenario file, one line each (`file:line: scenario NAME: message`)."""

    several = True  # the CLI shows each line as its own `error:` line

    def __init__(self, lines):
        super().__init__("\n".join(lines))
        self.lines = list(lines)


@dataclass
class ScenarioError:
    """One mistake in a scenario file: where it is, which scenario (or case), and what."""

    file: str
    message: str  # the whole line: file:line: scenario NAME: what is wrong
    line: int = 0
    scenario: str = ""  # the scenario's name ("scenario / case" for a case); "" for the file as a whole


def load_scenarios(path, rules, check_answers=True):
    """Every scenario (cases expanded) in a .toml file; ScenarioFileError with
    every mistake of the file, one line each, if it has any."""
    scenarios, errors = read_scenarios(path, rules, check_answers)
    if errors:
        raise ScenarioFileError([e.message for e in errors])
    return scenarios


def read_scenarios(path, rules, check_answers=True):
    """(the valid scenarios, a ScenarioError for each mistake) of a .toml file.

    Every mistake is reported, at its line, not only the first: a scenario or
    case with a mistake is left out and the file's other cases are still given,
    so that they can run. A file that cannot be read as scenarios at all gives
    one error and no scenarios. Without `check_answers` the answers are left
    to the caller (saved answers to start from may be partial, and, saved
    before the verdict, have no `expect`).
    """
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8")
        data = tomllib.loads(text)
    except OSError as error:
        return [], [_file_error(path, str(read_error(path, error, not_a="a scenario file")))]
    except UnicodeDecodeError:
        return [], [_file_error(path, f"{path}: not UTF-8 text")]
    except tomllib.TOMLDecodeError as error:
        return [], [_file_error(path, f"{path}: invalid TOML: {error}")]
    except RecursionError:
        return [], [_file_error(path, f"{path}: invalid TOML: nested too deeply")]
    unknown, _ = unknown_keys(data, ("scenario",), str(path))
    items = data.get("scenario")
    if unknown or not isinstance(items, list) or not items or not all(isinstance(i, dict) for i in items):
        return [], [_file_error(path, m) for m in unknown or [f"{path}: no [[scenario]] tables"]]
    lines = text.splitlines()
    blocks = _blocks(text)
    case_index = 0
    scenarios, errors = [], []

    def report(block, context, problems, answers_from=None, scenario=""):
        for message in problems:
            line = _line_in(lines, block, message[len(context):], answers_from)
            where = f"{path}:{line}" if line else str(path)
            errors.append(ScenarioError(str(path), where + message[len(str(path)):], line, scenario))

    for i, item in enumerate(items, 1):
        block = blocks["scenario"][i - 1] if i <= len(blocks["scenario"]) else None
        name = item.get("name")
        context = f"{path}: scenario {name if isinstance(name, str) and name.strip() else i}"
        problems, meant = unknown_keys(item, SCENARIO_KEYS, context)
        if not isinstance(name, str) or not name.strip():
            _needs(problems, meant, "name", f"{context}: needs a 'name'")
        answers = item.get("answers")
        if not isinstance(answers, dict):
            _needs(problems, meant, "answers", f"{context}: needs an 'answers' table")
        cases = item.get("case")
        if cases is None:
            if "expect" in item:
                problems += _expect_problems(item["expect"], rules, context)
            elif check_answers:  # answers to start from may be saved before the verdict: nothing to expect yet
                _needs(problems, meant, "expect", f"{context}: needs an 'expect' table")
            if isinstance(answers, dict) and check_answers:
                problems += [f"{context}: answers: {p}" for p in rules.schema.problems(answers)]
            report(block, context, problems, scenario=str(name))
            if not problems:
                scenarios.append(Scenario(name, str(path), answers, item.get("expect", {}),
                                          item.get("description", ""), block[0] if block else 0, (i - 1, None)))
            continue
        if "expect" in item:
            problems.append(f"{context}: a table of cases gives each case its own 'expect'")
        if not isinstance(cases, list) or not cases or not all(isinstance(c, dict) for c in cases):
            problems.append(f"{context}: 'case' must be a non-empty array of tables")
            cases = []
        report(block, context, problems, scenario=str(name))
        for j, case in enumerate(cases, 1):
            case_block = blocks["case"][case_index] if case_index < len(blocks["case"]) else block
            case_index += 1
            case_context = f"{context}: case {case.get('name', j)}"
            case_problems, case_meant = unknown_keys(case, CASE_KEYS, case_context)
            if not isinstance(case.get("name"), str):
                _needs(case_problems, case_meant, "name", f"{case_context}: needs a 'name'")
            if "expect" not in case:
                _needs(case_problems, case_meant, "expect", f"{case_context}: needs an 'expect' table")
            else:
                case_problems += _expect_problems(case["expect"], rules, case_context)
            changes = case.get("set", {})
            if not isinstance(changes, dict):
                case_problems.append(f"{case_context}: 'set' must be a table")
                changes = {}
            unset = case.get("unset", [])
            if not isinstance(unset, list) or not all(isinstance(f, str) for f in unset):
                case_problems.append(f"{case_context}: 'unset' must be a list of field names")
                unset = []
            merged = dict(answers) if isinstance(answers, dict) else None
            if merged is not None:
                merged.update(changes)
                for field in unset:
                    merged.pop(field, None)
            if merged is not None and check_answers:
                case_problems += [f"{case_context}: answers: {p}" for p in rules.schema.problems(merged)]
            case_name = f"{name} / {case.get('name', j)}"
            # a bad answer is shown where it is written: in the case's `set`, or in the scenario's `answers`
            report(case_block, case_context, case_problems, answers_from=(set(changes) | set(unset), block),
                   scenario=case_name)
            if not problems and not case_problems:
                scenarios.append(Scenario(case_name, str(path), merged, case["expect"], case.get("description", ""),
                                          case_block[0] if case_block else 0, (i - 1, j - 1)))
    seen, unique = set(), []
    for s in scenarios:  # named at the second one, which is left out
        if s.name in seen:
            where = f"{path}:{s.line}" if s.line else str(path)
            errors.append(ScenarioError(str(path), f"{where}: duplicate scenario name {quoted(s.name)}", s.line, s.name))
            continue
        seen.add(s.name)
        unique.append(s)
    scenarios = unique
    errors.sort(key=lambda e: e.line)
    return scenarios, errors


def _file_error(path, message):
    line = re.search(r"\(at line (\d+), column \d+\)$", message)
    return ScenarioError(str(path), message, int(line.group(1)) if line else 0)


def _blocks(text):
    """The (first, last) lines of each [[scenario]] and [[scenario.case]] table, in file
    order (the order tomllib gives them in); a table runs to the next header.
    Inline arrays of tables have no header: they get none."""
    headers = []
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(r"\s*\[\[\s*scenario\s*\]\]", line):
            headers.append(("scenario", number))
        elif re.match(r"\s*\[\[\s*scenario\s*\.\s*case\s*\]\]", line):
            headers.append(("case", number))
    blocks = {"scenario": [], "case": []}
    for k, (kind, first) in enumerate(headers):
        last = headers[k + 1][1] - 1 if k + 1 < len(headers) else len(text.splitlines())
        blocks[kind].append((first, last))
    return blocks


def _line_in(lines, block, said, answers_from=None):
    """The line, within a table's `block`, of the key or value an error names
    (`said`: the message after its context); the table's first line if none is found."""
    if block is None:
        return 0
    tokens = re.findall(r"'([^']+)'", said)
    if said.startswith(": answers: ") and answers_from is not None and tokens:
        # a case's answers: the field's own line, in the case's `set` or `unset`, or in the scenario's `answers`
        changed, scenario_block = answers_from
        field = re.match(r": answers: (?:field|unknown field|missing required field) '([^']+)'", said)
        if field and field.group(1) not in changed and scenario_block is not None:
            block = scenario_block
    # then the keys the message starts with: "expect.aligned must be..." -> aligned, expect
    keys = [k for k in reversed(re.split(r"[.:]", said.strip(": ").split(" ", 1)[0])) if k]
    first, last = block
    text = lines[first - 1:last]
    for token, quoted_only in [(t, False) for t in tokens] + [(k, True) for k in keys]:
        value = r"|[\"']" + re.escape(token) + r"[\"']" if not quoted_only else ""
        pattern = re.compile(r"(^|[\s.{,\[])" + re.escape(token) + r"\s*(=|\])" + value)
        found = [offset for offset, line in enumerate(text) if pattern.search(line)]
        if found:
            # of several lines with the value, the one that also names the field ("field 'goals': unknown value 'x'")
            others = [t for t in tokens if t != token]
            return first + next((o for o in found if any(t in text[o] for t in others)), found[0])
    return first


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
            problems.append(f"finding {extra.id}: fired, not expected (because {format_because(extra.because, extra.reasons)})")
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


# the description of a scenario saved before the verdict (no `expect`): questions are still to answer
BEFORE_THE_VERDICT = "before the verdict, with questions still to answer"


def scenario_toml(answers, advice, name=None, saved_by="infoview ask", notes=()):
    """One scenario (as `infoview ask --save` and the web page's download write it)
    that expects `advice` for `answers`. `notes`: sentences for its description after "Saved by ...",
    about what the answers leave out (flow.LEFT_OUT): words kept there change no verdict. `advice`
    None: answers saved before the verdict, so far (`ask` left at a question): no `expect`, as
    there is no verdict yet; `ask --answers` goes on from them, and `check` says it needs one."""
    import datetime

    import tomli_w

    name = name or f"My meeting, saved {datetime.date.today().isoformat()}"  # words, not a classification id
    scenario = {"name": name, "description": " ".join([f"Saved by {saved_by}.", *notes]), "answers": answers}
    if advice is None:
        scenario["description"] = " ".join([f"Saved by {saved_by} {BEFORE_THE_VERDICT}.", *notes])
    else:
        scenario["expect"] = {
            "classification": advice.classification,
            "aligned": advice.aligned,
            "findings": advice.finding_ids(),
            "goals": list(advice.goals),
        }
    doc = {"scenario": [scenario]}
    # tomli_w writes no comments: the one line that says, to whoever opens the file, what the ids below are for
    return tomli_w.dumps(doc).replace("\n[scenario.expect]\n", f"\n{EXPECT_COMMENT}\n[scenario.expect]\n", 1)


@dataclass(frozen=True)
class Saved:
    """What `ask --answers` goes on from: the answers, and of a scenario its name and description (where
    `ask --save` keeps own words that were left out, flow.LEFT_OUT); an answers file has neither."""

    answers: dict
    name: str | None = None
    description: str = ""
    verdict: bool = True  # False: a scenario saved before the verdict (no `expect`), maybe still partial


def read_saved(rules, path, scenario=None) -> Saved:
    """The answers, name and description in an answers file or a scenario file (as `ask --save` writes).

    The answers are validated but may be partial. A file of several scenarios
    needs `scenario` (a name) to say which: never silently the first.
    """
    from .reading import read_answers

    data, source = read_answers(path)
    return _saved(rules, data, source, scenario)


def saved_answers(rules, data, source, scenario=None):
    """(answers, name or None) in a file's data already read: see read_saved. A file saved before the verdict
    with questions still to answer is an error that says how to carry on, rather than which answer is missing."""
    saved = _saved(rules, data, source, scenario)
    if not saved.verdict and rules.schema.problems(saved.answers):
        from .program import command

        which = ("--scenario", scenario) if scenario is not None else ()
        raise InputError(f"{source}: saved {BEFORE_THE_VERDICT}; to carry on: "
                         f"{command('ask', '--answers', str(source), *which)}")
    return saved.answers, saved.name


def _saved(rules, data, source, scenario=None) -> Saved:
    name, description, verdict = None, "", True
    if "scenario" in data:
        if source == "<stdin>":
            raise InputError("<stdin>: scenarios are read from .toml files, not from stdin")
        found = load_scenarios(source, rules, check_answers=False)  # validated below, and may be partial
        names = [s.name for s in found]
        if scenario is not None:
            chosen = [s for s in found if s.name == scenario]
            if not chosen:
                raise InputError(f"{source}: no scenario named {scenario!r} (it has: {_names(names)})"
                                 + did_you_mean(scenario, names))
        elif len(found) == 1:
            chosen = found
        else:
            from .program import command

            raise InputError(f"{source}: holds {len(found)} scenarios ({_names(names)}); "
                             f"say which with --scenario NAME, or replay them all with `{command('check', str(source))}`")
        data, name, description = chosen[0].answers, chosen[0].name, chosen[0].description
        verdict = bool(chosen[0].expect)
    elif scenario is not None:
        raise InputError(f"{source}: --scenario {scenario!r}: this is an answers file, not a scenario file")
    try:
        return Saved(rules.schema.validate(data, partial=True), name, description, verdict)
    except InputError as error:
        raise InputError(f"{source}: {error}") from None


def _names(names, most=5):
    shown = ", ".join(repr(n) for n in names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")
