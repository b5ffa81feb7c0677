"""A month of viewing events, and three ways to total its minutes per region.

scaling.py checks that the three ways agree and bench_scaling.py times them: both import this
file, so the page and the benchmark always run the same code.
"""

# --8<-- [start:setup]
import numpy as np
import pandas as pd
import polars as pl

# --8<-- [end:setup]


# --8<-- [start:events]
def viewing_events(n_events: int = 500_000, seed: int = 0) -> pd.DataFrame:
    """A month of viewing events for a small service: where each one came from, and its length."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "region": rng.choice(["north", "south", "east", "west"], size=n_events),
            "minutes": rng.integers(1, 180, size=n_events),
        }
    )


# --8<-- [end:events]


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


# --8<-- [end:three_ways]
