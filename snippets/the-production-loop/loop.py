"""The production loop, for real: a registry, a served champion, a version switch under load, a
prediction log, metrics, labels that arrive late, and drift measured on what the service saw."""

# --8<-- [start:setup]
# ruff: noqa: E402 (the registry's address must be set before the churn project is imported)
import atexit
import contextlib
import io
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import httpx
import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from subscribers import churn_probability, make_subscribers

# The testing page's model project, unpacked here; its package is imported from src/.
shutil.unpack_archive("churn-project.zip")
project = Path("churn-project").resolve()
sys.path.insert(0, str(project / "src"))
# The registry: a SQLite file in this folder, for this session and the service alike.
os.environ["MLFLOW_TRACKING_URI"] = f"sqlite:///{Path('mlflow.db').resolve()}"
os.environ["MLFLOW_DISABLE_TELEMETRY"] = "true"

from churn import __main__ as pipeline  # the commands of `python -m churn`, as functions
from churn.drift import drift_report
from churn.features import NUMERIC
from mlflow import MlflowClient
from service import request_body  # the request a CRM sends for a snapshot row

# --8<-- [end:setup]


# --8<-- [start:register]
def run_pipeline(**changes: dict) -> str:
    """validate, train, evaluate, gate and register, as the workflow runs them, in the project
    folder, with params.yaml changed by `changes`; then what the gate and the registry say."""
    params = pipeline.data.load_params(project / "params.yaml")
    for section, values in changes.items():
        params[section].update(values)
    with contextlib.chdir(project), contextlib.redirect_stdout(io.StringIO()):  # quiet steps
        pipeline.validate(params, batch=None)
        for step in (pipeline.train_model, pipeline.evaluate, pipeline.gate, pipeline.register):
            step(params)  # a failed check raises SystemExit, as the command exits non-zero
    against = json.loads((project / "build" / "gate.json").read_text())["against"]
    champion = MlflowClient().get_model_version_by_alias("churn", "champion").version
    return f"passed the gate against {against}; @champion is version {champion}"


print(run_pipeline())
#> passed the gate against the business rule (no champion yet); @champion is version 1
# --8<-- [end:register]


# --8<-- [start:serve]
@contextlib.contextmanager
def running_service():
    """uvicorn serving service.py on a free loopback port, until the with-block ends."""
    with socket.socket() as probe:  # ask the OS for a free port on the loopback interface
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = open("uvicorn.log", "a")  # noqa: SIM115 (closed in the finally below)
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "service:create_app", "--factory",
         "--host", "127.0.0.1", "--port", str(port)],
        env={**os.environ, "PYTHONPATH": str(project / "src"), "PYTHONDONTWRITEBYTECODE": "1",
             "REFERENCE_ROWS": str(project / "build" / "eval.csv"),
             "PREDICTION_LOG": str(Path("predictions.db").resolve())},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60  # ready when /health answers: the model has loaded
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"the service exited:\n{Path('uvicorn.log').read_text()}")
            try:
                httpx.get(f"{base}/health", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()  # SIGTERM: uvicorn finishes the requests in flight, then exits
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def traffic(rows: pd.DataFrame, month_start: str, seed: int) -> list[dict]:
    """One scoring request per subscriber, on a day of the month drawn at random."""
    days = np.random.default_rng(seed).integers(0, 30, len(rows))
    as_of = pd.Timestamp(month_start) + pd.to_timedelta(days, unit="D")
    return [request_body(row, day) for row, day in zip(rows.itertuples(), as_of, strict=True)]


def send(base: str, requests: list[dict], reload_after: int | None = None) -> list[dict]:
    """POST each request to /predict from 8 threads, and return how each went. With
    `reload_after`, POST /reload once that many have been answered (its answer comes last); the
    last 50 requests wait until the reload has returned."""
    answered, halfway, reloaded = [0], threading.Event(), threading.Event()
    if reload_after is None:
        reloaded.set()

    def one(number: int, request: dict) -> dict:
        if number >= len(requests) - 50:
            reloaded.wait(timeout=30)
        try:
            response = client.post("/predict", json=request)
            outcome = {"ok": response.status_code == 200,
                       "version": response.json().get("model_version")}
        except httpx.HTTPError:
            outcome = {"ok": False, "version": None}
        with lock:
            answered[0] += 1
            if answered[0] == reload_after:
                halfway.set()
        return outcome

    lock = threading.Lock()
    with httpx.Client(base_url=base, timeout=10) as client, ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(one, number, request) for number, request in enumerate(requests)]
        reload = None
        if reload_after is not None:
            try:
                halfway.wait(timeout=30)
                reload = client.post("/reload", timeout=60).json()
            finally:
                reloaded.set()
        return [future.result() for future in futures] + ([reload] if reload else [])


