"""The cleaning and summary of clean_with_pandas.py, written as Polars expressions."""

import polars as pl

from dataset.subscribers import PLANS, SNAPSHOT_DATE, make_messy_subscribers

raw = pl.from_pandas(make_messy_subscribers(n=200, seed=7))

clean = (
    raw.unique(maintain_order=True)
    .with_columns(
        pl.col("plan").str.strip_chars().str.to_lowercase(),
        pl.col("monthly_fee")
        .str.replace("$", "", literal=True)
        .str.replace(",", ".", literal=True)
        .cast(pl.Float64),
        pl.col("age").cast(pl.Int64),
    )
    .drop_nulls("region")
    .filter(
        pl.col("age").is_between(18, 100),
        pl.col("watch_hours") >= 0,
        pl.col("signup_date") <= SNAPSHOT_DATE,
    )
)
summary = (
    clean.group_by("plan")
    .agg(
        subscribers=pl.len(),
        monthly_fee=pl.col("monthly_fee").mean(),
        median_watch_hours=pl.col("watch_hours").median(),
        churn_rate=pl.col("churned").mean(),
    )
    .with_columns(pl.col(pl.Float64).round(2))
    .sort("plan")
)
print(f"{raw.height} rows in, {clean.height} rows out")
#> 203 rows in, 195 rows out
print(summary)
#> shape: (3, 5)
#> ┌──────────┬─────────────┬─────────────┬────────────────────┬────────────┐
#> │ plan     ┆ subscribers ┆ monthly_fee ┆ median_watch_hours ┆ churn_rate │
#> │ ---      ┆ ---         ┆ ---         ┆ ---                ┆ ---        │
#> │ str      ┆ u32         ┆ f64         ┆ f64                ┆ f64        │
#> ╞══════════╪═════════════╪═════════════╪════════════════════╪════════════╡
#> │ basic    ┆ 87          ┆ 7.99        ┆ 15.6               ┆ 0.15       │
#> │ premium  ┆ 42          ┆ 17.99       ┆ 16.85              ┆ 0.05       │
#> │ standard ┆ 66          ┆ 12.99       ┆ 19.15              ┆ 0.06       │
#> └──────────┴─────────────┴─────────────┴────────────────────┴────────────┘

# Clean formats are not proof of correct values: compare each fee with its plan's list price.
wrong_fee = clean.filter(pl.col("monthly_fee") != pl.col("plan").replace_strict(PLANS))
print(f"{wrong_fee.height} rows charge a fee that is not their plan's price")
#> 0 rows charge a fee that is not their plan's price
