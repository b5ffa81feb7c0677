"""Exercise 3: the old business rule (offer everyone whose payment failed) against uplift."""
import shutil
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from subscribers import make_subscribers, retention_trial

shutil.unpack_archive("churn-project.zip")
sys.path.insert(0, str(Path("churn-project/src").resolve()))
from churn import data  # noqa: E402
from churn.model import churn_scores, train  # noqa: E402

params = data.load_params(Path("churn-project/params.yaml"))
past_trial = retention_trial(make_subscribers(n=8_000, seed=2101), seed=1)
new_trial = retention_trial(make_subscribers(n=8_000, seed=2102), seed=2)
offered, control = past_trial[past_trial["offered"]], past_trial[~past_trial["offered"]]
with_offer = train(offered[data.SNAPSHOT_COLUMNS], params["model"])
without_offer = train(control[data.SNAPSHOT_COLUMNS], params["model"])
uplift = churn_scores(without_offer, new_trial) - churn_scores(with_offer, new_trial)
true_saves = (new_trial["risk_without_offer"] - new_trial["risk_with_offer"]).to_numpy()

rule = (new_trial["payment_failures"] > 0).to_numpy()  # the business rule's list
k = int(rule.sum())  # the same number of offers for the uplift model
top = np.argsort(-uplift, kind="stable")[:k]
print(pd.DataFrame({
    "offers": [k, k],
    "true saves": [true_saves[rule].sum(), true_saves[top].sum()],
    "saves per offer": [true_saves[rule].mean(), true_saves[top].mean()],
}, index=["failed payment", f"top {k} by uplift"]).round(3).to_string())
#>                     offers  true saves  saves per offer
#> failed payment        1762     233.766            0.133
#> top 1762 by uplift    1762     247.463            0.140
print(f"offers that backfire (true effect < 0): rule {(true_saves[rule] < 0).sum()}, "
      f"uplift {(true_saves[top] < 0).sum()}")
#> offers that backfire (true effect < 0): rule 0, uplift 0
