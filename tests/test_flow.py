"""The questionnaire model (flow.py): no I/O, rebuilt from plain data each call."""

import json

import pytest
from hypothesis import given, settings, strategies as st

from infoview_rules import Advisor
from infoview_rules.errors import InputError
from infoview_rules.flow import Flow, Position, yes_no
from strategies import full_answers

ADVISOR = Advisor()
FLOW = Flow(ADVISOR.rules)
Q = {q.field: q for q in ADVISOR.rules.questions}


@pytest.mark.parametrize("reply", [
    "y", "Y", "yes", "YES", "Yes.", "yes!", "yeah", "yep", "yup", "sure", "ok", "OK", "okay", "right",
    "correct", "true", "yes please", "Yes, please", "yeah that's right", "that\u2019s right", "sounds right",
    "absolutely", "of course", "exactly", "looks good",
])
def test_every_spelling_of_yes(reply):
    assert yes_no(reply) is True


@pytest.mark.parametrize("reply", [
    "n", "N", "no", "No.", "nope", "nah", "false", "wrong", "incorrect", "not really", "no thanks",
    "no, thank you", "not quite", "No, that's wrong", "not at all",
])
def test_every_spelling_of_no(reply):
    assert yes_no(reply) is False


@pytest.mark.parametrize("reply", ["maybe", "yes but not the second one", "what?", "learn"])
def test_neither_yes_nor_no_asks_again(reply):
    assert yes_no(reply) is None


def test_an_empty_reply_takes_the_default():
    assert yes_no("", default=True) is True
    assert yes_no("  ", default=False) is False
    assert yes_no("") is None


@pytest.mark.parametrize("field,typed,value", [
    ("requested_by", "1", "me"),
    ("requested_by", "company", "company"),
    ("requested_by", "The company did", "company"),
    ("requested_by", "i did", "me"),
    ("in_hiring_process", "yeah", "yes"),
    ("in_hiring_process", "nope", "no"),
    ("in_hiring_process", "true", "yes"),
    ("job_open", "I don't know", "unknown"),
    ("job_open", "I don\u2019t know", "unknown"),
    ("job_open", "don't know", "unknown"),
    ("job_open", "3", "unknown"),
    ("meeting_with", "A recruiter", "recruiter"),
    ("meeting_with", "recruiter", "recruiter"),
    ("meeting_with", "someone from HR", "hr"),
    ("goals", "3,3", ["get_job"]),
    ("goals", "3, 1, 3", ["learn_about_company", "get_job"]),
    ("goals", "1 3", ["learn_about_company", "get_job"]),
    ("goals", "Learn about the company, Get a job there", ["learn_about_company", "get_job"]),
    ("goals", "judge_fit", ["judge_fit"]),
    ("goals", "none", []),
    ("goals", "", []),
    ("expectations", "1;2", ["ask_questions", "be_asked_questions"]),
], ids=lambda x: x if isinstance(x, str) else None)
def test_typed_answers_numbers_values_and_labels_as_shown(field, typed, value):
    parsed = FLOW.parse(Q[field], typed)
    assert parsed.ok, parsed.error
    assert parsed.value == value


@pytest.mark.parametrize("field,typed,message", [
    ("meeting_with", "recuiter", "\u201crecuiter\u201d is not one of the answers; did you mean \u201cA recruiter\u201d? Please pick 1-4"),
    ("requested_by", "compnay", "did you mean \u201cThe company did\u201d?"),
    ("requested_by", "7", "There is no answer 7. Please pick 1-2"),
    ("requested_by", "", "Please pick one of 1-2"),
    ("expectations", "1,9", "There is no answer 9. Please pick any of 1-5, like 1,3"),
    ("expectations", "ask questions, blah", "\u201cblah\u201d is not one of the answers."),
    ("meeting_with", "someone", "\u201csomeone\u201d could be \u201cSomeone from HR\u201d or \u201cSomeone else\u201d."),
    ("goals", "6", "There is no answer 6. Please pick any of 1-5, like 1,3"),  # not read as own words
    ("goals", "2, 8", "There is no answer 8. Please pick any of 1-5, like 1,3"),
], ids=["typo", "typo-label", "out-of-range", "empty-choice", "multi-out-of-range", "multi-unknown", "ambiguous",
        "goals-out-of-range", "goals-one-out-of-range"])
