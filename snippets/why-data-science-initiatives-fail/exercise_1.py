"""Exercise 1: a rule across two columns, so that every fee is its plan's list price."""

import pandera.pandas as pa

from subscribers import PLANS, make_subscribers

export = make_subscribers(n=200, seed=8)[["customer_id", "plan", "monthly_fee"]]
# Next month's damage, planted so that we know what the rule must find: two fees typed with the
# decimal point in the wrong place, and a downgrade to basic that never reached the fee.
export.loc[12, "monthly_fee"] = 129.9
export.loc[57, "monthly_fee"] = 1.799
export.loc[140, "plan"] = "basic"

# Rules on one column at a time: a known plan, and a fee that is a positive number.
column_rules = {
    "plan": pa.Column(str, pa.Check.isin(list(PLANS))),
    "monthly_fee": pa.Column(float, pa.Check.gt(0)),
}
passed = pa.DataFrameSchema(column_rules).validate(export)
print(f"column rules alone: {len(passed)} of {len(export)} rows pass")
#> column rules alone: 200 of 200 rows pass

# A rule on the whole table: it sees each row's plan and fee together.
fee_is_list_price = pa.Check(
    lambda df: df["monthly_fee"] == df["plan"].map(PLANS),
    name="fee_is_list_price",  # the name pandera reports for every row that breaks it
)
schema = pa.DataFrameSchema(column_rules, checks=fee_is_list_price)
try:
    schema.validate(export, lazy=True)
except pa.errors.SchemaErrors as err:
    failures = err.failure_cases
    broken = failures.loc[failures["check"] == "fee_is_list_price", "index"].unique()
    report = export.loc[broken].assign(list_price=lambda d: d["plan"].map(PLANS))
    print(report.to_string())
    #>     customer_id      plan  monthly_fee  list_price
    #> 12       C00013     basic      129.900        7.99
    #> 57       C00058  standard        1.799       12.99
    #> 140      C00141     basic       17.990        7.99
