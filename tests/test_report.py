"""The readable report, the plan, the draft and where every sentence comes from (issue 9)."""

import json
import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from infoview_rules import Advisor, RulesError, load_rules
from infoview_rules.cli import cli
from infoview_rules.guidance import check_guidance
from infoview_rules.report import build, render
from infoview_rules.rules import shipped_rules_dir

from test_rules_files import edit  # a copy of the shipped rules with one edit

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden"
RULES = shipped_rules_dir()
SITUATIONS = tomllib.loads((REPO / "scenarios" / "situations.toml").read_text(encoding="utf-8"))["scenario"][:6]
SLUGS = ["textbook", "career-changer", "informal-chat", "be-remembered", "applied-then-coffee", "unclear"]


def answers_file(tmp_path, answers, name="meeting.toml"):
    import tomli_w

    path = tmp_path / name
    path.write_text(tomli_w.dumps(answers))
    return path


def situation(slug):
    return SITUATIONS[SLUGS.index(slug)]["answers"]


@pytest.fixture(scope="module")
def reports():
    advisor = Advisor()
    return {slug: render(advisor.advise(s["answers"]), advisor.rules) for slug, s in zip(SLUGS, SITUATIONS)}


@pytest.mark.parametrize("slug", SLUGS)
def test_situation_report_matches_golden(runner, tmp_path, update_golden, slug):
    result = runner.invoke(cli, ["advise", str(answers_file(tmp_path, situation(slug)))], env={"NO_COLOR": "1"})
    assert result.exit_code == 0
    path = GOLDEN / f"situation-{slug}.txt"
    if update_golden:
        path.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("slug", SLUGS)
def test_each_report_says_what_to_do_in_its_first_lines(reports, slug):
    lines = reports[slug].splitlines()
    assert lines[0] == "What to do"
    assert lines[1].startswith("  1. ")
    numbered = [l for l in lines if re.match(r"  \d\. ", l)]
    assert 1 <= len(numbered) <= 3


def _forbidden_words(rules):
    """Ids, passage numbers and field names: none may show in the default report."""
    words = [f.id for f in rules.findings]
    words += [r.id for r in rules.guidance.rules()]
    words += [f.name for f in rules.schema.fields.values()]
    words += [v for f in rules.schema.choice_fields() for v in f.values]
    # one plain English word ("goals", "greeting") may well be in the text: ids and names are compounds
    return [w for w in words if "-" in w or "_" in w]


def _plain_report_problems(text, rules):
    problems = [w for w in _forbidden_words(rules) if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]
    problems += re.findall(r"\bP\d+\b", text)
    problems += ["because:"] if "because:" in text else []
    return problems


def test_the_default_report_has_no_ids_passage_numbers_or_field_names(reports):
    rules = Advisor().rules
    for slug, text in reports.items():
        assert _plain_report_problems(text, rules) == [], slug


@given(st.data())
def test_no_ids_in_any_default_report(advisor, data):
    answers = drawn_answers(advisor, data)
    text = render(advisor.advise(answers), advisor.rules)
    assert _plain_report_problems(text, advisor.rules) == []


def test_the_checker_of_plain_words_would_catch_an_id(advisor):
    # the test above is only worth something if an id in the text is caught
    assert _plain_report_problems("see expects-job-interview (P11): meeting_with", advisor.rules) == [
        "expects-job-interview", "meeting_with", "P11"]


def test_explain_shows_ids_passages_and_raw_because(runner, tmp_path):
    path = answers_file(tmp_path, situation("career-changer"))
    out = " ".join(runner.invoke(cli, ["advise", "--explain", str(path)]).stdout.split())
    assert "[open-position-pretext, folding in job-goal, job-open-now, meets-recruiter]" in out
    assert "(P9)" in out and "(P11; see also P1)" in out
    assert "because: goals = get_job; job_open = yes; meeting_with = recruiter" in out
    assert "[apply-for-the-open-role]" in out


def test_the_articles_slip_is_verbatim_in_json_and_marked_sic_in_the_report(runner, tmp_path):
    path = answers_file(tmp_path, situation("textbook"))
    text = runner.invoke(cli, ["advise", str(path)]).stdout
    assert "go along way [sic] to" in " ".join(text.split())
    result = json.loads(runner.invoke(cli, ["advise", "--json", str(path)]).stdout)
    quote = next(f["quote"] for f in result["findings"] if f["id"] == "no-job-open")
    assert "go along way to increasing" in quote and "[sic]" not in quote


