"""The whole finite answer space against the contract's tables (tests/oracle.py)."""

import json

from oracle import CONTRACT_FINDINGS, answer_space, classify, contract_findings


def test_every_answers_object_agrees_with_the_contract(advisor):
    count = 0
    disagreements = []
    for answers in answer_space():
        advice = advisor.advise(answers)
        count += 1
        ids = advice.finding_ids()
        fired = {i for i in ids if i in CONTRACT_FINDINGS}
        expected = contract_findings(answers)
        kinds = {f.id: f.kind for f in advice.findings}
        problems = []
        if advice.classification != classify(answers):
            problems.append(f"classification {advice.classification} != {classify(answers)}")
        if fired != expected:
            problems.append(f"findings +{sorted(fired - expected)} -{sorted(expected - fired)}")
        if advice.aligned != (not any(CONTRACT_FINDINGS.get(i) == "mismatch" for i in expected)):
            problems.append(f"aligned {advice.aligned}")
        if any(kinds[i] == "mismatch" for i in ids if i not in CONTRACT_FINDINGS):
            problems.append("a mismatch outside the contract's five")
        if len(ids) != len(set(ids)):
            problems.append(f"a finding fired twice: {ids}")
        order = [("mismatch", "caution", "tip", "strength").index(kinds[i]) for i in ids]
        if order != sorted(order):
            problems.append(f"findings out of kind order: {ids}")
        if advice.to_json() != json.dumps(advice.to_dict(), ensure_ascii=False):
            problems.append("to_json() is not the JSON of to_dict()")
        if problems:
            disagreements.append((answers, problems))
    assert count == 98_304
    assert disagreements[:3] == []
