"""Time scaling.py's three ways of summing viewing events, and save the timings in a record.

Run it from this folder: `python bench_scaling.py` (about ten seconds). It writes
bench_scaling.json beside itself, which scaling.py reads to print the page's timing lines.
BENCH_SMOKE=1 runs one round on a tiny table: a quick check that the script still works.
"""

import os
import sys
import time

import polars as pl

from benchrecord import machine, write_record
from viewing_events import row_by_row, viewing_events, with_pandas, with_polars

SMOKE = os.environ.get("BENCH_SMOKE") == "1"
N_EVENTS = 5_000 if SMOKE else 500_000  # scaling.py's table: a month of viewing events
ROUNDS = 1 if SMOKE else 15

events = viewing_events(N_EVENTS)  # the events scaling.py sums, from the same function
events_pl = pl.from_pandas(events)

candidates = {
    "row by row": lambda: row_by_row(events),
    "pandas": lambda: with_pandas(events),
    "Polars": lambda: with_polars(events_pl),
}


def timed_rounds(calls: dict, rounds: int) -> dict[str, list[float]]:
    """Wall-clock seconds per call. One warm-up call each (imports, caches), then rounds in
    which every candidate runs once, so a burst of load from elsewhere slows all of them alike."""
    answers = [call() for call in calls.values()]
    assert all(answer == answers[0] for answer in answers), "the candidates disagree"
    seconds = {name: [] for name in calls}
    for _ in range(rounds):
        for name, call in calls.items():
            start = time.perf_counter()
            call()
            seconds[name].append(time.perf_counter() - start)
    return seconds


about = machine()  # before the work starts: the load average says how busy the machine was
seconds = timed_rounds(candidates, ROUNDS)
record = write_record(
    "bench_scaling.json",
    about=about,
    versions=["numpy", "pandas", "polars"],
    method=(
        f"{N_EVENTS:,} events; one warm-up call each, then {ROUNDS} rounds calling all three "
        "in turn; median wall-clock time (time.perf_counter) per call"
    ),
    results=seconds,
)
for name, result in record["results"].items():  # for you; the page prints them from the record
    sys.stderr.write(f"{name:<11} median {result['median_s'] * 1000:8.1f} ms\n")
print("wrote bench_scaling.json")
