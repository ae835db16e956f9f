"""Reading goals in people's own words: the issue's failure patterns, the corpus floors, honest failure."""

import dataclasses
import json
import shutil
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infoview_rules.advisor import Advisor
from infoview_rules.cli import cli
from infoview_rules.errors import RulesError
from infoview_rules.phrase_eval import CORPUS_DIR, evaluate, load_corpus
from rule_copies import drop_goal_model
from infoview_rules.phrases import UNREAD, as_typed, read_goals, someone_elses_words, unread_message
from infoview_rules.rules import load_rules, shipped_rules_dir

LEARN, FIT, JOB, PITCH, REMEMBER = "learn_about_company", "judge_fit", "get_job", "pitch_for_open_role", "be_remembered"

# One table per failure pattern of the issue, each sentence with the exact goal set it must give.
PATTERNS = {
    "job-wording": [
        ("I'm hoping to get an internship there.", {JOB}),
        ("I want a position on their team.", {JOB}),
        ("Looking for employment.", {JOB}),
        ("I'd like them to hire me.", {JOB}),
        ("I need work and they're growing.", {JOB}),
        ("Ask her for a referral.", {JOB}),
        ("Walk out with an offer.", {JOB}),
        ("convince the hiring manager to interview me", {JOB}),  # a trial: read nothing
    ],
    "work-offer-role-nearby": [
        ("I want to know what it's like to work there.", {LEARN}),
        # asked as a question, "like to work at" is not "I'd like to work at" (a fresh part)
        ("What's it like to work at Brightwave as a junior?", {LEARN}),
        ("whats it like to work for them", {LEARN}),
        ("Find out what they offer graduates.", {LEARN}),
        ("Learn the skills for a role like theirs.", {LEARN}),
        ("Understand how work gets shared across the team.", {LEARN}),
    ],
    "bare-opening-or-role": [
        ("I read about the opening of their new office and want to learn more about them.", {LEARN}),
        ("My current role is in retail; I want to understand their industry.", {LEARN}),
        ("My role is quite technical.", set()),
        ("Make my case for the open position.", {PITCH}),
        ("Ask about the vacancy they posted.", {PITCH}),
    ],
    "learning": [
        ("What does a data analyst actually do?", {LEARN}),
        ("Insights into their culture.", {LEARN}),
        ("I want to lern about the compnay.", {LEARN}),
        ("How do they pick their projects?", {LEARN}),
    ],
    "fit": [
        ("See if the job is right for me.", {FIT}),
        ("Check whether the company fits my values.", {FIT}),
        ("Find out if it's a good place to work.", {FIT}),
        ("Get a feel for the place.", {FIT}),
        ("Decide whether to apply.", {FIT}),
    ],
    "negation-scope": [
        ("I'm not looking for a job, I want to learn about the company.", {LEARN}),
        ("I'm not asking for a job, an internship or a referral.", set()),
        ("I've never had a job interview and I'd love one there.", {JOB}),
        ("I dont want a job.", set()),
        ("I'd rather learn about the company than ask for a job.", {LEARN}),
        ("The last thing I want is a job there; I just want to learn.", {LEARN}),  # a trial
        # "not gonna lie" is a way of speaking, no negation (a trial read nothing in it)
        ("Not gonna lie, the main reason is the internship.", {JOB}),
        ("I won't lie, I'd love a job there.", {JOB}),
        ("Not gonna lie, I'm not after a job, just curious how they work.", {LEARN}),
        # a wish typed as a new clause without a comma ends the negation before it (a trial read nothing)
        ("I dont want a job I want to learn", {LEARN}),
        ("A job there is not something I want to ask for, I want to learn how they work.", {LEARN}),
    ],
    # a question answered by a refusal in the next sentence names no goal ([reading] refusals; a trial)
    "refused-question": [
        ("A job there? No thanks. I just want to learn how they work.", {LEARN}),
        ("An internship? Nope, not for me! Mainly curious about the culture.", {LEARN}),
        ("Would I take a job there if offered? No. I'd like advice on the industry.", {LEARN}),
        ("Would I want to work there? Definitely. I'd also like to learn how they hire.", {LEARN, JOB}),
        ("Any openings there? No idea, but I'd love a job with them.", {JOB}),
    ],
    "someone-else": [
        ("My flatmate hopes to get a job there.", set()),
        # a goal named first and given to someone else after it (a trial)
        ("Getting a job there is my cousin's dream, not mine.", set()),
        ("A job there is what my dad wants, not what I want; I'd like to learn how they work.", {LEARN}),
        ("My brother wants an internship there, but I want to learn about the company.", {LEARN}),
        ("She landed a position there and I'd like to hear what it's like.", {LEARN}),
        # her story ends at its comma: the person's own wish after it counts (a trial)
        ("Mainly I'd like to pick her brain about how she got into the role, and maybe walk out with an offer.",
         {LEARN, JOB}),
        ("Getting a graduate job is what my parents want.", set()),
        ("I'd like to ask how he landed his job there.", {LEARN}),
        # advice given to the person, whoever gives it, is not their wish (session 26)
        ("My nan keeps saying I should get a proper job at the council.", set()),
        ("Mum thinks I should ask them for an apprenticeship, but I'd rather learn what they do.", {LEARN}),
        ("My supervisor at the garage reckons I should apply there.", set()),
        ("The agency said they want someone to fill the post by spring.", set()),
        ("Some people come to these chats to get hired; I want to learn how the lab runs.", {LEARN}),
    ],
    # a job the person had is their story, not a wish; one ending is a time (session 26)
    "own-past-job": [
        ("I interned with them in 2021 and loved the team.", set()),
        ("I had a placement there at uni.", set()),
        ("Keep in touch with my manager after my apprenticeship finishes.", {REMEMBER}),
        ("I'd love to be kept on once my placement ends.", {JOB}),
        ("I worked there years ago and would love a permanent job with them now.", {JOB}),
    ],
    # how they hire is a topic; asking whether they would have the person is a wish (session 26)
    "hiring-practice": [
        ("What are the hours, and do they take people on without a degree?", {LEARN}),
        ("Find out who gets hired after the summer programme.", {LEARN}),
        ("Learn about their projects and what it takes to join the team.", {LEARN}),
        ("Ask if they'd consider me for weekend shifts.", {JOB}),
        ("Learn about the team and how I could get a work permit.", {LEARN}),
    ],
    "be-remembered": [
        ("Be first in line when they next hire.", {REMEMBER}),
        ("Later on I want to study, but now I want to learn about the sector.", {LEARN}),
        ("I'll send a thank-you note later on.", set()),
        ("Keep me in mind for future openings.", {REMEMBER}),
    ],
    # issue 10, second pass: the failure patterns of the fresh batches
    "whose-wish": [
        ("I'm in my final year and want to see if audit is something I could do.", {FIT}),
        ("Most of my friends are trying to get jobs there; I want to learn about the sector.", {LEARN}),
        ("How did he get his role there?", {LEARN}),
        ("My partner and I want to learn about the firm; she also wants a job there.", {LEARN}),
    ],
    "clause-ends": [
        ("i dont want a job i just want to understand the industry", {LEARN}),
        ("I want to hear how she got there, because I'm wondering if I'd fit.", {LEARN, FIT}),
        ("See if I'd fit, and ideally leave with an offer.", {FIT, JOB}),
    ],
    "embedded-question": [
        ("Find out what it takes to get hired there.", {LEARN}),
        ("Ask how she landed her first job.", {LEARN}),
        ("I'd like them to know who I am.", {REMEMBER}),
    ],
    "refers-back": [
        ("They posted a designer role. I want to show I'm a strong candidate for that role.", {PITCH}),
        ("I want to show I'm a strong candidate for that role.", set()),
        ("There's a vacancy in sales; I'd like to ask about it.", {PITCH}),
        ("They have a great blog and I want to ask about it.", {LEARN}),
        ("Their graduate scheme looks great and I'd love to get on it.", {JOB}),
    ],
    "job-anywhere-in-a-clause": [
        ("Ideally I'd end up with some kind of job there by summer.", {JOB}),
        ("I want to know what a junior job there involves.", {LEARN}),
        ("The skills I'd need for a job like hers.", set()),
        ("I'd love to work for them one day.", {JOB}),
    ],
    "texting-and-typos": [
        ("u think i could c if its rite for me", {FIT}),
        ("want them to rember me", {REMEMBER}),
        ("wanna knw abt there projects", {LEARN}),
    ],
}