may = make_subscribers(n=200, seed=6)  # the last of May's requests, for the version switch
may["customer_id"] = [f"M{number:05d}" for number in range(1, 201)]
may_requests = traffic(may, "2024-05-01", seed=5)
june = make_subscribers(n=600, seed=7)  # June's subscribers, who ask for scores
june_requests = traffic(june, "2024-06-01", seed=1)
# The service runs across the next blocks; closing `services` stops it, and so does the end of
# this Python session if a block fails before the one that closes it.
services = contextlib.ExitStack()
atexit.register(services.close)
# --8<-- [end:serve]

# --8<-- [start:switch]
base = services.enter_context(running_service())
print(httpx.get(f"{base}/health").json())
#> {'status': 'ok', 'model_version': '1'}
# A month later: a retrain on the next matured cohorts, with twice the rows, passes the gate
# and moves @champion in the registry.
later = {"exported_on": "2024-08-01", "train_cohort": "2024-05", "eval_cohort": "2024-06"}
print(run_pipeline(data={**later, "train_rows": 4_000}))
#> passed the gate against champion version 1; @champion is version 2
print("still serving:", httpx.get(f"{base}/health").json()["model_version"])
#> still serving: 1
*burst, reload = send(base, may_requests, reload_after=100)
print("reload:", reload)
#> reload: {'was': '1', 'now': '2'}
print("now serving:", httpx.get(f"{base}/health").json()["model_version"])
#> now serving: 2
print(f"{len(burst)} requests, {sum(not r['ok'] for r in burst)} failed")
#> 200 requests, 0 failed
print("versions that answered:", sorted({r["version"] for r in burst}))
#> versions that answered: ['1', '2']
# --8<-- [end:switch]

# --8<-- [start:month]
answers = send(base, june_requests)
print(f"June: {len(answers)} requests, {sum(not r['ok'] for r in answers)} failed")
#> June: 600 requests, 0 failed
refused = {**june_requests[0], "watch_hours": 1_000.0}  # more hours than a month has
print("refused:", [httpx.post(f"{base}/predict", json=refused).status_code for _ in range(3)])
#> refused: [422, 422, 422]
# --8<-- [end:month]

# --8<-- [start:log]
with contextlib.closing(sqlite3.connect("predictions.db")) as db:
    log = pd.read_sql("SELECT * FROM predictions", db, parse_dates=["as_of"])
print(duckdb.sql(Path("log_summary.sql").read_text()).df().to_string(index=False))
#>  predictions  customers  first_day   last_day versions
#>          800        800 2024-05-01 2024-06-30   [1, 2]
one = log.loc[log["customer_id"] == "C00500", ["as_of", "model_version", "plan", "tenure_months",
                                               "support_tickets", "score"]]
print(one.round({"score": 3}).to_string(index=False))
#>      as_of model_version  plan  tenure_months  support_tickets  score
#> 2024-06-20             2 basic              5                2  0.334
# --8<-- [end:log]

# --8<-- [start:labels]
def labels_for(rows: pd.DataFrame, requests: list[dict], seed: int) -> pd.DataFrame:
    """When each outcome becomes known: a cancellation on the day it happens, within 30 days of
    the score; a stay only once those 30 days have passed without one."""
    as_of = pd.to_datetime([request["as_of"] for request in requests])
    wait = np.where(rows["churned"], np.random.default_rng(seed).integers(1, 31, len(rows)), 30)
    return pd.DataFrame({"customer_id": rows["customer_id"], "churned": rows["churned"],
                         "known_on": as_of + pd.to_timedelta(wait, unit="D")})


def auc_known_by(day) -> float:
    """The AUC of June's scores on the outcomes known by `day`; NaN while only one kind is."""
    known = log.merge(labels[labels["known_on"] <= day], on="customer_id")
    two_kinds = known["churned"].nunique() == 2
    return roc_auc_score(known["churned"], known["score"]) if two_kinds else float("nan")


labels = labels_for(june, june_requests, seed=3)
coverage = duckdb.sql(Path("label_coverage.sql").read_text()).df()
coverage["auc"] = [auc_known_by(day) for day in coverage["day"]]
print(coverage.round({"auc": 3}).to_string(index=False))
#>        day  labelled  share_labelled  churn_rate   auc
#> 2024-06-07         4           0.007       1.000   NaN
#> 2024-06-30        37           0.062       1.000   NaN
#> 2024-07-07       172           0.287       0.302 0.740
#> 2024-07-15       321           0.535       0.199 0.766
#> 2024-07-31       600           1.000       0.122 0.783
# --8<-- [end:labels]

