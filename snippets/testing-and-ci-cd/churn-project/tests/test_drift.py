"""Drift tests: each column gets the test that fits it, and no drift reads as none."""

import numpy as np
import pandas as pd

from churn.drift import drift_report, two_sample_test


def test_counts_and_categories_get_chi_square_measurements_get_ks(eval_rows):
    assert two_sample_test(eval_rows["support_tickets"], eval_rows["support_tickets"])[0] == "chi2"
    assert two_sample_test(eval_rows["plan"], eval_rows["plan"])[0] == "chi2"
    assert two_sample_test(eval_rows["watch_hours"], eval_rows["watch_hours"])[0] == "KS"


def test_a_sample_against_itself_shows_no_drift(eval_rows):
    columns = ["plan", "watch_hours", "support_tickets", "payment_failures"]
    report = drift_report(eval_rows, eval_rows, columns)
    assert (report["psi"] == 0).all() and (report["verdict"] == "stable").all()
    assert np.allclose(report["p"], 1)


def test_a_real_shift_in_a_count_is_found(eval_rows):
    more = eval_rows.assign(support_tickets=eval_rows["support_tickets"] + 2)
    row = drift_report(eval_rows, more, ["support_tickets"]).iloc[0]
    assert row["verdict"] == "SHIFT" and row["p"] < 1e-6, row.to_dict()


def test_values_the_reference_never_had_count_as_drift():
    before, after = pd.Series(["basic"] * 50 + ["premium"] * 50), pd.Series(["gold"] * 100)
    assert (
        drift_report(pd.DataFrame({"plan": before}), pd.DataFrame({"plan": after}), ["plan"])[
            "verdict"
        ].item()
        == "SHIFT"
    )