# ---- where each sentence comes from -------------------------------------------------


def test_every_advice_item_has_a_source_and_only_article_items_quote():
    rules = load_rules(RULES, cache=False)
    items = rules.guidance.rules()
    assert {r.family for r in items} == {"plan", "suggestion", "question", "checklist", "draft"}
    for rule in items:
        assert rule.source in ("article", "infoview"), rule.id
        if rule.source == "infoview":
            assert rule.quote == "" and rule.cites == (), rule.id
        else:
            assert any(rule.quote in rules.passages[c] for c in rule.cites), rule.id
    for finding in rules.findings:
        assert any(finding.quote in rules.passages[c] for c in finding.cites), finding.id


@pytest.mark.parametrize("slug", SLUGS)
def test_every_item_in_the_json_says_where_it_comes_from(runner, tmp_path, slug):
    result = json.loads(runner.invoke(cli, ["advise", "--json", str(answers_file(tmp_path, situation(slug)))]).stdout)
    passages = {p["id"]: p["text"] for p in tomllib.loads((RULES / "passages.toml").read_text())["passage"]}
    for finding in result["findings"]:
        assert finding["source"] == "article" and finding["quote"] in passages[finding["quoted"]]
    for key in ("plan", "suggestions", "questions_to_ask", "checklist"):
        for item in result[key]:
            if item["source"] == "infoview":
                assert "quote" not in item and "cites" not in item
            else:
                assert item["source"] == "article" and item["quote"] in passages[item["quoted"]]
    assert result["plan"] and len(result["plan"]) <= 3


def test_every_infoview_sentence_in_the_report_is_marked(reports):
    text = reports["career-changer"]
    ours = text.split("More suggestions")[1].split("Questions you could ask")[0]
    items = [block for block in ours.split("\n  - ")[1:]]
    assert items and all("(infoview's suggestion, not the article's)" in block for block in items)
    assert "Advice\nmarked \u201cinfoview's suggestion, not the article's\u201d is the project's own." in text


# ---- the six situations, read for contradictions ------------------------------------------


def test_be_remembered_is_not_called_no_goal(reports):
    text = reports["be-remembered"]
    assert "Your goals: Be remembered for later openings." in text
    assert "named no goal" not in text and "no goal" not in text


def test_an_unclear_meeting_is_not_said_to_match(reports):
    text = reports["unclear"]
    assert "It is not clear what this meeting is for" in text
    assert "match" not in text


def test_one_path_when_a_role_is_open(reports):
    text = " ".join(reports["career-changer"].split())
    assert "apply for it through the company's hiring process" in text
    assert "once the open role is filled" not in text and "leave the open role out" not in text
    assert "rather than the recruiter" not in text  # no "ask for someone else" next to "apply"
    # the four findings about the same point fold into one
    assert text.count("Does not fit:") == 2
    assert "Watch out: You will meet a recruiter" not in text


def test_learning_while_a_role_is_open_waits_and_never_applies(advisor):
    advice = advisor.advise(dict(situation("textbook"), job_open="yes", goals=["learn_about_company"]))
    text = " ".join(render(advice, advisor.rules).split())
    assert "once the open role is filled" in text and "apply for it" not in text


def test_the_job_interview_quote_agrees_with_its_message(reports):
    block = reports["informal-chat"].split("Does not fit:")[1].split("  - ")[0]
    assert "differs from a job interview" in " ".join(block.split())


def test_a_job_goal_with_no_job_open_does_not_send_to_an_application(advisor):
    advice = advisor.advise(dict(situation("textbook"), goals=["get_job"]))
    finding = next(f for f in advice.findings if f.id == "job-goal")
    assert "application" not in finding.message


def test_ask_to_learn_says_why_in_words(advisor):
    rules = advisor.rules
    advice = advisor.advise(dict(situation("textbook"), expectations=[]))
    view = next(v for s in build(advice, rules).sections for v in s.findings if v.id == "ask-to-learn")
    # the rule is for an informational interview, and the answer alone would not say why it applies
    assert view.because == "because you asked for the meeting to learn and you did not say you expect to ask the questions"


