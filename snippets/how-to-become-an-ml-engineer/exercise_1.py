"""Exercise 1: rank regions by their share of failed invoices in each period, and reconcile."""

from pathlib import Path

import duckdb

from subscribers import make_billing, make_subscribers

subscribers = make_subscribers(n=1000, seed=42)
invoices = make_billing(subscribers, months=3)

con = duckdb.connect()
con.register("subscribers", subscribers)
con.register("invoices", invoices)
result = con.sql(Path("exercise_1.sql").read_text()).df()
print(result.to_string(index=False))
#> period region  invoices  failed  failed_pct  rank_in_period
#> 202404  north       266      17         6.4               1
#> 202404  south       258      13         5.0               2
#> 202404   east       228      11         4.8               3
#> 202404   west       248       7         2.8               4
#> 202405   west       248      17         6.9               1
#> 202405   east       228      14         6.1               2
#> 202405  south       258      11         4.3               3
#> 202405  north       266      11         4.1               4
#> 202406   west       248      14         5.6               1
#> 202406  north       266      13         4.9               2
#> 202406   east       228      10         4.4               3
#> 202406  south       258       8         3.1               4

# Reconcile: every failed invoice is counted once, in exactly one period and region.
in_pandas = (invoices["status"] == "FAILED").sum()
print(f"failed invoices: {result['failed'].sum()} in SQL, {in_pandas} in pandas")
#> failed invoices: 146 in SQL, 146 in pandas
