"""Gender and age as churn features: how much they seem to predict, and where else they hide."""

# --8<-- [start:setup]
import pandas as pd
from scipy.stats import binomtest, chi2_contingency
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

from subscribers import SNAPSHOT_DATE, make_subscribers

subs = make_subscribers()
# --8<-- [end:setup]

# --8<-- [start:signal]
print(f"churn rate, all subscribers: {subs['churned'].mean():.3f}")
#> churn rate, all subscribers: 0.106


def churn_by(group: pd.Series) -> tuple[pd.DataFrame, float, pd.DataFrame]:
    """Churn rate per group, the chi-square p-value for "churn does not depend on it", and the
    count of stayers and churners each group would hold if that were true."""
    rates = subs.groupby(group, observed=True)["churned"].agg(subscribers="size", churn="mean")
    table = pd.crosstab(group, subs["churned"]).set_axis(["stay", "churn"], axis="columns")
    test = chi2_contingency(table)
    expected = pd.DataFrame(test.expected_freq, index=table.index, columns=table.columns)
    return rates.round(3), test.pvalue, expected


rates, p_value, expected = churn_by(subs["gender"])
print(rates.to_string())
#>            subscribers  churn
#> gender
#> female             471  0.110
#> male               511  0.106
#> nonbinary           18  0.000
print(f"chi-square p-value, gender: {p_value:.3f}")
#> chi-square p-value, gender: 0.328

# Cochran's rule for trusting the chi-square approximation: no expected count below 1, and no
# more than 20% of the cells below 5.
print(expected.round(1).to_string())
#>             stay  churn
#> gender
#> female     421.1   49.9
#> male       456.8   54.2
#> nonbinary   16.1    1.9
below_5 = (expected < 5).to_numpy().mean()
print(f"smallest expected count {expected.min().min():.1f}, cells below 5: {below_5:.0%}")
#> smallest expected count 1.9, cells below 5: 17%
print("Cochran's rule met:", bool(expected.min().min() >= 1 and below_5 <= 0.2))
#> Cochran's rule met: True
# The test is sound, then. What no test can do is say much about a group of 18 people.
nonbinary = subs.loc[subs["gender"] == "nonbinary", "churned"]
low, high = binomtest(int(nonbinary.sum()), len(nonbinary)).proportion_ci()  # exact interval
print(f"nonbinary: {nonbinary.sum()} of {len(nonbinary)} churned, 95% CI {low:.1%} to {high:.1%}")
#> nonbinary: 0 of 18 churned, 95% CI 0.0% to 18.5%

# Age quartiles, labelled by the whole years each one holds ("18-32", ...).
quartile = pd.qcut(subs["age"], 4).cat.rename_categories(
    lambda span: f"{int(span.left) + 1}-{int(span.right)}"
)
rates, p_value, _ = churn_by(quartile)
print(rates.to_string())
#>        subscribers  churn
#> age
#> 18-32          251  0.104
#> 33-48          249  0.068
#> 49-64          263  0.103
#> 65-79          237  0.152
print(f"chi-square p-value, age quartile: {p_value:.3f}")
#> chi-square p-value, age quartile: 0.029
# --8<-- [end:signal]

# --8<-- [start:model]
# Same split, same model; only the columns it may look at change.
y = subs["churned"]
feature_sets = {
    "gender + age": pd.get_dummies(subs[["gender", "age"]], dtype=int),
    "behaviour": subs[["tenure_months", "watch_hours", "support_tickets", "payment_failures"]],
}
for name, X in feature_sets.items():
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.3, random_state=42, stratify=y
    )
    model = RandomForestClassifier(n_estimators=100, min_samples_leaf=5, random_state=42)
    model.fit(X_train, y_train)
    seen = roc_auc_score(y_train, model.predict_proba(X_train)[:, 1])
    unseen = roc_auc_score(y_test, model.predict_proba(X_test)[:, 1])
    print(f"{name:>12}: ROC AUC {seen:.2f} on training rows, {unseen:.2f} on held-out rows")
    #> gender + age: ROC AUC 0.81 on training rows, 0.49 on held-out rows
    #>    behaviour: ROC AUC 0.96 on training rows, 0.61 on held-out rows
# --8<-- [end:model]

# --8<-- [start:proxy]
# Dropping the age column is not dropping age: birth_date still holds it.
without_age = subs.drop(columns=["age"])
years = (SNAPSHOT_DATE - without_age["birth_date"]).dt.days / 365.25
recovered = years.round().astype(int)
print(f"age rebuilt exactly from birth_date: {(recovered == subs['age']).mean():.0%} of rows")
#> age rebuilt exactly from birth_date: 100% of rows
# --8<-- [end:proxy]
