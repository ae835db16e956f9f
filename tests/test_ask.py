"""`infoview ask`: scripted sessions, the skip property, save and replay, a real terminal."""

import os
import re
import sys
from pathlib import Path

import pexpect
import pytest
from hypothesis import given, strategies as st

from infoview_rules import Advisor
from infoview_rules.cli import cli
from infoview_rules.questionnaire import Questionnaire
from infoview_rules.scenarios import compare, load_scenarios
from strategies import full_answers

ADVISOR = Advisor()
QUESTION = re.compile(r"^\[(\d)/7\] ", re.M)


def asked(output):
    return [int(n) for n in QUESTION.findall(output)]


def run(runner, lines, *args):
    return runner.invoke(cli, ["ask", *args], input="".join(l + "\n" for l in lines))


def test_a_whole_session_with_help_back_review_and_verdict(runner, tmp_path):
    lines = ["1", "no", "?", "1,3", "1", "2", "3", "back", "2", "yes", "6", "3", "", "how"]
    result = run(runner, lines)
    assert result.exit_code == 0
    out = result.stdout
    # every question asked once, question 6 again after `back`, and again from the review
    assert asked(out) == [1, 2, 3, 4, 5, 6, 7, 6, 7, 6]
    assert "Why: Pick every goal that is true for you" in out
    assert "  - job-goal (mismatch): \u201cIt is your chance to judge the suitability" in out
    review = out.split("Your answers\n")[1]
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
    assert "MISMATCH  job-goal" in verdict and "CAUTION  meets-recruiter" in verdict  # 6 changed to recruiter
    assert "\u201cIt is your chance to judge the suitability of a company outside the" in verdict
    assert "Quotes from Trevor Wilson" in verdict
    assert "  meets-recruiter: because meeting_with = recruiter" in out.split("What made each finding fire")[1]
    assert "\x1b[" not in out


def test_questions_that_cannot_matter_are_skipped(runner):
    result = run(runner, ["company", "2", "", ""])
    assert result.exit_code == 0
    assert asked(result.stdout) == [1, 4]
    for text in ("Have you applied for", "What do you want out of it?", "Is a relevant position",
                 "Whom will you meet?", "Have you prepared questions"):
        assert f"(Not asking \u201c{text}" in result.stdout
    assert "This is a job interview" in result.stdout


def test_invalid_answers_are_explained_and_asked_again(runner):
    result = run(runner, ["7", "me", "maybe", "n", "1,1", "1,9x", "1", "", "2", "2", "1", ""])
    assert result.exit_code == 0
    out = result.stdout
    assert "Please pick one of 1-2 (or me, company); ? explains the question." in out
    assert "Please pick one of 1-2 (or yes, no); ? explains the question." in out
    assert "Each choice once, please." in out
    assert "I could not read a goal in that. Pick numbers, or say it another way." in out
    assert asked(out) == [1, 2, 3, 4, 5, 6, 7]


def test_own_words_are_read_and_confirmed(runner):
    words = "Honestly I hope to land a position there."
    lines = ["1", "2", words, "n", words, "y", "", "1", "2", "1", ""]
    out = run(runner, lines).stdout
    assert 'From your words I read: Get a job there (from "land a position").' in out
    assert "Then pick numbers, or say it another way." in out  # the first reading was refused
    assert '3) What do you want out of it?  Get a job there (from your words: "Honestly I hope to land a position there.")' in out
    assert "This is an informational request whose only aim is a job" in out


def test_back_on_the_first_question(runner):
    out = run(runner, ["back", "1", "1"] + [""] * 3).stdout
    assert "This is the first question; there is nothing to go back to." in out


@pytest.mark.parametrize("lines,code,message", [
    ([], 1, "end of input: you left before the verdict; nothing was saved\n"),
    (["1", "2"], 1, "end of input: you left before the verdict; nothing was saved\n"),
], ids=["at-once", "midway"])
def test_leaving_saves_nothing(runner, tmp_path, lines, code, message):
    target = tmp_path / "s.toml"
    result = run(runner, lines, "--save", str(target))
    assert result.exit_code == code
    assert result.stderr == message
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_save_refuses_to_overwrite_without_force(runner, tmp_path):
    target = tmp_path / "s.toml"
    target.write_text("keep me")
    result = run(runner, ["1"], "--save", str(target))
    assert result.exit_code == 2
    assert result.stderr == f"error: {target}: already exists (use --force to overwrite it)\n"
    assert target.read_text() == "keep me"
    result = run(runner, ["company", "", "", ""], "--save", str(target), "--force", "--name", "mine")
    assert result.exit_code == 0
    assert 'name = "mine"' in target.read_text()


def test_start_from_saved_answers_and_check_the_saved_file(runner, tmp_path):
    start = tmp_path / "start.toml"
    start.write_text('requested_by = "me"\nin_hiring_process = false\ngoals = ["judge_fit"]\n')
    target = tmp_path / "saved.toml"
    result = run(runner, ["1", "3", "4", "2", "", ""], "--answers", str(start), "--save", str(target))
    assert result.exit_code == 0
    assert asked(result.stdout) == [4, 5, 6, 7]
    check = runner.invoke(cli, ["check", str(target)])
    assert check.exit_code == 0 and check.stdout == "1 passed, 0 failed\n"
    # a saved scenario is itself a valid start
    again = run(runner, ["", ""], "--answers", str(target))
    assert asked(again.stdout) == [] and again.exit_code == 0


def test_bad_start_file(runner, tmp_path):
    start = tmp_path / "start.toml"
    start.write_text('requested_by = "someone"\n')
    result = run(runner, [], "--answers", str(start))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {start}: field 'requested_by': unknown value 'someone'")


