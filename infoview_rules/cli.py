"""The `infoview` command line."""

import json
import os
import re
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from . import __version__
from .ask_command import AskCommand
from .errors import InfoviewError, RulesError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Failed(Exception):
    """A check failed: exit 1 after the output is written."""


def one_line(message):
    """A message on one line: a newline (or other control character) in a file
    name or a value is shown escaped, never as a line break."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(message))


def fail(message, several=False):
    """One `error:` line on stderr and exit 2: bad usage or bad input. With `several`
    (rule files, whose loader reports every problem at once, one per line), one line each."""
    for line in (str(message).splitlines() or [""]) if several else [message]:
        click.echo(f"error: {one_line(line)}", err=True)
    sys.exit(2)


RULES_DIR = click.Path(exists=True, file_okay=False)


def rules_option(command):
    return click.option(
        "--rules", "rules_dir", metavar="DIR", type=RULES_DIR,
        help="Rules folder to use instead of the rules that ship with infoview.",
    )(command)


def workers_option(help="Worker processes (default: one per core).", **settings):
    return click.option("--workers", type=click.IntRange(1, 64), help=help, **settings)


def verbose_option(help):
    return click.option("-v", "--verbose", is_flag=True, help=help)


format_option = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format.",
)


@contextmanager
def progress(label, length, show=True):
    """Yield a function that advances a progress bar on stderr: shown only on a terminal."""
    if not (show and sys.stderr.isatty()):
        yield lambda steps: None
        return
    with click.progressbar(length=length, label=label, file=sys.stderr) as bar:
        yield bar.update


def load_advisor(rules_dir, with_goal_model=False):
    """The advisor for a rules folder; `with_goal_model` also reads and checks the goal model now
    (check, verify, serve), rather than when a goal text is first read (advise keeps its quick start)."""
    from .advisor import Advisor

    advisor = Advisor(rules_dir)
    book = advisor.rules.phrases
    if with_goal_model and book is not None and book.model is not None:
        from .goal_model import model_warnings

        for warning in model_warnings(book):
            click.echo(f"warning: {one_line(warning)}", err=True)
    return advisor


def use_color(stream=None):
    stream = stream or sys.stdout
    return not os.environ.get("NO_COLOR") and stream.isatty()  # NO_COLOR="" leaves colour on (no-color.org)


class Group(click.Group):
    """Turns domain errors, usage errors and Ctrl-C into one clean line, never a traceback."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if sys.stdout is None:
            # Python sets sys.stdout to None and click.echo then drops every line:
            # say so instead of exiting 0 having written nothing
            fail("standard output is closed: nothing could be written (redirect it to a file or to /dev/null)")
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as error:
            path = error.ctx.command_path if error.ctx else ""
            # quoted as a whole, unless the program's path is quoted itself (a folder with a space in it)
            hint = "" if not path else f" (see {path} --help)" if "'" in path else f" (see '{path} --help')"
            fail(error.format_message() + hint)
        except click.ClickException as error:
            fail(error.format_message())
        except InfoviewError as error:
            fail(str(error), several=isinstance(error, RulesError) or getattr(error, "several", False))
        except Failed:
            sys.exit(1)
        except click.exceptions.Abort:  # Ctrl-C: click has already ended the line
            click.echo("interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:
            # the reader went away (`| head`): stop quietly, without a flush error at exit
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except OSError as error:
            fail(f"{getattr(error, 'filename', None) or 'output'}: {error.strerror or error}")
        except Exception as error:  # a bug of ours: still one line, never a traceback
            if os.environ.get("INFOVIEW_DEBUG"):
                raise
            fail(f"internal error: {type(error).__name__}: {error} (set INFOVIEW_DEBUG=1 for the traceback, and please report it)")
        sys.exit(code or 0)


@click.group(cls=Group, context_settings=CONTEXT)
@click.version_option(
    __version__, "-V", "--version",
    # the program's name, not the path it was run by (%(prog)s)
    message=f"infoview %(version)s (Python {'.'.join(map(str, sys.version_info[:3]))})",
)
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
@click.option("--explain/--no-explain", default=False,
              help="Also show rule ids, passage numbers and the raw answers behind each piece of advice.")
@workers_option("With --jsonl: worker processes for large streams (default: one per core).")
@click.option("--scenario", metavar="NAME", help="In a scenario file of several, the one to advise on.")
@rules_option
def advise(file, as_json, jsonl, explain, workers, scenario, rules_dir):
    """Advise on the answers in FILE (.toml or .json; - reads JSON from stdin).

    \b
    Examples:
      infoview advise meeting.toml
      infoview advise --json meeting.json
      echo '{"requested_by": "me", ...}' | infoview advise -
      infoview advise --jsonl answers.jsonl > results.jsonl

    With --jsonl, a bad line is answered by {"line": N, "error": "..."} and the
    rest go on; the exit code is 1 if any line was bad.

    Goals may also be given in your own words, as "goal_text" (English). Each
    goal read from it is added to "goals", and the output names the words that
    gave it ("goal_phrases" in JSON); when no goal can be read, it says so with
    your words ("goal_text_unread" in JSON), for you to pick from the list.
    Words that sounded like a goal but were not counted are named too
    ("goal_phrases_not_counted" in JSON): add that goal if you meant it.

    \b
      "goal_text": "I want to learn how they do UX research" gives
      "goal_phrases": [{"goal": "learn_about_company",
                        "phrase": "learn how they do UX research", ...}]
    """
    if as_json and jsonl:
        raise click.UsageError("--json and --jsonl do not go together (--jsonl always writes JSON)")
    if scenario is not None and jsonl:
        raise click.UsageError("--scenario picks one scenario of a file; --jsonl reads answers objects, one a line")
    advisor = load_advisor(rules_dir)
    if jsonl:
        from .stream import advise_stream

        if advise_stream(advisor, file, workers=workers) > 0:
            raise Failed()
        return
    answers, source = answers_in(advisor, file, scenario)
    advice = advisor.advise(answers, source)
    if as_json:
        click.echo(advice.to_json())
    else:
        from .layout import width
        from .report import IN_ANSWERS, WIDTH, render

        click.echo(render(advice, advisor.rules, color=use_color(), explain=explain, width=width(default=WIDTH),
                          goal_fix=IN_ANSWERS))


def answers_in(advisor, file, scenario=None):
    """(answers, source) in FILE: an answers file, a file saved by `infoview ask` or
    the web page, or (with `scenario`) one scenario of a scenario file."""
    from .reading import read_answers

    answers, source = read_answers(file)
    if "scenario" in answers or scenario is not None:
        from .scenarios import saved_answers

        answers, _ = saved_answers(advisor.rules, answers, source, scenario)
    return answers, source


@cli.command(context_settings=CONTEXT)
@click.argument("file", metavar="FILE")
@click.option("--explain", is_flag=True, help="Also show rule ids and passage numbers.")
@click.option("--scenario", metavar="NAME", help="In a scenario file of several, the one to draft for.")
@rules_option
def draft(file, explain, scenario, rules_dir):
    """Draft the message that asks for the meeting, from the answers in FILE.

    The draft asks to learn, in words your answers do not contradict, and
    is followed by notes on whom to send it to and on timing (for a job
    interview, notes on why there is nothing to ask for). Fill in the
    [bracketed] parts and send it yourself: nothing is sent.

    \b
    Examples:
      infoview draft my-meeting.toml > request.txt
      infoview ask --save mine.toml && infoview draft mine.toml
    """
    from .draft import build_draft, render_draft

    advisor = load_advisor(rules_dir)
    answers, source = answers_in(advisor, file, scenario)
    advice = advisor.advise(answers, source)
    click.echo(render_draft(build_draft(advice, advisor.rules), explain=explain))


def write_atomically(path, text, overwrite=True):
    """Write a whole file or nothing (devices, FIFOs and symlinks are written
    through); without `overwrite`, an existing file is an error even if it
    appeared after the command started. An error names the file."""
    from .files import write_atomically as write

    try:
        write(path, text, overwrite=overwrite)
    except FileExistsError:
        raise InfoviewError(f"{path}: already exists (use --force to overwrite it)") from None
    except OSError as error:
        raise InfoviewError(f"{path}: cannot write: {error.strerror or error}") from None


def default_scenarios():
    from .scenarios import shipped_scenarios_dir

    return ["scenarios"] if os.path.isdir("scenarios") else [str(shipped_scenarios_dir())]


@cli.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, metavar="[PATH]...")
@verbose_option("List every scenario case, not only failures.")
@click.option("-k", "select", metavar="TEXT", help="Run only the cases whose name contains TEXT.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github", "tap"]), default="text", show_default=True,
              help="Output format: text, JSON, GitHub Actions annotations, or TAP.")
