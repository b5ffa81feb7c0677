"""Time how long each classifier of compare_algorithms.py takes to fit; save a record of it.

Run it from this folder: `python bench_classifiers.py` (under half a minute). It writes
bench_classifiers.json beside itself, which compare_algorithms.py reads for its fit-time column.
BENCH_SMOKE=1 runs one round on a tiny table: a quick check that the script still works.
"""

import os
import sys
import time

from sklearn.base import clone

from benchrecord import machine, write_record
from classifier_families import classifiers, preparation, split_subscribers

SMOKE = os.environ.get("BENCH_SMOKE") == "1"
ROUNDS = 1 if SMOKE else 7

# compare_algorithms.py's training rows and models, from the module it imports too.
X_train, _, y_train, _ = split_subscribers(n=300 if SMOKE else 3000)
train = preparation().fit_transform(X_train)
models = classifiers()


def timed_fits(rounds: int) -> dict[str, list[float]]:
    """CPU seconds of the process per fit, which leave out time spent waiting for a core that
    another program holds. One warm-up fit each, then rounds in which every model is fitted once
    (a fresh, unfitted copy each time), so a busy moment slows all of them alike."""
    for model in models.values():
        clone(model).fit(train, y_train)
    seconds = {name: [] for name in models}
    for _ in range(rounds):
        for name, model in models.items():
            fresh = clone(model)
            start = time.process_time()
            fresh.fit(train, y_train)
            seconds[name].append(time.process_time() - start)
    return seconds


about = machine()  # before the work starts: the load average says how busy the machine was
seconds = timed_fits(ROUNDS)
record = write_record(
    "bench_classifiers.json",
    about=about,
    versions=["scikit-learn", "numpy", "scipy"],
    method=(
        f"fit on {len(X_train):,} rows; one warm-up fit each, then {ROUNDS} rounds fitting all "
        "five in turn; median process CPU time (time.process_time)"
    ),
    results=seconds,
)
for name, result in record["results"].items():  # for you; the page prints them from the record
    sys.stderr.write(f"{name:<26} median fit {result['median_s'] * 1000:8.2f} ms\n")
print("wrote bench_classifiers.json")
