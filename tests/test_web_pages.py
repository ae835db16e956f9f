"""The questionnaire pages over HTTP (no browser): state in the page, escaping, download and upload."""

import html
import re

import pytest

from starlette.testclient import TestClient  # noqa: E402

from infoview_rules.cli import cli  # noqa: E402
from infoview_rules.web.app import create_app  # noqa: E402


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(), raise_server_exceptions=False) as c:
        yield c


def state_of(response):
    found = re.search(r'name="state" value="([^"]*)"', response.text)
    return html.unescape(found.group(1)) if found else None


def legend(response):
    found = re.search(r'<h1 class="text">(.*?)</h1>', response.text)
    return html.unescape(found.group(1)) if found else None


class Visit:
    """One person's way through the forms, carrying the hidden state as a browser would."""

    def __init__(self, client):
        self.client = client
        self.page = client.post("/step", data={"action": "start"})

    def post(self, path="/step", **data):
        data.setdefault("state", state_of(self.page))
        self.page = self.client.post(path, data=data)
        return self.page

    def answer(self, field, *values, own_words=None, action="answer", rejected_words=None):
        data = {"action": action, "field": field, "value": list(values)}
        if own_words is not None:
            data["own_words"] = own_words
        if rejected_words is not None:
            data["rejected_words"] = rejected_words
        return self.post(**data)


TEXTBOOK = [("requested_by", "me"), ("in_hiring_process", "no"), ("goals", "learn_about_company"),
            ("expectations", "ask_questions"), ("job_open", "no"), ("meeting_with", "manager"),
            ("prepared_questions", "yes")]


def test_a_textbook_informational_interview_over_plain_forms(client):
    visit = Visit(client)
    for field, value in TEXTBOOK:
        assert visit.page.status_code == 200
        visit.answer(field, value)
    assert "Check your answers" in visit.page.text
    verdict = visit.post(action="verdict")
    assert '<h2 id="plan-heading">What to do</h2>' in verdict.text
    assert "This is an informational interview" in verdict.text


def test_company_arranged_meeting_skips_questions_and_says_why(client):
    visit = Visit(client)
    visit.answer("requested_by", "company")
    assert "Not asking" in visit.page.text
    asked = []
    while "Check your answers" not in visit.page.text:
        question = legend(visit.page)
        asked.append(question)
        field = re.search(r'name="field" value="([^"]+)"', visit.page.text).group(1)
        visit.answer(field, {"expectations": "ask_questions", "in_hiring_process": "no", "meeting_with": "hr"}[field])
    assert "What do you want out of it?" not in asked
    # the hiring process and whom they meet pick the questions to ask at the end of a job interview
    assert asked == ["Have you applied for, or are you being interviewed for, a role there?",
                     "What do you expect to happen?", "Whom will you meet?"]
    review = visit.page.text
    assert ("Not asked: “What do you want out of it?”, “Is a relevant position publicly open there now?”, "
            "“Have you prepared questions to ask?”, since you said: The company did.") in review


def test_a_skip_is_noted_once_on_the_question_after_the_answer_that_caused_it(client):
    """A trial: "Not asking ...: ... since you said: The company did." came back on every later
    question. It is said on the question right after that answer, then in the review, not between."""
    visit = Visit(client)
    visit.answer("requested_by", "company")
    assert visit.page.status_code == 200
    notes = [visit.page.text.count("Not asking")]
    while "Check your answers" not in visit.page.text:
        field = re.search(r'name="field" value="([^"]+)"', visit.page.text).group(1)
        visit.answer(field, {"expectations": "ask_questions", "in_hiring_process": "no", "meeting_with": "hr"}[field])
        assert visit.page.status_code == 200
        notes.append(visit.page.text.count("Not asking"))
    assert notes == [1, 0, 0, 0]  # question 2 (right after "The company did"), 3, 4, the review
    assert visit.page.text.count("Not asked:") == 1  # the review lists it
    change = visit.post(action="change:in_hiring_process")  # a change made at the review notes nothing
    assert change.status_code == 200 and "Not asking" not in change.text


def test_after_back_a_count_that_falls_says_why_though_those_questions_were_answered(client):
    """Every answer given, Back to the first question, and "The company did" there: "Question 2 of 4" after
    "Question 1 of 7", with the reason, though the questions left out were answered (so not skipped)."""
    visit = Visit(client)
    for field, value in TEXTBOOK:
        visit.answer(field, value)
    for _ in TEXTBOOK:
        visit.post(action="back")
    assert legend(visit.page) == "Who asked for this meeting?" and "Question 1 of 7" in visit.page.text
    page = visit.answer("requested_by", "company")
    assert "Question 2 of 4" in page.text
    assert ("Not asking “What do you want out of it?”, “Is a relevant position publicly open there now?”, "
            "“Have you prepared questions to ask?”: their answers cannot change the advice, since you said: "
            "The company did.") in page_text(page)