def questionnaire_for(answers):
    """A questionnaire answering each question it asks from `answers`."""
    replies = []

    def read():
        return replies.pop(0) if replies else ""

    q = Questionnaire(ADVISOR, read, lambda *a, **k: None)
    original_ask = q.ask

    def ask(question):
        value = answers[question.field]
        replies.append(",".join(value) if isinstance(value, list) else value)
        return original_ask(question)

    q.ask = ask
    return q


def outcome(answers):
    """What a skipped question must not change: the classification and the findings."""
    advice = ADVISOR.advise(answers)
    return advice.classification, advice.aligned, advice.finding_ids()


@given(full_answers(), st.data())
def test_skipped_questions_cannot_change_the_result(answers, data):
    q = questionnaire_for(answers)
    complete = q.run()
    baseline = outcome(complete)
    assert q.skipped == [f for f in complete if f not in q.answers and f != "goal_text"]
    for field in q.skipped:
        question = next(x for x in ADVISOR.rules.questions if x.field == field)
        options = ([list(v) for v in data.draw(st.lists(st.lists(st.sampled_from(question.values), unique=True), min_size=1, max_size=4))]
                   if question.type == "multi" else list(question.values))
        for value in options:
            assert outcome(dict(complete, **{field: value})) == baseline, (field, value)
    # and all the skipped ones changed together
    changed = dict(complete)
    for field in q.skipped:
        question = next(x for x in ADVISOR.rules.questions if x.field == field)
        changed[field] = data.draw(st.lists(st.sampled_from(question.values), unique=True)) if question.type == "multi" \
            else data.draw(st.sampled_from(question.values))
    assert outcome(changed) == baseline
    # where nothing was skipped, the questionnaire asked about every field
    if not q.skipped:
        assert set(q.answers) >= {x.field for x in q.questions}


@given(full_answers())
def test_a_saved_session_replays_to_the_same_verdict(answers):
    from infoview_rules.scenarios import scenario_toml

    q = questionnaire_for(answers)
    complete = q.run()
    advice = ADVISOR.advise(complete)
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "saved.toml"
        path.write_text(scenario_toml(complete, advice, "replay"))
        [scenario] = load_scenarios(path, ADVISOR.rules)
        replay = ADVISOR.advise(scenario.answers)
        assert compare(scenario, replay) == []
        assert replay.to_json() == advice.to_json()


def _infoview():
    return str(Path(sys.executable).with_name("infoview"))


def test_a_real_terminal_session(tmp_path):
    saved = tmp_path / "session.toml"
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env.update(TERM="xterm", COLUMNS="100")
    child = pexpect.spawn(_infoview(), ["ask", "--save", str(saved)], env=env, encoding="utf-8", timeout=20, cwd=str(tmp_path))
    child.expect(r"Who asked for this meeting\?")
    child.expect("> ")
    child.sendline("1")
    child.expect(r"Have you applied")
    child.expect("> ")
    child.sendline("?")
    child.expect("Why: Once you are in their hiring process")
    child.expect("> ")
    child.sendline("back")
    child.expect(r"Who asked for this meeting\?")
    child.expect("> ")
    child.sendline("me")
    child.expect("> ")
    child.sendline("no")
    child.expect(r"What do you want out of it\?")
    child.expect("> ")
    child.sendline("I want to learn about the company and see whether I'd be a good fit.")
    child.expect(r"Is that right\? \[Y/n\]")
    child.sendline("")
    for reply in ("1", "2", "2", "1"):
        child.expect("> ")
        child.sendline(reply)
    child.expect("Change one\\?")
    child.sendline("")
    child.expect("What this meeting is")
    child.expect("Saved to")
    child.expect("> ")
    child.sendline("how")
    child.expect("What made each finding fire")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    result = pexpect.run(f"{_infoview()} check {saved}", encoding="utf-8", withexitstatus=True)
    assert result == ("1 passed, 0 failed\r\n", 0)


def _session(env, replies):
    import pexpect

    import io

    child = pexpect.spawn(_infoview(), ["ask"], env=env, encoding="utf-8", timeout=20)
    child.logfile_read = transcript = io.StringIO()
    for reply in replies:
        child.expect("> ")
        child.sendline(reply)
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus, transcript.getvalue()


def test_colour_only_on_a_terminal_and_never_under_no_color():
    base = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    replies = ["company", "", "", ""]  # who asked, expectations, review, how
    code, coloured = _session(dict(base, TERM="xterm"), replies)
    assert code == 0 and "\x1b[1m" in coloured and "This is a job interview" in coloured
    code, plain = _session(dict(base, TERM="xterm", NO_COLOR="1"), replies)
    assert code == 0 and "\x1b[" not in plain and "This is a job interview" in plain


def test_ctrl_c_at_a_prompt_leaves_cleanly(tmp_path):
    saved = tmp_path / "s.toml"
    child = pexpect.spawn(_infoview(), ["ask", "--save", str(saved)], encoding="utf-8", timeout=20)
    child.expect("> ")
    child.sendline("1")
    child.expect("> ")
    child.sendintr()
    child.expect("interrupted: nothing was saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in child.before
    assert not saved.exists() and list(tmp_path.iterdir()) == []


def test_ctrl_c_after_saving_says_the_session_was_saved(tmp_path):
    saved = tmp_path / "s.toml"
    child = pexpect.spawn(_infoview(), ["ask", "--save", str(saved)], encoding="utf-8", timeout=20)
    for reply in ("company", "", ""):  # who asked, expectations, review
        child.expect("> ")
        child.sendline(reply)
    child.expect("Type how")
    child.expect("> ")
    child.sendintr()
    child.expect(f"interrupted: the session was saved to {saved}")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert 'classification = "job"' in saved.read_text()
