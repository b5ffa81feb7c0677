"""The handful of ML ideas the later pages lean on, each shown on the Streamwise subscribers."""

# --8<-- [start:setup]
import numpy as np
import pandas as pd
from scipy.stats import ttest_rel
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, brier_score_loss, log_loss, roc_auc_score
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
def churn_model(C=1.0, solver="liblinear", columns=CATEGORICAL + NUMERIC) -> Pipeline:
    """Encode the plan, scale the numbers, then a logistic regression (smaller C, more penalty)."""
    plan = [column for column in CATEGORICAL if column in columns]
    numbers = [column for column in NUMERIC if column in columns]
    features = ColumnTransformer(
        [
            ("onehot", OneHotEncoder(handle_unknown="ignore"), plan),
            ("scale", StandardScaler(), numbers),
        ]
    )
    classifier = LogisticRegression(C=C, solver=solver)
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
print(f"intercept {model[-1].intercept_[0]:+.2f}")
#> intercept -1.95
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


# --8<-- [start:top_k]
def at_k(labels: np.ndarray, scores: np.ndarray, k: int) -> tuple[float, float, float]:
    """Precision, recall and lift when the team calls the k highest-scored subscribers."""
    called = np.argsort(-scores, kind="stable")[:k]
    caught = labels[called].sum()  # churners among those called
    precision = caught / k
    return precision, caught / labels.sum(), precision / labels.mean()


labels = y_test.to_numpy()
print(f"{labels.sum()} churners among {len(labels)} test subscribers ({labels.mean():.3f})")
#> 32 churners among 300 test subscribers (0.107)
for k in [10, 30, 100]:
    precision, recall, lift = at_k(labels, probability, k)
    print(f"top {k:>3}: precision {precision:.2f}, recall {recall:.2f}, lift {lift:.2f}")
    #> top  10: precision 0.60, recall 0.19, lift 5.62
    #> top  30: precision 0.40, recall 0.38, lift 3.75
    #> top 100: precision 0.24, recall 0.75, lift 2.25
# --8<-- [end:top_k]


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
print(f"churn rate of the test rows: {y_test.mean():.3f}")
#> churn rate of the test rows: 0.107
for C in [0.001, 0.1, 10.0]:
    fitted = churn_model(C).fit(X_train, y_train)
    p = fitted.predict_proba(X_test)[:, 1]
    largest = np.abs(fitted[-1].coef_).max()
    print(
        f"C={C:<6} largest weight {largest:.2f}, ROC AUC {roc_auc_score(y_test, p):.3f}, "
        f"mean probability {p.mean():.3f}"
    )
    #> C=0.001  largest weight 0.10, ROC AUC 0.770, mean probability 0.424
    #> C=0.1    largest weight 0.60, ROC AUC 0.773, mean probability 0.124
    #> C=10.0   largest weight 0.85, ROC AUC 0.766, mean probability 0.102
# --8<-- [end:regularise]


# --8<-- [start:calibration]
def how_good(p: np.ndarray) -> dict[str, float]:
    """What the test rows say about one set of churn probabilities."""
    return {
        "mean probability": p.mean(),
        "Brier score": brier_score_loss(y_test, p),
        "log loss": log_loss(y_test, p),
        "ROC AUC": roc_auc_score(y_test, p),
    }


report = {"training churn rate for all": how_good(np.full(len(y_test), y_train.mean()))}
for solver in ["liblinear", "lbfgs"]:
    fitted = churn_model(0.001, solver).fit(X_train, y_train)
    report[f"{solver}, C=0.001"] = how_good(fitted.predict_proba(X_test)[:, 1])
    print(f"{solver}, C=0.001: intercept {fitted[-1].intercept_[0]:+.2f}")
    #> liblinear, C=0.001: intercept -0.22
    #> lbfgs, C=0.001: intercept -2.14
report["liblinear, C=1"] = how_good(probability)
print(pd.DataFrame(report).T.round(3).to_string())
#>                              mean probability  Brier score  log loss  ROC AUC
#> training churn rate for all             0.106        0.095     0.339    0.500
#> liblinear, C=0.001                      0.424        0.193     0.579    0.770
#> lbfgs, C=0.001                          0.105        0.094     0.333    0.774
#> liblinear, C=1                          0.104        0.080     0.286    0.768
# --8<-- [end:calibration]

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
print(f"mean {scores.mean():.3f}, standard deviation {scores.std(ddof=1):.3f}")
#> mean 0.768, standard deviation 0.043
# --8<-- [end:cv]

# --8<-- [start:paired]
without_tenure = [c for c in CATEGORICAL + NUMERIC if c != "tenure_months"]
reduced = cross_val_score(churn_model(columns=without_tenure), X, y, cv=folds, scoring="roc_auc")
print("without tenure:", reduced.round(3))
#> without tenure: [0.74  0.708 0.772 0.684 0.704]
print(f"mean {reduced.mean():.3f}, standard deviation {reduced.std(ddof=1):.3f}")
#> mean 0.722, standard deviation 0.035
differences = scores - reduced  # fold by fold: the same rows scored by both models
print("differences:   ", differences.round(3))
#> differences:    [0.068 0.056 0.032 0.018 0.059]
print(f"mean difference {differences.mean():.3f}, standard deviation {differences.std(ddof=1):.3f}")
#> mean difference 0.047, standard deviation 0.021
test = ttest_rel(scores, reduced)
print(f"paired t-test: t = {test.statistic:.2f}, p = {test.pvalue:.3f}")
#> paired t-test: t = 4.97, p = 0.008
# --8<-- [end:paired]

# --8<-- [start:bootstrap]
rng = np.random.default_rng(42)
resampled = []
for _ in range(1_000):
    rows = rng.integers(0, len(labels), size=len(labels))  # draw rows with replacement
    resampled.append(roc_auc_score(labels[rows], probability[rows]))
low, high = np.quantile(resampled, [0.025, 0.975])
print(f"test ROC AUC {roc_auc_score(labels, probability):.3f}")
#> test ROC AUC 0.768
print(f"95% interval {low:.3f} to {high:.3f}")
#> 95% interval 0.675 to 0.857
# --8<-- [end:bootstrap]

# --8<-- [start:paired_bootstrap]
reduced_model = churn_model(columns=without_tenure).fit(X_train, y_train)
reduced_probability = reduced_model.predict_proba(X_test)[:, 1]
resampled = []
for _ in range(1_000):
    rows = rng.integers(0, len(labels), size=len(labels))  # the same rows for both models
    full_auc = roc_auc_score(labels[rows], probability[rows])
    resampled.append(full_auc - roc_auc_score(labels[rows], reduced_probability[rows]))
observed = roc_auc_score(labels, probability) - roc_auc_score(labels, reduced_probability)
low, high = np.quantile(resampled, [0.025, 0.975])
print(f"difference {observed:+.3f}, 95% interval {low:+.3f} to {high:+.3f}")
#> difference +0.033, 95% interval -0.013 to +0.081
# --8<-- [end:paired_bootstrap]