@pytest.mark.parametrize("goals,text", [
    pytest.param([], "I want to learn how they do UX research.", id="goals-written"),
    pytest.param(["learn_about_company"], None, id="goals-ticked"),
])
def test_no_job_goal_among_the_answers_is_said_as_one_wish_not_as_options_unpicked(runner, tmp_path, goals, text):
    # new users' trials: "Because you did not pick 'Get a job there' or ..." to a person who wrote their
    # goals in their own words, then "did not choose or name “Get a job there” or “Make my case for an open
    # role”", true but odd; [not_said_set] of reasons.toml says both options as the one wish they are
    answers = {"requested_by": "me", "in_hiring_process": "no", "job_open": "yes", "meeting_with": "recruiter",
               "prepared_questions": "no", "goals": goals}
    if text:
        answers["goal_text"] = text
    path = tmp_path / "a.json"
    path.write_text(json.dumps(answers))
    result = runner.invoke(cli, ["advise", str(path)])
    assert result.exit_code == 0, result.output
    flat = " ".join(result.stdout.split())
    assert "Because you did not say you want a job there and a relevant job is open there now." in flat
    assert "did not pick" not in flat and "did not choose or name" not in flat


def test_without_a_phrase_for_the_set_the_values_are_named_with_not_said_any(runner, tmp_path):
    rules = edit(tmp_path, "reasons.toml", '"get_job+pitch_for_open_role" = "you did not say you want a job there"', "")
    answers = {"requested_by": "me", "in_hiring_process": "no", "job_open": "yes", "meeting_with": "recruiter",
               "prepared_questions": "no", "goals": ["learn_about_company"]}
    path = tmp_path / "a.json"
    path.write_text(json.dumps(answers))
    result = runner.invoke(cli, ["advise", "--rules", str(rules), str(path)])
    assert result.exit_code == 0, result.output
    assert ("Because you did not choose or name \u201cGet a job there\u201d or \u201cMake my case for an open role\u201d"
            " and a relevant job is open there now.") in " ".join(result.stdout.split())


def test_a_plan_step_for_one_kind_of_meeting_names_the_kind_beside_an_answer_that_does_not_decide_it(advisor):
    # a new user's trial: "Decide what you want to find out ... Because you don't know whether a
    # relevant job is open" left out the real trigger, that a job is the aim
    rules = advisor.rules
    answers = dict(situation("textbook"), goals=["get_job", "be_remembered"], job_open="unknown")
    advice = advisor.advise(answers)
    assert advice.classification == "job_pitch"
    step = next(i for i in build(advice, rules).plan if i.id == "decide-what-to-learn")
    assert step.because == ("because you are after a job rather than information and you don't know whether "
                            "a relevant job is open")
    # where the answers shown already decide the kind (who asked, the hiring process), it is not named again
    job = advisor.advise(dict(situation("textbook"), requested_by="company"))
    assert job.classification == "job"
    first = build(job, rules).plan[0]
    assert first.because == "because the company asked for the meeting"


@pytest.mark.parametrize("slug", ["informal-chat", "applied-then-coffee"])
def test_a_real_job_interview_branch(reports, slug):
    text = " ".join(reports[slug].split())
    assert "Prepare as you would for a job interview." in text
    assert "Still bring two or three questions of your own" in text
    assert "Questions you could ask" in text and "What is the biggest challenge the team is facing right now?" in text
    assert text.count("- Does not fit:") + text.count("- Watch out:") + text.count("- Tip:") >= 2


@pytest.mark.parametrize("requested_by,in_hiring_process,why", [
    ("company", "no", "because the company asked for the meeting"),
    ("company", "yes", "because the company asked for the meeting"),
    ("me", "yes", "you have applied there or are being interviewed"),
], ids=["they-asked", "they-asked-an-applicant", "applied-then-asked"])
def test_the_job_interview_plan_says_what_makes_it_one(advisor, requested_by, in_hiring_process, why):
    # "applied, then asked for a coffee": the hiring process, not the asking, makes it a job
    # interview, so the first action must not rest on "you asked for the meeting" alone
    answers = dict(situation("textbook"), requested_by=requested_by, in_hiring_process=in_hiring_process)
    first = build(advisor.advise(answers), advisor.rules).plan[0]
    assert first.text.startswith("Prepare as you would for a job interview.")
    assert why in first.because
    if requested_by == "me":
        assert "hiring process" in first.text
        assert "application/interview process" in first.quote.text
    plan = [c.id for c in advisor.advise(answers).next_steps.plan]
    assert sum(a.startswith("prepare-for-interview") for a in plan) == 1  # never two "prepare" actions