def test_an_answer_with_nothing_chosen_reads_none_in_sentence_case_as_in_ask(client):
    """A trial: the review read "none" in lower case among sentence-case answers."""
    visit = Visit(client)
    for field, value in [("requested_by", "company"), ("in_hiring_process", "no"), ("expectations", None),
                         ("meeting_with", "hr")]:
        visit.answer(field, *([] if value is None else [value]))
        assert visit.page.status_code == 200
    answers = [html.unescape(a) for a in re.findall(r'<p class="a">(.*?)</p>', visit.page.text)]
    assert answers == ["The company did", "No", "None", "Someone from HR"]  # as `infoview ask` says (test_ask.py)


def test_goal_text_is_escaped_everywhere(client):
    words = 'I want to learn about the company <script>alert("x")</script> & "fit"'
    visit = Visit(client)
    visit.answer("requested_by", "me")
    visit.answer("in_hiring_process", "no")
    page = visit.answer("goals", own_words=words)
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page.text
    visit.answer("goals", own_words=words, action="confirm")
    for field, value in TEXTBOOK[3:]:
        visit.answer(field, value)
    for page in (visit.page, visit.post(action="verdict")):
        assert "<script>alert" not in page.text
    assert "&lt;script&gt;" in visit.page.text or "learn about the company" in visit.page.text


def test_the_verdict_says_goals_read_from_own_words_are_a_reading_as_the_terminal_report_does(client, advisor):
    from infoview_rules.report import READ_FROM_WORDS, render

    visit = Visit(client)
    visit.answer("requested_by", "me")
    visit.answer("in_hiring_process", "no")
    visit.answer("goals", own_words="I want to learn about the company")
    visit.answer("goals", own_words="I want to learn about the company", action="confirm")
    for field, value in TEXTBOOK[3:]:
        visit.answer(field, value)
    answers = json_state(visit)["answers"]
    text = page_text(visit.post(action="verdict"))
    assert READ_FROM_WORDS in text
    assert READ_FROM_WORDS in " ".join(render(advisor.advise(answers), advisor.rules).split())  # the same words


def textarea(response):
    """What the own-words box holds, as a browser would post it back."""
    found = re.search(r'<textarea id="own-words"[^>]*>(.*?)</textarea>', response.text, re.S)
    return html.unescape(found.group(1)) if found else None


def ticked(response):
    return re.findall(r'value="([a-z_]+)" checked', response.text)


def to_goals(client):
    visit = Visit(client)
    visit.answer("requested_by", "me")
    visit.answer("in_hiring_process", "no")
    return visit


def hidden(response, name):
    found = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', response.text)
    return html.unescape(found.group(1)) if found else None


def test_rejected_reading_keeps_the_words_to_edit_and_shows_the_list_with_a_notice_not_an_error(client):
    visit = to_goals(client)
    words = "I hope to land a position there"
    visit.answer("goals", "be_remembered", own_words=words)
    assert "Get a job there" in visit.page.text
    page = visit.answer("goals", "be_remembered", own_words=words, action="reject")
    assert page.status_code == 200 and legend(page) == "What do you want out of it?"
    # what was read is named (the page that said it is gone) and ticked, to start from, as the terminal
    # has it. The notice reads on a page of its own (a trial: it began "Then ...")
    notice = ("You said that reading was wrong. The goals we read are ticked, to start from: tick every goal "
              "you meant and untick the rest (then your words are left out), or change your words. "
              "We read: Get a job there.")
    assert notice in page_text(page) and "Then pick" not in page_text(page)
    assert "Error:" not in page_text(page) and 'aria-invalid' not in page.text
    assert textarea(page) == words  # a trial: the words were thrown away; they stay, to edit
    assert ticked(page) == ["get_job", "be_remembered"]  # the goal read, beside the one ticked before
    # ticking a box and pressing Next with the words unchanged goes on with the ticked goals
    page = visit.answer("goals", "learn_about_company", own_words=textarea(page),
                        rejected_words=hidden(page, "rejected_words"))
    assert legend(page) == "What do you expect to happen?"
    assert json_state(visit)["answers"]["goals"] == ["learn_about_company"]
    assert "goal_text" not in json_state(visit)["answers"]


def test_words_edited_after_a_rejected_reading_are_read_again(client):
    visit = to_goals(client)
    visit.answer("goals", own_words="I hope to land a position there")
    page = visit.answer("goals", own_words="I hope to land a position there", action="reject")
    page = visit.answer("goals", own_words="I want to learn how they organise the newsroom",
                        rejected_words=hidden(page, "rejected_words"))
    assert "Did we read you right?" in page_text(page) and "Learn about the company" in page_text(page)
    # unchanged rejected words with nothing ticked: read again, to confirm (no dead end)
    page = visit.answer("goals", own_words="I hope to land a position there", action="reject")
    page = visit.answer("goals", own_words=textarea(page), rejected_words=hidden(page, "rejected_words"))
    assert "Did we read you right?" in page_text(page) and "Get a job there" in page_text(page)


def leave_words_out(client, words="I hope to land a position there"):
    """Words read, "No, let me change it", a goal ticked and Next with the words left in the box."""
    visit = to_goals(client)
    visit.answer("goals", own_words=words)
    page = visit.answer("goals", own_words=words, action="reject")
    visit.answer("goals", "learn_about_company", own_words=textarea(page), rejected_words=hidden(page, "rejected_words"))
    return visit