def test_a_bad_reply_says_what_to_type(field, typed, message):
    parsed = FLOW.parse(Q[field], typed)
    assert not parsed.ok and parsed.offer_list
    assert message in parsed.error


def test_enter_keeps_the_current_answer():
    assert FLOW.parse(Q["meeting_with"], "", default="recruiter").value == "recruiter"
    assert FLOW.parse(Q["goals"], "", default=["judge_fit"]).value == ["judge_fit"]
    assert FLOW.parse(Q["goals"], "none", default=["judge_fit"]).value == []


def test_own_words_are_a_reading_to_confirm_and_an_honest_failure_offers_the_list():
    parsed = FLOW.parse(Q["goals"], "Honestly I hope to land a position there.")
    assert parsed.reading is not None and not parsed.ok
    assert parsed.reading.goals == ("get_job",)
    assert parsed.reading.describe(FLOW.labels(Q["goals"])) == 'Get a job there (from "land a position")'
    failed = FLOW.parse(Q["goals"], "purple elephants")
    assert failed.reading is None and failed.offer_list
    assert failed.error.startswith("I could not tell from your words")
    long = FLOW.parse(Q["goals"], "purple elephants " * 200)
    assert "please keep it to 2000" in long.error
    # someone else's wish is named as such, with the list still offered
    theirs = FLOW.parse(Q["goals"], "My husband wants to learn about the company.")
    assert theirs.reading is None and theirs.offer_list
    assert theirs.error.startswith("I could not tell from your words what you want from this meeting: "
                                   "\u201clearn about the company\u201d reads as someone else's wish, not yours.")


def drive(flow, answers, replies):
    """Answer each question the flow shows from `replies` (field -> value); the fields asked."""
    position, asked = Position(), []
    while (step := flow.step(answers, position)).question is not None:
        asked.append((step.question.field, step.number, step.total))
        answers, position = flow.answer(answers, position, step.question.field, replies[step.question.field])
    return answers, asked


INFORMATIONAL = {"requested_by": "me", "in_hiring_process": "no", "goals": ["learn_about_company"],
                 "expectations": ["ask_questions"], "job_open": "no", "meeting_with": "hr",
                 "prepared_questions": "yes"}


def test_the_counter_counts_the_questions_asked_without_jumps():
    _, asked = drive(FLOW, {}, dict(INFORMATIONAL, requested_by="company"))
    # a job interview: the hiring process and whom they meet still pick its questions to ask
    assert asked == [("requested_by", 1, 7), ("in_hiring_process", 2, 4), ("expectations", 3, 4),
                     ("meeting_with", 4, 4)]
    _, asked = drive(FLOW, {}, INFORMATIONAL)
    assert [n for _, n, _ in asked] == [1, 2, 3, 4, 5, 6, 7]


def test_a_change_at_the_review_is_counted_without_the_answer_being_changed():
    """A new user's trial: "Change 1)" at the review showed "[1/4]", counted on the very answer being
    changed, and "[3/7]" right after it. The counter at a question counts on the answers before it only."""
    answers, _ = drive(FLOW, {}, dict(INFORMATIONAL, requested_by="company"))
    position = FLOW.change("requested_by")
    step = FLOW.step(answers, position)
    assert (step.number, step.total) == (1, 7)
    answers, position = FLOW.answer(answers, position, "requested_by", "me")
    step = FLOW.step(answers, position)
    assert (step.question.field, step.number, step.total) == ("goals", 3, 7)


def test_after_back_a_total_that_falls_has_its_reason_even_for_questions_answered_before():
    answers, _ = drive(FLOW, {}, INFORMATIONAL)
    position = Position()
    for _ in range(7):  # from the review back to the first question, every answer kept
        answers, position = FLOW.back(answers, position)
    assert (FLOW.step(answers, position).question.field, FLOW.step(answers, position).total) == ("requested_by", 7)
    answers, position = FLOW.answer(answers, position, "requested_by", "company")
    step = FLOW.step(answers, position)
    assert (step.question.field, step.number, step.total) == ("in_hiring_process", 2, 4)
    assert step.skips == ()  # answered before: not skipped questions, so the fall needs its own reason
    left = FLOW.left_the_count(answers, "requested_by", "in_hiring_process")
    assert FLOW.group_skips(left) == [({"requested_by": "company"},
                                       [Q["goals"], Q["job_open"], Q["prepared_questions"]])]


