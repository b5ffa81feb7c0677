"""Publish snippets/ on the site at the same paths, so pages can offer their files for download.

A page links `[subscribers.py](snippets/dataset/subscribers.py)`: the reader gets the very file
the tests run, and the link is checked by the strict build like any other. mkdocs only copies
docs/, and no Material or pymdown option publishes another folder, hence this hook.
"""

from pathlib import Path

from mkdocs.structure.files import File

SNIPPETS = Path(__file__).resolve().parent.parent / "snippets"
# Editor and interpreter droppings are never offered to a reader.
SKIPPED = {"__pycache__", ".ipynb_checkpoints"}


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
    return files