@click.option("--junit-xml", metavar="FILE", type=click.Path(dir_okay=False), help="Also write a JUnit XML report to FILE.")
@click.option("--coverage", "show_coverage", is_flag=True, help="Show which rules and conditions the scenarios exercise.")
@click.option("--min-coverage", metavar="PCT", type=click.FloatRange(0, 100),
              help="Fail (exit 1) if coverage is below PCT percent.")
@click.option("--accept", is_flag=True,
              help="Rewrite the expectations of failing cases to the actual advice, after showing what changes.")
@click.option("--yes", "assume_yes", is_flag=True, help="With --accept, do not ask before writing.")
@rules_option
def check(paths, verbose, select, fmt, junit_xml, show_coverage, min_coverage, accept, assume_yes, rules_dir):
    """Run the scenarios in PATH... (files or folders; default: scenarios/).

    Each case's answers are advised on and compared with its `expect` table.
    Failures show expected against actual with `because`; the run ends with
    `N scenarios passed, N failed` and exits 1 if any case failed or could not
    be judged. Every mistake in a scenario file is reported at once, each at its
    line (and written to the JUnit file), while the valid cases still run; a
    scenario with mistakes counts once, as one that could not be judged, the
    mistakes counted apart; the exit code is then 2.

    \b
    Examples:
      infoview check
      infoview check -v -k pretext scenarios/pretext.toml
      infoview check --junit-xml report.xml --min-coverage 100
      infoview check --format github
      infoview check --accept          # after an intended rule change
    """
    from . import checkreport
    from .scenarios import read_scenarios, run_scenarios, scenario_files

    advisor = load_advisor(rules_dir, with_goal_model=True)
    scenarios, load_errors = [], []
    for file in scenario_files(paths or default_scenarios()):
        found, mistakes = read_scenarios(file, advisor.rules)  # every mistake at once; the valid cases still run
        scenarios.extend(found)
        load_errors.extend(mistakes)
    if select:
        scenarios = [s for s in scenarios if select.lower() in s.name.lower()]
        if not scenarios and not load_errors:
            raise click.BadParameter(f"no scenario name contains {select!r}", param_hint="-k")
    results = []
    with progress("scenarios", len(scenarios), show=fmt == "text" and len(scenarios) >= 50) as advance:
        for result in run_scenarios(advisor, scenarios):
            results.append(result)
            advance(1)
    coverage = None
    if show_coverage or min_coverage is not None:
        from .coverage import measure

        coverage = measure(advisor.rules, results)
    if fmt == "json":
        click.echo(checkreport.as_json(results, coverage, load_errors))
    elif fmt == "github":
        click.echo(checkreport.github(results, load_errors))
    elif fmt == "tap":
        click.echo(checkreport.tap(results, load_errors))
    else:
        click.echo(checkreport.text(results, verbose, load_errors))
        if coverage is not None and (show_coverage or verbose):
            from .coverage import render

            click.echo(render(coverage))
    if junit_xml:
        write_atomically(junit_xml, checkreport.junit_xml(results, load_errors))
    for e in load_errors:
        click.echo(f"error: {one_line(e.message)}", err=True)
    if load_errors:
        sys.exit(2)
    failed = not all(r.passed for r in results)
    from .coverage import percent

    if coverage is not None and min_coverage is not None:
        if percent(coverage) < min_coverage:
            click.echo(f"coverage {percent(coverage):.1f}% is below --min-coverage {min_coverage:g}%", err=True)
            failed = True
    if accept and not all(r.passed for r in results):
        from .accept import accept_results

        if accept_results(results, confirm=None if assume_yes else _confirm, echo=click.echo):
            failed = coverage is not None and min_coverage is not None and percent(coverage) < min_coverage
    if failed:
        raise Failed()