def _cases():
    return [pytest.param(text, goals, id=f"{name}: {text[:40]}") for name, rows in PATTERNS.items() for text, goals in rows]


@pytest.fixture(scope="module")
def book():
    return load_rules(cache=False).phrases


@pytest.fixture(scope="module")
def goal_order(book):
    return load_rules(cache=False).schema.fields["goals"].values


@pytest.fixture(scope="module")
def rules_alone(book):
    """The phrase rules without the goal model: what the tables below specify."""
    return dataclasses.replace(book, model_file="")


@pytest.mark.parametrize("text,goals", _cases())
def test_pattern_table(rules_alone, goal_order, text, goals):
    assert {m.goal for m in read_goals(text, rules_alone, goal_order)} == goals


# Where the reader with its goal model reads a table's sentence otherwise than the rules, and why.
MODEL_READS_OTHERWISE = {
    # no role was named before "that role", which the rule's `after` asks for; but the person
    # makes a case for a specific role, as the labelling guide has it
    "I want to show I'm a strong candidate for that role.": {PITCH},
    # the issue names it fit wording, and the rules read it so; the writers of the blind parts
    # label "a feel for the place" learning too, more often than fit (37 and 27 of 47 sentences
    # with "feel for/of the"), and the model, trained on them since session 26, reads both
    "Get a feel for the place.": {FIT, LEARN},
}


@pytest.mark.parametrize("text,goals", _cases())
def test_pattern_table_with_the_goal_model(book, goal_order, text, goals):
    assert {m.goal for m in read_goals(text, book, goal_order)} == MODEL_READS_OTHERWISE.get(text, goals)


def test_each_goal_shows_the_persons_own_words(book, goal_order):
    text = "I want to LERN about the Compnay, and honestly land a Position."
    found = {m.goal: m.phrase for m in read_goals(text, book, goal_order)}
    assert found == {LEARN: "LERN about the Compnay", JOB: "land a Position"}
    assert all(words in text for words in found.values())


@pytest.mark.parametrize("text,goal,shown", [
    # a match cut off after its cue words is carried on to the end of its clause
    ("I want to understand what a product manager does day to day.", LEARN,
     "understand what a product manager does day to day"),
    ("I'd like to hear how she made the jump into data, nothing more.", LEARN, "hear how she made the jump into data"),
    ("Decide whether I should apply there at all.", FIT, "Decide whether I should apply there at all"),
    # ... but not into the next clause, and a trailing joining word is left off
    ("I'm comparing two agencies and want to see how they differ.", FIT, "comparing two agencies"),
    ("Learn about their products and get a referral.", LEARN, "Learn about their products"),
    ("I want to learn the ropes and maybe get my foot in the door.", LEARN, "learn the ropes"),  # a trial
    # an open wish at the end is carried on to what is wished (a trial: it showed "... and I want")
    ("They advertised a junior designer post last week and I want to show them my portfolio.", PITCH,
     "They advertised a junior designer post last week and I want to show them my portfolio"),
    # a match that ends well is shown as it is
    ("I want to LERN about the Compnay, honestly.", LEARN, "LERN about the Compnay"),
])
def test_shown_words_end_where_a_phrase_ends(rules_alone, goal_order, text, goal, shown):
    assert {m.goal: m.phrase for m in read_goals(text, rules_alone, goal_order)}[goal] == shown


@pytest.mark.parametrize("text,goal,shown", [
    # an embedded question is shown to its clause's end, not to where the rule's words stop
    pytest.param("I'd love to find out what a data analyst there actually does all day.", LEARN,
                 "find out what a data analyst there actually does all day", id="question-what-a-data-analyst-does"),
    pytest.param("I want to see how a real design studio runs.", LEARN, "see how a real design studio runs",
                 id="question-how-a-design-studio-runs"),
    pytest.param("I want to learn how they do UX research.", LEARN, "learn how they do UX research",
                 id="question-how-they-do-ux-research"),
    pytest.param("Ask what a data engineer's work looks like there.", LEARN,
                 "Ask what a data engineer's work looks like there", id="question-through-a-possessive"),
    pytest.param("I'd like to hear how their managers are trained.", LEARN, "hear how their managers are trained",
                 id="question-ends-on-its-verb"),
    pytest.param("Get a position on your design team. And hear what the team is working on.", LEARN,
                 "hear what the team is working on", id="question-keeps-its-last-small-word"),
    pytest.param("I want to ask what the job is really like because I'm unsure.", LEARN,
                 "ask what the job is really like", id="question-stops-before-because"),
    pytest.param("I want to learn how they manage remote teams and whether I'd cope with that.", LEARN,
                 "learn how they manage remote teams", id="question-stops-before-and"),
    pytest.param("Learn what a product role involves, then get a referral.", LEARN,
                 "Learn what a product role involves", id="question-stops-at-a-comma"),
    pytest.param("I want to see how a real design studio runs. I'd also love a job there.", LEARN,
                 "see how a real design studio runs", id="question-stops-at-the-sentence-end"),
    # a possessive is never the end of a phrase
    pytest.param("Know more about the firm's clients.", LEARN, "Know more about the firm's clients",
                 id="possessive-carried-to-its-noun"),
])
def test_shown_words_run_to_the_end_of_a_question_or_phrase(book, rules_alone, goal_order, text, goal, shown):
    assert {m.goal: m.phrase for m in read_goals(text, rules_alone, goal_order)}[goal] == shown
    # the goals read are the same with the goal model, and so are the words a rule gave
    assert {m.goal: m.phrase for m in read_goals(text, book, goal_order)}[goal] == shown


