"""Write a benchmark's record: when, on what machine and with which versions it was measured.

Every bench_<topic>.py script imports this: save it beside the script, as you save
subscribers.py. Call machine() before the work starts (its load average says how busy the
machine was), then write_record() with the timings.
"""

import json
import os
import platform
import re
import statistics
from datetime import date
from importlib.metadata import version
from pathlib import Path


def machine() -> dict:
    """What the numbers were measured on."""
    cpuinfo = Path("/proc/cpuinfo")  # Linux names the CPU model here; elsewhere, the platform
    names = re.findall(r"model name\s*:\s*(.+)", cpuinfo.read_text()) if cpuinfo.is_file() else []
    return {
        "system": platform.system(),
        "platform": platform.platform(),
        "processor": names[0] if names else platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "load_average": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
    }


def sig(seconds: float) -> float:
    """Seconds to four significant digits."""
    return float(f"{seconds:.4g}")


def _summary(results: dict) -> dict:
    """A list of timings becomes its median and runs; a dict groups more results; anything
    else (a figure already summarised) is kept as it is."""
    summary = {}
    for name, value in results.items():
        if isinstance(value, list):
            runs = [sig(s) for s in value]
            summary[name] = {"median_s": sig(statistics.median(value)), "runs_s": runs}
        elif isinstance(value, dict):
            summary[name] = _summary(value)
        else:
            summary[name] = value
    return summary


def write_record(
    path: str | Path,
    *,
    versions: list[str],
    method: str,
    results: dict[str, list[float]],
    about: dict | None = None,
) -> dict:
    """Write the record as JSON to path and return it. results maps each candidate to its
    timings in seconds (or to a group of such results); versions names the distributions whose
    versions matter; about is machine(), taken before the work started (now, if not given)."""
    record = {
        "measured": date.today().isoformat(),
        "machine": about if about is not None else machine(),
        "versions": {name: version(name) for name in versions},
        "method": method,
        "results": _summary(results),  # seconds, to four significant digits
    }
    Path(path).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return record
