"""Exercise 1: better, or not worse? Two promotion rules on candidates as good as the champion."""

import shutil
import sys
import tempfile
from pathlib import Path

import pandas as pd

from subscribers import clean_subscribers, make_messy_subscribers

workspace = tempfile.TemporaryDirectory(prefix="exercise-", ignore_cleanup_errors=True)
shutil.unpack_archive("churn-project.zip", workspace.name)
sys.path.insert(0, str(Path(workspace.name) / "churn-project" / "src"))
from churn.data import SNAPSHOT_COLUMNS, evaluation_rows, load_params  # noqa: E402
from churn.evaluate import compare  # noqa: E402
from churn.model import churn_scores, train  # noqa: E402

params = load_params(Path(workspace.name) / "churn-project" / "params.yaml")
evaluation = evaluation_rows(params)[SNAPSHOT_COLUMNS]
max_drop = params["gate"]["max_drop"]


# One CRM export a month, cleaned by the series' rules: the capstone's (seed 7), then five later.
snapshots = {}
for seed in [7, 101, 102, 103, 104, 105]:
    export = make_messy_subscribers(n=3000, seed=seed)
    clean = clean_subscribers(export)
    snapshots[seed] = clean[SNAPSHOT_COLUMNS]
    print(f"export {seed}: rows after cleaning: {len(clean)} of {len(export)}")
    #> export 7: rows after cleaning: 2997 of 3003
    #> export 101: rows after cleaning: 2997 of 3003
    #> export 102: rows after cleaning: 2997 of 3003
    #> export 103: rows after cleaning: 2997 of 3003
    #> export 104: rows after cleaning: 2997 of 3003
    #> export 105: rows after cleaning: 2997 of 3003

# The capstone's champion, then each later month retrained by the same recipe.
champion = churn_scores(train(snapshots.pop(7), params["model"]), evaluation)
rows = []
for seed, snapshot in snapshots.items():
    candidate = churn_scores(train(snapshot, params["model"]), evaluation)
    result = compare(evaluation["churned"], candidate, champion, params["gate"]["resamples"])
    rows.append(
        {
            "export": seed,
            "difference": round(result.difference, 4),
            "95% interval": f"[{result.low:+.3f}, {result.high:+.3f}]",
            "auc > champion": "promote" if result.candidate_auc > result.champion_auc else "keep",
            f"low >= -{max_drop}": "promote" if result.low >= -max_drop else "keep",
        }
    )
print(pd.DataFrame(rows).to_string(index=False))
#>  export  difference     95% interval auc > champion low >= -0.01
#>     101      0.0022 [-0.003, +0.007]        promote      promote
#>     102      0.0003 [-0.005, +0.006]        promote      promote
#>     103     -0.0041 [-0.009, +0.001]           keep      promote
#>     104      0.0029 [-0.000, +0.006]        promote      promote
#>     105      0.0045 [+0.000, +0.008]        promote      promote