def test_the_goal_models_words_ending_on_a_questions_subject_are_carried_on(book, goal_order):
    # the weightiest words were "whether I'd": "I'd" was taken for a new clause and the words shown were "whether"
    text = ("I'm hoping to come away knowing what their data engineers actually spend their time on, whether I'd "
            "be happier there than at my consultancy, and ideally with an invitation to interview.")
    assert {m.goal: m.phrase for m in read_goals(text, book, goal_order)}[FIT] == \
        "whether I'd be happier there than at my consultancy"


SMALL_WORDS = {"a", "an", "the", "my", "their", "what", "how", "why", "whether", "if", "and", "or", "but", "of", "to"}


def test_no_shown_words_stop_on_a_small_word_mid_clause(book, goal_order):
    """Across the tune part: a reason ends on "a", "what", "and"... only where the person's clause does."""
    cut = []
    for case in load_corpus(CORPUS_DIR / "goals-tune.toml", goal_order):
        typed = as_typed(case.text)
        for match in read_goals(case.text, book, goal_order):
            last = match.phrase.split()[-1].lower()
            rest = typed[typed.index(match.phrase) + len(match.phrase):].lstrip()
            if last in SMALL_WORDS and rest and rest[0].isalnum():
                cut.append(f"{match.phrase!r} in {case.text!r}")
    assert not cut, "\n".join(cut)


def test_the_spellers_short_prefix_corrects_every_corpus_word_as_the_default_does(book):
    # prefix_length 5 builds half the deletes of symspellpy's default 7, to start quicker: the
    # algorithm promises the same answers while the prefix is longer than the edit distance
    import copy
    import re

    from symspellpy import SymSpell

    from infoview_rules.phrases import Speller

    quick = book.speller
    default = Speller(quick.vocabulary, quick.fixed, quick.known - quick.vocabulary)
    default._symspell = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
    for word in sorted(default.vocabulary):
        default._symspell.create_dictionary_entry(word, default.counts[word])
    assert quick.symspell._prefix_length == 5
    words = {w.lower() for path in CORPUS_DIR.glob("goals-*.toml") for w in re.findall(r"[A-Za-z']+", path.read_text())}
    fresh = copy.copy(quick)
    fresh.cache = {}
    wrong = [(w, quick_word, default.correct(w)) for w in sorted(words) if (quick_word := fresh.correct(w)) != default.correct(w)]
    assert len(words) > 5000 and not wrong


def test_spelling_leaves_real_words_alone(book):
    speller = book.speller
    assert speller.correct("went") == "went"  # a common word, though one edit from "want"
    assert speller.correct("lern") == "learn"
    assert speller.correct("compnay") == "company"
    assert speller.correct("dont") == "don't"  # [spelling] fixed
    assert speller.correct("c") == "see"  # [spelling] shorthand
    assert speller.correct("rember") == "remember"  # two letters left out, not "member" (one letter changed)
    assert speller.correct("vouch") == "vouch"  # rare, but a word the rules spell out


# -- the corpus --------------------------------------------------------------------