@pytest.mark.parametrize("start", [INFORMATIONAL, dict(INFORMATIONAL, requested_by="company"),
                                   dict(INFORMATIONAL, in_hiring_process="yes")], ids=["me", "company", "applied"])
def test_after_any_change_at_the_review_the_total_never_grows_and_each_fall_has_its_reason(start):
    answers, _ = drive(FLOW, {}, start)
    for q in FLOW.asked(answers):
        for value in ([[], [q.values[0]]] if q.type == "multi" else q.values):
            changed, position = answers, FLOW.change(q.field)
            shown = []
            while (step := FLOW.step(changed, position)).question is not None:
                if shown and shown[-1][1] > step.total:
                    assert FLOW.left_the_count(changed, shown[-1][0], step.question.field), (q.field, value, shown)
                shown.append((step.question.field, step.total))
                reply = value if step.question == q else INFORMATIONAL[step.question.field]
                changed, position = FLOW.answer(changed, position, step.question.field, reply)
            totals = [t for _, t in shown]
            assert totals == sorted(totals, reverse=True), (q.field, value, shown)


def test_the_job_interview_path_gives_one_reason_for_all_its_skips():
    answers, _ = drive(FLOW, {}, dict(INFORMATIONAL, requested_by="company"))
    groups = FLOW.group_skips(FLOW.skipped(answers))
    assert len(groups) == 1
    because, questions = groups[0]
    assert because == {"requested_by": "company"}
    assert FLOW.because_text(because) == "The company did"
    # a bare "Yes" would not say what it answers
    assert FLOW.because_text({"in_hiring_process": "yes"}) == (
        "Have you applied for, or are you being interviewed for, a role there? Yes")
    assert [q.field for q in questions] == ["goals", "job_open", "prepared_questions"]
    rows = FLOW.review(answers)
    assert [(r.number, r.question.field, r.answer) for r in rows] == [
        (1, "requested_by", "The company did"), (2, "in_hiring_process", "No"),
        (3, "expectations", "I will ask the questions"), (4, "meeting_with", "Someone from HR")]


def test_back_keeps_the_answer_as_the_default_and_walks_on_through_later_answers():
    answers, position = {}, Position()
    for field in ("requested_by", "in_hiring_process", "goals"):
        answers, position = FLOW.answer(answers, position, field, INFORMATIONAL[field])
    answers, position = FLOW.back(answers, position)  # from expectations to goals
    answers, position = FLOW.back(answers, position)  # to in_hiring_process
    step = FLOW.step(answers, position)
    assert step.question.field == "in_hiring_process" and step.default == "no" and step.number == 2
    assert answers["goals"] == ["learn_about_company"]  # nothing lost
    answers, position = FLOW.answer(answers, position, "in_hiring_process", "no")
    step = FLOW.step(answers, position)
    assert step.question.field == "goals" and step.default == ["learn_about_company"]
    answers, position = FLOW.answer(answers, position, "goals", step.default)
    assert FLOW.step(answers, position).question.field == "expectations"


def test_back_on_the_first_question_stays_there():
    step = FLOW.step({}, Position())
    assert not step.can_go_back
    assert FLOW.back({}, Position()) == ({}, Position())


def test_a_change_at_the_review_returns_to_the_review_after_asking_what_now_matters():
    answers, _ = drive(FLOW, {}, dict(INFORMATIONAL, requested_by="company"))
    position = FLOW.change("requested_by")
    step = FLOW.step(answers, position)
    assert step.question.field == "requested_by" and step.default == "company"
    answers, position = FLOW.answer(answers, position, "requested_by", "me")
    # the questions that now matter are asked; the ones answered are not asked again
    answers, asked = drive(FLOW, answers, INFORMATIONAL)
    assert [f for f, _, _ in asked] == ["goals", "job_open", "prepared_questions"]
    assert len(FLOW.review(answers)) == 7
    # a change of an answered question goes straight back to the review
    answers, position = FLOW.answer(answers, FLOW.change("goals"), "goals", ["judge_fit"])
    assert FLOW.step(answers, position).question is None


