"""A histogram and a scatter plot of the subscribers: the first two plots to make of any table."""

# --8<-- [start:setup]
import matplotlib.pyplot as plt
import numpy as np

from subscribers import make_subscribers

subscribers = make_subscribers(n=1000, seed=42)
stayed = subscribers[~subscribers["churned"]]
left = subscribers[subscribers["churned"]]
# --8<-- [end:setup]

# --8<-- [start:histogram]
fig, ax = plt.subplots(figsize=(7, 4))
bins = np.arange(0, 130, 5)
ax.hist(stayed["watch_hours"], bins=bins, density=True, alpha=0.6, label="stayed")
ax.hist(left["watch_hours"], bins=bins, density=True, alpha=0.6, label="churned")
ax.set_xlabel("hours watched last month")
ax.set_ylabel("share of subscribers per hour")
ax.set_title("Watch hours have a long right tail; churners cluster at the low end")
ax.legend()
fig.tight_layout()
fig.savefig("watch_hours_histogram.svg")
plt.close(fig)

hours = subscribers["watch_hours"]
print(f"mean {hours.mean():.1f} h, median {hours.median():.1f} h, max {hours.max():.1f} h")
#> mean 24.8 h, median 21.4 h, max 114.7 h
median_left, median_stayed = left["watch_hours"].median(), stayed["watch_hours"].median()
print(f"median for churners {median_left:.1f} h, for everyone else {median_stayed:.1f} h")
#> median for churners 12.8 h, for everyone else 22.0 h
# --8<-- [end:histogram]

# --8<-- [start:scatter]
fig, ax = plt.subplots(figsize=(7, 4))
ax.scatter(stayed["tenure_months"], stayed["watch_hours"], s=8, alpha=0.4, label="stayed")
ax.scatter(left["tenure_months"], left["watch_hours"], s=14, alpha=0.9, label="churned")
ax.set_xlabel("months since signup")
ax.set_ylabel("hours watched last month")
ax.set_title("Churners are mostly recent, light viewers")
ax.legend()
fig.tight_layout()
fig.savefig("tenure_vs_watch_hours.svg")
plt.close(fig)

correlation = subscribers["tenure_months"].corr(subscribers["watch_hours"])
print(f"correlation of tenure and watch hours: {correlation:.2f}")
#> correlation of tenure and watch hours: 0.02
recent_light = (subscribers["tenure_months"] <= 12) & (subscribers["watch_hours"] < 15)
churn_in = subscribers.loc[recent_light, "churned"].mean()
churn_out = subscribers.loc[~recent_light, "churned"].mean()
print(f"churn rate: joined within a year and under 15 h {churn_in:.2f}, the rest {churn_out:.2f}")
#> churn rate: joined within a year and under 15 h 0.31, the rest 0.09
# --8<-- [end:scatter]