def _confirm(question):
    if not sys.stdin.isatty():
        raise click.UsageError("--accept asks before writing; without a terminal, add --yes")
    return click.confirm(question, default=False)


@cli.command(cls=AskCommand, context_settings=CONTEXT)
@click.option("--save", metavar="FILE", type=click.Path(dir_okay=False),
              help="Save the answers and the verdict to FILE, for `infoview advise` or `check`.")
@click.option("--force", is_flag=True, help="With --save, overwrite FILE if it exists.")
@click.option("--answers", "start", metavar="FILE", help="Start from saved answers (an answers file or a saved scenario).")
@click.option("--scenario", metavar="NAME", help="With --answers, the scenario to start from, in a file of several.")
@click.option("--name", help="The scenario's name, with --save.  [default: the name it was loaded with, else the file's name, or \"My meeting, saved\" and the date for the default file]")
@click.option("--no-input", is_flag=True, help="Ask nothing: every answer that matters comes from options or --answers.")
@click.option("--plain", is_flag=True, help="Typed answers, one line each, even in a terminal (screen readers, scripts).")
@click.option("--explain", is_flag=True, help="Show with the verdict which answers made each finding fire.")
@rules_option
def ask(**options):
    """Answer a few questions about your meeting and get the verdict.

    Only questions whose answer can still change the advice are asked. In a
    terminal, choose with the arrow keys and Enter; space ticks a box where
    several answers fit. Press ? to see why a question is asked, Left to go
    back, q to leave.
    Without a terminal (or with --plain), type each answer: a number, or the
    answer as shown. Before the verdict you can review and change every
    answer, and save them (--save) for `infoview advise` and `check`.

    \b
    Every question has an option (below); those answered are not asked.
    With --no-input nothing is asked: a missing answer is an error, and a
    --goal-text that gives no goal is said in the verdict, as advise says it.

    \b
    Examples:
      infoview ask
      infoview ask --save my-meeting.toml
      infoview ask --answers my-meeting.toml --explain
      infoview ask --requested-by company --expectation be_asked_questions --no-input
      infoview ask --requested-by me --in-hiring-process no --goal-text "learn how they work" \\
          --job-open no --meeting-with manager --prepared-questions yes --no-input
    """
    from .ask_command import run_ask

    run_ask(**options)


