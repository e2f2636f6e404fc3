"""Turning inputs (strings, files, JSON/JSONL records) into `Document`s ready for analysis.

Every failure is an `InputError` naming the input and the reason; readers of many inputs
yield `Failure`s for the bad ones and go on with the rest.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marsad.document import Article, Document
from marsad.errors import InputError
from marsad.ingest.boilerplate import clean_body
from marsad.ingest.dates import parse_published
from marsad.ingest.html import looks_like_html, read_html
from marsad.ingest.text import read_header

MAX_BYTES = 10 * 1024 * 1024  # one article is never this large; a larger file is a mistake
MAX_LINE_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """An input (or one line of it) that could not be read."""

    source: str
    reason: str


def _doc_id(text: str) -> str:
    return "sha1-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _build(
    body: str,
    *,
    id: str | None,
    title: str | None = None,
    outlet: str | None = None,
    byline: str | None = None,
    url: str | None = None,
    published: str | None = None,
    source: str,
    links: dict[str, str] | None = None,
    header: bool = True,
) -> Document:
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    if header:
        first, _, rest = body.lstrip("\ufeff").lstrip().partition("\n")
        head = read_header(first)
        if head and rest.strip():
            outlet = outlet or head.outlet
            byline = byline or head.byline
            body = rest
    clean = clean_body(body)
    if not clean.text.strip():
        raise InputError("no article text left after removing boilerplate", source=source)
    related = clean.related
    if links:
        from marsad.document import Related

        related = tuple(Related(r.title, r.url or links.get(r.title), r.kind) for r in related)
    article = Article(
        id=id or _doc_id(clean.text), title=title, outlet=outlet, byline=byline, url=url,
        published=parse_published(published) if published else None,
    )
    return Document(text=clean.text, article=article, related=related)


def from_string(
    s: str,
    *,
    published: str | None = None,
    url: str | None = None,
    id: str | None = None,
    title: str | None = None,
    source: str = "<string>",
) -> Document:
    """A document from plain text or HTML (recognised by its markup)."""
    if not s or not s.strip():
        raise InputError("the input is empty", source=source)
    if "\x00" in s:
        raise InputError("the input is binary data, not text", source=source)
    if looks_like_html(s):
        page = read_html(s, url=url, source=source)
        return _build(
            page.text, id=id, title=title or page.title, outlet=page.outlet,
            byline=page.author, url=page.url, published=published or page.published,
            source=source, links=page.links, header=False,
        )
    return _build(s, id=id, title=title, url=url, published=published, source=source)


def document_from_record(rec: dict[str, Any], *, source: str = "<record>") -> Document:
    """A document from a JSON record with `id`, `title`, `text`, `published`, `url`, `source`.

    `text` may be plain text or HTML; `html` is accepted in place of `text`.
    """
    if not isinstance(rec, dict):
        raise InputError("a JSON record must be an object", source=source)
    body = rec.get("text") or rec.get("html") or rec.get("body")
    if not isinstance(body, str) or not body.strip():
        raise InputError("the record has no 'text'", source=source)
    meta = rec
    if isinstance(rec.get("article"), dict) and "id" not in rec:
        # An analysis record (`marsad analyze --format jsonl` output) analysed again.
        meta = {**rec["article"], "source": rec["article"].get("outlet")}
    rid = _meta_str(meta.get("id"))
    doc = from_string(
        body, published=_meta_str(meta.get("published")), url=_meta_str(meta.get("url")),
        id=rid, title=_meta_str(meta.get("title")), source=source,
    )
    outlet = _meta_str(meta.get("source")) or _meta_str(meta.get("outlet"))
    if outlet and not doc.article.outlet:
        from dataclasses import replace

        doc = doc.with_layers(article=replace(doc.article, outlet=str(outlet)))
    return doc


def _meta_str(value: Any) -> str | None:
    """A metadata field as the contract types it (string or null): numbers become text
    (an id of 5 is "5"), anything else (lists, objects, empty strings) is dropped."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _decode(data: bytes, source: str) -> str:
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("the file is binary data, not text", source=source)
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                break
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"the file is not valid UTF-8 (byte {exc.start}); convert it to UTF-8 first",
            source=source,
        ) from None
    controls = sum(1 for c in text[:4096] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > 8:
        raise InputError("the file is binary data, not text", source=source)
    return text


def read_text_file(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> str:
    """The decoded contents of a file, with `InputError` for every way it can be unreadable."""
    p = Path(path)
    source = str(path)
    if not p.exists():
        raise InputError("no such file", source=source)
    if p.is_dir():
        raise InputError("is a directory, not a file (give the files inside it)", source=source)
    size = p.stat().st_size
    if size == 0:
        raise InputError("the file is empty", source=source)
    if size > max_bytes:
        raise InputError(
            f"the file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit", source=source
        )
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror})", source=source) from None
    text = _decode(data, source)
    if not text.strip():
        raise InputError("the file is empty", source=source)
    return text


