"""The goal model beside the phrase rules: what it adds, what it shows, its settings, its training."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from infoview_rules.cli import cli
from infoview_rules.errors import RulesError
from infoview_rules.goal_model import corpus_digest, load_goal_model, model_warnings, phrase_rules_digest
from infoview_rules.phrase_eval import CORPUS_DIR, load_corpus, measuring_sentences, training_corpus, training_weight
from infoview_rules.phrases import MODEL_RULE, read_goals, read_goals_explained, text_features
from infoview_rules.rules import FILES, GUIDANCE_FILES, load_rules, shipped_rules_dir
from rule_copies import copy_rules, drop_goal_model, replace
from test_goal_reading import ANSWERS

LEARN, FIT, JOB, PITCH, REMEMBER = GOALS = ("learn_about_company", "judge_fit", "get_job", "pitch_for_open_role",
                                            "be_remembered")
MOON = "Honestly I would be over the moon."  # no phrase rule reads a goal from it


def with_model(rules, weights, bias=-3.0, trust=6.0):
    """The copied folder's phrase book, its model replaced by one that knows only `weights`,
    and that a rule's reading of a goal weighs `trust` for it."""
    data = {"format": 1, "goals": list(GOALS), "bias": {g: bias for g in GOALS}, "trained_on": {},
            "weights": {g: {f"rule:{g}": trust, **weights.get(g, {})} for g in GOALS}}
    (rules / "goal-model.json").write_text(json.dumps(data), encoding="utf-8")
    return load_rules(rules, cache=False).phrases


def read(book, text):
    return [(m.goal, m.rule, m.phrase) for m in read_goals(text, book, GOALS)]


@pytest.fixture
def rules(tmp_path):
    return copy_rules(tmp_path)


def test_the_model_gives_a_goal_no_rule_gives_and_shows_the_words_that_weighed_most(rules):
    book = with_model(rules, {JOB: {"moon": 5.0}})  # chance 1 / (1 + e^-2) = 0.88, over get_job's 0.6
    assert read(book, MOON) == [(JOB, MODEL_RULE, "moon")]
    drop_goal_model(rules)
    assert read(load_rules(rules, cache=False).phrases, MOON) == []


def test_a_goal_below_its_threshold_is_not_given(rules):
    replace(rules / "phrases.toml", "get_job = 0.6", "get_job = 0.9")
    assert read(with_model(rules, {JOB: {"moon": 5.0}}), MOON) == []


def test_a_goal_a_rule_gave_keeps_the_rules_words(rules):
    book = with_model(rules, {LEARN: {"learn": 9.0, "company": 9.0}})
    [(goal, rule, phrase)] = read(book, "I want to learn about the company.")
    assert goal == LEARN and rule != MODEL_RULE and phrase == "learn about the company"


def test_the_model_weighs_a_rules_reading_and_can_weigh_against_it(runner, rules):
    # a rule reads a job wish; words the model has learnt to doubt weigh against it
    book = with_model(rules, {JOB: {"pretend": -9.0}})
    assert [g for g, _, _ in read(book, "I want a job there.")] == [JOB]
    assert read(book, "I'd pretend I want a job there.") == []
    result = runner.invoke(cli, ["phrases", "--rules", str(rules), "I'd pretend I want a job there."])
    assert result.exit_code == 0, result.output
    assert "not read: get_job: rule get-job matched \u201cwant a job\u201d, but the goal model weighed against it" in result.output


def test_the_model_gives_one_of_goals_that_exclude_each_other_the_first_listed(rules):
    # [model] exclusive = [["pitch_for_open_role", "get_job"]]: when both reach their thresholds,
    # the open role, as the labelling guide has it, even where a plain job wish is likelier
    book = with_model(rules, {JOB: {"moon": 6.0}, PITCH: {"moon": 5.0}})
    assert [g for g, _, _ in read(book, MOON)] == [PITCH]
    # a goal the other one would exclude, alone above its threshold, is given
    book = with_model(rules, {JOB: {"moon": 6.0}, PITCH: {"moon": 1.0}})
    assert [g for g, _, _ in read(book, MOON)] == [JOB]
    # and the order is the adviser's to choose
    replace(rules / "phrases.toml", '[["pitch_for_open_role", "get_job"]]', '[["get_job", "pitch_for_open_role"]]')
    book = with_model(rules, {JOB: {"moon": 5.0}, PITCH: {"moon": 6.0}})
    assert [g for g, _, _ in read(book, MOON)] == [JOB]