@cli.command(context_settings=CONTEXT)
@verbose_option("List every check, not only failures.")
@format_option
@workers_option()
@rules_option
def verify(verbose, fmt, workers, rules_dir):
    """Check properties of the rules over every possible answers object.

    General properties, for any rule set: every passage is cited, phrase rules
    match their own examples, exactly one classification applies, findings
    declared exclusive never fire together, every rule is reachable, and no
    finding duplicates another or is subsumed by one. Contract properties,
    when classification.toml says implements = "contract" (the shipped rules
    do): the contract's questions, classifications and findings are there and
    each fires exactly when the contract says. The answer space is 98,304
    answers objects for the contract's questions; an optional question you add
    is walked answered and unanswered. Each failed property names the first
    answers object that breaks it; the last lines say what was checked.

    \b
    Examples:
      infoview verify
      infoview verify --rules my-rules/ -v
    """
    from .schema import space_size
    from .verify import as_json as verify_json
    from .verify import render
    from .verify import verify as run_verify

    advisor = load_advisor(rules_dir, with_goal_model=True)
    with progress("answer space", space_size(advisor.rules.schema), show=fmt == "text") as advance:
        report = run_verify(advisor.rules, workers, progress=advance)
    click.echo(verify_json(report) if fmt == "json" else render(report, verbose))
    if report.failed:
        raise Failed()


