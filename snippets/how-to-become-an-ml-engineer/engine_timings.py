"""Print and draw the timings bench_engines.py measured and saved in bench_engines.json."""

# --8<-- [start:timing]
import json
from pathlib import Path

import matplotlib.pyplot as plt

# bench_engines.py ran the four engines of benchmark_engines.py and saved what it measured here.
bench = json.loads(Path("bench_engines.json").read_text())
machine = bench["machine"]
where = f"{machine['system']}, {machine['processor']}, {machine['cpus']} CPUs"
print(f"measured {bench['measured']} on {where}, Python {machine['python']}")
#> measured 2026-11-28 on Linux, AMD EPYC, 2 CPUs, Python 3.11.7
print(", ".join(f"{package} {version}" for package, version in bench["versions"].items()))
#> numpy 2.4.6, pandas 3.1.1, polars 2.1.0, duckdb 2.0.1
print(f"load average as it started: {machine['load_average']}, on {machine['cpus']} CPUs")
#> load average as it started: 2.55, on 2 CPUs
seconds = {name: result["median_s"] for name, result in bench["results"].items()}
speedup = {name: seconds["pandas"] / median for name, median in seconds.items()}
table = "\n".join(
    f"{name:<13} {median:5.2f} s  {speedup[name]:.1f}x the speed of pandas"
    for name, median in seconds.items()
)
print(table)
#> pandas         1.93 s  1.0x the speed of pandas
#> Polars eager   1.08 s  1.8x the speed of pandas
#> Polars lazy    0.99 s  2.0x the speed of pandas
#> DuckDB         1.17 s  1.6x the speed of pandas
# --8<-- [end:timing]

# --8<-- [start:chart]
fig, ax = plt.subplots(figsize=(7, 3))
colours = ["#9e9e9e" if name == "pandas" else "#3f51b5" for name in speedup]
ax.barh(list(speedup), list(speedup.values()), height=0.5, color=colours)
for y, ratio in enumerate(speedup.values()):
    ax.text(ratio + 0.05, y, f"{ratio:.1f}x", va="center")
ax.axvline(1, color="#444444", linestyle="--", linewidth=1)  # pandas' own speed
ax.invert_yaxis()  # pandas on top, as in the printed table
ax.set_xlim(0, max(speedup.values()) * 1.25)
ax.set_xlabel(
    f"speed relative to pandas (higher is faster); measured {bench['measured']}, "
    f"{machine['cpus']} CPUs"
)
ax.set_title("Cleaning a million rows: speed relative to pandas")
fig.tight_layout()
fig.savefig("engine_speedups.svg")
plt.close(fig)
# --8<-- [end:chart]
