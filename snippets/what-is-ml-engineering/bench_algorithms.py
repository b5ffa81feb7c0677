"""Time algorithm_selection.py's candidates: to fit, and to score one subscriber.

Run it from this folder: `python bench_algorithms.py` (7 s on a quiet two-core machine). It writes
bench_algorithms.json beside itself, which algorithm_selection.py reads for its time columns.
BENCH_SMOKE=1 runs one round on a tiny table: a quick check that the script still works.
"""

import os
import statistics
import sys
import time

import numpy as np
from sklearn.base import clone

from benchrecord import machine, sig, write_record
from churn_candidates import candidates, subscribers_xy

SMOKE = os.environ.get("BENCH_SMOKE") == "1"
FITS = 1 if SMOKE else 5  # per model
CALLS = 10 if SMOKE else 200  # single-row predictions per model, after WARM_UP untimed ones
WARM_UP = 2 if SMOKE else 20

# algorithm_selection.py's rows and candidates, from the module it imports too: each model is
# fitted on all the rows, as the service's model is.
X, y = subscribers_xy(n=200 if SMOKE else 1_000)
models = candidates()


def timed_fits() -> dict[str, list[float]]:
    """CPU seconds of the process per fit: the work a fit does, not the time it spends waiting
    for a core that another program holds. One warm-up fit each, then the models in turn
    (a fresh, unfitted copy each time), so that a busy moment slows all alike."""
    for model in models.values():
        model.fit(X, y)  # the warm-up, and the fitted model the latency test uses
    seconds = {name: [] for name in models}
    for _ in range(FITS):
        for name, model in models.items():
            fresh = clone(model)
            start = time.process_time()
            fresh.fit(X, y)
            seconds[name].append(time.process_time() - start)
    return seconds


def timed_single_rows() -> dict[str, list[float]]:
    """Latency as a serving app sees it: one subscriber per call, through the whole pipeline,
    in CPU seconds of the calling thread; the models alternate call by call."""
    rows = [X.iloc[[i % len(X)]] for i in range(WARM_UP + CALLS)]
    seconds = {name: [] for name in models}
    for i, row in enumerate(rows):
        for name, model in models.items():
            start = time.thread_time()
            model.predict_proba(row)
            if i >= WARM_UP:
                seconds[name].append(time.thread_time() - start)
    return seconds


about = machine()  # before the work starts: the load average says how busy the machine was
fits = timed_fits()
latencies = timed_single_rows()
record = write_record(
    "bench_algorithms.json",
    about=about,
    versions=["scikit-learn", "numpy", "scipy"],
    method=(
        f"fit on {len(X):,} rows: one warm-up fit each, then {FITS} rounds fitting each model "
        "in turn, median process CPU time (time.process_time); one-row predict_proba: "
        f"{WARM_UP} warm-up calls, then {CALLS} calls alternating the models, median and "
        "95th percentile of thread CPU time (time.thread_time)"
    ),
    results={
        "fit": fits,
        "one_row": {
            name: {
                "median_s": sig(statistics.median(runs)),
                "p95_s": sig(np.percentile(runs, 95)),
                "calls": len(runs),
            }
            for name, runs in latencies.items()
        },
    },
)
for name in models:  # for you; the page prints them from the record
    fit, one_row = record["results"]["fit"][name], record["results"]["one_row"][name]
    sys.stderr.write(
        f"{name:<15} fit {fit['median_s']:.3f} s, one row: median {one_row['median_s'] * 1000:.2f}"
        f" ms, p95 {one_row['p95_s'] * 1000:.2f} ms\n"
    )
print("wrote bench_algorithms.json")
