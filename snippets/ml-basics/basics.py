"""The handful of ML ideas the later pages lean on, each shown on the Streamwise subscribers."""

# --8<-- [start:setup]
import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_score, train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.tree import DecisionTreeClassifier

from subscribers import make_subscribers

# --8<-- [end:setup]

# --8<-- [start:data]
subscribers = make_subscribers(n=1_000, seed=42)
CATEGORICAL = ["plan"]
NUMERIC = ["tenure_months", "watch_hours", "support_tickets", "payment_failures"]
X = subscribers[CATEGORICAL + NUMERIC]  # the features: what the model may look at
y = subscribers["churned"]  # the label: what it learns to predict
print(X.head(3).to_string())
#>        plan  tenure_months  watch_hours  support_tickets  payment_failures
#> 0  standard             53          8.0                0                 0
#> 1     basic              4          6.6                2                 0
#> 2   premium             24         12.2                0                 0
print(f"{len(X)} subscribers, {y.sum()} churned ({y.mean():.1%})")
#> 1000 subscribers, 106 churned (10.6%)
# --8<-- [end:data]

# --8<-- [start:split]
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.3, stratify=y, random_state=2
)
print(f"train: {len(X_train)} rows, churn {y_train.mean():.3f}")
#> train: 700 rows, churn 0.106
print(f"test:  {len(X_test)} rows, churn {y_test.mean():.3f}")
#> test:  300 rows, churn 0.107
# --8<-- [end:split]


# --8<-- [start:logistic]
def churn_model(C: float = 1.0) -> Pipeline:
    """Encode the plan, scale the numbers, then a logistic regression with strength C."""
    features = ColumnTransformer(
        [
            ("onehot", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL),
            ("scale", StandardScaler(), NUMERIC),
        ]
    )
    classifier = LogisticRegression(C=C, solver="liblinear")
    return Pipeline([("features", features), ("classifier", classifier)])


model = churn_model().fit(X_train, y_train)
probability = model.predict_proba(X_test)[:, 1]  # one churn probability per test subscriber
print("first five probabilities:", probability[:5].round(2))
#> first five probabilities: [0.04 0.03 0.05 0.07 0.12]
inputs = model[:-1].get_feature_names_out()  # the model's inputs, after encoding and scaling
for name, weight in zip(inputs, model[-1].coef_[0], strict=True):
    if name.startswith("scale__"):  # one weight per scaled number; the plan has three more
        print(f"weight of {name.removeprefix('scale__'):<17} {weight:+.2f}")
        #> weight of tenure_months     -0.70
        #> weight of watch_hours       -0.79
        #> weight of support_tickets   +0.27
        #> weight of payment_failures  +0.57
# --8<-- [end:logistic]

# --8<-- [start:auc]
always_stays = np.zeros(len(y_test), dtype=bool)
print(f"always 'stays': accuracy {accuracy_score(y_test, always_stays):.3f}")
#> always 'stays': accuracy 0.893
print(f"the model:      accuracy {accuracy_score(y_test, probability >= 0.5):.3f}")
#> the model:      accuracy 0.903
print(f"always 'stays': ROC AUC  {roc_auc_score(y_test, always_stays):.3f}")
#> always 'stays': ROC AUC  0.500
print(f"the model:      ROC AUC  {roc_auc_score(y_test, probability):.3f}")
#> the model:      ROC AUC  0.768
# --8<-- [end:auc]


# --8<-- [start:overfit]
def train_and_test_auc(classifier) -> str:
    classifier.fit(X_train[NUMERIC], y_train)
    train_auc = roc_auc_score(y_train, classifier.predict_proba(X_train[NUMERIC])[:, 1])
    test_auc = roc_auc_score(y_test, classifier.predict_proba(X_test[NUMERIC])[:, 1])
    return f"train {train_auc:.3f}, test {test_auc:.3f}"


print("tree of depth 3:  ", train_and_test_auc(DecisionTreeClassifier(max_depth=3, random_state=0)))
#> tree of depth 3:   train 0.816, test 0.690
print("tree, no limit:   ", train_and_test_auc(DecisionTreeClassifier(random_state=0)))
#> tree, no limit:    train 1.000, test 0.576
# --8<-- [end:overfit]

# --8<-- [start:regularise]
for C in [0.001, 0.1, 10.0]:
    fitted = churn_model(C).fit(X_train, y_train)
    largest = np.abs(fitted[-1].coef_).max()
    test_auc = roc_auc_score(y_test, fitted.predict_proba(X_test)[:, 1])
    print(f"C={C:<6} largest weight {largest:.2f}, test ROC AUC {test_auc:.3f}")
    #> C=0.001  largest weight 0.10, test ROC AUC 0.770
    #> C=0.1    largest weight 0.60, test ROC AUC 0.773
    #> C=10.0   largest weight 0.85, test ROC AUC 0.766
# --8<-- [end:regularise]

# --8<-- [start:cv]
one_split_scores = []
for seed in range(10):  # the same model, scored on ten different random test sets
    a_train, a_test, b_train, b_test = train_test_split(
        X, y, test_size=0.3, stratify=y, random_state=seed
    )
    fitted = churn_model().fit(a_train, b_train)
    one_split_scores.append(roc_auc_score(b_test, fitted.predict_proba(a_test)[:, 1]))
print(f"one split, ten seeds: {min(one_split_scores):.3f} to {max(one_split_scores):.3f}")
#> one split, ten seeds: 0.706 to 0.816

folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=42)
scores = cross_val_score(churn_model(), X, y, cv=folds, scoring="roc_auc")
print("five folds:", scores.round(3))
#> five folds: [0.808 0.764 0.803 0.702 0.763]
print(f"mean {scores.mean():.3f}, standard deviation {scores.std():.3f}")
#> mean 0.768, standard deviation 0.038
# --8<-- [end:cv]

# --8<-- [start:bootstrap]
rng = np.random.default_rng(42)
labels, scored = y_test.to_numpy(), probability
resampled = []
for _ in range(1_000):
    rows = rng.integers(0, len(labels), size=len(labels))  # draw rows with replacement
    resampled.append(roc_auc_score(labels[rows], scored[rows]))
low, high = np.quantile(resampled, [0.025, 0.975])
print(f"test ROC AUC {roc_auc_score(labels, scored):.3f}, 95% interval {low:.3f} to {high:.3f}")
#> test ROC AUC 0.768, 95% interval 0.675 to 0.857
# --8<-- [end:bootstrap]
