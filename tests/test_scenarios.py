"""The shipped scenarios as pytest cases, and `infoview check` as rule authors use it."""

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from infoview_rules import Advisor
from infoview_rules.cli import cli
from infoview_rules.scenarios import compare, load_scenarios, scenario_files, shipped_scenarios_dir

ADVISOR = Advisor()
SCENARIOS = [s for f in scenario_files([shipped_scenarios_dir()]) for s in load_scenarios(f, ADVISOR.rules)]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[f"{Path(s.file).stem}: {s.name}" for s in SCENARIOS])
def test_scenario(scenario):
    assert compare(scenario, ADVISOR.advise(scenario.answers)) == []


def test_scenarios_cover_every_outcome_both_ways():
    assert len({s.name for s in SCENARIOS}) >= 40
    outcomes = [ADVISOR.advise(s.answers) for s in SCENARIOS]
    for c in ADVISOR.rules.classifications:
        assert any(o.classification == c.id for o in outcomes), c.id
        assert any(o.classification != c.id for o in outcomes), c.id
    for f in ADVISOR.rules.findings:
        assert any(f.id in o.finding_ids() for o in outcomes), f.id
        assert any(f.id not in o.finding_ids() for o in outcomes), f.id


FAILING = """
[[scenario]]
name = "expects too little"
answers = { requested_by = "me", in_hiring_process = "no", goals = ["learn_about_company"], expectations = ["ask_questions", "job_offer"], job_open = "no", meeting_with = "hr", prepared_questions = "yes" }
expect = { classification = "informational", aligned = true, findings = ["no-job-open", "prepared"] }

[[scenario]]
name = "passes"
answers = { requested_by = "company", in_hiring_process = "no", job_open = "no", meeting_with = "hr", prepared_questions = "yes" }
expect = { classification = "job", findings = ["company-set-it-up", "job-their-questions"] }
"""


@pytest.fixture
def failing(tmp_path):
    path = tmp_path / "failing.toml"
    path.write_text(FAILING)
    return path


def test_check_is_terse_and_shows_expected_against_actual(runner, failing):
    result = runner.invoke(cli, ["check", str(failing)])
    assert result.exit_code == 1
    assert result.stdout == (
        f"FAIL {failing}: expects too little\n"
        "  aligned: expected true, got false\n"
        "  finding expects-job-interview: fired, not expected (because expectations = job_offer)\n"
        '  expected: {"classification": "informational", "aligned": true, "findings": ["no-job-open", "prepared"]}\n'
        '  actual:   {"classification": "informational", "aligned": false, "goals": ["learn_about_company"], '
        '"findings": ["expects-job-interview", "no-job-open", "prepared"]}\n'
        "    expects-job-interview: because expectations = job_offer\n"
        "    no-job-open: because job_open = no\n"
        "    prepared: because prepared_questions = yes\n"
        "1 scenario passed, 1 failed\n"
    )


def test_check_verbose_and_select(runner, failing):
    result = runner.invoke(cli, ["check", "-v", "-k", "PASSES", str(failing)])
    assert result.exit_code == 0
    assert result.stdout == f"PASS {failing}: passes\n1 scenario passed, 0 failed\n"


def test_check_json_format(runner, failing):
    result = runner.invoke(cli, ["check", "--format", "json", str(failing)])
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert (doc["passed"], doc["failed"]) == (1, 1)
    assert doc["cases"][0]["name"] == "expects too little"
    assert doc["cases"][0]["actual"]["aligned"] is False


def test_check_junit_xml(runner, failing, tmp_path):
    report = tmp_path / "out" / "junit.xml"
    report.parent.mkdir()
    result = runner.invoke(cli, ["check", "--junit-xml", str(report), str(failing)])
    assert result.exit_code == 1
    suite = ET.parse(report).getroot().find("testsuite")
    assert (suite.get("tests"), suite.get("failures")) == ("2", "1")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["expects too little", "passes"]
    failure = cases[0].find("failure")
    assert failure.get("message") == "aligned: expected true, got false"
    assert "expected: " in failure.text and "actual: " in failure.text
    assert cases[1].find("failure") is None