def test_words_left_out_after_no_are_named_at_the_review_and_the_verdict_and_can_be_used_again(client):
    """A trial (a job seeker at 390 px): after "No, let me change it" they ticked a goal and left
    their words in the box; the review showed only the ticked goal, the words dropped without a word."""
    words = "I hope to land a position there"
    visit = leave_words_out(client, words)
    assert legend(visit.page) == "What do you expect to happen?"
    assert json_state(visit)["answers"]["goals"] == ["learn_about_company"]
    assert "goal_text" not in json_state(visit)["answers"]  # the ticks are the answer
    for field, value in TEXTBOOK[3:]:
        visit.answer(field, value)
    left_out = f"Your words “{words}” were left out, because you ticked your goals instead."
    review = page_text(visit.page)
    assert "Check your answers" in review and f"Learn about the company {left_out} Use my words again" in review
    verdict = page_text(visit.post(action="verdict"))
    assert f"{left_out} To use them, choose “Change my answers”." in verdict
    # from the verdict back to the review, the note is still there; "Use my words again" puts them in the box
    visit.post(action="review")
    assert left_out in page_text(visit.page)
    page = visit.post(action="words:goals")
    assert legend(page) == "What do you want out of it?" and textarea(page) == words
    assert hidden(page, "rejected_words") is None  # to be read this time, not left out again
    assert ("Your words are back in the box. Change them if you like, then press “Save the change” to have "
            "them read.") in page_text(page)
    assert ticked(page) == ["learn_about_company"]
    page = visit.answer("goals", "learn_about_company", own_words=textarea(page))
    assert "Did we read you right?" in page_text(page) and "Get a job there" in page_text(page)
    page = visit.answer("goals", "learn_about_company", own_words=words, action="confirm")
    assert "Check your answers" in page_text(page) and "left out" not in page_text(page)
    assert json_state(visit)["answers"]["goal_text"] == words and "left_out" not in json_state(visit)


def test_the_downloaded_file_says_which_words_were_left_out_as_ask_save_does(client):
    import tomllib

    words = "I hope to land a position there"
    visit = leave_words_out(client, words)
    for field, value in TEXTBOOK[3:]:
        visit.answer(field, value)
    scenario = tomllib.loads(visit.post("/download").text)["scenario"][0]
    assert scenario["description"] == (f"Saved by infoview's web page. Your words “{words}” were left out, "
                                       "because you ticked your goals instead.")
    assert "goal_text" not in scenario["answers"]  # not read again, as goals said to be wrong


def test_long_words_left_out_are_cut_at_the_review_and_the_verdict_but_kept_whole_in_the_file(client):
    """A trial: a paragraph of own words, left out, was quoted whole at the review, the verdict and in
    the file. The review and the verdict cut it after a whole word; the file keeps it, to be used again."""
    import tomllib

    words = ("I hope to land a position there, because I have worked in hospitals for eight years and I "
             "think product management is where my clinical background would be most useful to them.")
    visit = leave_words_out(client, words)
    for field, value in TEXTBOOK[3:]:
        visit.answer(field, value)
    cut = "Your words “I hope to land a position there, because I have worked in hospitals for eight years and I think…” were left out"
    assert cut in page_text(visit.page) and words not in page_text(visit.page)
    assert cut in page_text(visit.post(action="verdict"))
    scenario = tomllib.loads(visit.post("/download").text)["scenario"][0]
    assert f"Your words “{words}” were left out" in scenario["description"]


def test_back_at_words_left_out_shows_them_still_left_out_until_changed_or_cleared(client):
    words = "I hope to land a position there"
    visit = leave_words_out(client, words)
    page = visit.post(action="back")
    assert legend(page) == "What do you want out of it?"
    assert textarea(page) == words and hidden(page, "rejected_words") == words  # in the box, as they were
    assert (f"Your words “{words}” were left out, because you ticked your goals instead. To use them, change "
            "them or untick every goal.") in page_text(page)
    visit.answer("goals", "learn_about_company", own_words=words, rejected_words=words)  # unchanged: still out
    assert json_state(visit)["left_out"] == {"goals": words}
    visit.post(action="back")
    visit.answer("goals", "learn_about_company", own_words="", rejected_words=words)  # the box emptied
    assert legend(visit.page) == "What do you expect to happen?" and "left_out" not in json_state(visit)


@pytest.mark.parametrize("left_out", [["words"], {"goals": 3}, {"nope": "words"}, {"requested_by": "words"}],
                         ids=["not-a-table", "not-text", "unknown-field", "no-words-there"])
def test_a_tampered_left_out_in_the_state_is_refused(client, left_out):
    import json

    state = json.dumps({"answers": {}, "position": None, "left_out": left_out})
    response = client.post("/step", data={"action": "review", "state": state})
    assert response.status_code == 400 and "could not be read" in response.text


CULTURE = "i wanna see if the culture is a fit for me and maybe get hired eventually lol"


