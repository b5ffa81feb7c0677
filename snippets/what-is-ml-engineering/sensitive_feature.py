"""Gender and age as churn features: how much they seem to predict, and where else they hide."""

# --8<-- [start:setup]
import pandas as pd
from scipy.stats import chi2_contingency
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

from subscribers import SNAPSHOT_DATE, make_subscribers

subs = make_subscribers()
# --8<-- [end:setup]

# --8<-- [start:signal]
print(f"churn rate, all subscribers: {subs['churned'].mean():.3f}")
#> churn rate, all subscribers: 0.106


def churn_by(group: pd.Series) -> tuple[pd.DataFrame, float]:
    """Churn rate per group, and the chi-square p-value for "churn does not depend on it"."""
    rates = subs.groupby(group, observed=True)["churned"].agg(subscribers="size", churn="mean")
    p_value = chi2_contingency(pd.crosstab(group, subs["churned"])).pvalue
    return rates.round(3), p_value


rates, p_value = churn_by(subs["gender"])
print(rates.to_string())
#>            subscribers  churn
#> gender
#> female             471  0.110
#> male               511  0.106
#> nonbinary           18  0.000
print(f"chi-square p-value, gender: {p_value:.3f}")
#> chi-square p-value, gender: 0.328

# Age quartiles, labelled by the whole years each one holds ("18-32", ...).
quartile = pd.qcut(subs["age"], 4).cat.rename_categories(
    lambda span: f"{int(span.left) + 1}-{int(span.right)}"
)
rates, p_value = churn_by(quartile)
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
