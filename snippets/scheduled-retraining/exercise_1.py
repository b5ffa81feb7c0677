"""Exercise 1: which months a monthly schedule judges, and how fresh they are, for two tick days
and three outcome windows."""
import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from cronsim import CronSim

shutil.unpack_archive("churn-project.zip")
sys.path.insert(0, str(Path("churn-project/src").resolve()))
from churn import data  # noqa: E402

found = []
for day, outcome_days in [(1, 30), (2, 30), (2, 60), (2, 90)]:
    ticks = CronSim(f"0 3 {day} * *", datetime(2026, 12, 31, tzinfo=UTC))
    first_half = [next(ticks).date() for _ in range(6)]  # the ticks of January to June 2027
    judged = [data.latest_matured(f"{tick}", outcome_days) for tick in first_half]
    # The newest subscriber of the judged month was scored on its last day.
    ages = [(tick - pd.Period(month, freq="M").end_time.date()).days
            for tick, month in zip(first_half, judged, strict=True)]
    every_month = pd.period_range(judged[0], judged[-1], freq="M").astype(str)
    never = [month for month in every_month if month not in judged]
    found.append(f"day {day}, {outcome_days} days: judges {' '.join(judged)}")
    found.append(f"  newest subscriber {min(ages)} to {max(ages)} days old; never judged: {never}")
print("\n".join(found))
#> day 1, 30 days: judges 2026-11 2026-12 2026-12 2027-02 2027-03 2027-04
#>   newest subscriber 31 to 60 days old; never judged: ['2027-01']
#> day 2, 30 days: judges 2026-11 2026-12 2027-01 2027-02 2027-03 2027-04
#>   newest subscriber 30 to 33 days old; never judged: []
#> day 2, 60 days: judges 2026-10 2026-11 2026-12 2027-01 2027-02 2027-03
#>   newest subscriber 61 to 64 days old; never judged: []
#> day 2, 90 days: judges 2026-09 2026-10 2026-11 2026-12 2027-01 2027-02
#>   newest subscriber 91 to 94 days old; never judged: []
