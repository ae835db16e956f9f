"""Measuring the phrase rules on labelled sentences: precision, recall, exact-set accuracy."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from .errors import InputError
from .phrases import PhraseBook, read_goals

def _corpus_dir() -> Path:
    """The labelled sentences: package data once installed (so that an adviser can measure and
    retrain anywhere), tests/data in a source checkout."""
    here = Path(__file__).resolve().parent
    inside = here / "data" / "corpus"
    return inside if inside.is_dir() else here.parent / "tests" / "data"


CORPUS_DIR = _corpus_dir()
# the part tuned on, then the held-out parts: heldout (written with the tune part), and the fresh
# batches, each labelled before the reader was run on it (see the README's goal-reading section)
CORPUS_FILES = ("goals-tune.toml", "goals-heldout.toml", "goals-fresh.toml") + tuple(
    f"goals-fresh-{n}.toml" for n in range(2, 70))
# What the goal model learns from (infoview phrases --train): the parts the phrase rules were
# tuned to (the tune part, and the fresh parts studied round by round); fresh-10 to fresh-20,
# written blind and each read once as a measure before it was learnt from (more text written by
# others was what moved the reading most); and sentences written blind for training only. The
# held-out part and the fresh parts after fresh-20 are never learnt from, so they measure the model.
TUNED_TO = ("goals-tune.toml", "goals-fresh.toml", "goals-fresh-2.toml", "goals-fresh-3.toml", "goals-fresh-4.toml",
            "goals-fresh-5.toml", "goals-fresh-6.toml", "goals-fresh-7.toml", "goals-fresh-8.toml", "goals-fresh-9.toml")
READ_THEN_LEARNT = tuple(f"goals-fresh-{n}.toml" for n in range(10, 21))
TRAINING_FILES = TUNED_TO + READ_THEN_LEARNT + tuple(f"goals-train-{n}.toml" for n in range(1, 52))


@dataclass(frozen=True)
class Case:
    group: str
    text: str
    goals: frozenset


@dataclass
class Outcome:
    case: Case
    read: frozenset
    phrases: list

    @property
    def exact(self) -> bool:
        return self.read == self.case.goals


# What the goal model knows of a corpus file (Score.learnt): it was trained on this very file
# (its blake2b digest is in the model's trained_on, under any name), or on a file of the same
# name with other content (edited since, most likely: many of its sentences may have been learnt)
LEARNT = "this file"
LEARNT_OTHER_VERSION = "a file of this name"
LEARNT_NOTES = {
    LEARNT: "the goal model was trained on this file, so its figure shows what the model remembers, "
            "not how it reads new text",
    LEARNT_OTHER_VERSION: "the goal model was trained on a file of this name with other content (edited since?), "
                          "so its figure may be too high for new text",
}
LEARNT_MARKS = {LEARNT: "*", LEARNT_OTHER_VERSION: "~"}


def learnt_by(model, path: Path) -> str | None:
    """LEARNT if `model` (a GoalModel, or None) was trained on the corpus file at `path`,
    LEARNT_OTHER_VERSION if on a file of its name with other content, else None."""
    if model is None or not model.trained_on:
        return None
    from .goal_model import corpus_digest

    digests = {entry.get("blake2b") for entry in model.trained_on.values() if isinstance(entry, dict)}
    if corpus_digest(Path(path)) in digests:
        return LEARNT
    return LEARNT_OTHER_VERSION if Path(path).name in model.trained_on else None


@dataclass
class Score:
    name: str
    goals: Sequence[str]
    outcomes: list = field(default_factory=list)
    learnt: str | None = None  # what the goal model knows of the file (learnt_by)

    @property
    def accuracy(self) -> float:
        return sum(o.exact for o in self.outcomes) / len(self.outcomes) if self.outcomes else 0.0

    def counts(self, goal: str) -> tuple:
        """(true positives, false positives, false negatives) for one goal."""
        tp = sum(goal in o.read and goal in o.case.goals for o in self.outcomes)
        fp = sum(goal in o.read and goal not in o.case.goals for o in self.outcomes)
        fn = sum(goal not in o.read and goal in o.case.goals for o in self.outcomes)
        return tp, fp, fn

    def precision(self, goal: str) -> float | None:
        """Of the sentences read as `goal`, the share labelled with it; None if none was read as it."""
        tp, fp, _ = self.counts(goal)
        return tp / (tp + fp) if tp + fp else None

    def recall(self, goal: str) -> float | None:
        """Of the sentences labelled with `goal`, the share read as it; None if none was labelled with it."""
        tp, _, fn = self.counts(goal)
        return tp / (tp + fn) if tp + fn else None

    def misses(self) -> list:
        return [o for o in self.outcomes if not o.exact]

    def to_dict(self) -> dict:
        per_goal = {}
        for goal in self.goals:
            tp, fp, fn = self.counts(goal)
            precision, recall = self.precision(goal), self.recall(goal)
            # null: nothing to count (no sentence read as the goal; none labelled with it)
            per_goal[goal] = {"precision": None if precision is None else round(precision, 4),
                              "recall": None if recall is None else round(recall, 4),
                              "true_positives": tp, "false_positives": fp, "false_negatives": fn}
        return {
            "corpus": self.name, "sentences": len(self.outcomes), "exact_set_accuracy": round(self.accuracy, 4),
            # null, or what the goal model was trained on: "this file" or "a file of this name"
            "model_trained_on": self.learnt, "goals": per_goal,
            "misses": [{"text": o.case.text, "group": o.case.group, "expected": sorted(o.case.goals),
                        "read": sorted(o.read), "phrases": [p.to_dict() for p in o.phrases]} for o in self.misses()],
        }


def load_corpus(path: Path, goals: Sequence[str]) -> list:
    """The labelled cases of one corpus file: tables of `cases = [{text, goals}]`."""
    import tomllib

    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: invalid TOML: {error}") from None
    cases = []
    for group, table in data.items():
        if not isinstance(table, dict) or not isinstance(table.get("cases"), list):
            raise InputError(f"{path}: [{group}] must have a list 'cases': a corpus file is tables like "
                             f"[my-sentences] with cases = [ {{ text = \"...\", goals = [\"learn_about_company\"] }} ]")
        for i, item in enumerate(table["cases"], 1):
            if not isinstance(item, dict) or set(item) != {"text", "goals"} or not isinstance(item["text"], str) \
                    or not isinstance(item["goals"], list):
                raise InputError(f"{path}: [{group}] case {i}: expected {{ text = \"...\", goals = [...] }}")
            unknown = [g for g in item["goals"] if g not in goals]
            if unknown:
                raise InputError(f"{path}: [{group}] case {i}: unknown goal '{unknown[0]}' (allowed values: {', '.join(goals)})")
            cases.append(Case(group, item["text"], frozenset(item["goals"])))
    if not cases:
        raise InputError(f"{path}: no cases")
    return cases


def evaluate(book: PhraseBook, goals: Sequence[str], cases: list, name: str, learnt: str | None = None) -> Score:
    score = Score(name, goals, learnt=learnt)
    for case in cases:
        found = read_goals(case.text, book, goals)
        score.outcomes.append(Outcome(case, frozenset(m.goal for m in found), found))
    return score


def default_corpus() -> list:
    """The corpus files of a source checkout (they do not ship in the package)."""
    return [CORPUS_DIR / name for name in CORPUS_FILES if (CORPUS_DIR / name).is_file()]


# The blind training parts (and an adviser's own sentences) weigh three times as much as the
# parts the rules were tuned to: on them the rules read as they do on new text (about 70%
# exact), where the tune part and the studied fresh parts are read almost perfectly; the goal
# model learns from them how far to trust the rules' readings.
BLIND_TRAINING_WEIGHT = 3.0


def training_weight(path: Path) -> float:
    return 1.0 if path.parent == CORPUS_DIR and path.name in TUNED_TO else BLIND_TRAINING_WEIGHT


def training_corpus() -> list:
    """The files the goal model is trained on, in a source checkout."""
    return [CORPUS_DIR / name for name in TRAINING_FILES if (CORPUS_DIR / name).is_file()]


def measuring_sentences(goals: Sequence[str]) -> frozenset:
    """The sentences of the parts that measure the goal model (never learnt from)."""
    return frozenset(case.text for path in default_corpus() if path.name not in TRAINING_FILES
                     for case in load_corpus(path, goals))


NOTHING_TO_COUNT = "\u2013"
"""A precision or recall with nothing to count, in the --eval table: not 0.00 nor 1.00."""


def format_scores(scores: list, verbose: bool = False) -> str:
    """One row per corpus: its size, exact-set accuracy, and precision/recall per goal
    (NOTHING_TO_COUNT for a precision when no sentence was read as the goal, for a recall when
    none was labelled with it, and for the cell when both); a mark beside the accuracy of a
    file the goal model was trained on, explained under the table."""
    goals = scores[0].goals
    name_width = max(len("corpus"), *(len(s.name) for s in scores))
    widths = [max(len(g), len("1.00/1.00")) for g in goals]
    marked = any(s.learnt for s in scores)
    mark_width = 2 if marked else 0
    lines = [f"{'corpus':<{name_width}}  {'sentences':>9}  {'exact goal set':>14}{'':{mark_width}}"
             + "".join(f"  {g:>{w}}" for g, w in zip(goals, widths)),
             f"{'':<{name_width}}  {'':>9}  {'':>14}{'':{mark_width}}  "
             + "per goal: precision/recall".rjust(sum(w + 2 for w in widths) - 2)]
    for s in scores:
        cells = []
        for goal, w in zip(goals, widths):
            shares = [NOTHING_TO_COUNT if share is None else f"{share:.2f}" for share in (s.precision(goal), s.recall(goal))]
            cell = "/".join(shares) if shares != [NOTHING_TO_COUNT] * 2 else NOTHING_TO_COUNT
            cells.append(f"  {cell:>{w}}")
        mark = f" {LEARNT_MARKS[s.learnt]}" if s.learnt else ""
        lines.append(f"{s.name:<{name_width}}  {len(s.outcomes):>9}  {s.accuracy:>14.1%}{mark:<{mark_width}}"
                     + "".join(cells))
    if any(NOTHING_TO_COUNT in line for line in lines[2:]):
        lines.append(f"{NOTHING_TO_COUNT} nothing to count: no sentence was read as the goal (precision), "
                     "or none was labelled with it (recall)")
    for kind in (LEARNT, LEARNT_OTHER_VERSION):
        if any(s.learnt == kind for s in scores):
            lines.append(f"{LEARNT_MARKS[kind]} {LEARNT_NOTES[kind]}")
    if verbose:
        for s in scores:
            misses = s.misses()
            lines.append("")
            lines.append(f"{s.name}: {len(misses)} {'sentence' if len(misses) == 1 else 'sentences'} read wrong")
            for o in misses:
                read = ", ".join(f'{p.goal} ("{p.phrase}")' for p in o.phrases) or "nothing"
                lines.append(f"  [{o.case.group}] {o.case.text}")
                lines.append(f"      expected: {', '.join(sorted(o.case.goals)) or 'nothing'}; read: {read}")
    return "\n".join(lines)
