"""`infoview ask`: the command around the questionnaire.

One option per question, made from questions.toml (`--requested-by me`,
`--goal learn_about_company` given once per goal, `--goal-text "..."`):
answers given as options are not asked. `--no-input` asks nothing: a
missing answer is an error that names its option. In a terminal the questions
are arrow-key lists (prompts.py); without one (pipes, CI), or with --plain,
they are typed, one line per answer (questionnaire.TypedPrompts).
"""

from __future__ import annotations

import functools
import os
import shlex
import sys
from collections.abc import Callable

import click

ANSWER_PREFIX = "answer_"
DEFAULT_SAVE = "my-meeting.toml"
# typed at "Save to which file?", these leave without saving, as a no does there: a new user's trial typed
# `q` to quit and got a file named "q". A file of such a name is still saved when typed as q.toml
LEAVE_WORDS = frozenset({"q", "quit", "exit", "cancel"})


def option_name(question) -> str:
    """--requested-by, --goal (a list: singular, given once per value), --goal-text."""
    name = question.field
    if question.type == "multi" and name.endswith("s"):
        name = name[:-1]
    return "--" + name.replace("_", "-")


def answer_options(questions) -> list[click.Option]:
    options = []
    for q in questions:
        dest = ANSWER_PREFIX + q.field
        if q.type == "text":
            options.append(click.Option([option_name(q), dest], metavar="TEXT",
                                        help=f"{q.text.rstrip('.')}: goals are read from it."))
            continue
        values = ", ".join(q.values)
        if q.type == "multi":
            options.append(click.Option(
                [option_name(q), dest], metavar="VALUE", multiple=True,
                help=f"{q.text} Once per answer: {values}; or none."))
        else:
            options.append(click.Option([option_name(q), dest], metavar="VALUE",
                                        help=f"{q.text} One of: {values}."))
    return options


class AskCommand(click.Command):
    """`ask`, with its per-question options made when first needed (not at every start-up)."""

    _answer_options_added = False

    def get_params(self, ctx):
        if not self._answer_options_added:
            from .rules import load_rules

            self._answer_options_added = True
            self.params[:0] = answer_options(load_rules(None).questions)
        return super().get_params(ctx)


def _given_answers(flow, flags: dict) -> dict:
    """The answers given as options, read as typed answers are; BadParameter names the option."""
    given = {}
    for q in flow.rules.questions:
        raw = flags.get(ANSWER_PREFIX + q.field)
        if raw is None or raw == ():
            continue
        name = f"'{option_name(q)}'"
        if q.type == "text":
            limit = q.max_length
            if len(raw) > limit:
                raise click.BadParameter(f"too long ({len(raw)} characters; at most {limit})", param_hint=name)
            given[q.field] = raw
            continue
        if q.type == "multi":
            values: list[str] = []
            for item in raw:
                parsed = flow.parse(q, item)
                if parsed.error or parsed.reading is not None:
                    raise click.BadParameter(_flag_error(flow, q, item), param_hint=name)
                values.extend(v for v in parsed.value if v not in values)
            given[q.field] = [v for v in q.values if v in values]
            continue
        parsed = flow.parse(q, raw)
        if not parsed.ok:
            raise click.BadParameter(_flag_error(flow, q, raw), param_hint=name)
        given[q.field] = parsed.value
    return given


def _flag_error(flow, q, raw) -> str:
    from .errors import did_you_mean, quoted

    return f"unknown value {quoted(raw)} (allowed: {', '.join(q.values)})" + did_you_mean(raw, q.values)


def _with_goal_text(flow, answers: dict, note) -> dict:
    """--goal-text beside the goals given: the text alone answers the goals question."""
    goals_q = next((q for q in flow.questions if q.free_text), None)
    if goals_q is None or goals_q.free_text not in answers:
        return answers
    parsed = flow.read_words(goals_q, answers[goals_q.free_text])
    if parsed.reading is None:
        note(f"{option_name(flow.question(goals_q.free_text))}: {parsed.error}")
        if goals_q.field not in answers:
            answers = {k: v for k, v in answers.items() if k != goals_q.free_text}
        return answers
    # the goals given stay as given; those read from the text stay with the text (the advisor reads it)
    return dict(answers, **{goals_q.field: answers.get(goals_q.field, [])})


