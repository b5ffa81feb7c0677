"""Exercise 2: do basic-plan subscribers churn more than premium ones, or is it noise?"""

import numpy as np
from scipy import stats

from subscribers import make_subscribers

subscribers = make_subscribers(n=1000, seed=42)
basic = subscribers.loc[subscribers["plan"] == "basic", "churned"].to_numpy()
premium = subscribers.loc[subscribers["plan"] == "premium", "churned"].to_numpy()
print(f"basic: {basic.mean():.3f} of {len(basic)}, premium: {premium.mean():.3f} of {len(premium)}")
#> basic: 0.113 of 450, premium: 0.102 of 197

table = [[basic.sum(), (~basic).sum()], [premium.sum(), (~premium).sum()]]
pvalue = stats.chi2_contingency(table, correction=False).pvalue
diff = basic.mean() - premium.mean()
se = np.sqrt(basic.var() / len(basic) + premium.var() / len(premium))
low, high = diff - stats.norm.ppf(0.975) * se, diff + stats.norm.ppf(0.975) * se
print(f"difference {diff:.3f} (95% CI {low:.3f} to {high:.3f}), p = {pvalue:.4f}")
#> difference 0.012 (95% CI -0.040 to 0.063), p = 0.6583
