"""Reading goals out of `goal_text` with the phrase rules of phrases.toml."""

import re
from dataclasses import dataclass

# Clauses are read one at a time so that a negation ("not for a job, but to
# learn") only guards the clause it stands in.
_CLAUSES = re.compile(r"[.!?;:,\n]+|\bbut\b|\bthough\b", re.IGNORECASE)


@dataclass(frozen=True)
class PhraseMatch:
    goal: str
    rule: str
    phrase: str  # the words in the text that gave the goal

    def to_dict(self):
        return {"goal": self.goal, "phrase": self.phrase, "rule": self.rule}


def clauses(text):
    return [c.strip() for c in _CLAUSES.split(text) if c and c.strip()]


def match_rule(rule, clause):
    """The words of `clause` that give the rule's goal, or None."""
    for pattern in rule.patterns:
        found = pattern.search(clause)
        if found:
            if any(u.search(clause) for u in rule.unless):
                return None
            return found.group(0).strip()
    return None


def read_goals(text, phrase_rules, goal_order):
    """Phrase matches for `text`: the first phrase of each goal, in goal order."""
    first = {}
    for clause in clauses(text):
        for rule in phrase_rules:
            if rule.goal in first:
                continue
            words = match_rule(rule, clause)
            if words:
                first[rule.goal] = PhraseMatch(rule.goal, rule.id, words)
    return [first[g] for g in goal_order if g in first]