def test_the_state_is_plain_data_that_survives_a_round_trip():
    answers, position = FLOW.answer({}, Position(), "requested_by", "me")
    answers, position = FLOW.back(answers, position)
    carried = json.loads(json.dumps({"answers": answers, "position": position.to_dict()}))
    again = FLOW.step(FLOW.start(carried["answers"]), Position.from_dict(carried["position"]))
    assert again == FLOW.step(answers, position)
    assert Position.from_dict(None) == Position() and Position.from_dict({"at": 3}) == Position()
    assert Position.from_dict({"at": "goals", "walk": "true"}) == Position("goals", True)  # as a form sends it
    assert Position.from_dict({"at": "", "walk": "0"}) == Position()


def test_bad_values_and_bad_starts_are_input_errors():
    with pytest.raises(InputError, match="unknown value 'maybe'"):
        FLOW.answer({}, Position(), "requested_by", "maybe")
    with pytest.raises(InputError, match="unknown field 'colour'"):
        FLOW.start({"colour": "red"})


def test_numbers_replace_earlier_own_words():
    answers, position = FLOW.answer({}, Position(), "goals", ["get_job"], text="land a job")
    assert answers["goal_text"] == "land a job"
    answers, _ = FLOW.answer(answers, Position(), "goals", ["judge_fit"])
    assert "goal_text" not in answers


def test_missing_names_the_questions_still_to_answer():
    assert [q.field for q in FLOW.missing({"requested_by": "company"}, required_only=True)] == [
        "in_hiring_process", "meeting_with"]
    assert [q.field for q in FLOW.missing({"requested_by": "me"}, required_only=True)] == [
        "in_hiring_process", "job_open", "meeting_with", "prepared_questions"]


def test_the_help_counts_findings_honestly_and_attributes_only_quotes_shown():
    explanation = FLOW.explain(Q["requested_by"])
    first = explanation.lines()
    total = len(ADVISOR.rules.findings)
    # company-set-it-up and already-in-hiring test who asked directly; every other finding depends on it
    assert [f.id for f in explanation.findings] == ["company-set-it-up", "already-in-hiring"]
    # shown in plain words: the article's words behind them, no ids or passage numbers
    assert first[1] == "2 pieces of advice depend on your answer directly; the article's words behind them:"
    assert [line for line in first if line.startswith("  - ")] == [
        "  - \u201cAn informational interview is an interview made at your request\u201d",
        "  - \u201coutside the application/interview process.\u201d"]
    assert not any(f.id in line or "(P" in line for line in first for f in ADVISOR.rules.findings)
    assert first[-2] == f"It also helps decide what the meeting is, which {total - 2} other pieces of advice depend on."
    goals = FLOW.explain(Q["goals"]).lines()
    direct = [line for line in goals if line.startswith("  - ")]
    assert len(direct) == 3
    # every other finding but the three that only the `job` classification decides (who asked,
    # and the hiring process): job-interview-not-informational, job-their-questions and
    # expects-their-questions; goals cannot change them
    assert f"which {total - 3 - 3} other pieces of advice depend on." in goals[-2]
    assert goals[-1].startswith("Quotes from Trevor Wilson")
    # the article's own slip is kept word for word, and marked
    assert any("go along way [sic] to" in line for line in FLOW.explain(Q["job_open"]).lines())


def test_a_question_the_plan_or_the_draft_depends_on_is_asked():
    # "be remembered" alone: no finding tests whether a role is open, but the plan
    # (find out whether one is) and the draft's notes on timing do
    _, asked = drive(FLOW, {}, dict(INFORMATIONAL, goals=["be_remembered"]))
    assert "job_open" in [f for f, _, _ in asked]
    assert "plan find-out-if-a-role-is-open" in FLOW.relevance.depends_on("job_open")
    # a job interview the company set up: whether they applied, and whom they meet, pick
    # the questions to ask at the end
    _, asked = drive(FLOW, {}, dict(INFORMATIONAL, requested_by="company"))
    assert {"in_hiring_process", "meeting_with"} <= {f for f, _, _ in asked}
    for tested in ("in_hiring_process", "meeting_with"):
        changed = ADVISOR.advise(FLOW.complete({"requested_by": "company", "expectations": [],
                                                "in_hiring_process": "yes", "meeting_with": "manager",
                                                tested: FLOW.question(tested).values[-1]}))
        baseline = ADVISOR.advise(FLOW.complete({"requested_by": "company", "expectations": [],
                                                 "in_hiring_process": "yes", "meeting_with": "manager"}))
        assert changed.to_json() != baseline.to_json(), tested


