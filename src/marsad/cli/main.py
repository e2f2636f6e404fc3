"""The `marsad` command line. The only place in marsad that prints.

Bad input gets one line naming the input and the reason and exit code 2, never a traceback;
in a batch the good documents still come out and the failures are listed at the end. That
includes usage errors (an unknown option or choice), unusable databases and output paths.
A reader that stops early (`marsad analyze ... | head`) ends the run silently with the
shell's SIGPIPE status, 141.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from marsad.document import Document
from marsad.errors import MarsadError

EXIT_INPUT = 2
EXIT_PIPE = 141  # 128 + SIGPIPE, what the shell reports for `cat big | head`
EXIT_INTERRUPTED = 130  # 128 + SIGINT


def _err(msg: str) -> None:
    click.echo(f"marsad: {msg}", err=True)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _check_published(published: str | None) -> None:
    from marsad.ingest.dates import parse_published

    if published and not parse_published(published):
        _err(f"--published {published!r}: not a date (use YYYY-MM-DD)")
        sys.exit(EXIT_INPUT)


_DAY_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def _day_bound(option: str, value: str | None, *, end: bool) -> str | None:
    """A --from/--to value (YYYY, YYYY-MM or YYYY-MM-DD) as the first or last day it covers."""
    import calendar
    from datetime import date

    if not value:
        return None
    m = _DAY_RE.match(value.strip())
    try:
        if not m or (m.group(3) and not m.group(2)):
            raise ValueError(value)
        year = int(m.group(1))
        month = int(m.group(2)) if m.group(2) else (12 if end else 1)
        last = calendar.monthrange(year, month)[1]
        day = int(m.group(3)) if m.group(3) else (last if end else 1)
        return date(year, month, day).isoformat()
    except (ValueError, calendar.IllegalMonthError):
        _err(f"{option} {value!r}: not a date (use YYYY-MM-DD, YYYY-MM or YYYY)")
        sys.exit(EXIT_INPUT)


class _MarsadGroup(click.Group):
    """The command group: a closed stdout ends a command silently (see module docstring)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            _silence_stdout()
            sys.exit(EXIT_PIPE)


