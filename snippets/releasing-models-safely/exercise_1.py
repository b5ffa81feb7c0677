"""Exercise 1: sticky buckets against a coin tossed on every request."""
import numpy as np

from router import bucket

customers = [f"C{i:05d}" for i in range(1, 10_001)]
buckets = np.array([bucket(c) for c in customers])
shares = [5, 25, 50]
print("\n".join(f"share {share:>2}: {np.mean(buckets < share):.2%} of subscribers in the canary"
                for share in shares))
#> share  5: 5.27% of subscribers in the canary
#> share 25: 24.59% of subscribers in the canary
#> share 50: 49.30% of subscribers in the canary

# Raising the share only adds buckets: everyone in the 5% step is still in the 25% step.
at_5, at_25 = buckets < 5, buckets < 25
print(f"in the canary at 5%: {at_5.sum()}, of them still in it at 25%: {(at_5 & at_25).sum()}")
#> in the canary at 5%: 527, of them still in it at 25%: 527

# Each subscriber asks 3 times. The router's rule hashes the id again on every request; a coin
# instead sends each request to the challenger with probability share / 100.
rng = np.random.default_rng(0)
lines = []
for share in shares:
    by_bucket = np.array([[bucket(c) < share for _ in range(3)] for c in customers])
    by_coin = rng.random((len(customers), 3)) < share / 100
    both = [(routes.any(axis=1) & ~routes.all(axis=1)).sum() for routes in (by_bucket, by_coin)]
    lines.append(f"share {share:>2}: subscribers who met both models: by bucket {both[0]}, "
                 f"by coin {both[1]}")
print("\n".join(lines))
#> share  5: subscribers who met both models: by bucket 0, by coin 1429
#> share 25: subscribers who met both models: by bucket 0, by coin 5567
#> share 50: subscribers who met both models: by bucket 0, by coin 7468
