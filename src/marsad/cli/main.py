"""The `marsad` command line. The only place in marsad that prints.

Bad input gets one line naming the input and the reason and exit code 2, never a traceback;
in a batch the good documents still come out and the failures are listed at the end.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from marsad.document import Document
from marsad.errors import MarsadError

EXIT_INPUT = 2


def _err(msg: str) -> None:
    click.echo(f"marsad: {msg}", err=True)


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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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


def _pipeline_options(ner_model: str | None) -> dict[str, Any]:
    return {"ner_model": ner_model} if ner_model else {}


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--published", help="Publication date (YYYY-MM-DD) for resolving relative dates.")
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "text"]), default="json",
              show_default=True, help="json/jsonl follow the marsad.analysis/1 contract.")
@click.option("--workers", type=int, default=1, show_default=True, help="Worker processes.")
@click.option("--ner-model", type=click.Path(file_okay=False), help="A local Hugging Face token-classification model folder.")
def analyze(paths: tuple[str, ...], published: str | None, fmt: str, workers: int, ner_model: str | None) -> None:
    """Analyse articles: files (text, HTML, JSON, JSONL) or - for standard input."""
    from marsad.api.python import load_pipeline
    from marsad.ingest.dates import parse_published
    from marsad.pipeline import Failure

    failures = _Failures()
    if published and not parse_published(published):
        _err(f"--published {published!r}: not a date (use YYYY-MM-DD)")
        sys.exit(EXIT_INPUT)
    try:
        options = _pipeline_options(ner_model)
        nlp = load_pipeline(**options)
    except MarsadError as exc:
        _err(str(exc))
        sys.exit(EXIT_INPUT)
    docs = _iter_inputs(paths, published, failures)
    results: Iterator[Document | Failure]
    if workers > 1:
        from marsad.scale.workers import analyse_parallel

        results = analyse_parallel(docs, workers=workers, options=options)
    else:
        def run() -> Iterator[Document | Failure]:
            fails: list[Failure] = []
            for doc in docs:
                yield from nlp.pipe([doc], on_error=fails.append)
                while fails:
                    yield fails.pop()
        results = run()
    out = click.get_text_stream("stdout")
    collected: list[dict[str, Any]] = []
    console = None
    for item in results:
        if isinstance(item, Failure):
            failures.add(item.doc_id, f"analysis failed in stage {item.stage}: {item.reason}")
            continue
        if fmt == "jsonl":
            out.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
        elif fmt == "json":
            collected.append(item.to_dict())
        else:
            from rich.console import Console

            from marsad.cli.render import render_document

            console = console or Console()
            render_document(item, console)
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
def eval_cmd(gold_paths: tuple[str, ...], corpus: str, layers: tuple[str, ...], out_path: str,
             show_errors: int) -> None:
    """Score the analyser against gold annotations (GUIDELINES.md rules)."""
    from rich.console import Console
    from rich.table import Table

    from marsad.eval import LAYERS, evaluate

    try:
        report = evaluate(list(gold_paths), corpus, layers=list(layers) or list(LAYERS))
    except MarsadError as exc:
        _err(str(exc))
        sys.exit(EXIT_INPUT)
    console = Console()
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


def main() -> None:
    """Entry point of the `marsad` script."""
    try:
        cli.main(standalone_mode=True)
    except MarsadError as exc:  # anything a command did not catch still gets one line
        _err(str(exc))
        sys.exit(EXIT_INPUT)


if __name__ == "__main__":
    main()
