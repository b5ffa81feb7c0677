"""Exercise 1: how much PSI does a window of scores show when nothing has changed at all?"""
import shutil
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from subscribers import make_subscribers

shutil.unpack_archive("churn-project.zip")
sys.path.insert(0, str(Path("churn-project/src").resolve()))
from churn import data  # noqa: E402
from churn.drift import psi  # noqa: E402
from churn.model import churn_scores, train  # noqa: E402

params = data.load_params(Path("churn-project/params.yaml"))
model = train(data.training_rows(params)[data.SNAPSHOT_COLUMNS], params["model"])
reference = churn_scores(model, data.evaluation_rows(params))  # what the gauge compares with
# Fresh subscribers from the same generator: the traffic has not changed in any way.
same_world = churn_scores(model, make_subscribers(n=3_000, seed=11))

rng = np.random.default_rng(0)
rows = []
for window in [100, 300, 1_000]:
    values = [psi(reference, rng.choice(same_world, window)) for _ in range(200)]
    rows.append({"window": window, "median": np.median(values),
                 "95th percentile": np.quantile(values, 0.95),
                 "above 0.1": np.mean(np.array(values) > 0.1)})
print(pd.DataFrame(rows).round(3).to_string(index=False))
#>  window  median  95th percentile  above 0.1
#>     100   0.088            0.183      0.415
#>     300   0.031            0.061      0.000
#>    1000   0.012            0.024      0.000