def test_check_shipped_scenarios_with_full_coverage(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no scenarios/ here: the shipped ones are used
    result = runner.invoke(cli, ["check", "--coverage", "--min-coverage", "100"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"{len(SCENARIOS)} scenarios passed, 0 failed"
    assert lines[-1] == "coverage: 100.0%"


def test_min_coverage_fails_when_a_finding_is_never_exercised(runner, tmp_path):
    scenarios = tmp_path / "s"
    scenarios.mkdir()
    shutil.copy(shipped_scenarios_dir() / "job-interviews.toml", scenarios)
    result = runner.invoke(cli, ["check", "--coverage", "--min-coverage", "90", str(scenarios)])
    assert result.exit_code == 1
    assert "finding        job-goal" in result.stdout and "never fires" in result.stdout
    assert "is below --min-coverage 90%" in result.stderr


@pytest.mark.parametrize("text,message", [
    ('[[scenario]]\nname = "x"\nanswer = {}\n', "unknown key 'answer'"),
    ('[[scenario]]\nname = "x"\nanswers = {}\nexpect = { classification = "jobs" }\n', "unknown classification 'jobs'"),
    ('[[scenario]]\nname = "x"\nanswers = {}\nexpect = { findings = ["job_goal"] }\n', "expect.findings: unknown 'job_goal'; did you mean 'job-goal'?"),
    ("[[scenario]\n", "invalid TOML"),
    ('x = 1\n', "unknown key 'x'"),
], ids=["unknown-key", "unknown-classification", "unknown-finding", "bad-toml", "no-scenarios"])
def test_bad_scenario_files(runner, tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {path}")
    assert message in result.stderr


# --- every mistake of a scenario file at once, each at its line --------------------------

ANSWERS = 'requested_by = "me", in_hiring_process = "no", job_open = "no", meeting_with = "hr", prepared_questions = "yes"'
FINE = f'[[scenario]]\nname = "fine"\nanswers = {{ {ANSWERS}, goals = ["learn_about_company"] }}\nexpect = {{ classification = "informational" }}\n'


def test_every_mistake_of_a_scenario_file_is_reported_and_the_valid_cases_still_run(runner, tmp_path):
    # the adviser's trial: four mistakes, which used to surface one run at a time
    path = tmp_path / "trial.toml"
    path.write_text(
        '[[scenario]]\nname = "learns"\n'
        f'answers = {{ {ANSWERS}, goals = ["learn_about_company"] }}\n'
        'expect = { classification = "informational", findings_include = ["no-job-opn"] }\n\n'
        f'[[scenario]]\nname = "typo key"\nanswers = {{ {ANSWERS} }}\nexpect = {{ clasification = "informational" }}\n\n'
        '[[scenario]]\nname = "bad answers"\n'
        f'answers = {{ {ANSWERS.replace("hr", "manger")}, goals = ["lern"] }}\n'
        'expect = { classification = "informational" }\n\n' + FINE)
    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 2
    # "fine" ran; three scenarios have the four mistakes between them
    assert result.stdout == "1 scenario passed, 0 failed, 3 could not be judged (4 mistakes in scenario files)\n"
    assert result.stderr.splitlines() == [
        f"error: {path}:4: scenario learns: expect.findings_include: unknown 'no-job-opn'; did you mean 'no-job-open'?",
        f"error: {path}:9: scenario typo key: expect: unknown key 'clasification' (allowed: classification, aligned, "
        "findings, findings_include, goals, plan); did you mean 'classification'?",
        f"error: {path}:13: scenario bad answers: answers: field 'goals': unknown value 'lern' (allowed values: "
        "learn_about_company, judge_fit, get_job, pitch_for_open_role, be_remembered); did you mean 'learn_about_company'?",
        f"error: {path}:13: scenario bad answers: answers: field 'meeting_with': unknown value 'manger' (allowed values: "
        "hr, manager, recruiter, other); did you mean 'manager'?",
    ]


CASES_BASE = f'[[scenario]]\nname = "table"\nanswers = {{ {ANSWERS} }}\n\n'


@pytest.mark.parametrize("text,errors,passed,unjudged", [
    (FINE + '\n[[scenario]]\nname = "two"\nanswers = { requested_by = "us" }\nexpect = { classification = "jobs" }\n',
     ["8: scenario two: answers: field 'requested_by': unknown value 'us' (allowed values: me, company)",
      "8: scenario two: answers: missing required field 'in_hiring_process' (allowed values: yes, no)",
      "8: scenario two: answers: missing required field 'job_open' (allowed values: yes, no, unknown)",
      "8: scenario two: answers: missing required field 'meeting_with' (allowed values: hr, manager, recruiter, other)",
      "8: scenario two: answers: missing required field 'prepared_questions' (allowed values: yes, no)",
      "9: scenario two: unknown classification 'jobs' (allowed: job, informational, job_pitch, unclear); did you mean 'job'?"],
     1, 1),
    (CASES_BASE + '[[scenario.case]]\nname = "a"\nset = { meeting_with = "boss" }\nexpect = { aligned = "yes" }\n\n'
     '[[scenario.case]]\nname = "b"\nset = {}\nexpect = { classification = "unclear" }\n\n'
     '[[scenario.case]]\nname = "c"\nunset = ["job_open"]\nexpct = {}\n',
     ["7: scenario table: case a: answers: field 'meeting_with': unknown value 'boss' (allowed values: hr, manager, "
      "recruiter, other)",
      "8: scenario table: case a: expect.aligned must be true or false",
      "17: scenario table: case c: answers: missing required field 'job_open' (allowed values: yes, no, unknown)",
      "18: scenario table: case c: unknown key 'expct' (allowed: name, set, unset, expect, description); "
      "did you mean 'expect'?"], 1, 2),
    (FINE + '\n[[scenario]]\nnam = "x"\nanswers = { requested_by = "me", in_hiring_process = "no", job_open = "no", '
     'meeting_with = "hr", prepared_questions = "yes", wanted = "x" }\nexpect = { findings = ["prepard"], goals = ["judge"] }\n',
     ["7: scenario 2: unknown key 'nam' (allowed: name, answers, expect, description, case); did you mean 'name'?",
      "8: scenario 2: answers: unknown field 'wanted' (allowed: requested_by, in_hiring_process, goals, goal_text, "
      "expectations, job_open, meeting_with, prepared_questions)",
      "9: scenario 2: expect.findings: unknown 'prepard'; did you mean 'prepared'?",
      "9: scenario 2: expect.goals: unknown 'judge'; did you mean 'judge_fit'?"], 1, 1),
    (FINE + "\n" + FINE, ["6: duplicate scenario name 'fine'"], 1, 1),
], ids=["bad-answers-and-classification", "cases-each-at-their-line", "misspelt-name-key", "duplicate-name"])
def test_scenario_file_mistakes_all_at_once(runner, tmp_path, text, errors, passed, unjudged):
    path = tmp_path / "cases.toml"
    path.write_text(text)
    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines == [f"error: {path}:{expected}" for expected in errors]
    # scenarios counted once each, however many mistakes they have; the mistakes counted apart
    noun = "mistake" if len(errors) == 1 else "mistakes"
    assert result.stdout == (f"{passed} scenario{'' if passed == 1 else 's'} passed, 0 failed, {unjudged} could not "
                             f"be judged ({len(errors)} {noun} in scenario files)\n")


def test_an_unexpected_finding_says_which_conditions_held_when_no_answer_did(runner, tmp_path):
    # a trial: "ask-to-learn: fired, not expected (because of the classification alone)" when what
    # held was also that no expectation "ask_questions" was picked
    path = tmp_path / "s.toml"
    path.write_text('[[scenario]]\nname = "quiet"\nanswers = { requested_by = "me", in_hiring_process = "no", '
                    'goals = ["learn_about_company"], job_open = "no", meeting_with = "manager", '
                    'prepared_questions = "yes" }\nexpect = { findings = ["no-job-open", "prepared"] }\n')
    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 1
    assert ("finding ask-to-learn: fired, not expected (because expectations has none of ask_questions; "
            "classification = informational)") in result.output
    assert "classification alone" not in result.output
