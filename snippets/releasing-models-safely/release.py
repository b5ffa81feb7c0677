"""Releasing models safely: a challenger in shadow, a canary that promotes or rolls back by alias,
a blue/green switch back, and the same model scored in batch and online."""

# --8<-- [start:setup]
# ruff: noqa: E402 (the registry's address must be set before the churn project is imported)
import atexit
import contextlib
import io
import json
import os
import shutil
import sqlite3
import sys
import threading
from pathlib import Path

import httpx
import pandas as pd
from scipy.stats import spearmanr

from subscribers import make_subscribers

# The testing page's model project, unpacked here; its package is imported from src/.
shutil.unpack_archive("churn-project.zip")
project = Path("churn-project").resolve()
sys.path.insert(0, str(project / "src"))
os.environ["MLFLOW_TRACKING_URI"] = f"sqlite:///{Path('mlflow.db').resolve()}"
os.environ["MLFLOW_DISABLE_TELEMETRY"] = "true"
os.environ["SHADOW_LOG"] = str(Path("shadow.db").resolve())

from churn import __main__ as pipeline  # the commands of `python -m churn`, as functions
from churn.model import load_logged
from mlflow import MlflowClient

from canary import canary_release, challenger_error_ratio, send, serving, traffic
from router import create_app

registry = MlflowClient()
# --8<-- [end:setup]


# --8<-- [start:register]
def candidate(**changes: dict) -> str:
    """validate, train, evaluate, gate and register, with params.yaml changed by `changes`.
    The project's register moves @champion; a guarded release moves it back at once and names
    the new version @challenger. Returns the new version's number."""
    params = pipeline.data.load_params(project / "params.yaml")
    for section, values in changes.items():
        params[section].update(values)
    with contextlib.chdir(project), contextlib.redirect_stdout(io.StringIO()):  # quiet steps
        pipeline.validate(params, batch=None)
        for step in (pipeline.train_model, pipeline.evaluate, pipeline.gate):
            step(params)  # a failed check raises SystemExit, as the command exits non-zero
        before = pipeline.champion()[1]
        pipeline.register(params)
    new = str(registry.get_model_version_by_alias("churn", "champion").version)
    if before is not None:
        registry.set_registered_model_alias("churn", "champion", before)
        registry.set_registered_model_alias("churn", "challenger", new)
    return new


def aliases() -> dict[str, str]:
    """Which version each alias names now."""
    return dict(sorted(registry.get_registered_model("churn").aliases.items()))


print("first release:", candidate())
#> first release: 1
later = {"exported_on": "2024-08-01", "train_cohort": "2024-05", "eval_cohort": "2024-06",
         "train_rows": 4_000}  # a month on: twice the rows, from the next matured cohorts
print("retrained:", candidate(data=later))
#> retrained: 2
print(aliases())
#> {'challenger': 2, 'champion': 1}

# --8<-- [end:register]


# --8<-- [start:shadow]
june = make_subscribers(n=600, seed=7)
june_requests = traffic(june, "2024-06-01", seed=1)
# The router runs across the next blocks; closing `services` stops it, and so does the end of
# this Python session if a block fails before the one that closes it.
services = contextlib.ExitStack()
atexit.register(services.close)
base = services.enter_context(serving(create_app()))
print(httpx.get(f"{base}/health").json())
#> {'champion': '1', 'challenger': '2', 'mode': 'shadow', 'share': 0}
answers = send(base, june_requests)
print(f"{len(answers)} requests, {sum(not a['ok'] for a in answers)} failed, answered by "
      f"{sorted({a['version'] for a in answers})}")
#> 600 requests, 0 failed, answered by ['1']
with contextlib.closing(sqlite3.connect("shadow.db")) as db:
    shadow = pd.read_sql("SELECT * FROM shadow", db)
both = shadow.dropna(subset=["challenger_score"])
top = {slot: set(both.nlargest(60, f"{slot}_score")["customer_id"])  # whom each would call
       for slot in ("champion", "challenger")}
print(f"shadowed {len(shadow)}, challenger failed on {shadow['challenger_score'].isna().sum()}")
#> shadowed 600, challenger failed on 0
print(f"mean score: champion {both['champion_score'].mean():.3f}, "
      f"challenger {both['challenger_score'].mean():.3f}")
#> mean score: champion 0.110, challenger 0.110
rank = spearmanr(both["champion_score"], both["challenger_score"]).statistic
print(f"rank correlation {rank:.3f}; "
      f"top 60 in common: {len(top['champion'] & top['challenger'])}")
#> rank correlation 0.983; top 60 in common: 49
# --8<-- [end:shadow]


# --8<-- [start:canary]
def canary_month(subscriber_seed: int, month_start: str, traffic_seed: int) -> str:
    """A month of 900 requests in three steps of 300, at 5%, 25% and 50% of subscribers; more
    than 2 errors in 100 challenger requests roll back. The controller's report, then the
    aliases it left."""
    requests = traffic(make_subscribers(n=900, seed=subscriber_seed), month_start, traffic_seed)
    steps = [(5, requests[:300]), (25, requests[300:600]), (50, requests[600:])]
    report = canary_release(base, steps, challenger_error_ratio(base), threshold=0.02)
    return "\n".join([*report, f"aliases now: {aliases()}"])


