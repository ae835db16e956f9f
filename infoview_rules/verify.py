"""`infoview verify`: properties of the rules, over the whole answer space.

General properties hold for any rule set: every passage is cited, phrase
rules match their examples, exactly one classification applies to every
answers object, findings declared `exclusive` never fire together, every
classification and finding is reachable, and no finding duplicates another
(fires on exactly the same answers) or is subsumed by one (fires only where
another of its kind, quoting the same passage, fires too).

Contract properties are checked when the rule set says it implements the
contract (`implements = "contract"` in classification.toml, as the shipped
rules do): the contract's questions, classifications and findings are there,
and each contract classification and finding fires exactly when the contract
says. A rule set that implements the contract may add optional questions.

The engine decides every outcome: each answers object of the space goes
through it once, in worker processes. What the engine decided is kept as
bitsets (bit i = the i-th answers object of the space), and the properties
are checked on those; the contract's conditions are evaluated apart from the
engine, on the same bitsets.
"""

import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from . import conditions
from .errors import EngineError
from .parallel import run_chunks, worker_count
from .phrases import rule_reads
from .scenarios import exclusive_pairs
from .schema import Space

CONTRACT = Path(__file__).resolve().parent / "contract.toml"
CONTRACT_NAME = "contract"
CHUNK = 2048


@dataclass
class Check:
    name: str
    ok: bool = True
    detail: str = ""
    example: dict = None  # the first answers object that breaks it
    kind: str = "general"  # "general" or "contract"


@dataclass
class Report:
    checks: list = field(default_factory=list)
    answers: int = 0
    contract: bool = False  # whether the rules declare they implement the contract
    optional: tuple = ()  # optional choice questions, walked also unanswered

    def add(self, name, ok=True, detail="", example=None, kind="general"):
        self.checks.append(Check(name, ok, detail, example, kind))

    @property
    def failed(self):
        return [c for c in self.checks if not c.ok]


def check_rules(rules, report):
    """Checks that need no consultation: citations and phrase examples."""
    cited = set()
    for item in [*rules.findings, *rules.classifications, *rules.questions, *(rules.guidance.rules() if rules.guidance else [])]:
        cited.update(item.cites)
    uncited = [p for p in rules.passages if p not in cited]
    report.add("every passage is cited", not uncited, f"never cited: {', '.join(uncited)}" if uncited else "")
    bad = []
    for rule in rules.phrases:
        for example in rule.examples:
            if not rule_reads(rules.phrases, rule, example):
                bad.append(f"{rule.id}: example gives no '{rule.goal}': {example!r}")
        for example in rule.counter_examples:
            if rule_reads(rules.phrases, rule, example):
                bad.append(f"{rule.id}: counter-example gives '{rule.goal}': {example!r}")
        if not rule.examples:
            bad.append(f"{rule.id}: has no examples")
    report.add("phrase rules match their own examples", not bad, "; ".join(bad))
    check_advice_rules(rules, report)


def check_advice_rules(rules, report):
    """Passage pins, declared relations between findings, and plans that agree (decided statically)."""
    from .guidance import check_guidance
    from .rules import pin_problem

    data = tomllib.loads((Path(rules.directory) / "passages.toml").read_text(encoding="utf-8"))
    problems = [pin_problem(p.get("id"), p.get("text", ""), p.get("sha256"), "passages.toml") for p in data.get("passage", [])]
    problems = [p for p in problems if p]
    report.add("every passage matches its pin (sha256)", not problems, "; ".join(problems))
    for name, ok, detail in check_guidance(rules):
        report.add(name, ok, detail)


def _load_contract(domains):
    data = tomllib.loads(CONTRACT.read_text(encoding="utf-8"))
    classes = []
    for item in data["classification"]:
        node = conditions.parse(item["when"], domains, "contract", False) if "when" in item else None
        classes.append((item["id"], node))
    findings = [(f["id"], f["kind"], f["cites"], conditions.parse(f["when"], domains, "contract")) for f in data["finding"]]
    return data["fields"], classes, findings


def check_contract_shape(rules, contract_fields, contract_classes, contract_findings, report):
    fields = {f.name: list(f.values) for f in rules.schema.choice_fields()}
    problems = []
    for name, values in contract_fields.items():
        if name not in fields:
            problems.append(f"the contract's question '{name}' is missing")
        elif fields[name] != values:
            problems.append(f"'{name}' has values {fields[name]}, the contract's are {values}")
    for f in rules.schema.choice_fields():
        if f.name not in contract_fields and f.required:
            problems.append(f"'{f.name}' is not the contract's and is required: a rule set that implements the "
                            "contract may add only optional questions (required = false)")
    report.add("the contract's questions and values are there; added questions are optional", not problems,
               "; ".join(problems), kind="contract")
    ids = [c.id for c in rules.classifications]
    want = [c for c, _ in contract_classes]
    report.add("classifications are the contract's four, in order", ids == want, f"rules have {ids}" if ids != want else "",
               kind="contract")
    problems = []
    for fid, kind, cites, _ in contract_findings:
        rule = next((f for f in rules.findings if f.id == fid), None)
        if rule is None:
            problems.append(f"{fid} is missing")
        elif rule.kind != kind:
            problems.append(f"{fid} is a {rule.kind}, the contract says {kind}")
        elif set(cites) - set(rule.cites):
            problems.append(f"{fid} does not cite {', '.join(sorted(set(cites) - set(rule.cites)))}")
    contract_ids = {f[0] for f in contract_findings}
    for rule in rules.findings:
        if rule.kind == "mismatch" and rule.id not in contract_ids:
            problems.append(f"{rule.id} is a mismatch the contract does not list")
    report.add("the twelve contract findings exist with their kinds and citations", not problems, "; ".join(problems),
               kind="contract")


