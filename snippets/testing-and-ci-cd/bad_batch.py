"""A batch of subscribers that breaks the serving contract, and the report the pipeline gives."""
# --8<-- [start:setup]
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from subscribers import make_subscribers

shutil.unpack_archive("churn-project.zip")
project = Path("churn-project").resolve()


def sh(command: str, cwd: Path = project) -> subprocess.CompletedProcess:
    """Run a command line in the project folder. `python` is this Python, and PYTHONPATH=src
    lets it import the churn package without installing it."""
    words = shlex.split(command)
    words[0] = sys.executable if words[0] == "python" else words[0]
    env = {**os.environ, "PYTHONPATH": "src"}
    return subprocess.run(words, cwd=cwd, env=env, capture_output=True, text=True)


# --8<-- [end:setup]

# --8<-- [start:batch]
batch = make_subscribers(n=6, seed=3).drop(columns=["name", "ssn", "phone"])
batch.loc[1, "plan"] = "Premium"  # typed by hand in a partner's spreadsheet
batch.loc[2, "age"] = 212
batch.loc[3, "watch_hours"] = -3.5
batch.loc[4, "tenure_months"] = None  # an empty cell
batch.to_csv(project / "batch.csv", index=False)

done = sh("python -m churn validate --batch batch.csv")
print(done.stdout + done.stderr.splitlines()[-1])
#> batch.csv: 5 problems in 6 rows
#>        column                                  check failure_case  index
#>          plan isin(['basic', 'standard', 'premium'])      Premium      1
#>           age                      in_range(18, 110)          212      2
#> tenure_months                           not_nullable          NaN      4
#> tenure_months                         dtype('int64')          NaN      4
#>   watch_hours                       in_range(0, 744)         -3.5      3
#> validate failed: batch.csv breaks the serving input contract
print("exit code:", done.returncode)
#> exit code: 1
# --8<-- [end:batch]