# Exact-set accuracy on the tune part as recorded in docs/goal-reading-figures.md. Lower it only
# on purpose (new, harder sentences), saying why in the commit.
RECORDED_TUNE_ACCURACY = 0.997  # 1116 of 1119 with the goal model trained to convergence (1115 by the rules alone: three of rounds 7-8's probe sentences, kept on purpose)
# (1117 until session 26: trained on four more blind parts, whose writers label "a feel for the place"
# learning as often as fit, the model reads "Get a feel for the place." as both; see MODEL_READS_OTHERWISE)
# The fresh parts were each labelled before the reader was run on them and never
# tuned on; these are their figures now, floors so that no change lowers them
# unnoticed. The first nine have been studied (fresh-6 and -7 in round 6, fresh-8 in round 7,
# fresh-9 in round 8), so their figures are after tuning to their patterns, not estimates for new
# text; fresh-10 to fresh-12 have not been studied sentence by sentence. The first readings, the only
# estimates, are in docs/goal-reading-figures.md.
RECORDED_FRESH_ACCURACY = {"fresh": 0.978, "fresh-2": 0.924, "fresh-3": 0.957, "fresh-4": 0.976,  # 138/141, 49/53, 45/47, 41/42
                           "fresh-5": 0.976, "fresh-6": 1.0, "fresh-7": 1.0,  # 41/42, 42/42, 66/66
                           "fresh-8": 0.962,  # 77/80 (71.2%, 57/80, at its first reading after round 6)
                           "fresh-9": 1.0,  # 80/80 after round 8 studied it (78.8%, 63/80, at its first reading after round 7)
                           # fresh-10 to -12 were first read by the phrase rules alone (57/80, 51/80, 68/95);
                           # the goal model's design and thresholds were then chosen on them (with the
                           # held-out part and the pattern tables), and its settings since on every part
                           # read before. Since session 21 the model learns from fresh-10 to -20 (each
                           # read once first): their figures show what it remembers. Each first reading
                           # is in docs/goal-reading-figures.md; these are the figures now, with 47 blind training parts
                           **{f"fresh-{n}": 1.0 for n in range(10, 21) if n != 17},
                           "fresh-17": 0.99,  # 99/100: one sentence the model learnt and still reads otherwise
                           # never learnt from
                           "fresh-21": 0.897,  # 88/98 (86/98 at its first reading)
                           "fresh-22": 0.908,  # 89/98 (86/98 at its first reading)
                           "fresh-23": 0.94,  # 94/100 (87/100 at its first reading)
                           "fresh-24": 0.887,  # 87/98 (84/98 at its first reading)
                           "fresh-25": 0.877,  # 86/98 (87/98 at its first reading)
                           "fresh-26": 0.906,  # 87/96 (85/96 at its first reading)
                           "fresh-27": 0.852,  # 81/95 (80/95 at its first reading)
                           "fresh-28": 0.851,  # 80/94 (82/94 at its first reading)
                           "fresh-29": 0.936,  # 89/95 (87/95 at its first reading)
                           "fresh-30": 0.927,  # 89/96 (88/96 at its first reading)
                           "fresh-31": 0.846,  # 83/98 (85/98 at its first reading)
                           "fresh-32": 0.904,  # 85/94 (86/94 at its first reading)
                           "fresh-33": 0.847,  # 78/92 (76/92 at its first reading)
                           "fresh-34": 0.863,  # 82/95 (80/95 at its first reading)
                           "fresh-35": 0.81,  # 77/95 (78/95 at its first reading)
                           "fresh-36": 0.884,  # 84/95 (83/95 at its first reading)
                           "fresh-37": 0.882,  # 83/94 (82/94 at its first reading)
                           "fresh-38": 0.905,  # 86/95 (88/95 at its first reading)
                           "fresh-39": 0.811,  # 189/233 (187/233 at its first reading)
                           "fresh-40": 0.803,  # 188/234 (187/234 at its first reading)
                           "fresh-41": 0.903,  # 205/227 (209/227 at its first reading)
                           "fresh-42": 0.937,  # 90/96 (89/96 at its first reading)
                           "fresh-43": 0.876,  # 85/97 (86/97 at its first reading)
                           # 85/96 as at its first reading (86/96 until session 29's model: "Find out what
                           # the role of a site reliability engineer really involves, see if I'd be any good
                           # at it, and hopefully get a start" lost its job wish)
                           "fresh-44": 0.885,
                           "fresh-45": 0.913,  # 85/93 (83/93 at its first reading)
                           # written this session and read once by the model as it shipped (session 24)
                           "fresh-46": 0.94,  # 95/101 (96/101 at its first reading)
                           "fresh-47": 0.938,  # 92/98 (91/98 at its first reading)
                           "fresh-48": 0.978,  # 91/93 (92/93 at its first reading)
                           "fresh-49": 0.932,  # 97/104 (94/104 at its first reading)
                           "fresh-50": 0.96,  # 96/100 (as at its first reading)
                           "fresh-51": 0.961,  # 99/103 (100/103 at its first reading)
                           "fresh-52": 0.95,  # 97/102 (94/102 at its first reading)
                           "fresh-53": 0.921,  # 94/102 (93/102 at its first reading)
                           # written this session and read once by the model trained to convergence
                           "fresh-54": 0.97,  # 99/102 (as at its first reading)
                           "fresh-55": 0.94,  # 95/101 (93/101 at its first reading)
                           "fresh-56": 0.97,  # 99/102 (96/102 at its first reading)
                           "fresh-57": 0.961,  # 100/104 (95/104 at its first reading)
                           # written in session 25 and read once, after the rules for asking whether they
                           # would have the person ("if is possible to work there"); fresh-58 and -59 were
                           # read first by the model before those rules and by this one, and read the same
                           "fresh-58": 0.948,  # 93/98 (88/98 at its first reading)
                           "fresh-59": 0.942,  # 99/105 (97/105 at its first reading)
                           "fresh-60": 0.96,  # 98/102 (97/102 at its first reading)
                           "fresh-61": 0.916,  # 99/108 (as at its first reading)
                           # written in session 26 and read once by the model as session 25 shipped it
                           # (380 of 420, 90.5%); then studied, with the rules and model of session 26
                           "fresh-62": 0.911,  # 93/102 (94/102 at its first reading)
                           "fresh-63": 0.96,  # 97/101 (96/101 at its first reading)
                           "fresh-64": 0.891,  # 99/111 (96/111 at its first reading)
                           "fresh-65": 0.915,  # 97/106 (94/106 at its first reading)
                           # written in session 29 and read once by the model as session 26 shipped it
                           # (366 of 389, 94.1%; get_job 74 of 75, pitch_for_open_role 43 of 43); not studied
                           "fresh-66": 0.906,  # 87/96
                           "fresh-67": 0.947,  # 91/96
                           "fresh-68": 0.93,  # 93/100
                           "fresh-69": 0.979}  # 95/97
