"""`infoview ask` with typed answers (pipes, CI, --plain) and with options only (--no-input).

The arrow-key prompts in a real terminal are in test_ask_terminal.py.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from infoview_rules.cli import cli

QUESTION = re.compile(r"^\[(\d)/(\d)\] ", re.M)
INFORMATIONAL = ["1", "no", "1", "1", "2", "2", "1"]  # me, no, learn, ask questions, no job, manager, prepared


def plain_word_problems(text):
    """Finding ids, passage numbers and field names: words a job seeker cannot read."""
    from infoview_rules.rules import load_rules

    rules = load_rules(None)
    words = [f.id for f in rules.findings] + [f.name for f in rules.schema.fields.values()]
    words += [v for f in rules.schema.choice_fields() for v in f.values]
    found = [w for w in words if ("-" in w or "_" in w) and re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]
    return found + re.findall(r"\bP\d+\b", text) + re.findall(r"\w+ = \w+", text)


def asked(output):
    return [(int(n), int(t)) for n, t in QUESTION.findall(output)]


def run(runner, lines, *args, env=None):
    return runner.invoke(cli, ["ask", *args], input="".join(line + "\n" for line in lines), env=env,
                         prog_name="infoview")


def infoview():
    return str(Path(sys.executable).with_name("infoview"))


def test_a_whole_session_with_help_back_review_and_verdict(runner):
    lines = ["1", "no", "?", "1,3", "1", "2", "3", "back", "", "1", "6", "2", "", "how", ""]
    result = run(runner, lines)
    assert result.exit_code == 0, result.output
    out = result.stdout
    # question 6 again after `back` (kept on Enter), 7 again, and 6 from the review
    assert [n for n, _ in asked(out)] == [1, 2, 3, 4, 5, 6, 7, 6, 7, 6]
    assert "Why: Pick every goal that is true for you" in out
    help_text = out.split("Why: Pick every goal")[1].split("[3/7]")[0]
    assert "  - \u201cIt is your chance to judge the suitability" in help_text
    assert plain_word_problems(help_text) == []
    assert "Enter keeps your answer: A recruiter." in out  # after back
    review = out.split("Your answers\n")[-1]
    assert review.startswith(
        "  1) Who asked for this meeting?  I did\n"
        "  2) Have you applied for, or are you being interviewed for, a role there?  No\n"
        "  3) What do you want out of it?  Learn about the company; Get a job there\n"
        "  4) What do you expect to happen?  I will ask the questions\n"
        "  5) Is a relevant position publicly open there now?  No\n"
        "  6) Whom will you meet?  A manager in the area I care about\n"
        "  7) Have you prepared questions to ask?  Yes\n"
    )
    verdict = out.split("What this meeting is\n")[1]
    assert verdict.startswith("  This is an informational interview")
    assert "Does not fit: One of your goals is a job" in verdict and "You will meet a recruiter" not in verdict  # 6 changed to a manager
    how = out.split("Which of your answers led to each piece of advice\n")[1]
    assert how.startswith("  - Does not fit: One of your goals is a job")
    assert "    Because you want to get a job there.\n" in how
    assert plain_word_problems(how) == []
    assert "\x1b[" not in out


def test_how_with_explain_shows_ids_and_raw_answers(runner):
    result = run(runner, ["1", "no", "1,3", "1", "2", "3", "1", "", "how", ""], "--explain")
    assert result.exit_code == 0, result.output
    assert "  job-goal: because goals = get_job" in result.stdout.split("What made each finding fire")[1]


def test_back_then_enter_keeps_the_previous_answer(runner):
    # answer 1 and 2, go back to 2 and press Enter: the answer stays "No", not empty
    result = run(runner, ["1", "2", "back", "", "1", "", "2", "2", "1", ""])
    assert result.exit_code == 0, result.output
    assert "Enter keeps your answer: No." in result.stdout
    assert "  2) Have you applied for, or are you being interviewed for, a role there?  No\n" in result.stdout


def test_the_current_answer_is_the_default_when_changed_at_the_review(runner):
    result = run(runner, INFORMATIONAL + ["6", "", ""])
    assert result.exit_code == 0, result.output
    change = result.stdout.split("Change one?")[1]
    assert "[6/7] Whom will you meet?" in change
    assert "Enter keeps your answer: A manager in the area I care about." in change
    assert result.stdout.count("  6) Whom will you meet?  A manager in the area I care about\n") == 2


def test_the_job_interview_path_is_quiet_and_counts_without_jumps(runner):
    result = run(runner, ["company", "2", "", "2", "1", "me", "1", "2", "1", ""])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert asked(out)[:4] == [(1, 7), (2, 4), (3, 4), (4, 4)]
    first_review = out.split("Your answers\n")[1].split("Change one?")[0]
    assert first_review == (
        "  1) Who asked for this meeting?  The company did\n"
        "  2) Have you applied for, or are you being interviewed for, a role there?  No\n"
        "  3) What do you expect to happen?  None\n"  # sentence case, as the labels are
        "  4) Whom will you meet?  A manager in the area I care about\n"
        "  3 questions not asked: after \u201cThe company did\u201d, your answers to them cannot\n"
        "  change the advice (? names them).\n"
    )
    assert "(not asked" not in out
    # one line for the three skips, printed once, not again after the change at the review
    assert out.count("Not asking") == 1
    assert ("(Not asking 3 questions: after \u201cThe company did\u201d, your answers to them cannot change the advice.)"
            in " ".join(out.split()))
    # after the change to "I did", the questions that now matter are asked (the others keep their answers),
    # and the counter of the answer being changed does not count on that answer: a new user's trial saw
    # "[1/4]" above "[3/7]"
    assert asked(out)[4:] == [(1, 7), (3, 7), (5, 7), (7, 7)]


def test_a_total_that_falls_after_back_says_why_though_those_questions_were_answered(runner):
    """Back from the review to the first question, and "The company did" there: "[1/7]" then "[2/4]",
    with the reason, as the first time through (the three questions left out were answered then)."""
    result = run(runner, INFORMATIONAL + ["back"] * 7 + ["company", "", "", "", ""])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert asked(out)[-4:] == [(1, 7), (2, 4), (3, 4), (4, 4)]
    after = " ".join(out.split("> company\n")[1].split())
    assert after.startswith("(Not asking 3 questions: after \u201cThe company did\u201d, your answers to them cannot "
                            "change the advice.) [2/4] Have you applied")
    # and a change at the review that leaves questions out says so before the shorter review
    result = run(runner, INFORMATIONAL + ["1", "company", ""])
    after = " ".join(result.stdout.split("> company\n")[1].split())
    assert after.startswith("(Not asking 3 questions: after \u201cThe company did\u201d, your answers to them cannot "
                            "change the advice.) Your answers 1) Who asked for this meeting? The company did")


@pytest.mark.parametrize("typed", ["I don't know", "i don\u2019t know", "dont know", "Don't know."],
                         ids=["straight-apostrophe", "curly-apostrophe", "no-apostrophe", "part-of-it"])
def test_the_labels_on_screen_can_be_typed(runner, typed):
    result = run(runner, ["I did", "No", "Learn about the company, Get a job there", "I will ask the questions",
                          typed, "A recruiter", "yes", ""])
    assert result.exit_code == 0, result.output
    assert "5) Is a relevant position publicly open there now?  I don't know" in result.stdout
    assert "6) Whom will you meet?  A recruiter" in result.stdout
    assert "3) What do you want out of it?  Learn about the company; Get a job there" in result.stdout


def test_typos_get_a_did_you_mean_and_3_3_counts_once(runner):
    result = run(runner, ["me", "no", "3,3", "", "no", "recuiter", "recruiter", "yes", ""])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "\u201crecuiter\u201d is not one of the answers; did you mean \u201cA recruiter\u201d?" in out
    assert "3) What do you want out of it?  Get a job there\n" in out
    assert "Each choice once" not in out


@pytest.mark.parametrize("yes", ["", "y", "yes", "Yes please", "ok", "sure", "yeah", "yep", "that's right"])
def test_own_words_confirmed_with_any_yes(runner, yes):
    words = "Honestly I hope to land a position there."
    result = run(runner, ["1", "2", words, yes, "", "1", "2", "1", ""])
    assert result.exit_code == 0, result.output
    assert 'From your words I read: Get a job there (from "land a position").' in result.stdout
    assert '3) What do you want out of it? Get a job there (from your words "land a position")' in " ".join(result.stdout.split())


@pytest.mark.parametrize("no", ["n", "no", "nope", "nah", "not really", "No, that's wrong"])
def test_own_words_rejected_with_any_no(runner, no):
    words = "Honestly I hope to land a position there."
    result = run(runner, ["1", "2", words, "maybe", no, "1", "", "1", "2", "1", ""])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Please answer yes to keep these goals, or no to pick the ones you meant." in out  # "maybe" is neither
    assert "Then pick the goals you meant: your words are then left out." in out
    assert "3) What do you want out of it?  Learn about the company\n" in out


def test_typed_words_left_out_after_no_are_said_at_the_review_and_the_verdict_until_used(runner):
    """A trial: the terminal did not say that words said to be read wrongly were left out once goals were
    picked instead (the web page does, in the same sentence: flow.LEFT_OUT)."""
    words = "Honestly I hope to land a position there."
    left_out = f"Your words \u201c{words}\u201d were left out, because you ticked your goals instead."
    # at the review "3" and Enter (the goals kept: still left out), then "3" and the words again, confirmed:
    # they are used, and no longer left out
    result = run(runner, ["1", "2", words, "no", "1", "", "1", "2", "1", "3", "", "3", words, "yes", "", ""])
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    reviews = out.split("Your answers")
    assert (f"3) What do you want out of it? Learn about the company {left_out} To use them, type 3, then type "
            "them again. 4) What do you expect") in reviews[1]
    assert left_out in reviews[2] and "left out" not in reviews[3]
    assert 'Your goals: Get a job there (from your words "land a position").' in reviews[3]  # a typed line is all
    # without the change, the verdict says it beside the goals
    result = run(runner, ["1", "2", words, "no", "1", "", "1", "2", "1", ""])
    assert f"Your goals: Learn about the company. {left_out}" in " ".join(result.stdout.split())


def test_long_words_left_out_are_cut_at_the_review_and_the_verdict_and_saved_whole(runner, tmp_path):
    """A trial: a paragraph left out was quoted whole at the review, the verdict and in the file."""
    words = ("Honestly I hope to land a position there, since I have spent eight years on hospital wards and "
             "think my clinical background would help them.")
    cut = ("Your words \u201cHonestly I hope to land a position there, since I have spent eight years on "
           "hospital wards and\u2026\u201d were left out")
    target = tmp_path / "kept.toml"
    result = run(runner, ["1", "2", words, "no", "1", "", "1", "2", "1", ""], "--save", str(target))
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    review_and_verdict = out.split("Your answers", 1)[1]  # after the words typed, and read back to confirm
    assert review_and_verdict.count(cut) == 2 and words not in review_and_verdict
    assert f"Your words \u201c{words}\u201d were left out" in target.read_text()  # whole, to be used again


def test_after_no_the_numbers_read_are_named_with_an_example_to_start_from():
    from types import SimpleNamespace as Ns

    from infoview_rules.flow import PhraseMatch
    from infoview_rules.questionnaire import numbers_read

    q = Ns(values=["learn", "fit", "job", "pitch", "remember"])
    def said(goals, declined=()):
        return numbers_read(q, Ns(goals=tuple(goals), declined=tuple(PhraseMatch(g, "r", "w") for g in declined)))

    assert said(["fit"]) == "I read 2: type the numbers you want, such as 1,2."
    assert said(["learn", "fit"]) == "I read 1 and 2: type the numbers you want, such as 1,2,3."
    # a goal the words seemed to name but were not read as is the one added in the example
    assert said(["learn"], ["job"]) == "I read 1: type the numbers you want, such as 1,3."
    assert said(q.values) == "I read 1, 2, 3, 4 and 5: type the numbers you want, such as 1,2,3,4."
    assert said(["learn"]) == "I read 1: type the numbers you want, such as 1,2."


def test_after_no_the_list_comes_back_with_the_numbers_read(runner):
    words = "I want to learn about the company and see if I would fit"
    result = run(runner, ["1", "2", words, "no", "1,2,4", "", "1", "2", "1", ""])
    assert result.exit_code == 0, result.output
    after = result.stdout.split("Is that right?")[1]
    # what becomes of the words, as the menus say it (a new user's trial: typed, it said only "Then pick from
    # the list")
    assert ("> no Then pick the goals you meant: your words are then left out. Or say it another way. "
            "1) Learn about the company" in " ".join(after.split()))
    assert "  1) Learn about the company\n" in after
    assert "I read 1 and 2: type the numbers you want, such as 1,2,3.\n" in after
    assert ("3) What do you want out of it? Learn about the company; Judge whether it would suit me; Make my case "
            "for an open role") in " ".join(result.stdout.split())


# a trial: "sort of, not exactly" got a bare "Please answer yes or no.", which did not say that
# "no" lets the person pick the goals they meant
WHAT = "yes to keep these goals, or no to pick the ones you meant."


@pytest.mark.parametrize("unclear,problem", [
    ("kind of", f"Please answer {WHAT}"), ("partly", f"Please answer {WHAT}"),
    ("sort of, not exactly", f"Please answer {WHAT}"),
    ("back", f"Please answer {WHAT}"), ("q", f"Please answer {WHAT}"), ("...", f"Please answer {WHAT}"),
    ("yes but also I want a job", f"Please answer just {WHAT}"),
    ("no, that's right", f"Please answer just {WHAT}"),
], ids=["kind-of", "partly", "sort-of-not-exactly", "back", "q", "dots", "yes-and-a-wish", "no-and-yes"])
def test_an_unclear_reply_to_is_that_right_is_asked_again(runner, unclear, problem):
    words = "Honestly I hope to land a position there."
    result = run(runner, ["1", "2", words, unclear, "no", "1", "", "1", "2", "1", ""])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.count("Is that right? (yes/no, Enter for yes, ? help)") == 1  # asked once: the reply was read
    after = out.split("Is that right?")[1].split(f"> {unclear}\n", 1)[1]
    assert after.startswith(f"{problem}\n> no\n")
    assert "Then pick the goals you meant" in after  # the "no" that followed was the answer
    assert "3) What do you want out of it?  Learn about the company\n" in out


@pytest.mark.parametrize("mark", ["?", "??", " ? ", "help"])
def test_a_question_mark_at_is_that_right_says_what_yes_and_no_do(runner, mark):
    words = "Honestly I hope to land a position there."
    result = run(runner, ["1", "2", words, mark, "", "", "1", "2", "1", ""])
    assert result.exit_code == 0, result.output
    out = result.stdout
    help_text = out.split("Is that right?")[1]
    assert ("  yes: keep these goals and go on to the next question.\n"
            "  no: back to the list, to pick your goals or say them another way.\n") in help_text
    # Enter after the help: yes, the default
    assert '3) What do you want out of it? Get a job there (from your words "land a position")' in " ".join(out.split())


def test_the_save_questions_answer_a_question_mark_and_ask_again_when_unclear(runner, tmp_path):
    taken = tmp_path / "taken.toml"
    taken.write_text("# mine\n")
    # at the review, q: "Save your answers before you go?" then the file's name, which exists
    result = run(runner, ["company", "2", "", "2", "q", "?", "maybe", "yes please", str(taken), "??", "yes, but keep it",
                          "", str(tmp_path / "other.toml")])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Save your answers before you go? (yes/no, Enter for yes, ? help)" in out
    assert "  yes: choose a file, save your answers to it, then leave.\n  no: leave without saving.\n" in out
    assert f"{taken} exists. Replace it? (yes/no, Enter for no, ? help)" in " ".join(out.split())
    assert "  no: choose another name.\n" in out
    # an unclear reply is told what each answer does, in a line
    assert "Please answer yes to choose a file and save, or no to leave without saving.\n" in out  # "maybe"
    assert "Please answer just yes to save over it, or no to choose another name.\n" in out  # "yes, but keep it"
    assert taken.read_text() == "# mine\n"  # Enter: no, the default
    assert 'classification = "job"' in (tmp_path / "other.toml").read_text()  # saved under the other name


def test_words_that_give_no_goal_get_the_honest_message_and_the_list(runner):
    result = run(runner, ["1", "2", "purple elephants", "1", "", "1", "2", "1", ""])
    assert result.exit_code == 0, result.output
    failure = result.stdout.split("[3/7]")[1].split("[4/7]")[0]
    assert "I could not tell from your words" in failure
    assert "  1) Learn about the company" in failure.split("I could not tell")[1]  # the list, right there


def test_help_on_the_first_question_counts_honestly(runner):
    result = run(runner, ["?", "q"])
    out = result.stdout
    # two findings test who asked directly (their quotes shown, so attributed); all others depend on it
    assert "2 pieces of advice depend on your answer directly; the article's words behind them:" in " ".join(out.split())
    assert "  - \u201cAn informational interview is an interview made at your request\u201d\n" in out
    assert plain_word_problems(out) == []
    assert "It also helps decide what the meeting is, which" in " ".join(out.split())
    assert "more findings" not in out
    assert "Quotes from" in out.split("Why:")[1]


def test_q_leaves_and_at_the_review_offers_to_save(runner, tmp_path):
    """Leaving with q is the person's choice, not a failed check: exit 0, saved or not."""
    result = run(runner, ["quit"])  # nothing answered: nothing to save
    assert result.exit_code == 0
    assert result.stderr == "You left before the verdict; nothing was saved.\n"
    assert "Save your answers" not in result.stdout
    result = run(runner, ["1", "quit", "no"])  # at a question, as at the review: offered
    assert result.exit_code == 0
    assert "Save your answers before you go?" in result.stdout
    assert result.stderr == "You left before the verdict; nothing was saved.\n"
    target = tmp_path / "kept.toml"
    result = run(runner, ["company", "2", "", "2", "q", "yes please", str(target)])
    assert result.exit_code == 0
    assert "Save your answers before you go?" in result.stdout
    assert " ".join(result.stderr.split()) == (f"You left before the verdict; your answers are saved to {target}. "
                                               f"To carry on: infoview ask --answers {target}")
    advise = subprocess.run([infoview(), "advise", str(target)], capture_output=True, text=True)
    assert advise.returncode == 0 and "This is a job interview" in advise.stdout
    result = run(runner, ["company", "2", "", "2", "q", "no"])
    assert result.exit_code == 0
    assert result.stderr == "You left before the verdict; nothing was saved.\n"


