"""Features computed from a subscriber's row: the same code for training and for serving."""

import numpy as np
import pandas as pd

CATEGORICAL = ["plan", "region"]
NUMERIC = ["age", "tenure_months", "watch_hours", "support_tickets", "payment_failures"]
DERIVED = ["tickets_per_month", "log_watch_hours"]
AGE_BANDS = {"18-34": (18, 35), "35-49": (35, 50), "50-64": (50, 65), "65+": (65, 200)}
DAYS_PER_MONTH = 30  # the CRM counts tenure in 30-day months


def tenure_months(signup_date, as_of) -> np.ndarray:
    """Whole 30-day months from signup to as_of: 0 in a subscriber's first month.

    Training rows (data.py) and the serving code both compute tenure with this one function,
    so a subscriber has the same tenure in both places. Dates, arrays or Series of dates.
    """
    signup = np.asarray(signup_date, dtype="datetime64[D]")
    days = (np.asarray(as_of, dtype="datetime64[D]") - signup).astype("int64")
    return days // DAYS_PER_MONTH


def add_features(rows: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of rows with the derived features added, one output row per input row.

    A subscriber who signed up this month has tenure 0 at serving time: their first month
    counts as one, so tickets per month is never a division by zero.
    """
    out = rows.copy()
    months = np.maximum(out["tenure_months"].to_numpy(dtype=float), 1.0)
    out["tickets_per_month"] = out["support_tickets"].to_numpy(dtype=float) / months
    out["log_watch_hours"] = np.log1p(out["watch_hours"].to_numpy(dtype=float))
    return out


def age_band(age: pd.Series) -> pd.Series:
    """The age band of each subscriber, for slice tests and reports."""
    labels = pd.Series(pd.NA, index=age.index, dtype="object")
    for label, (low, high) in AGE_BANDS.items():
        labels[(age >= low) & (age < high)] = label
    return labels
