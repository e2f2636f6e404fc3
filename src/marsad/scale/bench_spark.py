"""Spark `local[2]` against `--workers 2` on the same N articles (default 10,000).

The corpus is grown to N records by re-keying the dev articles (each copy gets its own id),
written once as JSONL; then the same records are analysed by the worker pool and by the
Spark job (`--format jsonl`), and the wall times compared. Writes build/bench_spark.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any


def grow_corpus(src: Path, n: int, out: Path) -> int:
    rows = [json.loads(x) for x in src.read_text(encoding="utf-8").splitlines() if x.strip()]
    with open(out, "w", encoding="utf-8") as fh:
        for i in range(n):
            rec = dict(rows[i % len(rows)])
            rec["id"] = f"{rec.get('id')}#{i // len(rows)}"
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return n


def time_workers(path: Path, workers: int) -> dict[str, Any]:
    from marsad.api.python import load_pipeline
    from marsad.ingest.reader import ReadFailure, read_path
    from marsad.scale.workers import analyse_parallel

    load_pipeline()  # loaded before the fork, as `marsad analyze --workers` does
    t0 = time.perf_counter()
    docs = (d for d in read_path(path) if not isinstance(d, ReadFailure))
    n = sum(1 for _ in analyse_parallel(docs, workers=workers))
    secs = time.perf_counter() - t0
    return {"workers": workers, "articles": n, "seconds": round(secs, 1), "articles_per_second": round(n / secs, 1)}


def time_spark(path: Path, master: str) -> dict[str, Any]:
    from marsad.scale.spark import run, session

    out = Path(tempfile.mkdtemp(prefix="marsad-spark-"))
    shutil.rmtree(out)
    spark = session(master, "marsad-bench")
    try:
        # Start-up of the JVM and of the Python workers is part of what a user waits for.
        t0 = time.perf_counter()
        counts = run(spark, str(path), str(out), "jsonl")
        secs = time.perf_counter() - t0
    finally:
        spark.stop()
        shutil.rmtree(out, ignore_errors=True)
    n = counts.get("records", 0)
    return {"master": master, "articles": n, "failures": counts.get("failures", 0), "seconds": round(secs, 1),
            "articles_per_second": round(n / secs, 1)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--out", type=Path, default=Path("build/bench_spark.json"))
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "corpus.jsonl"
        grow_corpus(args.corpus, args.articles, data)
        pool = time_workers(data, 2)
        spark = time_spark(data, "local[2]")
    result = {"articles": args.articles, "workers_2": pool, "spark_local_2": spark,
              "spark_over_workers": round(spark["seconds"] / pool["seconds"], 2)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
