"""`infoview mutate`: mutants of the rule files that the scenarios must catch.

Each mutant changes one thing in classification.toml or findings.toml: drops
a condition or a branch of `any`, changes a value, flips a comparison, or
changes a classification (the one a finding tests, or the order of two
classifications). A mutant is caught when some scenario fails on it. A
survivor that gives the same advice as the original on every answers object
is equivalent: no scenario could catch it, and it is reported apart.
"""

import copy
import shutil
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

import tomli_w

from .errors import EngineError, InfoviewError, RulesError
from .parallel import chunks, run_chunks

FLIPS = {"is": "not", "not": "is", "in": "not_in", "not_in": "in", "has": "has_none",
         "has_any": "has_none", "has_none": "has_any", "has_all": "has_none"}


@dataclass
class Mutant:
    file: str
    rule: str
    change: str
    data: dict  # the whole mutated file

    @property
    def label(self):
        return f"{self.file}: {self.rule}: {self.change}"


def _other(value, domain):
    """The next value of the domain after `value` (wrapping)."""
    i = domain.index(value)
    return domain[(i + 1) % len(domain)]


def _test_mutations(field, test, domains):
    """(description, new test) for one field's test."""
    domain = [v for v in domains.values[field] if v]  # "" marks an unanswered optional question
    is_list = domains.is_list[field]
    if isinstance(test, str):
        test = {"has" if is_list else "is": test}
    for op, operand in test.items():
        rest = {k: v for k, v in test.items() if k != op}
        if op in FLIPS:
            flipped = FLIPS[op]
            new = operand if flipped in ("is", "not", "has") or isinstance(operand, list) else [operand]
            if flipped in ("is", "not", "has") and isinstance(operand, list):
                new = operand[0]
            yield f"flip {field} {op} -> {flipped}", dict(rest, **{flipped: new})
        if isinstance(operand, str):
            yield f"change {field} {op} {operand} -> {_other(operand, domain)}", dict(rest, **{op: _other(operand, domain)})
        else:
            spare = [v for v in domain if v not in operand]
            if spare:
                yield f"change {field} {op} {operand[0]} -> {spare[0]}", dict(rest, **{op: [spare[0]] + operand[1:]})
            if len(operand) > 1:
                yield f"drop {operand[-1]} from {field} {op}", dict(rest, **{op: operand[:-1]})
        if rest:
            yield f"drop {field} {op}", rest


def _when_mutations(when, domains):
    for key, test in when.items():
        others = {k: v for k, v in when.items() if k != key}
        if key == "any":
            if others:
                yield "drop the any", others
            for i, branch in enumerate(test):
                if len(test) > 1:
                    yield f"drop branch {i + 1} of any", dict(others, any=test[:i] + test[i + 1:])
                for change, new_branch in _when_mutations(branch, domains):
                    yield f"{change} in branch {i + 1} of any", dict(others, any=test[:i] + [new_branch] + test[i + 1:])
            continue
        if others:
            yield f"drop condition {key}", others
        for change, new_test in _test_mutations(key, test, domains):
            yield change, dict(others, **{key: new_test})


def make_mutants(rules):
    """Every mutant of the rules' classification.toml and findings.toml."""
    mutants = []
    for name, key in (("classification.toml", "classification"), ("findings.toml", "finding")):
        data = tomllib.loads((rules.directory / name).read_text(encoding="utf-8"))
        for index, item in enumerate(data[key]):
            if "when" not in item:
                continue
            for change, when in _when_mutations(item["when"], rules.domains):
                mutated = copy.deepcopy(data)
                mutated[key][index]["when"] = when
                mutants.append(Mutant(name, f"{key} {item['id']}", change, mutated))
        if key == "classification":
            items = data[key]
            for i in range(len(items) - 1):
                if "when" in items[i] and "when" in items[i + 1]:
                    mutated = copy.deepcopy(data)
                    mutated[key][i], mutated[key][i + 1] = mutated[key][i + 1], mutated[key][i]
                    mutants.append(Mutant(name, f"classification {items[i]['id']}", f"swap order with {items[i + 1]['id']}", mutated))
    return mutants


def _write(rules_dir, mutant, folder):
    target = Path(folder) / "rules"
    shutil.copytree(rules_dir, target)
    (target / mutant.file).write_text(tomli_w.dumps(mutant.data), encoding="utf-8")
    return target


