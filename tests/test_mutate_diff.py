"""`infoview mutate` and `infoview diff`."""

import contextlib
import json
import threading

from infoview_rules import parallel
from infoview_rules.cli import cli
from infoview_rules.rules import shipped_rules_dir
from infoview_rules.scenarios import shipped_scenarios_dir
from oracle import answer_space, classify
from rule_copies import copy_rules, replace


def test_shipped_scenarios_catch_every_mutant(runner):
    result = runner.invoke(cli, ["mutate", str(shipped_scenarios_dir())])
    assert result.exit_code == 0, result.stdout
    last = result.stdout.splitlines()[-1]
    assert last.endswith("caught, 0 survived, 0 equivalent, 2 invalid")
    assert int(last.split()[0]) >= 100


def test_fewer_scenarios_let_mutants_survive(runner, monkeypatch):
    # each worker pool starts with no other pool still running: a pool left running
    # had its threads up while the next one forked (Python 3.12+ warned, and at exit
    # printed "Exception ignored on threading shutdown")
    before, threads_at_start = set(threading.enumerate()), []
    real_pool = parallel.worker_pool

    @contextlib.contextmanager
    def recording_pool(*args, **kwargs):
        threads_at_start.append({t.name for t in set(threading.enumerate()) - before})
        with real_pool(*args, **kwargs) as pool:
            yield pool

    monkeypatch.setattr(parallel, "worker_pool", recording_pool)
    result = runner.invoke(
        cli, ["mutate", "--workers", "2", "--format", "json", str(shipped_scenarios_dir() / "job-interviews.toml")]
    )
    assert threads_at_start == [set(), set()]  # mutants, then survivors: two pools, one at a time
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    survived = {(m["file"], m["rule"], m["change"]) for m in doc["results"] if m["outcome"] == "survived"}
    assert ("findings.toml", "finding no-questions-prepared", "drop condition prepared_questions") in survived
    assert ("classification.toml", "classification informational", "swap order with job_pitch") in survived
    assert doc["survived"] == len(survived) and doc["mutants"] == len(doc["results"])
    assert doc["caught"] + doc["survived"] + doc["equivalent"] + doc["invalid"] + doc["error"] == doc["mutants"]
    assert all(m["caught_by"] for m in doc["results"] if m["outcome"] == "caught")


