"""Exercise 2: how many challenger requests does a canary step need?"""
import pandas as pd
from scipy.stats import binom

THRESHOLD = 0.02  # the controller rolls back when errors / requests > THRESHOLD
rows = []
for n in [20, 50, 100, 200, 400]:
    allowed = int(n * THRESHOLD)  # more errors than this means a rollback (exact for these n)
    rows.append({"requests": n, "errors allowed": allowed,
                 "P(rollback), fails 1%": binom.sf(allowed, n, 0.01),
                 "P(rollback), fails 5%": binom.sf(allowed, n, 0.05)})
print(pd.DataFrame(rows).round(3).to_string(index=False))
#>  requests  errors allowed  P(rollback), fails 1%  P(rollback), fails 5%
#>        20               0                  0.182                  0.642
#>        50               1                  0.089                  0.721
#>       100               2                  0.079                  0.882
#>       200               4                  0.052                  0.974
#>       400               8                  0.021                  0.998
