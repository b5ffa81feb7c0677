"""Time how long each classifier of compare_algorithms.py takes to fit; save a record of it.

Run it from this folder: `python bench_classifiers.py` (under half a minute). It writes
bench_classifiers.json beside itself, which compare_algorithms.py reads for its fit-time column.
BENCH_SMOKE=1 runs one round on a tiny table: a quick check that the script still works.
"""

import os
import sys
import time

from sklearn.base import clone
from sklearn.compose import ColumnTransformer
from sklearn.dummy import DummyClassifier
from sklearn.model_selection import train_test_split
from sklearn.naive_bayes import GaussianNB
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier

from benchrecord import machine, write_record
from subscribers import make_subscribers

SMOKE = os.environ.get("BENCH_SMOKE") == "1"
ROUNDS = 1 if SMOKE else 7

# compare_algorithms.py's data and models, copied: keep them identical.
subscribers = make_subscribers(n=300 if SMOKE else 3000, seed=42)
numeric = ["tenure_months", "age", "watch_hours", "support_tickets", "payment_failures"]
X_train, _, y_train, _ = train_test_split(
    subscribers[numeric + ["plan"]],
    subscribers["churned"],
    test_size=0.3,
    stratify=subscribers["churned"],
    random_state=42,
)
prepare = ColumnTransformer(
    [("numbers", StandardScaler(), numeric), ("plan", OneHotEncoder(), ["plan"])],
    sparse_threshold=0,
)
train = prepare.fit_transform(X_train)
models = {
    "always 'stays' (baseline)": DummyClassifier(strategy="most_frequent"),
    "decision tree": DecisionTreeClassifier(max_depth=4, random_state=42),
    "support vector machine": SVC(kernel="rbf", random_state=42),
    "naive Bayes": GaussianNB(),
    "neural network (MLP)": MLPClassifier(
        hidden_layer_sizes=(16,), alpha=0.01, max_iter=1000, random_state=42
    ),
}


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
