"""Exercise 3: what does a nightly score miss by the end of the day?"""
import numpy as np

from subscribers import churn_probability, make_subscribers

subscribers = make_subscribers(n=2_000, seed=12)
# The generator's own probability stands in for a perfect model, so the only difference
# between the two rankings below is how old the features are.
columns = ["tenure_months", "watch_hours", "support_tickets", "payment_failures", "plan"]


def risk(rows):
    return churn_probability(*(rows[c] for c in columns))


nightly = risk(subscribers)  # scored last night, from yesterday's features
rng = np.random.default_rng(12)
wrote_in = rng.random(len(subscribers)) < 0.05  # 5% file a support ticket during the day
today = subscribers.assign(support_tickets=subscribers["support_tickets"] + wrote_in)
fresh = risk(today)

k = 200
stale_top = set(subscribers.loc[nightly.nlargest(k).index, "customer_id"])
fresh_top = subscribers.loc[fresh.nlargest(k).index, "customer_id"]
wrote = set(subscribers.loc[wrote_in, "customer_id"])
in_top = fresh_top.isin(wrote).sum()
print(f"filed a ticket today: {len(wrote)}, of whom in today's top {k}: {in_top}")
#> filed a ticket today: 106, of whom in today's top 200: 21
missed = fresh_top[~fresh_top.isin(stale_top)]
print(f"today's top {k} missing from the nightly list: {len(missed)}, "
      f"of whom filed a ticket today: {missed.isin(wrote).sum()}")
#> today's top 200 missing from the nightly list: 8, of whom filed a ticket today: 8
print(f"their risk last night {nightly[missed.index].mean():.3f}, "
      f"today {fresh[missed.index].mean():.3f}; the list's cut-off {fresh.nlargest(k).min():.3f}")
#> their risk last night 0.218, today 0.326; the list's cut-off 0.274