def _goals_beside_goal_text(flow, answers: dict) -> dict:
    """--goal-text with --no-input: the text stays in the answers whether or not a goal can be
    read from it (the advisor reads it), and no goals given means none besides it."""
    goals_q = next((q for q in flow.questions if q.free_text), None)
    if goals_q is None or goals_q.free_text not in answers:
        return answers
    return dict(answers, **{goals_q.field: answers.get(goals_q.field, [])})


def run_ask(save, force, start, scenario, explain, name, no_input, plain, rules_dir, **flags):
    from .cli import load_advisor, write_atomically
    from .errors import InputError
    from .files import cannot_write, would_clobber
    from .flow import Flow
    from .layout import use_color, width
    from .questionnaire import Leave, Session, TypedPrompts
    from .draft import build_draft, render_draft
    from .report import WIDTH, build, render, render_text
    from .program import command
    from .scenarios import Saved, read_saved

    if save:  # before any question: a file that cannot be written is said now, not after every answer
        problem = cannot_write(save)
        if problem:
            raise InputError(f"{save}: cannot save there: {problem}{_tilde_hint(save)}")
        if would_clobber(save) and not force:
            raise InputError(f"{save}: already exists (use --force to overwrite it)")
    advisor = load_advisor(rules_dir)
    flow = Flow(advisor.rules)
    saved = read_saved(advisor.rules, start, scenario) if start else Saved({})
    answers = dict(saved.answers)
    name = name or saved.name  # resuming and saving again keeps the scenario's name
    given = _given_answers(flow, flags)
    answers.update(given)
    color = use_color()
    columns = width()
    write = click.echo

    def note(message, whole=()):
        from .layout import wrap

        click.echo("\n".join(wrap(line, columns, whole=whole) for line in message.split("\n")), err=True)  # words whole

    if no_input:  # nothing is asked: the words stay, and the report says, as advise's does, if none could be read
        answers = _goals_beside_goal_text(flow, answers)
    else:
        answers = _with_goal_text(flow, answers, note)
    # own words the saved file says were left out are left out still (unless --goal-text gives words)
    left_out = flow.left_out_in(saved.description, answers)

    def saved_text(complete, advice, path: str | None = None) -> str:
        """The saved file's text (saved to `path`), with the own words left out so far."""
        return flow.saved_file(complete, advice, _name_for(name, path), notes=session.saved_notes().values())

    if no_input:
        missing = flow.missing(answers, required_only=True)
        if missing:
            named = ", ".join(f"{option_name(q)} ({q.text})" for q in missing)
            raise click.UsageError(f"--no-input: no answer for {named}")
        complete = flow.complete(answers)
        advice = advisor.advise(complete)
        goal_options = next(((option_name(q), option_name(flow.question(q.free_text)))
                             for q in flow.questions if q.free_text), None)
        # as `infoview advise` shows the same answers (its width too); the note on unread words names --goal
        write(render(advice, advisor.rules, color=color, explain=explain, width=width(default=WIDTH),
                     goal_options=goal_options))
        if save:
            notes = flow.left_out_notes(answers, left_out).values()
            write_atomically(save, flow.saved_file(complete, advice, _name_for(name, save), notes=notes), overwrite=force)
            write("\n" + saved_message(save, columns))
        return

    terminal = sys.stdin.isatty() and sys.stdout.isatty() and not plain
    if terminal:
        from .prompts import ArrowPrompts

        prompts = ArrowPrompts(flow, write, color=color, width=columns)
    else:
        def read():
            line = sys.stdin.readline()
            if line == "":
                return None
            line = line.rstrip("\r\n")
            if not sys.stdin.isatty():  # piped answers are not echoed by a terminal: show them, as typed
                write(line)
            return line

        prompts = TypedPrompts(flow, read, write, color=color, width=columns,
                               edit=_line_editor() if plain and sys.stdin.isatty() else None)

    session = Session(flow, prompts, answers)
    session.left_out.update(left_out)
    saved_at = None
    saving = False  # a file is being asked for after the verdict: Ctrl-C there says nothing was saved
    unsaved_at_end = False  # input ended while a file was asked for again
    # the file that holds the answers as last loaded or saved (`kept`): leaving with answers that differ from
    # it offers to save, to `own` (that file, when it is one scenario as ask writes it) unless another is named.
    # A new user's trial: after `ask --answers FILE` and a change, "Done" left with the change lost, unsaid
    kept_in = start
    own = start if start and scenario is None and saved.name is not None and start.lower().endswith(".toml") else None
    loaded = _with_goal_text(flow, dict(saved.answers), lambda message: None) if start else {}
    kept = _kept(flow, loaded, flow.left_out_in(saved.description, loaded))

    def unsaved() -> bool:
        return _kept(flow, session.answers, session.left_out) != kept

    def saved_to(where: str | None) -> str | None:
        """After a save (`where`: the path saved to, or None if nothing was): the answers are kept there."""
        nonlocal kept, kept_in, own
        if where:
            kept, kept_in, own = _kept(flow, session.answers, session.left_out), where, where
        return where

    def text_now(path: str | None = None) -> str:
        """The file of the answers so far (saved to `path`): with the verdict once every question asked is
        answered, else the answers given, to go on from with --answers (a new user's trial: `q` at a question
        saved nothing)."""
        answers, notes = session.answers, session.saved_notes().values()
        if flow.next_unanswered(answers) is None:
            complete = flow.complete(answers)
            return flow.saved_file(complete, advisor.advise(complete), _name_for(name, path), notes=notes)
        return flow.saved_file(answers, None, _name_for(name, path), notes=notes)

    def offer_save(path: str | None = None, overwrite: bool = False) -> str | None:
        """Before leaving with answers no file holds: say so where a file holds earlier ones, and offer to
        save them (to `path` if given, as --save). The path saved to, or None."""
        if kept_in:
            prompts.say(f"Your changes are not in {kept_in} yet.")
        if not prompts.confirm("Save your answers before you go?", default=True,
                               help="yes: choose a file, save your answers to it, then leave.\n"
                                    "no: leave without saving.",
                               what="yes to choose a file and save, or no to leave without saving"):
            return None
        return saved_to(_save(prompts, text_now, path, overwrite, "leave without saving", own or DEFAULT_SAVE, own))

    def carry_on(path: str) -> str:
        which = ("--scenario", scenario) if scenario is not None and path == start else ()
        return command("ask", "--answers", path, *which)

    def leave_after_verdict() -> None:
        """Done, q or Ctrl-C at "What next?": answers changed since a file held them are offered to be
        saved first (a fresh session's were offered beside Done, and --save saves them at the verdict, so
        leaving one that was never saved only says so)."""
        if kept_in is None:  # a fresh session never saved: leaving without a word left people unsure (a trial)
            write("\nYour answers were not saved.")
            return
        if not unsaved():
            return
        write("")
        try:
            where = offer_save()
        except KeyboardInterrupt:  # leaving, as Ctrl-C after the verdict does
            note("\ninterrupted: nothing was saved")
            return
        except Leave:  # end of input: the session is finished all the same
            note("End of input: nothing was saved.")
            return
        write(saved_message(where, columns) if where else f"Nothing was saved; {kept_in} keeps your earlier answers.")

    def save_after_verdict(text: Callable[[str], str], path: str | None, overwrite: bool) -> str | None:
        """Save, saying where or that nothing was saved; the path saved to, or None."""
        nonlocal saving, unsaved_at_end
        saving = True  # until it returns: Ctrl-C leaves it set, for the handler below to say so
        try:
            where = _save(prompts, text, path, overwrite, "go on without saving", own or DEFAULT_SAVE, own)
        except Leave:  # end of input: no one is there to name another file
            saving, unsaved_at_end = False, True
            note("End of input: nothing was saved.")
            return None
        saving = False
        write(saved_message(where, columns) if where else "Nothing was saved.")
        return saved_to(where)

    menu = not (explain and save)  # "What next?" follows the verdict (with --explain, until saved)
    own_words_fields = {q.free_text for q in flow.questions if q.free_text}  # asked with their question, not alone
    held = [q for q in flow.questions if q.field in loaded and q.field not in own_words_fields]
    if held:  # a trial: on from question 4 with not a word of the three answers kept
        holds = "the answer it holds (go back to see or change it)" if len(held) == 1 else \
            f"the {len(held)} answers it holds (go back to see or change them)"
        note(f"Carrying on from {start}, with {holds}.", whole=quoted_parts(start))
    try:
        complete = session.run()
        advice = advisor.advise(complete)
        report = build(advice, advisor.rules)
        # own words left out after "no" (not answers, so not in the advice): said beside the goals, as the
        # web page's verdict says them (a trial: a person who typed a paragraph could not tell it was dropped)
        report.goal_notes[:0] = session.left_out_notes().values()
        write("")
        pointer = {"draft_pointer": prompts.draft_pointer} if menu else {}  # else: the `infoview draft` command
        write(render_text(report, color=color, explain=explain, width=columns, **pointer))
        if save:  # checked before the first question, but a folder can go meanwhile: then asked again
            write("")
            saved_at = save_after_verdict(functools.partial(saved_text, complete, advice), save, force)
            if unsaved_at_end:  # a script's --save that could not be written: not a success
                sys.exit(1)
        # the verdict is longer than a screen: "What to do", at its top, has scrolled off by now
        reminder = first_step(report, columns, color) if sys.stdout.isatty() else ""
        remind = True  # after the verdict, the draft or "how" (long); not after a save (a line or two)
        while True:
            write("")
            if reminder and remind:
                write(reminder + "\n")
            remind = True
            choice = prompts.after(saved_at is not None, report.has_draft) if not explain or saved_at is None else "done"
            if choice == "draft":
                write("")
                write(render_draft(build_draft(advice, advisor.rules), explain=explain, width=columns))
                continue
            if choice == "how":
                prompts.how(advice, explain)
                continue
            if choice == "save":
                saved_at = save_after_verdict(functools.partial(saved_text, complete, advice), None, False)
                if unsaved_at_end:  # asked to save, and nothing was: not a success
                    sys.exit(1)
                remind = False
                continue
            leave_after_verdict()  # done, or q
            break
    except Leave as leave:
        said = str(leave)[:1].upper() + str(leave)[1:]  # a sentence of its own
        not_saved = f"{said}; nothing was saved" + (f": {kept_in} keeps your earlier answers." if kept_in else ".")
        if kept_in and not unsaved():  # nothing to save that the file does not hold: how to go on from it
            note(f"{said}; your answers are as saved in {kept_in}. To carry on: {carry_on(kept_in)}",
                 whole=kept_whole(carry_on(kept_in), kept_in, columns))
            sys.exit(leave.code)
        if str(leave).startswith("end of input") or not unsaved():
            note(not_saved)
            sys.exit(leave.code)
        try:  # at a question or at the review (`q`): the answers so far, offered to be saved
            where = offer_save(save, force)
        except KeyboardInterrupt:  # Ctrl-C while saving: leaving, as Ctrl-C at the review does
            note("\ninterrupted: nothing was saved")
            sys.exit(130)
        except Leave as ended:  # end of input while saving
            note(f"{str(ended)[:1].upper()}{str(ended)[1:]}; nothing was saved.")
            sys.exit(ended.code)
        if where:
            note(f"{said}; your answers are saved to {where}. To carry on: {carry_on(where)}", whole=kept_whole(carry_on(where), where, columns))
        else:
            note(not_saved)
        sys.exit(leave.code)
    except KeyboardInterrupt:
        if session.stage == "verdict":  # the session was finished: leaving now loses only changes, offered to save
            write("")
            if saving:  # but a save was under way: say it did not happen
                note("interrupted: nothing was saved")
            else:
                leave_after_verdict()
            return
        where = None
        if unsaved():  # at a question or at the review: the answers given so far, offered to be saved as `q`
            write("")  # does (Ctrl-C at a question had lost them); a second Ctrl-C leaves saving nothing
            try:
                where = offer_save(save, force)
            except (KeyboardInterrupt, Leave):
                where = None
        if where:
            note(f"\ninterrupted: your answers are saved to {where}. To carry on: {carry_on(where)}",
                 whole=kept_whole(carry_on(where), where, columns))  # one line, to copy (a trial: it broke after "ask")
        else:
            note("\ninterrupted: nothing was saved" + (f"; {kept_in} keeps your earlier answers." if kept_in else ""))
        sys.exit(130)


