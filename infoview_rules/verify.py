"""`infoview verify`: the rules against the contract and over the whole answer space."""

import itertools
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from . import conditions
from .errors import EngineError
from .parallel import chunks, run_chunks, worker_count
from .phrases import rule_reads
from .schema import answer_space

CONTRACT = Path(__file__).resolve().parent / "contract.toml"
CHUNK = 2048


@dataclass
class Check:
    name: str
    ok: bool = True
    detail: str = ""
    example: dict = None  # the first answers object that breaks it


@dataclass
class Report:
    checks: list = field(default_factory=list)
    answers: int = 0

    def add(self, name, ok=True, detail="", example=None):
        self.checks.append(Check(name, ok, detail, example))

    @property
    def failed(self):
        return [c for c in self.checks if not c.ok]


def check_rules(rules, report):
    """Checks that need no consultation: citations and phrase examples."""
    cited = set()
    for item in [*rules.findings, *rules.classifications, *rules.questions]:
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


def _load_contract(domains):
    data = tomllib.loads(CONTRACT.read_text(encoding="utf-8"))
    classes = []
    for item in data["classification"]:
        node = conditions.parse(item["when"], domains, "contract", False) if "when" in item else None
        classes.append((item["id"], node))
    findings = [(f["id"], f["kind"], f["cites"], conditions.parse(f["when"], domains, "contract")) for f in data["finding"]]
    return data["fields"], classes, findings


def _holds(node, answers, classification):
    if node is None:
        return True
    if isinstance(node, conditions.Lit):
        return conditions.holds(node, answers, classification)
    results = (_holds(p, answers, classification) for p in node.parts)
    return all(results) if isinstance(node, conditions.All) else any(results)


def check_contract_shape(rules, contract_fields, contract_classes, contract_findings, report):
    fields = {f.name: list(f.values) for f in rules.schema.choice_fields()}
    report.add("answers fields and values are the contract's", fields == contract_fields,
               f"rules: {json.dumps(fields)}" if fields != contract_fields else "")
    ids = [c.id for c in rules.classifications]
    want = [c for c, _ in contract_classes]
    report.add("classifications are the contract's four, in order", ids == want, f"rules have {ids}" if ids != want else "")
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
    report.add("the twelve contract findings exist with their kinds and citations", not problems, "; ".join(problems))


def _consult_chunk(advisors, chunk):
    advisor = advisors[0]
    out = []
    for answers in chunk:
        try:
            advice = advisor.advise(answers)
            out.append((advice.classification, advice.finding_ids()))
        except EngineError as error:
            out.append((None, str(error)))
    return out


def verify(rules, workers=None, progress=None):
    """Run every check on a loaded rule set; return a Report."""
    report = Report()
    check_rules(rules, report)
    contract_fields, contract_classes, contract_findings = _load_contract(rules.domains)
    check_contract_shape(rules, contract_fields, contract_classes, contract_findings, report)

    first = {}  # property -> first breaking answers
    reached = {c.id: None for c in rules.classifications}
    reached.update({f.id: None for f in rules.findings})
    exclusive = []  # unordered pairs, each once, in the order rules declare them
    for f in rules.findings:
        for other in f.exclusive:
            if (f.id, other) not in exclusive and (other, f.id) not in exclusive:
                exclusive.append((f.id, other))
    ids_of_contract = [f[0] for f in contract_findings]
    space = answer_space(rules.schema)
    space_iter, space_copy = itertools.tee(space)
    results = run_chunks(_consult_chunk, chunks(space_iter, CHUNK), [rules.directory], worker_count(workers))
    for chunk_result in results:
        for classification, fired in chunk_result:
            answers = next(space_copy)
            report.answers += 1
            if classification is None:
                first.setdefault("exactly one classification", (answers, fired))
                continue
            reached[classification] = reached[classification] or answers
            for fid in fired:
                reached[fid] = reached[fid] or answers
            expected_class = next(c for c, node in contract_classes if _holds(node, answers, None))
            if classification != expected_class:
                first.setdefault("classification as the contract orders it", (answers, f"got {classification}, contract says {expected_class}"))
            for fid, _, _, node in contract_findings:
                should = _holds(node, answers, expected_class)
                if should != (fid in fired):
                    first.setdefault(f"{fid} fires exactly when the contract says", (answers, "fired" if fid in fired else "did not fire"))
            for a, b in exclusive:
                if a in fired and b in fired:
                    first.setdefault(f"{a} and {b} never fire together", (answers, "both fired"))
        if progress:
            progress(len(chunk_result))
    properties = ["exactly one classification", "classification as the contract orders it"]
    properties += [f"{fid} fires exactly when the contract says" for fid in ids_of_contract]
    properties += [f"{a} and {b} never fire together" for a, b in exclusive]
    for name in properties:
        example, detail = first.get(name, (None, ""))
        report.add(name, example is None, detail, example)
    unreached = [k for k, v in reached.items() if v is None]
    report.add("every classification and finding is reachable", not unreached,
               f"never: {', '.join(unreached)}" if unreached else "")
    return report


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
    passed = len(report.checks) - len(report.failed)
    lines.append(f"{report.answers} answers objects checked")
    lines.append(f"{passed} passed, {len(report.failed)} failed")
    return "\n".join(lines)
