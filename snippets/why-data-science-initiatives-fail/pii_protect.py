"""Replace direct identifiers with keyed-hash tokens, then generalise the rest until k-anonymous."""

# --8<-- [start:setup]
import hashlib
import hmac

import pandas as pd

from subscribers import make_subscribers

subscribers = make_subscribers()  # 1,000 rows
# --8<-- [end:setup]

# --8<-- [start:pseudonymise]
def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


# A plain hash hides nothing when the possible inputs can be listed: IDs run C00001 to C99999.
lookup = {sha256(f"C{i:05d}"): f"C{i:05d}" for i in range(1, 100_000)}
print("plain hash reversed:", lookup[sha256("C00042")])
#> plain hash reversed: C00042

# A keyed hash (HMAC) cannot be recomputed without the key. The key is fixed so that this page
# is reproducible; in production it lives in a secrets manager, never in code or beside the data.
KEY = b"streamwise-demo-key-not-for-production"


def pseudonymise(value: str, key: bytes = KEY) -> str:
    """Turn an identifier into a token: the same value and key always give the same token."""
    return hmac.new(key, value.strip().lower().encode(), hashlib.sha256).hexdigest()[:16]


email = subscribers.loc[0, "email"]
print(pseudonymise(email), "<-", email)
#> 51924a3c5439fe12 <- qjacobson@example.org
print(pseudonymise(f" {email.upper()}"), "<- the same address, typed differently")
#> 51924a3c5439fe12 <- the same address, typed differently
print(pseudonymise(email, key=b"another-teams-key"), "<- the same address, another key")
#> f080eec405e38207 <- the same address, another key

# Each export swaps its IDs for tokens with the same key, so the tables still join.
crm = subscribers[["customer_id", "plan", "churned"]]
tickets = subscribers.loc[subscribers["support_tickets"] > 0, ["customer_id", "support_tickets"]]
crm = crm.assign(customer=crm.pop("customer_id").map(pseudonymise))
tickets = tickets.assign(customer=tickets.pop("customer_id").map(pseudonymise))
joined = tickets.merge(crm, on="customer")[["customer", "plan", "support_tickets", "churned"]]
print(f"{len(tickets)} customers with tickets, {len(joined)} matched in the CRM by token")
#> 541 customers with tickets, 541 matched in the CRM by token
print(joined.head(3).to_string(index=False))
#>         customer     plan  support_tickets  churned
#> 335a32dc388f17c7    basic                2    False
#> 0d90348a4426aac2 standard                1    False
#> b23ea98c63dcf3e9 standard                1    False
# --8<-- [end:pseudonymise]

# --8<-- [start:generalise]
K = 5  # every combination of quasi-identifiers must be shared by at least K people


def k_report(table: pd.DataFrame) -> dict[str, int]:
    """How many groups the quasi-identifiers form, the smallest one, and who is exposed."""
    sizes = table.value_counts()  # one count per distinct combination of the columns
    return {
        "groups": len(sizes),
        "smallest": int(sizes.min()),
        f"people in groups < {K}": int(sizes[sizes < K].sum()),
    }


decade = subscribers["age"] // 10 * 10
age_band = decade.astype(str) + "-" + (decade + 9).astype(str)  # 37 -> "30-39"
versions = {  # name: (zip code, age), each version coarser than the one before
    "zip, age, gender": (subscribers["zip_code"], subscribers["age"]),
    "zip[:3], age band, gender": (subscribers["zip_code"].str[:3], age_band),
    "zip[:1], age band, gender": (subscribers["zip_code"].str[:1], age_band),
}
tables = {
    name: pd.DataFrame({"zip": zip_code, "age": age, "gender": subscribers["gender"]})
    for name, (zip_code, age) in versions.items()
}
print(pd.DataFrame({name: k_report(table) for name, table in tables.items()}).T)
#>                            groups  smallest  people in groups < 5
#> zip, age, gender             1000         1                  1000
#> zip[:3], age band, gender     958         1                  1000
#> zip[:1], age band, gender     151         1                    80

# What generalising could not hide, suppress: drop the people still in groups smaller than K.
coarse = tables["zip[:1], age band, gender"]
group_size = coarse.groupby(list(coarse.columns))["zip"].transform("size")
released = coarse[group_size >= K]
print("suppressed:", len(coarse) - len(released), "people;", k_report(released))
#> suppressed: 80 people; {'groups': 109, 'smallest': 5, 'people in groups < 5': 0}
# Suppression is not neutral: it removes the people who are rare, who are often the ones a
# model most needs to see.
kept = (group_size >= K).groupby(coarse["gender"]).mean().round(2)
print("share kept per gender:", kept.to_dict())
#> share kept per gender: {'female': 0.93, 'male': 0.94, 'nonbinary': 0.0}
# --8<-- [end:generalise]
