"""Which questions can still change the advice, computed from the rules.

Every outcome (each classification, each finding, and each item of guidance:
plan action, suggestion, question to ask, checklist item, draft paragraph) is
written as a DNF over answer literals: a rule's test of the classification is
replaced by the terms of those classifications. A question matters, given the answers so far,
when some outcome can flip with its answer for some completion of the other
unanswered fields that outcome mentions. This is analysis for the
questionnaire; the engine alone decides the advice (and the tests check every
skip against it).
"""

import itertools

from .conditions import CLASSIFICATION, holds


class Relevance:
    def __init__(self, rules):
        self.schema = rules.schema
        self._by_class = {c.id: c.terms for c in rules.classifications}
        self.outcomes = {}  # name -> list of terms (answer literals only)
        for c in rules.classifications:
            self.outcomes[f"classification {c.id}"] = [list(t) for t in c.terms]
        for f in rules.findings:
            self.outcomes[f.id] = self._on_answers(f.terms)
        # the plan, suggestions, questions to ask, checklist and draft are advice too:
        # a question they depend on is asked (their conditions test answers and the
        # classification only, never which findings fired)
        for g in rules.guidance.rules() if rules.guidance else []:
            self.outcomes[f"{g.family} {g.id}"] = self._on_answers(g.terms)
        self._values = {f.name: [f.answer(o) for o in f.options] for f in self.schema.choice_fields()}

    def _on_answers(self, rule_terms):
        """A rule's terms with each test of the classification replaced by that classification's terms."""
        terms = []
        for term in rule_terms:
            own = [l for l in term if l.field != CLASSIFICATION]
            tests = [l for l in term if l.field == CLASSIFICATION]
            classes = [c for c in self._by_class if all(holds(l, {}, c) for l in tests)]
            for c in classes:
                terms.extend(own + list(t) for t in self._by_class[c])
        return terms

    def depends_on(self, name):
        """Outcomes whose conditions mention field `name` (directly or through the classification)."""
        return [o for o, terms in self.outcomes.items() if any(l.field == name for t in terms for l in t)]

    def matters(self, name, answered):
        """Can the answer to `name` still change any outcome, given `answered`?"""
        return any(self._flips(terms, name, answered) for terms in self.outcomes.values())

    def _flips(self, terms, name, answered):
        live = []
        for term in terms:
            if any(l.field in answered and not holds(l, answered, None) for l in term):
                continue
            rest = [l for l in term if l.field not in answered]
            if not rest:
                return False  # the outcome holds whatever is answered next
            live.append(rest)
        if not any(l.field == name for t in live for l in t):
            return False
        others = sorted({l.field for t in live for l in t} - {name})
        for combo in itertools.product(*(self._values[o] for o in others)):
            assignment = dict(zip(others, combo))
            seen = set()
            for value in self._values[name]:
                assignment[name] = value
                seen.add(any(all(holds(l, assignment, None) for l in t) for t in live))
                if len(seen) > 1:
                    return True
        return False
