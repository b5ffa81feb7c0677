"""Checkpointed pipeline steps (cached_pipeline.py): a re-run loads fitted steps, not refits."""

# --8<-- [start:setup]
import json
import tempfile
from pathlib import Path

from cached_pipeline import UnusualUsage, make_pipeline, training_data

X, y = training_data()  # 1,000 subscribers
# --8<-- [end:setup]

# --8<-- [start:rerun]
with tempfile.TemporaryDirectory() as cache_dir:
    make_pipeline(cache_dir).fit(X, y)
    print("feature step fits after the first fit:", UnusualUsage.fits)
    #> feature step fits after the first fit: 1
    make_pipeline(cache_dir).fit(X, y)
    print("after fitting the same pipeline again:", UnusualUsage.fits)
    #> after fitting the same pipeline again: 1
    make_pipeline(cache_dir, c=1.0).fit(X, y)
    print("after changing the classifier's C:   ", UnusualUsage.fits)
    #> after changing the classifier's C:    1
    make_pipeline(cache_dir).set_params(features__unusual__n_estimators=100).fit(X, y)
    print("after changing the feature step:     ", UnusualUsage.fits)
    #> after changing the feature step:      2
# --8<-- [end:rerun]


# --8<-- [start:timing]
# bench_cache.py fitted this pipeline on an empty cache, then again, and saved the timings here.
bench = json.loads(Path("bench_cache.json").read_text())
machine = bench["machine"]
where = f"{machine['system']}, {machine['processor']}, {machine['cpus']} CPUs"
print(f"measured {bench['measured']} on {where}, Python {machine['python']}")
#> measured 2026-11-28 on Linux, AMD EPYC, 2 CPUs, Python 3.11.7
cold = bench["results"]["empty cache"]["median_s"]
warm = bench["results"]["cached features"]["median_s"]
print(f"first fit, empty cache:         {cold:.2f} s")
#> first fit, empty cache:         1.54 s
print(f"second fit, features from cache: {warm:.2f} s, {cold / warm:.1f}x faster")
#> second fit, features from cache: 0.23 s, 6.6x faster
# --8<-- [end:timing]
