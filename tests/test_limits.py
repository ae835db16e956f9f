"""Input at the limits: deep nesting, odd file names, reserved field names."""

import shutil

import pytest

from infoview_rules import RulesError, load_rules
from infoview_rules.cli import cli
from infoview_rules.rules import shipped_rules_dir

DEEP_TOML = "a = " + "[" * 50_000 + "]" * 50_000 + "\n"


@pytest.mark.parametrize("command", ["advise", "check"], ids=["answers", "scenarios"])
def test_deeply_nested_toml_is_a_clean_error(runner, tmp_path, command):
    path = tmp_path / "deep.toml"
    path.write_text(DEEP_TOML)
    result = runner.invoke(cli, [command, str(path)])
    assert result.exit_code == 2
    assert result.stderr == f"error: {path}: invalid TOML: nested too deeply\n"


def test_deeply_nested_rule_files_are_a_clean_error(runner, tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(shipped_rules_dir(), rules)
    (rules / "findings.toml").write_text(DEEP_TOML)
    result = runner.invoke(cli, ["advise", "--rules", str(rules), "x.json"])
    assert result.exit_code == 2
    assert result.stderr == f"error: {rules / 'findings.toml'}: invalid TOML: nested too deeply\n"


def test_a_file_name_with_a_newline_stays_on_one_line(runner, tmp_path):
    path = tmp_path / "my\nmeeting.json"
    result = runner.invoke(cli, ["advise", str(path)])
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path}/my\\nmeeting.json: no such file\n"


@pytest.mark.parametrize("name", ["sid", "t"])
def test_answer_fields_named_like_the_engines_keys_are_rejected(tmp_path, name):
    rules = tmp_path / "rules"
    shutil.copytree(shipped_rules_dir(), rules)
    path = rules / "questions.toml"
    path.write_text(path.read_text() + f'''
[[question]]
field = "{name}"
type = "choice"
text = "A question whose field the engine uses itself?"
values = [{{ value = "a", label = "A" }}, {{ value = "b", label = "B" }}]
''')
    with pytest.raises(RulesError, match=f"question {name}: the field name '{name}' is reserved"):
        load_rules(rules, cache=False)
