"""verify's general and contract properties, an adviser's own optional question,
duplicate findings, and diff walking only what an edit can change."""

import json

from infoview_rules import Advisor
from infoview_rules.cli import cli
from infoview_rules.rules import shipped_rules_dir
from infoview_rules.schema import Space
from rule_copies import copy_rules, replace

QUESTION = '''
[[question]]
field = "referred"
type = "choice"
required = false
text = "Did someone introduce you?"
cites = ["P2"]
values = [
  { value = "yes", label = "Yes" },
  { value = "no", label = "No" },
]
'''

FINDING = '''
[[finding]]
id = "mention-who-sent-you"
kind = "tip"
cites = ["P2"]
quote = "An informational interview is an interview made at your request"
message = "Say who introduced you when you ask: it helps the request land."
when.classification = { not = "job" }
when.referred = { not = "no" }
'''


def append(path, text):
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def with_question(tmp_path, required=False):
    rules = copy_rules(tmp_path)
    append(rules / "questions.toml", QUESTION.replace("required = false", f"required = {str(required).lower()}"))
    append(rules / "findings.toml", FINDING)
    return rules


def test_the_answer_space_walks_an_optional_question_unanswered_too(tmp_path):
    rules = Advisor(with_question(tmp_path), cache=False).rules
    space = Space(rules.schema)
    assert space.size == 98_304 * 3
    answers = list(space)
    assert len(answers) == space.size
    assert sum("referred" not in a for a in answers) == 98_304
    assert [space.at(i) for i in (0, 1, 2, 12345, space.size - 1)] == [answers[i] for i in (0, 1, 2, 12345, space.size - 1)]


def test_a_condition_on_an_optional_question_when_it_is_not_answered(tmp_path):
    advisor = Advisor(with_question(tmp_path), cache=False)
    base = {"requested_by": "me", "in_hiring_process": "no", "goals": ["judge_fit"], "job_open": "no",
            "meeting_with": "hr", "prepared_questions": "yes"}
    assert "mention-who-sent-you" in advisor.advise(base).finding_ids()  # not "no": unanswered counts
    assert "mention-who-sent-you" in advisor.advise(dict(base, referred="yes")).finding_ids()
    assert "mention-who-sent-you" not in advisor.advise(dict(base, referred="no")).finding_ids()
    tip = next(f for f in advisor.advise(base).findings if f.id == "mention-who-sent-you")
    assert tip.because == {}


def verified(rules_dir):
    """verify's report on a rules folder, as text and as JSON (one walk for both)."""
    from infoview_rules.verify import as_json, render, verify

    report = verify(Advisor(rules_dir, cache=False).rules)
    return render(report), json.loads(as_json(report))


def test_an_adviser_adds_an_optional_question_and_verify_says_what_it_checked(tmp_path):
    text, doc = verified(with_question(tmp_path))
    assert doc["failed"] == 0, text
    lines = text.splitlines()
    assert lines[-3].startswith("checked 12 general and ")
    assert lines[-3].endswith(" contract properties (the rules say they implement the contract)")
    assert lines[-2] == "294912 answers objects checked (optional questions also left unanswered: referred)"
    assert doc["optional_questions"] == ["referred"] and doc["contract"] is True


def test_an_added_required_question_breaks_the_contract_with_a_hint(runner, tmp_path):
    rules = with_question(tmp_path, required=True)
    result = runner.invoke(cli, ["verify", "--rules", str(rules), "--format", "json"])
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    failed = [c for c in doc["checks"] if not c["ok"]]
    assert [(c["kind"], c["name"]) for c in failed] == [
        ("contract", "the contract's questions and values are there; added questions are optional")]
    assert "'referred' is not the contract's and is required" in failed[0]["detail"]
    assert doc["answers"] == 98_304 * 2


def test_without_the_contract_only_general_properties_are_checked(runner, tmp_path):
    rules = copy_rules(tmp_path)
    replace(rules / "classification.toml", 'implements = "contract"\n', "")
    # against the contract, but a rule set of one's own may do it
    replace(rules / "findings.toml", 'when.meeting_with = "recruiter"', 'when.meeting_with = { in = ["recruiter", "other"] }')
    result = runner.invoke(cli, ["verify", "--rules", str(rules)])
    assert result.exit_code == 0, result.stdout
    assert result.stdout.splitlines()[-3] == (
        'checked 12 general properties; contract properties not checked '
        '(the rules do not say implements = "contract" in classification.toml)')


def test_copies_of_a_finding_are_flagged_as_duplicate_or_subsumed(tmp_path):
    rules = copy_rules(tmp_path)
    findings = rules / "findings.toml"
    text = findings.read_text()
    start = text.index('[[finding]]\nid = "meets-recruiter"')
    block = text[start:text.index("[[finding]]", start + 1)]
    same = block.replace('id = "meets-recruiter"', 'id = "recruiter-again"')
    narrower = block.replace('id = "meets-recruiter"', 'id = "recruiter-open-role"').replace(
        'when.meeting_with = "recruiter"', 'when.meeting_with = "recruiter"\nwhen.job_open = "yes"')
    append(findings, "\n" + same + "\n" + narrower)
    text, doc = verified(rules)
    check = next(c for c in doc["checks"] if c["name"] == "no finding duplicates or is subsumed by another")
    assert check["kind"] == "general" and not check["ok"]
    assert check["detail"].split("; ") == [
        "recruiter-again fires on exactly the answers meets-recruiter fires on",
        "recruiter-open-role is subsumed by meets-recruiter: same kind and passage, and it fires only where meets-recruiter does",
        "recruiter-open-role is subsumed by recruiter-again: same kind and passage, and it fires only where recruiter-again does",
    ]
    assert "FAIL no finding duplicates or is subsumed by another\n     recruiter-again fires on exactly" in text


def test_diff_of_identical_rules_walks_nothing(runner, tmp_path):
    copy = copy_rules(tmp_path)
    append(copy / "findings.toml", "\n# a comment changes no rule\n")
    result = runner.invoke(cli, ["diff", "--rules", str(shipped_rules_dir()), "--rules", str(copy), "--format", "json"])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert (doc["answers"], doc["changed"], doc["walked"]) == (98_304, 0, 0)


def test_diff_walks_only_the_questions_an_edit_can_change(runner, tmp_path):
    new = copy_rules(tmp_path)
    replace(new / "findings.toml", 'when.prepared_questions = "yes"', 'when.prepared_questions = "no"')
    result = runner.invoke(cli, ["diff", "--rules", str(shipped_rules_dir()), "--rules", str(new), "--format", "json"])
    doc = json.loads(result.stdout)
    # `prepared` tests the classification and prepared_questions: the classification's
    # questions (2 * 2 * 32 goals) times prepared_questions' two answers
    assert doc["walked"] == 2 * 2 * 32 * 2
    prepared = next(f for f in doc["findings"] if f["id"] == "prepared")
    # not a job meeting: requested_by = me and in_hiring_process = no, a quarter of the
    # space; half of it answers "yes" (loses `prepared`), half "no" (gains it)
    assert (prepared["gained"], prepared["lost"]) == (98_304 // 4 // 2, 98_304 // 4 // 2)
    assert doc["changed"] == 98_304 // 4
