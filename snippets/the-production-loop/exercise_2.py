"""Exercise 2: how long until the churn rate measured from arrived labels can be trusted?"""
import numpy as np
import pandas as pd

from subscribers import make_subscribers

june = make_subscribers(n=600, seed=7)
rng = np.random.default_rng(1)
as_of = pd.Timestamp("2024-06-01") + pd.to_timedelta(rng.integers(0, 30, len(june)), unit="D")
# The page's rule: a cancellation is known on its day, within 30 days; a stay after 30 days.
wait = np.where(june["churned"], np.random.default_rng(3).integers(1, 31, len(june)), 30)
known_on = as_of + pd.to_timedelta(wait, unit="D")

final = june["churned"].mean()
days = pd.date_range("2024-06-01", "2024-08-31")
measured = pd.Series([june["churned"][known_on <= day].mean() for day in days], index=days)
close = measured[(measured - final).abs() <= 0.01]
print(f"final churn rate {final:.1%}")
#> final churn rate 12.2%
print(f"measured on 2024-06-30: {measured['2024-06-30']:.1%}; on 2024-07-15: "
      f"{measured['2024-07-15']:.1%}")
#> measured on 2024-06-30: 100.0%; on 2024-07-15: 19.9%
print(f"within a point of the final rate from {close.index[0]:%Y-%m-%d} on")
#> within a point of the final rate from 2024-07-28 on
