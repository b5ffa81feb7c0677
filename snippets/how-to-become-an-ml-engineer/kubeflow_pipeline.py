"""A Kubeflow pipeline definition, compiled to YAML on this machine: no cluster, no network."""

# --8<-- [start:setup]
import re
import tempfile
from pathlib import Path

import yaml
from kfp import compiler, dsl

# --8<-- [end:setup]

# --8<-- [start:components]
# Each component runs in its own container on the cluster. Its body is shipped as source code,
# so it imports what it needs inside the function; nothing here runs on this machine.
IMAGE = "python:3.11-slim"
PACKAGES = ["pandas==3.1.1", "pyarrow==25.0.1", "scikit-learn==1.9.1"]


@dsl.component(base_image=IMAGE, packages_to_install=PACKAGES)
def validate_data(source: str, min_rows: int, table: dsl.Output[dsl.Dataset]):
    import pandas as pd

    df = pd.read_parquet(source)
    assert len(df) >= min_rows, f"only {len(df)} rows"
    assert df["churned"].notna().all(), "unlabelled rows"
    df.to_parquet(table.path)


@dsl.component(base_image=IMAGE, packages_to_install=PACKAGES)
def train_model(table: dsl.Input[dsl.Dataset], model: dsl.Output[dsl.Model]) -> float:
    import joblib
    import pandas as pd
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_score

    df = pd.read_parquet(table.path)
    features = ["tenure_months", "watch_hours", "support_tickets", "payment_failures"]
    classifier = LogisticRegression(max_iter=1000)
    auc = cross_val_score(classifier, df[features], df["churned"], scoring="roc_auc").mean()
    joblib.dump(classifier.fit(df[features], df["churned"]), model.path)
    return float(auc)


@dsl.component(base_image=IMAGE)
def register_model(model: dsl.Input[dsl.Model], auc: float):
    print(f"registering {model.uri} with ROC AUC {auc:.3f}")
# --8<-- [end:components]


# --8<-- [start:pipeline]
@dsl.pipeline(name="churn-training", description="Validate, train, and register if good enough.")
def churn_training(source: str = "/data/subscribers.parquet", min_auc: float = 0.65):
    data = validate_data(source=source, min_rows=500)
    trained = train_model(table=data.outputs["table"])
    with dsl.If(trained.outputs["Output"] >= min_auc):  # the validation gate, on the cluster
        register_model(model=trained.outputs["model"], auc=trained.outputs["Output"])
# --8<-- [end:pipeline]


# --8<-- [start:compile]
with tempfile.TemporaryDirectory() as folder:
    path = Path(folder) / "churn_training.yaml"
    compiler.Compiler().compile(churn_training, str(path))
    spec = yaml.safe_load(path.read_text())

tasks = spec["root"]["dag"]["tasks"]
gate = tasks["condition-1"]
inside_gate = spec["components"]["comp-condition-1"]["dag"]["tasks"]
images = {e["container"]["image"] for e in spec["deploymentSpec"]["executors"].values()}
print(spec["pipelineInfo"]["name"], "compiled by", spec["sdkVersion"])
#> churn-training compiled by kfp-2.17.3
print("\n".join(f"{name} runs after {t.get('dependentTasks', [])}" for name, t in tasks.items()))
#> condition-1 runs after ['train-model']
#> train-model runs after ['validate-data']
#> validate-data runs after []
print("inside condition-1:", list(inside_gate))
#> inside condition-1: ['register-model']
# The gate is stored as an expression over pipeline channels; strip the prefix to read it.
channel = r"inputs\.parameter_values\['pipelinechannel--([\w-]+)'\]"
condition = re.sub(channel, r"\1", gate["triggerPolicy"]["condition"])
print("condition-1 runs if:", condition)
#> condition-1 runs if: train-model-Output >= min_auc
print("container images:", sorted(images))
#> container images: ['python:3.11-slim']
# --8<-- [end:compile]
