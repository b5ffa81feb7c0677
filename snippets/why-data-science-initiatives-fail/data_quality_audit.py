"""Audit the CRM export before anyone trains on it: five checks, one line of findings each."""

import pandas as pd

from subscribers import PLANS, SNAPSHOT_DATE, make_messy_subscribers

crm = make_messy_subscribers()
print(crm.shape)
#> (203, 18)

# --8<-- [start:audit]
fee = pd.to_numeric(crm["monthly_fee"], errors="coerce")
age = pd.to_numeric(crm["age"], errors="coerce")
findings = {
    "missing values": crm.isna().sum().loc[lambda s: s > 0].to_dict(),
    "duplicate rows": int(crm.duplicated().sum()),
    "fees that are not numbers": crm.loc[fee.isna(), "monthly_fee"].tolist(),
    "impossible: age over 110": age.gt(110).sum().item(),
    "impossible: negative watch hours": crm["watch_hours"].lt(0).sum().item(),
    "impossible: signed up after the export": crm["signup_date"].gt(SNAPSHOT_DATE).sum().item(),
    "unknown plan labels": sorted(set(crm["plan"]) - set(PLANS)),
}
for check, result in findings.items():
    print(f"{check}: {result}")
    #> missing values: {'email': 4, 'region': 2}
    #> duplicate rows: 3
    #> fees that are not numbers: ['12,99', '$17.99']
    #> impossible: age over 110: 1
    #> impossible: negative watch hours: 1
    #> impossible: signed up after the export: 1
    #> unknown plan labels: ['Basic', 'STANDARD', 'standard ']
# --8<-- [end:audit]