print(canary_month(subscriber_seed=8, month_start="2024-07-01", traffic_seed=2))
#>   5%: 300 requests, 18 answered by version 2, 0 failed; challenger error ratio 0.000
#>  25%: 300 requests, 75 answered by version 2, 0 failed; challenger error ratio 0.000
#>  50%: 300 requests, 142 answered by version 2, 0 failed; challenger error ratio 0.000
#> promoted: @champion is version 2
#> aliases now: {'champion': 2}
print(httpx.get(f"{base}/health").json())
#> {'champion': '2', 'challenger': None, 'mode': 'canary', 'share': 50}
# --8<-- [end:canary]


# --8<-- [start:rollback]
# The next retrain adds age, which the export always fills. The CRM does not: 10% of requests
# carry no age. The gate never saw such a row.
features = [*pipeline.data.load_params(project / "params.yaml")["model"]["features"], "age"]
print("with age:", candidate(data=later, model={"features": features}))
#> with age: 3
httpx.post(f"{base}/reload").raise_for_status()  # the router loads the new @challenger
print(canary_month(subscriber_seed=9, month_start="2024-08-01", traffic_seed=3))
#>   5%: 300 requests, 16 answered by version 3, 0 failed; challenger error ratio 0.111
#> rolled back: 0.111 > 0.02; @challenger removed
#> aliases now: {'champion': 2}
# --8<-- [end:rollback]


# --8<-- [start:bluegreen]
# Blue is version 1, green version 2, which @champion holds now. Labels show a problem with
# green: switch back to blue while requests keep coming.
september = traffic(make_subscribers(n=400, seed=10), "2024-09-01", seed=4)
answered, switched = [], threading.Event()


def keep_sending() -> None:
    answered.extend(send(base, september[:200], threads=4))
    switched.wait(timeout=60)
    answered.extend(send(base, september[200:], threads=4))


sender = threading.Thread(target=keep_sending)
sender.start()
registry.set_registered_model_alias("churn", "champion", "1")  # one alias move
print("reload:", httpx.post(f"{base}/reload").json())
#> reload: {'champion': '1', 'challenger': None}
switched.set()
sender.join()
print(f"{len(answered)} requests, {sum(not a['ok'] for a in answered)} failed; now serving "
      f"{httpx.get(f'{base}/health').json()['champion']}")
#> 400 requests, 0 failed; now serving 1
# --8<-- [end:bluegreen]


# --8<-- [start:batch]
def score_in_batch(snapshot: pd.DataFrame, database: str) -> int:
    """The nightly job: load @champion once, score every row, write the table the CRM reads."""
    version = registry.get_model_version_by_alias("churn", "champion").version
    model = load_logged(f"models:/churn/{version}")
    scores = snapshot[["customer_id"]].assign(
        model_version=version, churn_probability=model.predict_proba(snapshot)[:, 1].round(3))
    with contextlib.closing(sqlite3.connect(database)) as db:
        return scores.to_sql("churn_scores", db, if_exists="replace", index=False)


snapshot = make_subscribers(n=10_000, seed=11)
print("rows written:", score_in_batch(snapshot, "scores.db"))
#> rows written: 10000
# The same subscribers, asked online: the service and the batch table must agree.
with contextlib.closing(sqlite3.connect("scores.db")) as db:
    table = pd.read_sql("SELECT * FROM churn_scores LIMIT 5", db)
asked = [httpx.post(f"{base}/predict", json=request).json()["churn_probability"]
         for request in traffic(snapshot.head(5), "2024-06-30", seed=0, no_age=0)]
print(table.assign(online=asked).to_string(index=False))
#> customer_id  model_version  churn_probability  online
#>      C00001              1              0.050   0.050
#>      C00002              1              0.099   0.099
#>      C00003              1              0.205   0.205
#>      C00004              1              0.157   0.157
#>      C00005              1              0.096   0.096
services.close()  # stops the router
# --8<-- [end:batch]


# --8<-- [start:benchmark]
# Timings change from run to run, so they come from bench_scoring.json, which bench_scoring.py
# wrote on the machine it names. The price is an assumption: put your provider's in its place.
PRICE_PER_HOUR = 0.10  # assumed: US dollars an hour for one 2-vCPU machine
record = json.loads(Path("bench_scoring.json").read_text())
results, rows = record["results"], record["results"]["rows"]
print(f"measured {record['measured']} on {record['machine']['cpus']} CPUs "
      f"({record['machine']['processor']}), Python {record['machine']['python']}")
#> measured 2026-12-06 on 2 CPUs (AMD EPYC), Python 3.11.7
latency = results["online latency"]
print(f"online, one request at a time: p50 {latency['p50_s'] * 1000:.1f} ms, "
      f"p95 {latency['p95_s'] * 1000:.1f} ms")
#> online, one request at a time: p50 10.0 ms, p95 12.7 ms
table = []
for way in ("batch", "online, 8 threads"):
    seconds = results["batch job" if way == "batch" else way]["median_s"]
    per_thousand = seconds / rows[way] * 1_000  # machine-seconds for 1,000 scores
    table.append(f"{way:<18} {rows[way] / seconds:>9,.0f} scores/s  {per_thousand:>7.3f} s and "
                 f"${per_thousand / 3600 * PRICE_PER_HOUR:.7f} per 1,000 scores")
print("\n".join(table))
#> batch                245,339 scores/s    0.004 s and $0.0000001 per 1,000 scores
#> online, 8 threads        100 scores/s   10.045 s and $0.0002790 per 1,000 scores
print(f"an online service kept up all day costs ${24 * PRICE_PER_HOUR:.2f} a day, busy or idle")
#> an online service kept up all day costs $2.40 a day, busy or idle
# --8<-- [end:benchmark]
