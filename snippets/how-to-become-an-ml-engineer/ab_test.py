"""An A/B test of a retention offer: plan the sample size, run the test, read the result."""

# --8<-- [start:setup]
import numpy as np
from scipy import stats

# --8<-- [end:setup]

# --8<-- [start:plan]
baseline = 0.106  # this month's churn rate, measured in confidence_interval.py
target = 0.080  # churn with the offer: the smallest drop worth detecting (it would pay for it)
alpha, power = 0.05, 0.80

z_alpha, z_power = stats.norm.ppf(1 - alpha / 2), stats.norm.ppf(power)
variance = baseline * (1 - baseline) + target * (1 - target)
per_arm = int(np.ceil((z_alpha + z_power) ** 2 * variance / (baseline - target) ** 2))
print(f"subscribers needed per arm: {per_arm:,}")
#> subscribers needed per arm: 1,955
# --8<-- [end:plan]

# --8<-- [start:run]
# The experiment is simulated: we plant the true rates, so we know what the test should find.
rng = np.random.default_rng(7)
control = rng.random(per_arm) < baseline  # True = churned, no offer shown
offer = rng.random(per_arm) < target  # churned, offer shown: the planted effect
# Watch hours are recorded too; the offer has no effect on them in this simulation.
hours_control = rng.gamma(2.0, 12.0, size=per_arm)
hours_offer = rng.gamma(2.0, 12.0, size=per_arm)
print(f"churn: control {control.mean():.3f}, offer {offer.mean():.3f}")
#> churn: control 0.104, offer 0.074
# --8<-- [end:run]

# --8<-- [start:test]
table = [[control.sum(), (~control).sum()], [offer.sum(), (~offer).sum()]]
chi2 = stats.chi2_contingency(table, correction=False)
diff = control.mean() - offer.mean()
se = np.sqrt(control.var() / per_arm + offer.var() / per_arm)
low, high = diff - z_alpha * se, diff + z_alpha * se
print(f"churn drop {diff:.3f} (95% CI {low:.3f} to {high:.3f}), p = {chi2.pvalue:.4f}")
#> churn drop 0.030 (95% CI 0.012 to 0.047), p = 0.0011

welch = stats.ttest_ind(hours_offer, hours_control, equal_var=False)
low, high = welch.confidence_interval(confidence_level=0.95)
change = hours_offer.mean() - hours_control.mean()
print(f"watch hours {change:+.2f} (95% CI {low:+.2f} to {high:+.2f}), p = {welch.pvalue:.2f}")
#> watch hours +0.82 (95% CI -0.23 to +1.88), p = 0.13
# --8<-- [end:test]
