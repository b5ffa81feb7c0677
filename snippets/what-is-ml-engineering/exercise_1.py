"""Exercise 1: flag columns that predict churn suspiciously well on their own."""

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from subscribers import make_subscribers

subs = make_subscribers()
rng = np.random.default_rng(42)
logged = rng.random(len(subs)) < np.where(subs["churned"], 0.85, 0.03)
subs["retention_offer"] = logged.astype(int)

# A column's ROC AUC on its own: how well its raw values rank churners above stayers. Below 0.5
# means it ranks them the other way round, which is just as informative, so fold it over.
candidates = ["tenure_months", "watch_hours", "support_tickets", "payment_failures",
              "retention_offer"]
alone = pd.Series(
    {column: roc_auc_score(subs["churned"], subs[column]) for column in candidates}
).map(lambda auc: max(auc, 1 - auc))
report = pd.DataFrame({"ROC AUC alone": alone.round(3), "suspect": alone > 0.9})
print(report.sort_values("ROC AUC alone", ascending=False).to_string())
#>                   ROC AUC alone  suspect
#> retention_offer           0.914     True
#> tenure_months             0.666    False
#> watch_hours               0.660    False
#> payment_failures          0.633    False
#> support_tickets           0.582    False