@pytest.mark.parametrize("goals,after", [(["learn_about_company"], " The advice"), ([], " Pick your goals")],
                         ids=["picked-from-the-list", "none-picked"])
@pytest.mark.parametrize("words,shown", [
    ("Coffee", "\u201cCoffee\u201d."),
    ("Coffee on Tuesday.", "\u201cCoffee on Tuesday.\u201d"),
    ("Coffee with Sam?", "\u201cCoffee with Sam?\u201d"),
    ("coffee " * 30, "...\u201d"),  # cut short: the "..." ends it
], ids=["no-stop-of-its-own", "a-stop-of-its-own", "a-question-mark", "cut-short"])
def test_the_quoted_words_end_a_sentence_before_the_next_begins(runner, tmp_path, words, shown, goals, after):
    """The trial found "You wrote: “Coffee” The advice ...": a sentence running on from the quote."""
    path = answers_file(tmp_path, dict(situation("textbook"), goals=goals, goal_text=words))
    report = " ".join(runner.invoke(cli, ["advise", str(path)]).stdout.split())
    unread = json.loads(runner.invoke(cli, ["advise", "--json", str(path)]).stdout)["goal_text_unread"]
    for said in (report, unread):
        assert shown + after in said


@pytest.mark.parametrize("goals", [["learn_about_company"], []], ids=["picked-from-the-list", "none-picked"])
def test_unread_own_words_are_said_truly_whether_goals_were_picked_or_not(runner, tmp_path, goals):
    path = answers_file(tmp_path, dict(situation("textbook"), goals=goals, goal_text="Coffee on Tuesday."))
    report = " ".join(runner.invoke(cli, ["advise", str(path)]).stdout.split())
    unread = json.loads(runner.invoke(cli, ["advise", "--json", str(path)]).stdout)["goal_text_unread"]
    for said in (report, unread):
        assert "I could not tell from your words" in said and "\u201cCoffee on Tuesday.\u201d" in said
        if goals:  # they did pick: asking them to is untrue; the advice rests on what they picked
            assert "Pick your goals from the list" not in said
            assert "The advice rests on the goals you picked from the list." in said
        else:
            assert "Pick your goals from the list instead." in said
    if goals:
        assert "Your goals: Learn about the company." in report and "The goals to pick from" not in report
    else:
        assert "The goals to pick from: Learn about the company;" in report


def test_because_sentences_come_from_the_answers(reports):
    assert "Because you want to get a job there, a relevant job is open there now and you will meet a recruiter." in \
        " ".join(reports["career-changer"].split())


# ---- the report model ---------------------------------------------------------------------


def test_the_model_is_plain_data_for_every_front_end(advisor):
    report = build(advisor.advise(situation("career-changer")), advisor.rules)
    assert [i.id for i in report.plan] == ["apply-for-the-open-role", "go-to-learn-not-to-be-hired", "write-your-questions"]
    assert report.plan[0].source == "infoview" and report.plan[0].quote is None
    assert report.plan[1].quote.text == "an informational interview is not a job interview."
    assert [s.title for s in report.sections] == ["Jobs and openings"]
    pretext = report.sections[0].findings[1]
    assert pretext.label == "Does not fit" and pretext.folded == ("job-goal", "job-open-now", "meets-recruiter")
    json.dumps(report.to_dict())  # serialisable as is


# ---- plans and relations, over many answers ------------------------------------------------


def drawn_answers(advisor, data):
    """A whole answers object drawn by hypothesis from the rules' own questions."""
    answers = {f.name: data.draw(st.sampled_from(f.options)) for f in advisor.rules.schema.choice_fields()}
    return {k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()}


def _holds(term, answers, classification):
    from infoview_rules.conditions import holds

    return all(holds(lit, answers, classification) for lit in term)


