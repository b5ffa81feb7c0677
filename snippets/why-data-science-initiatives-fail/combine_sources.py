"""Reconcile a CRM export with billing invoices in DuckDB, once keys, dates and money agree."""

# --8<-- [start:setup]
import textwrap
from pathlib import Path

import duckdb
import pandas as pd

from subscribers import make_billing, make_subscribers

subscribers = make_subscribers(300)
# --8<-- [end:setup]

# --8<-- [start:sources]

# The CRM exports text: IDs like 'C00042', US-style dates, fees as strings.
crm = pd.DataFrame(
    {
        "customer_id": subscribers["customer_id"],
        "plan": subscribers["plan"],
        "monthly_fee": subscribers["monthly_fee"].map("{:.2f}".format),
        "signup_date": subscribers["signup_date"].dt.strftime("%m/%d/%Y"),
    }
)
# Billing numbers accounts its own way (42), writes months as 'YYYYMM' and amounts in cents.
billing = make_billing(subscribers, months=3)

# Two systems drift apart. Three customers never reached billing, billing holds two accounts the
# CRM has never heard of, and four upgrades to "standard" reached the CRM but not billing.
billing = billing[~billing["account_no"].isin([17, 118, 245])]
unknown = pd.DataFrame(
    {"account_no": [90001, 90002], "period": "202406", "amount_cents": 1799, "status": "PAID"}
)
billing = pd.concat([billing, unknown], ignore_index=True)
upgraded = crm.index[crm["plan"] == "basic"][:4]
crm.loc[upgraded, ["plan", "monthly_fee"]] = ["standard", "12.99"]

print(crm.head(3).to_string(index=False))
#> customer_id     plan monthly_fee signup_date
#>      C00001 standard       12.99  06/16/2021
#>      C00002 standard       12.99  08/20/2020
#>      C00003  premium       17.99  10/19/2020
print(billing.head(3).to_string(index=False))
#>  account_no period  amount_cents status
#>           1 202404          1299   PAID
#>           1 202405          1299   PAID
#>           1 202406          1299   PAID
# --8<-- [end:sources]

# --8<-- [start:naive]
con = duckdb.connect()  # an in-memory database; the DataFrames are queried in place
con.register("crm", crm)
con.register("billing", billing)


def run(file: str) -> duckdb.DuckDBPyRelation | None:
    """Run one of the .sql files beside this script; one that only creates views returns None."""
    return con.sql(Path(file).read_text())


try:
    run("naive_join.sql").fetchall()
except duckdb.ConversionException as error:
    print(textwrap.fill(str(error).splitlines()[0], width=90))
    #> Conversion Error: Could not convert string 'C00001' to INT64 when casting from source
    #> column customer_id
print(run("naive_text.sql").df().to_string(index=False))
#>  matched_invoices
#>                 0
# --8<-- [end:naive]

# --8<-- [start:reconcile]
run("normalise.sql")  # creates the views `customers` and `invoices`
print(run("revenue.sql").df().to_string(index=False))
#>     plan  expected  invoiced  collected  shortfall
#>    basic   3180.02   3235.95    3052.18     127.84
#>  premium   3058.30   3076.29    2878.40     179.90
#> standard   4169.79   4031.85    3816.02     353.77
print(run("issues.sql").df().to_string(index=False))
#>                       issue  num_rows  customers   first_customer_nos
#> amount differs from CRM fee        12          4        [2, 5, 9, 11]
#>      in CRM, never invoiced         3          3       [17, 118, 245]
#>      invoiced before signup        10         10 [107, 173, 187, 190]
#>    invoiced, unknown to CRM         2          2       [90001, 90002]
# --8<-- [end:reconcile]