def test_words_read_as_one_of_goals_that_exclude_each_other_are_not_said_to_be_weighed_against(runner, rules):
    # a rule reads a plain job wish, the model the open role: the words were read, as the open
    # role, so no caller (flow, the web page, `infoview phrases`) says they were not read as a job wish
    words = "I want to apply for the kitchen porter job on your board outside."
    book = with_model(rules, {PITCH: {"porter": 9.0}})
    found, declined = read_goals_explained(words, book, GOALS)
    assert [m.goal for m in found] == [PITCH] and declined == []
    result = runner.invoke(cli, ["phrases", "--rules", str(rules), "--format", "json", words])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["weighed_against"] == []
    result = runner.invoke(cli, ["phrases", "--rules", str(rules), words])
    assert result.exit_code == 0 and "not read" not in result.output, result.output
    # without the open role read, the job wish the model weighed against is still said
    book = with_model(rules, {JOB: {"porter": -9.0}})
    found, declined = read_goals_explained(words, book, GOALS)
    assert found == [] and [m.goal for m in declined] == [JOB]


def test_the_words_shown_are_carried_on_to_a_phrases_end(rules):
    # the weightiest features stop on "to"; the words shown run on to the end of the clause
    book = with_model(rules, {JOB: {"dream": 2.0, "dream to": 3.0}})
    assert read(book, "It would be a dream to join their crew, truly.") == [(JOB, MODEL_RULE, "dream to join their crew")]


def test_the_words_shown_stay_in_the_clause_of_the_weightiest(rules):
    # a trial: the words shown for a job wish ran on into the next clause, a learning one
    book = with_model(rules, {JOB: {"moon": 5.0, "kitchen": 1.0}})
    def job(text):
        return next((rule, phrase) for goal, rule, phrase in read(book, text) if goal == JOB)

    assert job("I would be over the moon, and their kitchen is big.") == (MODEL_RULE, "moon")
    assert job("I would be over the moon in their kitchen.") == (MODEL_RULE, "moon in their kitchen")


def test_the_words_shown_are_the_clause_whose_weightiest_words_weigh_most_together(rules):
    # the clause of the single weightiest word ("if") was a side one; the wish is in the other
    book = with_model(rules, {JOB: {"if": 3.0, "something": 2.5, "turn": 1.0, "maybe": 1.0}})
    assert read(book, "If they like me, maybe this could turn into something.") == [
        (JOB, MODEL_RULE, "maybe this could turn into something")]
    # ... weighed by the words that would be shown (at most SHOWN_FEATURES), not by how many words a clause has
    book = with_model(rules, {JOB: {"moon": 4.0, "could": 0.5, "this": 0.5, "be": 0.5, "something": 0.5, "more": 0.5}})
    assert read(book, "Over the moon, or this could be something more.") == [(JOB, MODEL_RULE, "moon")]


def test_the_words_shown_are_in_the_sentence_that_weighs_most(rules):
    # a trial: a clause of the second, learning, sentence outweighed the hedged wish's clause, and
    # "I'd also love to understand how their design studio runs" was shown for a job
    book = with_model(rules, {JOB: {"moon": 2.0, "dance": 2.0, "if": 1.0, "would": 1.0, "also": 2.0, "sing": 3.5}})
    assert read(book, "If the moon rose I would dance. I also sing.") == [(JOB, MODEL_RULE, "If the moon rose I would dance")]


def test_words_inside_a_scope_are_other_words_to_the_model():
    book = load_rules(shipped_rules_dir(), cache=False).phrases
    theirs = {f.name for f in text_features("My flatmate hopes to get a job there.", book)}
    mine = {f.name for f in text_features("I hope to get a job there.", book)}
    assert "!job" in theirs and "job" not in theirs
    assert "job" in mine and "!job" not in mine


