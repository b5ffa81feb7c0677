"""Exercise 3: the same small shift in viewing, measured by PSI and by KS at three sample sizes."""

import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

workspace = tempfile.TemporaryDirectory(prefix="exercise-", ignore_cleanup_errors=True)
shutil.unpack_archive("churn-project.zip", workspace.name)
sys.path.insert(0, str(Path(workspace.name) / "churn-project" / "src"))
from churn.drift import WATCH, ks, psi  # noqa: E402

rng = np.random.default_rng(0)


def watch_hours(n: int, factor: float) -> np.ndarray:
    """Monthly viewing as subscribers.py draws it, times `factor`."""
    return np.round(rng.gamma(shape=2.0, scale=12.0, size=n) * factor, 1)


rows = []
for factor in [1.0, 0.97]:  # nothing changed; everyone watches 3% less
    for n in [300, 3_000, 30_000]:
        draws = []
        for _ in range(100):
            before, after = watch_hours(n, 1.0), watch_hours(n, factor)
            statistic, p_value = ks(before, after)
            draws.append((psi(before, after), statistic, p_value))
        psis, statistics, p_values = np.array(draws).T
        rows.append(
            {
                "viewing": f"{factor - 1:+.0%}",
                "rows per side": n,
                "median PSI": round(np.median(psis), 4),
                f"PSI >= {WATCH}": np.mean(psis >= WATCH),
                "median KS statistic": round(np.median(statistics), 3),
                "KS p < 0.01": np.mean(p_values < 0.01),
            }
        )
print(pd.DataFrame(rows).to_string(index=False))
#> viewing  rows per side  median PSI  PSI >= 0.1  median KS statistic  KS p < 0.01
#>     +0%            300      0.0501        0.07                0.065         0.00
#>     +0%           3000      0.0053        0.00                0.021         0.00
#>     +0%          30000      0.0006        0.00                0.007         0.00
#>     -3%            300      0.0590        0.12                0.067         0.00
#>     -3%           3000      0.0076        0.00                0.028         0.08
#>     -3%          30000      0.0023        0.00                0.020         0.98
