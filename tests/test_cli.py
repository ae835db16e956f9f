"""The command line as a whole: what every command owes its user."""

import re

import pytest

from infoview_rules.cli import cli

COMMANDS = sorted(cli.commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_teaches_by_example(runner, name):
    result = runner.invoke(cli, [name, "--help"], prog_name="infoview")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    headings = [i for i, line in enumerate(lines) if line.strip() in ("Example:", "Examples:")]
    assert headings, f"`infoview {name} --help` has no Example(s): section"
    examples = [line.strip() for line in lines[headings[0] + 1:] if line.strip().startswith("infoview ")]
    assert any(e.split()[1] == name for e in examples), f"no example runs `infoview {name}`"


def test_every_command_has_a_one_line_summary(runner):
    result = runner.invoke(cli, ["--help"], prog_name="infoview")
    assert result.exit_code == 0
    for name in COMMANDS:
        summary = next(line for line in result.output.splitlines() if line.strip().startswith(name + " "))
        assert len(summary.split(None, 1)[1]) > 10, summary


def test_no_readme_line_or_message_installs_infoview_from_pypi():
    # infoview is not on PyPI ("No matching distribution"): people have a clone, where
    # `pip install -e '.[train]'` works and `pip install 'infoview[train]'` does not
    from pathlib import Path

    repo = Path(__file__).resolve().parent.parent
    from_pypi = re.compile(r"pip install +['\"]?infoview\b(?!\s*@)")  # "infoview @ git+URL" is not PyPI
    for path in [repo / "README.md", *sorted((repo / "infoview_rules").rglob("*.py"))]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not from_pypi.search(line), f"{path.relative_to(repo)}:{number}: {line.strip()}"


def test_advise_help_says_what_the_output_tells_of_goal_text(runner):
    # a new user found no word of goal_text in `advise --help`, nor of what the output says about it
    result = runner.invoke(cli, ["advise", "--help"], prog_name="infoview")
    assert result.exit_code == 0
    flat = " ".join(result.output.split())
    assert all(word in flat for word in ('"goal_text"', '"goal_phrases"', '"goal_text_unread"', '"phrase": "learn how'))