def test_a_file_that_cannot_be_written_is_said_and_asked_again_with_a_tilde_read_as_home(runner, tmp_path):
    """A trial: "~/Desktop/analyst chat.toml" at "Save to which file?" exited 2 with every answer lost.
    `~` is the home folder (no shell reads the line), and a file that cannot be written is said, in one
    line, and asked for again: here a missing folder, then a folder, then a file that can be written."""
    home = str(tmp_path)
    result = run(runner, ["company", "2", "", "2", "q", "yes", "~/Desktop/analyst chat.toml", "~", "~/trial.toml"],
                 env={"HOME": home})
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    assert (f"> ~/Desktop/analyst chat.toml Not saved: there is no folder {home}/Desktop. "
            "Save to which file? (Enter to leave without saving) > ~ "
            f"Not saved: {home} is a folder; name a file in it, such as {home}/my-meeting.toml. "
            "Save to which file? (Enter to leave without saving) > ~/trial.toml") in out
    assert " ".join(result.stderr.split()) == (f"You left before the verdict; your answers are saved to {home}/trial.toml. "
                                               f"To carry on: infoview ask --answers {home}/trial.toml")
    assert 'classification = "job"' in (tmp_path / "trial.toml").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["trial.toml"]


@pytest.mark.parametrize("reply", ["q", "quit", "exit", "no", "N", "no thanks", "cancel"])
def test_q_or_no_at_save_to_which_file_leaves_without_saving_and_says_so(runner, tmp_path, monkeypatch, reply):
    """A new user's trial: `q` at "Save to which file?" (to quit) saved a file named "q". A reply that means
    leaving or not saving saves nothing, and says so, at the review and after the verdict."""
    monkeypatch.chdir(tmp_path)
    result = run(runner, ["company", "2", "", "2", "q", "yes", reply])
    assert result.exit_code == 0, result.output
    assert result.stderr == "You left before the verdict; nothing was saved.\n"
    result = run(runner, ["company", "2", "", "2", "", "save", reply, ""])
    assert result.exit_code == 0, result.output
    assert f"Save to which file? (Enter for my-meeting.toml)\n> {reply}\nNothing was saved.\n" in result.stdout
    assert list(tmp_path.iterdir()) == []


