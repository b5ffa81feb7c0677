"""Exercise 3: a contract rule across columns: the monthly fee must be the plan's price."""
# --8<-- [start:setup]
import pandera.errors
import pandera.pandas as pa

from subscribers import PLANS, make_subscribers

# --8<-- [end:setup]

# --8<-- [start:solution]
billing = pa.DataFrameSchema(
    {
        "plan": pa.Column(str, pa.Check.isin(list(PLANS))),
        "monthly_fee": pa.Column(float, pa.Check.gt(0)),
    },
    # One check that reads two columns; it returns one verdict per row, so pandera can name rows.
    checks=pa.Check(
        lambda df: (df["monthly_fee"] - df["plan"].map(PLANS)).abs() < 0.005,
        name="fee matches the plan's price",
    ),
)

batch = make_subscribers(n=5, seed=3)[["customer_id", "plan", "monthly_fee"]]
billing.validate(batch)  # the generator's rows pass
batch.loc[2, "monthly_fee"] = PLANS["basic"]  # a premium or standard subscriber billed as basic
try:
    billing.validate(batch, lazy=True)
except pandera.errors.SchemaErrors as errors:
    # A check on the whole table reports each failing row once per column: keep one of each.
    broken = sorted(set(errors.failure_cases["index"]))
    print(f"{errors.failure_cases['check'].iloc[0]}: fails on row(s) {broken}")
    #> fee matches the plan's price: fails on row(s) [2]
    print(batch.loc[broken].to_string())
    #>   customer_id     plan  monthly_fee
    #> 2      C00003  premium         7.99
# --8<-- [end:solution]
