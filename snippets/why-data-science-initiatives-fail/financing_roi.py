"""When does a churn model pay for itself, and what does a budget that is too tight do to that?"""

# --8<-- [start:setup]
from dataclasses import dataclass

import pandas as pd

from subscribers import PLANS

# --8<-- [end:setup]

# --8<-- [start:assumptions]
# Assumptions for a mid-sized service; change them to your own numbers.
SUBSCRIBERS = 200_000
MONTHLY_CHURN = 0.025  # share of subscribers who cancel each month
REVENUE_PER_USER = 0.45 * PLANS["basic"] + 0.35 * PLANS["standard"] + 0.20 * PLANS["premium"]
SAVED_BY_MODEL = 0.10  # share of would-be churners a retention offer keeps, once the model is live
MONTHS_KEPT = 6  # how long a saved subscriber stays on average
HORIZON = 24  # months we look ahead


@dataclass
class Plan:
    name: str
    build_months: int  # months until the model is live
    build_cost: float  # per month while building: people plus cloud
    run_cost: float  # per month once live: monitoring, re-training, cloud
    budget_months: int  # months the budget lasts if the model is not live yet
# --8<-- [end:assumptions]


# --8<-- [start:simulate]
def simulate(plan: Plan) -> pd.Series:
    """Cumulative net value (value minus cost) at the end of each month."""
    monthly_value = SUBSCRIBERS * MONTHLY_CHURN * SAVED_BY_MODEL * REVENUE_PER_USER * MONTHS_KEPT
    net = []
    for month in range(1, HORIZON + 1):
        if month <= plan.build_months:
            if month > plan.budget_months:
                break  # the money ran out before anything shipped: the project is cancelled
            net.append(-plan.build_cost)
        else:
            net.append(monthly_value - plan.run_cost)
    return pd.Series(net, index=range(1, len(net) + 1)).cumsum()


plans = [
    Plan("funded", build_months=4, build_cost=30_000, run_cost=8_000, budget_months=6),
    Plan("tight", build_months=9, build_cost=18_000, run_cost=8_000, budget_months=6),
]
rows = []
for plan in plans:
    cumulative = simulate(plan)
    spent = plan.build_cost * min(plan.build_months, plan.budget_months)
    payback = cumulative[cumulative > 0].index.min()
    rows.append(
        {
            "plan": plan.name,
            "months it ran": len(cumulative),
            "spent on building": f"${spent:,.0f}",
            "pays back in month": "never" if pd.isna(payback) else int(payback),
            "net value at the end": f"${cumulative.iloc[-1]:,.0f}",
        }
    )
print(pd.DataFrame(rows).to_string(index=False))
#>   plan  months it ran spent on building pays back in month net value at the end
#> funded             24          $120,000                  9             $424,400
#>  tight              6          $108,000              never            $-108,000
# --8<-- [end:simulate]
