"""Promise: every benchmark script runs and writes a record shaped like the committed one, and
every committed record says when, on what machine and with which versions it was measured.

Pages never print a clock: under load the printed buckets flipped from run to run. A page prints
the timings from snippets/<page>/bench_<topic>.json, which bench_<topic>.py wrote. Here each
script runs in smoke mode (BENCH_SMOKE=1: one round on tiny data), in a temp folder, exactly as
`python -m docsite.benchmark` runs it: that proves the script works, not what it measures.

Check:   pytest tests/test_benchmarks.py
Refresh: make benchmark   (python -m docsite.benchmark [--only NAME]), then make update-examples
"""

import json
from datetime import date
from pathlib import Path

import pytest

from docsite.benchmark import BenchmarkFailed, record_path, run_benchmark
from docsite.model import SNIPPETS, benchmark_scripts, rel

MACHINE_FACTS = ("system", "platform", "processor", "cpus", "python")
REFRESH = "Rewrite it: `python -m docsite.benchmark --only {name}`, then `make update-examples`."


def _kind(value) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "number"
    return {str: "text", list: "list", dict: "object"}.get(type(value), type(value).__name__)


def _shape_differences(fresh, committed, where: str = "") -> list[str]:
    """Where two records differ in keys or in the kind of a value (null matches any kind: a
    machine may lack a fact). Lists are compared by kind only: a smoke run has fewer runs."""
    if fresh is None or committed is None:
        return []
    if _kind(fresh) != _kind(committed):
        return [f"{where or 'the record'}: committed {_kind(committed)}, now {_kind(fresh)}"]
    if not isinstance(fresh, dict):
        return []
    prefix = f"{where}." if where else ""
    problems = [f"{prefix}{key}: only in the committed record" for key in committed.keys() - fresh]
    problems += [f"{prefix}{key}: not in the committed record" for key in fresh.keys() - committed]
    for key in fresh.keys() & committed.keys():
        problems += _shape_differences(fresh[key], committed[key], f"{prefix}{key}")
    return problems


def _missing_facts(record: dict) -> list[str]:
    """What a committed record must say for its numbers to mean anything."""
    problems = []
    try:
        date.fromisoformat(record.get("measured", ""))
    except (TypeError, ValueError):
        problems.append(f"'measured' is {record.get('measured')!r}, not an ISO date (2026-11-28)")
    machine = record.get("machine") or {}
    problems += [f"machine.{fact} is missing" for fact in MACHINE_FACTS if not machine.get(fact)]
    versions = record.get("versions") or {}
    if not versions or not all(isinstance(v, str) and v for v in versions.values()):
        problems.append(f"'versions' names no library with its version: {versions!r}")
    if not record.get("method"):
        problems.append("'method' does not say how it was measured")
    if not record.get("results"):
        problems.append("'results' is empty")
    return problems


@pytest.mark.parametrize(
    "script", benchmark_scripts(), ids=lambda p: p.relative_to(SNIPPETS).as_posix()
)
def test_benchmark_runs_and_its_record_is_complete(script: Path, tmp_path: Path):
    committed_path = record_path(script)
    refresh = REFRESH.format(name=script.stem)
    if not committed_path.is_file():
        pytest.fail(f"{rel(committed_path)} is not committed. {refresh}", pytrace=False)
    committed = json.loads(committed_path.read_text(encoding="utf-8"))
    if missing := _missing_facts(committed):
        pytest.fail(f"{rel(committed_path)}: " + "; ".join(missing) + f". {refresh}", pytrace=False)

    try:
        fresh_path = run_benchmark(script, tmp_path, smoke=True, capture=True, timeout=300)
    except BenchmarkFailed as exc:
        pytest.fail(
            f"{exc}\nRun it alone: python -m docsite.benchmark --smoke --only {script.stem}",
            pytrace=False,
        )
    fresh = json.loads(fresh_path.read_text(encoding="utf-8"))
    if differences := _shape_differences(fresh, committed):
        pytest.fail(
            f"{rel(script)} now writes a record shaped unlike {rel(committed_path)}, which the "
            "page reads:\n  " + "\n  ".join(sorted(differences)) + f"\n{refresh}",
            pytrace=False,
        )
