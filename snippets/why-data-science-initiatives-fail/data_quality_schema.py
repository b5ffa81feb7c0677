"""A pandera schema states what clean data looks like, and names every row that breaks it."""

# --8<-- [start:setup]
import pandas as pd
import pandera.pandas as pa

from subscribers import PLANS, REGIONS, SNAPSHOT_DATE, make_messy_subscribers

# --8<-- [end:setup]

# --8<-- [start:schema]
subscriber_schema = pa.DataFrameSchema(
    {
        "customer_id": pa.Column(str, pa.Check.str_matches(r"^C\d{5}$"), unique=True),
        "email": pa.Column(str, nullable=False),
        "region": pa.Column(str, pa.Check.isin(REGIONS), nullable=False),
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
        #> email       not_nullable                                 4             [nan, nan]
        #> monthly_fee coerce_dtype('float64')                      2        [$17.99, 12,99]
        #>             dtype('float64')                             2        [$17.99, 12,99]
        #> plan        isin(['basic', 'standard', 'premium'])       3      [Basic, STANDARD]
        #> region      not_nullable                                 2             [nan, nan]
        #> signup_date less_than_or_equal_to(2024-06-30 00:0...     1  [2024-08-14 00:00:00]
        #> watch_hours greater_than_or_equal_to(0)                  1                 [-3.5]
# --8<-- [end:validate]

# --8<-- [start:clean]
clean = (
    crm.drop_duplicates()
    .assign(
        plan=lambda d: d["plan"].str.strip().str.lower(),
        monthly_fee=lambda d: pd.to_numeric(
            d["monthly_fee"].str.replace("$", "").str.replace(",", "."), errors="coerce"
        ),
        age=lambda d: pd.to_numeric(d["age"]),
    )
    .dropna(subset=["email", "region"])
    .query("age <= 110 and watch_hours >= 0 and signup_date <= @SNAPSHOT_DATE")
)
validated = subscriber_schema.validate(clean)
print(f"{len(crm)} rows in, {len(validated)} rows pass every check")
#> 203 rows in, 191 rows pass every check
# --8<-- [end:clean]
