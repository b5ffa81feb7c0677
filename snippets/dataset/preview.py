"""A first look at the three tables every page of the series uses."""

# --8<-- [start:setup]
import pandas as pd

from subscribers import clean_subscribers, make_billing, make_messy_subscribers, make_subscribers

pd.set_option("display.width", 100)
# --8<-- [end:setup]

# --8<-- [start:subscribers]
subscribers = make_subscribers()
print(subscribers.shape)
#> (1000, 18)
print(subscribers.iloc[0])
#> customer_id                        C00001
#> name                         Allison Hill
#> email               qjacobson@example.org
#> phone                        069-581-4671
#> ssn                           473-65-6672
#> birth_date            1958-07-01 00:00:00
#> zip_code                            93742
#> gender                          nonbinary
#> age                                    66
#> region                               west
#> plan                             standard
#> monthly_fee                         12.99
#> signup_date           2020-02-22 00:00:00
#> tenure_months                          53
#> watch_hours                           8.0
#> support_tickets                         0
#> payment_failures                        0
#> churned                             False
#> Name: 0, dtype: object
# --8<-- [end:subscribers]

# --8<-- [start:label]
print(f"churn rate: {subscribers['churned'].mean():.1%}")
#> churn rate: 10.6%
print(subscribers.groupby("plan")["churned"].mean().round(3).sort_values())
#> plan
#> standard    0.099
#> premium     0.102
#> basic       0.113
#> Name: churned, dtype: float64
# --8<-- [end:label]

# --8<-- [start:other_tables]
print(make_messy_subscribers().shape)
#> (203, 18)
print(make_billing(subscribers).head(4))
#>    account_no  period  amount_cents  status
#> 0           1  202404          1299    PAID
#> 1           1  202405          1299    PAID
#> 2           1  202406          1299    PAID
#> 3           2  202404           799  FAILED
# --8<-- [end:other_tables]

# --8<-- [start:clean]
export = make_messy_subscribers()
clean = clean_subscribers(export)
print(f"rows after cleaning: {len(clean)} of {len(export)}")
#> rows after cleaning: 197 of 203
print(clean["region"].value_counts().to_dict(), "| blank emails kept:", clean["email"].isna().sum())
#> {'west': 56, 'north': 55, 'south': 46, 'east': 38, 'unknown': 2} | blank emails kept: 4
# --8<-- [end:clean]
