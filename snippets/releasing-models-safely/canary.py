"""The client side of a release: a router served on loopback, traffic to send it, and the canary
controller that raises the challenger's share step by step or rolls it back by alias."""

# --8<-- [start:setup]
import contextlib
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import httpx
import numpy as np
import pandas as pd
import uvicorn
from mlflow import MlflowClient
from prometheus_client.parser import text_string_to_metric_families
from service import request_body  # the JSON a CRM sends for a snapshot row

# --8<-- [end:setup]


# --8<-- [start:serving]
@contextlib.contextmanager
def serving(app):
    """uvicorn serving `app` in a thread of this process, on a free loopback port (port 0 asks
    the OS for one), until the with-block ends."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:  # set once the socket listens
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the router did not start")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True  # finish the requests in flight, then return from run()
        thread.join(timeout=30)


def traffic(rows: pd.DataFrame, month_start: str, seed: int, no_age: float = 0.1) -> list[dict]:
    """One request per subscriber on a random day of the month. The CRM has no age for
    subscribers who joined through a partner: `no_age` of the requests carry none."""
    rng = np.random.default_rng(seed)
    days = pd.Timestamp(month_start) + pd.to_timedelta(rng.integers(0, 30, len(rows)), unit="D")
    requests = [request_body(row, day) for row, day in zip(rows.itertuples(), days, strict=True)]
    for request, missing in zip(requests, rng.random(len(rows)) < no_age, strict=True):
        if missing:
            request["age"] = None
    return requests


def send(base: str, requests: list[dict], threads: int = 8) -> list[dict]:
    """POST every request to /predict from `threads` threads; what each got back."""
    def one(request: dict) -> dict:
        try:
            response = client.post("/predict", json=request)
        except httpx.HTTPError:
            return {"ok": False, "version": None}
        return {"ok": response.status_code == 200, "version": response.json().get("model_version")}

    with httpx.Client(base_url=base, timeout=10) as client, ThreadPoolExecutor(threads) as pool:
        return list(pool.map(one, requests))
# --8<-- [end:serving]


# --8<-- [start:controller]
def challenger_error_ratio(base: str) -> Callable[[], float]:
    """A function that reads the router's /metrics and returns the challenger's errors per
    request scored since this call: the ratio canary_rules.yml asks Prometheus for."""
    def counts() -> tuple[float, float]:
        found = {}
        for family in text_string_to_metric_families(httpx.get(f"{base}/metrics").text):
            for sample in family.samples:
                if sample.name.endswith("_total") and sample.labels["slot"] == "challenger":
                    found[sample.name] = sample.value
        return found["router_errors_total"], found["router_scores_total"]

    errors_before, scored_before = counts()

    def ratio() -> float:
        errors, scored = counts()
        return (errors - errors_before) / max(scored - scored_before, 1)

    return ratio


def canary_release(base: str, steps: list[tuple[int, list[dict]]],
                   error_ratio: Callable[[], float], threshold: float) -> list[str]:
    """For each (share, requests) step: route `share` percent of subscribers to @challenger,
    send the requests, then ask `error_ratio()`. Above `threshold`, roll back: remove the
    @challenger alias and reload. After the last step, promote: move @champion to it."""
    registry, report = MlflowClient(), []
    version = str(registry.get_model_version_by_alias("churn", "challenger").version)
    for share, requests in steps:
        httpx.post(f"{base}/rollout", json={"mode": "canary", "share": share}).raise_for_status()
        answers = send(base, requests)
        ratio = error_ratio()
        by_challenger = sum(a["version"] == version for a in answers)
        report.append(f"{share:>3}%: {len(answers)} requests, {by_challenger} answered by "
                      f"version {version}, {sum(not a['ok'] for a in answers)} failed; "
                      f"challenger error ratio {ratio:.3f}")
        if ratio > threshold:
            registry.delete_registered_model_alias("churn", "challenger")
            report.append(f"rolled back: {ratio:.3f} > {threshold}; @challenger removed")
            break
    else:
        registry.set_registered_model_alias("churn", "champion", version)
        registry.delete_registered_model_alias("churn", "challenger")
        report.append(f"promoted: @champion is version {version}")
    httpx.post(f"{base}/reload").raise_for_status()  # the router serves what the aliases say
    return report
# --8<-- [end:controller]
