"""Exercise 2: a volume check as a Dagster op, tested by calling it directly: no job, no run."""
import shutil
import sys
from pathlib import Path

import dagster as dg

shutil.unpack_archive("churn-project.zip")
sys.path.insert(0, str(Path("churn-project/src").resolve()))
from churn import data  # noqa: E402


class Volume(dg.Config):
    min_share: float = 0.8  # of the judged month's rows: months of one business are alike


@dg.op
def enough_rows(config: Volume, validated: dict) -> dict:
    """Between validate and train: a month far smaller than the next one is a broken export."""
    params = validated["params"]
    trained_on, judged_on = len(data.training_rows(params)), len(data.evaluation_rows(params))
    if trained_on < config.min_share * judged_on:
        months = params["data"]
        raise dg.Failure(
            f"{months['train_cohort']}: {trained_on:,} rows, under {config.min_share:.0%} of "
            f"{months['eval_cohort']}'s {judged_on:,}. Is the export complete?"
        )
    return {**validated, "said": f"{trained_on:,} rows against {judged_on:,}"}


# In the job it sits between two ops: gate(evaluate(train(enough_rows(validate())))).
params = data.load_params(Path("churn-project/params.yaml"))
outcomes = []
for rows in [2000, 300]:
    export = {"params": {**params, "data": {**params["data"], "train_rows": rows}}}
    try:
        outcomes.append(f"{rows:>5} rows: passed, {enough_rows(Volume(), export)['said']}")
    except dg.Failure as failure:
        outcomes.append(f"{rows:>5} rows: failed, {failure.description}")
print("\n".join(outcomes))
#>  2000 rows: passed, 2,000 rows against 2,000
#>   300 rows: failed, 2024-04: 300 rows, under 80% of 2024-05's 2,000. Is the export complete?
