"""The same preparation in Polars, checked against the pandas tab's result."""

import contextlib
import io
import runpy
from pathlib import Path

import polars as pl
from polars.testing import assert_frame_equal

from dataset import subscribers
from dataset.subscribers import SNAPSHOT_DATE, make_messy_subscribers

raw = pl.from_pandas(make_messy_subscribers())
print(f"rows in the export: {raw.height}")
#> rows in the export: 203
print({name: str(raw.schema[name]) for name in ["monthly_fee", "age", "plan"]})
#> {'monthly_fee': 'String', 'age': 'Int64', 'plan': 'String'}

# 1. One row per subscriber, the right type in every column, one spelling per plan.
clean = raw.unique(maintain_order=True).with_columns(
    pl.col("monthly_fee")
    .str.replace("$", "", literal=True)
    .str.replace(",", ".", literal=True)
    .cast(pl.Float64),
    pl.col("age").cast(pl.Int64),  # from_pandas already inferred Int64; the cast states the rule
    pl.col("plan").str.strip_chars().str.to_lowercase(),
    pl.col("region").fill_null("unknown"),
)
print(f"after dropping exact duplicates: {clean.height}")
#> after dropping exact duplicates: 200

# 2. Values that cannot be true are removed, and counted so someone can fix the source.
impossible = {
    "age over 110": pl.col("age") > 110,
    "negative watch hours": pl.col("watch_hours") < 0,
    "signup after the export": pl.col("signup_date") > SNAPSHOT_DATE,
}
for reason, rule in impossible.items():
    print(f"{reason}: {clean.filter(rule).height} row(s)")
    #> age over 110: 1 row(s)
    #> negative watch hours: 1 row(s)
    #> signup after the export: 1 row(s)
clean = clean.filter(~pl.any_horizontal(*impossible.values()))
print(f"rows kept: {clean.height}")
#> rows kept: 197

# 3. The metric the business asks about: revenue a subscriber has paid so far.
clean = clean.with_columns(
    (pl.col("monthly_fee") * pl.col("tenure_months")).round(2).alias("lifetime_revenue")
)
summary = (
    clean.group_by("plan")
    .agg(
        subscribers=pl.len(),
        monthly_fee=pl.col("monthly_fee").first(),
        lifetime_revenue=pl.col("lifetime_revenue").sum().round(2),
        churn_rate=pl.col("churned").mean().round(3),
    )
    .sort("plan")
)
print(summary)
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

# 4. Run the pandas version quietly and compare the two cleaned tables cell by cell.
snippets = Path(subscribers.__file__).parents[1]
pandas_file = snippets / "what-is-ml-engineering" / "prepare_data_pandas.py"
with contextlib.redirect_stdout(io.StringIO()):
    from_pandas = pl.from_pandas(runpy.run_path(str(pandas_file))["clean"])
assert_frame_equal(clean, from_pandas)
print(f"Polars and pandas agree on all {clean.height} rows x {clean.width} columns")
#> Polars and pandas agree on all 197 rows x 19 columns
