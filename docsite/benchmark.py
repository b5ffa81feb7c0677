"""Time the pages' comparisons and rewrite the records the pages print them from.

Each snippets/<page>/bench_<topic>.py times what its page compares and writes bench_<topic>.json
into its working folder. Printed timings would change from run to run, so the page's snippet
prints from that committed record instead, and says where and when it was measured.

    python -m docsite.benchmark                 run every benchmark, rewrite every record
    python -m docsite.benchmark --only engines  just bench_engines.py (name, stem or path)
    python -m docsite.benchmark --smoke         check that every script runs; records untouched

Then run `make update-examples`: the pages print from the new records.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from docsite.model import BENCHMARK_RECORDER, SNIPPETS, benchmark_scripts, rel
from docsite.sandbox import OFFLINE_ENV, prepare

SMOKE_VARIABLE = "BENCH_SMOKE"  # =1: one round on tiny data, to check that a script works
# One BLAS thread, as in the snippets' runs: a model fit on two cores should not race itself.
BENCH_ENV = {**OFFLINE_ENV, "OPENBLAS_NUM_THREADS": "1", "PYTHONDONTWRITEBYTECODE": "1"}


class BenchmarkFailed(RuntimeError):
    pass


def record_path(script: Path) -> Path:
    """bench_engines.py -> bench_engines.json, beside it: the committed record."""
    return script.with_suffix(".json")


def run_benchmark(
    script: Path,
    workdir: Path,
    *,
    smoke: bool = False,
    capture: bool = False,
    timeout: float | None = None,
) -> Path:
    """Run a benchmark script in workdir, beside copies of its folder's files, the dataset
    module and benchrecord.py, with the current Python; return the record it wrote there.

    The committed record is not copied in, so a script that writes nothing cannot pass for one
    that wrote the same record again.
    """
    record = workdir / record_path(script).name
    for path in script.parent.iterdir():
        if path.is_file() and path.name != record.name and path.suffix != ".pyc":
            shutil.copy(path, workdir / path.name)
    prepare(workdir, script, leave_out=(record.name,))  # what its page offers beside it
    for shared in (SNIPPETS / "dataset" / "subscribers.py", BENCHMARK_RECORDER):
        shutil.copy(shared, workdir / shared.name)
    env = {**os.environ, **BENCH_ENV}
    env.pop(SMOKE_VARIABLE, None)
    if smoke:
        env[SMOKE_VARIABLE] = "1"
    try:
        done = subprocess.run(
            [sys.executable, script.name],
            cwd=workdir,
            env=env,
            capture_output=capture,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as exc:
        raise BenchmarkFailed(f"{rel(script)} did not finish within {timeout:.0f} s") from exc
    if done.returncode != 0:
        output = f":\n{done.stdout}{done.stderr}" if capture else " (its output is above)"
        raise BenchmarkFailed(f"{rel(script)} exited with code {done.returncode}{output}")
    if not record.is_file():
        raise BenchmarkFailed(f"{rel(script)} ran but wrote no {record.name} in its folder")
    return record


def _matches(script: Path, name: str) -> bool:
    name = name.removesuffix(".py")
    return name in {
        script.stem,
        script.stem.removeprefix("bench_"),
        rel(script).removesuffix(".py"),
        f"{script.parent.name}/{script.stem}",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m docsite.benchmark",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        help="run only this benchmark: engines, bench_engines or its path (repeatable)",
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help=f"{SMOKE_VARIABLE}=1: one round on tiny data, to check the scripts; records untouched",
    )
    args = parser.parse_args(argv)
    scripts = benchmark_scripts()
    if args.only:
        scripts = [s for s in scripts if any(_matches(s, name) for name in args.only)]
        if not scripts:
            names = ", ".join(s.stem for s in benchmark_scripts())
            parser.error(f"no benchmark is called {', '.join(args.only)}; there are: {names}")
    started = time.perf_counter()
    for script in scripts:
        print(f"== {rel(script)}", flush=True)
        began = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="bench-") as workdir:
            try:
                record = run_benchmark(script, Path(workdir), smoke=args.smoke)
            except BenchmarkFailed as exc:
                print(exc, file=sys.stderr)
                return 1
            if not args.smoke:
                shutil.copy(record, record_path(script))
        done = "ran" if args.smoke else f"wrote {rel(record_path(script))}"
        print(f"   {done} in {time.perf_counter() - began:.0f} s")
    elapsed = f"{time.perf_counter() - started:.0f} s"
    if args.smoke:
        print(f"{len(scripts)} benchmark(s) ran in smoke mode in {elapsed}; no record changed.")
    else:
        print(
            f"{len(scripts)} record(s) rewritten in {elapsed}. Now run `make update-examples`: "
            "the pages print from these records. Then re-read the prose around each timing "
            "block: it quotes them."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
