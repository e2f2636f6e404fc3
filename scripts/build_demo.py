"""Copy the redistributable demo articles into the package (part of `make data`).

Only articles whose licences allow redistribution: the Arabic Wikinews set (CC BY 2.5 /
CC BY-SA 4.0, with each line's attribution kept) and the reference seed article.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

KEEP = ("id", "source", "url", "published", "title", "text", "license", "attribution")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", default="../shared", type=Path)
    ap.add_argument("--out", default="src/marsad/data/demo", type=Path)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    for line in (args.shared / "data/news-demo/articles.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            rows.append({k: rec.get(k) for k in KEEP})
    with open(args.out / "wikinews.jsonl", "w", encoding="utf-8") as fh:
        for rec in rows:
            fh.write(json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\n")
    seed = args.shared / "seeds/000_13e14b1b79b6834b.txt"
    (args.out / "ultrairaq-2019-03-19-isis-spokesman.txt").write_text(
        seed.read_text(encoding="utf-8"), encoding="utf-8"
    )
    print(f"demo: {len(rows)} Wikinews articles and the seed article -> {args.out}")


if __name__ == "__main__":
    main()
