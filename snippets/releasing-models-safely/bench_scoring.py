"""Time the same registered model scored in batch and online; save a record of it.

Run it beside the page's other files: `python bench_scoring.py` (about a minute). It writes
bench_scoring.json, which release.py prints from. BENCH_SMOKE=1 runs one short round: a quick
check that the script still works.
"""

import contextlib
import io
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from benchrecord import machine, sig, write_record
from subscribers import make_subscribers

SMOKE = os.environ.get("BENCH_SMOKE") == "1"
ROUNDS = 1 if SMOKE else 5
BATCH_ROWS = 500 if SMOKE else 10_000  # the nightly snapshot release.py scores
SINGLE_REQUESTS = 20 if SMOKE else 300  # one at a time: the latency a caller waits
CONCURRENT_REQUESTS = 80 if SMOKE else 2_000  # from 8 threads: the most the service answers

shutil.unpack_archive("churn-project.zip")
project = Path("churn-project").resolve()
sys.path.insert(0, str(project / "src"))
os.environ["MLFLOW_TRACKING_URI"] = f"sqlite:///{Path('bench.db').resolve()}"
os.environ["MLFLOW_DISABLE_TELEMETRY"] = "true"
from churn import __main__ as pipeline  # noqa: E402
from churn.model import load_logged  # noqa: E402

from canary import traffic  # noqa: E402

params = pipeline.data.load_params(project / "params.yaml")
with contextlib.chdir(project), contextlib.redirect_stdout(io.StringIO()):  # version 1, @champion
    pipeline.validate(params, batch=None)
    for step in (pipeline.train_model, pipeline.evaluate, pipeline.gate, pipeline.register):
        step(params)
snapshot = make_subscribers(n=BATCH_ROWS, seed=11)
requests = traffic(make_subscribers(n=CONCURRENT_REQUESTS, seed=12), "2024-06-01", seed=5)


def batch_seconds() -> float:
    """release.py's nightly job: load @champion, score the snapshot, write the table."""
    start = time.perf_counter()
    model = load_logged("models:/churn@champion")
    scores = snapshot[["customer_id"]].assign(churn_probability=model.predict_proba(snapshot)[:, 1])
    with contextlib.closing(sqlite3.connect("scores.db")) as db:
        scores.to_sql("churn_scores", db, if_exists="replace", index=False)
    return time.perf_counter() - start


@contextlib.contextmanager
def router_process():
    """The router in its own process, as a service runs: uvicorn on a free loopback port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(project / "src"), "SHADOW_LOG": "shadow.db"}
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "router:create_app", "--factory", "--host",
         "127.0.0.1", "--port", str(port), "--log-level", "warning"], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/health", timeout=1)
                break
            except httpx.TransportError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def one_at_a_time(client: httpx.Client) -> list[float]:
    """Seconds per request, one request in flight: what a caller waits for one score."""
    seconds = []
    for request in requests[:SINGLE_REQUESTS]:
        start = time.perf_counter()
        client.post("/predict", json=request).raise_for_status()
        seconds.append(time.perf_counter() - start)
    return seconds


def concurrent_seconds(client: httpx.Client) -> float:
    """Seconds to answer every request, sent from 8 threads: the service kept busy."""
    start = time.perf_counter()
    with ThreadPoolExecutor(8) as pool:
        for response in pool.map(lambda r: client.post("/predict", json=r), requests):
            response.raise_for_status()
    return time.perf_counter() - start


about = machine()  # before the work starts: the load average says how busy the machine was
batch_seconds()  # untimed: the first round also pays for imports
batch = [batch_seconds() for _ in range(ROUNDS)]
with router_process() as base, httpx.Client(base_url=base, timeout=30) as client:
    one_at_a_time(client)  # untimed: warms the connection and the model
    single = [s for _ in range(ROUNDS) for s in one_at_a_time(client)]
    concurrent = [concurrent_seconds(client) for _ in range(ROUNDS)]
single.sort()
record = write_record(
    "bench_scoring.json",
    about=about,
    versions=["scikit-learn", "mlflow", "fastapi", "uvicorn", "httpx"],
    method=(
        f"The churn project's version 1, registered as @champion. Batch: load it from the "
        f"registry, score {BATCH_ROWS:,} rows and write them to SQLite, {ROUNDS} rounds after "
        f"an untimed one. Online: release.py's router under uvicorn in its own process on "
        f"loopback; {SINGLE_REQUESTS} requests one at a time, {ROUNDS} rounds, and "
        f"{CONCURRENT_REQUESTS:,} requests from 8 threads, {ROUNDS} rounds; client and server "
        "share the machine. Wall-clock time (time.perf_counter)."
    ),
    results={
        "batch job": batch,
        "online, 8 threads": concurrent,
        "online latency": {
            "p50_s": sig(single[len(single) // 2]),
            "p95_s": sig(single[int(len(single) * 0.95)]),
            "p99_s": sig(single[int(len(single) * 0.99)]),
        },
        "rows": {"batch": BATCH_ROWS, "online, 8 threads": CONCURRENT_REQUESTS},
    },
)
for name in ("batch job", "online, 8 threads"):  # for you; the page prints them from the record
    sys.stderr.write(f"{name:<18} median {record['results'][name]['median_s']:.3f} s\n")
print("wrote bench_scoring.json")
