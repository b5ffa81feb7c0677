"""Time benchmark_engines.py's four cleaning pipelines on a million rows; save a record of it.

Run it from this folder: `python bench_engines.py` (under a minute on two cores). It writes
bench_engines.json beside itself, which benchmark_engines.py reads to print the speed-ups and
draw the chart. BENCH_SMOKE=1 runs one round on a tiny table: a check that the script works.
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

import duckdb
import numpy as np
import pandas as pd
import polars as pl

from subscribers import PLANS, REGIONS, SNAPSHOT_DATE

SMOKE = os.environ.get("BENCH_SMOKE") == "1"
N = 10_000 if SMOKE else 1_000_000
N_DUPLICATES = N // 50  # 20,000 on the full table
ROUNDS = 1 if SMOKE else 5

# The export of benchmark_engines.py's data section, drawn the same way, N rows long.
rng = np.random.default_rng(0)
plan_idx = rng.choice(3, size=N, p=[0.45, 0.35, 0.20])
spellings = np.array([s for p in PLANS for s in (p, p.title(), p + " ", p.upper())])
fees = [f"{fee:.2f}" for fee in PLANS.values()]
fee_texts = np.array([t for fee in fees for t in (fee, "$" + fee, fee.replace(".", ","))])
region = rng.choice(np.array(REGIONS, dtype=object), size=N)
region[rng.random(N) < 0.01] = None
age = rng.integers(18, 80, size=N)
age[rng.random(N) < 0.001] = 212
watch_hours = np.round(rng.gamma(2.0, 12.0, size=N), 1)
watch_hours[rng.random(N) < 0.001] = -3.5
signup_date = SNAPSHOT_DATE - pd.to_timedelta(rng.integers(-5, 1800, size=N), unit="D")
export = pd.DataFrame(
    {
        "customer_id": np.arange(1, N + 1),
        "region": region,
        "plan": spellings[plan_idx * 4 + rng.choice(4, size=N, p=[0.94, 0.02, 0.02, 0.02])],
        "monthly_fee": fee_texts[plan_idx * 3 + rng.choice(3, size=N, p=[0.98, 0.01, 0.01])],
        "age": age,
        "watch_hours": watch_hours,
        "signup_date": signup_date,
        "churned": rng.random(N) < 0.1,
    }
)
export = pd.concat([export, export.sample(N_DUPLICATES, random_state=0)], ignore_index=True)
export_pl = pl.from_pandas(export)  # each engine gets its own format; converting is not timed


# The four engines of benchmark_engines.py's engines section, copied: keep them identical.
def with_pandas(df: pd.DataFrame) -> pd.DataFrame:
    fee = df["monthly_fee"].str.replace("$", "", regex=False).str.replace(",", ".", regex=False)
    clean = (
        df.drop_duplicates()
        .assign(plan=df["plan"].str.strip().str.lower(), monthly_fee=pd.to_numeric(fee))
        .dropna(subset=["region"])
        .loc[
            lambda d: d["age"].between(18, 100)
            & (d["watch_hours"] >= 0)
            & (d["signup_date"] <= SNAPSHOT_DATE)
        ]
    )
    return (
        clean.groupby(["region", "plan"], as_index=False)
        .agg(
            subscribers=("customer_id", "size"),
            monthly_fee=("monthly_fee", "mean"),
            median_watch_hours=("watch_hours", "median"),
            churn_rate=("churned", "mean"),
        )
        .sort_values(["region", "plan"], ignore_index=True)
    )


def polars_query(df: pl.DataFrame | pl.LazyFrame):
    """The same steps as Polars expressions; works on an eager DataFrame or a LazyFrame."""
    return (
        df.unique()
        .with_columns(
            pl.col("plan").str.strip_chars().str.to_lowercase(),
            pl.col("monthly_fee")
            .str.replace("$", "", literal=True)
            .str.replace(",", ".", literal=True)
            .cast(pl.Float64),
        )
        .drop_nulls("region")
        .filter(
            pl.col("age").is_between(18, 100),
            pl.col("watch_hours") >= 0,
            pl.col("signup_date") <= SNAPSHOT_DATE,
        )
        .group_by("region", "plan")
        .agg(
            subscribers=pl.len(),
            monthly_fee=pl.col("monthly_fee").mean(),
            median_watch_hours=pl.col("watch_hours").median(),
            churn_rate=pl.col("churned").mean(),
        )
        .sort("region", "plan")
    )


def with_polars_eager(df: pl.DataFrame) -> pl.DataFrame:
    return polars_query(df)  # every step runs at once, on the whole table


def with_polars_lazy(df: pl.DataFrame) -> pl.DataFrame:
    return polars_query(df.lazy()).collect()  # Polars plans the whole query, then runs it


CLEAN_SQL = """
SELECT
    region,
    lower(trim(plan)) AS plan,
    count(*) AS subscribers,
    avg(CAST(replace(replace(monthly_fee, '$', ''), ',', '.') AS DOUBLE)) AS monthly_fee,
    median(watch_hours) AS median_watch_hours,
    avg(CAST(churned AS INTEGER)) AS churn_rate
FROM (SELECT DISTINCT * FROM export)
WHERE region IS NOT NULL
    AND age BETWEEN 18 AND 100
    AND watch_hours >= 0
    AND signup_date <= $snapshot
GROUP BY ALL
ORDER BY region, plan
"""


def with_duckdb(df: pl.DataFrame) -> pl.DataFrame:
    con = duckdb.connect()
    con.register("export", df)  # DuckDB scans the Polars table's Arrow memory in place
    return con.sql(CLEAN_SQL, params={"snapshot": SNAPSHOT_DATE}).pl()


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
seconds = timed_rounds(candidates, ROUNDS)
record = {
    "measured": date.today().isoformat(),
    "machine": about,
    "versions": {name: version(name) for name in ("numpy", "pandas", "polars", "duckdb")},
    "method": (
        f"{len(export):,} rows; one warm-up call each, checked to give the same table, then "
        f"{ROUNDS} rounds calling all four in turn; median wall-clock time (time.perf_counter)"
    ),
    "results": {  # seconds, to four significant digits
        name: {"median_s": sig(statistics.median(runs)), "runs_s": [sig(s) for s in runs]}
        for name, runs in seconds.items()
    },
}
Path("bench_engines.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
for name, result in record["results"].items():  # for you; the page prints them from the record
    sys.stderr.write(f"{name:<13} median {result['median_s']:.3f} s\n")
print("wrote bench_engines.json")
