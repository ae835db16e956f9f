"""An experiment, not part of infoview: a small linear model over words, read together with the phrase rules.

Tried for issue 10 and NOT adopted (see the README, "Goals in your own words":
on goals-fresh-7, labelled before it was built, it lowered exact-set accuracy
and get_job precision). It stays here so the finding can be reproduced:
`python bench/train_goal_model.py`, then `python bench/goal_model_eval.py -v`.

The model is data (`bench/goal-model.json`: per goal a bias, a weight per word or
word pair, and a threshold); reading it is pure Python. Per goal, a text's score
is the bias plus the weights of the features it contains; the goal is read when
the logistic of that score reaches the goal's threshold. Its reason is the
features that added most to the score, quoted as the person's words.

The features are taken after the phrase rules' own normalising (lower case,
spelling) and scopes: words inside a negation, someone else's wish or a doubt
that blocks a goal are not features *for that goal*, so "my flatmate wants a
job" gives the model nothing towards `get_job`, just as it gives the rules
nothing. The model only adds a goal the rules did not read, never removes one.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from infoview_rules.phrases import _SENTENCE, _WORD, PhraseBook, PhraseMatch, _scopes, normalise


@dataclass(frozen=True)
class GoalWeights:
    bias: float
    threshold: float
    weights: dict  # feature -> weight


@dataclass(frozen=True)
class GoalModel:
    goals: dict  # goal -> GoalWeights

    @classmethod
    def load(cls, path: Path) -> "GoalModel":
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls({g: GoalWeights(float(w["bias"]), float(w["threshold"]), dict(w["weights"]))
                    for g, w in data["goals"].items()})


def features(text: str, book: PhraseBook, goals: Sequence[str]) -> dict:
    """goal -> {feature: the person's words for it}: words and word pairs outside the scopes blocking that goal."""
    norm = normalise(text, book.speller)
    out: dict = {g: {} for g in goals}
    for sentence in _SENTENCE.finditer(norm.text):
        body = sentence.group(0)
        if not body.strip():
            continue
        scopes = _scopes(body, book)
        words = [(w.group(0), w.start(), w.end()) for w in _WORD.finditer(body)]
        for goal in goals:
            free = [not any(s <= start < e and goal in blocked for s, e, blocked in scopes) for _, start, _ in words]
            feats = out[goal]
            for i, (word, start, end) in enumerate(words):
                if not free[i]:
                    continue
                base = sentence.start()
                feats.setdefault(word, norm.original(base + start, base + end))
                if i + 1 < len(words) and free[i + 1]:
                    nxt = words[i + 1]
                    feats.setdefault(f"{word} {nxt[0]}", norm.original(base + start, base + nxt[2]))
    return out


def probability(weights: GoalWeights, feats: dict) -> float:
    score = weights.bias + sum(weights.weights.get(f, 0.0) for f in feats)
    return 1.0 / (1.0 + math.exp(-score))


def reason(weights: GoalWeights, feats: dict, top: int = 3) -> str:
    """The person's words behind the features that added most to the score."""
    ranked = sorted(((weights.weights.get(f, 0.0), f) for f in feats), key=lambda x: (-x[0], x[1]))
    shown: list = []
    for w, f in ranked:
        if w <= 0 or len(shown) == top:
            break
        words = feats[f]
        if not any(words in s for s in shown):
            shown = [s for s in shown if s not in words] + [words]
    return ", ".join(shown)


# goals that exclude each other in the labelling: a case for an open role is not also a job wish
_EXCLUSIVE = {"get_job": "pitch_for_open_role", "pitch_for_open_role": "get_job"}


def model_reads(text: str, book: PhraseBook, model: GoalModel, goal_order: Sequence[str], read: Sequence[PhraseMatch]) -> list:
    """The rules' matches plus the goals the model adds where the rules read nothing for them."""
    have = {m.goal for m in read}
    goals = [g for g in goal_order if g in model.goals and g not in have]
    if not goals or not text or not text.strip():
        return list(read)
    feats = features(text, book, goals)
    added = {}
    for goal in goals:
        if _EXCLUSIVE.get(goal) in have:
            continue
        weights = model.goals[goal]
        if probability(weights, feats[goal]) >= weights.threshold:
            added[goal] = PhraseMatch(goal, "model", reason(weights, feats[goal]))
    if "get_job" in added and "pitch_for_open_role" in added:
        del added["get_job"]
    by_goal = {m.goal: m for m in read} | added
    return [by_goal[g] for g in goal_order if g in by_goal]
