"""Rule files with several mistakes: every error at once, each `file:line: rule: message`."""

import shutil

import pytest

from infoview_rules import RulesError, load_rules
from infoview_rules.cli import cli
from infoview_rules.rules import FILES, GUIDANCE_FILES, shipped_rules_dir


def copy_rules(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(shipped_rules_dir(), rules)
    return rules


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path, text):
    """The line of `path` that holds `text` (the edit a test made), counted from 1."""
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_every_error_at_once_with_the_line_of_what_is_wrong(runner, tmp_path):
    rules = copy_rules(tmp_path)
    findings = rules / "findings.toml"
    edit(findings, 'when.prepared_questions = "no"', 'when.prepared = "no"')
    edit(findings, 'when.meeting_with = "recruiter"', 'when.meeting_with = "recruter"')
    edit(findings, 'when.expectations = { has = "be_asked_questions" }', 'when.expectations = { is = "be_asked_questions" }')
    edit(findings, 'kind = "caution"', 'kind = "cuation"')
    edit(findings, 'id = "prepared"', 'id = "no-job-open"')
    result = runner.invoke(cli, ["check", "--rules", str(rules)])
    assert result.exit_code == 2
    f = str(findings)
    operator = line_of(findings, '{ is = "be_asked_questions" }')
    kind = line_of(findings, "cuation")
    field = line_of(findings, "when.prepared =")
    value = line_of(findings, "recruter")
    # the duplicate is named at its second occurrence
    duplicate = [n for n, line in enumerate(findings.read_text().splitlines(), 1) if line == 'id = "no-job-open"'][1]
    assert result.stderr.splitlines() == [
        f"error: {f}:{operator}: finding expects-to-be-interviewed: unknown operator 'is' for field "
        "'expectations' (allowed: has, has_any, has_all, has_none); 'is' tests a single value, and 'expectations' is a list",
        f"error: {f}:{kind}: finding future-consideration: unknown kind 'cuation' "
        "(allowed: mismatch, caution, tip, strength); did you mean 'caution'?",
        f"error: {f}:{field}: finding no-questions-prepared: unknown field 'prepared' in condition "
        "(allowed: requested_by, in_hiring_process, goals, expectations, job_open, meeting_with, prepared_questions, "
        "classification, any); did you mean 'prepared_questions'?",
        f"error: {f}:{value}: finding meets-recruiter: unknown value 'recruter' for field 'meeting_with' "
        "(allowed values: hr, manager, recruiter, other); did you mean 'recruiter'?",
        f"error: {f}:{duplicate}: finding no-job-open: duplicate finding id 'no-job-open'",
    ]


def test_errors_in_several_files_are_all_reported(tmp_path):
    rules = copy_rules(tmp_path)
    edit(rules / "classification.toml", 'cites = ["P9", "P11"]', 'cites = ["P99", "P11"]')
    edit(rules / "questions.toml", 'field = "goals"\ntype = "multi"', 'field = "goals"\ntype = "many"')
    with pytest.raises(RulesError) as caught:
        load_rules(rules, cache=False)
    lines = str(caught.value).splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{rules / 'questions.toml'}:{line_of(rules / 'questions.toml', 'many') }: question goals: unknown type 'many'")
    assert lines[1].startswith(f"{rules / 'classification.toml'}:{line_of(rules / 'classification.toml', 'P99')}: "
                               "classification job_pitch: cites unknown passage 'P99'")


def test_an_empty_rules_folder_names_every_missing_file(runner, tmp_path):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "finding.toml").write_text("")
    result = runner.invoke(cli, ["check", "--rules", str(tmp_path / "rules")])
    assert result.exit_code == 2
    folder = tmp_path / "rules"
    assert result.stderr.splitlines() == [
        f"error: {folder / 'finding.toml'}: unknown rule file (expected: {', '.join(FILES + GUIDANCE_FILES)}); "
        "did you mean 'findings.toml'?"
    ] + [f"error: {folder / name}: missing rule file" for name in FILES]
