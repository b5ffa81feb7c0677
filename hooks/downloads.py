"""Publish snippets/ on the site at the same paths, so pages can offer their files for download.

A page links `[subscribers.py](snippets/dataset/subscribers.py)`: the reader gets the very file
the tests run, and the link is checked by the strict build like any other. A folder
snippets/<page>/<folder>/ is also offered whole, as <folder>.zip (docsite/archive.py). mkdocs
only copies docs/, and no Material or pymdown option publishes another folder, hence this hook.
"""

import tempfile
from pathlib import Path

from mkdocs.structure.files import File

from docsite.archive import LEFT_OUT, make_zip
from docsite.model import SNIPPETS

_zips = tempfile.TemporaryDirectory(prefix="site-zips-")  # lives as long as the build or serve
# Editor, interpreter and test-run droppings are never offered to a reader.
SKIPPED = LEFT_OUT | {".ipynb_checkpoints"}


def on_files(files, config, **kwargs):
    for path in sorted(SNIPPETS.rglob("*")):
        if path.is_file() and not SKIPPED & set(path.parts) and path.suffix != ".pyc":
            files.append(
                File(
                    path.relative_to(SNIPPETS.parent).as_posix(),
                    src_dir=str(SNIPPETS.parent),
                    dest_dir=config["site_dir"],
                    use_directory_urls=config["use_directory_urls"],
                )
            )
    for folder in sorted(p for p in SNIPPETS.glob("*/*") if p.is_dir() and p.name not in SKIPPED):
        target = Path(_zips.name) / folder.relative_to(SNIPPETS.parent).with_suffix(".zip")
        target.parent.mkdir(parents=True, exist_ok=True)
        make_zip(folder, target)
        files.append(
            File(
                target.relative_to(_zips.name).as_posix(),
                src_dir=_zips.name,
                dest_dir=config["site_dir"],
                use_directory_urls=config["use_directory_urls"],
            )
        )
    return files
