"""Scenario coverage of the rules, in the spirit of `opa test --coverage`.

Two measures, on the scenarios' actual advice:

- rule coverage: each classification and finding fires in some scenario, and
  does not fire in some other;
- condition coverage, MC/DC (modified condition/decision coverage): each
  condition the rule author wrote in a rule's `when` is shown to decide the
  rule's outcome on its own. That takes a *pair* of scenarios in which the
  condition differs and the outcome differs, the condition matters in both
  (flipping it alone would flip the outcome), and every other condition of
  the rule that differs between the two matters in neither (it is masked).

A classification's outcome is "this classification is the one derived": its
own `when`, given that no earlier classification applies. The fallback (no
`when`) has no conditions. The engine decides the outcomes; the rule's
conditions are evaluated here only to see which of them mattered.
"""

from dataclasses import dataclass, field

from .conditions import All, Lit, describe, holds


@dataclass
class RuleCoverage:
    kind: str  # "classification" or "finding"
    id: str
    fired: int = 0
    not_fired: int = 0
    conditions: tuple = ()  # readable form of each condition the rule author wrote
    pairs: dict = field(default_factory=dict)  # condition -> (scenario, scenario) that show it decides

    @property
    def without_pair(self) -> list:
        return [c for c in self.conditions if c not in self.pairs]

    @property
    def items(self) -> tuple:
        """(covered, total) coverage items of this rule: fires, does not fire, one per condition."""
        total = 2 + len(self.conditions)
        covered = (self.fired > 0) + (self.not_fired > 0) + len(self.pairs)
        return covered, total


def leaves(node) -> list:
    """The conditions (literals) of a `when` tree, in the order they are written."""
    if node is None:
        return []
    if isinstance(node, Lit):
        return [node]
    return [leaf for part in node.parts for leaf in leaves(part)]


def evaluate(node, values, start=0) -> tuple:
    """(value, next index): the tree's value when its leaves take `values`, in order."""
    if isinstance(node, Lit):
        return values[start], start + 1
    results = []
    index = start
    for part in node.parts:
        value, index = evaluate(part, values, index)
        results.append(value)
    return (all(results) if isinstance(node, All) else any(results)), index


def _outcome(node, values, blocked):
    return not blocked and evaluate(node, values)[0]


def _matters(node, values, blocked, i):
    flipped = list(values)
    flipped[i] = not flipped[i]
    return _outcome(node, values, blocked) != _outcome(node, flipped, blocked)


def mcdc_pairs(node, observations) -> dict:
    """{leaf index: (name, name)} for each leaf with an MC/DC pair among
    `observations`: (name, leaf values, blocked, outcome) per scenario."""
    count = len(leaves(node))
    matters = [[_matters(node, v, b, i) for i in range(count)] for _, v, b, _ in observations]
    pairs = {}
    for i in range(count):
        for a, (name_a, va, _, out_a) in enumerate(observations):
            if i in pairs:
                break
            if not matters[a][i]:
                continue
            for b in range(a + 1, len(observations)):
                name_b, vb, _, out_b = observations[b]
                if va[i] == vb[i] or out_a == out_b or not matters[b][i]:
                    continue
                if all(va[d] == vb[d] or not (matters[a][d] or matters[b][d]) for d in range(count) if d != i):
                    pairs[i] = (name_a, name_b)
                    break
    return pairs


def measure(rules, results) -> list:
    """Coverage of `rules` by scenario results that have an actual Advice."""
    advised = [r for r in results if r.actual is not None]
    report = []
    earlier = []
    for rule in rules.classifications:
        happened = [r.actual.classification == rule.id for r in advised]
        blocked = [any(_holds_tree(e, r) for e in earlier) for r in advised]
        report.append(_rule_coverage("classification", rule, advised, happened, blocked))
        if rule.when is not None:
            earlier.append(rule.when)
    for rule in rules.findings:
        happened = [rule.id in r.actual.finding_ids() for r in advised]
        report.append(_rule_coverage("finding", rule, advised, happened, [False] * len(advised)))
    return report


def _holds_tree(node, result):
    return evaluate(node, [holds(l, result.actual_answers, result.actual.classification) for l in leaves(node)])[0]


def _rule_coverage(kind, rule, advised, happened, blocked):
    cov = RuleCoverage(kind, rule.id)
    cov.fired = sum(happened)
    cov.not_fired = len(happened) - cov.fired
    node = rule.when
    if node is None:
        return cov
    own = leaves(node)
    names = [describe(l) for l in own]
    # the same text twice (a has_all, or a repeated test) is one condition for the reader
    cov.conditions = tuple(dict.fromkeys(names))
    observations = [
        (r.scenario.name, [holds(l, r.actual_answers, r.actual.classification) for l in own], b, h)
        for r, b, h in zip(advised, blocked, happened)
    ]
    for index, pair in mcdc_pairs(node, observations).items():
        cov.pairs.setdefault(names[index], pair)
    return cov


def percent(report) -> float:
    covered = sum(c.items[0] for c in report)
    total = sum(c.items[1] for c in report)
    return 100.0 * covered / total if total else 100.0


def render(report) -> str:
    lines = ["coverage: each rule fires and does not fire; each condition has an MC/DC pair"]
    for cov in report:
        covered, total = cov.items
        marks = []
        if not cov.fired:
            marks.append("never fires")
        if not cov.not_fired:
            marks.append("always fires")
        marks.extend(f"no MC/DC pair: {c}" for c in cov.without_pair)
        status = "ok" if covered == total else "; ".join(marks)
        lines.append(f"  {cov.kind:<14} {cov.id:<34} fired {cov.fired:>3}, not {cov.not_fired:>3}  {status}")
    lines.append(f"coverage: {percent(report):.1f}%")
    return "\n".join(lines)


def as_dict(report) -> dict:
    return {
        "percent": round(percent(report), 1),
        "rules": [
            {"kind": c.kind, "id": c.id, "fired": c.fired, "not_fired": c.not_fired,
             "conditions": [
                 {"condition": name, "mcdc_pair": list(c.pairs[name]) if name in c.pairs else None}
                 for name in c.conditions
             ],
             "without_mcdc_pair": c.without_pair}
            for c in report
        ],
    }
