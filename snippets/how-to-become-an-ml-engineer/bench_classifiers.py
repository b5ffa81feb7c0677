"""Time how long each classifier of compare_algorithms.py takes to fit; save a record of it.

Run it from this folder: `python bench_classifiers.py` (under half a minute). It writes
bench_classifiers.json beside itself, which compare_algorithms.py reads for its fit-time column.
BENCH_SMOKE=1 runs one round on a tiny table: a quick check that the script still works.
"""

import json
import os
import platform
import re
import statistics
import sys
import time
from datetime import date
from importlib.metadata import version
from pathlib import Path

from sklearn.base import clone
from sklearn.compose import ColumnTransformer
from sklearn.dummy import DummyClassifier
from sklearn.model_selection import train_test_split
from sklearn.naive_bayes import GaussianNB
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier

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


def machine() -> dict:
    cpuinfo = Path("/proc/cpuinfo")  # Linux names the CPU model here; elsewhere, the platform
    names = re.findall(r"model name\s*:\s*(.+)", cpuinfo.read_text()) if cpuinfo.is_file() else []
    return {
        "system": platform.system(),
        "platform": platform.platform(),
        "processor": names[0] if names else platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "load_average": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
    }


def sig(seconds: float) -> float:
    return float(f"{seconds:.4g}")


about = machine()  # before the work starts: the load average says how busy the machine was
seconds = timed_fits(ROUNDS)
record = {
    "measured": date.today().isoformat(),
    "machine": about,
    "versions": {name: version(name) for name in ("scikit-learn", "numpy", "scipy")},
    "method": (
        f"fit on {len(X_train):,} rows; one warm-up fit each, then {ROUNDS} rounds fitting all "
        "five in turn; median process CPU time (time.process_time)"
    ),
    "results": {  # seconds, to four significant digits
        name: {"median_s": sig(statistics.median(runs)), "runs_s": [sig(s) for s in runs]}
        for name, runs in seconds.items()
    },
}
Path("bench_classifiers.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
for name, result in record["results"].items():  # for you; the page prints them from the record
    sys.stderr.write(f"{name:<26} median fit {result['median_s'] * 1000:8.2f} ms\n")
print("wrote bench_classifiers.json")