TARGET_ACCURACY = 0.90
TARGET_JOB_PRECISION = 0.95
# Where a fresh part's first reading fell short of the precision target, its figure is
# recorded here (and in docs/goal-reading-figures.md) rather than hidden: a floor, not the target.
# goals-fresh-7's get_job (13 of 14 at its first reading: "If they ever take trainees I'd
# love them to remember me") is 1.00 since round 6's hypothetical-hiring scope. goals-fresh-8's
# get_job (14 of 16 at its first readings: both false alarms a named open role read as a plain
# job wish) is 1.00 since round 7 widened the open-role wording and let its scope cover the
# whole clause; only after studying it, so no estimate. goals-fresh-9's get_job was 13 of 15 at
# its first reading (a counterfactual, "If I were twenty years younger I would ask them for a
# job", and the company's wish, "I think they want to recruit me", read as the person's); it is
# 1.00 since round 8's counterfactual scope and their-wish cues, again only after studying it.
# goals-fresh-10's pitch_for_open_role was 4 of 5 at its first reading ("so they can sell me on
# the company", the recruiter's aim, read as a case the person makes) and goals-fresh-11's get_job 9
# of 11; with the goal model, whose thresholds were chosen on them, they are 1.00 and 19 of 20.
# Below 0.95 now, of the parts never learnt from (first readings in docs/goal-reading-figures.md): get_job on
# fresh-23 (24 of 26), fresh-25 (20 of 24: a board seat to be thought of for, a foreigner asking
# whether they could do the work, a carer dipping a toe back in, a teacher asking about HR work),
# fresh-27 (21 of 25: "a reference letter, if possible", a charity placing its young people,
# "what I really want out of this is an honest read", a listed internship read as a plain job
# wish), fresh-33 (18 of 19: "see what the vibe is and if i'd actually wanna work there"),
# fresh-35 (18 of 20: "If there was a job at the end of it I wouldn't turn it down, but that's not
# why I'm coming", "Getting a graduate job is what my parents want"), fresh-37 (18 of 19), and
# the parts written with an emphasis: fresh-39 (77 of 82: "working WITH them, not for them",
# "whether they'd be open to someone over fifty") and fresh-40 (50 of 53: "I did an internship
# with you back in 2018", a dad's "proper job"); pitch_for_open_role on fresh-27 (13 of 15: a
# recruitment agency's candidate, a decision whether to go for an advertised job), fresh-28 (15
# of 16: an agency again), fresh-38 (16 of 17: "that they think of me if a vacancy comes up") and fresh-40 (18 of 20: an
# offer already accepted, "an introduction to the hiring manager if there's a vacancy"); and
# get_job on fresh-43 (22 of 24: a mum "getting back into work after 8 yrs off" who asks about
# return-to-work schemes, and a shy volunteer's "maybe, if it goes well, ask if ..."); of this
# session's parts, pitch_for_open_role on fresh-46 (11 of 12: "the Summer Vacation Scheme I applied
# to") and fresh-52 (11 of 12), and get_job on fresh-49 (21 of 23) and fresh-52 (20 of 22: "refer me
# for the SWE new grad role that just opened", an open role read as a plain job wish; "growth for
# junior developers"). Since session 24 the model is trained to convergence (see
# goal_model.CONVERGED): the figures here moved by a sentence or two per part, either way (3,203 of
# the 3,605 sentences of fresh-21 to -53 against 3,209 before; the tune part 1,117 of 1,119), and
# 3,202 after the scope of someone else's story was cut at its comma.
# Session 25's rules for asking whether they would have the person ("if there is possibility to
# work with them", "whether I could intern there") and the model trained with them moved sixteen
# parts by a sentence or two, either way: 3,587 of the 4,014 sentences of fresh-21 to -57 against
# 3,585; get_job on fresh-39 (76 of 82) and fresh-40 (48 of 51) lost a sentence each. Of the parts
# written then, get_job on fresh-58 (20 of 23: "My manager at the pub thinks I should ask them for
# a job", "The recruiter said they want someone to fill a position") and fresh-61 (19 of 22: "I
# wish to get guidance regarding higher studies versus joining a job").
# Session 26's rules (advice given to the person, "my manager thinks I should ask them for a job";
# a recruiter's wish; a job the person had; "work visa"; "what it takes to ...") and the model
# trained with them and four more blind training parts read 3,999 of the 4,427 sentences of fresh-21
# to -61 right, against 3,968 (get_job precision 0.963, against 0.951); seven parts lost a sentence
# or two and get_job on fresh-32 (16 of 17: "ideally be remembered if a training contract comes
# up") and fresh-41 (47 of 50: a bakery owner who wants to find out if she'd go mad in an office)
# and pitch_for_open_role on fresh-46 (11 of 13: "the opening of their new office") fell below the
# target. Of the parts written then, get_job on fresh-62 (18 of 19) and fresh-64 (27 of 30: "I have
# offer from another company", "want you to keep me in your mind for any research internship"),
# and pitch_for_open_role on fresh-62 (14 of 15); at their first reading get_job was 85 of 95.
# Of the parts written in session 29, get_job on fresh-68 (18 of 19 at its first reading: "what positions
# do people usually start in after finishing an apprenticeship").
RECORDED_PRECISION_SHORTFALL: dict = {("fresh-23", JOB): 0.923, ("fresh-25", JOB): 0.833, ("fresh-27", JOB): 0.833,
                                      ("fresh-27", PITCH): 0.866, ("fresh-28", PITCH): 0.937,
                                      ("fresh-33", JOB): 0.947, ("fresh-35", JOB): 0.9,
                                      ("fresh-37", JOB): 0.947, ("fresh-38", PITCH): 0.941,
                                      ("fresh-39", JOB): 0.926, ("fresh-40", JOB): 0.941, ("fresh-40", PITCH): 0.9,
                                      ("fresh-43", JOB): 0.916, ("fresh-46", PITCH): 0.846, ("fresh-49", JOB): 0.913,
                                      ("fresh-50", JOB): 0.947, ("fresh-52", JOB): 0.869, ("fresh-52", PITCH): 0.916,
                                      ("fresh-57", JOB): 0.925, ("fresh-58", JOB): 0.869, ("fresh-61", JOB): 0.863,
                                      ("fresh-32", JOB): 0.941, ("fresh-41", JOB): 0.94,
                                      ("fresh-62", JOB): 0.947, ("fresh-62", PITCH): 0.933, ("fresh-64", JOB): 0.9,
                                      ("fresh-68", JOB): 0.947}


@pytest.fixture(scope="module")
def scores(book, goal_order):
    return {name: evaluate(book, goal_order, load_corpus(CORPUS_DIR / f"goals-{name}.toml", goal_order), name)
            for name in ("tune", "heldout", *RECORDED_FRESH_ACCURACY)}


def test_corpus_is_big_and_varied_enough(scores):
    tune, held = scores["tune"].outcomes, scores["heldout"].outcomes
    assert len(tune) + len(held) >= 400
    assert len(held) >= 100
    assert not {o.case.text for o in tune} & {o.case.text for o in held}  # the parts do not share sentences
    for name in RECORDED_FRESH_ACCURACY:
        fresh = {o.case.text for o in scores[name].outcomes}
        assert len(fresh) >= 40 and not fresh & {o.case.text for o in tune}
    for outcomes in (tune, held):
        assert any(not o.case.goals for o in outcomes) and any(len(o.case.goals) >= 2 for o in outcomes)


def test_tune_accuracy_does_not_drop_below_its_recorded_figure(scores):
    tune = scores["tune"]
    wrong = [f"{o.case.text!r}: read {sorted(o.read)}, expected {sorted(o.case.goals)}" for o in tune.misses()]
    assert tune.accuracy >= RECORDED_TUNE_ACCURACY, "\n".join(wrong)


@pytest.mark.parametrize("part", ["tune", "heldout"])
def test_targets_hold_on_both_parts(scores, part):
    score = scores[part]
    assert score.accuracy >= TARGET_ACCURACY
    assert score.precision(JOB) >= TARGET_JOB_PRECISION
    assert score.precision(PITCH) >= TARGET_JOB_PRECISION


@pytest.mark.parametrize("part", list(RECORDED_FRESH_ACCURACY))
def test_fresh_parts_keep_their_figures_and_job_precision(scores, part):
    score = scores[part]
    assert score.accuracy >= RECORDED_FRESH_ACCURACY[part]
    assert score.precision(JOB) >= RECORDED_PRECISION_SHORTFALL.get((part, JOB), TARGET_JOB_PRECISION)
    assert score.precision(PITCH) >= RECORDED_PRECISION_SHORTFALL.get((part, PITCH), TARGET_JOB_PRECISION)


def test_corpus_file_errors_name_the_case(tmp_path, goal_order):
    bad = tmp_path / "bad.toml"
    bad.write_text('[x]\ncases = [ { text = "hi", goals = ["get_jobs"] } ]\n')
    with pytest.raises(Exception, match=r"\[x\] case 1: unknown goal 'get_jobs'"):
        load_corpus(bad, goal_order)


