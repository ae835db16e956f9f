"""`infoview diff`: what a rule edit changes, over the whole finite answer space."""

import json
from collections import Counter
from dataclasses import dataclass, field

from .parallel import chunks, run_chunks, worker_count
from .schema import answer_space
from .verify import CHUNK


@dataclass
class RuleDiff:
    answers: int = 0
    changed: int = 0
    classification: Counter = field(default_factory=Counter)  # (old, new) -> count
    gained: Counter = field(default_factory=Counter)  # finding id -> count
    lost: Counter = field(default_factory=Counter)
    examples: dict = field(default_factory=dict)  # key -> first answers object


def _diff_chunk(advisors, chunk):
    old, new = advisors
    out = []
    for answers in chunk:
        a, b = old.advise(answers), new.advise(answers)
        if a.classification != b.classification or a.finding_ids() != b.finding_ids():
            out.append((answers, a.classification, a.finding_ids(), b.classification, b.finding_ids()))
    return len(chunk), out


def diff(old_rules, new_rules, workers=None, progress=None):
    if [(f.name, f.values) for f in old_rules.schema.choice_fields()] != \
            [(f.name, f.values) for f in new_rules.schema.choice_fields()]:
        from .errors import InputError

        raise InputError("the two rule sets ask different questions; diff compares rules over one answer space")
    result = RuleDiff()
    for size, differences in run_chunks(_diff_chunk, chunks(answer_space(old_rules.schema), CHUNK),
                                        [old_rules.directory, new_rules.directory], worker_count(workers)):
        result.answers += size
        for answers, oc, oids, nc, nids in differences:
            result.changed += 1
            if oc != nc:
                result.classification[(oc, nc)] += 1
                result.examples.setdefault(("classification", oc, nc), answers)
            for fid in sorted(set(nids) - set(oids)):
                result.gained[fid] += 1
                result.examples.setdefault(("gained", fid), answers)
            for fid in sorted(set(oids) - set(nids)):
                result.lost[fid] += 1
                result.examples.setdefault(("lost", fid), answers)
        if progress:
            progress(size)
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