def test_goals_read_from_words_are_never_ticked_and_change_with_the_words(client):
    """A trial: at a change, the goals read from confirmed words came back as ticked boxes; with
    the job wish edited out of the words the page still counted it and said "Also ticked in the list: Get
    a job there"."""
    visit = to_goals(client)
    page = visit.answer("goals", own_words=CULTURE)
    assert "Get a job there" in page_text(page) and "Judge whether it would suit me" in page_text(page)
    visit.answer("goals", own_words=CULTURE, action="confirm")
    answers = json_state(visit)["answers"]
    assert answers["goals"] == [] and answers["goal_text"] == CULTURE
    for field, value in TEXTBOOK[3:]:
        visit.answer(field, value)
    shown = review_answer(visit.page, "What do you want out of it?")
    assert "Get a job there (from your words" in shown
    page = visit.post(action="change:goals")
    assert ticked(page) == [] and textarea(page) == CULTURE  # nothing ticked: the words, to edit
    edited = "i just wanna see if the culture is a fit for me"
    page = visit.answer("goals", own_words=edited)
    assert "Did we read you right?" in page_text(page) and "Also ticked in the list" not in page_text(page)
    assert "Get a job there" not in page_text(page)
    page = visit.answer("goals", own_words=edited, action="confirm")
    shown = review_answer(page, "What do you want out of it?")
    assert shown == 'Judge whether it would suit me (from your words "see if the culture is a fit for me")'
    assert verdict_goals(visit.post(action="verdict")) == shown


def test_a_tick_added_beside_confirmed_words_keeps_them_without_asking_again(client):
    visit = to_goals(client)
    visit.answer("goals", own_words=CULTURE)
    visit.answer("goals", own_words=CULTURE, action="confirm")
    for field, value in TEXTBOOK[3:]:
        visit.answer(field, value)
    page = visit.post(action="change:goals")
    page = visit.answer("goals", "learn_about_company", own_words=textarea(page))
    assert "Check your answers" in page.text
    answers = json_state(visit)["answers"]
    assert answers["goals"] == ["learn_about_company"] and answers["goal_text"] == CULTURE
    # the box emptied: the words and their goals go, the ticks stay
    page = visit.post(action="change:goals")
    visit.answer("goals", "learn_about_company", own_words="")
    answers = json_state(visit)["answers"]
    assert answers["goals"] == ["learn_about_company"] and "goal_text" not in answers


def test_words_no_goal_is_read_from_do_not_block_when_nothing_is_ticked(client):
    visit = to_goals(client)
    page = visit.answer("goals", own_words="Coffee on Tuesday with Sam")
    assert "I could not tell from your words" in page_text(page)
    assert "Coffee on Tuesday with Sam" in page_text(page)  # quoted in the message, so not lost
    assert textarea(page) == "Coffee on Tuesday with Sam"  # kept, to edit (a trial: thrown away)
    page = visit.answer("goals", "learn_about_company", own_words=textarea(page))
    assert legend(page) == "What do you expect to happen?"  # ticked beside them: the page goes on
    assert json_state(visit)["answers"]["goals"] == ["learn_about_company"]


def test_words_no_goal_is_read_from_beside_ticked_goals_go_on_with_those(client):
    # a second trial: with a goal ticked, an error and a second Next told the person they had
    # done something wrong; now the page goes on, and the verdict says what became of the words
    visit = to_goals(client)
    page = visit.answer("goals", "learn_about_company", own_words="Coffee on Tuesday with Sam")
    assert page.status_code == 200 and legend(page) == "What do you expect to happen?"
    answers = json_state(visit)["answers"]
    assert answers["goals"] == ["learn_about_company"] and answers["goal_text"] == "Coffee on Tuesday with Sam"
    for field, value in TEXTBOOK[3:]:
        visit.answer(field, value)
    verdict = page_text(visit.post(action="verdict"))
    assert "I could not tell from your words" in verdict
    assert "The advice rests on the goals you picked from the list." in verdict


def test_words_too_long_stay_in_the_box_to_shorten(client):
    visit = to_goals(client)
    words = "I want to learn about the company. " * 60
    page = visit.answer("goals", own_words=words)
    assert page.status_code == 400 and "please keep it to" in page_text(page)
    assert textarea(page) == words.strip()


def test_words_too_long_are_never_cut_and_get_the_terminals_message(client):
    # a new user's report: 2,187 characters pasted into a maxlength=2000 box lost their ending
    # without notice, and the page said "I could not tell from your words"
    visit = to_goals(client)
    page = visit.page
    assert re.search(r'<textarea id="own-words"[^>]*>', page.text) and "maxlength" not in page.text
    assert "Up to 2000 characters." in page_text(page)  # said before, not found out after
    ending = "Most of all I would love a job there."
    words = ("I am curious about how the team works. " * 60)[:2187 - len(ending) - 1] + " " + ending
    assert len(words) == 2187
    page = visit.answer("goals", own_words=words)
    assert page.status_code == 400
    assert "That is 2187 characters; please keep it to 2000." in page_text(page)  # as `infoview ask` says
    assert "I could not tell from your words" not in page_text(page)
    assert textarea(page) == words and textarea(page).endswith(ending)  # all of it, to shorten
    page = visit.answer("goals", own_words=words[-2000:])  # shortened to the limit: read
    assert "Did we read you right?" in page_text(page) and "Get a job there" in page_text(page)