def test_mutate_refuses_a_failing_baseline(runner, tmp_path):
    # a scenario that fails would "catch" every mutant
    path = tmp_path / "bad.toml"
    path.write_text('[[scenario]]\nname = "wrong"\nanswers = { requested_by = "me", in_hiring_process = "no", '
                    'job_open = "no", meeting_with = "recruiter", prepared_questions = "yes" }\n'
                    'expect = { classification = "job" }\n')
    result = runner.invoke(cli, ["mutate", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.endswith(
        "error: 1 of 1 scenario cases fail on the unmutated rules; a mutation score means nothing until they pass "
        f"(run `infoview check {path}`)\n")  # the check to run: the same scenario files
    assert "wrong: classification: expected job, got" in result.stderr


def test_mutate_reports_every_mistake_of_a_scenario_file(runner, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('[[scenario]]\nname = "typo"\nanswers = { requested_by = "me", in_hiring_process = "no", '
                    'job_open = "no", meeting_with = "recruter", prepared_questions = "yes" }\n'
                    'expect = { classification = "unclar" }\n')
    result = runner.invoke(cli, ["mutate", str(path)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {path}:3: scenario typo: answers: field 'meeting_with': unknown value 'recruter' "
        "(allowed values: hr, manager, recruiter, other); did you mean 'recruiter'?\n"
        f"error: {path}:4: scenario typo: unknown classification 'unclar' (allowed: job, informational, job_pitch, "
        "unclear); did you mean 'unclear'?\n")


def test_equivalent_mutants_are_reported_apart(runner, tmp_path):
    rules = copy_rules(tmp_path)
    # a condition that always holds: dropping it changes nothing anywhere
    replace(rules / "findings.toml", 'when.prepared_questions = "yes"',
            'when.prepared_questions = "yes"\nwhen.requested_by = { in = ["me", "company"] }')
    result = runner.invoke(cli, ["mutate", "--rules", str(rules), str(shipped_scenarios_dir())])
    assert "EQUIVALENT findings.toml: finding prepared: drop condition requested_by" in result.stdout
    assert result.exit_code == 0, result.stdout


def test_diff_counts_and_examples(runner, tmp_path):
    new = copy_rules(tmp_path)
    replace(new / "findings.toml", 'when.meeting_with = "recruiter"', 'when.meeting_with = { in = ["recruiter", "other"] }')
    replace(new / "classification.toml", 'when.goals = { has_any = ["learn_about_company", "judge_fit"] }',
            'when.goals = { has = "learn_about_company" }')
    result = runner.invoke(cli, ["diff", "--rules", str(shipped_rules_dir()), "--rules", str(new), "--format", "json"])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    space = list(answer_space())
    # computed here from the contract: which answers the edit moves
    moved = [a for a in space if classify(a) == "informational" and "learn_about_company" not in a["goals"]]
    to_pitch = sum(bool(set(a["goals"]) & {"get_job", "pitch_for_open_role"}) for a in moved)
    assert doc["answers"] == 98_304
    assert {(c["from"], c["to"]): c["count"] for c in doc["classification"]} == {
        ("informational", "job_pitch"): to_pitch, ("informational", "unclear"): len(moved) - to_pitch}
    example = next(c for c in doc["classification"] if c["to"] == "unclear")["example"]
    assert example["goals"] == ["judge_fit"] or set(example["goals"]) <= {"judge_fit", "be_remembered"}
    recruiter = next(f for f in doc["findings"] if f["id"] == "meets-recruiter")
    # non-job meetings with someone "other": a quarter of the space, times a quarter
    assert recruiter == {"id": "meets-recruiter", "gained": 98_304 // 16, "lost": 0,
                         "gained_example": recruiter["gained_example"], "lost_example": None}
    assert recruiter["gained_example"]["meeting_with"] == "other"


def test_diff_of_identical_rules_and_exit_code(runner):
    result = runner.invoke(cli, ["diff", "--rules", str(shipped_rules_dir()), "--rules", str(shipped_rules_dir()), "--exit-code"])
    assert result.exit_code == 0
    assert result.stdout == "98304 answers objects compared, 0 with different advice\n"


def test_diff_needs_two_rule_folders(runner):
    result = runner.invoke(cli, ["diff", "--rules", str(shipped_rules_dir())], prog_name="infoview")
    assert result.exit_code == 2
    assert result.stderr == "error: give --rules twice: the old rules folder, then the new one (see 'infoview diff --help')\n"


def test_values_no_rule_tells_apart_are_walked_once(advisor):
    from infoview_rules.schema import Space

    schema = advisor.rules.schema
    whole = Space(schema)
    space = Space(schema, tests=[("meeting_with", frozenset({"recruiter"}))])
    assert space.options["meeting_with"] == ("hr", "recruiter")  # hr stands for hr, manager and other
    assert space.options["job_open"] == ("yes",)  # a question no test looks at: one value stands for all
    assert space.size == 2 * 32 * 32  # the lists (goals, expectations) are walked whole
    assert whole.size == space.whole == space.count(space.all) == 98_304
    hr = space.field_bits("meeting_with", lambda option: option == "hr")
    assert space.count(hr) == 98_304 * 3 // 4
    # the first answers object of the walk is the whole space's first with the same outcome
    assert space.at(0) == whole.at(0)


def test_diff_walking_alike_values_once_gives_the_same_diff(monkeypatch, tmp_path):
    from infoview_rules import Advisor, diff as diff_module
    from infoview_rules.schema import Space

    new = copy_rules(tmp_path)
    # tells "other" apart from "hr" and "manager", and moves classifications too
    replace(new / "findings.toml", 'when.meeting_with = "recruiter"', 'when.meeting_with = { in = ["recruiter", "other"] }')
    replace(new / "classification.toml", 'when.goals = { has_any = ["learn_about_company", "judge_fit"] }',
            'when.goals = { has = "learn_about_company" }')
    old_advisor, new_advisor = Advisor(shipped_rules_dir()), Advisor(new)
    pair = (old_advisor.rules, new_advisor.rules)
    merged = diff_module.diff(*pair, advisors=[old_advisor, new_advisor])
    monkeypatch.setattr(diff_module, "Space", lambda schema, fields=None, tests=None: Space(schema, fields))
    plain = diff_module.diff(*pair, advisors=[old_advisor, new_advisor])
    assert merged.walked < plain.walked
    merged.walked = plain.walked
    assert diff_module.as_json(merged) == diff_module.as_json(plain)