# --8<-- [start:metrics]
scraped = httpx.get(f"{base}/metrics").text  # what Prometheus collects at each scrape
for line in scraped.splitlines():
    # Counts only: latencies vary from run to run, and so do the scores of the burst (which
    # version answered which request depends on timing).
    if line.startswith(("churn_requests_total", "churn_request_seconds_count", "churn_score_count",
                        "churn_prediction_errors_total", "churn_model_version ")):
        print(line)
        #> churn_requests_total{status="200"} 800.0
        #> churn_requests_total{status="422"} 3.0
        #> churn_request_seconds_count 803.0
        #> churn_prediction_errors_total 0.0
        #> churn_score_count 800.0
        #> churn_model_version 2.0
# The score histogram's buckets hold what the log holds: both count scores up to each edge.
buckets = {float(line.split('le="')[1].split('"')[0]): float(line.split()[-1])
           for line in scraped.splitlines() if line.startswith("churn_score_bucket")}
agrees = all((log["score"] <= edge).sum() == count for edge, count in buckets.items())
print("histogram agrees with the log:", agrees)
#> histogram agrees with the log: True
# --8<-- [end:metrics]

# --8<-- [start:july]
# July: a discount campaign brings brand-new light viewers on the basic plan, and a rival's
# bigger catalogue starts taking heavy viewers. Only the labels, a month later, show the second.
july = make_subscribers(n=300, seed=8)
july["customer_id"] = [f"C{number:05d}" for number in range(601, 901)]  # after June's
rng = np.random.default_rng(2024)
campaign = rng.random(len(july)) < 0.35
july.loc[campaign, "tenure_months"] = rng.integers(0, 3, campaign.sum())
july.loc[campaign, "watch_hours"] = np.round(rng.gamma(2.0, 5.0, campaign.sum()), 1)
july.loc[campaign, "plan"] = "basic"
risk = churn_probability(july["tenure_months"], july["watch_hours"], july["support_tickets"],
                         july["payment_failures"], july["plan"])
rival = 1 / (1 + np.exp(-0.2 * (july["watch_hours"] - 45)))  # the heavier, the likelier to go
july["churned"] = rng.random(len(july)) < np.maximum(risk, rival)
july_requests = traffic(july, "2024-07-01", seed=2)

sent = send(base, july_requests)
print(f"{len(sent)} July requests, {sum(not r['ok'] for r in sent)} failed")
#> 300 July requests, 0 failed
# The gauge's window now holds exactly July's 300 scores.
gauge = next(line for line in httpx.get(f"{base}/metrics").text.splitlines()
             if line.startswith("churn_score_psi "))
print(f"churn_score_psi {float(gauge.split()[1]):.3f}")
#> churn_score_psi 0.673
services.close()  # stops the service: SIGTERM, then wait until it has exited
# --8<-- [end:july]

# --8<-- [start:drift]
with contextlib.closing(sqlite3.connect("predictions.db")) as db:
    log = pd.read_sql("SELECT * FROM predictions", db, parse_dates=["as_of"])
trained_on = pd.read_csv(project / "build" / "train.csv")  # what the champion learned from
served = {"June": log[log["as_of"].dt.month == 6], "July": log[log["as_of"].dt.month == 7]}
features = ["plan", *NUMERIC]
report = drift_report(trained_on, served["July"], features).rename(columns={"psi": "psi_july"})
report.insert(1, "psi_june", drift_report(trained_on, served["June"], features)["psi"])
print(report.round(3).to_string(index=False))
#>          feature  psi_june  psi_july test  statistic     p verdict
#>             plan     0.002     0.257 chi2     68.734 0.000   SHIFT
#>              age     0.007     0.020   KS      0.057 0.311  stable
#>    tenure_months     0.011     0.846   KS      0.392 0.000   SHIFT
#>      watch_hours     0.016     0.319   KS      0.254 0.000   SHIFT
#>  support_tickets     0.001     0.009 chi2      2.414 0.299  stable
#> payment_failures     0.010     0.001 chi2      0.258 0.611  stable
# --8<-- [end:drift]

# --8<-- [start:decay]
labels = pd.concat([labels, labels_for(july, july_requests, seed=4)])
outcomes = log.merge(labels, on="customer_id")  # by the end of August, every label is in
for month, number in [("June", 6), ("July", 7)]:
    rows = outcomes[outcomes["as_of"].dt.month == number]
    print(f"{month}: AUC {roc_auc_score(rows['churned'], rows['score']):.3f} on {len(rows)} "
          f"predictions, churn rate {rows['churned'].mean():.1%}")
    #> June: AUC 0.783 on 600 predictions, churn rate 12.2%
    #> July: AUC 0.627 on 300 predictions, churn rate 32.3%
# --8<-- [end:decay]
