"""Data tests: the contract accepts this month's data and rejects the batches it should, and only
matured cohorts are trained or judged on."""

import pandera.errors
import pytest

from churn.contract import SERVING, TRAINING
from churn.data import SNAPSHOT_COLUMNS, immature_cohorts


def test_the_training_rows_meet_the_contract(train_rows):
    TRAINING.validate(train_rows, lazy=True)


def test_the_evaluation_rows_meet_the_contract(eval_rows):
    TRAINING.validate(eval_rows, lazy=True)


def test_a_broken_serving_batch_is_rejected_with_every_problem_named(eval_rows):
    batch = eval_rows.head(4).copy()
    batch.loc[0, "plan"] = "Premium"  # typed by hand
    batch.loc[1, "age"] = 212
    batch.loc[2, "watch_hours"] = -3.5
    batch = batch.drop(columns="region")
    with pytest.raises(pandera.errors.SchemaErrors) as caught:
        SERVING.validate(batch, lazy=True)
    named = set(caught.value.failure_cases["failure_case"].astype(str))
    assert named == {"Premium", "212", "-3.5", "region"}  # every bad value, the missing column


def test_an_export_with_no_churners_is_rejected(train_rows):
    broken = train_rows.assign(churned=False)  # a filter gone wrong upstream
    with pytest.raises(pandera.errors.SchemaErrors, match="churn rate"):
        TRAINING.validate(broken, lazy=True)


def test_personal_data_never_reaches_a_snapshot():
    assert not {"name", "email", "phone", "ssn", "birth_date", "zip_code"} & set(SNAPSHOT_COLUMNS)


def test_only_matured_cohorts_are_used(params):
    # The export is taken the day the May cohort matures (May 31 + 30 days = June 30).
    on_time = {**params["data"], "exported_on": "2024-06-30", "eval_cohort": "2024-05"}
    assert immature_cohorts({"data": on_time}) == []
    early = {**on_time, "exported_on": "2024-06-29"}
    assert immature_cohorts({"data": early}) == [
        "eval cohort 2024-05 is not matured until 2024-06-30"
    ]


def test_the_eval_cohort_comes_after_the_train_cohort(params):
    same = {**params["data"], "eval_cohort": params["data"]["train_cohort"]}
    assert "out of time" in immature_cohorts({"data": same})[0]
