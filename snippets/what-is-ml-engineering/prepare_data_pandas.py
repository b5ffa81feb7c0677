"""Turn Streamwise's raw CRM export into a table a model and a business reader can trust."""

import pandas as pd

from dataset.subscribers import SNAPSHOT_DATE, make_messy_subscribers

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
    "age over 110": clean["age"] > 110,
    "negative watch hours": clean["watch_hours"] < 0,
    "signup after the export": clean["signup_date"] > SNAPSHOT_DATE,
}
for reason, rows in impossible.items():
    print(f"{reason}: {rows.sum()} row(s)")
    #> age over 110: 1 row(s)
    #> negative watch hours: 1 row(s)
    #> signup after the export: 1 row(s)
clean = clean[~pd.DataFrame(impossible).any(axis=1)].reset_index(drop=True)
print(f"rows kept: {len(clean)}")
#> rows kept: 197
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
