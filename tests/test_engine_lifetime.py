"""Rule sets are freed, and every new engine network is checked before use."""

import os

import pytest

import infoview_rules.advisor as advisor_module
from infoview_rules import Advisor, EngineError, load_rules
from infoview_rules import engine as engine_module

ANSWERS = {"requested_by": "me", "in_hiring_process": "no", "goals": ["learn_about_company"],
           "job_open": "no", "meeting_with": "hr", "prepared_questions": "yes"}


def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def test_two_thousand_advisors_created_and_dropped_keep_memory_flat(monkeypatch):
    rules = load_rules()  # loaded once: what is measured is the engine's rule sets
    monkeypatch.setattr(advisor_module, "load_rules", lambda rules_dir=None, cache=True: rules)
    expected = Advisor().advise(ANSWERS).to_json()
    for _ in range(100):  # warm up the allocator
        Advisor().advise(ANSWERS)
    before = rss()
    for i in range(2000):
        advisor = Advisor()
        if i % 500 == 0:
            assert advisor.advise(ANSWERS).to_json() == expected
        del advisor
    grown = rss() - before
    # each rule set held about 395 KB until freed: 2,000 of them would be some 790 MB
    assert grown < 60 * 2**20, f"RSS grew by {grown / 2**20:.0f} MB"


def test_close_and_the_context_manager_free_the_rule_set(monkeypatch):
    freed = []
    real = engine_module._dre.delete_ruleset
    monkeypatch.setattr(engine_module._dre, "delete_ruleset", lambda handle: (freed.append(handle), real(handle)))
    with Advisor() as advisor:
        assert advisor.advise(ANSWERS).classification == "informational"
    assert len(freed) == 1
    with pytest.raises(EngineError, match="closed"):
        advisor.advise(ANSWERS)
    advisor.close()  # twice is fine
    assert len(freed) == 1
    dropped = Advisor()
    del dropped
    assert len(freed) == 2


def test_a_wrong_network_is_caught_before_any_advice(monkeypatch):
    """What durable-rules' uninitialised read could do: a network that fires a rule it should not."""
    real_run = engine_module.Engine.run

    def miswired(self, fact):
        fired = real_run(self, fact)
        return fired + ["f0.0"] if fact.get("meeting_with") == "recruiter" and "f0.0" not in fired else fired

    monkeypatch.setattr(engine_module.Engine, "run", miswired)
    freed = []
    real = engine_module._dre.delete_ruleset
    monkeypatch.setattr(engine_module._dre, "delete_ruleset", lambda handle: (freed.append(handle), real(handle)))
    with pytest.raises(EngineError, match="disagrees with the rules"):
        Advisor()
    assert len(freed) == 1  # and the bad rule set is freed


def test_the_check_exercises_every_engine_rule(advisor):
    checks = advisor.rules._engine_checks
    fired = {name for _, expected in checks for name in expected}
    assert fired == set(advisor._terms)