def test_unreadable_words_and_a_missing_choice_are_errors_next_to_the_field(client):
    visit = Visit(client)
    page = visit.answer("requested_by")
    assert page.status_code == 400
    assert 'id="question-error"' in page.text and "Please choose one answer." in page.text
    assert 'aria-describedby="question-error"' in page.text
    visit.answer("requested_by", "me")
    visit.answer("in_hiring_process", "no")
    page = visit.answer("goals", own_words="bananas")
    assert page.status_code == 400
    from infoview_rules.phrases import unread_message

    assert unread_message("bananas") in page.text  # the message `infoview ask` gives
    assert "Error:" not in page.text  # the person made no mistake (a trial): only a missing choice is one


def test_back_shows_the_previous_answer_chosen(client):
    visit = Visit(client)
    visit.answer("requested_by", "me")
    visit.answer("in_hiring_process", "no")
    page = visit.post(action="back")
    assert legend(page) == "Have you applied for, or are you being interviewed for, a role there?"
    assert re.search(r'id="v-no" value="no" checked', page.text)


def confirm_step(response):
    found = re.search(r'<p class="step" id="confirm-step">(.*?)</p>', response.text)
    return html.unescape(found.group(1)) if found else None


def test_the_confirm_step_is_numbered_as_its_question_and_back_returns_to_it_as_filled_in(client):
    """A trial (390 px): "Did we read you right?" had no "Question N of M" and no Back, unlike
    every other step; the only way back to the words was to say the reading was wrong."""
    words = "I want to learn about the team and land a position there"
    visit = to_goals(client)
    question = visit.page
    step = re.search(r'<span class="step">(Question \d+ of \d+)</span>', question.text).group(1)
    page = visit.answer("goals", "judge_fit", own_words=words)
    assert "Did we read you right?" in page_text(page)
    assert confirm_step(page) == step == "Question 3 of 7"
    assert '<button type="submit" name="action" value="edit">Back</button>' in page.text
    page = visit.answer("goals", "judge_fit", own_words=words, action="edit")
    assert page.status_code == 200 and legend(page) == "What do you want out of it?"
    assert ticked(page) == ["judge_fit"] and textarea(page) == words  # as filled in
    assert 'id="question-notice"' not in page.text and "reading was wrong" not in page_text(page)
    assert hidden(page, "rejected_words") is None  # Back says nothing about the reading: nothing left out
    assert "goals" not in json_state(visit)["answers"]  # nothing counted until confirmed
    # confirmed after Back, as before it
    visit.answer("goals", "judge_fit", own_words=words)
    page = visit.answer("goals", "judge_fit", own_words=words, action="confirm")
    assert legend(page) == "What do you expect to happen?"


def test_the_confirm_step_of_a_change_at_the_review_says_so_as_the_change_does(client):
    visit = finished(client)
    change = visit.post(action="change:goals")
    assert "Change your answer" in change.text
    page = visit.answer("goals", own_words="I hope to land a position there")
    assert "Did we read you right?" in page_text(page) and confirm_step(page) == "Change your answer"
    page = visit.answer("goals", own_words="I hope to land a position there", action="edit")
    assert legend(page) == "What do you want out of it?" and "Save the change" in page.text  # still the change
    assert textarea(page) == "I hope to land a position there"


def test_tampered_state_is_a_clear_400(client):
    page = client.post("/step", data={"state": '{"answers": {"requested_by": "boss"}, "history": []}',
                                      "action": "review"})
    assert page.status_code == 400
    assert "could not be read" in page.text


def finished(client, steps=TEXTBOOK):
    visit = Visit(client)
    for field, value in steps:
        visit.answer(field, value)
    return visit


def test_download_is_a_file_infoview_check_passes(client, runner, tmp_path):
    visit = finished(client)
    response = visit.post("/download")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="infoview-answers.toml"'
    assert 'description = "Saved by infoview\'s web page."' in response.text  # not "by infoview ask"
    path = tmp_path / "infoview-answers.toml"
    path.write_bytes(response.content)
    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 scenario passed" in result.output
    as_file = runner.invoke(cli, ["advise", "--json", str(path)])  # advise reads the same file
    assert as_file.exit_code == 0, as_file.output
    import tomllib

    saved = tomllib.loads(response.text)["scenario"][0]["answers"]
    assert as_file.stdout == visit.client.post("/api/v1/advise", json=saved).text


def test_upload_resumes_at_the_review(client):
    visit = finished(client)
    saved = visit.post("/download").content
    page = client.post("/resume", files={"answers": ("mine.toml", saved, "application/toml")})
    assert page.status_code == 200
    assert "Check your answers" in page.text
    assert "A manager in the area I care about" in page.text