def _try(rules_dir, mutant, scenarios):
    """('invalid' | 'caught' | 'survived' | 'error', detail) for one mutant."""
    from .advisor import Advisor
    from .scenarios import compare

    with tempfile.TemporaryDirectory(prefix="infoview-mutant-") as folder:
        try:
            advisor = Advisor(_write(rules_dir, mutant, folder), cache=False)
        except RulesError:
            return "invalid", None  # the loader rejects it: no rule author could ship it
        except EngineError as error:
            return "error", str(error)  # not the mutant's fault: the run cannot be trusted
        for scenario in scenarios:
            try:
                if compare(scenario, advisor.advise(scenario.answers), advisor.rules):
                    return "caught", scenario.name
            except EngineError as error:
                return "error", f"{scenario.name}: {error}"
            except InfoviewError:
                return "caught", scenario.name
        return "survived", None


def _equivalent(original, mutant):
    """Whether a surviving mutant gives the original's advice everywhere (what
    `infoview diff` would say of the two: no answers object changes)."""
    from .advisor import Advisor
    from .diff import diff

    with tempfile.TemporaryDirectory(prefix="infoview-mutant-") as folder:
        changed = Advisor(_write(original.rules.directory, mutant, folder), cache=False)
        return diff(original.rules, changed.rules, advisors=[original, changed]).changed == 0


def _try_chunk(advisors, chunk):
    return [_try(advisors[0].rules.directory, mutant, scenarios) for mutant, scenarios in chunk]


def _equivalent_chunk(advisors, chunk):
    return [_equivalent(advisors[0], mutant) for mutant in chunk]


def run_mutants(rules, mutants, scenarios, workers, progress=None):
    """(results, equivalent): results is a list of (mutant, outcome, catching scenario).

    One mutant per chunk, so progress moves mutant by mutant. Each mutant's
    rule set stays registered in its worker's durable-rules host (names
    cannot be unregistered); a few hundred small rule sets are fine.
    """
    results = []
    tried = run_chunks(_try_chunk, chunks(((m, scenarios) for m in mutants), 1), [rules.directory], workers)
    # strict: zip then asks `tried` for one more result, so it runs to its end and
    # shuts its pool down here. Left suspended, that pool's threads were still up
    # when the next pool forked (Python 3.12+: "multi-threaded, use of fork()").
    for mutant, [(outcome, by)] in zip(mutants, tried, strict=True):
        results.append((mutant, outcome, by))
        if progress:
            progress(1)
    survivors = [m for m, outcome, _ in results if outcome == "survived"]
    flags = [flag for chunk in run_chunks(_equivalent_chunk, chunks(survivors, 1), [rules.directory], workers)
             for flag in chunk]
    equivalent = {id(m) for m, same in zip(survivors, flags) if same}
    return results, equivalent


def render(results, equivalent, verbose=False):
    lines = []
    for mutant, outcome, by in results:
        if outcome == "error":
            lines.append(f"ERROR {mutant.label}: {by}")
        elif outcome == "survived":
            tag = "EQUIVALENT" if id(mutant) in equivalent else "SURVIVED"
            lines.append(f"{tag} {mutant.label}")
        elif verbose:
            lines.append(f"{outcome} {mutant.label}" + (f" (by: {by})" if by else ""))
    counts = {k: sum(o == k for _, o, _ in results) for k in ("caught", "survived", "invalid", "error")}
    real = counts["survived"] - len(equivalent)
    errors = f", {counts['error']} errors" if counts["error"] else ""
    lines.append(
        f"{len(results)} mutants: {counts['caught']} caught, {real} survived, "
        f"{len(equivalent)} equivalent, {counts['invalid']} invalid{errors}"
    )
    return "\n".join(lines), real + counts["error"]


def as_json(results, equivalent):
    """Every mutant with its outcome: caught (and by which scenario), survived, equivalent, invalid, error."""
    import json

    cases = []
    for mutant, outcome, by in results:
        if outcome == "survived" and id(mutant) in equivalent:
            outcome = "equivalent"
        cases.append({"file": mutant.file, "rule": mutant.rule, "change": mutant.change, "outcome": outcome,
                      "caught_by" if outcome == "caught" else "detail": by})
    totals = {k: sum(c["outcome"] == k for c in cases) for k in ("caught", "survived", "equivalent", "invalid", "error")}
    return json.dumps({"mutants": len(cases), **totals, "results": cases}, ensure_ascii=False, indent=2)
