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


# -- the command printed for a person to run ----------------------------------------------------

def _script(folder, name="infoview"):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("#!/bin/sh\n")
    return str(path)


def test_the_program_is_named_infoview_only_where_that_name_on_path_is_this_program(tmp_path):
    from infoview_rules.program import runnable

    venv = tmp_path / "clone" / ".venv" / "bin"
    script = _script(venv)
    elsewhere = _script(tmp_path / "other" / "bin")
    # the README's first command: .venv/bin/infoview, run with no infoview on PATH, or another one
    assert runnable(".venv/bin/infoview", False, "", None, str(venv)) == ".venv/bin/infoview"
    assert runnable(script, False, "", elsewhere, str(venv)) == script
    assert runnable(script, False, "", script, str(venv)) == "infoview"  # the venv is activated
    # a folder with a space in it is quoted, as a shell needs it
    assert runnable("/my clone/.venv/bin/infoview", False, "", None, "/my clone/.venv/bin") == \
        "'/my clone/.venv/bin/infoview'"
    # python -m infoview_rules: by the interpreter as typed, unless this environment's infoview is on PATH
    assert runnable("", True, ".venv/bin/python", None, str(venv)) == ".venv/bin/python -m infoview_rules"
    assert runnable("", True, "python3", elsewhere, str(venv)) == "python3 -m infoview_rules"
    assert runnable("", True, "python3", script, str(venv)) == "infoview"


def _run_by(path, *args, on_path=False, cwd=None):
    """`path` run as typed in `cwd`, with its folder on PATH or not (the rest of PATH as it is)."""
    import os
    import subprocess

    folders = [f for f in os.environ.get("PATH", "").split(os.pathsep)
               if f and not os.path.exists(os.path.join(f, "infoview"))]
    env = dict(os.environ, PATH=os.pathsep.join(([str(BIN)] if on_path else []) + folders))
    env.pop("COLUMNS", None)
    return subprocess.run([path, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=120,
                          stdin=subprocess.DEVNULL)


BIN = __import__("pathlib").Path(__import__("sys").executable).parent
FLAGS = ["--requested-by", "me", "--in-hiring-process", "no", "--goal", "learn_about_company", "--job-open", "no",
         "--meeting-with", "manager", "--prepared-questions", "no"]


def test_printed_commands_name_the_program_as_the_person_ran_it(tmp_path):
    """A new user's trial: after the README's first command, `.venv/bin/infoview ask` printed "`infoview advise
    FILE` shows this verdict again", and no `infoview` was on PATH. Every command printed to run (the saved
    file's, the draft's, an error's hint and the help's examples) is now one the person can run."""
    import os

    import textwrap

    ran_by = os.path.relpath(BIN / "infoview", tmp_path)  # as typed, from where they are
    # a file name that words wrapped at 79 columns would break inside its quotes
    name = next(name for name in (f"{'x' * n} my meeting.toml" for n in range(1, 80))
                if not any(f"'{name}'" in line for line in textwrap.wrap(
                    f"Saved to {name}. To see this verdict again: {ran_by} advise '{name}'", 79,
                    break_on_hyphens=False, break_long_words=False)))
    saved = _run_by(ran_by, "ask", *FLAGS, "--no-input", "--save", name, cwd=tmp_path)
    assert saved.returncode == 0, saved.stderr
    said = " ".join(saved.stdout.split())
    assert f"`{ran_by} draft` with the same answers writes a first draft" in said
    assert f"Saved to {name}. To see this verdict again: {ran_by} advise '{name}'" in said
    assert f"'{name}'" in saved.stdout  # never broken at its space, where the line is wrapped
    again = _run_by(ran_by, "advise", name, cwd=tmp_path)
    assert again.returncode == 0 and f"`{ran_by} draft`" in " ".join(again.stdout.split())
    usage = _run_by(ran_by, "advise", cwd=tmp_path)
    assert usage.stderr == f"error: Missing argument 'FILE'. (see '{ran_by} advise --help')\n"
    # words, not lines: click wraps its usage line where a long path (a CI clone's) runs past the width
    help_text = " ".join(_run_by(ran_by, "ask", "--help", cwd=tmp_path).stdout.split())
    assert f"Usage: {ran_by} ask [OPTIONS]" in help_text and f" {ran_by} ask --save my-meeting.toml " in help_text
    # with the venv's folder on PATH (activated), `infoview` is this program: named so
    on_path = _run_by(ran_by, "advise", name, on_path=True, cwd=tmp_path)
    assert "`infoview draft`" in " ".join(on_path.stdout.split())
    assert "Usage: infoview ask [OPTIONS]" in _run_by(ran_by, "ask", "--help", on_path=True, cwd=tmp_path).stdout


def test_the_web_extra_is_installed_with_the_pip_beside_the_program(monkeypatch):
    """`.venv/bin/infoview serve` without the web extra: a `pip` on PATH may be another Python's."""
    import infoview_rules.program as program
    from infoview_rules.web import install_hint

    monkeypatch.setattr(program, "_started", (str(BIN / "infoview"), False, str(BIN / "python")))
    monkeypatch.setenv("PATH", "/nowhere")
    assert install_hint().endswith(f"in your clone of infoview, {BIN / 'pip'} install -e '.[web]'")
    monkeypatch.setenv("PATH", str(BIN))
    assert install_hint().endswith("in your clone of infoview, pip install -e '.[web]'")
    monkeypatch.setattr(program, "_started", None)  # not from the command line (the API, in-process tests)
    monkeypatch.setenv("PATH", "/nowhere")
    assert install_hint().endswith("in your clone of infoview, pip install -e '.[web]'")