def test_an_upload_brings_back_the_words_its_description_says_were_left_out(client):
    """As `ask --answers` does: uploaded, the review says so again, and the next download keeps them."""
    import tomllib

    words = "I hope to land a position there"
    visit = leave_words_out(client, words)
    for field, value in TEXTBOOK[3:]:
        visit.answer(field, value)
    saved = visit.post("/download").content
    visit.page = client.post("/resume", files={"answers": ("mine.toml", saved, "application/toml")})
    left_out = f"Your words “{words}” were left out, because you ticked your goals instead."
    assert "Check your answers" in visit.page.text and left_out in page_text(visit.page)
    assert json_state(visit)["left_out"] == {"goals": words}
    again = tomllib.loads(visit.post("/download").text)["scenario"][0]
    assert again["description"] == tomllib.loads(saved.decode())["scenario"][0]["description"]
    assert again["description"].endswith(left_out)


def test_upload_of_partial_answers_goes_on_with_the_next_question(client):
    page = client.post("/resume", files={"answers": ("a.json", b'{"requested_by": "me"}', "application/json")})
    assert legend(page) == "Have you applied for, or are you being interviewed for, a role there?"


@pytest.mark.parametrize("name,content,message", [
    ("a.toml", b"requested_by = ", "a.toml: invalid TOML: Invalid value (at end of document)"),
    ("a.json", b'{"meeting_with": "recruter"}',
     "a.json: field &#39;meeting_with&#39;: unknown value &#39;recruter&#39; (allowed values: hr, manager, recruiter, other); did you mean &#39;recruiter&#39;?"),
    ("a.txt", b"hello", "a.txt: unknown file type &#39;.txt&#39; (use .toml or .json)"),
    ("a.json", b"", "a.json: empty file"),
    ("<b>.json", b"[]", "&lt;b&gt;.json: expected a JSON object with the answers, got an array"),
], ids=["bad-toml", "unknown-value", "suffix", "empty", "escaped-name"])
def test_bad_upload_error_is_shown_next_to_the_field(client, name, content, message):
    page = client.post("/resume", files={"answers": (name, content, "application/octet-stream")})
    assert page.status_code == 400
    assert f'<p class="error" id="answers-file-error"><strong>Error:</strong> {message}</p>' in page.text
    assert 'aria-describedby="answers-file-error"' in page.text


def test_pages_are_never_cached(client):
    assert client.get("/").headers["cache-control"] == "no-store"


def page_text(response):
    main = response.text[response.text.index("<main"):response.text.index("</main>")]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)))


@pytest.mark.parametrize("changes", [
    {}, {"goals": "get_job", "job_open": "yes", "meeting_with": "recruiter"},
    {"requested_by": "company"}, {"goals": "be_remembered", "expectations": "future_consideration"},
], ids=["textbook", "career-changer", "company-chat", "be-remembered"])
def test_the_verdict_draws_the_report_model_of_advise(client, advisor, changes):
    from infoview_rules.flow import Flow
    from infoview_rules.report import OURS, build

    steps = dict(TEXTBOOK, **changes)
    visit = Visit(client)
    while "Check your answers" not in visit.page.text:
        field = re.search(r'name="field" value="([^"]+)"', visit.page.text).group(1)
        visit.answer(field, steps[field])
    text = page_text(visit.post(action="verdict"))
    answers = Flow(advisor.rules).start(json_state(visit)["answers"])
    report = build(advisor.advise(Flow(advisor.rules).complete(answers)), advisor.rules)
    expected = [item.text for item in report.plan] + [report.headline]
    expected += [v.message for s in report.sections for v in s.findings]
    expected += [i.text for i in report.suggestions + report.questions_to_ask + report.checklist]
    positions = [text.find(" ".join(e.split())) for e in expected]
    assert -1 not in positions, expected[positions.index(-1)]
    assert positions == sorted(positions)  # in the report's order: the plan first
    from infoview_rules.draft import build_draft

    draft = build_draft(advisor.advise(Flow(advisor.rules).complete(answers)), advisor.rules)
    ours = sum(1 for i in report.plan + report.suggestions + report.checklist + draft.notes if i.quote is None)
    assert text.count(OURS) == ours + 1  # each of the project's own suggestions is marked (and the legend)
    fired = advisor.advise(Flow(advisor.rules).complete(answers)).finding_ids()
    assert not [f for f in fired if f in text]  # plain words: no finding ids
    for paragraph in draft.message.split("\n\n"):
        assert " ".join(paragraph.split()) in text  # the message that asks for the meeting, as `infoview draft` has it
    for item in report.plan:  # a quote the plan shows is not shown again under a finding
        if item.quote is not None:
            words = " ".join(item.quote.readable.split())
            assert text.count(words) == 1 + sum(" ".join(i.quote.readable.split()) == words
                                                for i in report.suggestions + report.checklist + draft.notes
                                                if i.quote is not None), words


JOB_WHILE_A_ROLE_IS_OPEN = dict(TEXTBOOK, goals="get_job", job_open="yes", meeting_with="recruiter", prepared_questions="no")


def to_the_verdict(visit, steps: dict):
    """Answer each question the page asks from `steps`, then ask for the verdict: its page."""
    while "Check your answers" not in visit.page.text:
        field = re.search(r'name="field" value="([^"]+)"', visit.page.text).group(1)
        visit.answer(field, steps[field])
    return visit.post(action="verdict")


