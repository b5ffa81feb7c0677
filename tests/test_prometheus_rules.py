"""Promise: the alert rules a page shows are valid Prometheus rules, and every alert is unit-tested.

Every YAML file a page includes is sorted by what it holds:

- a rules file (top-level `groups`) must pass `promtool check rules`;
- a rules test file (`rule_files` and `tests`) must pass `promtool test rules`, run in its folder;
- every alert of a rules file must be checked by at least one test case of a test file that
  loads it (an untested rule is one nobody has seen fire);
- a real Prometheus scrapes the churn service of "The production loop" and evaluates one rule's
  expression over what it scraped, through its HTTP API;
- a real Prometheus scrapes the release router of "Releasing models safely" during a canary of a
  challenger that fails on live requests: the page's controller, asking Prometheus the page's
  rule, rolls it back by alias, the rule fires, and every request is answered.

promtool and prometheus come with Debian's `prometheus` package. Without them these tests are
skipped, with a hint, on a contributor's machine, and fail under CI (CI=true): CI must run them.

Check: pytest tests/test_prometheus_rules.py
"""

import contextlib
import math
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
import yaml

from docsite.archive import make_zip
from docsite.model import SNIPPETS, pages, rel
from docsite.sandbox import SNIPPET_ENV

PAGE = SNIPPETS / "the-production-loop"
RELEASE_PAGE = SNIPPETS / "releasing-models-safely"
CHURN_PROJECT = SNIPPETS / "testing-and-ci-cd" / "churn-project"
INSTALL_HINT = (
    "Install it with `sudo apt-get install prometheus` (Debian/Ubuntu; it provides promtool "
    "too), or take both binaries from https://prometheus.io/download/."
)


def _tool(name: str) -> str:
    """The path of a Prometheus binary; skip without it, but fail under CI."""
    if found := shutil.which(name):
        return found
    message = f"`{name}` is not on PATH, so the alert rules the pages show go untested. "
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(
            message + INSTALL_HINT + " CI must install it: apt-get install prometheus.",
            pytrace=False,
        )
    pytest.skip(message + INSTALL_HINT)


def _shown_yaml() -> dict[Path, dict]:
    """Every YAML file a page includes, parsed (a file of several documents is left out)."""
    found = {}
    for page in pages():
        for include in page.includes():
            if include.file.suffix in {".yml", ".yaml"} and include.file.is_file():
                with contextlib.suppress(yaml.YAMLError):
                    found[include.file] = yaml.safe_load(include.file.read_text(encoding="utf-8"))
    return {path: doc for path, doc in sorted(found.items()) if isinstance(doc, dict)}


SHOWN = _shown_yaml()
RULE_FILES = [path for path, doc in SHOWN.items() if "groups" in doc]
RULE_TESTS = [path for path, doc in SHOWN.items() if {"rule_files", "tests"} <= doc.keys()]


