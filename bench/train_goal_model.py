"""Train the goal model (bench/goal_model.py) on the tune corpus only; write its weights as JSON.

    pip install scikit-learn          # a training tool only; reading the model needs nothing
    python bench/train_goal_model.py  # writes bench/goal-model.json

Per goal, an L2 logistic regression (scikit-learn, liblinear: deterministic)
over the words and word pairs the reader sees outside the scopes that block
that goal. Features seen fewer than twice are dropped. Each goal's threshold
is chosen by 5-fold cross-validation *within the tune corpus*: the lowest
probability at which the out-of-fold predictions reach the goal's precision
target (0.97 for get_job and pitch_for_open_role, 0.92 for the others), and
never below 0.5 (0.8 for get_job and pitch_for_open_role). The held-out and fresh corpora are never read here.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

from infoview_rules.advisor import Advisor  # noqa: E402
from goal_model import features  # noqa: E402
from infoview_rules.phrase_eval import load_corpus  # noqa: E402
from infoview_rules.phrases import read_goals  # noqa: E402

TUNE = ROOT / "tests" / "data" / "goals-tune.toml"
PRECISION = {"get_job": 0.97, "pitch_for_open_role": 0.97}
OTHER_PRECISION = 0.92
# a false job alarm is the worst error: the two job goals never fire below this, whatever the folds say
FLOOR = {"get_job": 0.8, "pitch_for_open_role": 0.8}
C = 1.0
MIN_COUNT = 2


def main() -> None:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(HERE / "goal-model.json"))
    args = parser.parse_args()

    advisor = Advisor(None)
    book = advisor.rules.phrases
    goals = list(advisor.rules.schema.fields["goals"].values)
    cases = load_corpus(TUNE, goals)
    ruled = [{m.goal for m in read_goals(c.text, book, goals)} for c in cases]
    feats = [features(c.text, book, goals) for c in cases]
    model = {"trained_on": TUNE.name, "sentences": len(cases), "method": __doc__.split("\n\n")[2].replace("\n", " "),
             "goals": {}}
    for goal in goals:
        counts = Counter(f for fs in feats for f in fs[goal])
        rows = [{f: 1 for f in fs[goal] if counts[f] >= MIN_COUNT} for fs in feats]
        y = [int(goal in c.goals) for c in cases]
        vec = DictVectorizer()
        X = vec.fit_transform(rows).toarray()  # small: dense avoids liblinear's sparse-index check
        oof = [0.0] * len(cases)
        for train, test in StratifiedKFold(5, shuffle=True, random_state=0).split(X, y):
            clf = LogisticRegression(C=C, solver="liblinear").fit(X[train], [y[i] for i in train])
            for i, p in zip(test, clf.predict_proba(X[test])[:, 1]):
                oof[i] = p
        target = PRECISION.get(goal, OTHER_PRECISION)
        threshold = 0.99
        for t in [x / 100 for x in range(50, 100)]:
            fired = [y[i] for i in range(len(y)) if oof[i] >= t]
            if fired and sum(fired) / len(fired) >= target:
                threshold = t
                break
        threshold = max(threshold, FLOOR.get(goal, 0.5))
        fired = [y[i] for i in range(len(y)) if oof[i] >= threshold]
        # what the model would add to the rules, out of fold: on the tune part the rules miss almost
        # nothing, so this counts mostly false additions, the figure the threshold must keep small
        added = [y[i] for i in range(len(y)) if oof[i] >= threshold and goal not in ruled[i]]
        clf = LogisticRegression(C=C, solver="liblinear").fit(X, y)
        weights = {f: round(float(w), 4) for f, w in zip(vec.get_feature_names_out(), clf.coef_[0]) if abs(w) >= 0.01}
        model["goals"][goal] = {"bias": round(float(clf.intercept_[0]), 4), "threshold": threshold,
                                "weights": dict(sorted(weights.items()))}
        print(f"{goal:<20} features {len(weights):>5}  threshold {threshold:.2f}  out-of-fold: "
              f"precision {sum(fired) / max(1, len(fired)):.2f} recall {sum(fired) / max(1, sum(y)):.2f}; "
              f"added to the rules: {sum(added)} right, {len(added) - sum(added)} wrong")
    Path(args.out).write_text(json.dumps(model, indent=0, ensure_ascii=False, sort_keys=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
