"""Score the phrase rules alone and the rules with the goal model, side by side, on labelled corpora.

    python bench/goal_model_eval.py                 # every corpus in tests/data
    python bench/goal_model_eval.py -v goals-fresh-7.toml

For each corpus: exact-set accuracy, and precision / recall of every goal, for
the rules and for rules+model; -v lists what the model added, right or wrong,
with the words it gave as its reason.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

from infoview_rules.advisor import Advisor  # noqa: E402
from goal_model import GoalModel, model_reads  # noqa: E402
from infoview_rules.phrase_eval import CORPUS_DIR, Outcome, Score, load_corpus  # noqa: E402
from infoview_rules.phrases import read_goals  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="*", help="corpus files (default: every goals-*.toml in tests/data)")
    parser.add_argument("--model", default=str(HERE / "goal-model.json"))
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    advisor = Advisor(None)
    book = advisor.rules.phrases
    goals = list(advisor.rules.schema.fields["goals"].values)
    model = GoalModel.load(Path(args.model))
    paths = [Path(p) if "/" in p else CORPUS_DIR / p for p in args.corpora] or sorted(CORPUS_DIR.glob("goals-*.toml"))
    print(f"{'corpus':<16}{'n':>5}  {'rules':>7} {'+model':>7}   " + "   ".join(f"{g[:12]:>12} P/R rules -> +model" for g in goals))
    for path in paths:
        cases = load_corpus(path, goals)
        rules, both = Score(path.stem, goals), Score(path.stem, goals)
        added = []
        for case in cases:
            read = read_goals(case.text, book, goals)
            plus = model_reads(case.text, book, model, goals, read)
            rules.outcomes.append(Outcome(case, frozenset(m.goal for m in read), read))
            both.outcomes.append(Outcome(case, frozenset(m.goal for m in plus), plus))
            added += [(case, m) for m in plus if m.rule == "model"]
        cells = "   ".join(f"{rules.precision(g):.2f}/{rules.recall(g):.2f} -> {both.precision(g):.2f}/{both.recall(g):.2f}"
                           .rjust(32) for g in goals)
        print(f"{path.stem:<16}{len(cases):>5}  {rules.accuracy:>7.1%} {both.accuracy:>7.1%}   {cells}")
        if args.verbose:
            for case, m in added:
                mark = "right" if m.goal in case.goals else "WRONG"
                print(f"    {mark} {m.goal} (from \u201c{m.phrase}\u201d): {case.text}")


if __name__ == "__main__":
    main()