@pytest.mark.parametrize("content,message", [
    ("{not json", "not a goal model (invalid JSON at column 2: expected a field name in double quotes)"),
    ('{"format": 2}', "not a goal model of format 1 (write one with: infoview phrases --train --rules "),
    (json.dumps({"format": 1, "goals": ["get_job"], "bias": {"get_job": 0}, "weights": {"get_job": {}}, "trained_on": {}}),
     "the model's goals (get_job) are not the rules' goals"),
    (json.dumps({"format": 1, "goals": list(GOALS), "bias": {g: 0 for g in GOALS}, "trained_on": {},
                 "weights": {g: {"job": "high"} for g in GOALS}}),
     "the weights of 'learn_about_company' must be a table of feature = number"),
], ids=["invalid-json", "other-format", "other-goals", "weight-not-a-number"])
def test_a_broken_model_file_is_one_clear_line(runner, rules, content, message):
    (rules / "goal-model.json").write_text(content, encoding="utf-8")
    for args in (["phrases", "--rules", str(rules), "I want to learn"], ["verify", "--rules", str(rules)]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 2, result.output
        assert f"goal-model.json: {message}" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("old,new,message", [
    ('file = "goal-model.json"', 'file = "../goal-model.json"', 'the model file must be a file name in the rules folder'),
    ('file = "goal-model.json"', 'file = "weights.json"', "weights.json does not exist (write it with: infoview phrases --train --rules "),
    ("get_job = 0.6", "get_jobs = 0.6", "unknown goal 'get_jobs'"),
    (", be_remembered = 0.5", "", "no threshold for 'be_remembered' (1 keeps the model from giving it)"),
    ("get_job = 0.6", "get_job = 1.5", "the threshold for 'get_job' must be a number above 0 and at most 1, not 1.5"),
    ('exclusive = [["pitch_for_open_role", "get_job"]]', 'exclusive = ["get_job"]', "a list of groups of goals"),
    ("threshold = {", "treshold = {", "unknown key 'treshold'"),
    ("stated_weight = { learn_about_company = 3", "stated_weight = { learn_about_compnay = 3", "unknown goal 'learn_about_compnay'"),
    ("stated_weight = { learn_about_company = 3", "stated_weight = { learn_about_company = 0.5",
     "the weight for 'learn_about_company' must be a number from 1 to 100, not 0.5"),
    ("stated_weight = { learn_about_company = 3, judge_fit = 3, pitch_for_open_role = 3, be_remembered = 3 }",
     "stated_weight = 3", "stated_weight: a table of goal = how many times a sentence stating it counts in training"),
    ("stated_weight = { learn_about_company = 3", 'corpus = "money.toml"\nstated_weight = { learn_about_company = 3',
     "corpus: a list of your corpus files, relative to the rules folder, like [\"my-sentences.toml\"]"),
    ("stated_weight = { learn_about_company = 3", 'corpus = ["money.toml", 3]\nstated_weight = { learn_about_company = 3',
     "corpus: a list of your corpus files"),
], ids=["file-outside-the-folder", "file-missing", "unknown-goal", "goal-without-threshold", "threshold-above-1",
        "exclusive-not-groups", "misspelt-key", "stated-weight-unknown-goal", "stated-weight-below-1",
        "stated-weight-not-a-table", "corpus-not-a-list", "corpus-not-file-names"])
def test_model_settings_errors_name_their_line(rules, old, new, message):
    replace(rules / "phrases.toml", old, new)
    with pytest.raises(RulesError) as error:
        load_rules(rules, cache=False)
    assert message in str(error.value)
    assert re.search(r"phrases\.toml:\d+: \[model\]", str(error.value)), str(error.value)  # at its line


SMALL_CORPUS = """
[wishes]
cases = [
  { text = "I'd be over the moon to start there.", goals = ["get_job"] },
  { text = "Over the moon if they took me.", goals = ["get_job"] },
  { text = "I would be over the moon to be taken on.", goals = ["get_job"] },
  { text = "Over the moon to join, honestly.", goals = ["get_job"] },
  { text = "Curious about how their studio runs.", goals = ["learn_about_company"] },
  { text = "Curious about the people there.", goals = ["learn_about_company"] },
  { text = "Curious about what a day looks like.", goals = ["learn_about_company"] },
  { text = "Coffee at ten on Tuesday.", goals = [] },
  { text = "Coffee with Sam, she is nice.", goals = [] },
  { text = "Remember me please.", goals = ["be_remembered"] },
  { text = "Please remember my name.", goals = ["be_remembered"] },
  { text = "Would it suit me?", goals = ["judge_fit"] },
  { text = "Would the hours suit me?", goals = ["judge_fit"] },
  { text = "The advertised role, ref 2231.", goals = ["pitch_for_open_role"] },
  { text = "The advertised role in Leeds.", goals = ["pitch_for_open_role"] },
]
"""


def test_an_adviser_trains_the_model_on_their_own_sentences_beside_the_shipped_ones(runner, rules, tmp_path):
    corpus = tmp_path / "mine.toml"
    corpus.write_text(SMALL_CORPUS, encoding="utf-8")
    result = runner.invoke(cli, ["phrases", "--train", "--rules", str(rules), "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    assert f"Wrote {rules / 'goal-model.json'}" in result.output and "and 1 of yours" in result.output
    model = load_goal_model(rules / "goal-model.json", GOALS)
    assert model.trained_on["mine.toml"] == {"sentences": 15, "weight": 3.0, "blake2b": corpus_digest(corpus),
                                             "file": "../mine.toml"}  # where it is, from the rules folder
    assert set(model.trained_on) == {p.name for p in training_corpus()} | {"mine.toml"}  # not instead of them
    # what the shipped parts taught still reads: a plain learning wish none of mine is like
    assert [g for g, _, _ in read(load_rules(rules, cache=False).phrases, "Honestly I'd love to hear how the lab runs its trials.")] == [LEARN]
    # and measuring the sentences it learnt says that its figure is no measure of new text
    result = runner.invoke(cli, ["phrases", "--eval", "--rules", str(rules), "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    assert re.search(r"^mine +15 +[\d.]+% \*", result.stdout, re.M), result.stdout
    assert "* the goal model was trained on this file" in result.stdout


def test_check_warns_when_the_phrase_rules_changed_since_the_model_was_trained(runner, rules):
    result = runner.invoke(cli, ["check", "--rules", str(rules)])
    assert result.exit_code == 0, result.output
    assert "warning" not in result.stderr
    replace(rules / "phrases.toml", "get_job = 0.6", "get_job = 0.7")  # a threshold: no need to train again
    assert "warning" not in runner.invoke(cli, ["check", "--rules", str(rules)]).stderr
    replace(rules / "phrases.toml", "be_remembered = 3 }", "be_remembered = 2 }")  # what training weighs: train again
    result = runner.invoke(cli, ["check", "--rules", str(rules)])
    assert result.exit_code == 0, result.output
    assert (f"warning: {rules / 'goal-model.json'} was trained with another [model] stated_weight than "
            f"{rules / 'phrases.toml'} holds now; train it again: infoview phrases --train --rules {rules}") in result.stderr
    replace(rules / "phrases.toml", "be_remembered = 2 }", "be_remembered = 3 }")
    replace(rules / "phrases.toml", "\njob = '''", "\njob = '''residency|")  # a word list: train again
    result = runner.invoke(cli, ["check", "--rules", str(rules)])
    assert result.exit_code == 0, result.output
    assert (f"warning: {rules / 'goal-model.json'} was trained with other phrase rules than {rules / 'phrases.toml'} "
            f"holds now, so it may trust them wrongly; train it again: infoview phrases --train --rules {rules}") in result.stderr


def test_a_corpus_file_of_another_shape_says_what_the_shape_is(runner, tmp_path):
    corpus = tmp_path / "mine.toml"
    corpus.write_text('[[sentence]]\ntext = "I want to learn"\ngoals = ["learn_about_company"]\n', encoding="utf-8")
    result = runner.invoke(cli, ["phrases", "--eval", "--corpus", str(corpus)])
    assert result.exit_code == 2
    assert "[sentence] must have a list 'cases': a corpus file is tables like [my-sentences] with cases = [" in result.output


def test_training_without_scikit_learn_says_what_to_install(runner, rules, tmp_path, monkeypatch):
    corpus = tmp_path / "mine.toml"
    corpus.write_text(SMALL_CORPUS, encoding="utf-8")
    for name in ("sklearn", "sklearn.feature_extraction", "sklearn.linear_model"):
        monkeypatch.setitem(sys.modules, name, None)  # importing them now raises ImportError
    result = runner.invoke(cli, ["phrases", "--train", "--rules", str(rules), "--corpus", str(corpus)])
    assert result.exit_code == 2
    # infoview is not on PyPI: 'infoview[train]' would find nothing; scikit-learn itself, into this Python, does
    [line] = result.output.splitlines()
    assert line.startswith("error: training the goal model needs scikit-learn: ") and "infoview[train]" not in line
    assert f"{sys.executable} -m pip install 'scikit-learn>=1.3'" in line and "in your clone of infoview: pip install -e '.[train]'" in line


def test_training_without_rules_stops_before_it_would_overwrite_the_shipped_model(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # an adviser's folder: the shipped rules are elsewhere
    shipped = shipped_rules_dir() / "goal-model.json"
    before = shipped.stat().st_mtime_ns
    result = runner.invoke(cli, ["phrases", "--train"])
    assert result.exit_code == 2, result.output
    [line] = result.stderr.splitlines()
    assert line.startswith("error: --train writes the goal model into the rules folder it trains for: name it with --rules DIR")
    assert "infoview init my-advice, then infoview phrases --train --rules my-advice/rules" in line
    assert line.endswith(f"the shipped model, on purpose: infoview phrases --train --rules {shipped_rules_dir()})")
    assert result.stdout == "" and shipped.stat().st_mtime_ns == before


def test_training_without_rules_names_the_shipped_folder_as_the_clone_has_it(runner, monkeypatch):
    monkeypatch.chdir(shipped_rules_dir().parent)  # in the clone (or beside the installed rules)
    result = runner.invoke(cli, ["phrases", "--train", "--corpus", "mine.toml"])
    assert result.exit_code == 2, result.output
    assert result.stderr.rstrip().endswith("the shipped model, on purpose: infoview phrases --train --rules rules)")


def test_training_without_rules_in_a_folder_made_by_init_names_its_copy(runner, rules, monkeypatch):
    monkeypatch.chdir(rules.parent)  # as after `infoview init my-advice && cd my-advice`
    result = runner.invoke(cli, ["phrases", "--train"])
    assert result.exit_code == 2, result.output
    assert "name it with --rules DIR (your copy here: infoview phrases --train --rules rules; the shipped model" in result.stderr


def model_trained_on(rules, files):
    """Give the copied folder a model that says it was trained on `files` ({name: path})."""
    data = json.loads((rules / "goal-model.json").read_text(encoding="utf-8"))
    data["trained_on"] = {name: {"sentences": 1, "weight": 3.0, "blake2b": corpus_digest(path)} for name, path in files.items()}
    (rules / "goal-model.json").write_text(json.dumps(data), encoding="utf-8")


def test_eval_says_which_figures_are_of_files_the_model_was_trained_on(runner, rules, tmp_path):
    learnt, edited, new = (tmp_path / name for name in ("learnt.toml", "edited.toml", "new.toml"))
    for path in (learnt, edited, new):
        path.write_text(SMALL_CORPUS, encoding="utf-8")
    model_trained_on(rules, {"learnt.toml": learnt, "edited.toml": edited})
    edited.write_text(SMALL_CORPUS.replace("Coffee at ten", "Coffee at nine"), encoding="utf-8")  # edited since
    new.write_text(SMALL_CORPUS.replace("Coffee with Sam", "Coffee with Ann"), encoding="utf-8")  # never learnt
    args = ["phrases", "--eval", "--rules", str(rules)] + [f"--corpus={p}" for p in (learnt, edited, new)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line for line in result.stdout.splitlines() if line.split()[:1] in (["learnt"], ["edited"], ["new"])}
    assert re.search(r"\d% \*", rows["learnt"]) and re.search(r"\d% ~", rows["edited"]), result.stdout
    assert not re.search(r"\d% [*~]", rows["new"])
    assert ("* the goal model was trained on this file, so its figure shows what the model remembers, "
            "not how it reads new text") in result.stdout
    assert "~ the goal model was trained on a file of this name with other content (edited since?)" in result.stdout
    result = runner.invoke(cli, args + ["--format", "json"])
    assert result.exit_code == 0, result.output
    assert [s["model_trained_on"] for s in json.loads(result.stdout)] == ["this file", "a file of this name", None]


def test_eval_marks_the_shipped_parts_the_model_learnt_and_not_those_that_measure_it(runner):
    args = ["phrases", "--eval", "--format", "json"] + [f"--corpus={CORPUS_DIR / name}" for name in
                                                        ("goals-fresh.toml", "goals-fresh-10.toml", "goals-fresh-21.toml")]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert [(s["corpus"], s["model_trained_on"]) for s in json.loads(result.stdout)] == [
        ("goals-fresh", "this file"), ("goals-fresh-10", "this file"), ("goals-fresh-21", None)]


def test_the_shipped_model_was_trained_on_the_training_parts_as_they_are():
    # an edited training sentence without `infoview phrases --train` after it fails here
    model = load_goal_model(shipped_rules_dir() / "goal-model.json", GOALS)
    never = measuring_sentences(GOALS)
    assert set(model.trained_on) == {path.name for path in training_corpus()}
    for path in training_corpus():
        learnt = [case for case in load_corpus(path, GOALS) if case.text not in never]
        assert model.trained_on[path.name] == {"sentences": len(learnt), "weight": training_weight(path),
                                               "blake2b": corpus_digest(path)}, path.name


def test_the_shipped_model_is_what_train_makes(runner, rules):
    result = runner.invoke(cli, ["phrases", "--train", "--rules", str(rules)])
    assert result.exit_code == 0, result.output
    shipped = load_goal_model(shipped_rules_dir() / "goal-model.json", GOALS)
    made = load_goal_model(rules / "goal-model.json", GOALS)
    book = load_rules(rules, cache=False).phrases
    # chances, not weights: another scikit-learn may land a hair apart, never a reading apart
    for case in load_corpus(CORPUS_DIR / "goals-heldout.toml", GOALS):
        names = [f.name for f in text_features(case.text, book)]
        for goal in GOALS:
            assert abs(shipped.chance(goal, names) - made.chance(goal, names)) < 0.02, (case.text, goal)


LAZY = """
import json, sys
from infoview_rules import advise
advise(json.loads(sys.argv[1]))
print(json.dumps("infoview_rules.goal_model" in sys.modules))
"""


@pytest.mark.parametrize("goal_text,loaded", [(None, False), ("I would be over the moon", True)],
                         ids=["without-goal-text", "with-goal-text"])
def test_the_model_is_read_only_when_a_goal_text_is(goal_text, loaded):
    answers = dict(ANSWERS, **({"goal_text": goal_text} if goal_text else {}))
    out = subprocess.run([sys.executable, "-c", LAZY, json.dumps(answers)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) is loaded


# -- what the model's record of the phrase rules (its phrase_rules digest) counts --------

EXAMPLE = '  "I want to learn about the company.",\n'  # the first example of the first rule


@pytest.mark.parametrize("old, new", [
    (EXAMPLE, EXAMPLE + '  "I want to hear how their team works day to day.",\n'),  # words the rules know already
    ('counter_examples = [\n', 'counter_examples = [\n  "I do not want to learn about the company.",\n'),
    ("# nouns that name employment\n", "# the nouns that name employment, and a note of mine\n"),
    ("[words]\n", "# a comment of my own\n[words]\n"),
    ("get_job = 0.6", "get_job = 0.7"),  # [model] thresholds: as before
    ("stated_weight = {", "corpus = []\nstated_weight = {"),  # the rest of [model] too
], ids=["an-example", "a-counter-example", "a-comment-changed", "a-comment-added", "a-threshold", "model-corpus"])
def test_what_training_never_reads_needs_no_training_again(rules, old, new):
    before = phrase_rules_digest(load_rules(rules, cache=False).phrases)
    replace(rules / "phrases.toml", old, new)
    assert phrase_rules_digest(load_rules(rules, cache=False).phrases) == before


@pytest.mark.parametrize("old, new", [
    ("\njob = '''", "\njob = '''residency|"),  # a word list
    ("patterns = [\n", "patterns = [\n  '''\\bresidency\\b''',\n"),  # a pattern
    ('  """\\bnot\\b', '  """\\bnever\\b|\\bnot\\b'),  # a scope's cue
    ('dont = "don\'t"', 'dont = "do not"'),  # a spelling
    ('abbreviations = ["jr",', 'abbreviations = ["jr", "mgmt",'),  # [reading]
    (EXAMPLE, EXAMPLE + '  "I want to ask about their salary bands.",\n'),  # "salary": a word the rules did not know
], ids=["a-word-list", "a-pattern", "a-scope", "a-spelling", "reading", "an-example-with-a-new-word"])
def test_what_changes_the_model_still_needs_training_again(rules, old, new):
    before = phrase_rules_digest(load_rules(rules, cache=False).phrases)
    text = (rules / "phrases.toml").read_text(encoding="utf-8")
    if old not in text:  # the scope cue is written with ''' in the file
        old, new = old.replace('"""', "'''"), new.replace('"""', "'''")
    replace(rules / "phrases.toml", old, new)
    assert phrase_rules_digest(load_rules(rules, cache=False).phrases) != before


def test_check_and_verify_say_nothing_after_an_example_is_added(runner, rules):
    replace(rules / "phrases.toml", EXAMPLE, EXAMPLE + '  "I want to hear how their team works day to day.",\n')
    for command in ("check", "verify"):
        result = runner.invoke(cli, [command, "--rules", str(rules)])
        assert result.exit_code == 0, result.output
        assert "warning" not in result.stderr, result.stderr


# -- the adviser's own corpus files: [model] corpus ------------------------------------

def learnt_as(rules, files):
    """Give the copied folder a model that says it learnt `files` ({name as --train records it: path})
    besides the shipped parts."""
    data = json.loads((rules / "goal-model.json").read_text(encoding="utf-8"))
    for file, path in files.items():
        data["trained_on"][path.name] = {"sentences": 15, "weight": 3.0, "blake2b": corpus_digest(path), "file": file}
    (rules / "goal-model.json").write_text(json.dumps(data), encoding="utf-8")


def list_corpus(rules, *names):
    replace(rules / "phrases.toml", "stated_weight = {", f"corpus = {json.dumps(list(names))}\nstated_weight = {{")


def corpus_warnings_of(rules):
    return model_warnings(load_rules(rules, cache=False).phrases)


def test_a_listed_file_the_model_learnt_as_it_is_gives_no_warning(rules, tmp_path):
    (rules / "money.toml").write_text(SMALL_CORPUS, encoding="utf-8")
    (tmp_path / "beside.toml").write_text(SMALL_CORPUS.replace("Coffee", "Tea"), encoding="utf-8")
    learnt_as(rules, {"money.toml": rules / "money.toml", "../beside.toml": tmp_path / "beside.toml"})
    list_corpus(rules, "money.toml", "../beside.toml")
    assert corpus_warnings_of(rules) == []


@pytest.mark.parametrize("learnt, listed, edit, expected", [
    (["../money.toml"], [], None,
     "{rules}/goal-model.json learnt your sentences in ../money.toml, but {rules}/phrases.toml does not list that file "
     "under [model] corpus, so the next --train will forget them; to keep them, list it there: "
     'corpus = ["../money.toml"] (paths are relative to {rules})'),
    (["../money.toml"], ["../money.toml"], "Coffee at nine",
     "../money.toml (listed under [model] corpus in {rules}/phrases.toml) has changed since {rules}/goal-model.json "
     "learnt it; train it again: infoview phrases --train --rules {rules}"),
    ([], ["../money.toml"], None,
     "../money.toml is listed under [model] corpus in {rules}/phrases.toml, but {rules}/goal-model.json has not learnt "
     "it yet; train it again: infoview phrases --train --rules {rules}"),
    ([], ["../gone.toml"], None,
     "{rules}/phrases.toml: [model] corpus lists ../gone.toml, but {tmp}/gone.toml does not exist "
     "(paths are relative to the rules folder); --train stops until it does"),
], ids=["learnt-not-listed", "listed-changed-since", "listed-not-learnt", "listed-missing"])
def test_check_and_verify_warn_when_training_as_configured_would_learn_other_sentences(
        runner, rules, tmp_path, learnt, listed, edit, expected):
    money = tmp_path / "money.toml"
    money.write_text(SMALL_CORPUS, encoding="utf-8")
    learnt_as(rules, {name: money for name in learnt})
    if listed:
        list_corpus(rules, *listed)
    if edit:
        money.write_text(SMALL_CORPUS.replace("Coffee at ten", edit), encoding="utf-8")
    for command in ("check", "verify"):
        result = runner.invoke(cli, [command, "--rules", str(rules)])
        assert result.exit_code == 0, result.output  # a warning, not a failure: the advice still reads
        assert result.stderr.splitlines() == ["warning: " + expected.format(rules=rules, tmp=tmp_path)]


@pytest.mark.parametrize("content, message", [
    (None, "{rules}/phrases.toml: [model] corpus lists ../money.toml, but {tmp}/money.toml does not exist "
           "(paths there are relative to the rules folder {rules})"),
    ("[wishes]\ncases = [ { text = 'Over the moon.', goals = ['get_a_job'] } ]\n",
     "{tmp}/money.toml: [wishes] case 1: unknown goal 'get_a_job'"),
    ("cases = [\n", "{tmp}/money.toml: invalid TOML"),
], ids=["missing", "unknown-goal", "not-toml"])
def test_training_stops_on_a_listed_file_it_cannot_learn_with_one_line(runner, rules, tmp_path, content, message):
    if content is not None:
        (tmp_path / "money.toml").write_text(content, encoding="utf-8")
    list_corpus(rules, "../money.toml")
    before = (rules / "goal-model.json").read_bytes()
    result = runner.invoke(cli, ["phrases", "--train", "--rules", str(rules)])
    assert result.exit_code == 2, result.output
    [line] = result.stderr.splitlines()  # before "Learning from": the error is the only line
    assert line.startswith("error: " + message.format(rules=rules, tmp=tmp_path)), line
    if content is not None:
        assert line.endswith(f"(listed under [model] corpus in {rules}/phrases.toml)")
    assert (rules / "goal-model.json").read_bytes() == before


def test_an_advisers_listed_sentences_survive_training_again_without_corpus(runner, tmp_path, monkeypatch):
    # the adviser's session, end to end: a copy made by init, one --corpus run, then plain --train runs
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(cli, ["init", "advice"]).exit_code == 0
    monkeypatch.chdir(tmp_path / "advice")
    Path("money.toml").write_text(SMALL_CORPUS, encoding="utf-8")
    result = runner.invoke(cli, ["phrases", "--train", "--rules", "rules", "--corpus", "money.toml"])
    assert result.exit_code == 0, result.output
    assert ("note: ../money.toml is not listed under [model] corpus in rules/phrases.toml, so the next --train "
            "without --corpus will forget it; to keep your sentences, put this line under [model]: "
            'corpus = ["../money.toml"]') in result.stderr
    result = runner.invoke(cli, ["check", "--rules", "rules"])
    assert result.exit_code == 0, result.output
    assert "learnt your sentences in ../money.toml, but rules/phrases.toml does not list that file" in result.stderr
    # as the note says; then training without --corpus learns them again
    replace(Path("rules/phrases.toml"), "# corpus = [\"my-sentences.toml\"]", 'corpus = ["../money.toml"]')
    result = runner.invoke(cli, ["phrases", "--train", "--rules", "rules"])
    assert result.exit_code == 0, result.output
    shipped = len(training_corpus())  # every training part of the clone, and the one file of the adviser's
    assert f"Learning from {shipped} shipped corpus files and 1 of yours..." in result.stderr and "note:" not in result.stderr
    model = load_goal_model(Path("rules/goal-model.json"), GOALS)
    assert model.trained_on["money.toml"] == {"sentences": 15, "weight": 3.0,
                                              "blake2b": corpus_digest(Path("money.toml")), "file": "../money.toml"}
    for command in ("check", "verify"):
        result = runner.invoke(cli, [command, "--rules", "rules"])
        assert result.exit_code == 0, result.output
        assert "warning" not in result.stderr, result.stderr
    Path("money.toml").write_text(SMALL_CORPUS.replace("Coffee at ten", "Coffee at nine"), encoding="utf-8")
    result = runner.invoke(cli, ["check", "--rules", "rules"])
    assert result.exit_code == 0, result.output
    assert "warning: ../money.toml (listed under [model] corpus in rules/phrases.toml) has changed since" in result.stderr


def test_a_corpus_file_in_the_rules_folder_is_a_rule_file_error_until_it_is_listed(runner, rules):
    (rules / "money.toml").write_text(SMALL_CORPUS, encoding="utf-8")
    result = runner.invoke(cli, ["check", "--rules", str(rules)])
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [
        f"error: {rules / 'money.toml'}: unknown rule file (expected: {', '.join(FILES + GUIDANCE_FILES)}); "
        'a corpus file of your sentences kept here: list it in phrases.toml under [model], as corpus = ["money.toml"]']
    list_corpus(rules, "money.toml")
    result = runner.invoke(cli, ["check", "--rules", str(rules)])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [  # listed: no rule file, and one the model has not learnt yet
        f"warning: money.toml is listed under [model] corpus in {rules / 'phrases.toml'}, but {rules / 'goal-model.json'} "
        f"has not learnt it yet; train it again: infoview phrases --train --rules {rules}"]