# --- walking the space with the engine -----------------------------------------


def decide_chunk(advisors, task):
    """Bitsets of what the engine decided on answers start..stop of a space (bit 0 = start).

    Returns (start, count, {classification id: bits}, {finding id: bits}, bits of
    answers the engine could not classify, the first such error), one dict per advisor.
    """
    space, start, stop = task
    out = []
    for advisor in advisors:
        classes, findings = {}, {}
        error_bits, first_error = 0, None
        for offset, fact in enumerate(space.iterate_encoded(start, stop)):
            bit = 1 << offset
            try:
                classification, fired = advisor.decide_encoded(fact)
            except EngineError as error:
                error_bits |= bit
                first_error = first_error or str(error)
                continue
            classes[classification] = classes.get(classification, 0) | bit
            for fid in fired:
                findings[fid] = findings.get(fid, 0) | bit
        out.append((classes, findings, error_bits, first_error))
    return start, stop - start, out


def walk(space, rules_dirs, workers=None, progress=None, advisors=None):
    """What the engine decides over `space`, for each rules folder: a list of
    (classification bits, finding bits, error bits, first error). With
    `advisors` (loaded already), the walk runs here, in this process."""
    tasks = [(space, i, min(i + CHUNK, space.size)) for i in range(0, space.size, CHUNK)]
    merged = [({}, {}, 0, None) for _ in rules_dirs]
    if advisors is not None:
        results = (decide_chunk(advisors, task) for task in tasks)
    else:
        results = run_chunks(decide_chunk, tasks, list(rules_dirs), worker_count(workers))
    for start, count, parts in results:
        for k, (classes, findings, errors, first) in enumerate(parts):
            mc, mf, me, mfirst = merged[k]
            for cid, bits in classes.items():
                mc[cid] = mc.get(cid, 0) | (bits << start)
            for fid, bits in findings.items():
                mf[fid] = mf.get(fid, 0) | (bits << start)
            merged[k] = (mc, mf, me | (errors << start), mfirst or first)
        if progress:
            progress(count)
    return merged


def lowest(bits):
    """The index of the lowest set bit (bits != 0)."""
    return (bits & -bits).bit_length() - 1


def popcount(bits):
    return bits.bit_count()


# --- analysis: conditions as bitsets, apart from the engine ----------------------


def condition_bits(node, space, class_bits):
    """The answers of `space` where a condition tree holds, given the classification bits."""
    if node is None:
        return space.all
    if isinstance(node, conditions.Lit):
        if node.field == conditions.CLASSIFICATION:
            bits = 0
            for cid, cbits in class_bits.items():
                if conditions.holds(node, {}, cid):
                    bits |= cbits
            return bits
        f = space.field(node.field)
        return space.field_bits(node.field, lambda option: conditions.holds(node, space.as_answers(f, option), None))
    parts = [condition_bits(p, space, class_bits) for p in node.parts]
    result = parts[0]
    for bits in parts[1:]:
        result = (result & bits) if isinstance(node, conditions.All) else (result | bits)
    return result


def contract_bits(space, contract_classes, contract_findings):
    """Where the contract says each classification applies and each finding fires."""
    classes = {}
    left = space.all
    for cid, node in contract_classes:
        bits = condition_bits(node, space, {}) & left
        classes[cid] = bits
        left &= ~bits
    findings = {fid: condition_bits(node, space, classes) for fid, _, _, node in contract_findings}
    return classes, findings


def tested_values(rules, nodes=()):
    """(field, values) of every literal of the rules' compiled terms and of `nodes`
    (condition trees): the values no literal tells apart are walked once (see Space)."""
    def literals(node):
        if isinstance(node, conditions.Lit):
            yield node
        elif node is not None:
            for part in node.parts:
                yield from literals(part)

    found = {(lit.field, lit.values) for rule in [*rules.classifications, *rules.findings] for term in rule.terms for lit in term}
    found |= {(lit.field, lit.values) for node in nodes for lit in literals(node)}
    return sorted(found, key=lambda test: (test[0], sorted(test[1])))


