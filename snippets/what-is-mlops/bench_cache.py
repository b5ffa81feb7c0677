"""Time pipeline_cache.py's pipeline fitted on an empty cache, then again; save a record of it.

Run it from this folder: `python bench_cache.py` (about half a minute). It writes bench_cache.json
beside itself, which pipeline_cache.py reads to print what the cache saves.
BENCH_SMOKE=1 runs one round on a tiny table: a quick check that the script still works.
"""

import os
import sys
import tempfile
import time

from benchrecord import machine, write_record
from cached_pipeline import make_pipeline, training_data

SMOKE = os.environ.get("BENCH_SMOKE") == "1"
ROUNDS = 1 if SMOKE else 7

X, y = training_data(n=100 if SMOKE else 1_000)  # the rows pipeline_cache.py fits on


def seconds_to_fit(cache_dir: str) -> float:
    """Wall-clock seconds, because a cached step is read back from disk, and that waiting is
    part of what the cache costs."""
    start = time.perf_counter()
    make_pipeline(cache_dir).fit(X, y)
    return time.perf_counter() - start


def timed_rounds(rounds: int) -> dict[str, list[float]]:
    """Each round: a new, empty cache folder, one fit that fills it, one fit that reuses it.
    One untimed round first: the first fit of a process also pays for imports."""
    seconds = {"empty cache": [], "cached features": []}
    for round_number in range(rounds + 1):
        with tempfile.TemporaryDirectory() as cache_dir:
            cold, warm = seconds_to_fit(cache_dir), seconds_to_fit(cache_dir)
        if round_number > 0:
            seconds["empty cache"].append(cold)
            seconds["cached features"].append(warm)
    return seconds


about = machine()  # before the work starts: the load average says how busy the machine was
seconds = timed_rounds(ROUNDS)
record = write_record(
    "bench_cache.json",
    about=about,
    versions=["scikit-learn", "joblib", "numpy"],
    method=(
        f"{len(X):,} rows; one untimed round, then {ROUNDS} rounds of two fits on a new cache "
        "folder (the first fills it, the second reuses it); median wall-clock time "
        "(time.perf_counter)"
    ),
    results=seconds,
)
for name, result in record["results"].items():  # for you; the page prints them from the record
    sys.stderr.write(f"{name:<15} median {result['median_s']:.3f} s\n")
print("wrote bench_cache.json")