@given(st.data())
def test_the_engine_chooses_exactly_the_guidance_whose_conditions_hold(advisor, data):
    answers = drawn_answers(advisor, data)
    advice = advisor.advise(answers)
    steps = advice.next_steps
    chosen = [c.id for c in [*steps.suggestions, *steps.questions_to_ask, *steps.checklist, *steps.draft]]
    guidance = advisor.rules.guidance
    expected = [r.id for f in ("suggestion", "question", "checklist", "draft") for r in guidance.families[f]
                if any(_holds(t, answers, advice.classification) for t in r.terms)]
    assert chosen == expected
    plan_holds = [r.id for r in guidance.families["plan"] if any(_holds(t, answers, advice.classification) for t in r.terms)]
    assert [c.id for c in steps.plan] == plan_holds[:3]
    assert steps.plan  # every answers object gets a plan
    ids = set(plan_holds)
    for action in guidance.families["plan"]:
        assert not (action.id in ids and ids & set(action.conflicts)), action.id


def test_verify_checks_pass_on_the_shipped_rules():
    assert [(name, detail) for name, ok, detail in check_guidance(load_rules(RULES, cache=False)) if not ok] == []


BROKEN_RELATIONS = [
    ("plans-that-disagree", "plan.toml", 'conflicts = ["wait-until-the-role-is-filled"]',
     'conflicts = ["wait-until-the-role-is-filled", "write-your-questions"]',
     "conflicting plan actions never come together", "apply-for-the-open-role and write-your-questions can be in one plan"),
    ("suppress-a-more-serious-finding", "findings.toml", 'suppresses = ["ask-to-learn"]\n\n[[finding]]\nid = "meets-recruiter"',
     'suppresses = ["ask-to-learn", "expects-job-interview"]\n\n[[finding]]\nid = "meets-recruiter"',
     "declared relations between findings hold (suppresses)",
     "no-questions-prepared (caution) cannot fold away the more serious expects-job-interview (mismatch)"),
    ("suppress-a-finding-that-never-fires-with-it", "findings.toml", 'suppresses = ["job-their-questions"]',
     'suppresses = ["job-their-questions", "no-job-open"]',
     "declared relations between findings hold (suppresses)",
     "job-interview-not-informational suppresses no-job-open, but they never fire together"),
    ("cover-a-mismatch", "plan.toml", 'covers = ["no-questions-prepared"]', 'covers = ["no-questions-prepared", "expects-job-interview"]',
     "plan actions cover only findings they can stand for", "write-your-questions covers expects-job-interview, a mismatch"),
    ("cover-a-checklist-item-that-never-comes-with-it", "plan.toml",
     'covers_checklist = ["job-introduction"]',
     'covers_checklist = ["job-introduction", "expect-nothing"]',
     "plan actions cover only checklist items that come with them",
     "have-answers-ready covers checklist item expect-nothing, but they never fire together"),
]


@pytest.mark.parametrize("file,old,new,check,detail", [b[1:] for b in BROKEN_RELATIONS], ids=[b[0] for b in BROKEN_RELATIONS])
def test_verify_catches_broken_relations_and_plans(tmp_path, file, old, new, check, detail):
    rules = load_rules(edit(tmp_path, file, old, new), cache=False)
    failed = {name: d for name, ok, d in check_guidance(rules) if not ok}
    assert list(failed) == [check]
    assert detail in failed[check]


def test_verify_finds_answers_that_get_no_plan(tmp_path):
    rules = edit(tmp_path, "plan.toml", "", "")
    path = rules / "plan.toml"
    # every job-interview action now needs a role to be open: other job interviews get no plan
    path.write_text(path.read_text().replace('when.classification = "job"\n', 'when.classification = "job"\nwhen.job_open = "yes"\n'))
    failed = {name: d for name, ok, d in check_guidance(load_rules(rules, cache=False)) if not ok}
    assert list(failed) == ["every answers object gets a plan"]
    assert failed["every answers object gets a plan"].startswith("no action when ")
    assert "classification is job" in failed["every answers object gets a plan"]


# ---- passage pins -------------------------------------------------------------------------------


def test_an_edited_passage_is_refused_naming_it_and_how_to_re_pin(runner, tmp_path):
    rules = edit(tmp_path, "passages.toml", "nor should be expected.", "and should be expected.")
    meeting = answers_file(tmp_path, situation("textbook"))
    for args in (["advise", str(meeting)], ["verify"]):
        result = runner.invoke(cli, [*args, "--rules", str(rules)])
        assert result.exit_code == 2
        assert result.stderr.startswith(f"error: {rules / 'passages.toml'}: passage P7: its text does not match its pin")
        assert "re-pin it: sha256 = \"" in result.stderr
        assert result.stderr.count("\n") == 1


