"""Turn Streamwise's raw CRM export into a table a model and a business reader can trust.

The same preparation is written twice, once with pandas and once with Polars, and the last
section checks that both produce the same table.
"""

# --8<-- [start:setup]
import pandas as pd
import polars as pl
from polars.testing import assert_frame_equal

from subscribers import SNAPSHOT_DATE, clean_subscribers, make_messy_subscribers

# --8<-- [end:setup]

# --8<-- [start:pandas]
raw = make_messy_subscribers()
print(f"rows in the export: {len(raw)}")
#> rows in the export: 203
print(raw[["monthly_fee", "age", "plan"]].dtypes.astype(str).to_dict())
#> {'monthly_fee': 'object', 'age': 'object', 'plan': 'str'}
print(sorted(raw["plan"].unique()))
#> ['Basic', 'STANDARD', 'basic', 'premium', 'standard', 'standard ']

# 1. One row per subscriber, the right type in every column, one spelling per plan.
clean = raw.drop_duplicates()
clean = clean.assign(
    monthly_fee=clean["monthly_fee"].str.replace("$", "").str.replace(",", ".").astype(float),
    age=clean["age"].astype(int),
    plan=clean["plan"].str.strip().str.lower(),
    region=clean["region"].fillna("unknown"),
)
print(f"after dropping exact duplicates: {len(clean)}")
#> after dropping exact duplicates: 200

# 2. Values that cannot be true are removed, and counted so someone can fix the source.
impossible = {
    "age outside 18-110": ~clean["age"].between(18, 110),
    "negative watch hours": clean["watch_hours"] < 0,
    "signup after the export": clean["signup_date"] > SNAPSHOT_DATE,
}
for reason, rows in impossible.items():
    print(f"{reason}: {rows.sum()} row(s)")
    #> age outside 18-110: 1 row(s)
    #> negative watch hours: 1 row(s)
    #> signup after the export: 1 row(s)
clean = clean[~pd.DataFrame(impossible).any(axis=1)].reset_index(drop=True)
print(f"rows after cleaning: {len(clean)} of {len(raw)}")
#> rows after cleaning: 197 of 203
print(clean[["monthly_fee", "age", "plan"]].dtypes.astype(str).to_dict())
#> {'monthly_fee': 'float64', 'age': 'int64', 'plan': 'str'}

# 3. The metric the business asks about: revenue a subscriber has paid so far.
clean["lifetime_revenue"] = (clean["monthly_fee"] * clean["tenure_months"]).round(2)
summary = (
    clean.groupby("plan")
    .agg(
        subscribers=("customer_id", "size"),
        monthly_fee=("monthly_fee", "first"),
        lifetime_revenue=("lifetime_revenue", "sum"),
        churn_rate=("churned", "mean"),
    )
    .round({"lifetime_revenue": 2, "churn_rate": 3})
)
print(summary.to_string())
#>           subscribers  monthly_fee  lifetime_revenue  churn_rate
#> plan
#> basic              88         7.99          21876.62       0.148
#> premium            42        17.99          23512.93       0.048
#> standard           67        12.99          26460.63       0.060
# --8<-- [end:pandas]

# --8<-- [start:polars]
raw_pl = pl.from_pandas(make_messy_subscribers())
print(f"rows in the export: {raw_pl.height}")
#> rows in the export: 203
print({name: str(raw_pl.schema[name]) for name in ["monthly_fee", "age", "plan"]})
#> {'monthly_fee': 'String', 'age': 'Int64', 'plan': 'String'}

# 1. One row per subscriber, the right type in every column, one spelling per plan.
clean_pl = raw_pl.unique(maintain_order=True).with_columns(
    pl.col("monthly_fee")
    .str.replace("$", "", literal=True)
    .str.replace(",", ".", literal=True)
    .cast(pl.Float64),
    pl.col("age").cast(pl.Int64),  # from_pandas already inferred Int64; the cast states the rule
    pl.col("plan").str.strip_chars().str.to_lowercase(),
    pl.col("region").fill_null("unknown"),
)
print(f"after dropping exact duplicates: {clean_pl.height}")
#> after dropping exact duplicates: 200

# 2. Values that cannot be true are removed, and counted so someone can fix the source.
impossible_pl = {
    "age outside 18-110": ~pl.col("age").is_between(18, 110),
    "negative watch hours": pl.col("watch_hours") < 0,
    "signup after the export": pl.col("signup_date") > SNAPSHOT_DATE,
}
for reason, rule in impossible_pl.items():
    print(f"{reason}: {clean_pl.filter(rule).height} row(s)")
    #> age outside 18-110: 1 row(s)
    #> negative watch hours: 1 row(s)
    #> signup after the export: 1 row(s)
clean_pl = clean_pl.filter(~pl.any_horizontal(*impossible_pl.values()))
print(f"rows after cleaning: {clean_pl.height} of {raw_pl.height}")
#> rows after cleaning: 197 of 203

# 3. The metric the business asks about: revenue a subscriber has paid so far.
clean_pl = clean_pl.with_columns(
    (pl.col("monthly_fee") * pl.col("tenure_months")).round(2).alias("lifetime_revenue")
)
summary_pl = (
    clean_pl.group_by("plan")
    .agg(
        subscribers=pl.len(),
        monthly_fee=pl.col("monthly_fee").first(),
        lifetime_revenue=pl.col("lifetime_revenue").sum().round(2),
        churn_rate=pl.col("churned").mean().round(3),
    )
    .sort("plan")
)
print(summary_pl)
#> shape: (3, 5)
#> ┌──────────┬─────────────┬─────────────┬──────────────────┬────────────┐
#> │ plan     ┆ subscribers ┆ monthly_fee ┆ lifetime_revenue ┆ churn_rate │
#> │ ---      ┆ ---         ┆ ---         ┆ ---              ┆ ---        │
#> │ str      ┆ u32         ┆ f64         ┆ f64              ┆ f64        │
#> ╞══════════╪═════════════╪═════════════╪══════════════════╪════════════╡
#> │ basic    ┆ 88          ┆ 7.99        ┆ 21876.62         ┆ 0.148      │
#> │ premium  ┆ 42          ┆ 17.99       ┆ 23512.93         ┆ 0.048      │
#> │ standard ┆ 67          ┆ 12.99       ┆ 26460.63         ┆ 0.06       │
#> └──────────┴─────────────┴─────────────┴──────────────────┴────────────┘
# --8<-- [end:polars]

# --8<-- [start:compare]
# Cell by cell, column types included: raises AssertionError on the first difference.
assert_frame_equal(clean_pl, pl.from_pandas(clean))
print(f"pandas and Polars agree on all {clean_pl.height} rows x {clean_pl.width} columns")
#> pandas and Polars agree on all 197 rows x 19 columns
# The business summary too, once both use the same column types.
assert_frame_equal(
    summary_pl, pl.from_pandas(summary.reset_index()), check_dtypes=False, abs_tol=1e-9
)
print("and on the summary by plan")
#> and on the summary by plan
# Both follow the series' one set of cleaning rules: the same table as clean_subscribers(raw).
same_as_module = clean.drop(columns="lifetime_revenue").equals(clean_subscribers(raw))
print("same table as clean_subscribers(raw):", same_as_module)
#> same table as clean_subscribers(raw): True
# --8<-- [end:compare]
