"""The rule files: passages, quotes, and the loader's errors for broken rules."""

import shutil
import tomllib

import pytest

from infoview_rules import RulesError, load_rules
from infoview_rules.rules import shipped_rules_dir

RULES = shipped_rules_dir()


def read(name):
    return tomllib.loads((RULES / name).read_text(encoding="utf-8"))


def test_every_quote_is_verbatim_in_a_passage_it_cites():
    passages = {p["id"]: p["text"] for p in read("passages.toml")["passage"]}
    for finding in read("findings.toml")["finding"]:
        assert any(finding["quote"] in passages[c] for c in finding["cites"]), finding["id"]
        assert finding["quote"] not in finding["message"]  # advice is in our own words


def test_every_passage_is_cited():
    passages = [p["id"] for p in read("passages.toml")["passage"]]
    cited = set()
    for name, key in (("findings.toml", "finding"), ("classification.toml", "classification"), ("questions.toml", "question"),
                      ("plan.toml", "action"), ("suggestions.toml", "suggestion"), ("checklist.toml", "item"),
                      ("draft.toml", "paragraph")):
        for item in read(name)[key]:
            cited.update(item.get("cites", []))
    # the contract's P1-P11, then passages added so that all of the article's advice can be quoted
    assert passages == [f"P{i}" for i in range(1, 14)]
    assert set(passages) <= cited


def test_passages_are_short_excerpts_with_attribution():
    data = read("passages.toml")
    assert data["source"]["author"] == "Trevor Wilson"
    assert data["source"]["date"] == "2011-04-09"
    assert all(len(p["text"]) <= 200 for p in data["passage"])
    # the contract's start ... end markers of each passage
    starts = {"P2": "An informational interview is an interview made at your request", "P6": "Showing up for",
              "P9": "If you approach a company", "P10": "if you show a genuine interest", "P11": "an informational interview is not a job interview"}
    texts = {p["id"]: p["text"] for p in data["passage"]}
    for pid, start in starts.items():
        assert texts[pid].startswith(start)
    assert "\u201cpublicly\u201d" in texts["P10"]


def edit(tmp_path, name, old, new):
    rules = tmp_path / "rules"
    if not rules.exists():
        shutil.copytree(RULES, rules)
    path = rules / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return rules


