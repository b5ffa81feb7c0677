"""The same aggregation three ways (viewing_events.py): a row-by-row loop, pandas, and Polars."""

# --8<-- [start:setup]
import json
from pathlib import Path

import polars as pl

from viewing_events import row_by_row, viewing_events, with_pandas, with_polars

# --8<-- [end:setup]

# --8<-- [start:compare]
events = viewing_events()  # half a million events: a month of viewing for a small service
events_pl = pl.from_pandas(events)
results = [row_by_row(events), with_pandas(events), with_polars(events_pl)]
print(results[0])
#> {'east': 11262971, 'north': 11194450, 'south': 11314403, 'west': 11272121}
print("all three agree:", results[0] == results[1] == results[2])
#> all three agree: True
# --8<-- [end:compare]


# --8<-- [start:timing]
# bench_scaling.py timed the three functions above and saved what it measured in this record.
bench = json.loads(Path("bench_scaling.json").read_text())
machine = bench["machine"]
where = f"{machine['system']}, {machine['processor']}, {machine['cpus']} CPUs"
print(f"measured {bench['measured']} on {where}, Python {machine['python']}")
#> measured 2026-11-28 on Linux, AMD EPYC, 2 CPUs, Python 3.11.7
median_ms = {name: result["median_s"] * 1000 for name, result in bench["results"].items()}
print("\n".join(f"{name:<10} {ms:6.1f} ms" for name, ms in median_ms.items()))
#> row by row  273.0 ms
#> pandas       39.4 ms
#> Polars       16.5 ms
slowdown = median_ms["row by row"] / min(median_ms["pandas"], median_ms["Polars"])
print(f"row by row takes {slowdown:.0f}x as long as the faster library")
#> row by row takes 17x as long as the faster library
# --8<-- [end:timing]

# --8<-- [start:memory]
print(f"pandas holds the table in {events.memory_usage(deep=True).sum() / 1e6:.0f} MB")
#> pandas holds the table in 10 MB
print(f"Polars holds the table in {events_pl.estimated_size() / 1e6:.0f} MB")
#> Polars holds the table in 6 MB
# --8<-- [end:memory]
