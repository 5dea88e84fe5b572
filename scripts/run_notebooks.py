"""Re-execute notebooks top to bottom in fresh kernels, store their outputs, and regenerate assets/.

    python scripts/run_notebooks.py                  # every notebook in notebooks/
    python scripts/run_notebooks.py notebooks/03_activations.ipynb

A code cell tagged "asset:NAME.png" has its (last) PNG output written to assets/NAME.png, so the
README's figures always come from the committed run. Widget state is dropped from the saved file:
it is large, and a static rendering shows the figure that the default-values cell draws.
"""
import base64
import os
import pathlib
import sys
import time

import nbformat
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parent.parent


def run(path):
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    seconds = time.perf_counter() - start
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for tag in cell.get("metadata", {}).get("tags", []):
            if tag.startswith("asset:"):
                pngs = [o["data"]["image/png"] for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
                if not pngs:
                    raise SystemExit(f"{path.name}: cell tagged {tag} produced no PNG")
                (ROOT / "assets" / tag[len("asset:"):]).write_bytes(base64.b64decode(pngs[-1]))
    nbformat.write(nb, path)
    print(f"{path.name}: {seconds:.1f} s")


if __name__ == "__main__":
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    (ROOT / "assets").mkdir(exist_ok=True)
    paths = [pathlib.Path(p).resolve() for p in sys.argv[1:]] or sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
    for p in paths:
        run(p)
