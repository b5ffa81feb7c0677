"""Scores on the evaluation cohort: overall, per slice, against the champion, and the one
promotion rule every page of the course uses."""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from churn.features import age_band


def slices(rows: pd.DataFrame) -> dict[str, pd.Series]:
    """Every group a slice test checks: each plan and each age band, as a boolean mask."""
    found = {f"plan={plan}": rows["plan"] == plan for plan in sorted(rows["plan"].unique())}
    bands = age_band(rows["age"])
    found |= {f"age={band}": bands == band for band in sorted(bands.dropna().unique())}
    return found


def slice_report(rows: pd.DataFrame, scores: np.ndarray) -> pd.DataFrame:
    """Size, churners and ROC AUC of each slice: a small slice's AUC is a noisy number."""
    report = [
        {
            "slice": name,
            "rows": int(mask.sum()),
            "churners": int(rows.loc[mask, "churned"].sum()),
            "auc": roc_auc_score(rows.loc[mask, "churned"], scores[mask.to_numpy()]),
        }
        for name, mask in slices(rows).items()
    ]
    return pd.DataFrame(report)


def _bootstrap_auc(labels: np.ndarray, scores: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """ROC AUC on each resample, given how often it drew each row (one row of `counts` each).

    AUC is the chance that a churner outscores a non-churner, ties counting half. Rows are
    grouped by score, lowest first; each churner is compared with the non-churners below it.
    """
    values = np.unique(scores)
    order = np.argsort(scores, kind="stable")
    weights, churned = counts[:, order], labels[order]
    starts = np.searchsorted(scores[order], values)
    pos = np.add.reduceat(np.where(churned, weights, 0), starts, axis=1)
    neg = np.add.reduceat(np.where(churned, 0, weights), starts, axis=1)
    below = np.cumsum(neg, axis=1) - neg
    return (pos * (below + neg / 2)).sum(axis=1) / (pos.sum(axis=1) * neg.sum(axis=1))


@dataclass
class Comparison:
    candidate_auc: float
    champion_auc: float
    low: float  # 95% bootstrap interval of candidate AUC minus champion AUC
    high: float

    @property
    def difference(self) -> float:
        return self.candidate_auc - self.champion_auc

    def __str__(self) -> str:
        return (
            f"candidate AUC {self.candidate_auc:.3f}, champion {self.champion_auc:.3f}: "
            f"difference {self.difference:+.3f}, 95% interval [{self.low:+.3f}, {self.high:+.3f}]"
        )


def compare(
    labels, candidate_scores, champion_scores, resamples: int = 1_000, seed: int = 0
) -> Comparison:
    """Paired bootstrap: both models scored on the same resampled rows, every time."""
    labels = np.asarray(labels, dtype=bool)
    n = len(labels)
    counts = np.random.default_rng(seed).multinomial(n, np.full(n, 1 / n), size=resamples)
    candidate = np.asarray(candidate_scores, dtype=float)
    champion = np.asarray(champion_scores, dtype=float)
    differences = _bootstrap_auc(labels, candidate, counts) - _bootstrap_auc(
        labels, champion, counts
    )
    low, high = np.quantile(differences, [0.025, 0.975])
    return Comparison(
        roc_auc_score(labels, candidate), roc_auc_score(labels, champion), float(low), float(high)
    )


def business_rule(rows: pd.DataFrame) -> np.ndarray:
    """What the retention team did before any model: call whoever had a payment fail."""
    return rows["payment_failures"].to_numpy(dtype=float)


def promotion_checks(metrics: dict, result: Comparison, bar: dict, against_champion: bool) -> dict:
    """The promotion rule: {what was checked: passed}; a candidate is promoted only if all pass.

    - Floors: AUC >= min_auc on the evaluation cohort and on the fixed canary set, and every
      slice >= min_slice_auc. The canary's fixed floor stops the slow creep that repeated
      non-inferiority allows (each release a little worse than the last, each within max_drop).
    - Against a champion, non-inferiority: the 95% interval of the AUC difference must not
      reach below -max_drop. A retrained model need not be better, only not clearly worse.
    - Against the business rule (no champion yet), superiority: the whole interval above zero.
      A first model must be shown to beat what the team did without one.
    """
    worst = min(metrics["slices"], key=lambda s: s["auc"])
    if against_champion:
        compared = f"not worse than the champion by more than {bar['max_drop']} (non-inferiority)"
        beaten = result.low >= -bar["max_drop"]
    else:
        compared = "better than the business rule (superiority: interval above 0)"
        beaten = result.low > 0
    return {
        f"AUC {metrics['auc']:.3f} >= {bar['min_auc']}": metrics["auc"] >= bar["min_auc"],
        f"canary AUC {metrics['canary_auc']:.3f} >= {bar['min_auc']}": (
            metrics["canary_auc"] >= bar["min_auc"]
        ),
        f"every slice's AUC >= {bar['min_slice_auc']} (lowest: {worst['slice']}, "
        f"{worst['auc']:.3f})": worst["auc"] >= bar["min_slice_auc"],
        compared: beaten,
    }