def outcome(answers):
    """The whole advice: the JSON result (classification, findings, plan, suggestions,
    questions to ask, checklist) and the draft's paragraphs. Only `goals`, the echo
    of an answer, is left out: a skipped question's neutral answer shows there."""
    advice = ADVISOR.advise(answers)
    result = advice.to_dict()
    del result["goals"]
    return json.dumps(result), [c.id for c in advice.next_steps.draft]


@settings(max_examples=60)
@given(full_answers(), st.data())
def test_no_skipped_question_can_change_the_advice(answers, data):
    given_answers, _ = drive(FLOW, {}, answers)
    complete = FLOW.complete(given_answers)
    baseline = outcome(complete)
    skipped = [s.question for s in FLOW.skipped(given_answers)]
    changed = dict(complete)
    for q in skipped:
        value = (data.draw(st.lists(st.sampled_from(q.values), unique=True)) if q.type == "multi"
                 else data.draw(st.sampled_from(q.values)))
        assert outcome(dict(complete, **{q.field: value})) == baseline, (q.field, value)
        changed[q.field] = value
    assert outcome(changed) == baseline
    # and each skip's reason alone is enough: with only those answers, the question cannot matter
    for skip in FLOW.skipped(given_answers):
        assert not FLOW.relevance.matters(skip.question.field, skip.because)


@settings(max_examples=40, deadline=None)
@given(full_answers())
def test_a_skip_keeps_the_reason_it_was_announced_with(answers):
    """The reason given when a question is first skipped (during the questions) is the
    reason the review gives for it, whatever is answered after."""
    position, given_answers, announced = Position(), {}, {}
    while (step := FLOW.step(given_answers, position)).question is not None:
        for skip in step.skips:
            announced.setdefault(skip.question.field, skip.because)
        given_answers, position = FLOW.answer(given_answers, position, step.question.field,
                                              answers[step.question.field])
    at_review = {skip.question.field: skip.because for skip in FLOW.skipped(given_answers)}
    for field, because in at_review.items():
        if field in announced:  # (a question skipped from the start was announced too; one never skipped, not)
            assert announced[field] == because, field


def test_the_company_then_in_the_hiring_process_is_one_reason():
    """The trial's case: "The company did", then "Yes". The skips were announced after the
    first answer; the review must name that answer too, not the second."""
    answers = {"requested_by": "company"}
    announced = FLOW.group_skips(FLOW.step(answers).skips)
    answers["in_hiring_process"] = "yes"
    at_review = FLOW.group_skips(FLOW.skipped(answers))
    assert [b for b, _ in announced] == [b for b, _ in at_review] == [{"requested_by": "company"}]
    assert FLOW.because_text(at_review[0][0]) == "The company did"


@settings(max_examples=20, deadline=None)
@given(full_answers())
def test_the_saved_file_replays_to_the_same_advice(tmp_path_factory, answers):
    from infoview_rules.scenarios import compare, load_scenarios

    given_answers, _ = drive(FLOW, {}, answers)
    complete = FLOW.complete(given_answers)
    advice = ADVISOR.advise(complete)
    path = tmp_path_factory.mktemp("saved") / "saved.toml"
    path.write_text(FLOW.saved_file(complete, advice, "my meeting"))
    [scenario] = load_scenarios(path, ADVISOR.rules)
    assert scenario.name == "my meeting"
    replay = ADVISOR.advise(scenario.answers)
    assert compare(scenario, replay) == [] and replay.to_json() == advice.to_json()


