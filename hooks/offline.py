"""The offline copy's search, without a third-party script.

Material's offline plugin (mkdocs.yml, on with OFFLINE=true) makes search work from file:// with
the iframe-worker shim, a polyfill that runs the search worker in an iframe, since Chromium
starts no Worker from a file:// page. The plugin loads the shim from unpkg.com: a third-party
request on every page, and no search at all without a network, the very case the offline copy is
for. Material takes the shim from `extra.polyfills`, so this hook puts the npm package's own file
there instead (package.json pins iframe-worker; `make build` and `make test` run
`npm ci --omit=dev`, which installs it alone) and publishes it with the site.
"""

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from docsite.model import ROOT
from docsite.offline import SHIM_NEEDED as SHIM

SHIM_URL = "assets/javascripts/iframe-worker-shim.js"
UNPKG = "https://unpkg.com/iframe-worker/shim"


def on_config(config, **kwargs):
    polyfills = config.extra.get("polyfills", [])
    if UNPKG not in polyfills:  # the offline plugin is off: nothing to swap
        return config
    if not SHIM.is_file():
        raise PluginError(
            f"The offline copy needs {SHIM.relative_to(ROOT)}: run `npm ci --omit=dev` (Node.js "
            "and npm), which installs the iframe-worker package that package.json pins."
        )
    config.extra["polyfills"] = [SHIM_URL if url == UNPKG else url for url in polyfills]
    return config


def on_files(files, config, **kwargs):
    if SHIM_URL in config.extra.get("polyfills", []):
        shim = File(
            SHIM_URL,
            src_dir=None,
            dest_dir=config["site_dir"],
            use_directory_urls=config["use_directory_urls"],
        )
        shim.content_bytes = Path(SHIM).read_bytes()
        files.append(shim)
    return files
