"""`infoview diff`: what a rule edit changes, over the whole finite answer space.

The engine decides every outcome of both rule sets. Only what the edit can
change is walked: a rule's outcome depends only on the questions its
conditions test, so the answers that differ in no such question (of a changed
rule, or of the classifications those rules test) get the same advice from
both. The part of the space where those questions vary is walked with both
rule sets, each value no rule of either set tells apart from another only once
(see schema.Space); each answers object walked stands for `space.count` of the
whole space. Two rule sets that compile to the same rules differ nowhere:
nothing is walked.
"""

import json
from collections import Counter
from dataclasses import dataclass, field

from .conditions import CLASSIFICATION
from .errors import EngineError, InputError
from .schema import Space
from .verify import CHUNK, lowest, tested_values, walk


@dataclass
class RuleDiff:
    answers: int = 0
    changed: int = 0
    walked: int = 0  # answers objects run through both rule sets
    classification: Counter = field(default_factory=Counter)  # (old, new) -> count
    gained: Counter = field(default_factory=Counter)  # finding id -> count
    lost: Counter = field(default_factory=Counter)
    examples: dict = field(default_factory=dict)  # key -> first answers object


def _signature(rule):
    return rule.id, getattr(rule, "kind", None), tuple(tuple(term) for term in rule.terms)


def _fields(rules_list):
    return {lit.field for rule in rules_list for term in rule.terms for lit in term}


def questions_that_matter(old, new):
    """(changed, fields): whether the two rule sets can give different advice at
    all, and the questions whose answers can make them differ."""
    fields = set()
    changed = False
    tests_class = lambda rule: any(lit.field == CLASSIFICATION for term in rule.terms for lit in term)  # noqa: E731
    classes_changed = [_signature(c) for c in old.classifications] != [_signature(c) for c in new.classifications]
    old_f = {f.id: f for f in old.findings}
    new_f = {f.id: f for f in new.findings}
    need_classes = classes_changed
    for fid in old_f.keys() | new_f.keys():
        a, b = old_f.get(fid), new_f.get(fid)
        differs = a is None or b is None or _signature(a) != _signature(b)
        if differs or (classes_changed and any(tests_class(r) for r in (a, b) if r is not None)):
            changed = True
            fields |= _fields([r for r in (a, b) if r is not None])
            need_classes |= any(tests_class(r) for r in (a, b) if r is not None)
    if classes_changed:
        changed = True
    if need_classes:
        fields |= _fields(old.classifications) | _fields(new.classifications)
    return changed, fields - {CLASSIFICATION}


def diff(old_rules, new_rules, workers=None, progress=None, advisors=None):
    """A RuleDiff of two loaded rule sets. With `advisors` (one Advisor of each,
    already loaded), the walk runs in this process."""
    if [(f.name, f.values, f.required) for f in old_rules.schema.choice_fields()] != \
            [(f.name, f.values, f.required) for f in new_rules.schema.choice_fields()]:
        raise InputError("the two rule sets ask different questions; diff compares rules over one answer space")
    result = RuleDiff(answers=Space(old_rules.schema).size)
    changed, fields = questions_that_matter(old_rules, new_rules)
    if not changed:
        if progress:
            progress(result.answers)
        return result
    # of those questions, only the values some rule of either set tells apart
    space = Space(old_rules.schema, fields, tests=tested_values(old_rules) + tested_values(new_rules))
    result.walked = space.size
    count = space.count
    scaled = (lambda n: progress(round(n * space.whole / space.size))) if progress else None  # noqa: E731
    if space.size <= CHUNK:
        workers = 1  # starting workers would cost more than the walk
    old, new = walk(space, [old_rules.directory, new_rules.directory], workers, scaled, advisors)
    for _, _, errors, first in (old, new):
        if errors:
            raise EngineError(f"{first} (at {json.dumps(space.at(lowest(errors)))})")
    (oc, of, _, _), (nc, nf, _, _) = old, new
    differs = 0
    for key in oc.keys() | nc.keys():
        differs |= oc.get(key, 0) ^ nc.get(key, 0)
    for key in of.keys() | nf.keys():
        differs |= of.get(key, 0) ^ nf.get(key, 0)
    result.changed = count(differs)
    for a, abits in oc.items():
        for b, bbits in nc.items():
            moved = abits & bbits
            if a != b and moved:
                result.classification[(a, b)] = count(moved)
                result.examples[("classification", a, b)] = space.at(lowest(moved))
    for fid in sorted(of.keys() | nf.keys()):
        gained = nf.get(fid, 0) & ~of.get(fid, 0)
        lost = of.get(fid, 0) & ~nf.get(fid, 0)
        if gained:
            result.gained[fid] = count(gained)
            result.examples[("gained", fid)] = space.at(lowest(gained))
        if lost:
            result.lost[fid] = count(lost)
            result.examples[("lost", fid)] = space.at(lowest(lost))
    return result


def render(result):
    lines = [f"{result.answers} answers objects compared, {result.changed} with different advice"]
    if result.classification:
        lines.append("classification:")
        for (old, new), count in sorted(result.classification.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"  {old} -> {new}: {count}")
            lines.append(f"    e.g. {json.dumps(result.examples[('classification', old, new)])}")
    ids = sorted(set(result.gained) | set(result.lost), key=lambda i: -(result.gained[i] + result.lost[i]))
    if ids:
        lines.append("findings:")
        for fid in ids:
            lines.append(f"  {fid}: +{result.gained[fid]} -{result.lost[fid]}")
            if result.gained[fid]:
                lines.append(f"    gained e.g. {json.dumps(result.examples[('gained', fid)])}")
            if result.lost[fid]:
                lines.append(f"    lost e.g. {json.dumps(result.examples[('lost', fid)])}")
    return "\n".join(lines)


def as_json(result):
    return json.dumps({
        "answers": result.answers,
        "changed": result.changed,
        "walked": result.walked,
        "classification": [
            {"from": old, "to": new, "count": count, "example": result.examples[("classification", old, new)]}
            for (old, new), count in sorted(result.classification.items())
        ],
        "findings": [
            {"id": fid, "gained": result.gained[fid], "lost": result.lost[fid],
             "gained_example": result.examples.get(("gained", fid)), "lost_example": result.examples.get(("lost", fid))}
            for fid in sorted(set(result.gained) | set(result.lost))
        ],
    }, indent=2)
