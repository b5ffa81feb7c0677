"""Synthetic subscribers of "Streamwise", a fictional video-streaming service.

Every page of the series uses these tables. They are generated from a seed, so the same call
returns the same rows on every machine, and nothing is downloaded.
"""

import numpy as np
import pandas as pd
from faker import Faker

# --8<-- [start:constants]
PLANS = {"basic": 7.99, "standard": 12.99, "premium": 17.99}
REGIONS = ["north", "south", "east", "west"]
SNAPSHOT_DATE = pd.Timestamp("2024-06-30")  # the day the CRM export was taken
# --8<-- [end:constants]


# --8<-- [start:make_subscribers]
def make_subscribers(n: int = 1_000, seed: int = 42) -> pd.DataFrame:
    """Return one clean row per subscriber, with personal data and a churn label."""
    rng = np.random.default_rng(seed)
    fake = Faker("en_US")
    fake.seed_instance(seed)

    plan = rng.choice(list(PLANS), size=n, p=[0.45, 0.35, 0.20])
    tenure_months = rng.integers(1, 61, size=n)
    age = rng.integers(18, 80, size=n)
    watch_hours = np.round(rng.gamma(shape=2.0, scale=12.0, size=n), 1)
    support_tickets = rng.poisson(lam=0.8, size=n)
    payment_failures = rng.binomial(n=3, p=0.08, size=n)

    # Churn is driven by the behaviour columns, so models have real signal to find.
    logit = (
        -1.0
        - 0.05 * tenure_months
        - 0.04 * watch_hours
        + 0.55 * support_tickets
        + 0.90 * payment_failures
        + 0.40 * (plan == "basic")
    )
    churned = rng.random(n) < 1 / (1 + np.exp(-logit))

    signup_date = SNAPSHOT_DATE - pd.to_timedelta(tenure_months * 30, unit="D")
    return pd.DataFrame(
        {
            "customer_id": [f"C{i:05d}" for i in range(1, n + 1)],
            "name": [fake.name() for _ in range(n)],
            "email": [fake.unique.email() for _ in range(n)],
            "phone": [fake.numerify("###-###-####") for _ in range(n)],
            "ssn": [fake.ssn() for _ in range(n)],
            "birth_date": SNAPSHOT_DATE - pd.to_timedelta(age * 365.25, unit="D").floor("D"),
            "zip_code": [fake.zipcode() for _ in range(n)],
            "gender": rng.choice(["female", "male", "nonbinary"], size=n, p=[0.49, 0.49, 0.02]),
            "age": age,
            "region": rng.choice(REGIONS, size=n),
            "plan": plan,
            "monthly_fee": np.array([PLANS[p] for p in plan]),
            "signup_date": signup_date,
            "tenure_months": tenure_months,
            "watch_hours": watch_hours,
            "support_tickets": support_tickets,
            "payment_failures": payment_failures,
            "churned": churned,
        }
    )
# --8<-- [end:make_subscribers]


# --8<-- [start:make_messy_subscribers]
def make_messy_subscribers(n: int = 200, seed: int = 7) -> pd.DataFrame:
    """Return the CRM export as it really arrives: the clean table with five kinds of damage."""
    rng = np.random.default_rng(seed)
    df = make_subscribers(n, seed=seed)
    df["monthly_fee"] = df["monthly_fee"].map("{:.2f}".format).astype(object)
    df["age"] = df["age"].astype(object)

    rows = rng.choice(n, size=24, replace=False)
    # 1. Missing values: blank emails and unknown regions.
    df.loc[rows[:4], "email"] = None
    df.loc[rows[4:6], "region"] = None
    # 2. Wrong types: fees typed by hand with a currency sign or a decimal comma.
    df.loc[rows[6], "monthly_fee"] = "$" + df.loc[rows[6], "monthly_fee"]
    df.loc[rows[7], "monthly_fee"] = df.loc[rows[7], "monthly_fee"].replace(".", ",")
    # 3. Impossible values: a 212-year-old, negative viewing, a signup after the export.
    df.loc[rows[8], "age"] = 212
    df.loc[rows[9], "watch_hours"] = -3.5
    df.loc[rows[10], "signup_date"] = SNAPSHOT_DATE + pd.Timedelta(days=45)
    # 4. Inconsistent labels: the same plan typed three new ways.
    df.loc[rows[11], "plan"] = df.loc[rows[11], "plan"].title()
    df.loc[rows[12], "plan"] = df.loc[rows[12], "plan"] + " "
    df.loc[rows[13], "plan"] = df.loc[rows[13], "plan"].upper()
    # 5. Duplicates: three rows exported twice.
    dupes = df.loc[rows[14:17]]
    return pd.concat([df, dupes], ignore_index=True)
# --8<-- [end:make_messy_subscribers]


# --8<-- [start:make_billing]
def make_billing(subscribers: pd.DataFrame, months: int = 3, seed: int = 11) -> pd.DataFrame:
    """Return the billing system's invoices: its own account numbers, cents and period strings."""
    rng = np.random.default_rng(seed)
    periods = pd.period_range(end=SNAPSHOT_DATE.to_period("M"), periods=months, freq="M")
    account_no = subscribers["customer_id"].str[1:].astype(int)
    invoices = pd.DataFrame(
        {
            "account_no": np.repeat(account_no.to_numpy(), months),
            "period": np.tile(periods.strftime("%Y%m"), len(subscribers)),
            "amount_cents": np.repeat(
                np.round(subscribers["monthly_fee"].to_numpy() * 100).astype(int), months
            ),
        }
    )
    paid = rng.random(len(invoices)) > 0.05
    invoices["status"] = np.where(paid, "PAID", "FAILED")
    return invoices
# --8<-- [end:make_billing]
