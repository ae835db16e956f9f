"""A statistical reading of goal_text, beside the phrase rules.

The phrase rules (phrases.toml) read only the wordings someone wrote a pattern
for, and every new batch of sentences written by others brings wordings no
pattern has ("I'd be over the moon if it led somewhere"); on such batches the
rules alone read about 70% of texts exactly. This model decides each goal from
two kinds of evidence: the goals the rules read, and the words and word pairs of
each sentence. It is one logistic regression per goal, learnt from the labelled
sentences in tests/data by `infoview phrases --train` (scikit-learn, only
there) and shipped as plain JSON weights. Reading is a sum of weights, so each
decision can be explained: a goal a rule read is shown with the rule's words; a
goal from the words alone with the words that weighed most; a rule's reading
the other words weighed against is named by `infoview phrases`.

Words inside a [[scope]] of phrases.toml (a negation, someone else's wish, a
counterfactual, ...) are marked, so that "my flatmate wants a job there" and
"I want a job there" are different words to the model.

How far to trust the rules is learnt mostly from sentences written for training
by people who never saw them (the blind training parts): on the tune part the
rules are right by construction, so it says nothing about that.
"""

from __future__ import annotations

import json
import math
import re
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from .errors import InputError, RulesError

if TYPE_CHECKING:
    from .phrases import PhraseBook

FORMAT = 1
MAX_BYTES = 8 << 20  # far above a real model; a bigger file is not read
_TOKEN = re.compile(r"[a-z][a-z']*")
_CLAUSE_BREAK = re.compile(r"[,;:.!?()\n]")
SHOWN_FEATURES = 3  # the words shown for a goal: the most weighty features, at most this many
SCOPE_MARK = "!"  # before a word inside a scope ("!job": a job in someone else's wish)


@dataclass(frozen=True)
class Feature:
    name: str  # "job", "a job", "!job"
    start: int  # where its words are in the normalised text
    end: int
    sentence: int  # where its sentence starts (-1: not words, a goal the rules read)


RULE_FEATURE = "rule:"  # before a goal: a phrase rule read it (no word has a colon)


def rule_feature(goal: str) -> str:
    """The feature that says a phrase rule gave `goal`."""
    return RULE_FEATURE + goal


def sentence_features(body: str, offset: int, scopes: list) -> list:
    """The features of one sentence (its text `body`, starting at `offset`): each word, and
    each pair of neighbouring words, a word inside a scope marked with SCOPE_MARK."""
    words = []
    for word in _TOKEN.finditer(body):
        inside = any(start <= word.start() < end for start, end, _ in scopes)
        words.append((SCOPE_MARK + word.group(0) if inside else word.group(0), word.start(), word.end()))
    features = [Feature(w, offset + s, offset + e, offset) for w, s, e in words]
    features += [Feature(f"{a} {b}", offset + s, offset + e, offset) for (a, s, _), (b, _, e) in zip(words, words[1:])]
    return features