def _console() -> Any:
    """A rich console whose closed-pipe exit is the same as the plain commands' (rich's own
    default exits 1)."""
    from rich.console import Console

    class _PipeConsole(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            _silence_stdout()
            raise SystemExit(EXIT_PIPE)

    return _PipeConsole()


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that the final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout without a file descriptor (captured in tests)
        pass


class _Failures:
    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    def add(self, source: str, reason: str) -> None:
        self.items.append((source, reason))

    def report(self) -> int:
        if not self.items:
            return 0
        if len(self.items) > 1:
            _err(f"{len(self.items)} inputs failed:")
        for source, reason in self.items:
            _err(f"{source}: {reason}")
        return EXIT_INPUT


@click.group(cls=_MarsadGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="marsad")
@click.option("-v", "--verbose", count=True, help="Log more (-v info, -vv debug).")
def cli(verbose: int) -> None:
    """marsad (مرصد): Arabic news into entities, quotes, events, times and places."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


def _iter_inputs(paths: tuple[str, ...], published: str | None, failures: _Failures) -> Iterator[Document]:
    from marsad.ingest.reader import ReadFailure, read_path

    for path in paths:
        for item in read_path(path, published=published):
            if isinstance(item, ReadFailure):
                failures.add(item.source, item.reason)
            else:
                yield item


def _as_dict(item: Document | dict[str, Any]) -> dict[str, Any]:
    return item if isinstance(item, dict) else item.to_dict()


def _pipeline_options(ner_model: str | None, ner: str = "crf") -> dict[str, Any]:
    out: dict[str, Any] = {"ner_model": ner_model} if ner_model else {}
    if ner != "crf":
        out["ner"] = ner
    return out


def _ner_option(fn: Any) -> Any:
    return click.option(
        "--ner", type=click.Choice(["crf", "ensemble"]), default="crf", show_default=True,
        help="Bundled NER tagger: crf (fast) or ensemble (CRF + BiLSTM-CRF: about 2 F1 points "
             "better on ANERcorp cross-validation, several times slower).")(fn)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--published", help="Publication date (YYYY-MM-DD) for resolving relative dates.")
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "text"]), default="json",
              show_default=True, help="json/jsonl follow the marsad.analysis/1 contract.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, help="Worker processes.")
@click.option("--ner-model", type=click.Path(file_okay=False), help="A local Hugging Face token-classification model folder.")
@_ner_option
def analyze(paths: tuple[str, ...], published: str | None, fmt: str, workers: int, ner_model: str | None,
            ner: str) -> None:
    """Analyse articles: files (text, HTML, JSON, JSONL) or - for standard input."""
    from marsad.api.python import load_pipeline
    from marsad.pipeline import Failure

    failures = _Failures()
    _check_published(published)
    try:
        options = _pipeline_options(ner_model, ner)
        nlp = load_pipeline(**options)
    except MarsadError as exc:
        _err(str(exc))
        sys.exit(EXIT_INPUT)
    docs = _iter_inputs(paths, published, failures)
    results: Iterator[Document | dict[str, Any] | Failure]
    if workers > 1 and fmt in ("json", "jsonl"):
        from marsad.scale.workers import analyse_parallel_dicts

        # The workers' records are written as they come: no Document rebuilt in between.
        results = analyse_parallel_dicts(docs, workers=workers, options=options, pipeline=nlp)
    elif workers > 1:
        from marsad.scale.workers import analyse_parallel

        results = analyse_parallel(docs, workers=workers, options=options, pipeline=nlp)
    else:
        def run() -> Iterator[Document | Failure]:
            fails: list[Failure] = []
            for doc in docs:
                yield from nlp.pipe([doc], on_error=fails.append)
                while fails:
                    yield fails.pop()
        results = run()
    out = sys.stdout
    collected: list[dict[str, Any]] = []
    console = None
    for item in results:
        if isinstance(item, Failure):
            failures.add(item.doc_id, f"analysis failed in stage {item.stage}: {item.reason}")
            continue
        record = item if isinstance(item, dict) else None
        if fmt == "jsonl":
            out.write(json.dumps(record or _as_dict(item), ensure_ascii=False) + "\n")
        elif fmt == "json":
            collected.append(record or _as_dict(item))
        else:
            from marsad.cli.render import render_document

            console = console or _console()
            render_document(item if isinstance(item, Document) else Document.from_dict(item), console)
    if fmt == "json" and collected:
        payload: Any = collected[0] if len(collected) == 1 else collected
        out.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    sys.exit(failures.report())


@cli.command(name="eval")
@click.option("--gold", "gold_paths", multiple=True, required=True, type=click.Path(),
              help="Gold JSONL (repeat for several files).")
@click.option("--corpus", required=True, type=click.Path(), help="Articles JSONL (input or analysis records).")
@click.option("--layer", "layers", multiple=True,
              type=click.Choice(["entities", "quotes", "events", "times", "places"]),
              help="Layers to score (default: all). Repeatable.")
@click.option("--out", "out_path", type=click.Path(dir_okay=False), default="build/eval.json",
              show_default=True, help="Where to write the JSON report.")
@click.option("--errors", "show_errors", type=int, default=0, help="Print up to N errors per layer.")
@_ner_option
def eval_cmd(gold_paths: tuple[str, ...], corpus: str, layers: tuple[str, ...], out_path: str,
             show_errors: int, ner: str) -> None:
    """Score the analyser against gold annotations (GUIDELINES.md rules)."""
    from rich.table import Table

    from marsad.eval import LAYERS, evaluate

    try:
        pipeline = None
        if ner != "crf":
            from marsad.api.python import load_pipeline

            pipeline = load_pipeline(**_pipeline_options(None, ner))
        report = evaluate(list(gold_paths), corpus, layers=list(layers) or list(LAYERS), pipeline=pipeline)
    except MarsadError as exc:
        _err(str(exc))
        sys.exit(EXIT_INPUT)
    console = _console()
    table = Table(title=f"marsad eval: {report.documents} documents, {report.seconds:.1f} s")
    for col in ("layer", "type", "P", "R", "F1", "more"):
        table.add_column(col)
    for row in report.summary_rows():
        table.add_row(*row)
    console.print(table)
    if show_errors:
        for layer, sc in report.scores.items():
            for e in sc.errors[:show_errors]:
                console.print(f"[dim]{layer}[/dim] {json.dumps(e, ensure_ascii=False)}")
    Path(out_path).parent.mkdir(parents=True, exist_ok=True)
    Path(out_path).write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
    console.print(f"report written to {out_path}")


DEFAULT_DB = "marsad.db"


def _open_store(db: str, *, readonly: bool = False) -> Any:
    from marsad.store.sqlite import Store

    path = Path(db)
    if path.is_dir():
        _err(f"{db}: is a directory; --db needs a database file")
        sys.exit(EXIT_INPUT)
    if not readonly:
        # SQLite would say "not a database" or "unable to open database file": name the cause.
        folder = path.parent
        if path.exists() and not os.access(path, os.W_OK):
            _err(f"{db}: the database is read-only (no write permission)")
            sys.exit(EXIT_INPUT)
        if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
            _err(f"{db}: cannot write in its folder {folder} (no permission); the store needs it "
                 "for its journal")
            sys.exit(EXIT_INPUT)
    try:
        store = Store(db, readonly=readonly)
        # Read one row now: a file that is not a marsad database fails here, in one line,
        # rather than at the first query.
        store.count("articles")
    except MarsadError as exc:
        _err(_one_line(str(exc)))
        sys.exit(EXIT_INPUT)
    except sqlite3.DatabaseError as exc:
        _err(f"{db}: not a marsad database or damaged ({_one_line(str(exc))})")
        sys.exit(EXIT_INPUT)
    except OSError as exc:
        _err(f"{db}: cannot open the database ({exc.strerror or exc})")
        sys.exit(EXIT_INPUT)
    return store


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--db", default=DEFAULT_DB, show_default=True, help="The SQLite store.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, help="Analysis processes.")
@click.option("--published", help="Publication date for inputs that carry none.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def ingest(inputs: tuple[str, ...], db: str, workers: int, published: str | None, quiet: bool) -> None:
    """Analyse files, folders, JSONL, HTML, RSS/Atom feeds (files or URLs) and WARC into the store."""
    from rich.progress import (
        BarColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from marsad.ingest.sources import iter_sources
    from marsad.store.loader import IngestStats
    from marsad.store.loader import ingest as run_ingest

    _check_published(published)
    store = _open_store(db)
    items = list(iter_sources(list(inputs), published=published))
    columns = (TextColumn("[bold]ingest"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
               TextColumn("{task.fields[rate]:.1f} art/s"), TimeElapsedColumn(), TimeRemainingColumn())
    import time

    t0 = time.perf_counter()
    with Progress(*columns, disable=quiet, transient=False, console=None) as bar:
        task = bar.add_task("ingest", total=len(items), rate=0.0)

        def progress(st: IngestStats) -> None:
            done = st.added + st.skipped + st.failed
            bar.update(task, completed=done, rate=done / max(1e-6, time.perf_counter() - t0))

        stats = run_ingest(store, items, workers=workers, progress=progress)
    click.echo(f"{stats.added} added, {stats.skipped} already stored, {stats.failed} failed -> {db}")
    for source, reason in stats.failures:
        _err(f"{source}: {reason}")
    sys.exit(EXIT_INPUT if stats.failed else 0)


@cli.command()
@click.argument("feeds_file", type=click.Path(dir_okay=False))
@click.option("--every", default="10m", show_default=True, help="Polling interval (30s, 10m, 1h).")
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option("--once", is_flag=True, help="Poll every feed once and stop.")
@click.option("--max-polls", type=int, default=0, help="Stop after N polling rounds (0: never).")
def watch(feeds_file: str, every: str, db: str, once: bool, max_polls: int) -> None:
    """Poll RSS/Atom feeds (one URL or file per line) and ingest new articles."""
    from marsad.store.watch import parse_interval, watch_feeds

    try:
        interval = parse_interval(every)
        feeds = [ln.strip() for ln in Path(feeds_file).read_text(encoding="utf-8").splitlines()
                 if ln.strip() and not ln.lstrip().startswith("#")]
    except OSError as exc:
        _err(f"{feeds_file}: cannot read the feeds file ({exc.strerror or exc})")
        sys.exit(EXIT_INPUT)
    except ValueError as exc:
        _err(f"--every {every!r}: {exc}")
        sys.exit(EXIT_INPUT)
    if not feeds:
        _err(f"{feeds_file}: no feeds listed")
        sys.exit(EXIT_INPUT)
    store = _open_store(db)

    def report(feed: str, added: int, failed: int) -> None:
        click.echo(f"{feed}: {added} new, {failed} failed")

    watch_feeds(store, feeds, interval=interval, rounds=1 if once else (max_polls or None), on_poll=report)


@cli.command()
@click.argument("query", required=False, default="")
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option("--what", type=click.Choice(["articles", "quotes", "events"]), default="articles", show_default=True)
@click.option("--actor")
@click.option("--speaker")
@click.option("--type", "type_")
@click.option("--place")
@click.option("--from", "date_from")
@click.option("--to", "date_to")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--offset", type=click.IntRange(min=0), default=0)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def search(query: str, db: str, what: str, actor: str | None, speaker: str | None, type_: str | None,
           place: str | None, date_from: str | None, date_to: str | None, limit: int, offset: int,
           as_json: bool) -> None:
    """Arabic search over the store (matches across spelling variants and clitics)."""
    from rich.table import Table

    from marsad.document.model import PLOVER_TYPES
    from marsad.store.search import Filters, search_articles, search_events, search_quotes

    if type_ and type_.upper() not in PLOVER_TYPES:
        _err(f"--type {type_!r}: not a PLOVER event type ({', '.join(PLOVER_TYPES)})")
        sys.exit(EXIT_INPUT)
    day_from = _day_bound("--from", date_from, end=False)
    day_to = _day_bound("--to", date_to, end=True)
    store = _open_store(db, readonly=True)
    f = Filters(q=query or None, actor=actor, speaker=speaker, type=type_, place=place,
                date_from=day_from, date_to=day_to, limit=limit, offset=offset)
    fn = {"articles": search_articles, "quotes": search_quotes, "events": search_events}[what]
    total, items = fn(store, f)
    if as_json:
        click.echo(json.dumps({"total": total, "items": items}, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"{total} {what}")
    cols = {"articles": ["published", "outlet", "title", "id"],
            "quotes": ["published_day", "speaker_name", "kind", "text"],
            "events": ["published_day", "type", "actors", "targets", "place", "trigger"]}[what]
    for c in cols:
        table.add_column(c)
    for it in items:
        table.add_row(*["\u200f" + str(it.get(c) or "")[:90] for c in cols])
    _console().print(table)


@cli.command()
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option("--what", type=click.Choice(["articles", "events", "quotes", "entities"]), default="events", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet", "geojson", "plover", "acled"]),
              default="jsonl", show_default=True)
@click.option("-o", "--output", default="-", show_default=True, help="Output file (- for stdout; parquet needs a file).")
def export(db: str, what: str, fmt: str, output: str) -> None:
    """Export the store as JSONL, CSV, Parquet, GeoJSON, PLOVER JSON or ACLED-style CSV."""
    from marsad.export import tables

    if fmt == "parquet" and output == "-":
        _err("--format parquet needs --output FILE")
        sys.exit(EXIT_INPUT)
    if output != "-" and Path(output).is_dir():
        _err(f"{output}: is a directory; --output needs a file name")
        sys.exit(EXIT_INPUT)
    store = _open_store(db, readonly=True)
    records = store.records()
    if fmt == "parquet":
        try:
            n = tables.write_parquet(tables.rows(records, what), output)
        except OSError as exc:
            _err(f"{output}: cannot write ({_one_line(exc.strerror or str(exc))})")
            sys.exit(EXIT_INPUT)
        click.echo(f"{n} {what} -> {output}", err=True)
        return
    try:
        fh = sys.stdout if output == "-" else open(output, "w", encoding="utf-8", newline="")  # noqa: SIM115
    except OSError as exc:
        _err(f"{output}: cannot write ({exc.strerror or exc})")
        sys.exit(EXIT_INPUT)
    try:
        if fmt == "jsonl":
            n = tables.write_jsonl(tables.rows(records, what), fh)
        elif fmt == "csv":
            n = tables.write_csv(tables.rows(records, what), fh)
        elif fmt == "geojson":
            data = tables.geojson(records)
            fh.write(json.dumps(data, ensure_ascii=False) + "\n")
            n = len(data["features"])
        elif fmt == "plover":
            from marsad.export.plover import to_plover

            n = tables.write_jsonl((ev for rec in records for ev in to_plover(rec)), fh)
        else:
            from marsad.export.acled import write_csv as write_acled

            n = write_acled(records, fh)
    finally:
        if output != "-":
            fh.close()
    click.echo(f"{n} rows -> {output}", err=True)


@cli.command()
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
def serve(db: str, host: str, port: int) -> None:
    """Serve the REST API and the web page over the store."""
    import uvicorn

    from marsad.api.app import create_app

    store = _open_store(db)
    app = create_app(store.path)
    click.echo(f"marsad: serving {db} at http://{host}:{port}/ (API docs at /api/docs)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


@cli.command()
@click.option("--db", default="build/demo/marsad.db", show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--no-serve", is_flag=True, help="Only analyse and ingest the samples.")
def demo(db: str, host: str, port: int, no_serve: bool) -> None:
    """Ingest the bundled sample articles into a fresh store and open the web page."""
    from importlib import resources

    from marsad.ingest.sources import iter_sources
    from marsad.store.loader import ingest as run_ingest

    folder = resources.files("marsad") / "data" / "demo"
    dbp = Path(db)
    for suffix in ("", "-wal", "-shm"):
        Path(str(dbp) + suffix).unlink(missing_ok=True)
    store = _open_store(db)
    with resources.as_file(folder) as path:
        seed = [str(p) for p in sorted(Path(path).glob("*.txt"))]
        items = list(iter_sources(seed, published="2019-03-19"))
        items += list(iter_sources([str(p) for p in sorted(Path(path).glob("*.jsonl"))]))
    stats = run_ingest(store, items)
    click.echo(f"demo: {stats.added} articles analysed into {db} "
               f"({store.count('entities')} entities, {store.count('quotes')} quotes, "
               f"{store.count('events')} events, {store.count('places')} places)")
    if no_serve:
        return
    import uvicorn

    from marsad.api.app import create_app

    click.echo(f"marsad demo: open http://{host}:{port}/  (Ctrl-C to stop)")
    uvicorn.run(create_app(store.path), host=host, port=port, log_level="warning")


@cli.command(context_settings={"ignore_unknown_options": True})
@click.option("--input", "input_path", required=True, help="JSONL, Parquet or WARC(.gz) path (globs allowed).")
@click.option("--output", required=True, help="Output folder.")
@click.option("--format", "fmt", type=click.Choice(["parquet", "jsonl"]), default="parquet", show_default=True)
@click.option("--master", default="local[*]", show_default=True, help="Spark master URL.")
def spark(input_path: str, output: str, fmt: str, master: str) -> None:
    """Analyse a corpus with Apache Spark (needs the marsad[spark] extra and Java)."""
    import glob

    # Spark reports these as Java stack traces: check them before starting it.
    if "://" not in input_path and not glob.glob(input_path):
        _err(f"{input_path}: no such file (and no file matches it as a pattern)")
        sys.exit(EXIT_INPUT)
    if "://" not in output and Path(output).is_file():
        _err(f"{output}: is a file; --output needs a folder")
        sys.exit(EXIT_INPUT)
    if fmt == "jsonl" and "://" not in output and (Path(output) / "records").exists():
        _err(f"{output}: already holds records/; give a new folder")
        sys.exit(EXIT_INPUT)
    try:
        from marsad.scale.spark import run, session
    except ImportError:
        _err("PySpark is not installed: pip install 'marsad[spark]'")
        sys.exit(EXIT_INPUT)
    try:
        sess = session(master)
    except Exception as exc:  # Java missing or misconfigured: say so in one line
        _err(f"cannot start Spark ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}); is Java 17 installed?")
        sys.exit(EXIT_INPUT)
    try:
        counts = run(sess, input_path, output, fmt)
    finally:
        sess.stop()
    click.echo(json.dumps(counts))


@cli.group()
def train() -> None:
    """Train the bundled models."""


@train.command(name="ner")
@click.option("--shared", default="../shared", show_default=True, type=click.Path(file_okay=False),
              help="Folder with data/anercorp, data/aqmar, data/gate-arabic-gazetteer.")
@click.option("--out", default="src/marsad/data/ner", show_default=True, type=click.Path(file_okay=False))
@click.option("--folds", type=int, default=0, help="Also report k-fold cross-validation on ANERcorp train.")
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Cross-validation folds trained at once (forked processes).")
@click.option("--vectors", type=click.Path(dir_okay=False, exists=True),
              help="Word vectors (scripts/build_clusters.py --vectors): also train the BiLSTM-CRF "
                   "and make the model the CRF + network ensemble (needs torch: pip install -e '.[train]').")
def train_ner_cmd(shared: str, out: str, folds: int, jobs: int, vectors: str | None) -> None:
    """Train the NER model on the training splits (never a test split).

    ANERcorp train is the training text; AQMAR train contributes entity names to the
    gazetteer (its sentences hurt as training data); AQMAR dev is scored at the end.
    The CRF is trained first; with --vectors, the BiLSTM-CRF next, and the two are mixed.
    """
    from marsad.ner.train import train_ner

    data = Path(shared) / "data"
    train_files = [data / "anercorp" / "train.txt"]
    dev = [data / "aqmar" / "dev.txt"]
    if vectors:
        try:
            import torch  # noqa: F401
        except ImportError:
            _err("training the neural tagger needs torch: pip install -e '.[train]'")
            sys.exit(EXIT_INPUT)
    try:
        metrics = train_ner(
            train_files, out, folds=folds or None,
            gazetteer_names=[data / "aqmar" / "train.txt"], gate_dir=data / "gate-arabic-gazetteer",
            resources=out, dev=dev, jobs=jobs,
        )
        if vectors:
            from marsad.ner.neural_train import train_neural

            metrics = train_neural(train_files, out, vectors=vectors, folds=folds or None, dev=dev, jobs=jobs)
    except (MarsadError, OSError) as exc:
        _err(str(exc))
        sys.exit(EXIT_INPUT)
    keys = ("cv", "dev", "ensemble_cv", "ensemble_dev")
    click.echo(json.dumps({k: metrics[k] for k in keys if k in metrics}, indent=1))


@cli.command(name="ner-tag")
@click.argument("conll_file", type=click.Path(dir_okay=False))
@click.option("-o", "--output", default="-", help="Output file (- for stdout).")
@click.option("--ner-model", type=click.Path(file_okay=False), help="A local Hugging Face model folder.")
@_ner_option
def ner_tag(conll_file: str, output: str, ner_model: str | None, ner: str) -> None:
    """Tag a CoNLL file: each token with the predicted BIO tag as the last column."""
    from marsad.ner import tag_conll
    from marsad.registry import Resources

    try:
        tagger = Resources(ner_model=ner_model, ner=ner).tagger()
        tag_conll(conll_file, "/dev/stdout" if output == "-" else output, tagger)
    except (MarsadError, OSError) as exc:
        _err(f"{conll_file}: {exc}")
        sys.exit(EXIT_INPUT)


@cli.command(name="eval-ner")
@click.argument("conll_file", type=click.Path(dir_okay=False))
@click.option("--ner-model", type=click.Path(file_okay=False), help="A local Hugging Face model folder.")
@_ner_option
def eval_ner(conll_file: str, ner_model: str | None, ner: str) -> None:
    """Exact-span micro P/R/F1 per type on a CoNLL file (conlleval-compatible)."""
    from marsad.ner import eval_conll
    from marsad.registry import Resources

    try:
        tagger = Resources(ner_model=ner_model, ner=ner).tagger()
        scores = eval_conll(conll_file, tagger)
    except (MarsadError, OSError) as exc:
        _err(f"{conll_file}: {exc}")
        sys.exit(EXIT_INPUT)
    click.echo(scores.summary())


def _usage_line(exc: click.UsageError) -> str:
    """A click usage error in one line, naming the command and where to get help."""
    path = exc.ctx.command_path if exc.ctx else "marsad"
    return f"{_one_line(exc.format_message())} (see '{path} --help')"


def main(args: list[str] | None = None) -> None:
    """Entry point of the `marsad` script: every failure one line, never a traceback."""
    code: int | str | None
    try:
        code = cli.main(args=args, standalone_mode=False)
    except SystemExit as exc:
        code = exc.code
    except click.exceptions.NoArgsIsHelpError as exc:
        exc.show()  # `marsad` alone: the help text, not an error line
        code = exc.exit_code
    except click.UsageError as exc:
        _err(_usage_line(exc))
        code = EXIT_INPUT
    except click.ClickException as exc:
        _err(_one_line(exc.format_message()))
        code = exc.exit_code
    except (click.Abort, KeyboardInterrupt):
        _err("interrupted")
        code = EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        code = EXIT_PIPE
    except MarsadError as exc:  # anything a command did not catch still gets one line
        _err(_one_line(str(exc)))
        code = EXIT_INPUT
    except (OSError, sqlite3.Error) as exc:  # the file system or the database refused
        where = f"{exc.filename}: " if isinstance(exc, OSError) and exc.filename else ""
        _err(f"{where}{_one_line(str(exc.strerror if isinstance(exc, OSError) and exc.strerror else exc))}")
        code = EXIT_INPUT
    try:
        # Flush here, not at interpreter exit, where a closed pipe prints "Broken pipe".
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        code = EXIT_PIPE
    except (OSError, ValueError):
        pass
    sys.exit(code)


if __name__ == "__main__":
    main()