def test_a_step_as_plain_data():
    answers, position = FLOW.answer({}, Position(), "requested_by", "company")
    data = json.loads(json.dumps(FLOW.step_dict(FLOW.step(answers, position))))
    assert data["question"]["field"] == "in_hiring_process"
    assert (data["number"], data["total"], data["can_go_back"]) == (2, 4, True)
    assert data["question"]["choices"][0] == {"value": "yes", "label": "Yes"}
    assert data["skips"] == [{"because": {"requested_by": "company"}, "because_text": "The company did",
                              "questions": [Q[f].text for f in ("goals", "job_open", "prepared_questions")]}]
    assert FLOW.step_dict(FLOW.step(FLOW.complete(answers)))["question"] is None


def test_the_questionnaire_attributes_are_the_flow_underneath():
    from infoview_rules.questionnaire import Questionnaire

    model = Questionnaire(ADVISOR, start={"requested_by": "company"})
    assert model.next_question().field == "in_hiring_process"
    assert model.describe(Q["requested_by"]) == "The company did"
    assert model.describe(Q["goals"]) == "(not asked: it cannot change the advice)"
    model.answers["in_hiring_process"] = "no"
    assert model.next_question().field == "expectations"
    model.answers["expectations"] = []
    assert model.next_question().field == "meeting_with"
    model.answers["meeting_with"] = "manager"
    assert model.next_question() is None
    assert model.complete_answers() == FLOW.complete(model.answers)


# -- the goals the review shows are the goals the verdict counts ---------------------------------

HOPEFUL = "Honestly I hope to land a position there."  # examples/hopeful.toml: get_job read, learning ticked
NEWSROOM = "I want to learn how they organise the newsroom"
FULL = {"requested_by": "me", "in_hiring_process": "no", "goals": ["learn_about_company"],
        "expectations": ["ask_questions"], "job_open": "no", "meeting_with": "manager", "prepared_questions": "yes"}


def verdict_goals(answers):
    """The goals as the verdict (report.build) shows them, for the answers."""
    from infoview_rules.report import build

    return "; ".join(build(ADVISOR.advise(FLOW.complete(answers)), ADVISOR.rules).goals)


def goals_row(answers):
    return next(row.answer for row in FLOW.review(answers) if row.question.field == "goals")


@pytest.mark.parametrize("goals,text,shown", [
    # a file whose goal was read from the words but not ticked (a trial: the web review left it out)
    (["learn_about_company"], HOPEFUL, 'Learn about the company; Get a job there (from your words "land a position")'),
    # a goal ticked beside words read as another (a trial: the ticked one was shown as if from the words)
    (["learn_about_company", "get_job"], NEWSROOM,
     'Learn about the company (from your words "learn how they organise the newsroom"); Get a job there'),
    # a goal both ticked and read is from the words: they say it
    (["get_job"], HOPEFUL, 'Get a job there (from your words "land a position")'),
    (["judge_fit"], None, "Judge whether it would suit me"),
    ([], None, "None"),
])
def test_the_review_shows_the_goals_the_verdict_counts_each_read_one_with_its_words(goals, text, shown):
    answers = dict(FULL, goals=goals)
    if text:
        answers["goal_text"] = text
    assert goals_row(answers) == shown
    assert shown == verdict_goals(answers) or not goals  # the verdict says "None" otherwise


def test_words_no_goal_is_read_from_are_not_credited_with_the_ticked_goals():
    answers = dict(FULL, goals=["learn_about_company"], goal_text="Coffee on Tuesday with Sam")
    assert goals_row(answers) == 'Learn about the company; no goal read from your words "Coffee on Tuesday with Sam"'


CULTURE = "i wanna see if the culture is a fit for me and maybe get hired eventually lol"
CULTURE_EDITED = "i just wanna see if the culture is a fit for me"


def test_goals_read_from_words_are_counted_beside_the_ticked_never_stored_as_ticked():
    answers = FLOW.start({"goals": ["learn_about_company"], "goal_text": HOPEFUL})
    assert FLOW.counted(answers)["goals"] == ["learn_about_company", "get_job"]
    assert answers["goals"] == ["learn_about_company"]  # a file's goals start as they were ticked
    assert FLOW.counted({"goals": ["judge_fit"], "goal_text": "Coffee"})["goals"] == ["judge_fit"]
    assert FLOW.counted({"goal_text": HOPEFUL})["goals"] == ["get_job"]


