"""Serve app.py for real: uvicorn on 127.0.0.1 in its own process, called over HTTP."""

# --8<-- [start:setup]
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import joblib

from churn_candidates import logistic_regression, subscribers_xy

# --8<-- [end:setup]

# --8<-- [start:publish]
# The training pipeline's last step: fit the chosen model and publish it as a file.
model = logistic_regression().fit(*subscribers_xy())  # the candidate the page chose
workdir = tempfile.TemporaryDirectory()
model_file = Path(workdir.name) / "churn_model.joblib"
joblib.dump(model, model_file)
# --8<-- [end:publish]

# --8<-- [start:serve]
with socket.socket() as probe:  # ask the OS for a free port on the loopback interface
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
log_file = Path(workdir.name) / "uvicorn.log"
log = log_file.open("w")  # noqa: SIM115 (closed once the server has stopped)
server = subprocess.Popen(
    # app.py sits in this folder (download it from the page); uvicorn imports it from here.
    [sys.executable, "-m", "uvicorn", "app:create_app", "--factory",
     "--host", "127.0.0.1", "--port", str(port)],
    env={**os.environ, "MODEL_PATH": str(model_file), "MODEL_VERSION": "2024-06",
         "PYTHONDONTWRITEBYTECODE": "1"},
    stdout=log,
    stderr=subprocess.STDOUT,
)
base = f"http://127.0.0.1:{port}"
try:
    # Readiness: poll /health, as Kubernetes' readiness probe does, until the model has loaded.
    deadline = time.monotonic() + 60
    while True:
        if server.poll() is not None:
            raise RuntimeError(f"uvicorn exited before it was ready:\n{log_file.read_text()}")
        try:
            health = httpx.get(f"{base}/health", timeout=1)
            break
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    print(health.status_code, health.json())
    #> 200 {'status': 'ok', 'model_version': '2024-06'}

    at_risk = {"plan": "basic", "tenure_months": 2, "watch_hours": 3.5,
               "support_tickets": 3, "payment_failures": 2}
    print(httpx.post(f"{base}/predict", json=at_risk).json())
    #> {'churn_probability': 0.932, 'model_version': '2024-06'}
    batch = httpx.post(f"{base}/predict/batch", json={"subscribers": [at_risk] * 3})
    print(batch.status_code, len(batch.json()))
    #> 200 3
    refused = httpx.post(f"{base}/predict", json={**at_risk, "watch_hours": 1000})
    print(refused.status_code, refused.json()["detail"][0]["msg"])
    #> 422 Input should be less than or equal to 744
finally:
    server.terminate()  # SIGTERM: what Kubernetes sends to a pod it is about to remove
    server.wait(timeout=30)
    log.close()
# uvicorn finishes the requests in flight, then logs its shutdown (process ids removed here).
for line in log_file.read_text().splitlines():
    if "shutdown" in line.lower() or "finished" in line.lower():
        print(line.split("[")[0].strip())
        #> INFO:     Waiting for application shutdown.
        #> INFO:     Application shutdown complete.
        #> INFO:     Finished server process
workdir.cleanup()
# --8<-- [end:serve]
