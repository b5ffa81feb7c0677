"""From scores to decisions: whom to call, at what score, and how to know it worked."""

# --8<-- [start:setup]
import shutil
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.calibration import CalibratedClassifierCV, calibration_curve
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score
from sklearn.model_selection import train_test_split

from subscribers import SNAPSHOT_DATE, churn_probability, make_subscribers, retention_trial

shutil.unpack_archive("churn-project.zip")
sys.path.insert(0, str(Path("churn-project/src").resolve()))
from churn import data  # noqa: E402
from churn.model import build, churn_scores, train  # noqa: E402

params = data.load_params(Path("churn-project/params.yaml"))
training = data.training_rows(params)[data.SNAPSHOT_COLUMNS]  # the April cohort
evaluation = data.evaluation_rows(params)  # May: the latest matured cohort
churned = evaluation["churned"].to_numpy()
# --8<-- [end:setup]


# --8<-- [start:top_k]
def at_k(labels, scores, k: int) -> dict[str, float]:
    """Precision, recall and lift among the k highest scores (ties broken by row order)."""
    top = np.argsort(-np.asarray(scores), kind="stable")[:k]
    precision = labels[top].mean()
    return {
        f"precision@{k}": precision,
        f"recall@{k}": labels[top].sum() / labels.sum(),
        f"lift@{k}": precision / labels.mean(),
    }


features = params["model"]["features"]
models = {
    "project model": features,
    "no tickets": [f for f in features if f not in ("support_tickets", "tickets_per_month")],
    "no payment failures": [f for f in features if f != "payment_failures"],
}
scores = {}
report = []
for name, used in models.items():
    scores[name] = churn_scores(train(training, {"features": used, "C": 0.1}), evaluation)
    report.append(
        {"model": name, "ROC AUC": roc_auc_score(churned, scores[name]),
         "avg precision": average_precision_score(churned, scores[name]),
         **at_k(churned, scores[name], 50), **at_k(churned, scores[name], 100)}
    )
print(f"{len(evaluation)} subscribers, churn rate {churned.mean():.4f}")
#> 2000 subscribers, churn rate 0.1065
print(pd.DataFrame(report).set_index("model").round(3).T.to_string())
#> model          project model  no tickets  no payment failures
#> ROC AUC                0.790       0.764                0.750
#> avg precision          0.340       0.317                0.278
#> precision@50           0.460       0.560                0.400
#> recall@50              0.108       0.131                0.094
#> lift@50                4.319       5.258                3.756
#> precision@100          0.450       0.460                0.320
#> recall@100             0.211       0.216                0.150
#> lift@100               4.225       4.319                3.005
# --8<-- [end:top_k]

# --8<-- [start:threshold]
# The financing page's campaign: what a kept subscriber is worth, and what an offer costs.
MARGIN, MONTHS_KEPT, SAVED_SHARE = 8.24, 8, 0.25  # per month; months a kept one stays
VALUE = MARGIN * MONTHS_KEPT  # what keeping one subscriber is worth


def campaign(labels, probabilities, offer_cost: float) -> dict[str, float]:
    """Offer everyone whose expected value p * s * VALUE - c is positive; count what it earns."""
    cut_off = offer_cost / (SAVED_SHARE * VALUE)  # the break-even churn probability
    called = probabilities > cut_off
    expected = (probabilities[called] * SAVED_SHARE * VALUE - offer_cost).sum()
    realised = labels[called].sum() * SAVED_SHARE * VALUE - called.sum() * offer_cost
    return {
        "offer cost": offer_cost,
        "call if p >": cut_off,
        "offers": called.sum(),
        "precision": labels[called].mean(),
        "expected net": round(float(expected)),
        "realised net": round(float(realised)),
    }


best = scores["project model"]
print(f"a kept one: {MARGIN} x {MONTHS_KEPT} months = {VALUE:.2f}; saved share {SAVED_SHARE}")
#> a kept one: 8.24 x 8 months = 65.92; saved share 0.25
print(f"mean probability {best.mean():.4f}, churn rate {churned.mean():.4f}")
#> mean probability 0.1121, churn rate 0.1065
plans = pd.DataFrame([campaign(churned, best, cost) for cost in (0.5, 2.0, 5.0)])
print(plans.round(3).to_string(index=False))
#>  offer cost  call if p >  offers  precision  expected net  realised net
#>         0.5        0.030    1585      0.130          2774          2602
#>         2.0        0.121     617      0.246          1263          1271
#>         5.0        0.303     141      0.418           322           267
# --8<-- [end:threshold]


