"""Exercise 3: the PSI of the plan, term by term, checked against churn.drift.psi."""

import shutil
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from subscribers import PLANS, make_subscribers

shutil.unpack_archive("churn-project.zip")
sys.path.insert(0, str(Path("churn-project/src").resolve()))
from churn.drift import psi  # noqa: E402

june = make_subscribers()
july = make_subscribers(n=1_000, seed=7)
rng = np.random.default_rng(2024)
campaign = rng.random(len(july)) < 0.35
july.loc[campaign, "plan"] = "basic"  # the discount campaign only sold the basic plan

# For a category the bins are its values; reindex so a plan missing in one month counts.
shares = pd.DataFrame(
    {
        "June": june["plan"].value_counts(normalize=True).reindex(list(PLANS), fill_value=0),
        "July": july["plan"].value_counts(normalize=True).reindex(list(PLANS), fill_value=0),
    }
)
e, a = shares["June"].clip(lower=1e-4), shares["July"].clip(lower=1e-4)
shares["PSI term"] = (a - e) * np.log(a / e)
print(shares.round(3).to_string())
#>            June   July  PSI term
#> plan
#> basic     0.450  0.667     0.085
#> standard  0.353  0.214     0.070
#> premium   0.197  0.119     0.039
print(f"by hand: {shares['PSI term'].sum():.3f}")
#> by hand: 0.194
print(f"churn.drift.psi: {psi(june['plan'], july['plan']):.3f}")
#> churn.drift.psi: 0.194
