"""Behaviour tests in the spirit of CheckList: what the model must do, whatever its AUC.

Minimum functionality (cases any useful model gets right), invariance (changes that must not
move a score), directional expectations (changes that must move it one way), and slices (no
group of subscribers left with a useless model).
"""

import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

from churn.evaluate import slices
from churn.features import AGE_BANDS
from churn.model import churn_scores
from churn.streamwise import PLANS, REGIONS

MOVE = 0.05  # how far an irrelevant change may move a churn probability
ORDINARY = {"plan": "standard", "region": "north", "age": 40, "tenure_months": 24,
            "watch_hours": 20.0, "support_tickets": 1, "payment_failures": 0}  # fmt: skip


def subscribers(**changes: list) -> pd.DataFrame:
    """Made-up subscribers: ordinary ones, with the given columns set to the given values."""
    rows = pd.DataFrame([ORDINARY] * len(next(iter(changes.values()))))
    return rows.assign(**changes)


def test_obvious_churners_are_caught(model):
    churners = subscribers(
        plan=["basic", "basic", "standard"],
        tenure_months=[1, 2, 3],
        watch_hours=[0.0, 2.5, 1.0],
        support_tickets=[5, 6, 8],
        payment_failures=[3, 2, 3],
    )
    assert (churn_scores(model, churners) > 0.5).all()


def test_loyal_subscribers_are_not_flagged(model):
    loyal = subscribers(
        plan=["premium", "standard"],
        tenure_months=[60, 48],
        watch_hours=[80.0, 60.0],
        support_tickets=[0, 0],
    )
    assert (churn_scores(model, loyal) < 0.05).all()


@pytest.mark.parametrize("region", REGIONS)
def test_moving_region_does_not_move_the_score(model, eval_rows, region):
    before = churn_scores(model, eval_rows)
    after = churn_scores(model, eval_rows.assign(region=region))
    assert abs(after - before).max() <= MOVE


@pytest.mark.parametrize("age", [18, 35, 50, 65, 90])
def test_age_does_not_move_the_score(model, eval_rows, age):
    # Age stays in the rows for slice and fairness reports; the model must not use it.
    before = churn_scores(model, eval_rows)
    after = churn_scores(model, eval_rows.assign(age=age))
    assert abs(after - before).max() <= MOVE


def test_the_email_domain_does_not_move_the_score(model, eval_rows):
    other = eval_rows["email"].str.replace(r"@.*", "@example.org", regex=True)
    before = churn_scores(model, eval_rows)
    after = churn_scores(model, eval_rows.assign(email=other))
    assert abs(after - before).max() <= MOVE


@pytest.mark.parametrize("extra", [1, 3])
def test_more_support_tickets_raise_the_score(model, eval_rows, extra):
    before = churn_scores(model, eval_rows)
    more = eval_rows.assign(support_tickets=eval_rows["support_tickets"] + extra)
    after = churn_scores(model, more)
    assert (after >= before).all(), "an extra ticket lowered someone's churn score"
    assert (after - before).mean() >= 0.01 * extra, "extra tickets barely move the score"


SLICES = [f"plan={plan}" for plan in sorted(PLANS)] + [f"age={band}" for band in AGE_BANDS]


@pytest.mark.parametrize("name", SLICES)
def test_every_slice_has_a_useful_model(model, eval_rows, params, name):
    rows = eval_rows[slices(eval_rows)[name]]
    auc = roc_auc_score(rows["churned"], churn_scores(model, rows))
    floor = params["gate"]["min_slice_auc"]
    churners = rows["churned"].sum()
    assert auc >= floor, f"{name}: AUC {auc:.3f} < {floor} ({len(rows)} rows, {churners} churners)"
