"""The cleaning pipeline of the tabs above on a million rows: pandas, Polars and DuckDB.

This file checks that the four engines agree, with each other and with clean_subscribers().
bench_engines.py imports the table and the engines from here and times them; engine_timings.py
prints and draws what it measured, from the record it saved, bench_engines.json.
"""

# --8<-- [start:setup]
import duckdb
import numpy as np
import pandas as pd
import polars as pl

from subscribers import PLANS, REGIONS, SNAPSHOT_DATE, clean_subscribers

# --8<-- [end:setup]

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


# --8<-- [start:pandas_engine]
def with_pandas(df: pd.DataFrame) -> pd.DataFrame:
    fee = df["monthly_fee"].str.replace("$", "", regex=False).str.replace(",", ".", regex=False)
    clean = (
        df.drop_duplicates()
        .assign(
            plan=df["plan"].str.strip().str.lower(),
            monthly_fee=pd.to_numeric(fee),
            region=df["region"].fillna("unknown"),
        )
        .loc[
            lambda d: d["age"].between(18, 110)
            & (d["watch_hours"] >= 0)
            & (d["signup_date"] <= SNAPSHOT_DATE)
        ]
    )
    return summarise(clean)


def summarise(clean: pd.DataFrame) -> pd.DataFrame:
    """Subscribers, mean fee, median viewing and churn rate for each region and plan."""
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
# --8<-- [end:pandas_engine]


# --8<-- [start:polars_engines]
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
            pl.col("region").fill_null("unknown"),
        )
        .filter(
            pl.col("age").is_between(18, 110),
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
    return polars_query(df.lazy()).collect()
# --8<-- [end:polars_engines]


# --8<-- [start:duckdb_engine]
CLEAN_SQL = """
SELECT
    coalesce(region, 'unknown') AS region,
    lower(trim(plan)) AS plan,
    count(*) AS subscribers,
    avg(CAST(replace(replace(monthly_fee, '$', ''), ',', '.') AS DOUBLE)) AS monthly_fee,
    median(watch_hours) AS median_watch_hours,
    avg(CAST(churned AS INTEGER)) AS churn_rate
FROM (SELECT DISTINCT * FROM export)
WHERE age BETWEEN 18 AND 110
    AND watch_hours >= 0
    AND signup_date <= $snapshot
GROUP BY ALL
ORDER BY region, plan
"""


def with_duckdb(df: pl.DataFrame) -> pl.DataFrame:
    con = duckdb.connect()
    con.register("export", df)
    return con.sql(CLEAN_SQL, params={"snapshot": SNAPSHOT_DATE}).pl()
# --8<-- [end:duckdb_engine]


# --8<-- [start:same_result]
engines = {
    "pandas": (with_pandas, export),
    "Polars eager": (with_polars_eager, export_pl),
    "Polars lazy": (with_polars_lazy, export_pl),
    "DuckDB": (with_duckdb, export_pl),
}
results = {name: fn(data) for name, (fn, data) in engines.items()}
reference = results["pandas"]
for result in results.values():
    if isinstance(result, pl.DataFrame):
        result = result.to_pandas()
    pd.testing.assert_frame_equal(reference, result, check_dtype=False, rtol=1e-9)
print(f"all four engines return the same {len(reference)} rows")
#> all four engines return the same 15 rows
# The series' one cleaning function, summarised the same way, gives the pandas engine's table:
# the four engines apply clean_subscribers()' rules (about a second on this table).
pd.testing.assert_frame_equal(reference, summarise(clean_subscribers(export)))
print(f"the same as clean_subscribers() on all {len(export):,} rows, summarised")
#> the same as clean_subscribers() on all 1,020,000 rows, summarised
unknown = reference.loc[reference["region"] == "unknown", "subscribers"].sum()
print(f"{unknown:,} subscribers with no region kept, under 'unknown'")
#> 9,936 subscribers with no region kept, under 'unknown'
print(reference.head(3).round(3).to_string(index=False))
#> region     plan  subscribers  monthly_fee  median_watch_hours  churn_rate
#>   east    basic       111117         7.99                20.1       0.100
#>   east  premium        49389        17.99                20.0       0.100
#>   east standard        86044        12.99                20.2       0.101
plan = polars_query(export_pl.lazy()).explain()  # read it bottom-up: the last line runs first
print("lazy Polars filters rows before deduplicating:", plan.find("FILTER") > plan.find("UNIQUE"))
#> lazy Polars filters rows before deduplicating: True
# --8<-- [end:same_result]