def test_the_verdict_says_the_article_s_words_then_because_in_the_terminal_report_s_order(client, advisor):
    """A trial: in "What to do" the page put "Because ..." before the article's words, while the
    terminal's report (and the findings on the page) put the words first."""
    from infoview_rules.flow import Flow
    from infoview_rules.report import build, render_text

    visit = Visit(client)
    page = to_the_verdict(visit, JOB_WHILE_A_ROLE_IS_OPEN)
    flow = Flow(advisor.rules)
    report = build(advisor.advise(flow.complete(flow.start(json_state(visit)["answers"]))), advisor.rules)
    terminal = " ".join(render_text(report).split())
    steps_shown = re.search(r'<ol class="plan">(.*?)</ol>', page.text, re.S).group(1).split("</li>")[:-1]
    plan = [html.unescape(" ".join(re.sub(r"<[^>]+>", " ", li).split())) for li in steps_shown]
    quoted = [(item, li) for item, li in zip(report.plan, plan, strict=True) if item.quote is not None and item.because]
    assert quoted  # the case the trial saw: a plan step with the article's words and a "Because"
    for item, li in quoted:
        words, because = " ".join(item.quote.readable.split()), item.because_sentence()
        assert li.index(words) < li.index(because), li
        start = terminal.index(" ".join(item.text.split()))
        assert terminal.index(words, start) < terminal.index(because, start)  # the order the page now follows
    text = page_text(page)
    for view in [v for s in report.sections for v in s.findings if v.because]:
        message = text.index(" ".join(view.message.split()))
        assert message < text.index(view.because[0].upper() + view.because[1:], message)  # findings: as before


def json_state(visit):
    import json

    return json.loads(state_of(visit.page))


BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.parametrize("path", ["/nope", "/verdict", "/step/2"])
def test_a_browser_asking_for_an_unknown_page_gets_a_page_not_found_with_the_way_back(client, path):
    response = client.get(path, headers={"accept": BROWSER_ACCEPT})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "<h1>Page not found</h1>" in response.text
    assert 'href="/">Go to the start page</a>' in response.text
    assert '<link rel="stylesheet" href="/static/style.css">' in response.text  # styled like every page
    assert 'name="viewport" content="width=device-width' in response.text  # readable on a phone
    assert "Not Found" not in response.text and "{" not in page_text(response)


@pytest.mark.parametrize("path,accept", [
    ("/api/v1/nothing", BROWSER_ACCEPT), ("/nope", "application/json"), ("/nope", "*/*"), ("/nope", ""),
], ids=["api-path", "json-client", "any", "no-accept"])
def test_unknown_addresses_stay_json_for_the_api_and_programs(client, path, accept):
    response = client.get(path, headers={"accept": accept})
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"error": "Not Found"}


def test_a_form_address_typed_into_the_browser_says_what_it_is(client):
    response = client.get("/download", headers={"accept": BROWSER_ACCEPT})
    assert response.status_code == 405
    assert "reached with a button on the questionnaire's pages" in page_text(response)
    assert "Method Not Allowed" not in response.text


def test_the_start_page_speaks_in_words_not_commands(client):
    """Job seekers are mostly not programmers: no command lines or code on the first page they see."""
    page = client.get("/")
    assert "<code>" not in page.text and "--" not in page_text(page)
    assert "a file you saved earlier from this page, or from infoview in a terminal" in page_text(page)


def test_the_start_page_says_what_it_is_once_in_plain_words(client):
    """A trial found three versions of the tagline on the start page (header, heading, intro). It is
    said once, and the page says what an informational interview is before asking about one."""
    page = client.get("/")
    assert page.status_code == 200
    whole = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.text[page.text.index("<body"):])))
    tagline = "Is your meeting really an informational interview?"
    assert whole.count(tagline) == 1
    questions = re.findall(r"[^.:?!]*\?", whole)
    assert len(questions) == 1 and questions[0].endswith(tagline)  # no other wording of it, nor other question
    assert re.search(r"<title>(.*?)</title>", page.text).group(1) == f"{tagline} · infoview"
    intro = page_text(page).split(tagline)[1]
    assert intro.lstrip().startswith("An informational interview is a short meeting you ask for")
    assert "It is not a job interview" in intro


# -- the goals: the review says what the verdict counts; the confirm step loses nothing ---------

def review_answer(page, question):
    """The answer the review shows to `question`."""
    rows = re.findall(r'<p class="q">(.*?)</p>\s*<p class="a">(.*?)</p>', page.text, re.S)
    return next(html.unescape(a) for q, a in rows if html.unescape(q) == question)


def verdict_goals(page):
    return html.unescape(re.search(r"<p>Your goals: (.*?)\.</p>", page.text, re.S).group(1))


