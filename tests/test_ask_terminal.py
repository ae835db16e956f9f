"""`infoview ask` in a real pseudo-terminal (pexpect): arrow keys, checkboxes, history, Ctrl-C, widths, colour.

The screen is rebuilt with pyte (a terminal emulator) where what matters is
what a person sees, such as words wrapped whole at 40 columns.
"""

import io
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pexpect
import pytest

DOWN, UP, LEFT, ENTER, SPACE, CTRL_C = "\x1b[B", "\x1b[A", "\x1b[D", "\r", " ", "\x03"
CODES = r"(?:\x1b\[[0-9;?]*[A-Za-z]|[\r\n ])*"  # escape sequences and line ends between two words on screen


def infoview():
    return str(Path(sys.executable).with_name("infoview"))


def shown(*parts):
    """A pattern for words as drawn: line breaks, escape codes and spaces may come between any two."""
    return CODES.join(re.escape(w) for w in " ".join(parts).split())


class Terminal:
    def __init__(self, *args, columns=100, rows=60, env=None, cwd=None):
        base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS", "LINES")}
        # pexpect answers no cursor-position request: without this, prompt_toolkit waits for one and,
        # on a loaded machine, prints a warning about it into the screen under test
        base.update(TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1", **(env or {}))
        self.columns, self.rows = columns, rows
        self.child = pexpect.spawn(infoview(), ["ask", *args], env=base, encoding="utf-8", timeout=60,
                                   dimensions=(rows, columns), cwd=cwd)
        self.child.logfile_read = self.log = io.StringIO()

    def wait(self, *words):
        self.child.expect(shown(*words))

    def keys(self, *keys):
        for key in keys:
            self.child.send(key)

    def line(self, text):
        self.child.send(text + "\r")

    def end(self):
        self.child.expect(pexpect.EOF)
        self.child.close()
        return self.child.exitstatus

    def settle(self, seconds=1.0):
        """Read what is drawn in the next `seconds` (a list goes on being drawn after its first line)."""
        self.child.expect(pexpect.TIMEOUT, timeout=seconds)

    def drawn(self, *texts, seconds=30.0):
        """The session's lines once every one of `texts` shows on them, reading the terminal meanwhile: a
        list goes on being drawn after its first line, and prompt_toolkit may be half-way through a redraw."""
        import time

        deadline = time.monotonic() + seconds
        while True:
            lines = self.screen_lines()
            if all(text in _words_of(lines) for text in texts) or time.monotonic() > deadline:
                return lines
            self.settle(0.2)

    def visible(self):
        """The lines on the terminal's screen now (`rows` high), as a person sees them without scrolling."""
        import pyte

        screen = pyte.Screen(self.columns, self.rows)
        pyte.Stream(screen).feed(self.log.getvalue().replace("\n", "\r\n").replace("\r\r\n", "\r\n"))
        return [line.rstrip() for line in screen.display]

    def screen_lines(self):
        """What a person saw, line by line (a pyte screen as tall as the whole session)."""
        import pyte

        screen = pyte.Screen(self.columns, 2000)
        stream = pyte.Stream(screen)
        stream.feed(self.log.getvalue().replace("\n", "\r\n").replace("\r\r\n", "\r\n"))
        return [line.rstrip() for line in screen.display if line.strip()]


def save_on_leaving(term, name: str, *shown: str) -> None:
    """`q` at a question: leaving offers to save the answers; yes, to `name` (typed once the file
    is asked for, with `shown` on the screen too)."""
    term.keys("q")
    term.wait("Save your answers before you go?")
    term.line("yes")
    term.wait("Save to which file?", *shown)
    term.line(name)


def decline_to_save(term):
    """`q` at a question or the review, with answers given: leaving offers to save them; no."""
    term.wait("Save your answers before you go?")
    term.line("no")
    term.wait("nothing was saved")


def company_path(term):
    """Who asked: the company (Down, Enter); applied: no (Down, Enter); expectations: I will ask
    the questions (space, Enter); whom: a manager (Down, Enter)."""
    term.wait("Who asked for this meeting?")
    term.keys(DOWN, ENTER)
    term.wait("Have you applied")
    term.keys(DOWN, ENTER)
    term.wait("What do you expect to happen?")
    term.keys(SPACE, ENTER)
    term.wait("Whom will you meet?")
    term.keys(DOWN, ENTER)
    term.wait("Ready?")


def test_arrow_keys_and_space_choose():
    term = Terminal()
    term.wait("[1/7] Who asked for this meeting?")
    term.keys(DOWN, ENTER)
    term.wait("Who asked for this meeting?", "The company did")
    term.wait("Not asking 3 questions")
    term.wait("[2/4] Have you applied")
    term.keys(DOWN, ENTER)
    term.wait("[3/4] What do you expect to happen?")
    # tick the first two, untick the second: only the first stays
    term.keys(SPACE, DOWN, SPACE, SPACE, ENTER)
    term.wait("What do you expect to happen?", "I will ask the questions")
    term.wait("[4/4] Whom will you meet?")
    term.keys(DOWN, ENTER)
    term.wait("Your answers")
    term.wait("1)", "Who asked for this meeting?", "The company did")
    term.wait("2)", "Have you applied for, or are you being interviewed for, a role there?", "No")
    term.wait("3)", "What do you expect to happen?", "I will ask the questions")
    term.wait("4)", "Whom will you meet?", "A manager in the area I care about")
    term.wait("Ready?")
    term.keys(ENTER)
    term.wait("This is a job interview")
    term.wait("Does not fit:", "You expect to be the one asking the questions")
    term.wait("What next?")
    term.keys(ENTER)
    assert term.end() == 0


def test_going_back_keeps_the_answer():
    term = Terminal()
    term.wait("Who asked for this meeting?")
    term.keys(ENTER)  # I did
    term.wait("[2/7] Have you applied")
    term.keys(DOWN, ENTER)  # No
    term.wait("[3/7] What do you want out of it?")
    term.keys(LEFT)  # back: No is still chosen, Enter keeps it
    term.wait("[2/7] Have you applied")
    term.keys(ENTER)
    term.wait("a role there?", "No")
    term.wait("[3/7] What do you want out of it?")
    term.keys("1", ENTER)  # a number key ticks too
    term.wait("[4/7] What do you expect to happen?")
    term.keys(SPACE, ENTER)
    term.wait("[5/7] Is a relevant position publicly open there now?")
    term.keys("b")  # back again: the ticked box is still ticked
    term.wait("[4/7] What do you expect to happen?")
    term.keys(ENTER)
    term.wait("What do you expect to happen?", "I will ask the questions")
    term.wait("[5/7]")
    term.keys(DOWN, ENTER)
    term.wait("[6/7]")
    term.keys(DOWN, ENTER)
    term.wait("[7/7]")
    term.keys(ENTER)
    term.wait("Your answers")
    term.wait("2)", "Have you applied for, or are you being interviewed for, a role there?", "No")
    term.wait("3)", "What do you want out of it?", "Learn about the company")
    term.wait("4)", "What do you expect to happen?", "I will ask the questions")
    term.wait("Ready?")
    term.keys(ENTER)
    term.wait("This is an informational interview")
    term.wait("What next?")
    term.keys(ENTER)
    assert term.end() == 0


def test_a_change_at_the_review():
    term = Terminal()
    company_path(term)
    term.keys(DOWN, ENTER)  # Change 1) The company did
    # counted without the answer being changed (a new user's trial: "[1/4]" here, "[3/7]" next)
    term.wait("[1/7] Who asked for this meeting?")
    term.keys(UP, ENTER)  # the pointer starts on the current answer; up is "I did"
    term.wait("Who asked for this meeting?", "I did")
    term.wait("[3/7] What do you want out of it?")  # whether they applied is answered already
    term.keys("2", ENTER)
    term.wait("[5/7] Is a relevant position")  # so are expectations
    term.keys(DOWN, ENTER)
    term.wait("[7/7] Have you prepared")  # and whom they meet
    term.keys(ENTER)
    term.wait("Your answers")
    term.wait("1)", "Who asked for this meeting?", "I did")
    term.wait("Ready?")
    term.keys(ENTER)
    term.wait("This is an informational interview")
    term.wait("What next?")
    term.keys(DOWN, ENTER)  # which answers led to the advice
    term.wait("Which of your answers led to each piece of advice")
    term.wait("Because you")  # in plain words, not field names
    term.wait("What next?")
    term.keys(ENTER)
    assert term.end() == 0


def own_words(term, text=None):
    """At the goals question: the last box (own words), then the text (or Up for the last one typed)."""
    term.wait("What do you want out of it?")
    term.keys(UP, SPACE, ENTER)
    term.wait("Your goal in your own words:")
    if text is None:
        term.keys(UP, ENTER)  # history: the words typed before
    else:
        term.line(text)
    term.wait("From your words I read:", "Get a job there")
    term.wait("Is that right?", "(yes/no, Enter for yes, ? help)")


def test_the_own_words_prompt_offers_and_answers_a_question_mark():
    term = Terminal()
    term.wait("Who asked for this meeting?")
    term.keys(ENTER)
    term.wait("Have you applied")
    term.keys(DOWN, ENTER)
    term.wait("What do you want out of it?")
    term.keys(UP, SPACE, ENTER)
    term.wait("Your goal in your own words:", "? help")
    term.keys("?")  # at once, as on every other prompt: no Enter needed
    term.wait("Type what you want out of this meeting, in a sentence or two")
    term.wait("It helps to give examples of what you hope to learn or to get")
    term.wait("You can pick from the list instead: press Enter with nothing typed to go back to it")
    term.wait("Your goal in your own words:")
    term.keys(UP, ENTER)  # the `?` is not kept as words: Up brings nothing back, so Enter goes to the list
    term.wait("[3/7] What do you want out of it?")
    term.keys("1", ENTER)
    for question in ("[4/7] What do you expect", "[5/7] Is a relevant position", "[6/7] Whom will you meet?",
                     "[7/7] Have you prepared"):
        term.wait(question)
        term.keys(ENTER)
    term.wait("3)", "What do you want out of it?", "Learn about the company")
    term.keys(ENTER)
    term.wait("What next?")
    term.keys(ENTER)
    assert term.end() == 0


@pytest.mark.parametrize("noes,yes", [(["nope", "not really", "n"], "yeah"), (["No, that's wrong"], "yes please"),
                                      (["nah"], "ok"), (["no"], "sure")],
                         ids=["nope-notreally-n-yeah", "wrong-yesplease", "nah-ok", "no-sure"])
def test_goals_read_from_own_words_rejected_then_confirmed(noes, yes):
    term = Terminal()
    term.wait("Who asked for this meeting?")
    term.keys(ENTER)
    term.wait("Have you applied")
    term.keys(DOWN, ENTER)
    own_words(term, "I hope to land a position there")
    term.line("maybe")
    term.wait("Please answer yes to keep these goals, or no to tick the ones you meant.")  # the line is empty again
    for no in noes:
        term.line(no)
        term.wait("Then tick the goals you meant")
        own_words(term)
    term.line(yes)
    for question in ("[4/7] What do you expect", "[5/7] Is a relevant position", "[6/7] Whom will you meet?",
                     "[7/7] Have you prepared"):
        term.wait(question)
        term.keys(ENTER)
    term.wait("Your answers")
    term.wait("3)", "What do you want out of it?", "Get a job there", '(from your words "land a position")')
    term.keys(ENTER)
    term.wait("a job pitch in disguise")
    term.wait("What next?")
    term.keys(ENTER)
    assert term.end() == 0


def test_ctrl_c_at_the_first_question_has_nothing_to_save(tmp_path):
    term = Terminal("--save", str(tmp_path / "s.toml"))
    term.wait("Who asked for this meeting?")
    term.keys(CTRL_C)
    term.wait("interrupted: nothing was saved")
    assert term.end() == 130
    assert "Save your answers" not in term.log.getvalue() and "Traceback" not in term.log.getvalue()
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_at_a_question_offers_to_save_the_answers_given(tmp_path):
    """The guide: Ctrl-C at a prompt loses no work. It had left with every answer given lost;
    now it offers to save them, as `q` does, to the --save file by default, and says how to go on."""
    saved = tmp_path / "s.toml"
    term = Terminal("--save", str(saved), cwd=str(tmp_path))
    term.wait("Who asked for this meeting?")
    term.keys(ENTER)
    term.wait("Have you applied")
    term.keys(CTRL_C)
    term.wait("Save your answers before you go?")
    term.line("yes")  # to the --save file, unasked
    term.wait("interrupted: your answers are saved to")
    term.wait("To carry on:")
    term.wait("ask --answers")
    assert term.end() == 130
    assert "Traceback" not in term.log.getvalue()
    [scenario] = tomllib.loads(saved.read_text())["scenario"]
    assert scenario["answers"] == {"requested_by": "me"} and "expect" not in scenario  # no verdict yet
    again = Terminal("--answers", str(saved), cwd=str(tmp_path))
    again.wait("with the answer it holds (go back to see or change it).")  # said where it comes from
    again.wait("Have you applied")  # carries on at the question it was left at
    again.keys(CTRL_C)
    again.wait("interrupted: nothing was saved")  # nothing new to save: no offer
    assert again.end() == 130
    assert "Save your answers" not in again.log.getvalue()


def test_ctrl_c_twice_at_a_question_leaves_without_saving(tmp_path):
    term = Terminal(cwd=str(tmp_path))
    term.wait("Who asked for this meeting?")
    term.keys(ENTER)
    term.wait("Have you applied")
    term.keys(CTRL_C)
    term.wait("Save your answers before you go?")
    term.keys(CTRL_C)
    term.wait("interrupted: nothing was saved")
    assert term.end() == 130
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_at_the_review_offers_to_save(tmp_path):
    term = Terminal(cwd=str(tmp_path))
    company_path(term)
    term.keys(CTRL_C)
    term.wait("Save your answers before you go?", "(yes/no, Enter for yes, ? help)")
    term.line("yes")
    term.wait("Save to which file?")
    term.line("kept.toml")
    term.wait("interrupted: your answers are saved to kept.toml")
    assert term.end() == 130
    advise = subprocess.run([infoview(), "advise", str(tmp_path / "kept.toml")], capture_output=True, text=True)
    assert advise.returncode == 0 and "This is a job interview" in advise.stdout


def test_q_at_the_review_saves_and_exits_0(tmp_path):
    """q is the person's choice to leave, and saving worked: not a failure (exit 0)."""
    term = Terminal(cwd=str(tmp_path))
    company_path(term)
    term.keys("q")
    term.wait("Save your answers before you go?", "(yes/no, Enter for yes, ? help)")
    term.line("")
    term.wait("Save to which file?")
    term.line("kept.toml")
    term.wait("You left before the verdict; your answers are saved to kept.toml")
    assert term.end() == 0
    assert 'classification = "job"' in (tmp_path / "kept.toml").read_text()


def test_q_at_save_to_which_file_leaves_without_saving(tmp_path):
    """A new user's trial typed q at "Save to which file?" to quit, and got a file named "q"."""
    term = Terminal(cwd=str(tmp_path))
    company_path(term)
    save_on_leaving(term, "q", "(Enter for my-meeting.toml)")
    term.wait("You left before the verdict; nothing was saved.")
    assert term.end() == 0
    assert list(tmp_path.iterdir()) == []


def broken_inside(text, part, columns):
    """Whether `text`, wrapped at words to `columns`, has `part` broken over two lines."""
    import textwrap

    return not any(part in line for line in textwrap.wrap(text, columns, break_on_hyphens=False, break_long_words=False))


def test_the_command_to_carry_on_is_the_one_run_and_its_quoted_file_is_not_broken_at_80_columns(tmp_path):
    """A new user's trial: "To carry on: infoview ask --answers FILE", with no `infoview` on PATH (the README
    runs .venv/bin/infoview). The command is the one run; a quoted file name is never broken at its spaces."""
    elsewhere = os.pathsep.join(f for f in os.environ.get("PATH", "").split(os.pathsep)
                                if f and not os.path.exists(os.path.join(f, "infoview")))
    # a name that words wrapped at 79 columns would break inside its quotes, after this program's path
    name = next(name for name in (f"{'x' * n} chat notes.toml" for n in range(1, 80)) if broken_inside(
        f"You left before the verdict; your answers are saved to {name}. To carry on: {infoview()} ask --answers "
        f"'{name}'", f"'{name}'", 79))
    term = Terminal(cwd=str(tmp_path), env={"PATH": elsewhere}, columns=80, rows=30)
    company_path(term)
    save_on_leaving(term, name)
    term.wait("To carry on:")
    assert term.end() == 0
    lines = term.screen_lines()
    assert f"To carry on: {infoview()} ask --answers '{name}'" in _words_of(lines)
    assert any(line.startswith(f"'{name}'") or line.endswith(f"'{name}'") for line in lines)


PARAGRAPH = ("I would like to learn how their data team works and maybe land a job there one day, "
             "and see whether the culture would fit me")


def test_q_at_a_question_offers_to_save_the_words_and_answers_so_far_to_go_on_from(tmp_path):
    """A new user's trial: `q` at a question, after typing a paragraph of own words (and "no" to its reading),
    said "You left before the verdict; nothing was saved.", with no offer to save, as the review makes."""
    term = Terminal(cwd=str(tmp_path), columns=80, rows=30)
    to_goals(term)
    term.keys("6", ENTER)
    term.wait("Your goal in your own words:")
    term.line(PARAGRAPH)
    term.wait("Is that right?")
    term.line("no")
    term.wait("The goals I read are ticked, to start from.")
    term.drawn("Something else, in my own words")
    save_on_leaving(term, "", "(Enter for my-meeting.toml)")
    term.wait("To carry on:")
    assert term.end() == 0
    assert (f"You left before the verdict; your answers are saved to my-meeting.toml. To carry on: {infoview()} ask "
            "--answers my-meeting.toml") in _words_of(term.screen_lines())
    import tomllib

    [saved] = tomllib.loads((tmp_path / "my-meeting.toml").read_text())["scenario"]
    assert saved["answers"] == {"requested_by": "me", "in_hiring_process": "no"} and "expect" not in saved
    assert PARAGRAPH in saved["description"]
    # going on from it: the question left, the words ticked, there to edit (Enter opens them)
    term = Terminal("--answers", "my-meeting.toml", cwd=str(tmp_path), columns=80, rows=30)
    term.wait("[3/7] What do you want out of it?")
    assert term.drawn("Something else, in my own words")[-1] == "   ● Something else, in my own words"
    term.keys(ENTER)
    term.wait("Your goal in your own words:")
    term.wait(*PARAGRAPH.split()[-6:])  # the paragraph, to edit
    term.keys(CTRL_C)
    assert term.end() == 130


def saved_answers_file(folder, prepared="yes"):
    """A file as `ask --save` writes it, for an informational interview."""
    from infoview_rules import Advisor
    from infoview_rules.flow import Flow

    advisor = Advisor()
    flow = Flow(advisor.rules)
    complete = flow.complete({"requested_by": "me", "in_hiring_process": "no", "goals": ["learn_about_company"],
                              "expectations": [], "job_open": "no", "meeting_with": "manager",
                              "prepared_questions": prepared})
    path = folder / "meeting.toml"
    path.write_text(flow.saved_file(complete, advisor.advise(complete), "mine"))
    return path


def test_done_after_a_change_to_saved_answers_offers_to_save_them_to_their_file(tmp_path):
    """A new user's trial: after `ask --answers FILE` and a change, "Done" at "What next?" left without a word, and
    the change was lost; and q there did nothing. Leaving offers to save, to FILE by default, without "Replace it?"
    (FILE is where the answers came from). With nothing changed, Done and q just leave."""
    path = saved_answers_file(tmp_path)
    term = Terminal("--answers", "meeting.toml", cwd=str(tmp_path), columns=80, rows=30)
    term.wait("Ready?")
    term.keys(UP, ENTER)  # Change 7)
    term.wait("[7/7] Have you prepared questions to ask?")
    term.keys(DOWN, ENTER)  # No
    term.wait("Ready?")
    term.keys(ENTER)
    term.wait("What next?")
    term.drawn("↑↓ and Enter · q quit", "Save my answers to a file")
    term.keys(ENTER)  # Done
    term.wait("Your changes are not in meeting.toml yet.")
    term.wait("Save your answers before you go?")
    term.line("yes")
    term.wait("Save to which file?", "(Enter for meeting.toml)")
    term.line("")
    term.wait("To see this verdict again:")
    assert term.end() == 0
    assert 'prepared_questions = "no"' in path.read_text() and 'name = "mine"' in path.read_text()
    assert "Replace it?" not in term.log.getvalue()
    term = Terminal("--answers", "meeting.toml", cwd=str(tmp_path), columns=80, rows=30)  # nothing changed since
    term.wait("Ready?")
    term.keys(ENTER)
    term.wait("What next?")
    term.drawn("Save my answers to a file")
    term.keys("q")  # leaves, as Done does
    assert term.end() == 0
    assert "Save your answers before you go?" not in term.log.getvalue()


def test_ctrl_c_twice_at_the_review_leaves_without_saving(tmp_path):
    term = Terminal(cwd=str(tmp_path))
    company_path(term)
    term.keys(CTRL_C)
    term.wait("Save your answers before you go?")
    term.keys(CTRL_C)
    term.wait("interrupted: nothing was saved")
    assert term.end() == 130
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_cannot_be_written_is_said_in_a_line_and_asked_again(tmp_path):
    """A new user's trial: "~/Desktop/analyst chat.toml" ended the session (exit 2) with every answer
    lost. `~` is the home folder, and a file that cannot be written is said and asked for again."""
    home = str(tmp_path)
    term = Terminal(cwd=home, env={"HOME": home}, columns=79)
    company_path(term)
    term.keys("q")
    term.wait("Save your answers before you go?")
    term.line("yes")
    term.wait("Save to which file?", "(Enter for my-meeting.toml)")
    term.line("~/Desktop/analyst chat.toml")
    term.wait("Save to which file?", "(Enter to leave without saving)")
    term.line("~/trial.toml")
    term.wait("To carry on")
    assert term.end() == 0
    text = _words_of(term.screen_lines())
    assert ("? Save to which file? (Enter for my-meeting.toml) ~/Desktop/analyst chat.toml "
            f"Not saved: there is no folder {home}/Desktop. "
            "? Save to which file? (Enter to leave without saving) ~/trial.toml "
            f"You left before the verdict; your answers are saved to {home}/trial.toml.") in text
    assert 'classification = "job"' in (tmp_path / "trial.toml").read_text()


def test_ctrl_c_when_asked_again_for_a_file_leaves_saving_nothing(tmp_path):
    term = Terminal(cwd=str(tmp_path), env={"HOME": str(tmp_path)})
    company_path(term)
    term.keys("q")
    term.wait("Save your answers before you go?")
    term.line("yes")
    term.wait("Save to which file?")
    term.line("~/nope/s.toml")
    term.wait("(Enter to leave without saving)")
    term.keys(CTRL_C)
    term.wait("interrupted: nothing was saved")
    assert term.end() == 130
    assert "Traceback" not in term.log.getvalue()
    assert list(tmp_path.iterdir()) == []


def test_a_save_folder_gone_by_the_verdict_is_said_and_another_file_asked_for(tmp_path):
    """--save is checked before the first question; a folder removed meanwhile is said at the verdict,
    with another file asked for; Enter goes on with nothing saved, and "What next?" offers to save."""
    folder = tmp_path / "meetings"
    folder.mkdir()
    term = Terminal("--save", str(folder / "s.toml"), cwd=str(tmp_path))
    company_path(term)
    folder.rmdir()
    term.keys(ENTER)
    term.wait(f"Not saved to {folder}/s.toml: there is no folder {folder}.")
    term.wait("Save to which file?", "(Enter to go on without saving)")
    term.line("")
    term.wait("Nothing was saved.")
    term.wait("What next?")
    term.keys(UP, ENTER)  # the last choice: save
    term.wait("Save to which file?", "(Enter for my-meeting.toml)")
    term.keys(CTRL_C)  # the session was finished (exit 0), but a save was asked for: it did not happen
    term.wait("interrupted: nothing was saved")
    assert term.end() == 0
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_after_the_verdict_is_a_finished_session(tmp_path):
    saved = tmp_path / "s.toml"
    term = Terminal("--save", str(saved))
    company_path(term)
    term.keys(ENTER)
    term.wait("Saved to")
    term.wait("What next?")
    term.keys(CTRL_C)
    assert term.end() == 0
    assert "interrupted" not in term.log.getvalue()
    assert 'classification = "job"' in saved.read_text()


def _vocabulary(lines):
    return {w for line in lines for w in re.findall(r"[A-Za-z]+", line)}


def _a_session_at(columns):
    term = Terminal(columns=columns)
    term.wait("Who asked for this meeting?")
    term.keys("?")
    term.wait("helps decide what the meeting is")
    term.keys(ENTER)
    term.wait("Have you applied")
    term.keys(DOWN, ENTER)
    term.wait("What do you want out of it?")
    term.keys("1", "3", ENTER)
    term.wait("What do you expect to happen?")
    term.keys(SPACE, ENTER)
    for _ in range(3):
        term.wait("[")
        term.keys(ENTER)
    term.wait("Ready?")
    term.keys(ENTER)
    term.wait("What next?")
    term.keys(ENTER)
    assert term.end() == 0
    return term.screen_lines()


def test_widths_of_40_and_200_columns():
    wide = _a_session_at(200)
    narrow = _a_session_at(40)
    assert max(len(line) for line in narrow) <= 40
    assert max(len(line) for line in wide) > 80  # the report no longer stops at 78 columns
    assert max(len(line) for line in wide) <= 101  # nor runs to 200: long lines are hard to read
    # no word broken in the middle at 40 columns: every word on screen is one shown whole at 200
    whole = _vocabulary(wide) | {"http", "www", "gradversity", "com"}
    broken = sorted(_vocabulary(narrow) - whole)
    assert broken == []
    assert any(line.startswith("  This is an informational interview") for line in narrow)


COLOUR = re.compile(r"\x1b\[((?:\d+;)*\d*)m")


def colours(text):
    """The colour parameters (foreground 30-37/90-97/38, background 40-47/100-107/48) in SGR codes."""
    found = set()
    for params in COLOUR.findall(text):
        for p in params.split(";"):
            if p.isdigit() and (30 <= int(p) <= 48 or 90 <= int(p) <= 107):
                found.add(int(p))
    return found


@pytest.mark.parametrize("value,coloured", [("", True), ("1", False)], ids=["NO_COLOR-empty", "NO_COLOR-set"])
def test_no_color_empty_and_set(value, coloured):
    term = Terminal(env={"NO_COLOR": value})
    company_path(term)
    term.keys(ENTER)
    term.wait("This is a job interview")
    term.wait("What next?")
    term.keys(ENTER)
    assert term.end() == 0
    assert bool(colours(term.log.getvalue())) is coloured


def test_plain_prompts_in_a_terminal_have_line_editing():
    term = Terminal("--plain")
    term.wait("[1/7] Who asked for this meeting?")
    term.child.expect("> ")
    term.keys("compny", LEFT, LEFT, "a", ENTER)  # the cursor moves back: "company"
    term.wait("[2/4] Have you applied")
    term.child.expect("> ")
    term.keys("no", ENTER)
    term.wait("[3/4] What do you expect to happen?")
    term.child.expect("> ")
    term.keys("1", ENTER)
    term.wait("[4/4] Whom will you meet?")
    term.child.expect("> ")
    term.keys("2", ENTER)
    term.wait("Change one?")
    term.child.expect("> ")
    term.keys(ENTER)
    term.wait("This is a job interview")
    term.wait("press Enter to finish.")
    term.child.expect("> ")  # under load, a Ctrl-C sent before the prompt reads its line was lost
    term.keys(CTRL_C)  # after the verdict: a finished session
    assert term.end() == 0
    assert "interrupted" not in term.log.getvalue()


def test_choice_labels_wrap_whole_at_40_columns():
    """At 40 columns a long answer label wraps onto a second line, indented under itself, never cut
    with an ellipsis: the person can read every answer they tick, and the one they ticked."""

    term = Terminal(columns=40)
    term.wait("Who asked for this meeting?")
    term.keys(ENTER)
    term.wait("Have you applied")
    term.keys(DOWN, ENTER)
    term.wait("What do you want out of it?")
    term.keys(ENTER)
    term.wait("What do you expect to happen?")
    lines = term.drawn("They will keep me in mind for later")
    term.keys("5", ENTER)
    term.wait("Is a relevant position")
    term.keys("q")
    decline_to_save(term)
    assert term.end() == 0  # q: the person's choice to leave
    assert max(len(line) for line in lines) <= 40
    assert not any("\u2026" in line for line in lines)
    first = next(i for i, line in enumerate(lines) if "They will keep me in" in line)
    assert " ".join((lines[first] + " " + lines[first + 1]).split()).endswith("They will keep me in mind for later")
    # the label's second line starts under its first word, not under the tick box
    assert lines[first + 1].index(lines[first + 1].split()[0]) == lines[first].index("They")
    answered = " ".join(" ".join(line.split()) for line in term.screen_lines())
    assert "What do you expect to happen? They will keep me in mind for later" in answered


def _hangs_under(lines, start, text):
    """The line after the one holding `start` begins in the column where `text` begins on it."""
    first = next(i for i, line in enumerate(lines) if start in line)
    following = lines[first + 1]
    return len(following) - len(following.lstrip()) == lines[first].index(text)


def test_wrapped_questions_answers_and_changes_line_up_at_40_columns():
    """At 40 columns every wrapped line goes on under the text it continues: a question's under its
    words (not under its number), a chosen answer under its first word (not under the list's
    pointer and number), a "Change 6)" under the answer it names; in --plain too."""

    term = Terminal(columns=40)
    term.wait("Who asked for this meeting?")
    term.keys(ENTER)  # I did
    term.wait("Have you applied")
    term.keys(DOWN, ENTER)  # no
    term.wait("What do you want out of it?")
    term.keys(SPACE, ENTER)  # learn about the company
    term.wait("What do you expect to happen?")
    term.keys(SPACE, ENTER)  # I will ask the questions
    term.wait("Is a relevant position")
    term.keys(DOWN, ENTER)  # no
    term.wait("Whom will you meet?")
    term.keys(DOWN, ENTER)  # a manager in the area I care about
    term.wait("Have you prepared questions")
    term.keys(ENTER)  # yes
    term.wait("Ready?")
    review = term.drawn("Change 6) A manager in the area I care about", "Change 7) Yes")  # the list is gone from the screen once answered
    term.keys(ENTER)
    term.wait("What next?")
    term.keys(ENTER)
    assert term.end() == 0
    lines = term.screen_lines()
    assert max(len(line) for line in lines) <= 40
    assert lines[lines.index("? [2/7] Have you applied for, or are") + 1] == "        you being interviewed for, a"
    assert _hangs_under(lines, "? [5/7] Is a relevant position", "Is a")
    # the chosen answer, drawn by questionary after the question, is not indented as it was in the list
    assert lines[lines.index("? [6/7] Whom will you meet?") + 1] == "  A manager in the area I care about"
    assert _hangs_under(review, "Change 6) A manager", "A manager")
    assert "? Ready? See the verdict" in lines  # the choice, drawn after "Ready?" where it fits

    plain = Terminal("--plain", columns=40)
    plain.wait("[1/7] Who asked for this meeting?")
    plain.child.expect("> ")
    plain.line("1")
    plain.wait("Have you applied")
    plain.child.expect("> ")
    plain.keys("q", ENTER)
    decline_to_save(plain)
    assert plain.end() == 0
    lines = plain.screen_lines()
    assert _hangs_under(lines, "[2/7] Have you applied", "Have")


def test_nothing_ticked_reads_none_where_the_answer_is_drawn_and_in_the_review(tmp_path):
    """questionary's own "done" after an empty checkbox, and "none" in the review, read "None"."""

    term = Terminal(cwd=str(tmp_path))
    term.wait("Who asked for this meeting?")
    term.keys(DOWN, ENTER)  # the company did
    term.wait("Have you applied")
    term.keys(DOWN, ENTER)
    term.wait("What do you expect to happen?")
    term.keys(ENTER)  # nothing ticked
    term.wait("Whom will you meet?")
    term.keys(DOWN, ENTER)
    term.wait("Ready?")
    lines = term.drawn("Change 3) None", "Change 4)")
    term.keys(CTRL_C)
    term.wait("Save your answers before you go?")
    term.keys(CTRL_C)
    assert term.end() == 130
    assert "? [3/4] What do you expect to happen? None" in lines
    assert "  3) What do you expect to happen?  None" in lines
    assert "   Change 3) None" in lines
    assert not any(line.split()[-1:] in (["none"], ["done"]) for line in lines)


def test_what_next_shows_the_draft_at_40_columns():
    """The verdict names the menu's choice (no command to run), and picking it shows the message
    asking for the meeting, wrapped to the terminal; the menu comes back after it."""
    term = Terminal("--requested-by", "me", "--in-hiring-process", "no", "--goal", "learn_about_company",
                    "--job-open", "no", "--meeting-with", "manager", "--prepared-questions", "yes", columns=40)
    term.wait("What do you expect to happen?")
    term.keys("1", ENTER)
    term.wait("Ready?")
    term.keys(ENTER)
    term.wait("What next?")
    term.keys(DOWN, DOWN, ENTER)  # Done, which answers led, the draft
    term.wait("Before you send it:")
    term.wait("What next?")
    term.keys(ENTER)
    assert term.end() == 0
    lines = term.screen_lines()
    text = " ".join(" ".join(line.split()) for line in lines)
    assert "infoview draft" not in text
    assert ("To ask for the meeting: choose \u201cShow a draft of the message asking for the meeting\u201d "
            "under \u201cWhat next?\u201d below.") in text
    assert "Dear [name]," in lines
    assert max(len(line) for line in lines) <= 40


def test_a_question_mark_is_never_part_of_the_own_words():
    """`?` on an empty line is help at once; a sentence typed after a "?" is read without it."""
    term = Terminal()
    term.wait("Who asked for this meeting?")
    term.keys(ENTER)
    term.wait("Have you applied")
    term.keys(DOWN, ENTER)
    term.wait("What do you want out of it?")
    term.keys(UP, SPACE, ENTER)
    term.wait("Your goal in your own words:", "? help")
    term.keys("?")
    term.wait("You can pick from the list instead")
    term.wait("Your goal in your own words:")
    term.line("? I want to learn how the company works")
    term.wait("From your words I read")
    term.wait("Is that right?")
    term.line("yes")
    for question in ("[4/7] What do you expect", "[5/7] Is a relevant position", "[6/7] Whom will you meet?",
                     "[7/7] Have you prepared"):
        term.wait(question)
        term.keys(ENTER)
    term.wait("Ready?")
    term.keys("q")
    term.wait("Save your answers before you go?")
    term.line("no")
    assert term.end() == 0
    text = " ".join(" ".join(line.split()) for line in term.screen_lines())
    assert 'Learn about the company (from your words "learn how the company works")' in text
    assert '"?' not in text


EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _words_of(lines):
    return " ".join(" ".join(lines).split())


@pytest.mark.parametrize("columns", [80, 40])
def test_step_one_is_on_the_screen_above_what_next(columns):
    """The verdict is longer than the screen: when it ends, step 1 of "What to do" (at its top, long
    scrolled off) is shown again right above "What next?", and again when the menu comes back."""
    term = Terminal("--answers", str(EXAMPLES / "hopeful.toml"), columns=columns, rows=24)
    term.wait("Ready?")
    term.keys(ENTER)
    term.wait("What next?")
    term.settle()
    screen = term.visible()
    # the verdict's own step 1, as it begins the report (up to its quote or source, further in)
    session = term.screen_lines()
    top = session.index("What to do")
    end = next(i for i in range(top + 2, len(session)) if session[i].startswith("       "))
    step_one = _words_of(session[top + 1:end])
    assert step_one.startswith("1. If it is the open role you want, apply for it")
    assert _words_of(session).count(step_one) == 2  # and again at the end, on the screen
    heading = "What to do first (scroll up to \u201cWhat to do\u201d for all 3 steps): "
    assert heading + step_one + " Because " in _words_of(screen)  # the step again, with its reason
    assert not any(line.startswith("What to do") and "first" not in line for line in screen)  # the report's top: gone
    menu = next(i for i, line in enumerate(screen) if line.startswith("? What next?"))
    again = _words_of(screen[:menu])
    reason = again[again.index(heading + step_one) + len(heading + step_one) + 1:]
    assert screen[menu - 1] == "" and reason.startswith("Because ")
    assert _words_of(session).count(reason) >= 2  # the verdict's own reason for step 1, said again
    assert max(len(line) for line in screen) <= columns
    term.keys(DOWN, ENTER)  # which answers led to the advice: the menu comes back, with step 1 above it
    term.wait("Which of your answers led to each piece of advice")
    term.wait("What next?")
    term.settle()
    assert "What to do first" in _words_of(term.visible())
    term.keys(ENTER)
    assert term.end() == 0


def at_is_that_right(columns=100, rows=60):
    term = Terminal(columns=columns, rows=rows)
    term.wait("Who asked for this meeting?")
    term.keys(ENTER)
    term.wait("Have you applied")
    term.keys(DOWN, ENTER)
    own_words(term, "I hope to land a position there")
    return term


def test_is_that_right_takes_only_a_clear_yes_or_no_and_explains_itself():
    term = at_is_that_right()
    for mark in ("?", "??"):  # read with Enter, as every answer: help, then the question again
        term.line(mark)
        term.wait("yes: keep these goals and go on to the next question.")
        term.wait("no: back to the list, to pick your goals or say them another way.")
        term.wait("Is that right?", "(yes/no, Enter for yes, ? help)")
    what = "yes to keep these goals, or no to tick the ones you meant."  # what each does, not a bare "yes or no"
    for unclear, problem in (("yes but also I want a job", f"Please answer just {what}"),
                             ("kind of", f"Please answer {what}"), ("sort of, not exactly", f"Please answer {what}"),
                             ("back", f"Please answer {what}")):
        term.line(unclear)
        term.wait(problem)  # the line is empty again for the next reply
    term.line("no")
    term.wait("Then tick the goals you meant")
    term.wait("[3/7] What do you want out of it?")  # the reading was not taken: the list again, the goal read ticked
    term.keys("1", "3", ENTER)  # learning ticked, the job wish read unticked
    for question in ("[4/7]", "[5/7]", "[6/7]", "[7/7]"):
        term.wait(question)
        term.keys(ENTER)
    term.wait("Ready?")
    term.keys("q")  # at the review, leaving offers to save
    term.wait("Save your answers before you go?", "(yes/no, Enter for yes, ? help)")
    term.line("?")
    term.wait("yes: choose a file, save your answers to it, then leave.")
    term.wait("no: leave without saving.")
    term.wait("Save your answers before you go?")
    term.line("no")
    assert term.end() == 0
    text = _words_of(term.screen_lines())
    assert "Get a job there" not in text.split("Then tick the goals you meant")[1]  # never confirmed
    assert "Is that right? (yes/no, Enter for yes, ? help) no" in text


def test_a_rejected_yes_no_reply_leaves_the_line_and_is_explained_right_under_it():
    # a new user's report: at 80x24 "maybe", then "yes" read "maybeyes", and the reason was on row 23
    term = at_is_that_right(columns=80, rows=24)
    term.line("maybe")
    term.wait("Please answer yes to keep these goals, or no to tick the ones you meant.")
    term.wait("Is that right?", "(yes/no, Enter for yes, ? help)")  # asked again
    term.settle(0.5)
    rows = term.visible()
    said = max(i for i, line in enumerate(rows)
               if line == "  Please answer yes to keep these goals, or no to tick the ones you meant.")
    assert rows[said - 1] == "? Is that right? (yes/no, Enter for yes, ? help) maybe"
    assert rows[said + 1] == "? Is that right? (yes/no, Enter for yes, ? help)"  # nothing left in it
    assert not any("Please answer" in line for line in rows[said + 1:])  # not on the bottom row too
    term.line("yes")  # straight away
    term.wait("[4/7]")
    term.keys("q")
    decline_to_save(term)
    assert term.end() == 0
    text = _words_of(term.screen_lines())
    assert "maybeyes" not in text
    assert "Is that right? (yes/no, Enter for yes, ? help) yes" in text


def test_replace_it_explains_itself_and_asks_again_when_unclear(tmp_path):
    taken = tmp_path / "my-meeting.toml"
    taken.write_text("# mine\n")
    term = Terminal("--answers", str(EXAMPLES / "hopeful.toml"), cwd=str(tmp_path))
    term.wait("Ready?")
    term.keys(ENTER)
    term.wait("What next?")
    term.keys(UP, ENTER)  # the last choice: save
    term.wait("Save to which file?")
    term.line("")  # my-meeting.toml, which exists
    term.wait("my-meeting.toml exists. Replace it?", "(yes/no, Enter for no, ? help)")
    term.line("?")
    term.wait("yes: save over my-meeting.toml (what it holds now is lost).")
    term.wait("no: choose another name.")
    term.wait("Replace it?")
    term.line("sure, why not")
    term.wait("Please answer yes to save over it, or no to choose another name.")
    term.line("")  # Enter: no
    term.wait("Save to which file?")
    term.line("other.toml")
    term.wait("Saved to other.toml")
    term.wait("What next?")
    term.keys(ENTER)
    assert term.end() == 0
    assert taken.read_text() == "# mine\n"
    assert 'classification = "informational"' in (tmp_path / "other.toml").read_text()


def test_the_own_words_hint_and_words_start_2_columns_in_at_40_columns():
    term = at_is_that_right(columns=40)
    term.line("yes")
    term.wait("[4/7]")
    term.keys("q")
    decline_to_save(term)
    assert term.end() == 0
    lines = term.screen_lines()
    hint = lines.index("  ? help \u00b7 Enter with nothing typed:")
    assert lines[hint - 1] == "? Your goal in your own words:"
    assert lines[hint + 1] == "  back to the list"
    assert lines[hint + 2] == "  I hope to land a position there"


# -- the goals: the confirm step loses nothing, the review credits the words only with what they gave --

NEWSROOM = "I want to learn how they organise the newsroom"


def to_goals(term):
    term.wait("Who asked for this meeting?")
    term.keys(ENTER)
    term.wait("Have you applied")
    term.keys(DOWN, ENTER)
    term.wait("[3/7] What do you want out of it?")


def to_review(term):
    for question in ("[4/7] What do you expect", "[5/7] Is a relevant position", "[6/7] Whom will you meet?",
                     "[7/7] Have you prepared"):
        term.wait(question)
        term.keys(ENTER)
    term.wait("Ready?")


def leave(term):
    term.keys("q")
    term.wait("Save your answers before you go?")
    term.line("no")
    assert term.end() == 0
    return " ".join(" ".join(line.split()) for line in term.screen_lines())


def test_a_goal_ticked_beside_own_words_is_named_at_the_confirm_step_and_not_credited_to_the_words():
    """A trial: with "Get a job there" ticked, the confirm step named only the goal read from the
    words, and the review showed the ticked goal as if from the words."""
    term = Terminal()
    to_goals(term)
    term.keys("3", "6", ENTER)  # "Get a job there" and "Something else, in my own words"
    term.wait("Your goal in your own words:")
    term.line(NEWSROOM)
    term.wait("From your words I read:", "Learn about the company")
    term.wait("Also ticked in the list: Get a job there.")
    term.wait("Is that right?")
    term.line("yes")
    to_review(term)
    text = leave(term)
    assert ('3) What do you want out of it? Learn about the company (from your words "learn how they organise the '
            'newsroom"); Get a job there') in text
    assert "did not count it" not in text


def test_a_goal_both_ticked_and_read_from_the_words_is_named_as_ticked_at_the_confirm_step():
    """A trial: a goal ticked and also read from the words was named only as read, so the person
    could not see that their tick was counted."""
    term = Terminal()
    to_goals(term)
    term.keys("1", "6", ENTER)  # "Learn about the company" and "Something else, in my own words"
    term.wait("Your goal in your own words:")
    term.line(NEWSROOM)
    term.wait("From your words I read:", "Learn about the company (from")
    term.wait("Also ticked in the list: Learn about the company.")
    term.wait("Is that right?")
    term.line("yes")
    term.wait("[4/7] What do you expect")
    term.keys("q")
    decline_to_save(term)
    assert term.end() == 0


def test_a_job_wish_not_read_is_said_at_the_confirm_step_and_can_be_ticked(tmp_path):
    """A trial: "I'd also love it if it eventually turned into a job offer" was not read, and only
    `infoview phrases` said so; ask showed just the other goal."""
    from test_flow import JOB_OFFER, doubting_rules

    term = Terminal("--rules", str(doubting_rules(tmp_path)))
    to_goals(term)
    term.keys("6", ENTER)
    term.wait("Your goal in your own words:")
    term.line(JOB_OFFER)
    term.wait("From your words I read:", "Learn about the company")
    term.wait("\u201cturned into a job offer\u201d sounded like \u201cGet a job there\u201d, but I did not count it as "
              "one of your goals; if you meant it, say no and tick it.")
    term.wait("Is that right?")
    term.line("no")  # as it says: no, then tick it
    term.wait("Then tick the goals you meant")
    term.wait("[3/7] What do you want out of it?")
    term.keys("3", ENTER)  # the goal read (learning) is ticked already: only the job wish to add
    to_review(term)
    assert "3) What do you want out of it? Learn about the company; Get a job there" in leave(term)


def test_after_no_the_words_are_there_to_change_and_said_to_be_left_out_if_goals_are_ticked():
    """A helper: after "no", ticking goals dropped the words without a word, and ticking "in my
    own words" again opened an empty line (the web page keeps the words in their box)."""
    term = Terminal(rows=80)
    to_goals(term)
    term.keys("6", ENTER)
    term.wait("Your goal in your own words:")
    term.line("I hope to land a position there")
    term.wait("Is that right?")
    term.line("no")
    term.wait("Then tick the goals you meant: your words are then left out. The goals I read are ticked, to start "
              "from. Or tick \u201cSomething else, in my own words\u201d again to change your words.")
    term.wait("[3/7] What do you want out of it?")
    term.keys("6", ENTER)
    term.wait("Your goal in your own words:")
    term.wait("I hope to land a position there")  # the words, to change: not an empty line
    term.keys(*["\x7f"] * len("a position there"))
    term.line("an internship with them")
    term.wait("From your words I read:", "Get a job there")
    term.wait("Is that right?")
    term.line("no")
    term.wait("[3/7] What do you want out of it?")
    term.keys("1", "3", ENTER)  # a goal ticked instead (the job wish read, ticked, unticked): the words are left out
    to_review(term)
    review = leave(term)
    assert ("3) What do you want out of it? Learn about the company Your words \u201cI hope to land an internship "
            "with them\u201d were left out, because you ticked your goals instead. To use them, change answer 3 and "
            "tick \u201cSomething else, in my own words\u201d: they are there to edit. 4) What do you expect") in review


def test_after_no_the_goals_read_are_ticked_to_start_from():
    """A new user's trial: "no" to a mostly right reading threw it away (nothing ticked in the list that
    followed), so a person who only wanted to add a goal had to tick every goal again."""
    term = Terminal(columns=80, rows=30)
    to_goals(term)
    term.keys("6", ENTER)
    term.wait("Your goal in your own words:")
    term.line("I hope to land a position there and learn how they run the newsroom")
    term.wait("From your words I read:", "Learn about the company")
    term.wait("Is that right?")
    assert "Get a job there (from" in _words_of(term.screen_lines())  # two goals read
    term.line("no")
    term.wait("The goals I read are ticked, to start from.")
    lines = term.drawn("Be remembered for later openings")
    assert lines[-6:] == [" » ● Learn about the company",
                          "   ○ Judge whether it would suit me",
                          "   ● Get a job there",
                          "   ○ Make my case for an open role",
                          "   ○ Be remembered for later openings",
                          "   ○ Something else, in my own words"]
    term.keys("2", ENTER)  # one goal added to those read
    to_review(term)
    assert ("3) What do you want out of it? Learn about the company; Judge whether it would suit me; Get a job "
            "there Your words \u201cI hope to land a position there and learn how they run the newsroom\u201d were "
            "left out, because you ticked your goals instead.") in leave(term)


WORDS = "I hope to land a position there"
WORDS_LEFT_OUT = f"Your words \u201c{WORDS}\u201d were left out, because you ticked your goals instead."


def left_out_at_the_review(term):
    """Own words (WORDS), said to be read wrongly, then "Learn about the company" ticked instead: at the review."""
    to_goals(term)
    term.keys("6", ENTER)
    term.wait("Your goal in your own words:")
    term.line(WORDS)
    term.wait("Is that right?")
    term.line("no")
    term.wait("[3/7] What do you want out of it?")
    term.keys("1", "3", ENTER)  # learning ticked, and the job wish read (ticked after "no") unticked
    to_review(term)


def test_words_left_out_after_no_are_said_at_the_review_and_beside_the_goals_of_the_verdict():
    """A trial: the web page's review and verdict say own words were left out, the terminal's did not,
    so a person who typed a paragraph could not tell that it was dropped (the same sentence, flow.LEFT_OUT)."""
    term = Terminal(rows=80)
    left_out_at_the_review(term)
    term.keys(ENTER)  # See the verdict
    term.wait("What next?")
    term.keys(ENTER)
    assert term.end() == 0
    text = " ".join(" ".join(line.split()) for line in term.screen_lines())
    review, verdict = text[text.index("Your answers"):text.index("Ready?")], text[text.index("What this meeting is"):]
    assert f"3) What do you want out of it? Learn about the company {WORDS_LEFT_OUT} To use them, change answer 3" in review
    assert f"Your goals: Learn about the company. {WORDS_LEFT_OUT}" in verdict


def test_words_left_out_stay_left_out_at_a_change_until_used_and_are_there_to_edit():
    """The review says the words are there to edit under "in my own words": they are, and used, they are
    no longer said to be left out; a change that keeps the ticks leaves them out still."""
    term = Terminal(rows=80)
    left_out_at_the_review(term)
    term.keys(DOWN, DOWN, DOWN, ENTER)  # Change 3)
    term.wait("What do you want out of it?")
    term.keys(ENTER)  # the ticks kept: still left out
    term.wait("Ready?")  # after the review, drawn before it
    assert _words_of(term.screen_lines()).count(WORDS_LEFT_OUT) == 2  # at both reviews
    term.keys(DOWN, DOWN, DOWN, ENTER)  # Change 3) again
    term.wait("What do you want out of it?")
    term.keys("6", ENTER)
    term.wait("Your goal in your own words:")
    term.wait(WORDS)  # ready to edit, not an empty line
    term.keys(ENTER)
    term.wait("From your words I read:", "Get a job there")
    term.wait("Is that right?")
    term.line("yes")
    term.wait("Ready?")
    text = leave(term)
    reviews = text.split("Your answers")
    assert len(reviews) == 4 and "left out" not in reviews[-1]
    assert ('3) What do you want out of it? Learn about the company; Get a job there (from your words '
            '"land a position")') in reviews[-1]


def test_words_left_out_in_a_saved_file_are_left_out_again_and_there_to_edit(tmp_path):
    """A new user's trial: `ask --answers FILE` did not bring back the words left out that FILE's description
    keeps: the review did not say so, and the words were not there to edit under "in my own words"."""
    from infoview_rules import Advisor
    from infoview_rules.flow import Flow

    advisor = Advisor()
    flow = Flow(advisor.rules)
    complete = flow.complete({"requested_by": "me", "in_hiring_process": "no", "goals": ["learn_about_company"],
                              "expectations": [], "job_open": "no", "meeting_with": "hr", "prepared_questions": "no"})
    saved = tmp_path / "saved.toml"
    saved.write_text(flow.saved_file(complete, advisor.advise(complete), "left out", notes=[WORDS_LEFT_OUT]))
    term = Terminal("--answers", str(saved), rows=80)
    term.wait("Ready?")
    assert (f"3) What do you want out of it? Learn about the company {WORDS_LEFT_OUT} To use them, change answer 3"
            in _words_of(term.screen_lines()))
    term.keys(DOWN, DOWN, DOWN, ENTER)  # Change 3)
    term.wait("What do you want out of it?")
    term.keys("6", ENTER)
    term.wait("Your goal in your own words:")
    term.wait(WORDS)  # ready to edit, not an empty line
    term.keys(CTRL_C)
    assert term.end() == 130


def test_a_job_wish_not_read_is_said_when_typing_too(tmp_path):
    """--plain (screen readers, scripts): the same sentence, with the way to pick it there."""
    from test_flow import JOB_OFFER, doubting_rules

    term = Terminal("--plain", "--rules", str(doubting_rules(tmp_path)))
    term.wait("Who asked for this meeting?")
    term.line("1")
    term.wait("Have you applied")
    term.line("2")
    term.wait("What do you want out of it?")
    term.line(JOB_OFFER)
    term.wait("\u201cturned into a job offer\u201d sounded like \u201cGet a job there\u201d, but I did not count it as "
              "one of your goals; if you meant it, say no and pick it from the list.")
    term.wait("Is that right?")
    term.line("no")
    term.wait("Then pick the goals you meant: your words are then left out.")
    # the number of what was read, to start from; the example adds the job wish the words seemed to name
    term.wait("I read 1: type the numbers you want, such as 1,3.")
    term.line("1,3")
    term.wait("What do you expect to happen?")
    term.line("q")
    decline_to_save(term)
    assert term.end() == 0


def test_after_no_at_is_that_right_the_list_and_the_numbers_read_come_back_at_40_columns():
    """A person who says the reading is wrong types the numbers they want, starting from those
    read, with the list right there (it said only "numbers like 1,3": every goal typed anew)."""
    term = Terminal("--plain", columns=40)
    term.wait("Who asked for this meeting?")
    term.line("1")
    term.wait("Have you applied")
    term.line("2")
    term.wait("What do you want out of it?")
    term.line("I want to learn about the company and see if I would fit")
    term.wait("Is that right?")
    term.line("no")
    term.wait("I read 1 and 2: type the numbers you want, such as 1,2,3.")
    term.line("")  # Enter is not the reading just said to be wrong: here it is none, as the question said
    term.wait("What do you expect to happen?")
    term.line("back")
    term.wait("What do you want out of it?")
    term.line("1,2,4")
    term.wait("What do you expect to happen?")
    term.line("q")
    decline_to_save(term)
    assert term.end() == 0
    lines = term.screen_lines()
    after = lines[min(i for i, line in enumerate(lines) if line.startswith("> no")) + 1:]  # at "Is that right?"
    assert after[:10] == ["Then pick the goals you meant: your",
                          "words are then left out. Or say it",
                          "another way.",
                          "  1) Learn about the company",
                          "  2) Judge whether it would suit me",
                          "  3) Get a job there",
                          "  4) Make my case for an open role",
                          "  5) Be remembered for later openings",
                          "I read 1 and 2: type the numbers you",
                          "want, such as 1,2,3."]
    assert all(len(line) <= 40 for line in lines)


def test_a_file_is_reviewed_with_the_goals_its_words_gave_and_the_ticked_one_as_ticked():
    """examples/hopeful.toml: learning ticked, a job wish in the words (a trial: the web review
    credited the ticked goal to the words; ask's put the words after both)."""
    hopeful = Path(__file__).resolve().parent.parent / "examples" / "hopeful.toml"
    term = Terminal("--answers", str(hopeful))
    term.wait("Ready?")
    term.keys("q")  # nothing changed: nothing to offer to save
    term.wait("You left before the verdict; your answers are as saved in", str(hopeful))
    assert term.end() == 0
    text = _words_of(term.screen_lines())
    assert '3) What do you want out of it? Learn about the company; Get a job there (from your words "land a position")' in text


# -- goals read from words stay with the words (a trial: at a change they came back as ticks, and a
# job wish taken back out of the words still counted, said to be ticked) --

CULTURE = "i wanna see if the culture is a fit for me and maybe get hired eventually lol"
CULTURE_EDITED = "i just wanna see if the culture is a fit for me"


CTRL_U = "\x15"  # deletes the line before the cursor, as in a shell


def last_review(text):
    return text[text.rindex("Your answers"):]


def test_words_changed_at_the_review_change_their_goals_and_none_is_shown_ticked():
    term = Terminal(rows=80)
    to_goals(term)
    term.keys(UP, SPACE, ENTER)  # "Something else, in my own words"
    term.wait("Your goal in your own words:")
    term.line(CULTURE)
    term.wait("From your words I read:", "Judge whether it would suit me")
    term.wait("Get a job there")
    term.wait("Is that right?")
    term.line("yes")
    to_review(term)
    term.keys(DOWN, DOWN, DOWN, ENTER)  # Change 3)
    term.wait("What do you want out of it?")
    term.settle()
    ticks = [line for line in term.visible() if "●" in line or "○" in line]
    assert [line for line in ticks if "●" in line and "own words" not in line] == []  # no goal shown ticked
    assert any("●" in line and "own words" in line for line in ticks)  # the words are the answer
    term.keys(ENTER)
    term.wait("Your goal in your own words:")
    term.keys(CTRL_U)
    term.line(CULTURE_EDITED)
    term.wait("From your words I read:", "Judge whether it would suit me")
    term.wait("Is that right?")
    term.line("yes")
    term.wait("Ready?")
    text = leave(term)
    screen_after_edit = text[text.rindex(CULTURE_EDITED):]
    assert "Also ticked in the list" not in screen_after_edit
    review = last_review(text)
    assert ('3) What do you want out of it? Judge whether it would suit me (from your words "see if the culture '
            'is a fit for me")') in review
    assert "Get a job there" not in review


def test_typed_words_changed_at_the_review_change_their_goals(tmp_path):
    term = Terminal("--plain", "--save", str(tmp_path / "culture.toml"), rows=80)
    for question, reply in (("Who asked", "1"), ("Have you applied", "no"), ("What do you want", CULTURE)):
        term.wait(question)
        term.line(reply)
    term.wait("From your words I read:", "Judge whether it would suit me")
    term.wait("Is that right?")
    term.line("yes")
    for question, reply in (("What do you expect", "1"), ("Is a relevant position", "2"),
                            ("Whom will you meet", "1"), ("Have you prepared", "1")):
        term.wait(question)
        term.line(reply)
    term.wait("Change one?")
    term.line("3")
    term.wait("Enter keeps your answer:", "Judge whether it would suit me (from your words")
    term.line(CULTURE_EDITED)
    term.wait("From your words I read:", "Judge whether it would suit me")
    term.wait("Is that right?")
    term.line("yes")
    term.wait("Change one?")
    term.line("")
    term.wait("What next?")
    term.line("")
    assert term.end() == 0
    text = " ".join(" ".join(line.split()) for line in term.screen_lines())
    review = last_review(text)
    assert "Get a job there" not in review[:review.index("Change one?")]
    assert "Also ticked in the list" not in text
    # the saved file keeps the words and no goal ticked; `advise` reads the same verdict from it
    saved = (tmp_path / "culture.toml").read_text()
    assert "goals = []" in saved and CULTURE_EDITED in saved
    advised = subprocess.run([infoview(), "advise", str(tmp_path / "culture.toml")], capture_output=True, text=True)
    assert "Judge whether it would suit me" in advised.stdout and "Get a job there" not in advised.stdout


# -- what a person chose is drawn after the question as they will see it in the review, whole words --

PLANNING = "I would like to understand how the engineering teams organise their weekly planning meetings"

DRAWN_AT = {
    40: {
        "goals": ["? [3/7] What do you want out of it?",
                  "  Learn about the company; Judge",
                  "  whether it would suit me; Something",
                  "  else, in my own words"],
        "words": ["  back to the list",
                  "  I would like to understand how the",
                  "  engineering teams organise their",
                  "  weekly planning meetings",
                  "From your words I read: Learn about the"],
        "expect": ["? [4/7] What do you expect to happen?",
                   "  They will keep me in mind for later"],
        "review": ["? Ready?",
                   "  ↑↓ and Enter · ? help · ← back ·",
                   "  q quit",
                   " » See the verdict",
                   "   Change 1) I did",
                   "   Change 2) No",
                   "   Change 3) Learn about the company",
                   "             (from your words",
                   "             \"understand how the",
                   "             engineering teams organise",
                   "             their weekly planning",
                   "             meetings\"); Judge whether",
                   "             it would suit me",
                   "   Change 4) They will keep me in mind",
                   "             for later"],
    },
    80: {
        "goals": ["? [3/7] What do you want out of it?",
                  "  Learn about the company; Judge whether it would suit me; Something else, in",
                  "  my own words"],
        "words": ["  ? help · Enter with nothing typed: back to the list",
                  "  I would like to understand how the engineering teams organise their weekly",
                  "  planning meetings",
                  "From your words I read: Learn about the company (from \"understand how the"],
        "expect": ["? [4/7] What do you expect to happen? They will keep me in mind for later"],
        "review": ["? Ready?",
                   "  ↑↓ and Enter · ? help · ← back · q quit",
                   " » See the verdict",
                   "   Change 1) I did",
                   "   Change 2) No",
                   "   Change 3) Learn about the company (from your words \"understand how the",
                   "             engineering teams organise their weekly planning meetings\"); Judge",
                   "             whether it would suit me",
                   "   Change 4) They will keep me in mind for later"],
    },
}


def _block(lines, first, count):
    start = lines.index(first)
    return lines[start:start + count]


@pytest.mark.parametrize("columns", [40, 80])
def test_ticks_and_own_words_are_drawn_whole_after_their_question_and_in_the_review(columns):
    """Trials: two goals ticked were drawn "done (2 selections)" (which ones?), and words typed for
    "Something else" stayed on screen broken mid-word ("the eng" / "ineering"), from column 0.
    Both are drawn as the review shows them, wrapped at words, 2 columns in; the review's hint never
    splits "q quit", and a long "Change 3)" goes on under the answer it names."""
    expected = DRAWN_AT[columns]
    term = Terminal(columns=columns, rows=80)
    to_goals(term)
    term.keys("1", "2", "6", ENTER)  # two goals and the own words
    term.wait("Your goal in your own words:")
    term.line(PLANNING)
    term.wait("From your words I read:", "Learn about the company")
    term.wait("Is that right?")
    term.line("yes")
    term.wait("[4/7] What do you expect to happen?")
    term.keys("5", ENTER)  # one tick: drawn as more ticks are, without questionary's brackets
    for question in ("[5/7]", "[6/7]", "[7/7]"):
        term.wait(question)
        term.keys(ENTER)
    term.wait("Ready?")
    review = term.drawn("Change 7) Yes")
    text = leave(term)
    lines = term.screen_lines()
    assert max(len(line) for line in lines) <= columns
    assert _block(lines, expected["goals"][0], len(expected["goals"])) == expected["goals"]
    assert _block(lines, expected["words"][0], len(expected["words"])) == expected["words"]
    assert _block(lines, expected["expect"][0], len(expected["expect"])) == expected["expect"]
    start = max(i for i, line in enumerate(review) if line == "? Ready?")
    assert review[start:start + len(expected["review"])] == expected["review"]
    assert "selections" not in text and "[They will" not in text
    # the goals drawn after the question are the review's, in the same order
    assert "3) What do you want out of it? Learn about the company (from your words" in text


def test_a_file_name_longer_than_the_line_is_drawn_under_its_prompt_at_40_columns(tmp_path):
    """A word longer than the line goes on 2 columns in, as the answers do, not from column 0."""
    name = "a-rather-long-name-for-my-meeting-answers-file.toml"
    term = Terminal(columns=40, cwd=str(tmp_path))
    company_path(term)
    save_on_leaving(term, name)
    term.wait("your answers are saved to")
    assert term.end() == 0
    lines = term.screen_lines()
    asked = lines.index("? Save to which file? (Enter for")
    assert lines[asked + 1:asked + 4] == ["  my-meeting.toml)", "  a-rather-long-name-for-my-meeting-an",
                                          "  swers-file.toml"]
    assert (tmp_path / name).exists()


def test_a_change_chosen_at_the_review_is_drawn_under_ready_and_under_its_answer_at_40_columns():
    term = Terminal(columns=40)
    to_goals(term)
    term.keys("1", ENTER)
    for question, keys in (("[4/7]", ENTER), ("[5/7]", ENTER), ("[6/7] Whom will you meet?", DOWN + ENTER),
                           ("[7/7]", ENTER)):
        term.wait(question)
        term.keys(keys)
    term.wait("Ready?")
    term.drawn("Change 7)")
    term.keys(*[DOWN] * 6, ENTER)  # Change 6) A manager in the area I care about
    term.wait("[6/7] Whom will you meet?")
    term.keys("q")
    decline_to_save(term)
    assert term.end() == 0
    lines = term.screen_lines()
    ready = max(i for i, line in enumerate(lines) if line == "? Ready?")
    assert lines[ready + 1:ready + 3] == ["  Change 6) A manager in the area I", "            care about"]
