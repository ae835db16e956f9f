"""The next-steps engine (plan, suggestions, questions to ask, checklist, draft): a
wrong network is caught when it is built, as the findings engine's is (see engine.py
on durable-rules' uninitialised read). That its choices agree with the evaluator is
tests/test_report.py's property."""

import pytest

from infoview_rules import Advisor
from infoview_rules import engine as engine_module
from infoview_rules.errors import EngineError
from infoview_rules.schema import answer_space


def test_a_wrong_next_steps_network_is_caught_and_freed(monkeypatch):
    real_run = engine_module.Engine.run

    def miswired(self, fact):
        fired = real_run(self, fact)
        if not self._classifies and fact.get("meeting_with") == "recruiter":
            return fired + ["g0.0"] if "g0.0" not in fired else [n for n in fired if n != "g0.0"]
        return fired

    advisor = Advisor()
    monkeypatch.setattr(engine_module.Engine, "run", miswired)
    freed = []
    real = engine_module._dre.delete_ruleset
    monkeypatch.setattr(engine_module._dre, "delete_ruleset", lambda handle: (freed.append(handle), real(handle)))
    advice = advisor.advise({"requested_by": "me", "in_hiring_process": "no", "job_open": "no",
                             "meeting_with": "manager", "prepared_questions": "yes",
                             "goals": ["learn_about_company"], "expectations": ["ask_questions"]})
    with pytest.raises(EngineError, match="next-steps network that disagrees"):
        advice.next_steps
    assert len(freed) == 1  # the bad next-steps rule set, not the findings one
    advisor.close()


def test_the_check_exercises_every_next_steps_rule(advisor):
    advisor.advise({"requested_by": "company", "in_hiring_process": "yes", "job_open": "yes",
                    "meeting_with": "hr", "prepared_questions": "no", "goals": [], "expectations": []}).next_steps
    advice_draft = advisor.advise({"requested_by": "me", "in_hiring_process": "no", "job_open": "unknown",
                                   "meeting_with": "hr", "prepared_questions": "no", "goals": [], "expectations": []})
    advice_draft.next_steps.draft  # builds the draft's own network too
    checks = getattr(advisor.rules, "_guidance_checks")
    assert set(checks) == {"steps", "draft"}
    fired = {advisor._guide_terms[name][1].id for group in checks.values() for _, expected in group for name in expected}
    # each rule fires on some witness, so a miswired one is seen (a term the classifications
    # make impossible, as "learn" in a job pitch, has no witness and can never fire)
    assert fired == {rule.id for rule in advisor.rules.guidance.rules()}


def test_the_shipped_next_steps_run_on_every_answers_object(advisor):
    """durable-rules walks a fact's alpha network on a stack of 64 nodes (events.c,
    MAX_STACK_SIZE) and fails with error 303 past it. The next-steps networks are wide:
    in one network, an edit to draft.toml that added branches to 14 paragraphs made 608
    of the 98,304 answers objects fail. So both networks of the shipped rules (the steps,
    and the draft's own) are run on all of them."""
    from infoview_rules.conditions import CLASSIFICATION

    engines = [advisor._guidance_engine("steps"), advisor._guidance_engine("draft")]
    failures = []
    for answers in answer_space(advisor.rules.schema):
        classification, _ = advisor.decide(answers)
        fact = dict(advisor._fact(answers), **{CLASSIFICATION: classification})
        for engine in engines:
            try:
                engine.run(fact)
            except EngineError as error:
                failures.append((answers, str(error)))
    assert not failures, (len(failures), failures[:2])