# -- honest failure and confirmation -----------------------------------------------

ANSWERS = {"requested_by": "me", "in_hiring_process": "no", "job_open": "no", "meeting_with": "manager",
           "prepared_questions": "yes"}


def test_unread_text_is_said_honestly_in_the_json(runner, tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps(dict(ANSWERS, goal_text="Coffee on Tuesday.")))
    result = runner.invoke(cli, ["advise", "--json", str(path)])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["goal_phrases"] == []
    assert doc["goal_text_unread"].startswith(UNREAD) and "Coffee on Tuesday." in doc["goal_text_unread"]


def test_unread_text_is_said_honestly_in_the_report(runner, tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps(dict(ANSWERS, goal_text="Coffee on Tuesday.")))
    result = runner.invoke(cli, ["advise", str(path)])
    assert result.exit_code == 0
    flat = " ".join(result.stdout.split())
    # the goals to pick from, in words: the readable report names no field values (issue 9)
    assert UNREAD in flat and "Coffee on Tuesday." in flat and "Learn about the company" in flat
    assert "named no goal" not in flat


@pytest.mark.parametrize("text,english", [
    pytest.param("je veux apprendre comment l'équipe travaille", False, id="french"),
    pytest.param("quiero aprender como trabaja el equipo", False, id="spanish-without-accents"),
    pytest.param("Ich möchte lernen, wie das Team arbeitet.", False, id="german"),
    pytest.param("ik wil leren hoe het team werkt", False, id="dutch"),
    pytest.param("Хочу узнать, как работает команда", False, id="another-script"),
    pytest.param("Coffee on Tuesday.", True, id="english"),
    pytest.param("bananas", True, id="one-word"),
    pytest.param("lol idk tbh ngl", True, id="slang-is-not-another-language"),
    pytest.param("asdf qwer zxcv", True, id="keyboard-mash-is-not-another-language"),
])
def test_unread_words_of_another_language_are_told_only_english_is_read(text, english):
    message = unread_message(text)
    assert message.startswith(UNREAD) and as_typed(text) in " ".join(message.split())
    assert (f"{UNREAD}; I read English only." in message) is (not english)
    assert (f"{UNREAD}." in message) is english


def test_unread_french_is_told_only_english_is_read_in_the_json_and_with_goals_picked(runner, tmp_path):
    words = "je veux apprendre comment l'équipe travaille"
    path = tmp_path / "a.json"
    path.write_text(json.dumps(dict(ANSWERS, goal_text=words)))
    doc = json.loads(runner.invoke(cli, ["advise", "--json", str(path)]).stdout)
    assert doc["goal_text_unread"].startswith(f"{UNREAD}; I read English only. You wrote:")
    path.write_text(json.dumps(dict(ANSWERS, goal_text=words, goals=[LEARN])))
    doc = json.loads(runner.invoke(cli, ["advise", "--json", str(path)]).stdout)
    assert doc["goal_text_unread"].startswith(f"{UNREAD}; I read English only. You wrote:")
    assert doc["goal_text_unread"].endswith("The advice rests on the goals you picked from the list.")


@pytest.mark.parametrize("text,others", [
    pytest.param("My husband wants to learn about the company.", "learn about the company", id="a-husband"),
    pytest.param("She hopes to get a job there.", "get a job", id="she"),
    pytest.param("I think they want to recruit me.", "recruit me", id="the-company"),
    pytest.param("I don't want a job there.", None, id="a-negation-is-no-one-else's"),
    pytest.param("Coffee on Tuesday.", None, id="nothing-at-all"),
])
def test_words_that_are_someone_elses_wish_are_named_as_such(book, text, others):
    # the someone-else scope is marked `others` in phrases.toml: its blocked matches are told
    assert someone_elses_words(text, book) == others
    message = unread_message(text, someone_elses_words(text, book))
    assert message.startswith(UNREAD)
    assert (f"\u201c{others}\u201d reads as someone else's wish, not yours." in message) is (others is not None)


def test_someone_elses_wish_is_named_in_the_json_and_the_report(runner, tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps(dict(ANSWERS, goal_text="My husband wants to learn about the company.")))
    doc = json.loads(runner.invoke(cli, ["advise", "--json", str(path)]).stdout)
    assert doc["goals"] == [] and doc["goal_phrases"] == []
    assert doc["goal_text_unread"].startswith(
        f"{UNREAD}: \u201clearn about the company\u201d reads as someone else's wish, not yours. If you are filling "
        "this in for them, write what they want as they would say it (\u201cI want to ...\u201d). You wrote:")
    result = runner.invoke(cli, ["advise", str(path)])
    assert result.exit_code == 0
    assert "reads as someone else's wish, not yours" in " ".join(result.stdout.split())


