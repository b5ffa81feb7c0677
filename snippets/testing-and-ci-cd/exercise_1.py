"""Exercise 1: fix the careless feature, then let Hypothesis look for a batch that still breaks."""
# --8<-- [start:setup]
import numpy as np
import pandas as pd
from hypothesis import find, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample

from subscribers import PLANS

# --8<-- [end:setup]

# --8<-- [start:solution]
def tickets_per_month(rows: pd.DataFrame) -> pd.DataFrame:
    """Fixed: a subscriber in their first month (tenure 0) counts one month."""
    months = np.maximum(rows["tenure_months"], 1)
    return rows.assign(tickets_per_month=rows["support_tickets"] / months)


subscriber = st.fixed_dictionaries(
    {
        "plan": st.sampled_from(list(PLANS)),
        "tenure_months": st.integers(0, 600),
        "support_tickets": st.integers(0, 1_000),
    }
)
batches = st.lists(subscriber, min_size=1, max_size=50).map(pd.DataFrame)
search = settings(derandomize=True, database=None, max_examples=100)


def not_finite_or_rows_lost(rows: pd.DataFrame) -> bool:
    out = tickets_per_month(rows)
    return len(out) != len(rows) or not np.isfinite(out["tickets_per_month"]).all()


def an_extra_ticket_lowers_it(rows: pd.DataFrame) -> bool:
    before = tickets_per_month(rows)["tickets_per_month"]
    after = tickets_per_month(rows.assign(support_tickets=rows["support_tickets"] + 1))
    return (after["tickets_per_month"] < before).any()


def search_for(breaks) -> str:
    """The smallest batch that breaks the property, or a note that none was found."""
    try:
        return tickets_per_month(find(batches, breaks, settings=search)).to_string()
    except NoSuchExample:
        return f"{breaks.__name__}: no such batch in {search.max_examples} tries"


print(search_for(not_finite_or_rows_lost))
#> not_finite_or_rows_lost: no such batch in 100 tries
print(search_for(an_extra_ticket_lowers_it))
#> an_extra_ticket_lowers_it: no such batch in 100 tries
# --8<-- [end:solution]
