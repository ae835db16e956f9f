"""Compiling conditions: no exponential blow-up, a clear error past the engine's limits."""

import random
import shutil

import pytest

from infoview_rules import Advisor, RulesError, load_rules
from infoview_rules import conditions
from infoview_rules.rules import shipped_rules_dir
from infoview_rules.schema import answer_at, space_size
from infoview_rules.verify import _holds

CHOICES = {
    "requested_by": ["me", "company"], "in_hiring_process": ["yes", "no"], "job_open": ["yes", "no", "unknown"],
    "meeting_with": ["hr", "manager", "recruiter", "other"], "prepared_questions": ["yes", "no"],
    "goals": ["learn_about_company", "judge_fit", "get_job", "pitch_for_open_role", "be_remembered"],
    "expectations": ["ask_questions", "be_asked_questions", "job_interview_next", "job_offer", "future_consideration"],
}
FIRST = 'when.any = [\n  { requested_by = "company" },\n  { in_hiring_process = "yes" },\n]'


def rules_with_branches(tmp_path, count, seed=1):
    """The shipped rules, with the first classification's 'any' of `count` branches of three keys."""
    rng = random.Random(seed)
    branches = []
    for _ in range(count):
        keys = rng.sample(sorted(CHOICES), 3)
        branches.append("{ " + ", ".join(f'{k} = "{rng.choice(CHOICES[k])}"' for k in keys) + " }")
    folder = tmp_path / f"rules-{count}"
    shutil.copytree(shipped_rules_dir(), folder)
    path = folder / "classification.toml"
    text = path.read_text()
    assert FIRST in text
    path.write_text(text.replace(FIRST, "when.any = [\n  " + ",\n  ".join(branches) + ",\n]"))
    return folder


@pytest.mark.parametrize("count", [7, 14])
def test_many_overlapping_branches_compile_and_the_engine_decides_as_the_rules_say(tmp_path, count):
    folder = rules_with_branches(tmp_path, count)
    advisor = Advisor(folder, cache=False)  # used to take 45 s and then fail (7), or 2 GB (14)
    rules = advisor.rules
    order = [(c.id, c.when) for c in rules.classifications]
    rng = random.Random(count)
    size = space_size(rules.schema)
    for index in rng.sample(range(size), 1500):
        answers = answer_at(rules.schema, index)
        expected = next(cid for cid, when in order if _holds(when, answers, None))
        advice = advisor.advise(answers)
        assert advice.classification == expected, answers
        for finding in rules.findings:
            assert (finding.id in advice.finding_ids()) == _holds(finding.when, answers, expected), (finding.id, answers)


def test_past_the_engines_limit_is_a_clear_error_naming_the_rules(tmp_path):
    folder = rules_with_branches(tmp_path, 60)
    with pytest.raises(RulesError) as error:
        load_rules(folder, cache=False)
    message = str(error.value)
    assert message.startswith(f"{folder / 'classification.toml'}: classification job: ")
    assert f"more than {conditions.MAX_ENGINE_RULES} engine rules" in message


def test_many_rules_together_past_the_engines_limit_are_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(conditions, "MAX_ENGINE_RULES", 20)  # the shipped rules compile to 21
    with pytest.raises(RulesError) as error:
        load_rules(shipped_rules_dir(), cache=False)
    assert "the rules compile to 21 engine rules, more than the rule engine handles safely (20)" in str(error.value)


def canonical(terms):
    """Terms compared by value: a frozenset's repr follows the hash seed, so sort the values."""
    return sorted(sorted((l.field, l.is_list, l.positive, tuple(sorted(l.values)), l.guard) for l in t) for t in terms)


def test_the_shipped_rules_compile_to_the_same_terms_as_plain_normal_form(advisor):
    """The Shannon cut gives what negating the earlier classifications into DNF gave."""
    rules = advisor.rules
    earlier = []
    for rule in rules.classifications:
        parts = ([rule.when] if rule.when is not None else []) + [conditions.negate(e) for e in earlier]
        whole = parts[0] if len(parts) == 1 else conditions.All(tuple(parts))
        plain = [t for t in (conditions.simplify(t, rules.domains) for t in conditions.dnf(whole)) if t is not None]
        assert canonical(rule.terms) == canonical(conditions.disjoint(plain, rules.domains)), rule.id
        if rule.when is not None:
            earlier.append(rule.when)
