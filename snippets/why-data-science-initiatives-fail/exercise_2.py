"""Exercise 2: the model's own features as quasi-identifiers. Whom do they single out?"""

import pandas as pd

from subscribers import make_subscribers

subscribers = make_subscribers()  # 1,000 rows
K = 5  # as in the lesson: nobody may share their combination with fewer than K - 1 others

decade = subscribers["age"] // 10 * 10
features = pd.DataFrame(
    {
        "region": subscribers["region"],
        "plan": subscribers["plan"],
        "age_band": decade.astype(str) + "s",  # 37 -> "30s"
        "gender": subscribers["gender"],
    }
)


def exposed(table: pd.DataFrame) -> int:
    """How many people are in a group of fewer than K with the same values in every column."""
    sizes = table.value_counts()
    return int(sizes[sizes < K].sum())


print(f"region, plan, age band, gender: {exposed(features)} people in groups smaller than {K}")
#> region, plan, age band, gender: 151 people in groups smaller than 5
for column in features.columns:
    print(f"  without {column:<9} {exposed(features.drop(columns=column)):>4}")
    #>   without region      28
    #>   without plan        34
    #>   without age_band    18
    #>   without gender      21

group_size = features.groupby(list(features.columns))["plan"].transform("size")
share = (group_size < K).groupby(features["gender"]).mean().round(2)
print("share exposed, by gender:", share.to_dict())
#> share exposed, by gender: {'female': 0.14, 'male': 0.13, 'nonbinary': 1.0}