def read_path(
    path: str | os.PathLike[str],
    *,
    published: str | None = None,
    max_bytes: int = MAX_BYTES,
) -> Iterator[Document | ReadFailure]:
    """The documents of one input file: plain text, HTML, a JSON record or JSONL records.

    `"-"` reads standard input. Yields a `ReadFailure` for the file (or each bad JSONL
    line) instead of raising, so a batch goes on.
    """
    import sys

    source = str(path)
    try:
        if source == "-":
            data = sys.stdin.buffer.read()
            if not data.strip():
                raise InputError("standard input is empty", source="<stdin>")
            if len(data) > max_bytes:
                raise InputError("standard input is over the size limit", source="<stdin>")
            text = _decode(data, "<stdin>")
            p = Path("stdin")
        else:
            p = Path(path)
            if p.suffix.lower() in (".jsonl", ".ndjson") and p.is_file() and p.stat().st_size > 0:
                # A JSONL corpus may hold millions of articles: stream it, with the size
                # limit applying to each record, not to the file.
                yield from _stream_jsonl(p, published, max_bytes)
                return
            text = read_text_file(p, max_bytes=max_bytes)
    except InputError as exc:
        yield ReadFailure(exc.source or source, exc.reason)
        return
    stripped = text.lstrip("\ufeff").lstrip()
    suffix = p.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        yield from _read_jsonl(text, source, published)
        return
    if suffix == ".json" or (source == "-" and stripped[:1] in ("{", "[")):
        # A JSON document first (one record, or a list of records, possibly pretty-printed
        # over many lines); only if it does not parse as a whole, one record per line.
        try:
            data = json.loads(stripped)
        except ValueError as exc:
            if stripped.startswith("{") and "\n{" in stripped:
                yield from _read_jsonl(text, source, published)
            elif suffix == ".json":
                yield ReadFailure(source, f"invalid JSON ({exc})")
            else:  # standard input that merely starts with a brace: an article
                yield from _read_plain(text, source, published, "stdin")
            return
        records = data if isinstance(data, list) else [data]
        for n, rec in enumerate(records, 1):
            where = f"{source}[{n}]" if isinstance(data, list) else source
            yield _from_record(rec, where, published)
        if isinstance(data, list) and not data:
            yield ReadFailure(source, "the JSON list holds no records")
        return
    yield from _read_plain(text, source, published, p.name)


def _read_plain(text: str, source: str, published: str | None, name: str) -> Iterator[Document | ReadFailure]:
    """A plain-text or HTML article, its id the file name."""
    try:
        doc = from_string(text, published=published, id=name, source=source)
    except InputError as exc:
        yield ReadFailure(source, exc.reason)
        return
    yield doc


def _from_record(rec: Any, where: str, published: str | None) -> Document | ReadFailure:
    """One JSON record as a document, or the reason it is not one (the batch goes on)."""
    try:
        doc = document_from_record(rec, source=where)
    except InputError as exc:
        return ReadFailure(where, exc.reason)
    return _override(doc, published)


def _override(doc: Document, published: str | None) -> Document:
    # An unreadable override must not erase the date the record carries.
    value = parse_published(published) if published else None
    if not value:
        return doc
    from dataclasses import replace

    return doc.with_layers(article=replace(doc.article, published=value))


def _stream_jsonl(p: Path, published: str | None, max_bytes: int) -> Iterator[Document | ReadFailure]:
    source = str(p)
    try:
        fh = open(p, "rb")  # noqa: SIM115 - closed in finally
    except OSError as exc:
        yield ReadFailure(source, f"cannot read the file ({exc.strerror})")
        return
    try:
        for n, raw in enumerate(fh, 1):
            where = f"{source}:{n}"
            if len(raw) > max_bytes:
                yield ReadFailure(where, f"the record is over the {max_bytes / 1e6:.0f} MB limit")
                continue
            try:
                line = _decode(raw, where) if n > 1 or not raw.startswith(b"\xef\xbb\xbf") else raw[3:].decode("utf-8")
            except (InputError, UnicodeDecodeError) as exc:
                yield ReadFailure(where, getattr(exc, "reason", "the line is not valid UTF-8"))
                continue
            yield from _read_jsonl(line, source, published, first_line=n)
    finally:
        fh.close()


def _read_jsonl(
    text: str, source: str, published: str | None, *, first_line: int = 1
) -> Iterator[Document | ReadFailure]:
    for n, line in enumerate(text.splitlines(), first_line):
        if not line.strip():
            continue
        where = f"{source}:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ReadFailure(where, f"invalid JSON ({exc.msg})")
            continue
        yield _from_record(rec, where, published)
