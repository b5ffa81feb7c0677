"""Clean the messy CRM export and summarise it per plan, in pandas and in Polars, then compare."""

# --8<-- [start:setup]
import pandas as pd
import polars as pl

from subscribers import PLANS, SNAPSHOT_DATE, clean_subscribers, make_messy_subscribers

raw = make_messy_subscribers(n=200, seed=7)
# --8<-- [end:setup]


# --8<-- [start:pandas]
def to_number(text: pd.Series) -> pd.Series:
    """'$12.99' and '7,99' were typed by hand; both are meant as plain decimal numbers."""
    digits = text.astype(str).str.replace("$", "", regex=False).str.replace(",", ".", regex=False)
    return pd.to_numeric(digits)


clean = (
    raw.drop_duplicates()
    .assign(
        plan=lambda d: d["plan"].str.strip().str.lower(),
        monthly_fee=lambda d: to_number(d["monthly_fee"]),
        age=lambda d: pd.to_numeric(d["age"]),
        region=lambda d: d["region"].fillna("unknown"),  # keep the subscriber, name the gap
    )
    .loc[
        lambda d: d["age"].between(18, 110)
        & (d["watch_hours"] >= 0)
        & (d["signup_date"] <= SNAPSHOT_DATE)
    ]
)
summary = (
    clean.groupby("plan")
    .agg(
        subscribers=("customer_id", "size"),
        monthly_fee=("monthly_fee", "mean"),
        median_watch_hours=("watch_hours", "median"),
        churn_rate=("churned", "mean"),
    )
    .round(2)
    .sort_index()
)
print(f"rows after cleaning: {len(clean)} of {len(raw)}")
#> rows after cleaning: 197 of 203
print(summary.to_string())
#>           subscribers  monthly_fee  median_watch_hours  churn_rate
#> plan
#> basic              88         7.99               15.40        0.15
#> premium            42        17.99               16.85        0.05
#> standard           67        12.99               19.00        0.06

# Clean formats are not proof of correct values: compare each fee with its plan's list price.
wrong_fee = clean["monthly_fee"] != clean["plan"].map(PLANS)
print(f"{wrong_fee.sum()} rows charge a fee that is not their plan's price")
#> 0 rows charge a fee that is not their plan's price
# --8<-- [end:pandas]

# --8<-- [start:polars]
raw_pl = pl.from_pandas(raw)
clean_pl = (
    raw_pl.unique(maintain_order=True)
    .with_columns(
        pl.col("plan").str.strip_chars().str.to_lowercase(),
        pl.col("monthly_fee")
        .str.replace("$", "", literal=True)
        .str.replace(",", ".", literal=True)
        .cast(pl.Float64),
        pl.col("age").cast(pl.Int64),
        pl.col("region").fill_null("unknown"),
    )
    .filter(
        pl.col("age").is_between(18, 110),
        pl.col("watch_hours") >= 0,
        pl.col("signup_date") <= SNAPSHOT_DATE,
    )
)
summary_pl = (
    clean_pl.group_by("plan")
    .agg(
        subscribers=pl.len(),
        monthly_fee=pl.col("monthly_fee").mean(),
        median_watch_hours=pl.col("watch_hours").median(),
        churn_rate=pl.col("churned").mean(),
    )
    .with_columns(pl.col(pl.Float64).round(2))
    .sort("plan")
)
print(f"rows after cleaning: {clean_pl.height} of {raw_pl.height}")
#> rows after cleaning: 197 of 203
print(summary_pl)
#> shape: (3, 5)
#> ┌──────────┬─────────────┬─────────────┬────────────────────┬────────────┐
#> │ plan     ┆ subscribers ┆ monthly_fee ┆ median_watch_hours ┆ churn_rate │
#> │ ---      ┆ ---         ┆ ---         ┆ ---                ┆ ---        │
#> │ str      ┆ u32         ┆ f64         ┆ f64                ┆ f64        │
#> ╞══════════╪═════════════╪═════════════╪════════════════════╪════════════╡
#> │ basic    ┆ 88          ┆ 7.99        ┆ 15.4               ┆ 0.15       │
#> │ premium  ┆ 42          ┆ 17.99       ┆ 16.85              ┆ 0.05       │
#> │ standard ┆ 67          ┆ 12.99       ┆ 19.0               ┆ 0.06       │
#> └──────────┴─────────────┴─────────────┴────────────────────┴────────────┘

# Clean formats are not proof of correct values: compare each fee with its plan's list price.
wrong_fee_pl = clean_pl.filter(pl.col("monthly_fee") != pl.col("plan").replace_strict(PLANS))
print(f"{wrong_fee_pl.height} rows charge a fee that is not their plan's price")
#> 0 rows charge a fee that is not their plan's price
# --8<-- [end:polars]

# --8<-- [start:same_result]
# Same rows kept, in the same order, and the same summary: checked, not eyeballed.
same_rows = clean["customer_id"].tolist() == clean_pl["customer_id"].to_list()
same_summary = summary.reset_index().to_dict("records") == summary_pl.to_dicts()
print("same customers kept:", same_rows, "| same summary:", same_summary)
#> same customers kept: True | same summary: True
# And the same table as the series' one cleaning function: same rows, values and column types.
same_as_module = clean.reset_index(drop=True).equals(clean_subscribers(raw))
print("same table as clean_subscribers(raw):", same_as_module)
#> same table as clean_subscribers(raw): True
# --8<-- [end:same_result]
