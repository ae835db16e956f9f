"""The durable-rules adapter: no background threads, recycled sessions, errors surfaced."""

import itertools
import threading

import pytest

from infoview_rules import Advisor, EngineError
from infoview_rules.engine import MAX_LIVE_SESSIONS, Engine
from oracle import answer_space, classify, contract_findings, CONTRACT_FINDINGS


def sample(n, step):
    return list(itertools.islice(itertools.islice(answer_space(), 0, None, step), n))


def test_ten_thousand_consultations_in_a_row_match_fresh_ones():
    answers = sample(10_000, 9)
    long_lived = Advisor()
    in_a_row = [long_lived.advise(a).to_json() for a in answers]
    fresh = Advisor()
    in_reverse = [fresh.advise(a).to_json() for a in reversed(answers)]
    assert in_a_row == in_reverse[::-1]
    for a, result in zip(answers[::97], in_a_row[::97]):
        # and each one on an advisor that has seen nothing else
        assert Advisor().advise(a).to_json() == result
    for a in answers:
        advice = long_lived.advise(a)
        assert advice.classification == classify(a)
        assert {i for i in advice.finding_ids() if i in CONTRACT_FINDINGS} == contract_findings(a)
    # 10,000 in a row is far past the engine's 1,024 live sessions: they are recycled
    assert len(answers) > MAX_LIVE_SESSIONS


def test_no_background_threads():
    before = set(threading.enumerate())
    advisor = Advisor()
    for a in sample(50, 1000):
        advisor.advise(a)
    assert set(threading.enumerate()) == before


def test_two_classifications_are_an_error_not_a_result():
    both = [("x", [("a", {"t": "answers"})], "one"), ("y", [("a", {"t": "answers"})], "two")]
    engine = Engine(both)
    with pytest.raises(EngineError, match="2 classifications derived, expected exactly one"):
        engine.run({"f": 1})


def test_an_error_inside_an_action_is_surfaced():
    # a derived value that cannot be serialised makes the action fail
    engine = Engine([("x", [("a", {"t": "answers"})], object())])
    with pytest.raises(EngineError, match="rule x: cannot derive <object object at 0x[0-9a-f]+>: TypeError"):
        engine.run({"f": 1})
    # the failed consultation's session was deleted and recycled
    engine2 = Engine([("x", [("a", {"t": "answers"})], "c")])
    assert engine2.run({"f": 1}) == ["x"] and engine2.run({"f": 1}) == ["x"]


def test_answers_no_classification_handles_are_an_error_not_a_crash():
    engine = Engine([("x", [("a", {"$and": [{"t": "answers"}, {"f": 2}]})], "c")])
    for _ in range(2000):  # deleting a session nothing handled used to abort now and then
        with pytest.raises(EngineError, match="no classification applies to these answers"):
            engine.run({"f": 1})
        # and the session it used was released and can serve the next one
        assert engine.run({"f": 2}) == ["x"]
    # 4,000 consultations, half of them failed, past the 1,024 live sessions: each was released


def test_a_spurious_rejection_of_the_rules_is_retried(monkeypatch):
    import infoview_rules.engine as engine_module

    real = engine_module._dre.create_ruleset
    calls = []

    def flaky(name, text):
        calls.append(name)
        if len(calls) == 1:
            raise RuntimeError("Could not create ruleset, error code: 102")
        return real(name, text)

    monkeypatch.setattr(engine_module._dre, "create_ruleset", flaky)
    engine = Engine([("x", [("a", {"t": "answers"})], "c")])
    assert engine.run({"f": 1}) == ["x"]
    assert len(calls) == 2 and calls[0] != calls[1]  # a fresh name for the second try


def test_rules_the_engine_really_rejects_still_fail(monkeypatch):
    import infoview_rules.engine as engine_module

    def always(name, text):
        raise RuntimeError("Could not create ruleset, error code: 102")

    monkeypatch.setattr(engine_module._dre, "create_ruleset", always)
    with pytest.raises(EngineError, match="the rule engine rejected the compiled rules: Could not create ruleset, error code: 102"):
        Engine([("x", [("a", {"t": "answers"})], "c")])
