"""Run revenue_by_region.sql on the Streamwise tables in an in-memory DuckDB database."""

from pathlib import Path

import duckdb

from subscribers import make_billing, make_subscribers

subscribers = make_subscribers(n=1000, seed=42)
invoices = make_billing(subscribers, months=3)

con = duckdb.connect()  # in memory: no database file is created
con.register("subscribers", subscribers)  # a pandas DataFrame becomes a table, by name
con.register("invoices", invoices)

query = Path("revenue_by_region.sql").read_text()
result = con.sql(query).df()
print(result.to_string(index=False))
#> region     plan  invoices  failed  paid_revenue  rank_in_region  running_total
#>   east standard       243      17       2935.74               1        2935.74
#>   east    basic       321      14       2452.93               2        5388.67
#>   east  premium       120       4       2086.84               3        7475.51
#>  north standard       321      19       3922.98               1        3922.98
#>  north  premium       165       6       2860.41               2        6783.39
#>  north    basic       312      16       2365.04               3        9148.43
#>  south standard       258       9       3234.51               1        3234.51
#>  south    basic       378      14       2908.36               2        6142.87
#>  south  premium       138       9       2320.71               3        8463.58
#>   west standard       237      12       2922.75               1        2922.75
#>   west  premium       168       7       2896.39               2        5819.14
#>   west    basic       339      19       2556.80               3        8375.94

# Reconcile: the last running total of each region must add up to the paid revenue that
# pandas computes straight from the invoices table.
sql_total = result.groupby("region")["running_total"].last().sum()
pandas_total = invoices.loc[invoices["status"] == "PAID", "amount_cents"].sum() / 100
print(f"SQL: {sql_total:,.2f}  pandas: {pandas_total:,.2f}")
#> SQL: 33,463.46  pandas: 33,463.46
