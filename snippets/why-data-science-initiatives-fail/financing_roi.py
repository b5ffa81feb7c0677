"""When does a churn model pay for itself, and what does a budget that is too tight do to that?"""

# --8<-- [start:setup]
from dataclasses import asdict, dataclass, replace

import pandas as pd

from subscribers import PLANS

# --8<-- [end:setup]


# --8<-- [start:assumptions]
@dataclass(frozen=True)
class Assumptions:
    """Every number the estimate rests on, for a mid-sized service. Replace them with yours."""

    subscribers: int = 500_000
    monthly_churn: float = 0.03  # share who would cancel in a month: what random picks would find
    offers_per_month: int = 10_000  # k: offers go to the k highest churn scores
    precision_at_k: float = 0.20  # share of those k who really were about to cancel
    saved_share: float = 0.25  # share of those real would-be cancellers the offer keeps
    offer_cost: float = 0.50  # per subscriber offered, paid whether or not they meant to leave
    # Monthly revenue per subscriber at the dataset's plan mix (45% basic, 35% standard).
    revenue_per_user: float = round(
        0.45 * PLANS["basic"] + 0.35 * PLANS["standard"] + 0.20 * PLANS["premium"], 2
    )
    serve_cost_per_user: float = 3.50  # per month: streaming, payment fees, per-viewer licences
    months_kept: int = 8  # months a kept subscriber stays before leaving after all
    horizon: int = 24  # months the estimate looks ahead

    @property
    def margin_per_user(self) -> float:
        """What one more month of a kept subscriber is worth: revenue minus the cost to serve."""
        return self.revenue_per_user - self.serve_cost_per_user


@dataclass(frozen=True)
class ProjectPlan:
    name: str
    build_months: int  # months until the model is live
    build_cost: float  # per month while building: people plus cloud
    run_cost: float  # per month once live: monitoring, re-training, cloud
    budget_months: int  # months the budget lasts if the model is not live yet


ASSUME = Assumptions()
project_plans = [
    ProjectPlan("funded", build_months=4, build_cost=30_000, run_cost=8_000, budget_months=6),
    ProjectPlan("tight", build_months=9, build_cost=18_000, run_cost=8_000, budget_months=6),
]
for name, value in asdict(ASSUME).items():
    print(f"{name:>19}: {value:,}")
    #>         subscribers: 500,000
    #>       monthly_churn: 0.03
    #>    offers_per_month: 10,000
    #>      precision_at_k: 0.2
    #>         saved_share: 0.25
    #>          offer_cost: 0.5
    #>    revenue_per_user: 11.74
    #> serve_cost_per_user: 3.5
    #>         months_kept: 8
    #>             horizon: 24
print(f"{'margin_per_user':>19}: {ASSUME.margin_per_user:,.2f}")
#>     margin_per_user: 8.24
print(pd.DataFrame(project_plans).to_string(index=False))
#>   name  build_months  build_cost  run_cost  budget_months
#> funded             4       30000      8000              6
#>  tight             9       18000      8000              6
# --8<-- [end:assumptions]


# --8<-- [start:campaign]
def campaign_month(a: Assumptions = ASSUME) -> dict[str, float]:
    """One month of offers: who gets them, whom they keep, what they cost and what they bring."""
    k = a.offers_per_month
    churners = k * a.precision_at_k  # the offers that reach someone who was about to leave
    assert churners <= a.subscribers * a.monthly_churn, "more churners found than there are"
    saved = churners * a.saved_share
    return {
        "offered": k,
        "real churners among them": churners,
        "offered but would have stayed": k - churners,
        "kept by the offer": saved,
        "cost of the offers": k * a.offer_cost,
        "margin the kept bring, over their stay": saved * a.margin_per_user * a.months_kept,
    }


print(pd.Series(campaign_month()).map("{:,.0f}".format).to_string())
#> offered                                   10,000
#> real churners among them                   2,000
#> offered but would have stayed              8,000
#> kept by the offer                            500
#> cost of the offers                         5,000
#> margin the kept bring, over their stay    32,960
# --8<-- [end:campaign]


