"""Regression tests: a candidate must not be worse than the champion on the evaluation cohort.

"Worse" is judged with a bootstrap interval, not one number: on 2,000 rows, two AUCs a hundredth
apart can swap places by chance. `python -m churn gate` runs the same comparison against the
model that holds @champion in the registry; these tests run it without a registry.
"""

import numpy as np

from churn.evaluate import compare
from churn.model import churn_scores, train


def test_the_candidate_is_not_worse_than_the_champion(model, train_rows, eval_rows, params):
    # Stand-in for the model in production: the same pipeline on the rows it had, half of them.
    champion = train(train_rows.head(len(train_rows) // 2), params["model"])
    result = compare(
        eval_rows["churned"],
        churn_scores(model, eval_rows),
        churn_scores(champion, eval_rows),
        resamples=params["gate"]["resamples"],
    )
    assert result.low >= -params["gate"]["max_drop"], str(result)


def test_a_clearly_worse_candidate_is_caught(model, train_rows, eval_rows, params):
    # A classic bug: the labels were joined to the wrong rows, so the model learned noise.
    labels = np.random.default_rng(0).permutation(train_rows["churned"])
    shuffled = train_rows.assign(churned=labels)
    worse = train(shuffled, params["model"])
    result = compare(
        eval_rows["churned"], churn_scores(worse, eval_rows), churn_scores(model, eval_rows)
    )
    assert result.high < 0, str(result)  # the whole interval is below zero


def test_a_model_compared_with_itself_ties_exactly(model, eval_rows):
    scores = churn_scores(model, eval_rows)
    result = compare(eval_rows["churned"], scores, scores, resamples=100)
    assert result.low == result.high == result.difference == 0