def test_re_pinning_as_the_message_says_is_accepted(tmp_path):
    rules = edit(tmp_path, "passages.toml", "nor should be expected.", "and should be expected.")
    with pytest.raises(RulesError) as caught:
        load_rules(rules, cache=False)
    new_pin = re.search(r'sha256 = "([0-9a-f]{64})"', str(caught.value)).group(1)
    text = (rules / "passages.toml").read_text(encoding="utf-8")
    old_pin = re.search(r'id = "P7"\ntext = "[^"]*"\nsha256 = "([0-9a-f]{64})"', text).group(1)
    (rules / "passages.toml").write_text(text.replace(old_pin, new_pin), encoding="utf-8")
    # the passage now loads; the quotes that no longer match it are refused in turn
    with pytest.raises(RulesError, match="quote is not word for word"):
        load_rules(rules, cache=False)


def test_a_passage_without_a_pin_is_refused(tmp_path):
    text = (RULES / "passages.toml").read_text(encoding="utf-8")
    pin = re.search(r'id = "P4"\ntext = "[^"]*"\n(sha256 = "[0-9a-f]{64}"\n)', text).group(1)
    rules = edit(tmp_path, "passages.toml", pin, "")
    with pytest.raises(RulesError, match=r"passage P4: has no pin; pin it by adding: sha256 = \"[0-9a-f]{64}\""):
        load_rules(rules, cache=False)


def test_passages_are_verbatim_excerpts_of_the_article():
    article = Path("/work/shared/source/informational-vs-job-interviews.txt")
    if not article.exists():  # the project must build without /work/shared; the pins hold then
        pytest.skip("the article is not on this machine")
    text = " ".join(article.read_text(encoding="utf-8").split())
    for passage in tomllib.loads((RULES / "passages.toml").read_text(encoding="utf-8"))["passage"]:
        assert passage["text"] in text, passage["id"]


# ---- questions to ask, checklist ----------------------------------------------------------------

WEBSITE_ANSWERS = ("what does the company do", "products", "how many employees", "founded", "mission statement",
                   "where are your offices", "open positions", "salary", "what services")


def test_questions_to_ask_are_many_tagged_and_not_for_a_website():
    rules = load_rules(RULES, cache=False)
    questions = rules.guidance.families["question"]
    assert len(questions) >= 30
    served = {tag for q in questions for tag in q.serves}
    assert {"learn_about_company", "judge_fit", "be_remembered", "job_interview"} <= served
    for q in questions:
        assert q.text.endswith("?") and q.source == "infoview"
        assert not any(w in q.text.lower() for w in WEBSITE_ANSWERS), q.text


def test_questions_are_picked_for_goals_and_whom_they_meet(advisor):
    manager = [c.id for c in advisor.advise(situation("textbook")).next_steps.questions_to_ask]
    hr = [c.id for c in advisor.advise(dict(situation("textbook"), meeting_with="hr")).next_steps.questions_to_ask]
    assert "team-normal-week" in manager and "team-normal-week" not in hr
    assert "moving-between-roles" in hr and "moving-between-roles" not in manager
    only_fit = [c.id for c in advisor.advise(dict(situation("textbook"), goals=["judge_fit"])).next_steps.questions_to_ask]
    assert "hardest-problem" not in only_fit and "like-and-change" in only_fit


def test_the_checklist_covers_the_preparation_the_issue_names(advisor):
    for prepared, questions in (("yes", "bring your questions, written down"), ("no", "write your questions down")):
        answers = dict(situation("textbook"), prepared_questions=prepared)
        items = [c.rule.text.lower() for c in advisor.advise(answers).next_steps.checklist]
        for words in ("research the company", questions, "most important first", "present well", "genuine interest",
                      "expect nothing", "introduction of yourself"):
            assert any(words in item for item in items), (prepared, words)


@pytest.mark.parametrize("prepared,item,not_item", [("yes", "bring-your-questions", "write-your-questions"),
                                                    ("no", "write-your-questions", "bring-your-questions")])