BROKEN = [
    ("unknown-key", "findings.toml", 'cites = ["P1", "P11"]', 'site = 1\ncites = ["P1", "P11"]',
     "findings.toml: finding expects-job-interview: unknown key 'site' (allowed: id, kind, cites, quote, message, when, exclusive, topic, suppresses)"),
    ("unknown-field-in-condition", "findings.toml", "when.prepared_questions = \"no\"", "when.prepared = \"no\"",
     "findings.toml: finding no-questions-prepared: unknown field 'prepared' in condition"),
    ("unknown-value-in-condition", "findings.toml", 'when.meeting_with = "recruiter"', 'when.meeting_with = "recruter"',
     "findings.toml: finding meets-recruiter: unknown value 'recruter' for field 'meeting_with' (allowed values: hr, manager, recruiter, other)"),
    ("unknown-operator", "findings.toml", 'when.expectations = { has = "be_asked_questions" }', 'when.expectations = { contains = "be_asked_questions" }',
     "findings.toml: finding expects-to-be-interviewed: unknown operator 'contains' for field 'expectations' (allowed: has, has_any, has_all, has_none)"),
    ("scalar-op-on-list", "findings.toml", 'when.expectations = { has = "be_asked_questions" }', 'when.expectations = { is = "be_asked_questions" }',
     "findings.toml: finding expects-to-be-interviewed: unknown operator 'is' for field 'expectations'"),
    ("duplicate-id", "findings.toml", 'id = "job-goal"', 'id = "expects-job-interview"',
     "findings.toml: duplicate finding id 'expects-job-interview'"),
    ("cites-nothing", "findings.toml", 'cites = ["P6"]', "cites = []",
     "findings.toml: finding expects-to-be-interviewed: cites no passage"),
    ("cites-unknown", "findings.toml", 'cites = ["P6"]', 'cites = ["P66"]',
     "findings.toml: finding expects-to-be-interviewed: cites unknown passage 'P66'"),
    ("quote-not-verbatim", "findings.toml", 'it can be easy to see through."', 'it is easy to see through."',
     "findings.toml: finding open-position-pretext: quote is not word for word in any cited passage (P9)"),
    ("unknown-kind", "findings.toml", 'kind = "caution"', 'kind = "cuation"',
     "findings.toml: finding future-consideration: unknown kind 'cuation' (allowed: mismatch, caution, tip, strength); did you mean 'caution'?"),
    ("never-holds", "findings.toml", 'when.job_open = "unknown"', 'when.job_open = { in = ["yes"], not = "yes" }',
     "findings.toml: finding job-status-unknown: its condition can never hold"),
    ("exclusive-unknown", "findings.toml", 'exclusive = ["no-job-open"]', 'exclusive = ["no-jobs-open"]',
     "findings.toml: finding job-open-now: exclusive with unknown finding 'no-jobs-open'"),
    ("classification-tests-itself", "classification.toml", 'when.goals = { has_any = ["get_job", "pitch_for_open_role"] }', 'when.classification = "job"',
     "classification.toml: classification job_pitch: a classification rule cannot test the classification"),
    ("fallback-not-last", "classification.toml", 'when.goals = { has_any = ["get_job", "pitch_for_open_role"] }\n', "",
     "classification.toml: classification job_pitch: only the last classification may have no 'when'"),
    ("bad-regex", "phrases.toml", "'''\\breferral\\b''',", "'''(referral''',",
     "phrases.toml: phrase get-job: pattern '>>>(referral' does not compile: a '(' at >>> is never closed: "
     "add its ')' where that group ends"),
    ("unknown-goal", "phrases.toml", 'goal = "get_job"', 'goal = "get_jobs"',
     "phrases.toml: phrase get-job: unknown goal 'get_jobs'"),
    ("whole-clause-not-bool", "phrases.toml", 'they posted"\nwhole_clause = true', 'they posted"\nwhole_clause = "yes"',
     "phrases.toml: scope open-role: 'whole_clause' must be true or false"),
    ("abbreviation-with-stop", "phrases.toml", 'abbreviations = ["jr",', 'abbreviations = ["jr.",',
     "phrases.toml: [reading] abbreviations: abbreviation 'jr.' must be a word, without its full stop"),
    ("invalid-toml", "passages.toml", "[source]", "[source",
     "passages.toml: invalid TOML: "),
    ("unknown-question-type", "questions.toml", 'field = "goals"\ntype = "multi"', 'field = "goals"\ntype = "many"',
     "questions.toml: question goals: unknown type 'many' (allowed: choice, multi, text)"),
    # the guidance files (plan, suggestions, questions to ask, checklist, reasons)
    ("infoview-item-with-a-quote", "suggestions.toml", 'id = "keep-to-the-time"\nsource = "infoview"',
     'id = "keep-to-the-time"\nsource = "infoview"\nquote = "ask questions."',
     "suggestions.toml: suggestion keep-to-the-time: the project's own suggestion (source = \"infoview\") carries no 'quote' or 'cites'"),
    ("article-item-without-quote", "checklist.toml", 'quote = "and present well"\n', "",
     "checklist.toml: item present-well: an article item needs 'cites' and a 'quote' from a cited passage"),
    ("invented-quote", "plan.toml", 'quote = "look for the two key words: ask questions."', 'quote = "always ask questions."',
     "plan.toml: action write-your-questions: quote is not word for word in any cited passage (P4)"),
    ("unknown-source", "plan.toml", 'id = "have-answers-ready"\nsource = "infoview"', 'id = "have-answers-ready"\nsource = "wilson"',
     "plan.toml: action have-answers-ready: unknown source 'wilson' (allowed: article, infoview)"),
    ("unknown-serves", "questions-to-ask.toml", 'serves = ["judge_fit"]', 'serves = ["judge_fits"]',
     "questions-to-ask.toml: question like-and-change: serves unknown 'judge_fits'"),
    ("unknown-conflict", "plan.toml", 'conflicts = ["apply-for-the-open-role"]', 'conflicts = ["apply-now"]',
     "plan.toml: action wait-until-the-role-is-filled: conflicts with unknown action 'apply-now'"),
    ("unknown-covered-checklist-item", "plan.toml", 'covers_checklist = ["expect-nothing"]', 'covers_checklist = ["expect-nothin"]',
     "plan.toml: action expect-nothing-more: covers_checklist names unknown checklist item 'expect-nothin'; did you mean 'expect-nothing'?"),
    ("unknown-suppressed", "findings.toml", 'suppresses = ["job-their-questions"]', 'suppresses = ["job-their-question"]',
     "findings.toml: finding job-interview-not-informational: suppresses unknown finding 'job-their-question'"),
    ("unknown-reason-value", "reasons.toml", 'hr = "you will meet someone from HR"', 'hrr = "you will meet someone from HR"',
     "reasons.toml: [said.meeting_with]: unknown value 'hrr'"),
    ("not-said-any-of-a-single-answer", "reasons.toml", 'goals = "you did not choose or name"',
     'job_open = "you did not choose or name"', "reasons.toml: [not_said_any]: 'job_open' is not a list field"),
    ("not-said-set-unknown-value", "reasons.toml", '"get_job+pitch_for_open_role" =', '"get_job+pitch_for_a_role" =',
     "reasons.toml: [not_said_set.goals]: 'get_job+pitch_for_a_role': unknown value 'pitch_for_a_role'"),
    ("not-said-set-of-one-value", "reasons.toml", '"get_job+pitch_for_open_role" =', '"get_job" =',
     "reasons.toml: [not_said_set.goals]: 'get_job' names one value; name two or more, joined by '+'"),
    ("not-said-set-of-a-single-answer", "reasons.toml", '[not_said_set.goals]', '[not_said_set.job_open]',
     "reasons.toml: [not_said_set.job_open]: not a list field"),
]


@pytest.mark.parametrize("file,old,new,message", [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_broken_rules_are_rejected_naming_file_and_rule(tmp_path, file, old, new, message):
    rules = edit(tmp_path, file, old, new)
    with pytest.raises(RulesError) as caught:
        load_rules(rules)
    assert str(caught.value).startswith(str(rules / message.split(":")[0]) + ":")
    assert message.split(": ", 1)[1] in str(caught.value)


def test_unknown_rule_file_is_rejected(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    (rules / "extra.toml").write_text("")
    with pytest.raises(RulesError, match="extra.toml: unknown rule file"):
        load_rules(rules)


def test_broken_rules_through_the_cli(runner, tmp_path):
    from infoview_rules.cli import cli

    rules = edit(tmp_path, "findings.toml", 'cites = ["P6"]', 'cites = ["P66"]')
    result = runner.invoke(cli, ["verify", "--rules", str(rules)])
    assert result.exit_code == 2
    line = (rules / "findings.toml").read_text().splitlines().index('cites = ["P66"]') + 1
    assert result.stderr.startswith(f"error: {rules / 'findings.toml'}:{line}: finding expects-to-be-interviewed: cites unknown passage 'P66'")
    assert result.stderr.count("\n") == 1