def first_step(report, columns, color) -> str:
    """Step 1 of the verdict's "What to do", to show again right above "What next?" in a terminal
    (where the start of the verdict is off the screen by the time it ends); "" with no step."""
    from .layout import wrap

    if not report.plan:
        return ""
    steps = len(report.plan)
    every = {1: "its source", 2: "both steps"}.get(steps, f"all {steps} steps")
    where = f"scroll up to \u201cWhat to do\u201d for {every}"
    heading = wrap(f"What to do first ({where}):", columns)
    lines = [click.style(heading, bold=True) if color else heading, wrap(report.plan[0].text, columns, "  1. ", "     ")]
    because = report.plan[0].because_sentence()
    if because:  # two trials: the step again without its reason left them asking why
        because = wrap(because, columns, "     ", "     ")
        lines.append(click.style(because, dim=True) if color else because)
    return "\n".join(lines)


def saved_message(path, columns):
    from .layout import wrap
    from .program import command

    # quoted as a shell needs it: a name typed at the question may hold spaces ("analyst chat.toml"); the
    # command last, kept whole on its line where it fits one, as "To carry on:" keeps its own (a trial
    # copied the first of its two lines, and the shell split the file name at its space)
    again = command("advise", path)
    return wrap(f"Saved to {path}. To see this verdict again: {again}", columns, whole=kept_whole(again, path, columns))


