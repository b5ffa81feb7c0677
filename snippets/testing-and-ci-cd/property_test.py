"""Hypothesis finds the smallest batch that breaks a careless feature transformation."""
# --8<-- [start:setup]
import numpy as np
import pandas as pd
from hypothesis import find, settings
from hypothesis import strategies as st

from subscribers import PLANS, REGIONS

# --8<-- [end:setup]

# --8<-- [start:naive]
def tickets_per_month(rows: pd.DataFrame) -> pd.DataFrame:
    """The first version: support tickets divided by months of tenure."""
    return rows.assign(tickets_per_month=rows["support_tickets"] / rows["tenure_months"])


# Any subscriber the serving contract lets through: tenure 0 means "joined this month".
subscriber = st.fixed_dictionaries(
    {
        "plan": st.sampled_from(list(PLANS)),
        "region": st.sampled_from(REGIONS),
        "tenure_months": st.integers(0, 600),
        "support_tickets": st.integers(0, 1_000),
    }
)
batches = st.lists(subscriber, min_size=1, max_size=50).map(pd.DataFrame)


def breaks_the_property(rows: pd.DataFrame) -> bool:
    """True when the output loses or adds rows, or holds a value that is not a finite number."""
    out = tickets_per_month(rows)
    return len(out) != len(rows) or not np.isfinite(out["tickets_per_month"]).all()


smallest = find(batches, breaks_the_property, settings=settings(derandomize=True, database=None))
print(tickets_per_month(smallest).to_string())
#>     plan region  tenure_months  support_tickets  tickets_per_month
#> 0  basic  north              0                0                NaN
# --8<-- [end:naive]
