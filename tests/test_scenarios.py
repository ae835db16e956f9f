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
        "1 passed, 1 failed\n"
    )


def test_check_verbose_and_select(runner, failing):
    result = runner.invoke(cli, ["check", "-v", "-k", "PASSES", str(failing)])
    assert result.exit_code == 0
    assert result.stdout == f"PASS {failing}: passes\n1 passed, 0 failed\n"


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
    assert lines[0] == f"{len(SCENARIOS)} passed, 0 failed"
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
