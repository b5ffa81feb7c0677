"""Exercise 3: a parity test that catches training-serving skew before the service ships."""
import shutil
import sys
from pathlib import Path

import pandas as pd
from fastapi.testclient import TestClient

from subscribers import make_subscribers

shutil.unpack_archive("churn-project.zip")
sys.path.insert(0, str(Path("churn-project/src").resolve()))
from churn import data  # noqa: E402
from churn.drift import psi  # noqa: E402
from churn.features import tenure_months  # noqa: E402
from churn.model import churn_scores, train  # noqa: E402
from service import build_app, request_body  # noqa: E402

params = data.load_params(Path("churn-project/params.yaml"))
model = train(data.training_rows(params)[data.SNAPSHOT_COLUMNS], params["model"])
reference = data.evaluation_rows(params)


def parity_failures(tenure, rows: pd.DataFrame, log_path: str) -> int:
    """How many subscribers the service scores differently from the offline pipeline."""
    app = build_app(lambda: (model, "1"), tenure, psi, reference, log_path)
    day = pd.Timestamp("2024-06-30")
    with TestClient(app) as client:
        body = [request_body(row, day) for row in rows.itertuples()]
        served = client.post("/predict/batch", json=body).json()
    served = pd.Series([prediction["churn_probability"] for prediction in served])
    offline = churn_scores(model, rows).round(3)
    return int((abs(served - offline) > 0.001).sum())


def in_days(signup_date, as_of):
    return (pd.to_datetime(as_of) - pd.to_datetime(signup_date)).dt.days


sample = make_subscribers(n=50, seed=5)
print("tenure in days:", parity_failures(in_days, sample, "days.db"), "of 50 differ")
#> tenure in days: 50 of 50 differ
print("shared function:", parity_failures(tenure_months, sample, "shared.db"), "of 50 differ")
#> shared function: 0 of 50 differ
