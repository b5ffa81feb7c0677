"""A folder under snippets/ that a page offers as one download: `<folder>.zip`, made on demand.

A page links `[churn-project.zip](snippets/<page>/churn-project.zip)`; no zip is committed. The
site build (hooks/downloads.py) and the snippet sandbox both call `make_zip`, so the reader and
the tests get the same bytes: files in name order, fixed timestamps, symlinks followed (a
project may link the shared dataset module instead of copying it).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

# Never packed: what running or testing a project leaves behind.
LEFT_OUT = {"__pycache__", ".pytest_cache", ".hypothesis", ".ruff_cache", ".venv", "mlruns"}
EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip can hold: the same bytes on every build


def folder_of(zip_path: Path) -> Path | None:
    """The folder a `<folder>.zip` download is made from, if it exists."""
    folder = zip_path.with_suffix("")
    return folder if zip_path.suffix == ".zip" and folder.is_dir() else None


def packed_files(folder: Path) -> list[tuple[str, Path]]:
    """(name in the zip, file) of each file the folder's zip holds, in name order: under a
    top-level directory of the folder's name, without what LEFT_OUT names. The zip download
    and the notebook's set-up cell that writes it (docsite/notebooks.py) both pack these."""
    files = sorted(
        path
        for path in folder.rglob("*")
        if path.is_file() and not LEFT_OUT & set(path.relative_to(folder).parts)
    )
    return [(f"{folder.name}/{path.relative_to(folder).as_posix()}", path) for path in files]


def make_zip(folder: Path, destination: Path) -> Path:
    """Pack folder into destination (a .zip), under a top-level directory of the folder's name."""
    with zipfile.ZipFile(destination, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, path in packed_files(folder):
            info = zipfile.ZipInfo(name, EPOCH)
            info.external_attr = (0o755 if path.stat().st_mode & 0o111 else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return destination
