"""Clean the messy CRM export and summarise it per plan, as one pandas method chain."""

import pandas as pd

from dataset.subscribers import PLANS, SNAPSHOT_DATE, make_messy_subscribers

raw = make_messy_subscribers(n=200, seed=7)


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
    )
    .dropna(subset=["region"])
    .loc[
        lambda d: d["age"].between(18, 100)
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
print(f"{len(raw)} rows in, {len(clean)} rows out")
#> 203 rows in, 195 rows out
print(summary.to_string())
#>           subscribers  monthly_fee  median_watch_hours  churn_rate
#> plan
#> basic              87         7.99               15.60        0.15
#> premium            42        17.99               16.85        0.05
#> standard           66        12.99               19.15        0.06

# Clean formats are not proof of correct values: compare each fee with its plan's list price.
wrong_fee = clean["monthly_fee"] != clean["plan"].map(PLANS)
print(f"{wrong_fee.sum()} rows charge a fee that is not their plan's price")
#> 0 rows charge a fee that is not their plan's price
