"""A month in production: input drift (churn.drift), quality once labels arrive, and the SLO."""

# --8<-- [start:setup]
import shutil
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import cross_val_predict

from churn_candidates import FEATURES, logistic_regression
from subscribers import make_subscribers

# The course's one drift module comes with the churn project (churn-project.zip, on this page).
shutil.unpack_archive("churn-project.zip")  # creates the folder churn-project/ here
sys.path.insert(0, str(Path("churn-project/src").resolve()))
from churn.drift import SHIFT, WATCH, drift_report, ks, psi  # noqa: E402

# --8<-- [end:setup]

# --8<-- [start:month]
train = make_subscribers()  # the June export the deployed model learned from
model = logistic_regression().fit(train[FEATURES], train["churned"])  # the page's choice

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
print(f"PSI: watch from {WATCH}, shift from {SHIFT}")
#> PSI: watch from 0.1, shift from 0.25
# The model's own output can be checked at once, before any label arrives.
scores = {
    "June": model.predict_proba(train[FEATURES])[:, 1],
    "July": model.predict_proba(july[FEATURES])[:, 1],
}
june_seen = train[FEATURES].assign(churn_score=scores["June"])
july_seen = july[FEATURES].assign(churn_score=scores["July"])
drift = drift_report(june_seen, july_seen, [*FEATURES, "churn_score"])
print(drift.round(3).to_string(index=False))
#>          feature   psi test  statistic    p verdict
#>    tenure_months 0.678   KS      0.349 0.00   SHIFT
#>      watch_hours 0.211   KS      0.211 0.00   watch
#>  support_tickets 0.002 chi2      1.055 0.59  stable
#> payment_failures 0.000 chi2      0.000 1.00  stable
#>             plan 0.194 chi2     95.486 0.00   watch
#>      churn_score 0.361   KS      0.272 0.00   SHIFT

# KS asks "any difference at all?", and with enough rows it finds one that does not matter:
# June's viewing hours, resampled, against the same with every value 2% higher.
hours = np.random.default_rng(0).choice(train["watch_hours"], size=(2, 100_000))
statistic, p_value = ks(hours[0], hours[1] * 1.02)
print(f"2% more viewing, 100,000 rows a side: KS p-value {p_value:.0e}, "
      f"PSI {psi(hours[0], hours[1] * 1.02):.3f}")
#> 2% more viewing, 100,000 rows a side: KS p-value 1e-14, PSI 0.001
# --8<-- [end:drift]

# --8<-- [start:quality]
# A month later July's labels are in. Compare with what validation promised in June.
june_scores = cross_val_predict(
    logistic_regression(), train[FEATURES], train["churned"], cv=5, method="predict_proba"
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
#> June (cross-validated)    0.768            0.107         0.106
#> July (production)         0.624            0.181         0.271
auc_drop = quality["ROC AUC"].iloc[0] - quality["ROC AUC"].iloc[1]
rate_gap = quality["actual churn"].iloc[1] - quality["predicted churn"].iloc[1]
print(f"ROC AUC fell by {auc_drop:.3f}")
#> ROC AUC fell by 0.144
print(f"July's churn rate was {rate_gap * 100:.1f} percentage points above the prediction")
#> July's churn rate was 9.0 percentage points above the prediction
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
shifted = drift.loc[drift["psi"] >= SHIFT, "feature"].tolist()
reasons = {
    f"an input or the score shifted (PSI {SHIFT} or more)": bool(shifted),
    "ROC AUC fell more than 0.05 below validation": auc_drop > 0.05,
    "churn rate misjudged by more than 5 points": abs(rate_gap) > 0.05,
}
for reason, holds in reasons.items():
    print(f"[{'x' if holds else ' '}] {reason}")
    #> [x] an input or the score shifted (PSI 0.25 or more)
    #> [x] ROC AUC fell more than 0.05 below validation
    #> [x] churn rate misjudged by more than 5 points
print(f"retrain: {'yes' if sum(reasons.values()) >= 2 else 'no'}, on June and July together")
#> retrain: yes, on June and July together
availability_met = service["availability"] >= slo["availability"]
print(f"availability SLO met: {availability_met}; a new model would not have changed that")
#> availability SLO met: False; a new model would not have changed that
# --8<-- [end:decision]