# --8<-- [start:financing]
def funded_plan(precision: float, offers: int = 10_000, horizon: int = 24) -> tuple:
    """The financing page's funded plan, month by month: build for 4 months at $30,000 a month,
    then offers every month at $0.50 each and $8,000 to run; the month it pays back, and its
    net value at the horizon."""
    kept = offers * precision * SAVED_SHARE
    net = []
    for month in range(1, horizon + 1):
        if month <= 4:
            net.append(-30_000)
            continue
        cohorts = min(month - 1 - 4, MONTHS_KEPT)  # kept subscribers still paying a margin
        net.append(cohorts * kept * MARGIN - offers * 0.50 - 8_000)
    cumulative = np.cumsum(net)
    ahead = np.flatnonzero(cumulative > 0)
    return {"payback month": int(ahead[0]) + 1 if len(ahead) else "never",
            f"net at month {horizon}": f"{cumulative[-1]:,.0f}"}


share = 10_000 / 500_000  # the financing page offers to its top 2% of subscribers
k = round(share * len(evaluation))
print(f"{10_000:,} offers to {500_000:,} subscribers there; here the top {k} of {len(evaluation)}")
#> 10,000 offers to 500,000 subscribers there; here the top 40 of 2000
measured = at_k(churned, best, k)
at_3_percent = measured[f"lift@{k}"] * 0.03  # the same lift where 3% churn a month
rows = [
    ("assumed on the financing page", 0.20),
    (f"measured here at k={k}", measured[f"precision@{k}"]),
    ("measured lift x a 3% churn rate", at_3_percent),
]
print(pd.DataFrame(
    [{"precision from": name, "precision": round(p, 3), **funded_plan(p)} for name, p in rows]
).to_string(index=False))
#>                  precision from  precision payback month net at month 24
#>   assumed on the financing page      0.200            18         130,880
#>           measured here at k=40      0.500            11         897,200
#> measured lift x a 3% churn rate      0.141         never         -20,225
# --8<-- [end:financing]

# --8<-- [start:calibration]
# Strong regularisation with liblinear pulls every probability towards 0.5 (see ML basics).
squeezed = build(features, 0.001).set_params(classifier__solver="liblinear")
X, y = training.drop(columns="churned"), training["churned"]
raw = churn_scores(squeezed.fit(X, y), evaluation)
calibrated = CalibratedClassifierCV(squeezed, method="isotonic", cv=5).fit(X, y)
fixed = churn_scores(calibrated, evaluation)
table = {}
for name, p in [("project model", best), ("C=0.001", raw), ("C=0.001 calibrated", fixed)]:
    observed, predicted = calibration_curve(churned, p, n_bins=5, strategy="quantile")
    table[f"{name}: predicted"] = predicted
    table[f"{name}: observed"] = observed
print(pd.DataFrame(table, index=[f"bin {i}" for i in range(1, 6)]).round(3).T.to_string())
#>                                bin 1  bin 2  bin 3  bin 4  bin 5
#> project model: predicted       0.018  0.041  0.073  0.128  0.300
#> project model: observed        0.015  0.045  0.052  0.115  0.305
#> C=0.001: predicted             0.300  0.324  0.342  0.361  0.406
#> C=0.001: observed              0.015  0.048  0.065  0.115  0.290
#> C=0.001 calibrated: predicted  0.010  0.049  0.084  0.140  0.298
#> C=0.001 calibrated: observed   0.030  0.034  0.073  0.124  0.283
print(pd.DataFrame(
    [{"model": name, "ROC AUC": roc_auc_score(churned, p), "Brier": brier_score_loss(churned, p),
      "mean p": p.mean()} for name, p in [("C=0.001", raw), ("C=0.001 calibrated", fixed)]]
).round(3).to_string(index=False))
#>              model  ROC AUC  Brier  mean p
#>            C=0.001    0.770  0.147   0.347
#> C=0.001 calibrated    0.769  0.086   0.111
print(pd.DataFrame(
    [{"probabilities": name, **campaign(churned, p, 5.0)}
     for name, p in [("C=0.001 raw", raw), ("C=0.001 calibrated", fixed)]]
).round(3).to_string(index=False))
#>      probabilities  offer cost  call if p >  offers  precision  expected net  realised net
#>        C=0.001 raw         5.0        0.303    1783      0.118          1466         -5454
#> C=0.001 calibrated         5.0        0.303      83      0.410           256           145
# --8<-- [end:calibration]

