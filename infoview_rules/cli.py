"""The `infoview` command line."""

import json
import os
import sys

import click

from .errors import InfoviewError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Failed(Exception):
    """A check failed: exit 1 after the output is written."""


def fail(message):
    """One `error:` line on stderr and exit 2: bad usage or bad input."""
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


def rules_option(command):
    return click.option(
        "--rules", "rules_dir", metavar="DIR", type=click.Path(file_okay=False),
        help="Rules folder to use instead of the rules that ship with infoview.",
    )(command)


def load_advisor(rules_dir):
    from .advisor import Advisor

    if rules_dir is not None and not os.path.isdir(rules_dir):
        fail(f"{rules_dir}: no such rules folder")
    return Advisor(rules_dir)


def use_color(stream=None):
    stream = stream or sys.stdout
    return "NO_COLOR" not in os.environ and stream.isatty()


class Group(click.Group):
    """Turns domain errors and Ctrl-C into clean messages, never a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except InfoviewError as error:
            fail(str(error))
        except Failed:
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("\ninterrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:
            # the reader went away (`| head`): stop quietly
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(1)


@click.group(cls=Group, context_settings=CONTEXT)
@click.version_option(package_name="infoview")
def cli():
    """Is your "informational interview" really one?

    infoview reads answers about a meeting you are about to have, says what the
    meeting really is, flags every mismatch between your intent and the
    meeting, and gives advice that quotes the article it rests on
    (Trevor Wilson, "Job Interviews vs. Informational Interviews").

    \b
    Start with:  infoview ask
    Or:          infoview advise my-meeting.toml
    """


@cli.command(context_settings=CONTEXT)
@click.argument("file", metavar="FILE")
@click.option("--json", "as_json", is_flag=True, help="Print the JSON result instead of the report.")
@click.option("--jsonl", is_flag=True, help="Read one JSON answers object per line, write one JSON result per line.")
@click.option("--explain/--no-explain", default=True, help="Show which answers made each finding fire.")
@rules_option
def advise(file, as_json, jsonl, explain, rules_dir):
    """Advise on the answers in FILE (.toml or .json; - reads JSON from stdin).

    \b
    Examples:
      infoview advise meeting.toml
      infoview advise --json meeting.json
      echo '{"requested_by": "me", ...}' | infoview advise -
      infoview advise --jsonl answers.jsonl > results.jsonl

    With --jsonl, a bad line is answered by {"line": N, "error": "..."} and the
    rest go on; the exit code is 1 if any line was bad.
    """
    from .reading import read_answers

    if as_json and jsonl:
        raise click.UsageError("--json and --jsonl do not go together (--jsonl always writes JSON)")
    advisor = load_advisor(rules_dir)
    if jsonl:
        from .stream import advise_stream

        if advise_stream(advisor, file) > 0:
            raise Failed()
        return
    answers, source = read_answers(file)
    advice = advisor.advise(answers, source)
    if as_json:
        click.echo(advice.to_json())
    else:
        from .report import render

        click.echo(render(advice, advisor.rules, color=use_color(), explain=explain))


def main():
    cli(prog_name="infoview")
