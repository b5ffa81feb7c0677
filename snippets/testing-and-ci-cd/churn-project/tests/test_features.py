"""Unit tests for the feature code: worked examples, and one property checked on many inputs."""

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from churn.features import DERIVED, add_features, age_band
from churn.streamwise import PLANS, REGIONS


def test_tickets_per_month_divides_by_tenure():
    rows = pd.DataFrame(
        {"tenure_months": [4, 10], "support_tickets": [2, 5], "watch_hours": [0.0, 9.0]},
    )
    assert add_features(rows)["tickets_per_month"].tolist() == [0.5, 0.5]


def test_a_subscriber_in_their_first_month_counts_one_month():
    rows = pd.DataFrame({"tenure_months": [0], "support_tickets": [3], "watch_hours": [1.5]})
    assert add_features(rows)["tickets_per_month"].tolist() == [3.0]


def test_the_input_is_left_unchanged():
    rows = pd.DataFrame({"tenure_months": [0], "support_tickets": [3], "watch_hours": [1.5]})
    add_features(rows)
    assert list(rows.columns) == ["tenure_months", "support_tickets", "watch_hours"]


def test_every_age_the_contract_allows_has_a_band():
    assert age_band(pd.Series(range(18, 111))).notna().all()


# One subscriber anywhere in the ranges the serving contract allows (churn/contract.py).
SUBSCRIBER = {
    "plan": st.sampled_from(list(PLANS)),
    "region": st.sampled_from(REGIONS),
    "age": st.integers(18, 110),
    "tenure_months": st.integers(0, 600),
    "watch_hours": st.floats(0, 744),
    "support_tickets": st.integers(0, 1_000),
    "payment_failures": st.integers(0, 3),
}
batches = st.lists(st.fixed_dictionaries(SUBSCRIBER), max_size=50).map(
    lambda rows: pd.DataFrame(rows, columns=list(SUBSCRIBER))
)


@given(batches)
def test_features_are_finite_and_keep_every_row(rows):
    out = add_features(rows)
    assert len(out) == len(rows)
    assert out.index.equals(rows.index)
    assert np.isfinite(out[DERIVED].to_numpy(dtype=float)).all()
