"""The command line as a whole: what every command owes its user."""

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
