"""Training-serving skew: a service that computed one feature its own way, caught in its log."""

# --8<-- [start:setup]
import contextlib
import shutil
import sqlite3
import sys
from pathlib import Path

import pandas as pd
from fastapi.testclient import TestClient

from subscribers import make_subscribers

shutil.unpack_archive("churn-project.zip")  # the model project, as on the rest of the page
project = Path("churn-project").resolve()
sys.path.insert(0, str(project / "src"))

from churn import data  # noqa: E402 (importable once src/ is on the path)
from churn.drift import drift_report, psi  # noqa: E402
from churn.features import NUMERIC, tenure_months  # noqa: E402
from churn.model import churn_scores, train  # noqa: E402
from service import build_app, request_body  # noqa: E402

# --8<-- [end:setup]


# --8<-- [start:bug]
def first_version_tenure(signup_date, as_of) -> pd.Series:
    """What the service's first version did: subtract the dates, and keep the difference."""
    return (pd.to_datetime(as_of) - pd.to_datetime(signup_date)).dt.days


params = data.load_params(project / "params.yaml")
training = data.training_rows(params)[data.SNAPSHOT_COLUMNS]
model = train(training, params["model"])  # the champion's recipe, trained here in a second
reference = data.evaluation_rows(params)[data.SNAPSHOT_COLUMNS]


def serve_and_log(tenure, log_path: str, rows: pd.DataFrame) -> pd.DataFrame:
    """Score every row through the service, in this process, and return what it logged."""
    app = build_app(lambda: (model, "1"), tenure, psi, reference, log_path)
    day = pd.Timestamp("2024-06-30")
    with TestClient(app) as client:  # one batch request: the service's own code path
        body = [request_body(row, day) for row in rows.itertuples()]
        client.post("/predict/batch", json=body).raise_for_status()
    with contextlib.closing(sqlite3.connect(log_path)) as db:
        return pd.read_sql("SELECT * FROM predictions", db)


june = make_subscribers(n=200, seed=7)
first = serve_and_log(first_version_tenure, "first_version.db", june)
report = drift_report(training, first, ["plan", *NUMERIC])
print(report.round(3).to_string(index=False))
#>          feature   psi test  statistic     p verdict
#>             plan 0.004 chi2      0.786 0.675  stable
#>              age 0.094   KS      0.069 0.340  stable
#>    tenure_months 7.753   KS      0.985 0.000   SHIFT
#>      watch_hours 0.086   KS      0.136 0.002  stable
#>  support_tickets 0.003 chi2      0.481 0.786  stable
#> payment_failures 0.000 chi2      0.003 0.955  stable
# --8<-- [end:bug]

# --8<-- [start:cost]
# What the skew did to the answers: the same subscribers, scored with the tenure training used.
right = churn_scores(model, june[data.SNAPSHOT_COLUMNS])
print(f"mean score served {first['score'].mean():.3f}, should have been {right.mean():.3f}")
#> mean score served 0.001, should have been 0.115
print(f"scored above 0.3: {(first['score'] > 0.3).sum()} served, {(right > 0.3).sum()} right")
#> scored above 0.3: 0 served, 14 right
# --8<-- [end:cost]

# --8<-- [start:fix]
fixed = serve_and_log(tenure_months, "fixed.db", june)  # the project's own function
report = drift_report(training, fixed, ["plan", *NUMERIC])
print(report.round(3).to_string(index=False))
#>          feature   psi test  statistic     p verdict
#>             plan 0.004 chi2      0.786 0.675  stable
#>              age 0.094   KS      0.069 0.340  stable
#>    tenure_months 0.092   KS      0.054 0.636  stable
#>      watch_hours 0.086   KS      0.136 0.002  stable
#>  support_tickets 0.003 chi2      0.481 0.786  stable
#> payment_failures 0.000 chi2      0.003 0.955  stable
print("served scores equal the offline ones:", bool((abs(fixed["score"] - right) < 1e-9).all()))
#> served scores equal the offline ones: True
# --8<-- [end:fix]