def _promtool(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [_tool("promtool"), *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_pages_show_rules_and_their_tests():
    assert RULE_FILES, "no page includes a Prometheus rules file (a YAML file with `groups`)"
    assert RULE_TESTS, "no page includes a promtool test file (`rule_files` and `tests`)"


@pytest.mark.parametrize("path", RULE_FILES, ids=rel)
def test_rules_pass_promtool_check(path: Path):
    done = _promtool("check", "rules", path.name, cwd=path.parent)
    assert done.returncode == 0, (
        f"{rel(path)}: `promtool check rules {path.name}` failed:\n{done.stdout}{done.stderr}"
    )


@pytest.mark.parametrize("path", RULE_TESTS, ids=rel)
def test_rule_tests_pass_promtool_test(path: Path):
    done = _promtool("test", "rules", path.name, cwd=path.parent)
    assert done.returncode == 0, (
        f"{rel(path)}: `promtool test rules {path.name}` failed:\n{done.stdout}{done.stderr}"
    )


def _alerts(rules: dict) -> set[str]:
    return {r["alert"] for group in rules["groups"] for r in group["rules"] if "alert" in r}


@pytest.mark.parametrize("path", RULE_FILES, ids=rel)
def test_every_alert_has_a_unit_test(path: Path):
    tested = {
        case["alertname"]
        for test_file in RULE_TESTS
        if path in {test_file.parent / name for name in SHOWN[test_file]["rule_files"]}
        for test in SHOWN[test_file]["tests"]
        for case in test.get("alert_rule_test", [])
    }
    untested = sorted(_alerts(SHOWN[path]) - tested)
    assert not untested, (
        f"{rel(path)}: no promtool test case checks {untested}. Add an alert_rule_test for each "
        "to a test file whose rule_files names this file: one case where it stays silent, one "
        "where it fires."
    )


# --- a real Prometheus ---------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def _process(args: list[str], log: Path, **kwargs):
    """A process for the with-block; terminated, and waited for, whatever happens."""
    with log.open("w") as output:
        process = subprocess.Popen(args, stdout=output, stderr=subprocess.STDOUT, **kwargs)
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_for(url: str, process: subprocess.Popen, log: Path, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while True:
        assert process.poll() is None, f"{process.args[0]} exited:\n{log.read_text()}"
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        late = f"{url} did not answer in {seconds} s:\n{log.read_text()}"
        assert time.monotonic() < deadline, late
        time.sleep(0.2)


def _register(project: Path, env: dict) -> None:
    """The churn project's own commands, as its workflow runs them: a gated version registered
    as @champion."""
    for command in ["validate", "train", "evaluate", "gate", "register"]:
        done = subprocess.run(
            [sys.executable, "-m", "churn", command],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, f"python -m churn {command} failed:\n{done.stderr}"


def _registry(tmp_path: Path) -> dict:
    """The churn project, unpacked as a reader gets it, with a champion registered by its own
    commands; returns the environment the service needs."""
    archive = make_zip(CHURN_PROJECT, tmp_path / "churn-project.zip")
    shutil.unpack_archive(archive, tmp_path)
    project = tmp_path / "churn-project"
    env = {
        **os.environ,
        **SNIPPET_ENV,
        "PYTHONPATH": str(project / "src"),
        "MLFLOW_TRACKING_URI": f"sqlite:///{tmp_path / 'mlflow.db'}",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    _register(project, env)
    return {
        **env,
        "REFERENCE_ROWS": str(project / "build" / "eval.csv"),
        "PREDICTION_LOG": str(tmp_path / "predictions.db"),
    }


def test_a_real_prometheus_scrapes_the_service_and_evaluates_a_rule(tmp_path: Path):
    prometheus = _tool("prometheus")
    env = _registry(tmp_path)
    shutil.copy(PAGE / "service.py", tmp_path)
    service_port, prometheus_port = _free_port(), _free_port()
    # The page's prometheus.yml and alerts.yml, scraping every second instead of every 15 s.
    config = yaml.safe_load((PAGE / "prometheus.yml").read_text(encoding="utf-8"))
    config["global"] = {"scrape_interval": "1s", "evaluation_interval": "1s"}
    config["rule_files"] = [str(PAGE / name) for name in config["rule_files"]]
    config["scrape_configs"][0]["static_configs"] = [{"targets": [f"127.0.0.1:{service_port}"]}]
    (tmp_path / "prometheus.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    rules = yaml.safe_load((PAGE / "alerts.yml").read_text(encoding="utf-8"))
    slow = next(
        r for g in rules["groups"] for r in g["rules"] if r.get("alert") == "ChurnServiceSlow"
    )
    p95 = slow["expr"].rsplit(">", 1)[0].strip()  # the rule's expression, without its threshold

    request = {
        "customer_id": "C00001",
        "as_of": "2024-06-30",
        "plan": "basic",
        "region": "north",
        "age": 30,
        "signup_date": "2024-01-01",
        "watch_hours": 5.0,
        "support_tickets": 2,
        "payment_failures": 1,
    }
    service = f"http://127.0.0.1:{service_port}"
    api = f"http://127.0.0.1:{prometheus_port}/api/v1"
    stop = threading.Event()

    def traffic() -> None:  # rate() needs new requests between two scrapes
        with httpx.Client(base_url=service, timeout=5) as client:
            for _ in range(2_000):  # bounded: at most 2,000 requests
                if stop.wait(0.05):
                    return
                client.post("/predict", json=request)

    uvicorn = [
        sys.executable,
        "-m",
        "uvicorn",
        "service:create_app",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(service_port),
    ]
    prometheus_args = [
        prometheus,
        f"--config.file={tmp_path / 'prometheus.yml'}",
        f"--web.listen-address=127.0.0.1:{prometheus_port}",
        f"--storage.tsdb.path={tmp_path / 'tsdb'}",
    ]
    with _process(uvicorn, tmp_path / "uvicorn.log", cwd=tmp_path, env=env) as server:
        _wait_for(f"{service}/health", server, tmp_path / "uvicorn.log")
        sender = threading.Thread(target=traffic)
        sender.start()
        try:
            with _process(prometheus_args, tmp_path / "prometheus.log", cwd=tmp_path) as prom:
                _wait_for(f"{api}/status/buildinfo", prom, tmp_path / "prometheus.log", 30)
                deadline, value = time.monotonic() + 30, math.nan
                while math.isnan(value) and time.monotonic() < deadline:
                    time.sleep(0.5)
                    result = httpx.get(f"{api}/query", params={"query": p95}).json()
                    assert result["status"] == "success", result
                    if result["data"]["result"]:
                        value = float(result["data"]["result"][0]["value"][1])
                groups = httpx.get(f"{api}/rules").json()["data"]["groups"]
        finally:
            stop.set()
            sender.join(timeout=30)
    assert 0 < value < math.inf, f"Prometheus never computed {p95!r} from its scrapes: {value}"
    loaded = {rule["name"]: rule["health"] for group in groups for rule in group["rules"]}
    assert set(loaded) == _alerts(rules), f"Prometheus loaded other rules: {loaded}"
    assert set(loaded.values()) <= {"ok", "unknown"}, f"a rule failed to evaluate: {loaded}"


def _prometheus(tmp_path: Path, rule_files: list[Path], target: str, port: int) -> list[str]:
    """The command line of a Prometheus that scrapes `target` and evaluates `rule_files` every
    second (the pages' configurations say 15 s: a test cannot wait that long)."""
    config = {
        "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
        "rule_files": [str(path) for path in rule_files],
        "scrape_configs": [{"job_name": "router", "static_configs": [{"targets": [target]}]}],
    }
    (tmp_path / "prometheus.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return [
        _tool("prometheus"),
        f"--config.file={tmp_path / 'prometheus.yml'}",
        f"--web.listen-address=127.0.0.1:{port}",
        f"--storage.tsdb.path={tmp_path / 'tsdb'}",
    ]


def _query(api: str, promql: str) -> list[dict]:
    result = httpx.get(f"{api}/query", params={"query": promql}, timeout=10).json()
    assert result["status"] == "success", f"Prometheus refused {promql!r}: {result}"
    return result["data"]["result"]


def test_a_real_prometheus_rolls_a_failing_canary_back(tmp_path: Path, monkeypatch):
    """The page's rollback, with Prometheus in the place of the router's own /metrics."""
    env = _registry(tmp_path)  # version 1, @champion
    project = tmp_path / "churn-project"
    # Version 2: the page's retrain with age, which 10% of live requests do not carry.
    params = yaml.safe_load((project / "params.yaml").read_text(encoding="utf-8"))
    params["data"].update(
        exported_on="2024-08-01", train_cohort="2024-05", eval_cohort="2024-06", train_rows=4_000
    )
    params["model"]["features"].append("age")
    (project / "params.yaml").write_text(yaml.safe_dump(params), encoding="utf-8")
    _register(project, env)
    monkeypatch.setenv("MLFLOW_TRACKING_URI", env["MLFLOW_TRACKING_URI"])
    monkeypatch.setenv("MLFLOW_DISABLE_TELEMETRY", "true")
    from mlflow import MlflowClient

    registry = MlflowClient()
    registry.set_registered_model_alias("churn", "champion", "1")
    registry.set_registered_model_alias("churn", "challenger", "2")

    for name in ("router.py", "canary.py"):
        shutil.copy(RELEASE_PAGE / name, tmp_path)
    shutil.copy(PAGE / "service.py", tmp_path)
    shutil.copy(SNIPPETS / "dataset" / "subscribers.py", tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    canary = __import__("canary")
    from subscribers import make_subscribers

    rules = yaml.safe_load((RELEASE_PAGE / "canary_rules.yml").read_text(encoding="utf-8"))
    rule = next(r for g in rules["groups"] for r in g["rules"] if r["alert"] == "ChallengerErrors")
    ratio_query, threshold = (part.strip() for part in rule["expr"].rsplit(">", 1))

    router_port, prometheus_port = _free_port(), _free_port()
    router, api = f"http://127.0.0.1:{router_port}", f"http://127.0.0.1:{prometheus_port}/api/v1"
    scored = 'sum(router_scores_total{slot="challenger"})'

    def prometheus_ratio() -> float:
        """The rule's ratio, once Prometheus has scraped every score the router counted."""
        counted = sum(
            float(line.split()[-1])
            for line in httpx.get(f"{router}/metrics").text.splitlines()
            if line.startswith('router_scores_total{slot="challenger"}')
        )
        deadline = time.monotonic() + 30
        while float((_query(api, scored) or [{"value": [0, "nan"]}])[0]["value"][1]) < counted:
            assert time.monotonic() < deadline, "Prometheus did not scrape the step's traffic"
            time.sleep(0.2)
        found = _query(api, ratio_query)
        return float(found[0]["value"][1]) if found else 0.0

    uvicorn = [sys.executable, "-m", "uvicorn", "router:create_app", "--factory",
               "--host", "127.0.0.1", "--port", str(router_port)]  # fmt: skip
    requests = canary.traffic(make_subscribers(n=300, seed=9), "2024-08-01", seed=3)
    router_env = {**env, "SHADOW_LOG": str(tmp_path / "shadow.db")}
    with _process(uvicorn, tmp_path / "uvicorn.log", cwd=tmp_path, env=router_env) as server:
        _wait_for(f"{router}/health", server, tmp_path / "uvicorn.log")
        prometheus_args = _prometheus(
            tmp_path, [RELEASE_PAGE / "canary_rules.yml"], f"127.0.0.1:{router_port}",
            prometheus_port,
        )  # fmt: skip
        with _process(prometheus_args, tmp_path / "prometheus.log", cwd=tmp_path) as prom:
            _wait_for(f"{api}/status/buildinfo", prom, tmp_path / "prometheus.log", 30)
            deadline = time.monotonic() + 30  # a first scrape before any traffic: increase()
            while not _query(api, scored):  # then counts every request
                assert time.monotonic() < deadline, "Prometheus never scraped the router"
                time.sleep(0.2)
            report = canary.canary_release(
                router, [(5, requests)], prometheus_ratio, float(threshold)
            )
            time.sleep(2)  # two rule evaluations
            firing = _query(api, 'ALERTS{alertname="ChallengerErrors", alertstate="firing"}')
            answered = _query(api, "sum(router_answers_total)")
        health = httpx.get(f"{router}/health").json()
    assert any(line.startswith("rolled back") for line in report), (
        f"the controller did not roll back on Prometheus' ratio: {report}"
    )
    assert firing, f"Prometheus never fired ChallengerErrors, yet the controller said: {report}"
    assert float(answered[0]["value"][1]) == len(requests), f"a request went unanswered: {report}"
    assert " 0 failed" in report[0], f"a subscriber's request failed: {report}"
    aliases = {alias: str(v) for alias, v in registry.get_registered_model("churn").aliases.items()}
    assert aliases == {"champion": "1"}, f"the registry's aliases after the rollback: {aliases}"
    assert health["champion"] == "1" and health["challenger"] is None, health
