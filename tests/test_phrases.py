"""Phrase rules read goals from free text: varied wording per goal, and sentences that give none."""

import pytest

from infoview_rules.phrases import read_goals
from infoview_rules.rules import load_rules
from rule_copies import copy_rules, drop_goal_model, replace

SENTENCES = {
    "learn_about_company": [
        "I want to learn about the company.",
        "Mostly I'd like to find out how the team works",
        "curious what the culture is like over there",
        "I'm hoping to understand what they do all day.",
        "Get some insight into the firm.",
        "Hear what it's like to work there",
    ],
    "judge_fit": [
        "See whether I'd be a good fit.",
        "I want to judge if the place suits me",
        "decide whether I would actually want to work there",
        "Figure out if it is the right place for me.",
        "Check the suitability of the company as an employer",
    ],
    "get_job": [
        "I want to get a job there.",
        "Honestly I hope to land a position",
        "Get hired, ideally.",
        "I just need my foot in the door",
        "I hope it turns into a job interview.",
        "secure an offer",
    ],
    "pitch_for_open_role": [
        "Talk to them about the open position.",
        "Pitch myself for the role they advertised",
        "There's an opening I'd like to ask about",
        "make my case for the posted role",
    ],
    "be_remembered": [
        "I'd like them to remember me.",
        "Maybe get on their radar",
        "Be kept in mind for future openings.",
        "Make a good impression and stay in touch",
    ],
}

NO_GOAL = [
    "",
    "Coffee on Tuesday.",
    "I am not looking for a job right now.",
    "We meet at ten",
    "I don't want a job there",
    "There is no open role.",
    "Thanks!",
]


@pytest.mark.parametrize(
    "goal,sentence", [(g, s) for g, ss in SENTENCES.items() for s in ss],
    ids=[f"{g}:{s[:30]}" for g, ss in SENTENCES.items() for s in ss],
)
def test_sentence_gives_its_goal(advisor, goal, sentence):
    goals = [m.goal for m in read_goals(sentence, advisor.rules.phrases, advisor.rules.schema.fields["goals"].values)]
    assert goal in goals


@pytest.mark.parametrize("sentence", NO_GOAL, ids=[s[:30] or "empty" for s in NO_GOAL])
def test_sentence_gives_no_goal(advisor, sentence):
    assert read_goals(sentence, advisor.rules.phrases, advisor.rules.schema.fields["goals"].values) == []


def test_negation_guards_only_its_own_clause(advisor):
    text = "I'm not looking for a job, but I want to learn about the company."
    goals = [m.goal for m in read_goals(text, advisor.rules.phrases, advisor.rules.schema.fields["goals"].values)]
    assert goals == ["learn_about_company"]


def test_each_goal_reported_once_with_its_first_phrase(advisor):
    text = "Get a job. Also land a role, honestly."
    matches = read_goals(text, advisor.rules.phrases, advisor.rules.schema.fields["goals"].values)
    assert [(m.goal, m.phrase) for m in matches] == [("get_job", "Get a job")]


def _goals(book, text: str) -> list:
    return [(m.goal, m.phrase) for m in read_goals(text, book, GOALS)]


GOALS = ["learn_about_company", "judge_fit", "get_job", "pitch_for_open_role", "be_remembered"]


def test_an_abbreviations_full_stop_ends_no_sentence(tmp_path, advisor):
    # "Jr." does not cut the role off from the application; the phrase shown keeps the person's "Jr."
    text = "I'm sending my application for the Jr. Accountant posting."
    assert _goals(advisor.rules.phrases, text) == [("pitch_for_open_role", "application for the Jr. Accountant posting")]
    rules = copy_rules(tmp_path)
    drop_goal_model(rules)  # the rules alone: the goal model reads the pitch from "application" and "posting"
    replace(rules / "phrases.toml", '"jr", ', "")
    assert "pitch_for_open_role" not in dict(_goals(load_rules(rules, cache=False).phrases, text))


def test_a_whole_clause_scope_reaches_back_to_its_clause_start(tmp_path, advisor):
    # the open role named last decides what the CV is for, not a plain job wish
    text = "Hand my CV to the hiring manager for the designer job they posted."
    assert [g for g, _ in _goals(advisor.rules.phrases, text)] == ["pitch_for_open_role"]
    # but not back past a clause end: the job wish before the ";" stands
    assert [g for g, _ in _goals(advisor.rules.phrases, "I want a job with them; the temp role they posted isn't it.")] == ["get_job"]
    rules = copy_rules(tmp_path)
    drop_goal_model(rules)  # the scopes alone: the goal model would give one of the two
    replace(rules / "phrases.toml", 'they posted"\nwhole_clause = true', 'they posted"\nwhole_clause = false')  # open-role's
    assert [g for g, _ in _goals(load_rules(rules, cache=False).phrases, text)] == ["get_job", "pitch_for_open_role"]
