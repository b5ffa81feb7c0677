"""A month in production: input drift, model quality once labels arrive, and the service's SLO."""

# --8<-- [start:setup]
import numpy as np
import pandas as pd
from scipy.stats import ks_2samp
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import cross_val_predict

from churn_candidates import FEATURES, NUMERIC, neural_network
from subscribers import make_subscribers

# --8<-- [end:setup]

# --8<-- [start:month]
train = make_subscribers()  # the June export the deployed model learned from
model = neural_network().fit(train[FEATURES], train["churned"])  # the candidate the page chose

# July, simulated: new subscribers, and two things the model has never seen.
july = make_subscribers(n=1_000, seed=7)
rng = np.random.default_rng(2024)
# 1. A discount campaign: a third of July's subscribers are brand new, light viewers on basic.
campaign = rng.random(len(july)) < 0.35
july.loc[campaign, "tenure_months"] = rng.integers(1, 4, campaign.sum())
july.loc[campaign, "watch_hours"] = np.round(rng.gamma(2.0, 5.0, campaign.sum()), 1)
july.loc[campaign, "plan"] = "basic"
# 2. A rival launches with a bigger catalogue, and heavy viewers start leaving for it. Churn now
#    follows a rule nobody at Streamwise knows yet: the labels only arrive a month later.
logit = (
    -1.0
    - 0.05 * july["tenure_months"]
    - 0.04 * july["watch_hours"]
    + 0.20 * (july["watch_hours"] - 30).clip(lower=0)  # new: every hour above 30 adds risk
    + 0.55 * july["support_tickets"]
    + 0.90 * july["payment_failures"]
    + 0.40 * (july["plan"] == "basic")
)
july["churned"] = rng.random(len(july)) < 1 / (1 + np.exp(-logit))
print(f"July: {len(july)} subscribers, {campaign.sum()} of them from the campaign")
#> July: 1000 subscribers, 364 of them from the campaign
# --8<-- [end:month]

# --8<-- [start:drift]
def psi(expected: pd.Series, actual: pd.Series, bins: int = 10) -> float:
    """Population stability index over the training data's deciles (ties merge bins)."""
    edges = np.unique(np.quantile(expected, np.linspace(0, 1, bins + 1)))
    edges[0], edges[-1] = -np.inf, np.inf
    e = np.histogram(expected, edges)[0] / len(expected)
    a = np.histogram(actual, edges)[0] / len(actual)
    e, a = np.clip(e, 1e-4, None), np.clip(a, 1e-4, None)  # an empty bin would divide by zero
    return float(np.sum((a - e) * np.log(a / e)))


def verdict(value: float) -> str:
    # The usual reading in credit scoring, where PSI comes from: under 0.1 stable, 0.1 to 0.25
    # worth a look, above 0.25 a real shift.
    return "stable" if value < 0.1 else "watch" if value < 0.25 else "DRIFT"


# The model's own output can be checked at once, before any label arrives.
scores = {
    "June": model.predict_proba(train[FEATURES])[:, 1],
    "July": model.predict_proba(july[FEATURES])[:, 1],
}
rows = []
for name, june_values, july_values in [
    *[(column, train[column], july[column]) for column in NUMERIC],
    ("churn score", pd.Series(scores["June"]), pd.Series(scores["July"])),
]:
    value = psi(june_values, july_values)
    rows.append(
        {
            "feature": name,
            "PSI": round(value, 3),
            "KS p-value": ks_2samp(june_values, july_values, method="asymp").pvalue,
            "verdict": verdict(value),
        }
    )
drift = pd.DataFrame(rows).set_index("feature")
print(drift.to_string(formatters={"KS p-value": lambda p: "<0.001" if p < 0.001 else f"{p:.3f}"}))
#>                     PSI KS p-value verdict
#> feature
#> tenure_months     0.678     <0.001   DRIFT
#> watch_hours       0.211     <0.001   watch
#> support_tickets   0.002      0.998  stable
#> payment_failures  0.000      1.000  stable
#> churn score       0.256     <0.001   DRIFT
# --8<-- [end:drift]