def test_confirmed_words_keep_their_goals_and_a_change_to_the_words_changes_them():
    # a trial: confirmed words came back as ticked boxes at a change, and a job wish taken back
    # out of the words still counted, said to be ticked ("Also ticked in the list: Get a job there")
    answers, position = dict(FULL), Position()
    del answers["goals"]
    position = FLOW.change("goals")
    reading = FLOW.parse(Q["goals"], CULTURE).reading
    assert reading.goals == ("judge_fit", "get_job")
    answers, position = FLOW.answer(answers, position, "goals", [], text=reading.text)
    assert answers["goals"] == [] and answers["goal_text"] == CULTURE
    assert goals_row(answers) == ('Judge whether it would suit me (from your words "see if the culture is a fit for me"); '
                                  'Get a job there (from your words "get hired")')
    assert "Get a job there" in verdict_goals(answers)
    # the change at the review: nothing shown ticked, the words to edit
    step = FLOW.step(answers, FLOW.change("goals"))
    assert step.default == [] and step.default_text == CULTURE
    edited = FLOW.parse(Q["goals"], CULTURE_EDITED).reading
    assert reading.also_ticked(FLOW.labels(Q["goals"]), step.default) == ""
    assert edited.also_ticked(FLOW.labels(Q["goals"]), step.default) == ""  # nothing "also ticked"
    answers, _ = FLOW.answer(answers, FLOW.change("goals"), "goals", step.default, text=edited.text)
    assert answers["goals"] == []
    assert "Get a job" not in goals_row(answers) and "Get a job" not in verdict_goals(answers)
    assert "get_job" not in ADVISOR.advise(FLOW.complete(answers)).goals


def test_goals_read_from_words_decide_which_questions_are_asked_as_ticked_ones_do():
    for ticked, text in ((["get_job"], HOPEFUL), (["judge_fit", "get_job"], CULTURE)):
        for given in ({"requested_by": "me", "in_hiring_process": "no"},
                      {"requested_by": "company", "in_hiring_process": "yes"}):
            by_ticks = [q.field for q in FLOW.asked(dict(given, goals=ticked))]
            by_words = [q.field for q in FLOW.asked(dict(given, goals=[], goal_text=text))]
            assert by_words == by_ticks


def test_a_saved_file_gives_the_same_verdict_and_review_after_confirmed_words(tmp_path):
    from infoview_rules.scenarios import read_saved

    answers = dict(FULL, goals=["learn_about_company"], goal_text=CULTURE)
    complete = FLOW.complete(answers)
    advice = ADVISOR.advise(complete)
    path = tmp_path / "saved.toml"
    path.write_text(FLOW.saved_file(complete, advice, "culture"))
    back = read_saved(ADVISOR.rules, str(path)).answers
    assert back["goals"] == ["learn_about_company"] and back["goal_text"] == CULTURE
    again = ADVISOR.advise(FLOW.complete(back))
    assert again.to_dict() == advice.to_dict()
    assert [r.answer for r in FLOW.review(back)] == [r.answer for r in FLOW.review(answers)]


def test_the_confirm_step_names_the_goals_ticked_beside_the_words():
    reading = FLOW.parse(Q["goals"], NEWSROOM).reading
    labels = FLOW.labels(Q["goals"])
    assert reading.also_ticked(labels, ["get_job"]) == "Also ticked in the list: Get a job there."
    # a goal read from the words and ticked as well is named too: the tick counts, whatever the words say
    # (a trial: it was left out, and the person could not see that their tick was counted)
    assert reading.goals == ("learn_about_company",)
    assert reading.also_ticked(labels, ["learn_about_company"]) == "Also ticked in the list: Learn about the company."
    assert (reading.also_ticked(labels, ["get_job", "learn_about_company"])
            == "Also ticked in the list: Learn about the company; Get a job there.")  # in the list's order
    assert reading.also_ticked(labels) == ""


JOB_OFFER = "I want to learn how they organise the newsroom. I'd also love it if it eventually turned into a job offer."


def doubting_rules(tmp_path, weights=None):
    """A copy of the shipped rules whose goal model trusts each phrase rule's reading, except where
    `weights` weigh against it (by default: a job wish with "eventually" in its sentence)."""
    from rule_copies import copy_rules

    goals = list(Q["goals"].values)
    weights = {"get_job": {"eventually": -9.0}} if weights is None else weights
    rules = copy_rules(tmp_path)
    data = {"format": 1, "goals": goals, "bias": {g: -3.0 for g in goals}, "trained_on": {},
            "weights": {g: {f"rule:{g}": 6.0, **weights.get(g, {})} for g in goals}}
    (rules / "goal-model.json").write_text(json.dumps(data), encoding="utf-8")
    return rules