@dataclass
class GoalModel:
    """Weights per goal: chance = 1 / (1 + e^-(bias + sum of the weights of the features present))."""

    goals: tuple
    bias: dict  # goal -> float
    weights: dict  # goal -> {feature: float}
    trained_on: dict  # corpus file name -> {"sentences": n, "weight": w, "blake2b": digest}
    phrase_rules: str = ""  # phrase_rules_digest of the phrases.toml it was trained with ("": unknown)
    stated_weight: dict | None = None  # the [model] stated_weight it was trained with (None: unknown)

    def chance(self, goal: str, names: Iterable[str]) -> float:
        weights = self.weights[goal]
        total = self.bias[goal] + sum(weights.get(name, 0.0) for name in set(names))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, total))))

    def reasons(self, goal: str, features: Sequence[Feature], text: str) -> tuple:
        """Where the words that weighed most for `goal` are: (start, end) in the normalised `text`,
        from the first to the last of the SHOWN_FEATURES weightiest features of one clause. Of the
        sentences, the one whose words weigh most for the goal; in it, the clause where its
        SHOWN_FEATURES weightiest words weigh most together. A clause, because the words shown for
        a job wish ran on into the next clause, a learning one (a trial); together, because the
        clause of the single weightiest word was often a side one ("Would love to be considered
        for the Graduate Scheme, and to hear what the rotations involve" showed the second clause
        for the open role). The sentence first, because a clause of a learning sentence could
        outweigh a hedged job wish ("if they had an opening I'd jump at it. I'd also love to
        understand how their studio runs" showed the second sentence for the job, in a trial)."""
        from bisect import bisect_left, bisect_right

        weights = self.weights[goal]
        breaks = [found.start() for found in _CLAUSE_BREAK.finditer(text)]
        by_clause: dict = {}  # (sentence, clause) -> {feature name: its first Feature}
        by_sentence: dict = {}  # sentence -> {feature name: weight}
        for feature in features:
            if feature.sentence >= 0 and weights.get(feature.name, 0.0) > 0:  # words, not the rules' readings
                by_sentence.setdefault(feature.sentence, {})[feature.name] = weights[feature.name]
                clause = bisect_right(breaks, feature.start)
                if clause == bisect_left(breaks, feature.end):  # a word pair across a comma is in no clause
                    by_clause.setdefault((feature.sentence, clause), {}).setdefault(feature.name, feature)
        if not by_clause:
            return 0, 0
        sentence = max((s for s, _ in by_clause), key=lambda s: sum(by_sentence[s].values()))
        tops = [sorted(found.values(), key=lambda f: -weights[f.name])[:SHOWN_FEATURES]
                for (s, _), found in by_clause.items() if s == sentence]
        top = max(tops, key=lambda shown: sum(weights[f.name] for f in shown))  # the first of equals, in text order
        return min(f.start for f in top), max(f.end for f in top)

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, "goals": list(self.goals), "bias": self.bias, "trained_on": self.trained_on,
                           "phrase_rules": self.phrase_rules, "stated_weight": self.stated_weight,
                           "weights": self.weights},
                          ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def load_goal_model(path: Path, goals: Sequence[str]) -> GoalModel:
    """Read and check a model file; RulesError naming the file and the problem."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise RulesError(f"{path}: the model file is larger than {MAX_BYTES >> 20} MB")
        data = json.loads(path.read_bytes())
    except OSError as error:
        raise RulesError(f"{path}: cannot read the goal model: {error.strerror}") from None
    except json.JSONDecodeError as error:  # said as an answers file's JSON is
        from .reading import json_error

        raise RulesError(f"{path}: not a goal model ({json_error(error)})") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise RulesError(f"{path}: not a goal model (invalid JSON: {error})") from None

    def number(value: object) -> bool:
        return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)

    ok = (isinstance(data, dict) and data.get("format") == FORMAT and isinstance(data.get("goals"), list)
          and isinstance(data.get("bias"), dict) and isinstance(data.get("weights"), dict)
          and isinstance(data.get("trained_on"), dict))
    if not ok:
        raise RulesError(f"{path}: not a goal model of format {FORMAT} (write one with: {train_command(path.parent)})")
    if set(data["goals"]) != set(goals) or set(data["bias"]) != set(goals) or set(data["weights"]) != set(goals):
        raise RulesError(f"{path}: the model's goals ({', '.join(map(str, data['goals']))}) are not the rules' goals "
                         f"({', '.join(goals)}); train it again: {train_command(path.parent)}")
    for goal in goals:
        weights = data["weights"][goal]
        # map() keeps these checks of some 40,000 weights quick: they are part of a cold start
        if not number(data["bias"][goal]) or not isinstance(weights, dict) \
                or not set(map(type, weights.values())) <= {int, float} or not all(map(math.isfinite, weights.values())):
            raise RulesError(f"{path}: the weights of '{goal}' must be a table of feature = number")
    phrase_rules = data.get("phrase_rules", "")
    if not isinstance(phrase_rules, str):
        raise RulesError(f"{path}: 'phrase_rules' must be the digest of the phrase rules it was trained with")
    stated_weight = data.get("stated_weight")
    if stated_weight is not None and not (isinstance(stated_weight, dict) and all(map(number, stated_weight.values()))):
        raise RulesError(f"{path}: 'stated_weight' must be the table of goal = weight it was trained with")
    return GoalModel(tuple(goals), data["bias"], data["weights"], data["trained_on"], phrase_rules, stated_weight)


def phrase_rules_digest(book: "PhraseBook") -> str:
    """A digest of what the model learnt to trust in the phrases.toml of `book` (its rules folder):
    every table but [model] (a threshold may change without training again; a pattern, a word
    list, a scope, a spelling or [reading] may not), read as data, so that comments and layout do
    not count, and without the rules' `examples` and `counter_examples`, which training never reads.
    An example adds its words to the dictionary the spelling is corrected towards, and a training
    sentence's typo may then be read as another word: so that dictionary is part of the digest
    (an example made of words the rules know already changes nothing; a new word does)."""
    import tomllib
    from hashlib import blake2b

    from .phrases import common_english

    data = tomllib.loads((Path(book.folder or ".") / "phrases.toml").read_text(encoding="utf-8"))
    data.pop("model", None)
    data["phrase"] = [{key: value for key, value in item.items() if key not in ("examples", "counter_examples")}
                      for item in data.get("phrase", []) if isinstance(item, dict)]
    common = common_english()
    data[" dictionary"] = sorted(word for word in book.vocabulary if word in common)  # as the Speller keeps it
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def without_model_table(phrases_toml_text: str) -> str:
    """The text of a phrases.toml with its [model] table cut out (the phrase rules alone)."""
    start = phrases_toml_text.find("\n[model]\n")
    if start < 0:
        return phrases_toml_text
    end = phrases_toml_text.find("\n[", start + 1)
    return phrases_toml_text[:start] + (phrases_toml_text[end:] if end >= 0 else "")


def stale_warning(model: GoalModel, book: "PhraseBook") -> str | None:
    """Why the model should be trained again, if the phrase rules or the [model] stated_weight
    of `book` (as the rules hold them now) changed since it was; else None."""
    folder = Path(book.folder or ".")
    train_again = f"train it again: {train_command(folder)}"
    if model.phrase_rules and phrase_rules_digest(book) != model.phrase_rules:
        return (f"{folder / book.model_file} was trained with other phrase rules than {folder / 'phrases.toml'} "
                f"holds now, so it may trust them wrongly; {train_again}")
    if model.stated_weight is not None and model.stated_weight != book.stated_weight:
        return (f"{folder / book.model_file} was trained with another [model] stated_weight than "
                f"{folder / 'phrases.toml'} holds now; {train_again}")
    return None


def train_command(folder: Path) -> str:
    """The command that trains the goal model of the rules `folder`, as the person can run it (program.py)."""
    from .program import command

    return command("phrases", "--train", "--rules", str(folder))


def corpus_file(folder: Path, path: Path) -> str:
    """How [model] corpus names the corpus file at `path`: relative to the rules `folder`."""
    import os

    return Path(os.path.relpath(Path(path).resolve(), Path(folder).resolve())).as_posix()


def _normal(path: Path) -> Path:
    """`path` without its "..": "rules/../mine.toml" is "mine.toml" (as the adviser would write it)."""
    import os

    return Path(os.path.normpath(path))


def corpus_warnings(model: GoalModel, book: "PhraseBook") -> list:
    """What the model learnt of the adviser's own corpus files that training as configured now
    would not learn the same way, one line each: a file learnt but not listed under [model]
    corpus (the next --train forgets it), a listed file changed since it was learnt, or missing,
    or listed but not learnt yet."""
    from .phrase_eval import CORPUS_FILES, TRAINING_FILES

    folder = Path(book.folder or ".")
    phrases_toml, model_path = folder / "phrases.toml", folder / book.model_file
    listed = {(folder / name).resolve(): name for name in book.corpus}
    train_again = f"train it again: {train_command(folder)}"
    warnings, learnt = [], set()
    for name, entry in model.trained_on.items():
        if not isinstance(entry, dict):
            continue
        shown = entry.get("file")
        if not isinstance(shown, str):  # a shipped part, or a file of an adviser's learnt before it was recorded
            if name in TRAINING_FILES or name in CORPUS_FILES:
                continue
            shown = name
            found = next((path for path in listed if path.name == name), None)
        else:
            found = (folder / shown).resolve()
            found = found if found in listed else None
        if found is None:
            warnings.append(f"{model_path} learnt your sentences in {shown}, but {phrases_toml} does not list "
                            f"that file under [model] corpus, so the next --train will forget them; to keep them, "
                            f"list it there: corpus = [\"{shown}\"] (paths are relative to {folder})")
            continue
        learnt.add(found)
        if found.is_file() and corpus_digest(found) != entry.get("blake2b"):
            warnings.append(f"{listed[found]} (listed under [model] corpus in {phrases_toml}) has changed since "
                            f"{model_path} learnt it; {train_again}")
    for path, name in listed.items():
        if not path.is_file():
            warnings.append(f"{phrases_toml}: [model] corpus lists {name}, but {_normal(folder / name)} does not exist "
                            "(paths are relative to the rules folder); --train stops until it does")
        elif path not in learnt:
            warnings.append(f"{name} is listed under [model] corpus in {phrases_toml}, but {model_path} has not "
                            f"learnt it yet; {train_again}")
    return warnings


def model_warnings(book: "PhraseBook") -> list:
    """Every reason to train the goal model of `book` again, one line each (check, verify, serve)."""
    model = book.model
    if model is None:
        return []
    stale = stale_warning(model, book)
    return ([stale] if stale else []) + corpus_warnings(model, book)


def scikit_learn_hint() -> str:
    """How to install scikit-learn into the Python infoview runs on: the train extra's requirement
    itself (infoview is not on PyPI, so asking pip for infoview with the extra finds nothing)."""
    import shlex
    import sys
    from importlib import metadata

    try:
        wanted = [r.split(";")[0].strip() for r in metadata.requires("infoview") or []
                  if "scikit-learn" in r and "train" in r.split(";", 1)[-1]]
    except metadata.PackageNotFoundError:  # run from a clone without installing it
        wanted = []
    requirement = shlex.quote((wanted or ["scikit-learn"])[0].replace(" ", ""))
    return (f"{shlex.quote(sys.executable)} -m pip install {requirement} "
            "(or, in your clone of infoview: pip install -e '.[train]')")


def corpus_digest(path: Path) -> str:
    from hashlib import blake2b  # only when training or checking a model, never while reading

    return blake2b(path.read_bytes(), digest_size=16).hexdigest()


def train(corpora: Sequence[Path], featurise: Callable[[str], list], goals: Sequence[str],
          load_corpus: Callable[[Path, Sequence[str]], list], never: frozenset = frozenset(),
          weight: Callable[[Path], float] = lambda path: 1.0, stated_weight: dict | None = None,
          progress: Callable = lambda label, length: nullcontext(lambda steps: None)) -> GoalModel:
    """Learn a model from labelled corpus files; `featurise(text)` gives a text's features.
    A sentence in `never` (one of a part that measures the model) is not learnt from; each
    sentence of a file counts `weight(path)` times, and for a goal it states, `stated_weight[goal]`
    times more ([model] stated_weight: each goal is stated in few sentences, so without it the
    model learns to miss them). `progress(label, length)` is entered for each stage (the files, the
    sentences, the goals) and gives the function that advances it, as the command line's progress bar.

    Needs scikit-learn (the train extra); InputError saying how to install it if it is missing.
    """
    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        raise InputError(f"training the goal model needs scikit-learn: {scikit_learn_hint()}") from None
    cases = []
    weights_of_cases: list = []
    trained_on = {}
    with progress("reading the corpus files", len(corpora)) as advance:
        for path in corpora:
            loaded = [case for case in load_corpus(path, goals) if case.text not in never]
            cases += loaded
            weights_of_cases += [weight(path)] * len(loaded)
            trained_on[path.name] = {"sentences": len(loaded), "weight": weight(path), "blake2b": corpus_digest(path)}
            advance(1)
    rows = []
    with progress("reading the sentences", len(cases)) as advance:  # most of the time: each is read by the phrase rules
        for case in cases:
            rows.append({f.name: 1 for f in featurise(case.text)})
            advance(1)
    # a feature seen in one sentence only says more about that sentence than about people
    seen: dict = {}
    for row in rows:
        for name in row:
            seen[name] = seen.get(name, 0) + 1
    rows = [{name: 1 for name in row if seen[name] >= MIN_SENTENCES or name.startswith(RULE_FEATURE)} for row in rows]
    vectoriser = DictVectorizer()
    matrix = vectoriser.fit_transform(rows)
    names = vectoriser.get_feature_names_out()
    bias, weights = {}, {}
    with progress("learning each goal", len(goals)) as advance:
        for goal in goals:
            labels = [goal in case.goals for case in cases]
            if all(labels) or not any(labels):
                raise InputError(f"the training sentences need examples with and without '{goal}'")
            stated = (stated_weight or {}).get(goal, 1.0)
            fit = LogisticRegression(C=REGULARISATION, max_iter=20000, tol=CONVERGED, class_weight={True: stated, False: 1.0}).fit(
                matrix, labels, sample_weight=weights_of_cases)
            bias[goal] = round(float(fit.intercept_[0]), 3)
            weights[goal] = {str(n): round(float(w), 3) for n, w in zip(names, fit.coef_[0]) if abs(w) >= MIN_WEIGHT}
            advance(1)
    return GoalModel(tuple(goals), bias, weights, trained_on)


MIN_SENTENCES = 2  # a feature must occur in this many training sentences
# The solver runs until it has converged (tol 1e-7), not to lbfgs's default 1e-4: stopped early, a
# change to one phrase rule moved the weights of words it never touches, and some twenty readings
# of unrelated sentences changed each way; converged, the same change moved the sentence it was for
# and at most one other, a long text near its threshold
CONVERGED = 1e-7
REGULARISATION = 3.0  # scikit-learn's C: leaving out each blind training part in turn, 3 read 11 of 7,911 more right
# than 10; converged, C = 1, 2, 3 and 5 read 3,199 to 3,203 of the 3,605 sentences of fresh-21 to -53
# right (88.8%), but C = 1 read a sentence of the issue's own fit wording ("Get a feel for the place.")
# as learning too
MIN_WEIGHT = 0.15  # smaller weights change next to no reading (3 of 755 measuring sentences), and half the file starts quicker