def test_questions_ready_are_to_be_brought_not_written(advisor, prepared, item, not_item):
    """A trial: "Write your questions down" came right after "You have questions ready". Questions
    ready are to be brought, in order; both items rest on the same words of the article."""
    answers = dict(situation("textbook"), prepared_questions=prepared)
    checklist = {c.rule.id: c.rule for c in advisor.advise(answers).next_steps.checklist}
    assert item in checklist and not_item not in checklist
    assert (tuple(checklist[item].cites), checklist[item].quote) == (("P7",), "If you prepare, ask intelligent questions")


@pytest.mark.parametrize("slug", SLUGS)
def test_advice_the_plan_gives_is_not_repeated_in_the_checklist(advisor, slug):
    report = build(advisor.advise(situation(slug)), advisor.rules)
    said = [(part, i.text) for part, items in (("plan", report.plan), ("checklist", report.checklist))
            for i in items if i.text.lower().startswith("expect nothing")]
    if report.classification != "job":  # said once: in the plan when it is there, else in the checklist
        assert len(said) == 1, said
    shown = {a.id for a in report.plan}
    for action in advisor.rules.guidance.families["plan"]:
        for item in action.covers_checklist:
            in_checklist = item in {i.id for i in report.checklist}
            fires = item in {c.rule.id for c in advisor.advise(situation(slug)).next_steps.checklist}
            assert in_checklist == (fires and action.id not in shown), (action.id, item)


# ---- the draft ------------------------------------------------------------------------------------


def test_draft_for_an_informational_request(runner, tmp_path):
    result = runner.invoke(cli, ["draft", str(answers_file(tmp_path, situation("textbook")))])
    assert result.exit_code == 0
    assert result.stdout.startswith("Draft message (edit it, then send it yourself)")
    out = " ".join(result.stdout.split())
    assert "Dear [name]," in out and "[company]" in out
    assert "I am not asking about jobs or applying for one" in out
    assert "whether work in [field] at a company like yours would suit me" in out
    assert "infoview sends nothing" in out
    assert "timing" not in out.lower()


def test_draft_notes_the_timing_and_whom_to_address(runner, tmp_path):
    out = runner.invoke(cli, ["draft", str(answers_file(tmp_path, situation("career-changer")))]).stdout
    flat = " ".join(out.split())
    assert "The timing works against this request" in flat and "\u201cit can be easy to see through.\u201d" in flat
    assert "Send it to someone in HR or to a manager in the area you care about, rather than to a recruiter." in flat
    assert "You want a job there, and this message asks only to learn." in flat  # get_job is a goal
    assert "not asking about jobs" not in flat and "This is not a job application" in flat


def test_no_draft_for_a_job_interview(runner, tmp_path):
    out = runner.invoke(cli, ["draft", str(answers_file(tmp_path, situation("informal-chat")))]).stdout
    assert "Dear" not in out
    assert out.startswith("About asking for this meeting:")
    assert "You need no message asking for this meeting" in out


def test_no_draft_for_a_job_interview_they_asked_for_quotes_the_hiring_process(runner, tmp_path):
    # applied, then asked for a coffee: "made at your request" would be quoted against them
    out = runner.invoke(cli, ["draft", str(answers_file(tmp_path, situation("applied-then-coffee")))]).stdout
    flat = " ".join(out.split())
    assert "Dear" not in out and out.startswith("About asking for this meeting:")
    assert "made at your request" not in flat
    assert "you have applied there, or are being interviewed" in flat
    assert "\u201cIt is your chance to judge the suitability of a company outside the application/interview process.\u201d" in flat


def test_no_request_to_learn_that_hides_a_pitch_for_an_open_role(runner, tmp_path):
    answers = dict(situation("textbook"), goals=["pitch_for_open_role"], job_open="yes")
    out = runner.invoke(cli, ["draft", str(answers_file(tmp_path, answers))]).stdout
    flat = " ".join(out.split())
    assert "Dear" not in out and "I am not asking about jobs" not in flat
    assert "you want a job there while a relevant role is open now" in flat
    assert "apply for it through their hiring process" in flat


