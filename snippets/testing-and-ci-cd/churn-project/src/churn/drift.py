"""Drift measures every monitor of the model shares: PSI and the two-sample KS test.

One module, imported by the service, the monitoring jobs and the notebooks, so that a PSI of
0.3 means the same thing wherever it is computed.
"""

import numpy as np
import pandas as pd
from scipy.stats import ks_2samp

# The usual reading of PSI, from credit scoring where it comes from: under 0.1 stable, 0.1 to
# 0.25 worth a look, above 0.25 a real shift. A rule of thumb, not a statistical test.
WATCH, SHIFT = 0.1, 0.25


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


def verdict(value: float) -> str:
    return "stable" if value < WATCH else "watch" if value < SHIFT else "SHIFT"


def drift_report(reference: pd.DataFrame, current: pd.DataFrame, columns: list) -> pd.DataFrame:
    """PSI of every column, and KS for the numeric ones, of current against reference."""
    found = []
    for column in columns:
        numeric = pd.api.types.is_numeric_dtype(reference[column])
        statistic, p_value = ks(reference[column], current[column]) if numeric else (np.nan, np.nan)
        value = psi(reference[column], current[column])
        found.append(
            {
                "feature": column,
                "psi": value,
                "ks": statistic,
                "ks_p": p_value,
                "verdict": verdict(value),
            }
        )
    return pd.DataFrame(found)