def test_a_job_wish_the_model_weighed_against_is_said_plainly_at_the_confirm_step(tmp_path):
    flow = Flow(Advisor(str(doubting_rules(tmp_path))).rules)
    reading = flow.parse(Q["goals"], JOB_OFFER).reading
    labels = flow.labels(Q["goals"])
    assert reading.goals == ("learn_about_company",)
    assert [(m.goal, m.phrase) for m in reading.declined] == [("get_job", "turned into a job offer")]
    assert reading.not_read(labels, "say no and tick it") == [
        "\u201cturned into a job offer\u201d sounded like \u201cGet a job there\u201d, but I did not count it as one "
        "of your goals; if you meant it, say no and tick it."]
    assert reading.not_read(labels, "tick it", ticked=["get_job"]) == []  # ticked already: nothing lost


def test_words_read_as_an_open_role_are_not_also_said_to_be_no_job_wish(tmp_path):
    # [model] exclusive: of an open role and a plain job wish the model gives the first; the words
    # were read, as the open role, so saying they were not read as a job wish would mislead
    flow = Flow(Advisor(str(doubting_rules(tmp_path, {"pitch_for_open_role": {"porter": 9.0}}))).rules)
    words = "I want to apply for the kitchen porter job on your board outside."
    reading = flow.parse(Q["goals"], words).reading
    assert reading.goals == ("pitch_for_open_role",)
    assert reading.declined == ()


def test_words_left_out_are_said_only_under_a_question_asked_and_answered():
    """The reviews and verdicts (terminal and web) say words were left out under the question that
    asked for them: not when it is no longer asked, nor before it is answered."""
    left_out = {"goals": "I hope to land a position there"}
    answers = {"requested_by": "me", "in_hiring_process": "no", "goals": ["learn_about_company"]}
    assert FLOW.left_out_notes(answers, left_out) == {
        "goals": "Your words \u201cI hope to land a position there\u201d were left out, because you ticked your "
                 "goals instead."}
    assert FLOW.left_out_notes(dict(answers, requested_by="company"), left_out) == {}
    assert FLOW.left_out_notes({"requested_by": "me", "in_hiring_process": "no"}, left_out) == {}


def test_words_left_out_are_read_back_from_a_saved_description_only_where_they_are_not_used():
    words = 'I hope to land a "position" there, and “more”'
    said = "Saved by infoview ask. " + FLOW.left_out_notes({"goals": []}, {"goals": words})["goals"]
    assert FLOW.left_out_in(said, {"goals": ["learn_about_company"]}) == {"goals": words}
    assert FLOW.left_out_in(said, {"goals": [], "goal_text": "other words, used"}) == {}  # used: not left out
    assert FLOW.left_out_in("Saved by infoview ask.", {}) == {}
    assert FLOW.left_out_in(["not", "text"], {}) == {}  # a description edited by hand into something else


def test_words_typed_at_a_question_not_answered_yet_are_kept_by_a_save_and_read_back():
    """`q` at the goals question, after own words: a save before the verdict keeps them (LEFT_UNUSED), and
    `--answers` reads them back, to be there at that question; words for a question no longer asked are not kept."""
    words = "I hope to land a position there"
    so_far = {"requested_by": "me", "in_hiring_process": "no"}
    notes = FLOW.saved_notes(so_far, {"goals": words})
    assert notes == {"goals": f"Your words \u201c{words}\u201d are not used yet: you left before choosing your goals."}
    assert FLOW.left_out_in("Saved by infoview ask before the verdict. " + notes["goals"], so_far) == {"goals": words}
    assert FLOW.saved_notes(dict(so_far, requested_by="company"), {"goals": words}) == {}
    answered = dict(so_far, goals=["learn_about_company"])  # answered: left out, as the review says
    assert FLOW.saved_notes(answered, {"goals": words}) == FLOW.left_out_notes(answered, {"goals": words})
