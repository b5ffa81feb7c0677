"""Drift measures every monitor of the model shares: PSI, and a two-sample test that fits the
column (KS for measurements, chi-square for categories and small counts).

One module, imported by the service, the monitoring jobs and the notebooks, so that a PSI of
0.3 means the same thing wherever it is computed.
"""

import numpy as np
import pandas as pd
from scipy.stats import chi2_contingency, ks_2samp

# The usual reading of PSI, from credit scoring where it comes from: under 0.1 stable, 0.1 to
# 0.25 worth a look, above 0.25 a real shift. A rule of thumb, not a statistical test.
WATCH, SHIFT = 0.1, 0.25
# Whole numbers with at most this many distinct values (support tickets, payment failures) are
# counts: KS assumes a continuous variable, and with so many ties its p-value is wrong.
COUNT_LEVELS = 20


def psi(expected, actual, bins: int = 10) -> float:
    """Population stability index of actual against expected.

    Numbers are cut at the deciles of expected (ties merge bins); text is compared category by
    category, so a value expected never had counts as a shift.
    """
    expected, actual = pd.Series(expected), pd.Series(actual)
    if pd.api.types.is_numeric_dtype(expected) and pd.api.types.is_numeric_dtype(actual):
        edges = np.unique(np.quantile(expected, np.linspace(0, 1, bins + 1)))
        edges[0], edges[-1] = -np.inf, np.inf
        e = np.histogram(expected, edges)[0] / len(expected)
        a = np.histogram(actual, edges)[0] / len(actual)
    else:
        categories = sorted(set(expected) | set(actual))
        e = expected.value_counts(normalize=True).reindex(categories, fill_value=0).to_numpy()
        a = actual.value_counts(normalize=True).reindex(categories, fill_value=0).to_numpy()
    e, a = np.clip(e, 1e-4, None), np.clip(a, 1e-4, None)  # an empty bin would divide by zero
    return float(np.sum((a - e) * np.log(a / e)))


def ks(expected, actual) -> tuple[float, float]:
    """The two-sample Kolmogorov-Smirnov statistic (largest gap between the two CDFs) and its
    p-value. Numbers only."""
    result = ks_2samp(np.asarray(expected, dtype=float), np.asarray(actual, dtype=float))
    return float(result.statistic), float(result.pvalue)


def chi_square(expected, actual) -> tuple[float, float]:
    """Chi-square test that two samples share one distribution of values: for categories and
    small counts. Counts above the expected sample's 95th percentile share one cell, so that no
    cell is nearly empty (the test's approximation needs a few rows in each)."""
    expected, actual = pd.Series(expected), pd.Series(actual)
    if pd.api.types.is_numeric_dtype(expected):
        cap = np.quantile(expected, 0.95)
        expected, actual = expected.clip(upper=cap), actual.clip(upper=cap)
    table = pd.concat(
        [expected.value_counts(), actual.value_counts()], axis=1, keys=["expected", "actual"]
    ).fillna(0)
    result = chi2_contingency(table.to_numpy().T)
    return float(result.statistic), float(result.pvalue)


def two_sample_test(expected, actual) -> tuple[str, float, float]:
    """(name, statistic, p-value) of the test that fits the column: KS or chi-square."""
    expected = pd.Series(expected)
    counts = pd.api.types.is_integer_dtype(expected) and expected.nunique() <= COUNT_LEVELS
    if pd.api.types.is_numeric_dtype(expected) and not counts:
        return ("KS", *ks(expected, actual))
    return ("chi2", *chi_square(expected, actual))


def verdict(value: float) -> str:
    return "stable" if value < WATCH else "watch" if value < SHIFT else "SHIFT"


def drift_report(reference: pd.DataFrame, current: pd.DataFrame, columns: list) -> pd.DataFrame:
    """PSI of every column of current against reference, its verdict, and the two-sample test
    that fits the column. With thousands of rows a test flags shifts too small to matter: the
    verdict comes from PSI, the p-value only says the shift is not chance."""
    found = []
    for column in columns:
        test, statistic, p_value = two_sample_test(reference[column], current[column])
        value = psi(reference[column], current[column])
        found.append(
            {
                "feature": column,
                "psi": value,
                "test": test,
                "statistic": statistic,
                "p": p_value,
                "verdict": verdict(value),
            }
        )
    return pd.DataFrame(found)
