"""Re-execute notebooks top to bottom in fresh kernels, store their outputs, and regenerate assets/.

    python scripts/run_notebooks.py                  # every notebook in notebooks/
    python scripts/run_notebooks.py notebooks/03_activations.ipynb
    python scripts/run_notebooks.py --no-assets /tmp/copy/02_vectorized_backprop.ipynb

A code cell tagged "asset:NAME.png" has its (last) PNG output written to assets/NAME.png, so the
README's figures always come from the committed run. Only notebooks in notebooks/ write assets: a
copy elsewhere is executed and checked (each tagged cell must draw a PNG) but leaves assets/ alone.
Widget state is dropped from the saved file: it is large, and a static rendering shows the figure
that the default-values cell draws.
"""
import argparse
import base64
import pathlib

import nbformat

import nbtools

ASSETS = nbtools.ROOT / "assets"


def tagged_pngs(nb, name):
    """{NAME.png: PNG bytes} from the cells tagged asset:NAME.png; a tagged cell without a PNG is an error."""
    pngs = {}
    for cell in nb.cells:
        for tag in cell.get("metadata", {}).get("tags", []):
            if tag.startswith("asset:"):
                images = [o["data"]["image/png"] for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
                if not images:
                    raise SystemExit(f"{name}: cell tagged {tag} produced no PNG")
                pngs[tag[len("asset:"):]] = base64.b64decode(images[-1])
    return pngs


def run(path, write_assets):
    nb = nbtools.read(path)
    seconds = nbtools.execute(nb, path.parent)
    nb.metadata.pop("widgets", None)
    pngs = tagged_pngs(nb, path.name)
    if write_assets:
        ASSETS.mkdir(exist_ok=True)
        for name, data in pngs.items():
            (ASSETS / name).write_bytes(data)
    nbformat.write(nb, path)
    note = "" if write_assets or not pngs else f" (assets not written: {', '.join(pngs)})"
    print(f"{path.name}: {seconds:.1f} s{note}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", type=pathlib.Path, help="notebooks to run (default: all in notebooks/)")
    parser.add_argument("--no-assets", action="store_true", help="do not write assets/, even for notebooks in notebooks/")
    args = parser.parse_args()
    nbtools.one_blas_thread()
    for path in [p.resolve() for p in args.notebooks] or nbtools.course_notebooks():
        run(path, write_assets=not args.no_assets and path.parent == nbtools.NOTEBOOKS)


if __name__ == "__main__":
    main()
