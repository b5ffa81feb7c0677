"""Exercise 3: churn per region, 'unknown' included, in pandas and in lazy Polars, and compare."""

import pandas as pd
import polars as pl

from subscribers import SNAPSHOT_DATE, clean_subscribers, make_messy_subscribers

raw = make_messy_subscribers(n=200, seed=7)

# pandas starts from the series' cleaning function, which keeps a missing region as "unknown".
clean = clean_subscribers(raw)
print(f"rows after cleaning: {len(clean)} of {len(raw)}")
#> rows after cleaning: 197 of 203
pandas_result = clean.groupby("region", as_index=False).agg(
    subscribers=("customer_id", "size"), churn_rate=("churned", "mean")
)

# Lazy Polars applies the same rules itself, so the comparison also checks the rules.
polars_result = (
    pl.from_pandas(raw)
    .lazy()
    .unique()
    .with_columns(pl.col("region").fill_null("unknown"), pl.col("age").cast(pl.Int64))
    .filter(
        pl.col("age").is_between(18, 110),
        pl.col("watch_hours") >= 0,
        pl.col("signup_date") <= SNAPSHOT_DATE,
    )
    .group_by("region")
    .agg(subscribers=pl.len(), churn_rate=pl.col("churned").mean())
    .sort("region")
    .collect()
)
print(pandas_result.round(3).to_string(index=False))
#>  region  subscribers  churn_rate
#>    east           38       0.158
#>   north           55       0.109
#>   south           46       0.065
#> unknown            2       0.000
#>    west           56       0.071
pd.testing.assert_frame_equal(pandas_result, polars_result.to_pandas(), check_dtype=False)
print(f"{polars_result['subscribers'].sum()} subscribers counted in each; pandas and Polars agree")
#> 197 subscribers counted in each; pandas and Polars agree