# --8<-- [start:quality]
# A month later July's labels are in. Compare with what validation promised in June.
june_scores = cross_val_predict(
    neural_network(), train[FEATURES], train["churned"], cv=5, method="predict_proba"
)[:, 1]
quality = pd.DataFrame(
    {
        "ROC AUC": [roc_auc_score(train["churned"], june_scores),
                    roc_auc_score(july["churned"], scores["July"])],
        "predicted churn": [june_scores.mean(), scores["July"].mean()],
        "actual churn": [train["churned"].mean(), july["churned"].mean()],
    },
    index=["June (cross-validated)", "July (production)"],
)
print(quality.round(3).to_string())
#>                         ROC AUC  predicted churn  actual churn
#> June (cross-validated)    0.750            0.112         0.106
#> July (production)         0.625            0.168         0.271
auc_drop = quality["ROC AUC"].iloc[0] - quality["ROC AUC"].iloc[1]
rate_gap = quality["actual churn"].iloc[1] - quality["predicted churn"].iloc[1]
print(f"ROC AUC fell by {auc_drop:.3f}")
#> ROC AUC fell by 0.125
print(f"July's churn rate was {rate_gap * 100:.1f} percentage points above the prediction")
#> July's churn rate was 10.3 percentage points above the prediction
# --8<-- [end:quality]

# --8<-- [start:service]
# July's request log from the API gateway, one row per request (simulated, with two incidents).
minutes = pd.date_range("2024-07-01", periods=31 * 24 * 60, freq="min")
per_minute = rng.poisson(8, len(minutes))
log = pd.DataFrame({"time": np.repeat(minutes, per_minute)})
log["latency_ms"] = np.round(rng.lognormal(np.log(40), 0.45, len(log)), 1)
log["status"] = np.where(rng.random(len(log)) < 0.0005, 500, 200)
# A bad release on 12 July: every request fails for 47 minutes, until it is rolled back.
outage = log["time"].between("2024-07-12 14:05", "2024-07-12 14:51")
log.loc[outage, "status"] = 503
# A node under memory pressure on 20 July: everything is four times slower for ten hours.
slow = log["time"].between("2024-07-20 08:00", "2024-07-20 17:59")
log.loc[slow, "latency_ms"] *= 4

# A minute counts as down when most of its requests failed; a minute without requests is up.
failed = (log["status"] >= 500).groupby(log["time"]).mean()
up_minutes = (failed < 0.5).reindex(minutes, fill_value=True)
slo = {"availability": 0.999, "p95_ms": 150, "p99_ms": 300}
served = log.loc[log["status"] == 200, "latency_ms"]
service = {
    "requests": len(log),
    "availability": up_minutes.mean(),
    "minutes down": int((~up_minutes).sum()),
    "minutes allowed": int(len(minutes) * (1 - slo["availability"])),
    "p95 ms": served.quantile(0.95),
    "p99 ms": served.quantile(0.99),
}
print(f"{service['requests']:,} requests in July")
#> 357,004 requests in July
print(f"availability {service['availability']:.3%}, SLO {slo['availability']:.1%}")
#> availability 99.895%, SLO 99.9%
print(f"minutes down: {service['minutes down']}, allowed: {service['minutes allowed']}")
#> minutes down: 47, allowed: 44
print(f"latency p95 {service['p95 ms']:.0f} ms (SLO {slo['p95_ms']})")
#> latency p95 89 ms (SLO 150)
print(f"latency p99 {service['p99 ms']:.0f} ms (SLO {slo['p99_ms']})")
#> latency p99 144 ms (SLO 300)
daily_p99 = log[log["status"] == 200].groupby(log["time"].dt.date)["latency_ms"].quantile(0.99)
print(f"worst day for p99: {daily_p99.idxmax()}, {daily_p99.max():.0f} ms")
#> worst day for p99: 2024-07-20, 392 ms
# --8<-- [end:service]

# --8<-- [start:decision]
drifted = list(drift.index[drift["verdict"] == "DRIFT"])
reasons = {
    "inputs drifted (PSI above 0.25)": bool(drifted),
    "ROC AUC fell more than 0.05 below validation": auc_drop > 0.05,
    "churn rate misjudged by more than 5 points": abs(rate_gap) > 0.05,
}
for reason, holds in reasons.items():
    print(f"[{'x' if holds else ' '}] {reason}")
    #> [x] inputs drifted (PSI above 0.25)
    #> [x] ROC AUC fell more than 0.05 below validation
    #> [x] churn rate misjudged by more than 5 points
print(f"retrain: {'yes' if sum(reasons.values()) >= 2 else 'no'}, on June and July together")
#> retrain: yes, on June and July together
availability_met = service["availability"] >= slo["availability"]
print(f"availability SLO met: {availability_met}; a new model would not have changed that")
#> availability SLO met: False; a new model would not have changed that
# --8<-- [end:decision]