def kept_whole(command_line: str, path: str, columns: int) -> tuple[str, ...]:
    """What a wrapped message keeps whole of a command to carry on: all of it, on a line of its own to
    copy (a trial: a break after "ask" ran a fresh ask), when it fits on a line; else its program and
    its quoted file, each whole (a line longer than the terminal is broken by the terminal anywhere)."""
    return (command_line,) if len(command_line) < columns else quoted_parts(path)


def quoted_parts(*paths: str | None) -> tuple[str, ...]:
    """The program and `paths` as a printed command quotes them: kept whole where lines are wrapped."""
    from .program import program

    return (program(), *(shlex.quote(path) for path in paths if path))


def _line_editor():
    """input() with line editing and history (readline), for --plain in a terminal."""
    try:
        import readline  # noqa: F401  (importing it gives input() editing and history)
    except ImportError:  # not on every platform: plain input() still works
        pass

    def edit(prompt):
        try:
            return input(prompt)
        except EOFError:
            return None

    return edit


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # either is not there
        return False


def _tilde_hint(path: str) -> str:
    """For --save with a ~ the shell left as it is (quoted, or after `=`): how to have it read."""
    if not path.startswith("~") or os.path.exists(os.path.dirname(os.path.abspath(path))):
        return ""
    return " (~ was not read as your home folder: write it unquoted, after a space, as in --save ~/FILE)"


