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


# --8<-- [start:churn_probability]
def churn_probability(tenure_months, watch_hours, support_tickets, payment_failures, plan):
    """The chance that a subscriber cancels, as the generator draws it from five columns.

    No other column (age, gender, region...) plays any part. A real business never knows this
    function; here it tells us the best score any model could reach on average.
    """
    logit = (
        -1.0
        - 0.05 * tenure_months
        - 0.04 * watch_hours
        + 0.55 * support_tickets
        + 0.90 * payment_failures
        + 0.40 * (plan == "basic")
    )
    return 1 / (1 + np.exp(-logit))
# --8<-- [end:churn_probability]


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

    # Churn is driven by the behaviour columns, so models have real signal to find; drawing it
    # at random from that probability is the noise no model can remove.
    risk = churn_probability(tenure_months, watch_hours, support_tickets, payment_failures, plan)
    churned = rng.random(n) < risk

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


# --8<-- [start:clean_subscribers]
def clean_subscribers(export: pd.DataFrame) -> pd.DataFrame:
    """Return the CRM export cleaned by the one set of rules every page of the series uses.

    A value whose meaning is clear is repaired; a row holding a value that cannot be true is
    dropped, because nobody can tell what it should have been.
    """
    clean = (
        # The export sometimes runs twice: an identical row is the same customer, not a new one.
        export.drop_duplicates()
        .assign(
            # "Basic", "standard " and "STANDARD" are typing variants of the three plans.
            plan=lambda d: d["plan"].str.strip().str.lower(),
            # "$17.99" and "12,99" were typed by hand and mean 17.99 and 12.99. Any other format
            # raises here: a new kind of damage should be looked at, not guessed.
            monthly_fee=lambda d: pd.to_numeric(
                d["monthly_fee"].astype(str).str.replace("$", "", regex=False).str.replace(",", ".")
            ),
            age=lambda d: pd.to_numeric(d["age"]),
            # An unknown region is a gap in one column, not a wrong row: keep the subscriber,
            # under a label that a group-by or an encoder cannot skip without anyone noticing.
            region=lambda d: d["region"].fillna("unknown"),
        )
        # Values that cannot be true. Accounts are held by adults, and an age over 110 is a
        # typing error; viewing time is never negative; nobody signs up after the export.
        .loc[
            lambda d: d["age"].between(18, 110)
            & (d["watch_hours"] >= 0)
            & (d["signup_date"] <= SNAPSHOT_DATE)
        ]
    )
    # A blank email is kept: no model or summary here uses the address, and dropping those
    # customers would quietly remove them from every churn figure.
    return clean.reset_index(drop=True)
# --8<-- [end:clean_subscribers]


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


# --8<-- [start:retention_trial]
def retention_trial(subscribers: pd.DataFrame, seed: int = 5, offer_share: float = 0.5):
    """Return the subscribers after a randomised trial of a retention offer.

    A random `offer_share` of them get the offer; churn is drawn again, from each subscriber's
    risk with or without it. The offer works differently by segment: it changes the log-odds of
    churning by -1.5 for a subscriber with a failed payment (it settles the bill), by -0.4 on
    the basic plan, by +0.3 for premium subscribers of two years or more (the reminder prompts
    them to cancel), and by -0.2 for everyone else. Both risks are returned, so the true effect
    of offering it to anyone is known; a real business sees only `offered` and `churned`.
    """
    rng = np.random.default_rng(seed)
    rows = subscribers.copy()
    risk = churn_probability(rows["tenure_months"], rows["watch_hours"], rows["support_tickets"],
                             rows["payment_failures"], rows["plan"])
    effect = np.select(
        [
            rows["payment_failures"] > 0,
            rows["plan"] == "basic",
            (rows["plan"] == "premium") & (rows["tenure_months"] >= 24),
        ],
        [-1.5, -0.4, 0.3],
        default=-0.2,
    )
    logit = np.log(risk / (1 - risk)) + effect
    rows["risk_without_offer"] = risk
    rows["risk_with_offer"] = 1 / (1 + np.exp(-logit))
    rows["offered"] = rng.random(len(rows)) < offer_share
    chance = np.where(rows["offered"], rows["risk_with_offer"], rows["risk_without_offer"])
    rows["churned"] = rng.random(len(rows)) < chance
    return rows
# --8<-- [end:retention_trial]