def verify(rules, workers=None, progress=None):
    """Run every check on a loaded rule set; return a Report."""
    report = Report(contract=CONTRACT_NAME in rules.implements,
                    optional=tuple(f.name for f in rules.schema.choice_fields() if f.type == "choice" and not f.required))
    check_rules(rules, report)
    contract = None
    if report.contract:
        contract = _load_contract(rules.domains)
        check_contract_shape(rules, *contract, report)
    # the contract's own conditions are evaluated on this space too: the values they tell apart are kept
    nodes = [node for _, node in contract[1]] + [node for *_, node in contract[2]] if contract is not None else []
    space = Space(rules.schema, tests=tested_values(rules, nodes))
    # each answers object walked stands for whole / size of the space (on average): the progress counts the whole
    scaled = (lambda n: progress(round(n * space.whole / space.size))) if progress else None  # noqa: E731

    [(classes, findings, errors, first_error)] = walk(space, [rules.directory], workers, scaled)
    report.answers = space.whole

    def example(bits):
        return space.at(lowest(bits))

    report.add("exactly one classification", not errors, first_error or "", example(errors) if errors else None)
    for a, b in exclusive_pairs(rules):
        both = findings.get(a, 0) & findings.get(b, 0)
        report.add(f"{a} and {b} never fire together", not both, "both fired" if both else "", example(both) if both else None)
    unreached = [c.id for c in rules.classifications if not classes.get(c.id)]
    unreached += [f.id for f in rules.findings if not findings.get(f.id)]
    report.add("every classification and finding is reachable", not unreached,
               f"never: {', '.join(unreached)}" if unreached else "")
    problems = duplicates(rules, findings)
    report.add("no finding duplicates or is subsumed by another", not problems, "; ".join(problems))

    if contract is not None and contract_fits(rules, contract[0]):
        _, contract_classes, contract_findings = contract
        want_classes, want_findings = contract_bits(space, contract_classes, contract_findings)
        wrong = 0
        for cid, bits in want_classes.items():
            wrong |= bits ^ classes.get(cid, 0)
        wrong &= ~errors
        detail = ""
        if wrong:
            i = lowest(wrong)
            got = next((c for c, b in classes.items() if b >> i & 1), None)
            want = next(c for c, b in want_classes.items() if b >> i & 1)
            detail = f"got {got}, contract says {want}"
        report.add("classification as the contract orders it", not wrong, detail, example(wrong) if wrong else None, "contract")
        for fid, _, _, _ in contract_findings:
            diff = (want_findings[fid] ^ findings.get(fid, 0)) & ~errors
            detail = ("fired" if findings.get(fid, 0) >> lowest(diff) & 1 else "did not fire") if diff else ""
            report.add(f"{fid} fires exactly when the contract says", not diff, detail, example(diff) if diff else None,
                       "contract")
    return report


def contract_fits(rules, contract_fields):
    """Whether the questions are the contract's (plus optional ones), so that the
    contract's conditions can be evaluated on this answer space at all."""
    fields = {f.name: list(f.values) for f in rules.schema.choice_fields()}
    return all(fields.get(name) == values for name, values in contract_fields.items())


def duplicates(rules, findings):
    """Findings that fire on exactly the answers another fires on, or only where
    another of the same kind, quoting the same passage, fires (it adds nothing)."""
    problems = []
    items = [(f, findings.get(f.id, 0)) for f in rules.findings]
    for i, (a, abits) in enumerate(items):
        for b, bbits in items[i + 1:]:
            if not abits or not bbits:
                continue
            if abits == bbits:
                problems.append(f"{b.id} fires on exactly the answers {a.id} fires on")
            elif a.kind == b.kind and a.quoted == b.quoted:
                if abits & ~bbits == 0:
                    problems.append(f"{a.id} is subsumed by {b.id}: same kind and passage, and it fires only where {b.id} does")
                elif bbits & ~abits == 0:
                    problems.append(f"{b.id} is subsumed by {a.id}: same kind and passage, and it fires only where {a.id} does")
    return problems


def render(report, verbose=False):
    lines = []
    for check in report.checks:
        if check.ok and not verbose:
            continue
        lines.append(f"{'ok  ' if check.ok else 'FAIL'} {check.name}")
        if check.detail and not check.ok:
            lines.append(f"     {check.detail}")
        if check.example is not None:
            lines.append(f"     first at: {json.dumps(check.example)}")
    general = sum(c.kind == "general" for c in report.checks)
    contract = len(report.checks) - general
    if report.contract:
        lines.append(f"checked {general} general and {contract} contract properties "
                     "(the rules say they implement the contract)")
    else:
        lines.append(f"checked {general} general properties; contract properties not checked "
                     "(the rules do not say implements = \"contract\" in classification.toml)")
    walked = f"{report.answers} answers objects checked"
    if report.optional:
        walked += f" (optional questions also left unanswered: {', '.join(report.optional)})"
    lines.append(walked)
    passed = len(report.checks) - len(report.failed)
    lines.append(f"{passed} passed, {len(report.failed)} failed")
    return "\n".join(lines)


def as_json(report):
    return json.dumps({
        "answers": report.answers,
        "contract": report.contract,
        "optional_questions": list(report.optional),
        "passed": len(report.checks) - len(report.failed),
        "failed": len(report.failed),
        "checks": [{"name": c.name, "kind": c.kind, "ok": c.ok, "detail": c.detail, "first_at": c.example}
                   for c in report.checks],
    }, indent=2)