def test_no_request_to_learn_for_a_job_pitch_while_a_role_is_open(runner, tmp_path):
    # only a job among the goals, a role open: the plan says to apply rather than ask to learn,
    # so the draft does not write the request (a new user's trial found it did)
    answers = dict(situation("textbook"), goals=["get_job"], job_open="yes", meeting_with="recruiter")
    advice = Advisor().advise(answers)
    assert advice.classification == "job_pitch"
    assert "apply-for-the-open-role" in [c.id for c in advice.next_steps.plan]
    out = runner.invoke(cli, ["draft", str(answers_file(tmp_path, answers))]).stdout
    flat = " ".join(out.split())
    assert "Dear" not in out and "This is not a job application" not in flat
    assert "apply for it through their hiring process" in flat
    report = runner.invoke(cli, ["advise", str(answers_file(tmp_path, answers))]).stdout
    assert "infoview draft" not in report  # the report does not send them to a draft there is not


def test_a_job_among_the_goals_is_never_denied_in_the_message(runner, tmp_path):
    answers = dict(situation("textbook"), goals=["learn_about_company", "get_job"])
    out = runner.invoke(cli, ["draft", str(answers_file(tmp_path, answers))]).stdout
    flat = " ".join(out.split())
    assert "Dear [name]," in out and "not asking about jobs" not in flat
    assert "This is not a job application" in flat and "You want a job there" in flat


@given(st.data())
def test_a_draft_never_contradicts_the_answers(advisor, data):
    from infoview_rules.draft import build_draft

    answers = drawn_answers(advisor, data)
    advice = advisor.advise(answers)
    draft = build_draft(advice, advisor.rules)
    job_goal = bool({"get_job", "pitch_for_open_role"} & set(answers["goals"]))
    # a job wanted while a role is open, by a pitch or as the only aim: apply instead, no request to learn
    pitch_now = answers["job_open"] == "yes" and ("pitch_for_open_role" in answers["goals"]
                                                  or advice.classification == "job_pitch")
    message = " ".join(draft.message.split())
    notes = " ".join(" ".join(n.text.split()) + " " + (n.quote.text if n.quote else "") for n in draft.notes)
    assert draft.message or draft.notes  # always something: a message, or why there is none
    assert bool(draft.message) == (advice.classification != "job" and not pitch_now)
    if job_goal:
        assert "not asking about jobs" not in message
    if "be_remembered" in answers["goals"]:  # kept in mind for later openings: not "simply to learn"
        assert "simply like to learn" not in message
        if draft.message:
            assert "You want to be remembered for later openings" in notes
    if "made at your request" in notes:
        assert answers["requested_by"] == "company"
    if not draft.message:  # notes about sending a message only come with one
        assert "send it" not in notes.lower() and "timing" not in notes.lower()
    if answers["job_open"] != "yes":
        assert "open now" not in notes
    if answers["meeting_with"] in ("other", "hr", "manager"):  # whom to meet is chosen: no advice otherwise (a trial)
        assert "someone in HR" not in notes and "a manager in the area" not in notes


def test_draft_bad_input_is_one_line(runner, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('requested_by = "someone"\n')
    result = runner.invoke(cli, ["draft", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1


def test_findings_no_longer_put_our_advice_in_the_articles_mouth():
    # advice the article does not give lives in suggestions/plan items marked as infoview's own
    rules = load_rules(RULES, cache=False)
    ours = ("normal process", "bring up the opening", "wastes the time", "whose job is filling roles")
    for finding in rules.findings:
        assert not any(words in finding.message for words in ours), finding.id
    meets = next(f for f in rules.findings if f.id == "meets-recruiter").message
    assert "no problem in itself" in meets  # a recruiter is not a problem; pitching an open role to one is


@pytest.mark.parametrize("slug", SLUGS)
def test_a_quote_shown_in_the_plan_is_not_printed_again_under_a_finding(reports, slug):
    advice = Advisor().advise(situation(slug))
    plan_part, rest = reports[slug].split("\nWhat this meeting is\n", 1)
    for later in ("\nMore suggestions\n", "\nQuestions you could ask\n", "\nBefore you go\n"):
        rest = rest.split(later, 1)[0]  # the findings' part (the checklist may quote the same words)
    plan_part, rest = " ".join(plan_part.split()), " ".join(rest.split())
    for item in advice.next_steps.plan:
        if item.rule.source == "article":
            opening = "\u201c" + " ".join(item.rule.quote.split()[:5])  # as the report opens a quote
            assert opening in plan_part
            assert opening not in rest, (slug, item.id)
