"""The same aggregation three ways: a row-by-row loop, pandas, and Polars."""

# --8<-- [start:setup]
import json
from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl

# --8<-- [end:setup]

# --8<-- [start:data]
rng = np.random.default_rng(0)
n_events = 500_000  # a month of viewing events for a small service
events = pd.DataFrame(
    {
        "region": rng.choice(["north", "south", "east", "west"], size=n_events),
        "minutes": rng.integers(1, 180, size=n_events),
    }
)
# --8<-- [end:data]


# --8<-- [start:three_ways]
def row_by_row(df: pd.DataFrame) -> dict[str, int]:
    """What a script written for a 1,000-row spreadsheet does: touch every row in Python."""
    totals: dict[str, int] = {}
    for region, minutes in zip(df["region"].tolist(), df["minutes"].tolist(), strict=True):
        totals[region] = totals.get(region, 0) + minutes
    return dict(sorted(totals.items()))


def with_pandas(df: pd.DataFrame) -> dict[str, int]:
    return df.groupby("region")["minutes"].sum().to_dict()


def with_polars(df: pl.DataFrame) -> dict[str, int]:
    totals = df.group_by("region").agg(pl.col("minutes").sum()).sort("region")
    return dict(totals.iter_rows())


events_pl = pl.from_pandas(events)
results = [row_by_row(events), with_pandas(events), with_polars(events_pl)]
print(results[0])
#> {'east': 11262971, 'north': 11194450, 'south': 11314403, 'west': 11272121}
print("all three agree:", results[0] == results[1] == results[2])
#> all three agree: True
# --8<-- [end:three_ways]


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