# --8<-- [start:uplift]
# Two randomised trials of the offer, half of each cohort offered: one to learn from, and a
# fresh one, drawn with other seeds, to judge the targeting on.
past_trial = retention_trial(make_subscribers(n=8_000, seed=2101), seed=1)
new_trial = retention_trial(make_subscribers(n=8_000, seed=2102), seed=2)

# A T-learner: one churn model on the offered, one on the rest; the uplift of offering is the
# difference between their two predictions for the same subscriber.
offered, control = past_trial[past_trial["offered"]], past_trial[~past_trial["offered"]]
with_offer = train(offered[data.SNAPSHOT_COLUMNS], params["model"])
without_offer = train(control[data.SNAPSHOT_COLUMNS], params["model"])
risk = churn_scores(without_offer, new_trial)  # the usual churn score: who is likeliest to go
uplift = risk - churn_scores(with_offer, new_trial)

true_saves = (new_trial["risk_without_offer"] - new_trial["risk_with_offer"]).to_numpy()
k = 400  # 5% of the new cohort
rows = []
for target, score in [("highest churn risk", risk), ("highest uplift", uplift)]:
    top = np.argsort(-score, kind="stable")[:k]
    group = new_trial.iloc[top]
    got, not_got = group[group["offered"]], group[~group["offered"]]
    rows.append({
        "top 400 by": target,
        "true saves/offer": true_saves[top].mean(),
        "churn, no offer": not_got["churned"].mean(),
        "churn, offer": got["churned"].mean(),
        "observed saves/offer": not_got["churned"].mean() - got["churned"].mean(),
        "failed payment": (group["payment_failures"] > 0).mean(),
    })
print(pd.DataFrame(rows).set_index("top 400 by").round(3).T.to_string())
#> top 400 by            highest churn risk  highest uplift
#> true saves/offer                   0.229           0.271
#> churn, no offer                    0.500           0.446
#> churn, offer                       0.204           0.111
#> observed saves/offer               0.296           0.334
#> failed payment                     0.670           0.972
# --8<-- [end:uplift]

# --8<-- [start:out_of_time]
# July, as the production loop builds it: a discount campaign brings new light viewers on the
# basic plan, and a rival service lures heavy viewers away.
rng = np.random.default_rng(7)
july = make_subscribers(n=2_000, seed=202407)
campaign_joiners = rng.random(len(july)) < 0.35
july.loc[campaign_joiners, "tenure_months"] = rng.integers(0, 3, campaign_joiners.sum())
july.loc[campaign_joiners, "watch_hours"] = np.round(rng.gamma(2.0, 5.0, campaign_joiners.sum()), 1)
july.loc[campaign_joiners, "plan"] = "basic"
july_risk = churn_probability(july["tenure_months"], july["watch_hours"],
                              july["support_tickets"], july["payment_failures"], july["plan"])
rival = 1 / (1 + np.exp(-0.2 * (july["watch_hours"] - 45)))
july["churned"] = rng.random(len(july)) < np.maximum(july_risk, rival)

fit_rows, held_out = train_test_split(training, test_size=0.25, random_state=0)
model = train(fit_rows, params["model"])
aucs = pd.Series({
    "random 25% of April": roc_auc_score(held_out["churned"], churn_scores(model, held_out)),
    "May (next month, same behaviour)": roc_auc_score(churned, churn_scores(model, evaluation)),
    "July (behaviour shifted)": roc_auc_score(july["churned"], churn_scores(model, july)),
})
print(aucs.round(3).to_string())
#> random 25% of April                 0.804
#> May (next month, same behaviour)    0.786
#> July (behaviour shifted)            0.665
print(f"random split minus July: {aucs.iloc[0] - aucs.iloc[2]:.3f}")
#> random split minus July: 0.139
# --8<-- [end:out_of_time]

