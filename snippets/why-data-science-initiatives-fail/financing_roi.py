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

    subscribers: int = 200_000
    monthly_churn: float = 0.025  # share of subscribers who would cancel in a month
    # Monthly revenue per subscriber at the dataset's plan mix (45% basic, 35% standard).
    revenue_per_user: float = round(
        0.45 * PLANS["basic"] + 0.35 * PLANS["standard"] + 0.20 * PLANS["premium"], 2
    )
    offers_per_month: int = 5_000  # retention offers sent to the highest churn scores
    offer_cost: float = 2.00  # per offer, a discount paid whether or not it keeps anyone
    saved_share: float = 0.10  # share of would-be cancellers the offers keep
    months_kept: int = 6  # months a kept subscriber stays before leaving after all
    horizon: int = 24  # months the estimate looks ahead


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
    print(f"{name:>17}: {value:,}")
    #>       subscribers: 200,000
    #>     monthly_churn: 0.025
    #>  revenue_per_user: 11.74
    #>  offers_per_month: 5,000
    #>        offer_cost: 2.0
    #>       saved_share: 0.1
    #>       months_kept: 6
    #>           horizon: 24
print(pd.DataFrame(project_plans).to_string(index=False))
#>   name  build_months  build_cost  run_cost  budget_months
#> funded             4       30000      8000              6
#>  tight             9       18000      8000              6
# --8<-- [end:assumptions]


# --8<-- [start:simulate]
def simulate(plan: ProjectPlan, a: Assumptions = ASSUME) -> pd.Series:
    """Cumulative net value (value minus cost) at the end of each month, accrued month by month."""
    saved_per_month = a.subscribers * a.monthly_churn * a.saved_share
    net = []
    for month in range(1, a.horizon + 1):
        if month <= plan.build_months:
            if month > plan.budget_months:
                break  # the money ran out before anything shipped: the project is cancelled
            net.append(-plan.build_cost)
            continue
        # Offers go out every live month. A subscriber kept in one month pays from the next
        # month on, for `months_kept` months; value after the horizon is not counted.
        cohorts = min(month - 1 - plan.build_months, a.months_kept)
        value = cohorts * saved_per_month * a.revenue_per_user
        net.append(value - a.offers_per_month * a.offer_cost - plan.run_cost)
    return pd.Series(net, index=range(1, len(net) + 1)).cumsum()


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
            "spent on building": f"${spent:,.0f}",
            "pays back in month": payback_month(cumulative),
            "net value at the end": f"${cumulative.iloc[-1]:,.0f}",
        }
    )
print(pd.DataFrame(rows).to_string(index=False))
#>   plan  months it ran spent on building pays back in month net value at the end
#> funded             24          $120,000                 19             $101,130
#>  tight              6          $108,000              never            $-108,000
# --8<-- [end:simulate]

# --8<-- [start:sensitivity]
# How much rests on the assumptions? The shortest stay for which the funded plan is ahead at the
# horizon, and what the tight plan would do if its build fitted inside its budget.
funded, tight = project_plans
break_even = next(
    kept
    for kept in range(1, ASSUME.horizon + 1)
    if simulate(funded, replace(ASSUME, months_kept=kept)).iloc[-1] > 0
)
print(f"funded is ahead at month {ASSUME.horizon} if kept subscribers stay {break_even}+ months")
#> funded is ahead at month 24 if kept subscribers stay 5+ months
shipped = simulate(replace(tight, build_months=tight.budget_months))
result = f"pays back in month {payback_month(shipped)}, ends at ${shipped.iloc[-1]:,.0f}"
print(f"tight, had it shipped in month {tight.budget_months}: {result}")
#> tight, had it shipped in month 6: pays back in month 20, ends at $78,690
# --8<-- [end:sensitivity]
