"""The cleaning pipeline of the tabs above on a million rows: pandas, Polars and DuckDB, timed."""

import statistics
import sys
import time

import duckdb
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import polars as pl

from dataset.subscribers import PLANS, REGIONS, SNAPSHOT_DATE

# --8<-- [start:data]
# A million-row export with the same five kinds of damage as make_messy_subscribers(). Faker
# would take minutes at this size, so every column is drawn with numpy.
rng = np.random.default_rng(0)
n = 1_000_000
plan_idx = rng.choice(3, size=n, p=[0.45, 0.35, 0.20])
spellings = np.array([s for p in PLANS for s in (p, p.title(), p + " ", p.upper())])
fees = [f"{fee:.2f}" for fee in PLANS.values()]
fee_texts = np.array([t for fee in fees for t in (fee, "$" + fee, fee.replace(".", ","))])
region = rng.choice(np.array(REGIONS, dtype=object), size=n)
region[rng.random(n) < 0.01] = None
age = rng.integers(18, 80, size=n)
age[rng.random(n) < 0.001] = 212
watch_hours = np.round(rng.gamma(2.0, 12.0, size=n), 1)
watch_hours[rng.random(n) < 0.001] = -3.5
signup_date = SNAPSHOT_DATE - pd.to_timedelta(rng.integers(-5, 1800, size=n), unit="D")
export = pd.DataFrame(
    {
        "customer_id": np.arange(1, n + 1),
        "region": region,
        "plan": spellings[plan_idx * 4 + rng.choice(4, size=n, p=[0.94, 0.02, 0.02, 0.02])],
        "monthly_fee": fee_texts[plan_idx * 3 + rng.choice(3, size=n, p=[0.98, 0.01, 0.01])],
        "age": age,
        "watch_hours": watch_hours,
        "signup_date": signup_date,
        "churned": rng.random(n) < 0.1,
    }
)
export = pd.concat([export, export.sample(20_000, random_state=0)], ignore_index=True)
export_pl = pl.from_pandas(export)  # each engine gets its own format; converting is not timed
print(f"{len(export):,} rows, {export['customer_id'].duplicated().sum():,} of them duplicates")
#> 1,020,000 rows, 20,000 of them duplicates
# --8<-- [end:data]


# --8<-- [start:engines]
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
# --8<-- [end:engines]


# --8<-- [start:same_result]
engines = {
    "pandas": (with_pandas, export),
    "Polars eager": (with_polars_eager, export_pl),
    "Polars lazy": (with_polars_lazy, export_pl),
    "DuckDB": (with_duckdb, export_pl),
}
# The first call of each engine is the warm-up; it also gives the result to compare.
results = {name: fn(data) for name, (fn, data) in engines.items()}
reference = results["pandas"]
for result in results.values():
    if isinstance(result, pl.DataFrame):
        result = result.to_pandas()
    pd.testing.assert_frame_equal(reference, result, check_dtype=False, rtol=1e-9)
print(f"all four engines return the same {len(reference)} rows")
#> all four engines return the same 12 rows
print(reference.head(3).round(3).to_string(index=False))
#> region     plan  subscribers  monthly_fee  median_watch_hours  churn_rate
#>   east    basic       111117         7.99                20.1       0.100
#>   east  premium        49389        17.99                20.0       0.100
#>   east standard        86044        12.99                20.2       0.101
plan = polars_query(export_pl.lazy()).explain()  # read it bottom-up: the last line runs first
print("lazy Polars filters rows before deduplicating:", plan.find("FILTER") > plan.find("UNIQUE"))
#> lazy Polars filters rows before deduplicating: True
# --8<-- [end:same_result]

# --8<-- [start:timing]
ROUNDS = 3  # after the warm-up; each round runs every engine once, so load hits them all alike
seconds: dict[str, list[float]] = {name: [] for name in engines}
for _ in range(ROUNDS):
    for name, (fn, data) in engines.items():
        start = time.perf_counter()
        fn(data)
        seconds[name].append(time.perf_counter() - start)
medians = {name: statistics.median(runs) for name, runs in seconds.items()}
speedup = {name: medians["pandas"] / median for name, median in medians.items()}

# Raw seconds change with the machine and with every run, so they go to stderr, which the
# tests do not compare: `make run` shows them to you.
for name, median in medians.items():
    sys.stderr.write(f"{name:<13} median {median:.3f} s, {speedup[name]:.2f}x pandas' speed\n")

# What the page prints instead: each speed-up to its order of magnitude. Finer buckets would
# flip between runs: on the machine that tests this page, the same engine measured anywhere
# from a little over 1x to about 4x, depending on what else was running.
BUCKETS = [
    (0.1, 1, "slower than pandas"),
    (1, 10, "faster, by less than 10x"),
    (10, 100, "10x faster or more"),
]


def bucket(ratio: float) -> tuple[float, float, str]:
    ratio = min(max(ratio, 0.1), 99)  # the outer buckets take anything beyond them
    return next(b for b in BUCKETS if b[0] <= ratio < b[1])


buckets = {name: bucket(ratio) for name, ratio in speedup.items() if name != "pandas"}
print("\n".join(f"{name:<13} {label}" for name, (_, _, label) in buckets.items()))
#> Polars eager  faster, by less than 10x
#> Polars lazy   faster, by less than 10x
#> DuckDB        faster, by less than 10x
# --8<-- [end:timing]

# --8<-- [start:chart]
fig, ax = plt.subplots(figsize=(7, 3))
for y, (low, high, label) in enumerate(buckets.values()):
    ax.barh(y, high - low, left=low, height=0.5, color="#3f51b5")
    ax.text(high * 1.1, y, label, va="center")
ax.axvline(1, color="#444444", linestyle="--", linewidth=1)
ax.text(1.1, -0.6, "pandas = 1x", color="#444444", va="center")
ax.set_xscale("log")
ax.minorticks_off()
ax.set_xlim(0.1, 1000)
ax.set_xticks([0.1, 1, 10, 100], ["0.1x", "1x", "10x", "100x"])
ax.set_yticks(range(len(buckets)), list(buckets))
ax.set_ylim(len(buckets) - 0.5, -0.9)  # top to bottom, with room for the pandas label
ax.set_xlabel("speed-up over pandas (log scale): the bar spans the measured order of magnitude")
ax.set_title("Cleaning a million rows: speed relative to pandas")
fig.tight_layout()
fig.savefig("engine_speedups.svg")
plt.close(fig)
# --8<-- [end:chart]