# --8<-- [start:maturity]
early = {"data": {**params["data"], "exported_on": "2024-06-15"}}
print(data.latest_matured("2024-06-15", 30), data.immature_cohorts(early))
#> 2024-04 ['eval cohort 2024-05 is not matured until 2024-06-30']
# --8<-- [end:maturity]


# --8<-- [start:tickets]
def ticket_log(rows: pd.DataFrame, seed: int) -> pd.DataFrame:
    """The support desk's log, one row per ticket: those raised before the scoring date, and
    those of the 30 days after it, when subscribers who are leaving write in to cancel."""
    rng = np.random.default_rng(seed)
    ids = rows["customer_id"].to_numpy()
    before = rows["support_tickets"].to_numpy()
    after = rng.poisson(np.where(rows["churned"], 1.5, 0.2))
    tenure_days = np.repeat(rows["tenure_months"].to_numpy() * 30, before)
    days = np.concatenate([-np.floor(rng.random(before.sum()) * tenure_days),
                           rng.integers(1, 31, after.sum())])
    log = pd.DataFrame({
        "customer_id": np.concatenate([np.repeat(ids, before), np.repeat(ids, after)]),
        "logged_at": SNAPSHOT_DATE + pd.to_timedelta(days, unit="D"),
    })
    return log.sort_values("logged_at", kind="stable", ignore_index=True)


def tickets_as_of(rows: pd.DataFrame, log: pd.DataFrame) -> pd.DataFrame:
    """Point in time: each subscriber's ticket count on the day they were scored, no later."""
    log = log.assign(tickets_so_far=log.groupby("customer_id").cumcount() + 1)
    scored = rows[["customer_id"]].assign(as_of=SNAPSHOT_DATE)
    joined = pd.merge_asof(scored, log, left_on="as_of", right_on="logged_at",
                           by="customer_id", direction="backward")
    return rows.assign(support_tickets=joined["tickets_so_far"].fillna(0).to_numpy())


def tickets_all(rows: pd.DataFrame, log: pd.DataFrame) -> pd.DataFrame:
    """The table as it stands weeks later: every ticket counted, whenever it was logged."""
    counts = log.groupby("customer_id").size()
    return rows.assign(support_tickets=rows["customer_id"].map(counts).fillna(0).to_numpy())


train_log, eval_log = ticket_log(training, seed=3), ticket_log(evaluation, seed=4)
leaky = train(tickets_all(training, train_log), params["model"])
honest = train(tickets_as_of(training, train_log), params["model"])
eval_all, eval_as_of = tickets_all(evaluation, eval_log), tickets_as_of(evaluation, eval_log)
print(pd.Series({
    "all tickets, judged on all tickets": roc_auc_score(churned, churn_scores(leaky, eval_all)),
    "all tickets, served as of the day": roc_auc_score(churned, churn_scores(leaky, eval_as_of)),
    "as-of join, judged as of the day": roc_auc_score(churned, churn_scores(honest, eval_as_of)),
}).round(3).to_string())
#> all tickets, judged on all tickets    0.886
#> all tickets, served as of the day     0.777
#> as-of join, judged as of the day      0.790
# --8<-- [end:tickets]

# --8<-- [start:control]
# In the new trial, the subscribers the churn score ranks in its top 20%: who got the offer
# was decided at random, so those who did not are a fair picture of "no offer".
top = new_trial.iloc[np.argsort(-risk, kind="stable")[: len(new_trial) // 5]]
held_out = top[~top["offered"]]["churned"]
treated = top[top["offered"]]["churned"]
print(f"control (no offer): {len(held_out)} subscribers, churn rate {held_out.mean():.3f}")
#> control (no offer): 775 subscribers, churn rate 0.293
print(f"offered:            {len(treated)} subscribers, churn rate {treated.mean():.3f}")
#> offered:            825 subscribers, churn rate 0.166
# --8<-- [end:control]