@cli.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, metavar="[PATH]...")
@verbose_option("List every mutant, not only survivors.")
@format_option
@workers_option()
@rules_option
def mutate(paths, verbose, fmt, workers, rules_dir):
    """Check that the scenarios in PATH... catch every mutant of the rules.

    Each mutant changes one thing in the rules: drops a condition, changes a
    value, flips a comparison, or changes a classification. A mutant is caught
    when some scenario fails on it. Survivors are listed (exit 1); those that
    give the same advice on every answers object are listed as EQUIVALENT and
    do not fail the run, since no scenario could catch them.

    The scenarios must pass on the unmutated rules first: a scenario that
    fails anyway would "catch" every mutant. If any fails, mutate says so and
    exits 1 without mutating.

    \b
    Examples:
      infoview mutate scenarios/
      infoview mutate --format json > mutants.json
    """
    from .mutate import as_json, make_mutants, render, run_mutants
    from .parallel import worker_count
    from .scenarios import load_scenarios, run_scenarios, scenario_files

    advisor = load_advisor(rules_dir)
    scenarios = [s for f in scenario_files(paths or default_scenarios()) for s in load_scenarios(f, advisor.rules)]
    baseline = [r for r in run_scenarios(advisor, scenarios) if not r.passed]
    if baseline:
        from .program import command

        rules = ("--rules", str(rules_dir)) if rules_dir else ()  # the check to run, on the same files
        for r in baseline[:5]:
            click.echo(f"  {r.scenario.file}: {r.scenario.name}: {r.problems[0]}", err=True)
        more = f" (and {len(baseline) - 5} more)" if len(baseline) > 5 else ""
        click.echo(
            f"error: {len(baseline)} of {len(scenarios)} scenario cases fail on the unmutated rules{more}; "
            f"a mutation score means nothing until they pass (run `{command('check', *paths, *rules)}`)", err=True)
        sys.exit(1)
    mutants = make_mutants(advisor.rules)
    with progress("mutants", len(mutants), show=fmt == "text") as advance:
        results, equivalent = run_mutants(advisor.rules, mutants, scenarios, worker_count(workers), advance)
    text, survived = render(results, equivalent, verbose)
    click.echo(as_json(results, equivalent) if fmt == "json" else text)
    if survived:
        raise Failed()


@cli.command("diff", context_settings=CONTEXT)
@click.option("--rules", "rules_dirs", metavar="DIR", type=RULES_DIR, multiple=True, required=True,
              help="Give it twice: the old rules folder, then the new one.")
@format_option
@click.option("--exit-code", is_flag=True, help="Exit 1 if any answers object gets different advice.")
@workers_option()
def diff_command(rules_dirs, fmt, exit_code, workers):
    """Show what changes between two rule folders, over every answers object.

    Counts the answers objects whose classification changes (old -> new) and,
    for each finding, how many gain it and how many lose it, with the first
    answers object of each change as an example.

    \b
    Example:
      infoview diff --rules main-rules/ --rules rules/
    """
    from . import diff as rule_diff
    from .schema import space_size

    if len(rules_dirs) != 2:
        raise click.UsageError("give --rules twice: the old rules folder, then the new one")
    old, new = load_advisor(rules_dirs[0]), load_advisor(rules_dirs[1])
    with progress("answer space", space_size(old.rules.schema), show=fmt == "text") as advance:
        result = rule_diff.diff(old.rules, new.rules, workers, advance)
    click.echo(rule_diff.as_json(result) if fmt == "json" else rule_diff.render(result))
    if exit_code and result.changed:
        raise Failed()


