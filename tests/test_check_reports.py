"""`infoview check` as rule authors rely on it: errors per case, exclusive findings,
why a finding did not fire, subset expectations, reports for CI, --accept, MC/DC."""

import json
import os
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pexpect
import pytest

from infoview_rules.cli import cli
from infoview_rules.rules import shipped_rules_dir
from rule_copies import copy_rules, replace

BASE = 'requested_by = "me", in_hiring_process = "no", job_open = "no", meeting_with = "hr"'
INFO = f'{{ {BASE}, goals = ["learn_about_company"], prepared_questions = "yes" }}'


def scenario(name, answers, expect):
    return f'[[scenario]]\nname = "{name}"\nanswers = {answers}\nexpect = {expect}\n\n'


def write(tmp_path, text, name="cases.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_gap_in_the_classifications_is_an_error_of_each_case_and_the_run_goes_on(runner, tmp_path):
    rules = copy_rules(tmp_path)
    # the fallback gets a condition: answers with no goal and not a job meeting have no classification
    replace(rules / "classification.toml", 'id = "unclear"\n', 'id = "unclear"\nwhen.prepared_questions = "yes"\n')
    path = write(tmp_path, scenario("no goal", f'{{ {BASE}, prepared_questions = "no" }}', '{ classification = "unclear" }')
                 + scenario("learns", INFO, '{ classification = "informational" }'))
    result = runner.invoke(cli, ["check", "--rules", str(rules), str(path)])
    assert result.exit_code == 1
    assert result.stdout == (
        f"ERROR {path}: no goal\n"
        "  the rules cannot advise on these answers: no classification applies to these answers\n"
        "1 scenario passed, 0 failed, 1 could not be judged\n"
    )


def test_check_honours_exclusive(runner, tmp_path):
    rules = copy_rules(tmp_path)
    replace(rules / "findings.toml", 'when.classification = "informational"\nwhen.job_open = "no"',
            'when.classification = "informational"\nwhen.job_open = { in = ["no", "yes"] }')
    answers = INFO.replace('job_open = "no"', 'job_open = "yes"')
    path = write(tmp_path, scenario("both", answers, '{ findings = ["job-open-now", "no-job-open", "prepared"] }'))
    result = runner.invoke(cli, ["check", "--rules", str(rules), str(path)])
    assert result.exit_code == 1
    assert "  findings job-open-now and no-job-open: fired together, but they are declared exclusive\n" in result.stdout


def test_expected_to_fire_names_the_false_conditions(runner, tmp_path):
    path = write(tmp_path, scenario("prepared after all", INFO, '{ findings_include = ["no-questions-prepared", "open-position-pretext"] }'))
    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert "  finding no-questions-prepared: expected to fire, did not (false: prepared_questions is no (it is yes))" in lines
    assert ("  finding open-position-pretext: expected to fire, did not (false: job_open is yes (it is no); none of: "
            "goals has any of [pitch_for_open_role] (it is [learn_about_company]) | goals has any of [get_job] "
            "(it is [learn_about_company]) and meeting_with is recruiter (it is hr))") in lines


def test_findings_include_is_a_subset_matcher(runner, tmp_path):
    path = write(tmp_path, scenario("at least prepared", INFO, '{ findings_include = ["prepared"] }'))
    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 0, result.stdout
    both = write(tmp_path, scenario("x", INFO, '{ findings = [], findings_include = ["prepared"] }'), "both.toml")
    result = runner.invoke(cli, ["check", str(both)])
    assert result.exit_code == 2
    assert "expect has both 'findings' (the exact set) and 'findings_include' (at least these); keep one" in result.stderr


MIXED = (
    scenario("bell\\u0007 and ok", INFO, '{ classification = "informational" }')
    + scenario("wrong class", INFO, '{ classification = "job" }')
    + scenario("bad answers", f'{{ {BASE}, prepared_questions = "maybe" }}', '{ classification = "job" }')
)


def test_junit_counts_errors_apart_with_times_and_a_conventional_classname(runner, tmp_path):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    path = write(folder, MIXED)
    report = tmp_path / "junit.xml"
    result = runner.invoke(cli, ["check", "--junit-xml", str(report), str(path)])
    assert result.exit_code == 2  # bad answers are a mistake in the file; the other cases still ran
    root = ET.parse(report).getroot()  # well-formed despite the control character
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("3", "1", "1")
    suite = root.find("testsuite")
    assert suite.get("name") == str(path) and float(suite.get("time")) > 0
    cases = suite.findall("testcase")
    assert [c.get("classname") for c in cases] == ["scenarios.cases"] * 3
    assert [c.get("name") for c in cases] == ["bell\\x07 and ok", "wrong class", "bad answers"]
    assert all(float(c.get("time")) > 0 for c in cases[:2])
    assert [c.get("line") for c in cases] == ["1", "6", "13"]  # the bad answer's own line
    assert cases[1].find("failure").get("message") == "classification: expected job, got informational"
    assert cases[2].find("error").get("message").startswith(
        f"{path}:13: scenario bad answers: answers: field 'prepared_questions': unknown value 'maybe'")


def test_junit_is_written_when_a_scenario_file_cannot_be_loaded(runner, tmp_path):
    good = write(tmp_path, scenario("fine", INFO, '{ classification = "informational" }'), "good.toml")
    bad = write(tmp_path, '[[scenario]]\nname = "x"\nanswer = {}\n', "bad.toml")
    report = tmp_path / "junit.xml"
    result = runner.invoke(cli, ["check", "--junit-xml", str(report), str(good), str(bad)])
    assert result.exit_code == 2
    assert result.stderr == (f"error: {bad}:1: scenario x: needs an 'expect' table\n"
                             f"error: {bad}:3: scenario x: unknown key 'answer' (allowed: name, answers, expect, "
                             "description, case); did you mean 'answers'?\n")
    assert result.stdout == "1 scenario passed, 0 failed, 1 could not be judged (2 mistakes in scenario files)\n"
    root = ET.parse(report).getroot()
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("2", "0", "1")  # one case, two mistakes
    error = root.findall("testsuite")[1].find("testcase/error")
    assert "unknown key 'answer'" in error.text and "needs an 'expect' table" in error.get("message")
    garbled = write(tmp_path, "[[scenario]\n", "garbled.toml")
    result = runner.invoke(cli, ["check", "--junit-xml", str(report), str(garbled)])
    assert result.exit_code == 2
    assert result.stdout == "0 scenarios passed, 0 failed, 1 could not be judged (1 mistake in scenario files)\n"
    case = ET.parse(report).getroot().find("testsuite/testcase")
    assert case.get("name") == "(the file could not be loaded)" and "invalid TOML" in case.find("error").get("message")


def test_json_report_has_status_and_time_per_case(runner, tmp_path):
    path = write(tmp_path, MIXED)
    result = runner.invoke(cli, ["check", "--format", "json", str(path)])
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    assert (doc["passed"], doc["failed"], doc["errors"], doc["mistakes"]) == (1, 1, 1, 1)
    assert [c["status"] for c in doc["cases"]] == ["pass", "fail"]
    assert all(c["seconds"] > 0 for c in doc["cases"]) and doc["seconds"] > 0
    [error] = doc["load_errors"]
    assert (error["file"], error["line"], error["scenario"]) == (str(path), 13, "bad answers")
    assert "unknown value 'maybe'" in error["error"]


def test_github_annotations_and_tap(runner, tmp_path):
    path = write(tmp_path, MIXED.replace("bell\\u0007 and ok", "fine"))
    result = runner.invoke(cli, ["check", "--format", "github", str(path)])
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert lines[0] == f"::error file={path},line=6,title=wrong class::classification: expected job, got informational"
    assert lines[1].startswith(f"::error file={path},line=13,title=bad answers::{path}:13: scenario bad answers: "
                               "answers: field 'prepared_questions'")
    assert lines[2] == "1 scenario passed, 1 failed, 1 could not be judged (1 mistake in scenario files)"
    result = runner.invoke(cli, ["check", "--format", "tap", str(path)])
    lines = result.stdout.splitlines()
    assert lines[:3] == ["TAP version 13", "1..3", f"ok 1 - {path}: fine"]
    assert lines[3] == f"not ok 2 - {path}: wrong class"
    assert '    - "classification: expected job, got informational"' in lines
    assert f"not ok 3 - {path}: bad answers" in lines


def test_the_summary_counts_scenarios_and_the_mistakes_apart_in_every_format(runner, tmp_path):
    """A trial: one scenario with three mistakes next to two good ones read "2 passed, 0 failed,
    3 errors", as though three scenarios had failed. Each format counts it once, its own way."""
    bad = f'{{ {BASE.replace("hr", "manger")}, goals = ["lern"], prepared_questions = "maybe" }}'
    path = write(tmp_path, scenario("learns", INFO, '{ classification = "informational" }')
                 + scenario("learns too", INFO, '{ aligned = true }')
                 + scenario("three mistakes", bad, '{ classification = "informational" }'))
    expected = "2 scenarios passed, 0 failed, 1 could not be judged (3 mistakes in scenario files)"
    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 2
    assert result.stdout == expected + "\n"
    assert len(result.stderr.splitlines()) == 3  # every mistake still named, each on its line
    github = runner.invoke(cli, ["check", "--format", "github", str(path)])
    assert github.exit_code == 2
    assert github.stdout.count("::error ") == 3 and github.stdout.splitlines()[-1] == expected  # an annotation a mistake
    doc = json.loads(runner.invoke(cli, ["check", "--format", "json", str(path)]).stdout)
    assert (doc["passed"], doc["failed"], doc["errors"], doc["mistakes"]) == (2, 0, 1, 3)
    assert len(doc["load_errors"]) == 3
    tap = runner.invoke(cli, ["check", "--format", "tap", str(path)]).stdout.splitlines()
    assert tap[1] == "1..3" and sum(line.startswith("not ok") for line in tap) == 1
    assert tap[-1] == "# " + expected
    report = tmp_path / "junit.xml"
    runner.invoke(cli, ["check", "--junit-xml", str(report), str(path)])
    root = ET.parse(report).getroot()
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("3", "0", "1")


ACCEPT = """# my scenarios: comments stay
[[scenario]]
name = "learns"   # the textbook case
[scenario.answers]
requested_by = "me"
in_hiring_process = "no"
goals = ["learn_about_company"]
job_open = "no"
meeting_with = "hr"
prepared_questions = "yes"
[scenario.expect]
classification = "informational"
findings = [
  "prepared",
]

[[scenario]]
name = "table"
answers = { requested_by = "company", in_hiring_process = "no", job_open = "no", meeting_with = "hr", prepared_questions = "yes" }

[[scenario.case]]
name = "asks"
set = { expectations = ["ask_questions"] }
expect = { classification = "job", aligned = true, findings = [] }  # wrong on purpose
"""


def test_accept_shows_the_change_then_rewrites_only_failing_expectations(runner, tmp_path):
    path = write(tmp_path, ACCEPT)
    result = runner.invoke(cli, ["check", "--accept", "--yes", str(path)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert f"{path}:2: learns\n" in out and '  + findings = ["ask-to-learn", "no-job-open", "prepared"]\n' in out
    assert f"{path}:21: table / asks\n  - aligned = true\n  + aligned = false\n" in out
    added = next(line for line in out.splitlines() if line.startswith('  + findings = ["job-interview-not-informational"'))
    assert added.endswith("]")
    assert out.endswith(f"accepted 2 cases; rewrote {path}\n")
    text = path.read_text()
    assert text.startswith("# my scenarios: comments stay\n")
    assert 'name = "learns"   # the textbook case\n' in text
    assert 'findings = [\n    "ask-to-learn",\n    "no-job-open",\n    "prepared",\n]' in text
    assert 'expect = { classification = "job", aligned = false, findings = ["job-interview-not-informational"' in text
    assert "] }  # wrong on purpose" in text
    assert runner.invoke(cli, ["check", str(path)]).exit_code == 0


def test_accept_without_a_terminal_needs_yes(runner, tmp_path):
    path = write(tmp_path, ACCEPT)
    result = runner.invoke(cli, ["check", "--accept", str(path)])
    assert result.exit_code == 2
    assert "without a terminal, add --yes" in result.stderr
    assert path.read_text() == ACCEPT


def test_accept_asks_in_a_terminal_and_no_writes_nothing(tmp_path):
    path = write(tmp_path, ACCEPT)
    infoview = str(Path(sys.executable).parent / "infoview")
    child = pexpect.spawn(infoview, ["check", "--accept", str(path)], encoding="utf-8", timeout=30, env=dict(os.environ))
    child.expect_exact("Rewrite the expectations of 2 cases in 1 file? [y/N]: ")
    child.sendline("n")
    child.expect_exact("nothing written")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert path.read_text() == ACCEPT


def test_coverage_wants_an_mcdc_pair_for_each_condition(runner, tmp_path):
    # fires once and does not fire once, but both conditions change together:
    # neither is shown to decide on its own (the old "deciding" measure said ok)
    answers_no = f'{{ {BASE}, goals = ["learn_about_company"], prepared_questions = "no" }}'
    answers_job = '{ requested_by = "company", in_hiring_process = "no", job_open = "no", meeting_with = "hr", prepared_questions = "yes" }'
    path = write(tmp_path, scenario("unprepared", answers_no, '{ classification = "informational" }')
                 + scenario("job", answers_job, '{ classification = "job" }'))
    result = runner.invoke(cli, ["check", "--coverage", "--format", "json", str(path)])
    rules = {r["id"]: r for r in json.loads(result.stdout)["coverage"]["rules"]}
    rule = rules["no-questions-prepared"]
    assert (rule["fired"], rule["not_fired"]) == (1, 1)
    assert rule["without_mcdc_pair"] == ["classification is not job", "prepared_questions is no"]
    # a third scenario that differs from the first only in prepared_questions gives that condition its pair
    path.write_text(path.read_text() + scenario("prepared", INFO, '{ classification = "informational" }'))
    result = runner.invoke(cli, ["check", "--coverage", "--format", "json", str(path)])
    rule = {r["id"]: r for r in json.loads(result.stdout)["coverage"]["rules"]}["no-questions-prepared"]
    assert rule["without_mcdc_pair"] == ["classification is not job"]
    assert rule["conditions"][1] == {"condition": "prepared_questions is no", "mcdc_pair": ["unprepared", "prepared"]}


def test_init_copies_the_shipped_rules_and_scenarios_as_a_start(runner, tmp_path, monkeypatch):
    target = tmp_path / "my-advice"
    result = runner.invoke(cli, ["init", str(target)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Created {target / 'rules'} (")
    shipped = sorted(p.name for p in shipped_rules_dir().iterdir() if p.suffix in (".toml", ".json"))
    assert sorted(p.name for p in (target / "rules").iterdir()) == shipped and "goal-model.json" in shipped
    assert (target / "scenarios").is_dir()
    monkeypatch.chdir(target)
    checked = runner.invoke(cli, ["check", "--rules", "rules"])
    assert checked.exit_code == 0 and checked.stdout.endswith(" passed, 0 failed\n")
    again = runner.invoke(cli, ["init", str(target)])
    assert again.exit_code == 2
    assert again.stderr == f"error: {target / 'rules'}: already exists; init never overwrites (pick another DIR)\n"