def test_a_scope_of_others_must_say_true_or_false(tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(shipped_rules_dir(), folder)
    toml = folder / "phrases.toml"
    toml.write_text(toml.read_text().replace("others = true", 'others = "yes"', 1))
    with pytest.raises(RulesError, match="'others' must be true or false"):
        load_rules(folder, cache=False)


def test_jsonl_shows_each_reading(runner, tmp_path):
    path = tmp_path / "in.jsonl"
    lines = [dict(ANSWERS, goal_text="I want to lern about the compnay."), dict(ANSWERS, goal_text="hello")]
    path.write_text("\n".join(json.dumps(a) for a in lines) + "\n")
    result = runner.invoke(cli, ["advise", "--jsonl", str(path)])
    assert result.exit_code == 0
    first, second = [json.loads(l) for l in result.stdout.splitlines()]
    assert first["goal_phrases"] == [{"goal": LEARN, "phrase": "lern about the compnay", "rule": "learn-about-company"}]
    assert "goal_text_unread" not in first
    assert second["goal_phrases"] == [] and "hello" in second["goal_text_unread"]


def test_phrases_command_shows_a_reading(runner):
    result = runner.invoke(cli, ["phrases", "I'm not after a job, just insight into the firm"])
    assert result.exit_code == 0
    assert result.stdout.startswith(LEARN) and "insight into the firm" in result.stdout and JOB not in result.stdout
    result = runner.invoke(cli, ["phrases", "--format", "json", "We meet at ten"])
    assert json.loads(result.stdout) == {"goals": [], "goal_phrases": [], "weighed_against": []}


def test_phrases_eval_prints_both_parts_and_gates(runner):
    result = runner.invoke(cli, ["phrases", "--eval"])
    assert result.exit_code == 0
    assert "goals-tune" in result.stdout and "goals-heldout" in result.stdout and "exact goal set" in result.stdout
    for goal in (LEARN, FIT, JOB, PITCH, REMEMBER):
        assert goal in result.stdout
    result = runner.invoke(cli, ["phrases", "--eval", "--min-accuracy", "1", "--corpus",
                                 str(CORPUS_DIR / "goals-tune.toml"), "--corpus", str(CORPUS_DIR / "goals-heldout.toml")])
    held = json.loads(runner.invoke(cli, ["phrases", "--eval", "--format", "json"]).stdout)[1]
    assert (result.exit_code == 1) == (held["exact_set_accuracy"] < 1)


def test_a_precision_or_recall_with_nothing_to_count_is_a_dash_not_a_figure():
    """A trial's four sentences showed judge_fit as 0.00/1.00: the 1.00 a recall with no sentence
    labelled judge_fit; and get_job's precision as 1.00 though none was read as get_job."""
    from infoview_rules.phrase_eval import Case, Outcome, Score, format_scores

    goals = (LEARN, FIT, JOB, PITCH)
    cases = [  # (labelled, read)
        ({LEARN}, {LEARN, FIT}),  # judge_fit read, never labelled: its precision is 0, its recall has nothing to count
        ({JOB}, set()),  # get_job labelled, never read: its recall is 0, its precision has nothing to count
        ({LEARN}, {LEARN}),
    ]
    score = Score("mine", goals, [Outcome(Case("g", str(i), frozenset(labelled)), frozenset(read), [])
                                  for i, (labelled, read) in enumerate(cases)])
    assert (score.precision(FIT), score.recall(FIT)) == (0.0, None)
    assert (score.precision(JOB), score.recall(JOB)) == (None, 0.0)
    assert (score.precision(PITCH), score.recall(PITCH)) == (None, None)
    table = format_scores([score]).splitlines()
    assert table[2].split()[3:] == ["1.00/1.00", "0.00/\u2013", "\u2013/0.00", "\u2013"]
    assert table[3].startswith("\u2013 nothing to count")
    per_goal = score.to_dict()["goals"]
    assert per_goal[FIT]["precision"] == 0.0 and per_goal[FIT]["recall"] is None
    assert per_goal[JOB]["precision"] is None and per_goal[JOB]["recall"] == 0.0
    assert per_goal[PITCH]["precision"] is None and per_goal[PITCH]["recall"] is None


def test_phrases_eval_of_a_few_sentences_shows_no_figure_it_cannot_count(runner, tmp_path):
    corpus = tmp_path / "mine.toml"
    corpus.write_text('[mine]\ncases = [\n  { text = "I want to learn how they do UX research.", goals = ["learn_about_company"] },\n'
                      '  { text = "Coffee on Tuesday.", goals = [] },\n]\n', encoding="utf-8")
    result = runner.invoke(cli, ["phrases", "--eval", "--corpus", str(corpus)])
    assert result.exit_code == 0
    row = next(line for line in result.stdout.splitlines() if line.startswith("mine "))
    assert row.split()[3:] == ["1.00/1.00", "\u2013", "\u2013", "\u2013", "\u2013"]
    assert "0.00" not in row and "\u2013 nothing to count" in result.stdout
    doc = json.loads(runner.invoke(cli, ["phrases", "--eval", "--format", "json", "--corpus", str(corpus)]).stdout)
    assert doc[0]["goals"][LEARN]["precision"] == 1.0
    assert all(doc[0]["goals"][goal]["precision"] is None and doc[0]["goals"][goal]["recall"] is None
               for goal in (FIT, JOB, PITCH, REMEMBER))


def test_phrases_usage_errors(runner):
    result = runner.invoke(cli, ["phrases"])
    assert result.exit_code == 2 and "give a TEXT" in result.stderr
    result = runner.invoke(cli, ["phrases", "--eval", "--corpus", "/nonexistent.toml"])
    assert result.exit_code == 2 and "/nonexistent.toml: cannot read" in result.stderr


# -- rules stay data an adviser edits ------------------------------------------------

@pytest.mark.parametrize("old,new,message", [
    ("{acquire}", "{aquire}", "uses unknown word list {aquire}"),
    ("[[scope]]\nid = \"negation\"", "[[scope]]\nid = \"negation\"\nblocks = [\"get_jobs\"]", "scope negation: unknown goal 'get_jobs'"),
    ("[spelling]\n", "[spelling]\ncolour = 1\n", "[spelling]: unknown key 'colour'"),
    ("shorthand = { c = \"see\"", "shorthand = { c = 1, cc = \"see\"", "[spelling] shorthand: a table of word"),
    ("[[scope]]\nid = \"someone-else\"", "[[scope]]\nid = \"someone-else\"\nends = \",\"", "scope someone-else: 'ends' must be a list of strings"),
    ("id = \"pitch-back-reference\"", "id = \"pitch-back-reference\"\nbefore = []", "phrase pitch-back-reference: unknown key 'before'"),
    ("after = [", "after = ['{open_rol}', ", "uses unknown word list {open_rol}"),
    ("refusals = [", "refusals = ['(?:no', ", "[reading] refusals: "),
    ("refusals = [", "refusals = [1, ", "[reading]: 'refusals' must be a list of strings"),
], ids=["unknown-word-list", "scope-unknown-goal", "spelling-unknown-key", "shorthand-not-words", "scope-ends-not-a-list",
        "phrase-unknown-key", "after-unknown-word-list", "refusal-bad-pattern", "refusal-not-a-string"])
def test_phrase_file_errors_are_one_clear_line(runner, tmp_path, old, new, message):
    rules = tmp_path / "rules"
    shutil.copytree(shipped_rules_dir(), rules)
    text = (rules / "phrases.toml").read_text()
    assert old in text
    (rules / "phrases.toml").write_text(text.replace(old, new, 1))
    with pytest.raises(RulesError, match=message.replace("[", r"\[").replace("{", r"\{")):
        load_rules(rules, cache=False)


def test_an_adviser_adds_a_word_without_python(tmp_path, goal_order):
    rules = tmp_path / "rules"
    shutil.copytree(shipped_rules_dir(), rules)
    # the word lists alone: the goal model (which reads "secondment" as a job wish already) is left out
    drop_goal_model(rules)
    before = Advisor(rules, cache=False).rules.phrases
    assert JOB not in {m.goal for m in read_goals("I want a secondment there.", before, goal_order)}
    text = (rules / "phrases.toml").read_text()
    assert "\njob = '''" in text
    text = text.replace("\njob = '''", "\njob = '''secondments?|", 1)
    (rules / "phrases.toml").write_text(text)
    after = Advisor(rules, cache=False).rules.phrases
    assert [(m.goal, m.phrase) for m in read_goals("I want a secondment there.", after, goal_order)] == [(JOB, "want a secondment")]


# -- any text --------------------------------------------------------------------------

WORDS = ["learn", "about", "the", "company", "not", "no", "never", "job", "get", "a", "role", "open", "position",
         "fit", "see", "whether", "I", "want", "to", "work", "there", "remember", "me", ",", ".", "?", "don't",
         "my", "flatmate", "hopes", "and", "I'd", "love", "one", "but", "lern", "compnay", "offer", "opening",
         "vacancy", "hire", "internship", "what", "like", "\n", "é", "'", "(", "—"]
BUDGET_SECONDS = 2.0  # generous: a 2,000-character text takes a few tens of milliseconds


@settings(deadline=None, max_examples=150)
@given(st.text(max_size=2000) | st.lists(st.sampled_from(WORDS), max_size=500).map(" ".join))
def test_any_text_is_read_within_budget_and_gives_only_schema_goals(book, goal_order, text):
    text = text[:2000]
    start = time.perf_counter()
    found = read_goals(text, book, goal_order)
    assert time.perf_counter() - start < BUDGET_SECONDS
    goals = [m.goal for m in found]
    assert goals == [g for g in goal_order if g in goals]  # schema goals, each once, in schema order
    assert all(m.phrase and m.phrase in as_typed(text) for m in found)  # the person's own words



def without_needles(book):
    """The same phrase book with no needles: every pattern compiled and searched."""
    import dataclasses

    return dataclasses.replace(book, rules=[dataclasses.replace(r, needles=(), unless_needles=()) for r in book.rules],
                               scopes=[dataclasses.replace(s, needles=()) for s in book.scopes])


def test_needles_have_been_worked_out_for_most_patterns(book):
    # the point of them: most patterns need not be compiled for a sentence they cannot match
    needles = [n for rule in book.rules for n in rule.needles]
    assert len(needles) == sum(len(rule.patterns) for rule in book.rules)
    assert sum(bool(n) for n in needles) >= 0.8 * len(needles)


@pytest.mark.parametrize("pattern,needles", [
    (r"\b(?:pitch|sell)\b.{0,20}\b(?:vacancy|opening)\b", (("opening", "vacancy"), ("pitch", "sell"))),
    # of a branch's groups, the one least likely in any sentence: not "for", "the" nor "i"
    (r"(?:saw|noticed) (?:the|their) (?:vacancy|advert) for|(?:job|role) i spotted", ((" i spotted", "advert", "vacancy"),)),
    (r"make (?:my|a) case", ((" case",), ("make ",))),
    (r"(?:a|i)\s(?:job|role)", (("job", "role"),)),  # a one-letter group is in every sentence: dropped
    (r"\b\w+s\b", ()),  # nothing sure but an "s": in every sentence
], ids=["every-group-a-match-needs", "rarest-group-of-a-branch", "pieces-of-one-phrase", "one-letter-dropped",
        "nothing-sure"])
def test_needles_are_the_groups_every_match_holds(pattern, needles):
    from infoview_rules.phrases import _needles, needle_groups

    assert needle_groups(_needles(pattern)) == needles


def test_needles_keep_a_learners_sentence_from_compiling_the_open_role_patterns(book):
    # the open-role word list makes patterns of 3-4 KB, ~10 ms each to compile: a learner's
    # sentence used to compile four of them (a "for" or an "'d like" let them through)
    from infoview_rules.phrases import _may_match

    big = [(needles, source) for rule in book.rules
           for needles, source in zip(rule.needles + rule.unless_needles, rule.patterns + rule.unless)
           if len(source) > 2000]
    big += [(needles, cue) for scope in book.scopes for needles, cue in zip(scope.needles, scope.cues) if len(cue) > 2000]
    assert len(big) >= 4
    learner = "i'd like to understand what a day looks like for an analyst there, and how the team works."
    assert [source[:40] for needles, source in big if _may_match(needles, learner)] == []
    pitch = "i'd like to make my case for the analyst role they advertised on linkedin and ask about the requirements for it."
    assert all(_may_match(needles, pitch) for needles, _ in big)


def test_needles_never_change_a_reading_of_the_corpus(book, goal_order):
    plain = without_needles(book)
    for path in sorted(CORPUS_DIR.glob("goals-*.toml")):
        for case in load_corpus(path, goal_order):
            fast = [(m.goal, m.rule, m.phrase) for m in read_goals(case.text, book, goal_order)]
            assert fast == [(m.goal, m.rule, m.phrase) for m in read_goals(case.text, plain, goal_order)], case.text


@settings(deadline=None, max_examples=150)
@given(st.lists(st.sampled_from(WORDS), max_size=80).map(" ".join))
def test_needles_never_change_a_reading_of_any_text(book, goal_order, text):
    plain = without_needles(book)
    assert ([(m.goal, m.phrase) for m in read_goals(text, book, goal_order)]
            == [(m.goal, m.phrase) for m in read_goals(text, plain, goal_order)])


# -- start-up: nothing of the reader without goal_text ---------------------------------

LAZY = """
import json, sys
from infoview_rules import advise
answers = json.loads(sys.argv[1])
advise(answers)
print(json.dumps(["symspellpy" in sys.modules, "infoview_rules.phrase_eval" in sys.modules]))
"""


@pytest.mark.parametrize("goal_text,loaded", [(None, False), ("I want to lern about the compnay", True),
                                              ("I want to learn about the company", False)],
                         ids=["without-goal-text", "with-goal-text", "with-goal-text-no-word-to-correct"])
def test_speller_is_imported_only_when_a_text_is_read(goal_text, loaded):
    import subprocess
    import sys

    answers = dict(ANSWERS, **({"goal_text": goal_text} if goal_text else {}))
    out = subprocess.run([sys.executable, "-c", LAZY, json.dumps(answers)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr  # (failed once in a CI run, with no stderr kept to say why)
    assert json.loads(out.stdout) == [loaded, False]


def test_a_damaged_word_cache_is_a_miss(tmp_path, monkeypatch):
    from infoview_rules.phrases import common_english

    monkeypatch.setenv("INFOVIEW_CACHE_DIR", str(tmp_path))
    counts = common_english()
    [cached] = tmp_path.glob("words-*.json")
    assert json.loads(cached.read_text()) == counts and counts["want"] > counts["went"]
    cached.write_text('{"want": "lots"')
    assert common_english() == counts
