"""A client of infoview's public API, for mypy (strict): each public name with the types it promises.

Not a test module (pytest does not collect it); `mypy` checks it in CI. A
public function or attribute that lost its type hints fails here.
"""

from pathlib import Path
from typing import Any, assert_type

from infoview_rules import (
    Advice, Advisor, EngineError, Finding, InfoviewError, InputError, RulesError, advise, load_rules,
)
from infoview_rules.phrases import PhraseBook
from infoview_rules.rules import ClassificationRule, FindingRule, Question, RuleSet, Source


def use_the_api(answers: dict[str, Any]) -> None:
    advice = advise(answers)
    assert_type(advice, Advice)
    assert_type(advice.classification, str)
    assert_type(advice.aligned, bool)
    assert_type(advice.goals, list[str])
    assert_type(advice.findings, list[Finding])
    assert_type(advice.finding_ids(), list[str])
    assert_type(advice.to_dict(), dict[str, Any])
    assert_type(advice.to_json(), str)

    finding = advice.findings[0]
    assert_type(finding.id, str)
    assert_type(finding.kind, str)
    assert_type(finding.message, str)
    assert_type(finding.quote, str)
    assert_type(finding.because, dict[str, Any])
    assert_type(finding.cites, tuple[str, ...])
    assert_type(finding.to_dict(), dict[str, Any])

    step = advice.next_steps.plan[0]
    assert_type(step.id, str)
    assert_type(step.because, dict[str, Any])
    assert_type(step.to_dict(), dict[str, Any])

    advisor = Advisor()
    Advisor("my-rules/")
    Advisor(Path("my-rules"), cache=False)
    assert_type(advisor.advise(answers), Advice)
    assert_type(advisor.advise(answers, "meeting.toml"), Advice)
    assert_type(advisor.normalize(answers), dict[str, Any])
    assert_type(advisor.rules, RuleSet)

    rules = load_rules()
    load_rules("my-rules/", cache=False)
    assert_type(rules, RuleSet)
    assert_type(rules.directory, Path)
    assert_type(rules.source, Source)
    assert_type(rules.source.attribution(), str)
    assert_type(rules.passages, dict[str, str])
    assert_type(rules.questions, list[Question])
    assert_type(rules.classifications, list[ClassificationRule])
    assert_type(rules.findings, list[FindingRule])
    assert_type(rules.phrases, PhraseBook | None)  # None: a rule set without a goals question
    assert_type(rules.findings[0].cites, tuple[str, ...])

    errors: list[InfoviewError] = [InputError("x"), RulesError("x"), EngineError("x")]
    assert_type(errors[0], InfoviewError)
