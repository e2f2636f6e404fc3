"""Build the web page's base map from Natural Earth 1:110m countries (public domain).

Natural Earth's low-resolution countries ship inside the geopandas 0.14 wheel; this script
downloads that wheel from PyPI (build time only), reads the shapefile with pyshp and writes
projected (equirectangular) SVG paths per country, rounded to keep the file small.
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

WHEEL = "geopandas==0.14.4"
BASE = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"


def project(lon: float, lat: float) -> tuple[float, float]:
    """Equirectangular: x in [0, 360], y in [0, 180] (north up)."""
    return round(lon + 180.0, 2), round(90.0 - lat, 2)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default="src/marsad/web/static/basemap.json", type=Path)
    args = ap.parse_args()
    import shapefile  # pyshp

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", WHEEL, "-d", tmp], check=True)
        wheel = next(Path(tmp).glob("geopandas-*.whl"))
        with zipfile.ZipFile(wheel) as z:
            files = {ext: io.BytesIO(z.read(f"{BASE}.{ext}")) for ext in ("shp", "shx", "dbf")}
    reader = shapefile.Reader(shp=files["shp"], shx=files["shx"], dbf=files["dbf"], encoding="latin-1")
    fields = [f[0] for f in reader.fields[1:]]
    countries = []
    for sr in reader.iterShapeRecords():
        rec = dict(zip(fields, sr.record, strict=False))
        pts = sr.shape.points
        parts = [*sr.shape.parts, len(pts)]
        path = []
        for a, b in itertools.pairwise(parts):
            ring = [project(x, y) for x, y in pts[a:b]]
            path.append("M" + "L".join(f"{x:g},{y:g}" for x, y in ring) + "Z")
        countries.append({"iso3": rec.get("iso_a3"), "name": rec.get("name"), "d": "".join(path)})
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"source": "Natural Earth 1:110m (public domain)", "countries": countries},
                                   separators=(",", ":")), encoding="utf-8")
    print(f"basemap: {len(countries)} countries -> {args.out} ({args.out.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
