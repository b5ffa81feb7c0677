"""Time benchmark_engines.py's four cleaning pipelines on a million rows; save a record of it.

Run it in a folder that also holds benchmark_engines.py and subscribers.py: `python
bench_engines.py` (about a minute on two cores). It imports the table and the four engines from
benchmark_engines.py, so what it times is exactly what the page shows and checks, and writes
bench_engines.json beside itself, which engine_timings.py reads to print the speed-ups and draw
the chart. BENCH_SMOKE=1 runs one round on the table's first 10,000 rows: a check that the
script works.
"""

import contextlib
import io
import os
import sys
import time

import pandas as pd
import polars as pl

from benchrecord import machine, write_record

about = machine()  # before the work starts: the load average says how busy the machine was

# The page's table and engines themselves, not copies. Importing benchmark_engines.py builds the
# table and runs its checks (the four engines agree, and match clean_subscribers()); what it
# prints is for the page, so it is silenced here.
with contextlib.redirect_stdout(io.StringIO()):
    from benchmark_engines import (
        export,
        export_pl,
        with_duckdb,
        with_pandas,
        with_polars_eager,
        with_polars_lazy,
    )

SMOKE = os.environ.get("BENCH_SMOKE") == "1"
ROUNDS = 1 if SMOKE else 5
if SMOKE:
    export, export_pl = export.head(10_000), export_pl.head(10_000)

candidates = {
    "pandas": lambda: with_pandas(export),
    "Polars eager": lambda: with_polars_eager(export_pl),
    "Polars lazy": lambda: with_polars_lazy(export_pl),
    "DuckDB": lambda: with_duckdb(export_pl),
}


def timed_rounds(calls: dict, rounds: int) -> dict[str, list[float]]:
    """Wall-clock seconds per call. One warm-up call each (imports, caches), checked to give the
    same table, then rounds in which every candidate runs once, so that a burst of load from
    elsewhere slows all of them alike."""
    reference = None
    for call in calls.values():
        result = call()
        result = result.to_pandas() if isinstance(result, pl.DataFrame) else result
        if reference is None:
            reference = result
        pd.testing.assert_frame_equal(reference, result, check_dtype=False, rtol=1e-9)
    seconds = {name: [] for name in calls}
    for _ in range(rounds):
        for name, call in calls.items():
            start = time.perf_counter()
            call()
            seconds[name].append(time.perf_counter() - start)
    return seconds


seconds = timed_rounds(candidates, ROUNDS)
record = write_record(
    "bench_engines.json",
    about=about,
    versions=["numpy", "pandas", "polars", "duckdb"],
    method=(
        f"{len(export):,} rows; one warm-up call each, checked to give the same table, then "
        f"{ROUNDS} rounds calling all four in turn; median wall-clock time (time.perf_counter)"
    ),
    results=seconds,
)
for name, result in record["results"].items():  # for you; the page prints them from the record
    sys.stderr.write(f"{name:<13} median {result['median_s']:.3f} s\n")
print("wrote bench_engines.json")
