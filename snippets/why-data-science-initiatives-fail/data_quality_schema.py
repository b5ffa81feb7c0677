"""A pandera schema states what clean data looks like, and names every row that breaks it."""

# --8<-- [start:setup]
import pandas as pd
import pandera.pandas as pa

from subscribers import PLANS, REGIONS, SNAPSHOT_DATE, clean_subscribers, make_messy_subscribers

# --8<-- [end:setup]

# --8<-- [start:schema]
subscriber_schema = pa.DataFrameSchema(
    {
        "customer_id": pa.Column(str, pa.Check.str_matches(r"^C\d{5}$"), unique=True),
        # A blank email is allowed: no model uses it. One that is there must look like one.
        "email": pa.Column(str, pa.Check.str_contains("@"), nullable=True),
        # A missing region must be written as "unknown", so that no group-by drops it silently.
        "region": pa.Column(str, pa.Check.isin([*REGIONS, "unknown"]), nullable=False),
        "plan": pa.Column(str, pa.Check.isin(list(PLANS))),
        "monthly_fee": pa.Column(float, coerce=True),  # "$12.99" or "7,99" cannot become a float
        "age": pa.Column(int, pa.Check.in_range(18, 110), coerce=True),
        "watch_hours": pa.Column(float, pa.Check.ge(0)),
        "signup_date": pa.Column(pa.DateTime, pa.Check.le(SNAPSHOT_DATE)),
    }
)
# --8<-- [end:schema]

# --8<-- [start:validate]
crm = make_messy_subscribers()
try:
    subscriber_schema.validate(crm, lazy=True)  # lazy: collect every failure, not just the first
except pa.errors.SchemaErrors as err:
    failures = err.failure_cases
    summary = failures.groupby(["column", "check"], sort=True).agg(
        rows=("failure_case", "size"), examples=("failure_case", lambda s: sorted(map(str, s))[:2])
    )
    with pd.option_context("display.width", 100, "display.max_colwidth", 40):
        print(summary)
        #>                                                       rows               examples
        #> column      check
        #> age         in_range(18, 110)                            1                  [212]
        #> customer_id field_uniqueness                             6       [C00011, C00011]
        #> monthly_fee coerce_dtype('float64')                      2        [$17.99, 12,99]
        #>             dtype('float64')                             2        [$17.99, 12,99]
        #> plan        isin(['basic', 'standard', 'premium'])       3      [Basic, STANDARD]
        #> region      not_nullable                                 2             [nan, nan]
        #> signup_date less_than_or_equal_to(2024-06-30 00:0...     1  [2024-08-14 00:00:00]
        #> watch_hours greater_than_or_equal_to(0)                  1                 [-3.5]
# --8<-- [end:validate]

# --8<-- [start:clean]
# The series' one set of cleaning rules, from the dataset module: each rule is explained there.
clean = clean_subscribers(crm)
validated = subscriber_schema.validate(clean)
print(f"rows after cleaning: {len(validated)} of {len(crm)}, and every one passes the schema")
#> rows after cleaning: 197 of 203, and every one passes the schema
# --8<-- [end:clean]