# --8<-- [start:simulate]
def simulate(plan: ProjectPlan, a: Assumptions = ASSUME) -> pd.Series:
    """Cumulative net value (value minus cost) at the end of each month, accrued month by month."""
    month_of_offers = campaign_month(a)
    net = []
    for month in range(1, a.horizon + 1):
        if month <= plan.build_months:
            if month > plan.budget_months:
                break  # the money ran out before anything shipped: the project is cancelled
            net.append(-plan.build_cost)
            continue
        # Offers go out every live month. A subscriber kept in one month pays a margin from the
        # next month on, for `months_kept` months; value after the horizon is not counted.
        cohorts = min(month - 1 - plan.build_months, a.months_kept)
        value = cohorts * month_of_offers["kept by the offer"] * a.margin_per_user
        net.append(value - month_of_offers["cost of the offers"] - plan.run_cost)
    return pd.Series(net, index=range(1, len(net) + 1)).cumsum()


def money(amount: float) -> str:
    return f"-${-amount:,.0f}" if amount < 0 else f"${amount:,.0f}"


def payback_month(cumulative: pd.Series) -> int | str:
    ahead = cumulative[cumulative > 0]
    return int(ahead.index[0]) if len(ahead) else "never"


rows = []
for plan in project_plans:
    cumulative = simulate(plan)
    spent = plan.build_cost * min(plan.build_months, plan.budget_months)
    rows.append(
        {
            "plan": plan.name,
            "months it ran": len(cumulative),
            "spent on building": money(spent),
            "pays back in month": payback_month(cumulative),
            "net value at the end": money(cumulative.iloc[-1]),
        }
    )
print(pd.DataFrame(rows).to_string(index=False))
#>   plan  months it ran spent on building pays back in month net value at the end
#> funded             24          $120,000                 18             $130,880
#>  tight              6          $108,000              never            -$108,000
# --8<-- [end:simulate]

# --8<-- [start:sensitivity]
# How much rests on the assumptions? First the model's own quality: the lowest precision at k
# for which the funded plan is ahead at the horizon, and what random picks would do.
funded, tight = project_plans
horizon = ASSUME.horizon


def net_at_horizon(plan: ProjectPlan, **changes) -> float:
    return simulate(plan, replace(ASSUME, **changes)).iloc[-1]


precisions = [p / 100 for p in range(1, 101)]
break_even = next(p for p in precisions if net_at_horizon(funded, precision_at_k=p) > 0)
lift = break_even / ASSUME.monthly_churn
print(f"funded is ahead at month {horizon} if precision at k is {break_even:.2f} or more,")
#> funded is ahead at month 24 if precision at k is 0.15 or more,
print(f"  {lift:.0f} times the {ASSUME.monthly_churn} that offers to random subscribers reach")
#>   5 times the 0.03 that offers to random subscribers reach
at_random = net_at_horizon(funded, precision_at_k=ASSUME.monthly_churn)
print(f"funded, with offers to random subscribers: {money(at_random)}")
#> funded, with offers to random subscribers: -$303,368
# The same plan valued at revenue instead of margin, as if serving a subscriber cost nothing.
as_revenue = net_at_horizon(funded, serve_cost_per_user=0.0)
print(f"funded, counting revenue instead of margin: {money(as_revenue)}")
#> funded, counting revenue instead of margin: $347,880
kept = next(m for m in range(1, horizon + 1) if net_at_horizon(funded, months_kept=m) > 0)
print(f"funded is ahead at month {horizon} if kept subscribers stay {kept}+ months")
#> funded is ahead at month 24 if kept subscribers stay 6+ months
shipped = simulate(replace(tight, build_months=tight.budget_months))
result = f"pays back in month {payback_month(shipped)}, ends at {money(shipped.iloc[-1])}"
print(f"tight, had it shipped in month {tight.budget_months}: {result}")
#> tight, had it shipped in month 6: pays back in month 19, ends at $102,960
# --8<-- [end:sensitivity]
