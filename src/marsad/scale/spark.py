"""The Spark job: the same pipeline over JSONL, Parquet or WARC inputs of any size.

    marsad spark --input articles.jsonl --output out/ --format parquet
    spark-submit --master yarn -m marsad.scale.spark --input s3://... --output s3://...
    (or: spark-submit $(python -c 'import marsad.scale.spark as m; print(m.__file__)') ...)

Each executor process builds the pipeline once and analyses its partitions; records cross
the engine boundary only as `marsad.analysis/1` JSON. Output: Parquet tables (articles,
entities, quotes, events, places, failures) partitioned by publication day, or contract
JSONL identical to `marsad analyze --format jsonl`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable, Iterator
from typing import Any

TABLES = ("articles", "entities", "quotes", "events", "places")

_executor_pipeline: Any = None


def _pipeline() -> Any:
    """The pipeline of this executor process, built on first use (models load once)."""
    global _executor_pipeline
    if _executor_pipeline is None:
        from marsad.api.python import load_pipeline

        _executor_pipeline = load_pipeline()
    return _executor_pipeline


def analyse_records(rows: Iterable[str]) -> Iterator[str]:
    """JSON input records in, JSON analysis records (or failure objects) out."""
    from marsad.errors import MarsadError
    from marsad.ingest.reader import document_from_record

    nlp = _pipeline()
    for line in rows:
        if not line or not line.strip():
            continue
        try:
            rec = json.loads(line)
        except ValueError as exc:
            yield json.dumps({"failure": {"source": line[:80], "stage": "read", "reason": f"invalid JSON ({exc})"}})
            continue
        rid = str(rec.get("id", "?"))
        try:
            doc = nlp(document_from_record(rec, source=rid))
        except MarsadError as exc:
            yield json.dumps({"failure": {"source": rid, "stage": "analyze", "reason": str(exc)}}, ensure_ascii=False)
            continue
        except Exception as exc:  # a stage bug must not fail the whole job
            yield json.dumps({"failure": {"source": rid, "stage": "analyze", "reason": f"{type(exc).__name__}: {exc}"}},
                             ensure_ascii=False)
            continue
        yield json.dumps(doc.to_dict(), ensure_ascii=False)


def warc_records(item: tuple[str, bytes]) -> Iterator[str]:
    """Input records (JSON) from one WARC file's bytes."""
    from pathlib import Path
    from tempfile import NamedTemporaryFile

    from marsad.ingest.reader import ReadFailure
    from marsad.ingest.sources import read_warc

    path, data = item
    suffix = ".warc.gz" if path.endswith(".gz") else ".warc"
    with NamedTemporaryFile(suffix=suffix) as fh:
        fh.write(data)
        fh.flush()
        for src, doc in read_warc(Path(fh.name)):
            if isinstance(doc, ReadFailure):
                yield json.dumps({"id": src, "text": "", "_failure": doc.reason}, ensure_ascii=False)
                continue
            a = doc.article
            yield json.dumps({"id": a.id, "title": a.title, "text": doc.text, "published": a.published,
                              "url": a.url, "source": a.outlet}, ensure_ascii=False)


def _day(rec: dict[str, Any]) -> str:
    pub = (rec.get("article") or {}).get("published") or ""
    return pub[:10] if len(pub) >= 10 else "unknown"


def table_rows(line: str, table: str) -> Iterator[dict[str, Any]]:
    """Flat rows of one output table from one analysis (or failure) JSON line."""
    from marsad.export.tables import place_rows, rows

    rec = json.loads(line)
    if table == "failures":
        if "failure" in rec:
            yield rec["failure"]
        return
    if "failure" in rec:
        return
    day = _day(rec)
    source = place_rows([rec]) if table == "places" else rows([rec], table)
    for row in source:
        row = dict(row)
        row["published_day"] = day
        yield row


def _read_inputs(spark: Any, path: str) -> Any:
    """An RDD of JSON input records from JSONL, Parquet or WARC(.gz) files."""
    lower = path.lower()
    if lower.endswith(".parquet") or (os.path.isdir(path) and any(
        f.endswith(".parquet") for f in os.listdir(path)
    )):
        df = spark.read.parquet(path)
        return df.toJSON()
    if lower.endswith((".warc", ".warc.gz")) or "*.warc" in lower:
        return spark.sparkContext.binaryFiles(path).flatMap(warc_records)
    return spark.sparkContext.textFile(path)


def run(spark: Any, input_path: str, output: str, fmt: str = "parquet") -> dict[str, int]:
    """Analyse `input_path` and write `output`; counts per table."""
    analysed = _read_inputs(spark, input_path).mapPartitions(analyse_records).cache()
    counts: dict[str, int] = {}
    if fmt == "jsonl":
        good = analysed.filter(lambda s: not s.startswith('{"failure"'))
        good.saveAsTextFile(os.path.join(output, "records"))
        analysed.filter(lambda s: s.startswith('{"failure"')).saveAsTextFile(os.path.join(output, "failures"))
        counts["records"] = good.count()
        counts["failures"] = analysed.count() - counts["records"]
        return counts
    from pyspark.sql import Row

    for table in (*TABLES, "failures"):
        rdd = analysed.flatMap(lambda line, t=table: table_rows(line, t))
        if rdd.isEmpty():
            counts[table] = 0
            continue
        df = spark.createDataFrame(rdd.map(lambda d: Row(**{k: (None if v is None else v) for k, v in d.items()})),
                                   samplingRatio=1.0)
        writer = df.write.mode("overwrite")
        if table != "failures":
            writer = writer.partitionBy("published_day")
        writer.parquet(os.path.join(output, table))
        counts[table] = df.count()
    return counts


def session(master: str | None = None, app_name: str = "marsad") -> Any:
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    builder = builder.config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC")
    return builder.getOrCreate()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="marsad spark", description=__doc__.split("\n\n")[0])
    ap.add_argument("--input", required=True, help="JSONL, Parquet or WARC(.gz) path (globs allowed)")
    ap.add_argument("--output", required=True, help="output folder")
    ap.add_argument("--format", choices=("parquet", "jsonl"), default="parquet")
    ap.add_argument("--master", default=None, help="Spark master (default: spark-submit's, else local[*])")
    args = ap.parse_args(argv)
    master = args.master or (None if os.environ.get("SPARK_ENV_LOADED") or "spark.master" in os.environ.get("SPARK_CONF", "") else "local[*]")
    spark = session(master)
    try:
        counts = run(spark, args.input, args.output, args.format)
    finally:
        spark.stop()
    print(json.dumps(counts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