def test_help_or_yes_at_save_to_which_file_is_not_a_file_name(runner, tmp_path, monkeypatch):
    """`?` at "Save to which file?" says what to type, as `?` does at every prompt, and a yes left over from
    "Save your answers before you go?" takes the file Enter would; a name such as q.toml is a name."""
    monkeypatch.chdir(tmp_path)
    result = run(runner, ["company", "2", "", "2", "q", "yes", "?", "yes"])
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    assert ("Save to which file? (Enter for my-meeting.toml) > ? Type a name for the file, such as my-meeting.toml "
            "(~ is your home folder), or q to leave without saving. "
            "Save to which file? (Enter for my-meeting.toml) > yes") in out
    assert "your answers are saved to my-meeting.toml" in result.stderr
    result = run(runner, ["company", "2", "", "2", "q", "yes", "q.toml"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["my-meeting.toml", "q.toml"]


@pytest.mark.parametrize("lines,code,said", [
    (["~/nope/x.toml", ""], 0, "You left before the verdict; nothing was saved.\n"),
    (["~/nope/x.toml"], 1, "End of input: you left before the verdict; nothing was saved.\n"),
], ids=["enter", "end-of-input"])
def test_after_a_file_that_cannot_be_written_enter_leaves_saving_nothing(runner, tmp_path, lines, code, said):
    result = run(runner, ["company", "2", "", "2", "q", "yes", *lines], env={"HOME": str(tmp_path)})
    assert result.exit_code == code, result.output
    assert result.stderr == said
    assert list(tmp_path.iterdir()) == []


def test_save_at_what_next_asks_again_and_says_nothing_was_saved_or_where_quoted_for_a_shell(runner, tmp_path):
    home = str(tmp_path)
    result = run(runner, ["company", "2", "", "2", "", "save", "~/nope/x.toml", "", "save", "~/my meeting.toml", ""],
                 env={"HOME": home})
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    assert (f"> ~/nope/x.toml Not saved: there is no folder {home}/nope. "
            "Save to which file? (Enter to go on without saving) > Nothing was saved. "
            "What next? Type how to see which of your answers led to each piece of advice, save to save your answers, "
            "or press Enter to finish. > save Save to which file? (Enter for my-meeting.toml) > ~/my meeting.toml "
            f"Saved to {home}/my meeting.toml. To see this verdict again: infoview advise '{home}/my meeting.toml'") in out
    assert 'classification = "job"' in (tmp_path / "my meeting.toml").read_text()


def test_a_file_name_typed_without_a_file_type_is_saved_as_toml_and_read_back(runner, tmp_path, monkeypatch):
    """A trial saved to "alum chat" and `advise` then refused it as an unknown file type."""
    monkeypatch.chdir(tmp_path)
    result = run(runner, ["company", "2", "", "2", "", "save", "alum chat", ""])
    assert result.exit_code == 0, result.output
    assert "Saved to alum chat.toml. To see this verdict again:\ninfoview advise 'alum chat.toml'\n" in result.stdout
    assert not (tmp_path / "alum chat").exists()
    again = runner.invoke(cli, ["advise", str(tmp_path / "alum chat.toml")])
    assert again.exit_code == 0, again.output
    assert "job interview" in again.stdout
    assert 'name = "alum chat"' in (tmp_path / "alum chat.toml").read_text()  # the name chosen, not a date
    typed = runner.invoke(cli, ["advise", "alum chat"])  # the name as chosen: told the file's whole name
    assert typed.exit_code == 2
    assert typed.stderr == "error: alum chat: no such file; did you mean 'alum chat.toml'?\n"


@pytest.mark.parametrize("leave", ["", "q"], ids=["enter-for-done", "q"])
def test_leaving_a_fresh_session_never_saved_says_the_answers_were_not_saved(runner, leave):
    result = run(runner, ["company", "2", "", "2", "", leave])
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip().endswith("Your answers were not saved.")


def test_leaving_after_saving_at_what_next_says_nothing_more(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(runner, ["company", "2", "", "2", "", "save", "mine.toml", ""])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "mine.toml").exists()
    assert "not saved" not in result.stdout
    assert result.stdout.rstrip().endswith("or press Enter to finish.\n>")


def _refused_in(locked):
    """tempfile.mkstemp refusing to make a file in `locked`, as for a user without write permission (the
    tests may run as root, whom a folder's mode does not stop)."""
    import tempfile

    make = tempfile.mkstemp

    def mkstemp(*args, dir=None, **kw):
        if dir is not None and Path(dir) == locked:
            raise PermissionError(13, "Permission denied", dir)
        return make(*args, dir=dir, **kw)

    return mkstemp


@pytest.mark.parametrize("save,problem", [
    ("nope/s.toml", "cannot save there: there is no folder {tmp}/nope"),
    ("a-file/s.toml", "cannot save there: {tmp}/a-file is a file, not a folder"),
    ("locked/s.toml", "cannot save there: you may not write in {tmp}/locked"),
    ("~/s.toml", "cannot save there: there is no folder {tmp}/~ (~ was not read as your home folder: write it "
                 "unquoted, after a space, as in --save ~/FILE)"),
], ids=["no-folder", "file-as-folder", "no-permission", "tilde-left-by-the-shell"])
def test_save_that_cannot_be_written_is_an_error_before_any_question(runner, tmp_path, monkeypatch, save, problem):
    import tempfile

    (tmp_path / "a-file").write_text("")
    (tmp_path / "locked").mkdir()
    monkeypatch.setattr(tempfile, "mkstemp", _refused_in(tmp_path / "locked"))
    monkeypatch.chdir(tmp_path)
    result = run(runner, INFORMATIONAL, "--save", save)
    assert result.exit_code == 2
    assert result.stdout == ""  # not one question asked
    assert result.stderr == f"error: {save}: {problem.format(tmp=tmp_path)}\n"


def test_the_review_takes_help(runner):
    result = run(runner, ["company", "2", "", "2", "?", "help", ""])
    assert result.exit_code == 0
    help_text = result.stdout.split("Change one?")[1]
    assert "press Enter to see the verdict" in help_text
    assert "Not asked, since \u201cThe company did\u201d settles the advice without them:" in help_text
    assert "  - Have you prepared questions to ask?" in help_text
    assert "  - Whom will you meet?" not in help_text  # asked: it picks their questions for the end


@pytest.mark.parametrize("lines", [[], ["1", "2"]], ids=["at-once", "midway"])
def test_end_of_input_saves_nothing(runner, tmp_path, lines):
    target = tmp_path / "s.toml"
    result = run(runner, lines, "--save", str(target))
    assert result.exit_code == 1
    assert result.stderr == "End of input: you left before the verdict; nothing was saved.\n"
    assert list(tmp_path.iterdir()) == []


def test_save_refuses_to_overwrite_without_force(runner, tmp_path):
    target = tmp_path / "s.toml"
    target.write_text("keep me")
    result = run(runner, ["1"], "--save", str(target))
    assert result.exit_code == 2
    assert result.stderr == f"error: {target}: already exists (use --force to overwrite it)\n"
    assert target.read_text() == "keep me"
    result = run(runner, ["company", "2", "", "2", ""], "--save", str(target), "--force", "--name", "mine")
    assert result.exit_code == 0
    assert 'name = "mine"' in target.read_text()


def test_the_saved_file_is_read_by_advise_check_and_draft(runner, tmp_path):
    target = tmp_path / "saved.toml"
    result = run(runner, INFORMATIONAL + [""], "--save", str(target))
    assert result.exit_code == 0
    assert f"Saved to {target}. To see this verdict again: infoview advise {target}" in " ".join(result.stdout.split())
    advise = runner.invoke(cli, ["advise", "--json", str(target)])
    assert advise.exit_code == 0, advise.output
    assert json.loads(advise.stdout)["classification"] == "informational"
    check = runner.invoke(cli, ["check", str(target)])
    assert check.exit_code == 0 and check.stdout == "1 scenario passed, 0 failed\n"
    draft = runner.invoke(cli, ["draft", str(target)])  # the verdict points to it, so it must read the file
    assert draft.exit_code == 0, draft.output
    assert "Dear [name]," in draft.stdout


def test_words_left_out_are_kept_in_the_saved_file_said_as_left_out_and_change_no_verdict(runner, tmp_path):
    """The saved file dropped words left out after "no" without a trace, though the review and the verdict
    say they were left out: its description says it, in the same sentence, and keeps the words; they are
    no goal_text, which would read them again as the goals the person said were wrong."""
    import tomllib

    words = 'Honestly I hope to land a "position" there.'
    target = tmp_path / "saved.toml"
    result = run(runner, ["1", "2", words, "no", "1", "", "1", "2", "1", ""], "--save", str(target))
    assert result.exit_code == 0, result.output
    scenario = tomllib.loads(target.read_text())["scenario"][0]
    assert scenario["description"] == (f"Saved by infoview ask. Your words \u201c{words}\u201d were left out, "
                                       "because you ticked your goals instead.")
    assert "goal_text" not in scenario["answers"] and scenario["answers"]["goals"] == ["learn_about_company"]
    check = runner.invoke(cli, ["check", str(target)])
    assert check.exit_code == 0 and check.stdout == "1 scenario passed, 0 failed\n"
    # at the review, q and save: the same
    kept = tmp_path / "kept.toml"
    result = run(runner, ["1", "2", words, "no", "1", "", "1", "2", "1", "q", "yes", str(kept)])
    assert result.exit_code == 0, result.output
    assert tomllib.loads(kept.read_text())["scenario"][0]["description"] == scenario["description"]


def test_words_left_out_come_back_as_left_out_with_answers_and_are_saved_again(runner, tmp_path):
    """A new user's trial: `ask --answers FILE` did not bring back the words its description says were left
    out, so the review and the verdict no longer said so, and saving again dropped them without a trace."""
    import tomllib

    words = 'Honestly I hope to land a "position" there.'
    left_out = f"Your words \u201c{words}\u201d were left out, because you ticked your goals instead."
    first, again = tmp_path / "first.toml", tmp_path / "again.toml"
    result = run(runner, ["1", "2", words, "no", "1", "", "1", "2", "1", ""], "--save", str(first))
    assert result.exit_code == 0, result.output
    result = run(runner, ["", ""], "--answers", str(first), "--save", str(again))
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    assert f"3) What do you want out of it? Learn about the company {left_out} To use them, type 3" in out  # review
    assert f"Your goals: Learn about the company. {left_out}" in out  # verdict
    assert tomllib.loads(again.read_text())["scenario"][0]["description"] == f"Saved by infoview ask. {left_out}"
    # once used, they are no longer left out (answer 3 changed to the words, confirmed)
    result = run(runner, ["3", words, "yes", "", ""], "--answers", str(first))
    assert "left out" not in result.stdout.split("Is that right?")[1]
    # nor with --no-input, saving again: the description keeps them
    result = run(runner, [], "--answers", str(first), "--no-input", "--save", str(tmp_path / "quiet.toml"))
    assert result.exit_code == 0, result.output
    assert tomllib.loads((tmp_path / "quiet.toml").read_text())["scenario"][0]["description"].endswith(left_out)


def test_q_at_a_question_offers_to_save_the_answers_so_far_and_ask_answers_goes_on_from_them(runner, tmp_path):
    """A new user's trial: `q` at a question, after a paragraph of own words, said "nothing was saved" with no
    offer, as the review makes. The answers so far are saved (no verdict yet, so none to expect), with the
    words said to be read wrongly; `--answers` goes on from the first question still to answer."""
    import tomllib

    words = "I hope to land a position there and learn how they run the newsroom"
    target = tmp_path / "so far.toml"
    result = run(runner, ["1", "2", words, "no", "q", "yes", str(target)])
    assert result.exit_code == 0, result.output
    assert " ".join(result.stderr.split()) == (f"You left before the verdict; your answers are saved to {target}. "
                                               f"To carry on: infoview ask --answers '{target}'")
    [scenario] = tomllib.loads(target.read_text())["scenario"]
    assert scenario["answers"] == {"requested_by": "me", "in_hiring_process": "no"}
    assert "expect" not in scenario  # no verdict yet
    assert scenario["description"] == ("Saved by infoview ask before the verdict, with questions still to answer. "
                                       f"Your words \u201c{words}\u201d are not used yet: you left before choosing "
                                       "your goals.")
    advise = runner.invoke(cli, ["advise", str(target)], prog_name="infoview")
    assert advise.exit_code == 2
    assert advise.stderr == (f"error: {target}: saved before the verdict, with questions still to answer; "
                             f"to carry on: infoview ask --answers '{target}'\n")
    check = runner.invoke(cli, ["check", str(target)])
    assert check.exit_code == 2 and "needs an 'expect' table" in check.stderr  # not a test case yet
    result = run(runner, ["1", "1", "2", "2", "1", ""], "--answers", str(target))
    assert result.exit_code == 0, result.output
    assert asked(result.stdout) == [(3, 7), (4, 7), (5, 7), (6, 7), (7, 7)]
    assert "This is an informational interview" in result.stdout
    out = " ".join(result.stdout.split())
    # the words are said at their question, to type again; once goals are picked, left out (said at the review)
    assert (f"Your words \u201c{words}\u201d are not used yet: you left before choosing your goals. To use them, "
            "type them again. ? why this question") in out
    assert f"Your words \u201c{words}\u201d were left out, because you ticked your goals instead." in out


def test_leaving_after_a_change_to_saved_answers_offers_to_save_them_to_their_file(runner, tmp_path):
    """A new user's trial: after `ask --answers FILE` and a change, Enter ("Done") at "What next?" left
    without a word, and the change was lost. Leaving (Enter, or q, which did nothing in the menus) now
    says so and offers to save, to FILE by default (no "Replace it?": it is where they came from)."""
    import tomllib

    target = tmp_path / "mine.toml"
    assert run(runner, INFORMATIONAL + [""], "--save", str(target)).exit_code == 0
    first = target.read_text()

    def prepared():
        return tomllib.loads(target.read_text())["scenario"][0]["answers"]["prepared_questions"]

    result = run(runner, ["7", "2", "", "", "no"], "--answers", str(target))  # 7) prepared: now no; Enter: done
    assert result.exit_code == 0, result.output
    assert (f"or press Enter to finish. > Your changes are not in {target} yet. Save your answers before you go? "
            f"(yes/no, Enter for yes, ? help) > no Nothing was saved; {target} keeps your earlier answers."
            ) in " ".join(result.stdout.split())
    assert target.read_text() == first
    result = run(runner, ["7", "2", "", "q", "yes", ""], "--answers", str(target))  # q leaves, as Enter does
    assert result.exit_code == 0, result.output
    assert (f"Save to which file? (Enter for {target}) > Saved to {target}. To see this verdict again: "
            f"infoview advise {target}") in " ".join(result.stdout.split())
    assert prepared() == "no" and "Replace it?" not in result.stdout
    # nothing changed since: nothing to offer, at "What next?" or at the review
    result = run(runner, ["", ""], "--answers", str(target))
    assert result.exit_code == 0 and "Save your answers" not in result.stdout
    result = run(runner, ["q"], "--answers", str(target))
    assert result.exit_code == 0 and "Save your answers" not in result.stdout
    # said first: where the answers come from (a trial: on from question 4 without a word of the first three)
    assert " ".join(result.stderr.split()) == (f"Carrying on from {target}, with the 7 answers it holds (go back "
                                               "to see or change them). "
                                               f"You left before the verdict; your answers are as saved in {target}. "
                                               f"To carry on: infoview ask --answers {target}")
    # a fresh session's answers are offered with Done beside them: q leaves as Done does
    result = run(runner, ["company", "2", "", "2", "", "q"])
    assert result.exit_code == 0 and "Save your answers" not in result.stdout


def test_the_saved_file_speaks_to_people_not_in_ids(runner, tmp_path, advisor):
    import datetime
    import tomllib

    target = tmp_path / "my-meeting.toml"  # the default file's name says nothing: a dated name instead
    assert run(runner, INFORMATIONAL + [""], "--save", str(target)).exit_code == 0
    text = target.read_text()
    name = tomllib.loads(text)["scenario"][0]["name"]
    assert name == f"My meeting, saved {datetime.date.today().isoformat()}"
    assert not any(c.id in name for c in advisor.rules.classifications)  # no "informational"/"job_pitch" ids
    lines = text.splitlines()
    above = lines[lines.index("[scenario.expect]") - 1]
    assert above.startswith("# ") and "career adviser" in above and "test case" in above
    assert text.count("\n#") == 1  # one comment line, and the file is still TOML every command reads (above)


def test_resuming_and_saving_again_keeps_the_name(runner, tmp_path):
    first = tmp_path / "first.toml"
    assert run(runner, INFORMATIONAL + [""], "--save", str(first), "--name", "coffee with Ana").exit_code == 0
    again = tmp_path / "again.toml"
    result = run(runner, ["6", "3", "", ""], "--answers", str(first), "--save", str(again))
    assert result.exit_code == 0, result.output
    assert asked(result.stdout) == [(6, 7)]  # everything answered: straight to the review
    assert 'name = "coffee with Ana"' in again.read_text()
    assert 'meeting_with = "recruiter"' in again.read_text()


SEVERAL = '''
[[scenario]]
name = "first"
answers = { requested_by = "company" }
expect = { classification = "job" }

[[scenario]]
name = "second"
answers = { requested_by = "me", in_hiring_process = "yes" }
expect = { classification = "job" }
'''


def test_a_file_of_several_scenarios_is_never_silently_the_first(runner, tmp_path):
    path = tmp_path / "several.toml"
    path.write_text(SEVERAL)
    result = run(runner, [""], "--answers", str(path))
    assert result.exit_code == 2
    assert result.stderr == (f"error: {path}: holds 2 scenarios ('first', 'second'); say which with --scenario NAME, "
                             f"or replay them all with `infoview check {path}`\n")
    result = run(runner, ["", "2", ""], "--answers", str(path), "--scenario", "second")
    assert result.exit_code == 0, result.output
    assert "1) Who asked for this meeting?  I did" in result.stdout
    result = run(runner, [""], "--answers", str(path), "--scenario", "secnd")
    assert result.exit_code == 2 and "did you mean 'second'?" in result.stderr
    advise = runner.invoke(cli, ["advise", str(path)])
    assert advise.exit_code == 2 and "holds 2 scenarios" in advise.stderr and "infoview check" in advise.stderr
    advise = runner.invoke(cli, ["advise", "--scenario", "first", str(path)])
    assert advise.exit_code == 2 and "missing required field 'in_hiring_process'" in advise.stderr
    advise = runner.invoke(cli, ["advise", "--scenario", "first", "--jsonl", str(path)])
    assert advise.exit_code == 2 and "--scenario picks one scenario of a file" in advise.stderr


def test_bad_start_file(runner, tmp_path):
    start = tmp_path / "start.toml"
    start.write_text('requested_by = "someone"\n')
    result = run(runner, [], "--answers", str(start))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {start}: field 'requested_by': unknown value 'someone'")


# -- options instead of questions ----------------------------------------------------

FLAGS = ["--requested-by", "me", "--in-hiring-process", "no", "--goal", "learn_about_company",
         "--goal", "get_job", "--expectation", "ask_questions", "--job-open", "no",
         "--meeting-with", "manager", "--prepared-questions", "yes"]


def test_flags_only_with_no_input(runner):
    result = runner.invoke(cli, prog_name="infoview", args=["ask", *FLAGS, "--no-input", "--explain"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("What to do\n  1. ")  # the report opens with the plan
    assert "What this meeting is\n  This is an informational interview" in result.stdout
    assert "Does not fit: One of your goals is a job" in result.stdout and "[job-goal]" in result.stdout
    assert "> " not in result.stdout and "Your answers" not in result.stdout


def test_no_input_names_every_missing_answer(runner):
    result = runner.invoke(cli, prog_name="infoview", args=["ask", "--requested-by", "me", "--no-input"])
    assert result.exit_code == 2
    assert result.stderr == (
        "error: --no-input: no answer for --in-hiring-process (Have you applied for, or are you being "
        "interviewed for, a role there?), --job-open (Is a relevant position publicly open there now?), "
        "--meeting-with (Whom will you meet?), --prepared-questions (Have you prepared questions to ask?) "
        "(see 'infoview ask --help')\n")
    # a job interview: what picks its advice is missing; questions that cannot matter are not
    result = runner.invoke(cli, prog_name="infoview", args=["ask", "--requested-by", "company", "--no-input"])
    assert result.exit_code == 2
    assert result.stderr == (
        "error: --no-input: no answer for --in-hiring-process (Have you applied for, or are you being "
        "interviewed for, a role there?), --meeting-with (Whom will you meet?) (see 'infoview ask --help')\n")
    result = runner.invoke(cli, prog_name="infoview", args=[
        "ask", "--requested-by", "company", "--in-hiring-process", "no", "--meeting-with", "hr", "--no-input"])
    assert result.exit_code == 0 and "This is a job interview" in result.stdout


def test_goal_text_as_an_option(runner):
    flags = [f for f in FLAGS if f not in ("--goal", "learn_about_company", "get_job")]
    result = runner.invoke(cli, prog_name="infoview", args=["ask", *flags, "--goal-text", "I want to see whether I would fit in", "--no-input"])
    assert result.exit_code == 0, result.output
    assert 'Your goals: Judge whether it would suit me (from your words "' in result.stdout
    # how to correct a wrong reading where there is no list to tick
    assert ("if one is wrong, name your goals with --goal instead of --goal-text." in " ".join(result.stdout.split()))
    assert "tick" not in result.stdout


UNREADABLE = ["--requested-by", "me", "--in-hiring-process", "no", "--goal-text", "Coffee on Tuesday",
              "--job-open", "no", "--meeting-with", "manager", "--prepared-questions", "yes"]


@pytest.mark.parametrize("goals", [[], ["judge_fit"]], ids=["no-goal-given", "a-goal-given"])
def test_no_input_says_in_the_report_when_no_goal_can_be_read_as_advise_does(runner, tmp_path, goals):
    """A trial: the note went to stderr only, said "Pick your goals from the list instead" though
    --no-input shows no list, and was missing from the report, where `advise` has it."""
    given = [arg for goal in goals for arg in ("--goal", goal)]
    saved = tmp_path / "m.toml"
    result = runner.invoke(cli, ["ask", *UNREADABLE, *given, "--no-input", "--save", str(saved)])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    report = result.stdout.split("\n\nSaved to")[0]
    said = " ".join(report.split())
    assert "I could not tell from your words what you want from this meeting. You wrote: \u201cCoffee on Tuesday\u201d." in said
    assert "from the list" not in said
    if goals:
        assert "The advice rests on the goals you gave with --goal." in said
    else:
        assert ("Name your goals with --goal instead, once per goal (learn_about_company, judge_fit, get_job, "
                "pitch_for_open_role, be_remembered), or put them another way in --goal-text.") in said
    # the words are kept in the saved answers; advise of them gives the same report but for that note's last words
    assert 'goal_text = "Coffee on Tuesday"' in saved.read_text(encoding="utf-8")
    advised = runner.invoke(cli, ["advise", str(saved)])
    assert advised.exit_code == 0, advised.output
    ask_lines, advise_lines = report.rstrip("\n").splitlines(), advised.stdout.rstrip("\n").splitlines()
    note_at = next(n for n, line in enumerate(ask_lines) if "I could not tell" in line)
    assert ask_lines[:note_at] == advise_lines[:note_at]
    ask_after = ask_lines[next(n for n in range(note_at, len(ask_lines)) if not ask_lines[n].startswith("  ")):]
    advise_after = advise_lines[next(n for n in range(note_at, len(advise_lines)) if not advise_lines[n].startswith("  ")):]
    assert ask_after == advise_after and len(ask_after) > 20


PITCH = ["--requested-by", "me", "--in-hiring-process", "no", "--job-open", "yes", "--meeting-with", "manager",
         "--prepared-questions", "yes", "--goal-text",
         "I want to put myself forward for their Graduate Engineer vacancy and ask about the assessment centre."]


def test_no_input_says_which_words_were_not_counted_and_the_option_that_adds_the_goal(runner):
    """--no-input has no confirm step, where `ask` says it: the report says it, the fix an option."""
    result = runner.invoke(cli, prog_name="infoview", args=["ask", *PITCH, "--no-input"])
    assert result.exit_code == 0, result.output
    said = " ".join(result.stdout.split())
    assert ("\u201cask about the assessment centre\u201d sounded like \u201cLearn about the company\u201d, but I did not "
            "count it as one of your goals; if you meant it, add --goal learn_about_company.") in said
    result = runner.invoke(cli, prog_name="infoview", args=["ask", *PITCH, "--goal", "learn_about_company", "--no-input"])
    assert result.exit_code == 0, result.output
    assert "sounded like" not in result.stdout
    assert "Your goals: Learn about the company; Make my case for an open role" in " ".join(result.stdout.split())


@pytest.mark.parametrize("args,message", [
    (["--requested-by", "mee"], "error: Invalid value for '--requested-by': unknown value 'mee' (allowed: me, company); did you mean 'me'?"),
    (["--goal", "get_jobs"], "error: Invalid value for '--goal': unknown value 'get_jobs'"),
    (["--goal-text", "x" * 2001], "error: Invalid value for '--goal-text': too long (2001 characters; at most 2000)"),
], ids=["choice", "multi", "text"])
def test_bad_option_values(runner, args, message):
    result = runner.invoke(cli, prog_name="infoview", args=["ask", *args, "--no-input"])
    assert result.exit_code == 2
    assert result.stderr.startswith(message)


def test_answers_given_as_options_are_not_asked(runner):
    result = run(runner, ["", "1", "2", "1", ""], "--requested-by", "me", "--in-hiring-process", "no",
                 "--goal", "judge_fit")
    assert result.exit_code == 0, result.output
    assert [n for n, _ in asked(result.stdout)] == [4, 5, 6, 7]


def test_the_help_lists_an_option_per_question(runner):
    result = runner.invoke(cli, prog_name="infoview", args=["ask", "--help"])
    assert result.exit_code == 0
    for option in ("--requested-by VALUE", "--in-hiring-process VALUE", "--goal VALUE", "--goal-text TEXT",
                   "--expectation VALUE", "--job-open VALUE", "--meeting-with VALUE", "--prepared-questions VALUE",
                   "--no-input", "--plain"):
        assert option in result.stdout
    assert "Examples:" in result.stdout


# -- layout --------------------------------------------------------------------------

@pytest.mark.parametrize("columns", [40, 80, 200])
def test_everything_wraps_to_the_terminal_width(runner, columns):
    result = run(runner, ["?"] + INFORMATIONAL + ["?", "", "how", ""], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    lines = result.stdout.replace("> ", "").splitlines()
    limit = min(columns - 1, 100)
    too_long = [line for line in lines if len(line) > limit and "http" not in line]
    assert too_long == []
    if columns == 200:  # the report no longer stops at 78
        assert max(len(line) for line in lines) > 80
    # no word is broken in the middle: every word on screen is one a sentence has
    assert "informati-" not in result.stdout and "\ninterview:" not in result.stdout.replace("  ", "")


# -- real pipes ------------------------------------------------------------------------

def test_a_piped_session():
    proc = subprocess.run([infoview(), "ask"], input="\n".join(INFORMATIONAL + ["", ""]) + "\n",
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "[7/7] Have you prepared questions to ask?" in proc.stdout
    assert "This is an informational interview" in proc.stdout
    assert proc.stderr == "" and "\x1b[" not in proc.stdout
    # step 1 is shown again above "What next?" only on a screen: piped, the verdict is as `advise` gives it
    assert "What to do first" not in proc.stdout


def test_a_flags_only_session_with_no_input(tmp_path):
    saved = tmp_path / "m.toml"
    proc = subprocess.run([infoview(), "ask", *FLAGS, "--no-input", "--save", str(saved)],
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    assert "This is an informational interview" in proc.stdout
    again = subprocess.run([infoview(), "advise", "--json", str(saved)], capture_output=True, text=True)
    assert again.returncode == 0 and json.loads(again.stdout)["classification"] == "informational"


def test_help_at_the_goals_question_says_what_to_type_as_own_words(runner):
    result = run(runner, ["1", "no", "?", "q"])
    out = " ".join(result.stdout.split())
    help_text = out.split("Why: Pick every goal")[1]
    assert "Type what you want out of this meeting, in a sentence or two" in help_text
    assert "It helps to give examples of what you hope to learn or to get" in help_text
    assert "Phrases in it are read as goals" in help_text  # the rules' own help for the words
    assert "You can pick from the list instead: numbers like 1,3, or the answers as shown." in help_text
    assert plain_word_problems(help_text) == []


def test_the_verdict_points_to_the_draft_in_the_menu_and_the_menu_shows_it(runner):
    """A job seeker is not sent to a command: the verdict names the menu's choice, and typing
    draft there shows the message asking for the meeting, at the terminal's width."""
    result = run(runner, INFORMATIONAL + ["", "draft", ""], env={"COLUMNS": "40"})
    assert result.exit_code == 0, result.output
    verdict, after = result.stdout.split("\nWhat next? Type", 1)
    assert "infoview draft" not in result.stdout
    assert "type draft at \u201cWhat next?\u201d below" in " ".join(verdict.split())
    assert "how to see which of your answers led to each piece of advice, draft to see a draft" in " ".join(after.split())
    draft = after.split("Draft message (edit it, then send it", 1)[1]
    assert "Dear [name]," in draft and "Before you send it:" in draft
    assert max(len(line) for line in draft.splitlines()) <= 39


def test_no_draft_no_pointer_and_no_draft_choice(runner):
    """A job interview has no request to write: neither the verdict nor the menu mentions a draft,
    and typing draft anyway just finishes."""
    result = run(runner, ["company", "2", "", "2", "", "draft"])
    assert result.exit_code == 0, result.output
    assert "draft" not in result.stdout.lower().replace("> draft", "")  # but the typed line, echoed
    assert "Draft message" not in result.stdout


def test_options_only_keep_the_command_pointer(runner, tmp_path):
    """--no-input has no menu: the verdict still names the command, as `advise` does."""
    result = runner.invoke(cli, ["ask", "--requested-by", "me", "--in-hiring-process", "no", "--goal",
                                 "learn_about_company", "--job-open", "no", "--meeting-with", "manager",
                                 "--prepared-questions", "yes", "--no-input"])
    assert result.exit_code == 0, result.output
    assert "`infoview draft` with the same answers" in " ".join(result.stdout.split())


def test_a_skip_has_one_reason_during_the_questions_and_at_the_review(runner):
    """The trial's case: "The company did", then "Yes" to the hiring process."""
    result = run(runner, ["company", "yes", "", "2", "", ""])
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    assert "(Not asking 3 questions: after \u201cThe company did\u201d, your answers to them cannot change the advice.)" in out
    assert "3 questions not asked: after \u201cThe company did\u201d, your answers to them cannot change the advice (? names them)." in " ".join(out.split())
    assert "Yes\u201d settles" not in out


def test_a_question_mark_before_own_words_is_not_part_of_them(runner):
    """Typed (pipes, --plain): "? I want to learn..." asks for nothing and is read without the "?"."""
    result = run(runner, ["1", "no", "? I want to learn how the company works", "yes", "1", "2", "2", "1", "", ""])
    assert result.exit_code == 0, result.output
    assert 'Learn about the company (from your words "learn how the company works")' in " ".join(result.stdout.split())
    assert '"?' not in result.stdout


def test_the_leaving_message_wraps_words_whole(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    target = "kept.toml"
    result = run(runner, ["company", "2", "", "2", "q", "yes", target], env={"COLUMNS": "40"})
    assert result.exit_code == 0
    # the command to carry on is one line, to copy (a trial: a break after "ask" ran a fresh ask)
    assert result.stderr.splitlines() == ["You left before the verdict; your",
                                          f"answers are saved to {target}. To",
                                          "carry on:",
                                          f"infoview ask --answers {target}"]


@pytest.mark.parametrize("steps,pointer", [(1, "for its source"), (2, "for both steps"), (3, "for all 3 steps")])
def test_step_one_again_names_the_rest_of_what_to_do(steps, pointer):
    """What `ask` shows above "What next?" on a screen (tested there in test_ask_terminal.py)."""
    from types import SimpleNamespace

    from infoview_rules.ask_command import first_step
    from infoview_rules.report import Item

    plan = [Item(f"step-{n}", f"Step {n} in words long enough to wrap at forty columns.", "infoview",
                 because="you said so") for n in range(1, 4)]
    shown = first_step(SimpleNamespace(plan=plan[:steps]), 40, color=False)
    assert shown.split("\n")[:2] == ["What to do first (scroll up to \u201cWhat to", f"do\u201d {pointer}):"]
    assert shown.split("\n")[2:] == [
        "  1. Step 1 in words long enough to wrap",
        "     at forty columns.",
        "     You said so.",  # its reason, as the verdict gives it
    ]
    plan[0].because = ""
    assert first_step(SimpleNamespace(plan=plan[:1]), 40, color=False).split("\n")[-1] == "     at forty columns."
    assert first_step(SimpleNamespace(plan=[]), 40, color=False) == ""
