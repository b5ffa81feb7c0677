"""Unpack the downloadable model project and list what is in it."""
# --8<-- [start:setup]
import shutil
import sys
from pathlib import Path

# --8<-- [end:setup]

# --8<-- [start:unpack]
shutil.unpack_archive("churn-project.zip")  # creates the folder churn-project/ here
project = Path("churn-project")
files = sorted(p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file())
print("\n".join(files))
#> .github/workflows/model.yml
#> .gitignore
#> Dockerfile
#> README.txt
#> dvc.yaml
#> params.yaml
#> pyproject.toml
#> src/churn/__init__.py
#> src/churn/__main__.py
#> src/churn/contract.py
#> src/churn/data.py
#> src/churn/drift.py
#> src/churn/evaluate.py
#> src/churn/features.py
#> src/churn/model.py
#> src/churn/streamwise.py
#> tests/conftest.py
#> tests/test_behaviour.py
#> tests/test_contract.py
#> tests/test_drift.py
#> tests/test_features.py
#> tests/test_regression.py
# Let this Python session import the package from src/, as the tests do, without installing.
sys.path.insert(0, str((project / "src").resolve()))
# --8<-- [end:unpack]
