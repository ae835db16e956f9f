"""Scenario coverage of the rules, in the spirit of `opa test --coverage`.

For each classification and finding: did some scenario make it fire, and some
scenario make it not fire? For each condition (literal) the rule author wrote:
was it ever the deciding one, that is, did some scenario hold every other
condition of its term, so that the outcome turned on this one?
"""

from dataclasses import dataclass

from .conditions import describe, holds


@dataclass
class RuleCoverage:
    kind: str  # "classification" or "finding"
    id: str
    fired: int = 0
    not_fired: int = 0
    conditions: tuple = ()  # the literals the rule author wrote (guards left out)
    undecided: tuple = ()  # descriptions of conditions never the deciding one

    @property
    def items(self):
        """(covered, total) coverage items of this rule."""
        total = 2 + len(self.conditions)
        covered = (self.fired > 0) + (self.not_fired > 0) + (len(self.conditions) - len(self.undecided))
        return covered, total


def measure(rules, results):
    """Coverage of `rules` by scenario results that have an actual Advice."""
    advised = [r for r in results if r.actual is not None]
    report = []
    for kind, items in (("classification", rules.classifications), ("finding", rules.findings)):
        for rule in items:
            cov = RuleCoverage(kind, rule.id)
            undecided = []
            conditions = []
            for term in rule.terms:
                for index, lit in enumerate(term):
                    if lit.guard:
                        continue
                    conditions.append(lit)
                    others = term[:index] + term[index + 1:]
                    deciding = any(
                        all(holds(o, r.actual_answers, r.actual.classification) for o in others)
                        for r in advised
                    )
                    if not deciding:
                        undecided.append(describe(lit))
            cov.conditions = tuple(conditions)
            cov.undecided = tuple(undecided)
            for r in advised:
                happened = (r.actual.classification == rule.id) if kind == "classification" else (rule.id in r.actual.finding_ids())
                if happened:
                    cov.fired += 1
                else:
                    cov.not_fired += 1
            report.append(cov)
    return report


def percent(report):
    covered = sum(c.items[0] for c in report)
    total = sum(c.items[1] for c in report)
    return 100.0 * covered / total if total else 100.0


def render(report):
    lines = ["coverage:"]
    for cov in report:
        covered, total = cov.items
        marks = []
        if not cov.fired:
            marks.append("never fires")
        if not cov.not_fired:
            marks.append("always fires")
        marks.extend(f"never deciding: {u}" for u in cov.undecided)
        status = "ok" if covered == total else "; ".join(marks)
        lines.append(f"  {cov.kind:<14} {cov.id:<34} fired {cov.fired:>3}, not {cov.not_fired:>3}  {status}")
    lines.append(f"coverage: {percent(report):.1f}%")
    return "\n".join(lines)