@cli.command("init", context_settings=CONTEXT)
@click.argument("folder", metavar="DIR", type=click.Path(file_okay=False))
def init_command(folder):
    """Start your own rules: copy the shipped rules and scenarios into DIR.

    DIR gets rules/ and scenarios/ (DIR is made if needed; an existing rules/
    or scenarios/ there is never overwritten). Edit them, keep them in version
    control, and run the checks with --rules.

    \b
    Example:
      infoview init my-advice && cd my-advice
      infoview check --rules rules
      infoview verify --rules rules
    """
    import shutil
    from pathlib import Path

    from .rules import shipped_rules_dir
    from .scenarios import shipped_scenarios_dir

    target = Path(folder)
    rules, scenarios = target / "rules", target / "scenarios"
    for path in (rules, scenarios):
        if path.exists():
            fail(f"{path}: already exists; init never overwrites (pick another DIR)")
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(shipped_rules_dir(), rules, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    shutil.copytree(shipped_scenarios_dir(), scenarios, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    counts = [len(list(p.glob("*.toml"))) for p in (rules, scenarios)]
    click.echo(f"Created {rules} ({counts[0]} rule files) and {scenarios} ({counts[1]} scenario files).")
    click.echo("Next:")
    click.echo(f"  cd {target}")
    from .program import command

    check, verify = command("check", "--rules", "rules"), command("verify", "--rules", "rules")
    pad = max(len(check), len(verify), 36) + 2  # the comments in a column, however the program is named
    click.echo(f"  {check:<{pad}}# the scenarios, against your rules")
    click.echo(f"  {verify:<{pad}}# properties over every answers object")
    click.echo("Keep the folder in version control and run check, verify and mutate (all with --rules rules) in CI.")


@cli.command(context_settings=CONTEXT)
@click.argument("text", nargs=-1)
@click.option("--eval", "evaluate", is_flag=True, help="Measure the phrase rules on labelled sentences instead.")
@click.option("--train", is_flag=True,
              help="Learn the goal model from labelled sentences and write it into the --rules folder, "
                   "which it needs (make a copy with `infoview init`; needs scikit-learn).")
@click.option("--corpus", "corpora", multiple=True, metavar="FILE", type=click.Path(dir_okay=False),
              help="A labelled corpus (repeatable): --eval measures it instead of infoview's own parts; "
                   "--train learns it beside them, this once (to keep it, list it under [model] corpus).")
@click.option("--min-accuracy", type=click.FloatRange(0, 1), metavar="X",
              help="With --eval: exit 1 if a corpus's exact-set accuracy is below X (0-1).")
@click.option("-v", "--verbose", is_flag=True, help="With --eval: list every sentence read wrong.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
@rules_option
def phrases(text, evaluate, train, corpora, min_accuracy, verbose, fmt, rules_dir):
    """Show how goal_text is read, or measure the phrase rules (--eval).

    With TEXT (or - for stdin), prints each goal read from it and the words
    that gave it, the way advise and ask read goal_text. With --eval, reads
    every sentence of labelled corpora and prints precision and recall per
    goal ("\u2013" where there is nothing to count: no sentence read as the
    goal, or none labelled with it; null in JSON) and the share of sentences
    whose exact goal set was read. With
    --train, learns the goal model (phrases.toml [model]) from labelled
    corpora and writes its weights beside the phrases.toml of the --rules
    folder, which --train needs (a copy made by `infoview init`, or, to
    retrain the shipped model on purpose, the clone's rules). A corpus the
    model was trained on is marked by --eval: its figure is not a measure of new text.

    Your own sentences: list their files in phrases.toml, under [model], as
    corpus = ["my-sentences.toml"] (paths relative to the rules folder), and
    every --train learns them; a file given only with --corpus is learnt
    once, and the next --train without it forgets it (check and verify warn).

    \b
    Examples:
      infoview phrases "I want to lern about the compnay, not get a job"
      infoview phrases --eval
      infoview phrases --eval -v --corpus my-sentences.toml --min-accuracy 0.9
      infoview phrases --train --rules rules
      infoview phrases --train --rules rules --corpus one-off.toml
    """
    from .phrases import MODEL_RULE, read_goals_explained, someone_elses_words, unread_message

    if train:
        if evaluate or text or min_accuracy is not None or verbose:
            raise click.UsageError("--train takes only --corpus and --rules")
        if rules_dir is None:  # training writes into the rules folder: never the shipped one by default
            fail(_train_needs_rules())
        advisor = load_advisor(rules_dir)
        _train_goal_model(advisor.rules, advisor.rules.schema.fields["goals"].values, [Path(c) for c in corpora])
        return
    advisor = load_advisor(rules_dir)
    goals = advisor.rules.schema.fields["goals"].values
    if not evaluate:
        if corpora or min_accuracy is not None or verbose:
            raise click.UsageError("--corpus, --min-accuracy and -v go with --eval")
        if not text:
            raise click.UsageError("give a TEXT to read (or - for stdin), or --eval")
        words = click.get_text_stream("stdin").read() if text == ("-",) else " ".join(text)
        limit = advisor.rules.schema.fields["goal_text"].max_length
        if len(words) > limit:
            fail(f"the text is {len(words)} characters; goal_text takes at most {limit}")
        found, declined = read_goals_explained(words, advisor.rules.phrases, goals)
        if fmt == "json":
            click.echo(json.dumps({"goals": [m.goal for m in found], "goal_phrases": [m.to_dict() for m in found],
                                   "weighed_against": [m.to_dict() for m in declined]}, ensure_ascii=False))
            return
        if not found:
            click.echo(unread_message(words, someone_elses_words(words, advisor.rules.phrases)))
        else:
            width = max(len(m.goal) for m in found)
            for m in found:
                source = "the goal model: the words that weighed most" if m.rule == MODEL_RULE else f"rule {m.rule}"
                click.echo(f"{m.goal:<{width}}  from \u201c{m.phrase}\u201d  ({source})")
        for m in declined:  # what an adviser editing the rules needs to see
            click.echo(f"not read: {m.goal}: rule {m.rule} matched \u201c{m.phrase}\u201d, but the goal model weighed against it")
        return
    from .phrase_eval import default_corpus, evaluate as run_eval, format_scores, learnt_by, load_corpus

    if text:
        raise click.UsageError("--eval takes no TEXT (use --corpus FILE)")
    paths = [Path(c) for c in corpora] or default_corpus()
    if not paths:
        raise click.UsageError("the labelled sentences infoview measures are missing from this installation: pass --corpus FILE")
    book = advisor.rules.phrases
    model = book.model if book is not None else None  # a file it was trained on is marked: not a measure
    scores = [run_eval(book, goals, load_corpus(p, goals), p.stem, learnt_by(model, p)) for p in paths]
    if fmt == "json":
        click.echo(json.dumps([s.to_dict() for s in scores], indent=2, ensure_ascii=False))
    else:
        click.echo(format_scores(scores, verbose))
    low = [s for s in scores if min_accuracy is not None and s.accuracy < min_accuracy]
    if low:
        for s in low:
            click.echo(f"{s.name}: exact-set accuracy {s.accuracy:.1%} is below {min_accuracy:.1%}", err=True)
        raise Failed()


def _train_needs_rules() -> str:
    """Why --train needs --rules, and the two commands an adviser may have meant."""
    from .program import command
    from .rules import shipped_rules_dir

    shipped = shipped_rules_dir()
    try:
        shown = shipped.relative_to(Path.cwd())  # "rules" in the clone
    except ValueError:
        shown = shipped
    here = Path("rules")
    train = ("phrases", "--train", "--rules")  # printed as the person can run them (program.py)
    if (here / "phrases.toml").is_file() and here.resolve() != shipped:  # a copy made by `infoview init` here
        yours = f"your copy here: {command(*train, 'rules')}"
    else:
        yours = f"your own copy: {command('init', 'my-advice')}, then {command(*train, 'my-advice/rules')}"
    return ("--train writes the goal model into the rules folder it trains for: name it with --rules DIR "
            f"({yours}; the shipped model, on purpose: {command(*train, str(shown))})")


def _train_goal_model(rules, goals, corpora: list) -> None:
    from .goal_model import corpus_file, phrase_rules_digest, scikit_learn_hint, train

    try:  # before any work, and before "Learning from": the error is then the only line
        import sklearn  # noqa: F401
    except ImportError:
        fail(f"training the goal model needs scikit-learn: {scikit_learn_hint()}")
    from .errors import InputError
    from .phrase_eval import load_corpus, measuring_sentences, training_corpus, training_weight
    from .phrases import text_features

    book = rules.phrases
    folder = Path(rules.directory)
    shipped = training_corpus()
    if not shipped:
        raise click.UsageError("the labelled sentences infoview trains on are missing from this installation")
    # yours are learnt beside the shipped parts, never instead of them: a model learnt from a
    # few dozen sentences would read next to nothing else; those listed under [model] corpus
    # every time (so that a run without --corpus does not forget them), and --corpus files once
    listed = [Path(os.path.normpath(folder / name)) for name in book.corpus]  # "rules/../mine.toml": "mine.toml"
    for name, path in zip(book.corpus, listed):
        where = f"{folder / 'phrases.toml'}: [model] corpus lists {name}"
        if not path.is_file():
            fail(f"{where}, but {path} does not exist (paths there are relative to the rules folder {folder})")
        try:  # read now, not after the shipped parts: the error is then the only line
            load_corpus(path, goals)
        except InputError as error:
            fail(f"{error} (listed under [model] corpus in {folder / 'phrases.toml'})")
    for path in corpora:
        load_corpus(path, goals)  # InputError: one line naming the file
    paths, seen, names = list(shipped), {path.resolve() for path in shipped}, {path.name for path in shipped}
    for path in listed + corpora:
        if path.resolve() in seen:
            continue
        if path.name in names:  # the model records each file by its name
            fail(f"{path}: another corpus file of training is named {path.name} too: rename one of them")
        paths.append(path)
        seen.add(path.resolve())
        names.add(path.name)
    yours = paths[len(shipped):]
    target = folder / (book.model_file or "goal-model.json")
    mine = f" and {len(yours)} of yours" if yours else ""
    click.echo(f"Learning from {len(shipped)} shipped corpus files{mine}...", err=True)
    # a sentence that a measuring part also holds is never learnt ("advice", "n/a")
    model = train(paths, lambda text: text_features(text, book), goals, load_corpus, measuring_sentences(goals),
                  training_weight, book.stated_weight, progress=progress)  # bars on stderr, on a terminal
    for path in yours:  # where it is, as [model] corpus would name it: check and verify compare the two
        model.trained_on[path.name]["file"] = corpus_file(folder, path)
    model.phrase_rules = phrase_rules_digest(book)
    model.stated_weight = book.stated_weight
    try:
        target.write_text(model.to_json() + "\n", encoding="utf-8")
    except OSError as error:
        fail(f"{target}: cannot write: {error.strerror}")
    sentences = sum(entry["sentences"] for entry in model.trained_on.values())
    features = len({name for weights in model.weights.values() for name in weights})
    click.echo(f"Wrote {target}: {features} weighted words and word pairs, learnt from {sentences} sentences.")
    if not book.model_file:
        click.echo("phrases.toml has no [model] section yet, so the reader does not use it: add one (see the README).")
    listed_resolved = {path.resolve() for path in listed}
    unlisted = [corpus_file(folder, path) for path in yours if path.resolve() not in listed_resolved]
    if unlisted:
        keep = ", ".join(f'"{name}"' for name in [*book.corpus, *unlisted])
        click.echo(f"note: {', '.join(unlisted)} {'is' if len(unlisted) == 1 else 'are'} not listed under [model] corpus "
                   f"in {folder / 'phrases.toml'}, so the next --train without --corpus will forget "
                   f"{'it' if len(unlisted) == 1 else 'them'}; to keep your sentences, put this line under [model]: "
                   f"corpus = [{keep}]", err=True)


@cli.command(context_settings=CONTEXT)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every interface).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in your web browser.")
@workers_option("Server processes (the app is stateless, so any number can serve it).", default=1, show_default=True)
@rules_option
def serve(host, port, open_browser, workers, rules_dir):
    """Serve the questionnaire as a web page, and the HTTP API.

    The page works without JavaScript and stores no answers: they travel in
    the page. The API takes the same answers as `advise` and returns the same
    JSON; its OpenAPI document is at /api/v1/openapi.json.

    \b
    Examples:
      infoview serve --open
      infoview serve --host 0.0.0.0 --port 8080 --workers 4
      curl --json @meeting.json http://127.0.0.1:8000/api/v1/advise
    """
    from .web import install_hint, missing_packages

    if missing_packages():
        raise click.ClickException(install_hint())
    from .web.serve import run

    if rules_dir is not None:
        load_advisor(rules_dir, with_goal_model=True)  # a bad rules folder is one error line here, not one per worker
    run(host, port, open_browser, workers, rules_dir)


COMPLETE_VAR = "_INFOVIEW_COMPLETE"  # the README's completion lines set it, whatever the command is run by
# "infoview ask" in a help text's examples: run by another name, they are printed by that name
COMMAND_IN_HELP = r"(?<![\w./-])infoview(?= (?:ask|advise|draft|check|verify|mutate|diff|init|phrases|serve)\b)"


def main(module: bool = False) -> None:
    """The entry point: `infoview`, or (`module`) `python -m infoview_rules`. Usage lines, error hints and
    the help's examples name the program as the person can run it again (program.py): a new user who
    followed the README ran .venv/bin/infoview, with no `infoview` on PATH."""
    from .program import NAME, program, started

    started(module)
    if COMPLETE_VAR in os.environ:  # a completion script binds to the command's name
        cli(prog_name=NAME, complete_var=COMPLETE_VAR)
        return
    name = program()
    if name != NAME:
        for command in [cli, *cli.commands.values()]:
            command.help = re.sub(COMMAND_IN_HELP, lambda _: name, command.help or "")
    cli(prog_name=name, complete_var=COMPLETE_VAR)
