"""How sure is a metric? A confidence interval for the churn rate, by formula and by bootstrap."""

# --8<-- [start:setup]
import numpy as np
from scipy import stats

from subscribers import make_subscribers

subscribers = make_subscribers(n=1000, seed=42)
# --8<-- [end:setup]

# --8<-- [start:analytic]
churned = subscribers["churned"].to_numpy()
k, n = int(churned.sum()), len(churned)
wilson = stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
print(f"churn rate {k / n:.3f}, 95% CI {wilson.low:.3f} to {wilson.high:.3f} (Wilson formula)")
#> churn rate 0.106, 95% CI 0.088 to 0.127 (Wilson formula)
# --8<-- [end:analytic]

# --8<-- [start:bootstrap]
rng = np.random.default_rng(42)
boot = stats.bootstrap((churned,), np.mean, n_resamples=5_000, method="percentile", rng=rng)
low, high = boot.confidence_interval
print(f"churn rate {k / n:.3f}, 95% CI {low:.3f} to {high:.3f} (bootstrap)")
#> churn rate 0.106, 95% CI 0.088 to 0.125 (bootstrap)

hours = subscribers["watch_hours"].to_numpy()
boot = stats.bootstrap((hours,), np.median, n_resamples=5_000, method="percentile", rng=rng)
low, high = boot.confidence_interval
print(f"median watch hours {np.median(hours):.1f}, 95% CI {low:.1f} to {high:.1f} (bootstrap)")
#> median watch hours 21.4, 95% CI 20.1 to 22.3 (bootstrap)
# --8<-- [end:bootstrap]
