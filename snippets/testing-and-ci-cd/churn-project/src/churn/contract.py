"""The data contract: what a batch must look like before a model trains on it or scores it."""

import pandera.pandas as pa

from churn.streamwise import PLANS, REGIONS

# What the service receives for one subscriber. Extra columns (an e-mail, an id) may come
# along; the model ignores them. Age is optional: the model does not use it, but when it comes
# it must be plausible, since the logs keep it for slice and fairness reports.
SERVING = pa.DataFrameSchema(
    {
        "plan": pa.Column(str, pa.Check.isin(list(PLANS))),
        "region": pa.Column(str, pa.Check.isin(REGIONS)),
        "age": pa.Column(int, pa.Check.in_range(18, 110), required=False),
        "tenure_months": pa.Column(int, pa.Check.ge(0)),  # 0: signed up this month
        "watch_hours": pa.Column(float, pa.Check.in_range(0, 744)),  # 744 hours in a month
        "support_tickets": pa.Column(int, pa.Check.ge(0)),
        "payment_failures": pa.Column(int, pa.Check.in_range(0, 3)),
    },
    name="serving input",
)

# Training rows also carry the outcome; a label rate far from the usual one means a broken
# export (a filter gone wrong, a join that dropped churners), not a change in the world.
TRAINING = pa.DataFrameSchema(
    {
        **SERVING.columns,
        "age": pa.Column(int, pa.Check.in_range(18, 110)),  # required here: the slices need it
        "customer_id": pa.Column(str, unique=True),
        "churned": pa.Column(bool),
    },
    checks=pa.Check(lambda df: 0.02 <= df["churned"].mean() <= 0.40, name="churn rate 2% to 40%"),
    name="training input",
)