def _name_for(name: str | None, path: str | None) -> str | None:
    """The scenario's name in a file saved to `path`: `name` if given (--name, or the file resumed had one),
    else the file's own name ("alum chat" for alum chat.toml: a trial chose a name and found "My meeting,
    saved 2026-12-01" inside); None (a dated default) for the default file, whose name says nothing."""
    if name or not path or os.path.basename(path) == DEFAULT_SAVE:
        return name
    return os.path.splitext(os.path.basename(path))[0] or None


def _save(prompts, text: Callable[[str], str], path: str | None, overwrite: bool, give_up: str,
          default_file: str = DEFAULT_SAVE, own: str | None = None) -> str | None:
    """Write `text(path)` to `path`, or to a file asked for when `path` is None; the path saved to, or None.
    `default_file`: what Enter names; `own`: the file the answers came from (or were last saved to), which
    is replaced without asking: it is offered for that (the other files named are asked about).

    While the file cannot be written (no such folder, no permission, a folder given), why is said in
    one line and the file is asked for again, as after "no" to replacing one: a trial lost every
    answer to a typed "~/Desktop/..." that exited at once. Enter, once asked again, saves nothing
    (`give_up` says so at the question); q or a no (LEAVE_WORDS) saves nothing at any time, `?` says
    what to type, and a yes is Enter. `overwrite` is for `path` given (--force); a file named at the
    question is replaced only after a yes."""
    from .files import cannot_write, would_clobber, write_atomically
    from .flow import is_help, plainly

    asked = False  # the first time, Enter is the default file; once asked again, it saves nothing
    while True:
        typed = path is None
        if typed:
            default = default_file if not asked else None
            name = prompts.ask_path("Save to which file?", default, give_up)
            said = (name or "").strip()
            if is_help(said):
                prompts.say_lines(f"Type a name for the file, such as {DEFAULT_SAVE} (~ is your home folder), "
                                  f"or q to {give_up}.")
                continue
            if said.lower() in LEAVE_WORDS or plainly(said) is False:
                return None  # the caller says that nothing was saved
            if plainly(said):  # a yes to "Save your answers before you go?" typed again: as Enter
                if default is None:
                    prompts.say_lines(f"Please type a name for the file, or press Enter to {give_up}.")
                    continue
                name = default
            if not name:
                return None
            path = os.path.expanduser(name)  # no shell reads the line: `~` is expanded here
            if not os.path.splitext(path)[1] and not os.path.isdir(path):
                # a name typed without a file type gets .toml: `advise`, `check` and `ask --answers` know a
                # file by its type, and a trial's "alum chat" was then refused as "unknown file type"
                path += ".toml"
            asked, overwrite = True, False
            problem = cannot_write(path)
            if not problem and own and _same_file(path, own):
                overwrite = True
            elif not problem and would_clobber(path):
                if not prompts.confirm(f"{path} exists. Replace it?", default=False,
                                       help=f"yes: save over {path} (what it holds now is lost).\n"
                                            "no: choose another name.",
                                       what="yes to save over it, or no to choose another name"):
                    path = None
                    continue
                overwrite = True
        else:
            problem = cannot_write(path)
        if not problem:
            try:
                write_atomically(path, text(path), overwrite=overwrite)
                return path
            except FileExistsError:
                problem = f"{path} exists now"
            except OSError as error:
                problem = f"cannot write {path}: {(error.strerror or str(error)).lower()}"
        if os.path.isdir(path):  # the folder was meant: say how to name a file in it
            problem += f"; name a file in it, such as {os.path.join(path, DEFAULT_SAVE)}"
        # the file just typed is on the line above; one given as --save is named
        prompts.say_lines(f"Not saved: {problem}." if typed else f"Not saved to {path}: {problem}.")
        path, asked = None, True


def _kept(flow, answers: dict, left_out: dict[str, str]) -> tuple:
    """What a save of `answers` keeps, to compare with what a file holds: the answers (completed, as they are
    saved, once every question asked is answered; lists in any order) and the sentences on own words."""
    shown = flow.complete(answers) if flow.next_unanswered(answers) is None else answers
    return {k: sorted(v) if isinstance(v, list) else v for k, v in shown.items()}, flow.saved_notes(answers, left_out)