def test_an_uploaded_file_is_reviewed_with_the_goals_read_from_its_words_as_the_verdict_counts_them(client):
    """A trial: the review of examples/hopeful.toml left out the goal read from its words and
    credited the ticked goal to them, while the verdict counted both."""
    from pathlib import Path

    hopeful = (Path(__file__).resolve().parent.parent / "examples" / "hopeful.toml").read_bytes()
    page = client.post("/resume", files={"answers": ("hopeful.toml", hopeful, "application/toml")})
    assert page.status_code == 200 and "Check your answers" in page.text
    shown = review_answer(page, "What do you want out of it?")
    assert shown == 'Learn about the company; Get a job there (from your words "land a position")'
    visit = Visit(client)
    visit.page = page
    assert verdict_goals(visit.post(action="verdict")) == shown  # the page before the verdict agrees with it
    visit.page = page
    change = visit.post(action="change:goals")  # the goal ticked ticked; the words, that give theirs, in the box
    assert ticked(change) == ["learn_about_company"]
    assert textarea(change) == "Honestly I hope to land a position there."


def test_a_goal_ticked_beside_own_words_is_named_at_the_confirm_step_and_not_credited_to_the_words(client):
    """A trial: with "Get a job there" ticked, the confirm page listed only the goal read from the
    words (the tick seemed lost), and the review showed the ticked goal as if from the words."""
    words = "I want to learn how they organise the newsroom"
    visit = to_goals(client)
    page = visit.answer("goals", "get_job", own_words=words)
    assert legend(page) is None and "Did we read you right?" in page_text(page)
    assert "Learn about the company (from “learn how they organise the newsroom”)" in page_text(page)
    assert "Also ticked in the list: Get a job there." in page_text(page)
    assert 'class="not-read"' not in page.text
    visit.answer("goals", "get_job", own_words=words, action="confirm")
    for field, value in TEXTBOOK[3:]:
        visit.answer(field, value)
    shown = review_answer(visit.page, "What do you want out of it?")
    assert shown == 'Learn about the company (from your words "learn how they organise the newsroom"); Get a job there'
    assert verdict_goals(visit.post(action="verdict")) == shown


def test_a_goal_both_ticked_and_read_from_the_words_is_named_as_ticked_at_the_confirm_step(client):
    """A trial: with "Get a job there" ticked and "land a position" in the words, the confirm page
    named it only as read, so the person could not see that their tick was counted."""
    words = "I want to learn about the team and land a position there"
    visit = to_goals(client)
    page = visit.answer("goals", "get_job", "judge_fit", own_words=words)
    text = page_text(page)
    assert "Get a job there (from “land a position”)" in text  # read from the words
    assert "Also ticked in the list: Judge whether it would suit me; Get a job there." in text  # and ticked
    visit.answer("goals", "get_job", "judge_fit", own_words=words, action="confirm")
    assert json_state(visit)["answers"]["goals"] == ["judge_fit", "get_job"]  # the ticks, as the page said


JOB_OFFER = "I want to learn how they organise the newsroom. I'd also love it if it eventually turned into a job offer."


@pytest.fixture(scope="module")
def doubting_client(tmp_path_factory):
    """The pages over rules whose goal model weighs against the job wish in JOB_OFFER."""
    from test_flow import doubting_rules

    rules = doubting_rules(tmp_path_factory.mktemp("doubting"))
    with TestClient(create_app(str(rules)), raise_server_exceptions=False) as c:
        yield c


def test_a_job_wish_not_read_is_said_at_the_confirm_step_so_it_can_be_ticked(doubting_client):
    """A trial: "I'd also love it if it eventually turned into a job offer" was not read, and only
    `infoview phrases` said so; the confirm page showed just the other goal."""
    visit = to_goals(doubting_client)
    page = visit.answer("goals", own_words=JOB_OFFER)
    assert "Did we read you right?" in page_text(page)
    sentence = ("“turned into a job offer” sounded like “Get a job there”, but we did not count it as one of "
                "your goals; if you meant it, choose “No, let me change it” and tick it.")
    assert sentence in page_text(page)
    # as it says: No, then tick it, and the job wish counts
    page = visit.answer("goals", own_words=JOB_OFFER, action="reject")
    assert legend(page) == "What do you want out of it?" and textarea(page) == JOB_OFFER
    visit.answer("goals", "learn_about_company", "get_job", own_words=textarea(page),
                 rejected_words=hidden(page, "rejected_words"))
    assert json_state(visit)["answers"]["goals"] == ["learn_about_company", "get_job"]
    # a job wish ticked already is not said to be lost
    visit = to_goals(doubting_client)
    page = visit.answer("goals", "get_job", own_words=JOB_OFFER)
    assert "Also ticked in the list: Get a job there." in page_text(page) and 'class="not-read"' not in page.text


def test_the_verdict_names_the_article_once_and_each_quote_its_author_only(client, advisor):
    """A trial on a phone: "— Trevor Wilson, “Job Interviews vs. Informational Interviews”" stood
    under a dozen quotes. The title is said after them, where the page names its sources."""
    visit = Visit(client)
    page = to_the_verdict(visit, JOB_WHILE_A_ROLE_IS_OPEN)
    source = advisor.rules.source
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", page.text, re.S)
    assert len(captions) >= 3 and {html.unescape(c) for c in captions} == {source.author}  # the stylesheet puts "— "
    text = html.unescape(page.text)
    assert text.rindex("</figure>") < text.index(source.title)  # named after the quotes only (the sources line, the foot)
