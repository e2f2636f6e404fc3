"""Expanding ingest inputs into documents: files, folders, URLs, RSS/Atom feeds, WARC.

- a folder: every article-like file under it (.txt .html .htm .json .jsonl .xml .rss .atom
  .warc .warc.gz), in sorted order;
- a feed (file or URL; recognised by content): each item's page is fetched when it has an
  http(s) link, else its content/summary is the article;
- a WARC or WARC.gz: every HTML response record;
- an http(s) URL of a page: the page.
Failures are yielded as `ReadFailure`s with the reason, never raised.
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from marsad.document import Document
from marsad.errors import InputError
from marsad.ingest.reader import MAX_BYTES, ReadFailure, _decode, from_string, read_path

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl", ".ndjson", ".xml", ".rss", ".atom", ".warc", ".gz")
USER_AGENT = "marsad/0.1 (+https://github.com/marsad; news observatory)"
Fetcher = Callable[[str], tuple[bytes, str]]


def fetch_url(url: str, *, timeout: float = 20.0, max_bytes: int = MAX_BYTES) -> tuple[bytes, str]:
    """GET a URL; (body, content type). Raises InputError with the reason."""
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            data = resp.read(max_bytes + 1)
            ctype = resp.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        raise InputError(f"HTTP {exc.code} {exc.reason}", source=url) from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise InputError(f"cannot fetch ({reason})", source=url) from None
    if len(data) > max_bytes:
        raise InputError("the page is over the size limit", source=url)
    return data, ctype


def _is_url(s: str) -> bool:
    return s.startswith(("http://", "https://"))


def _looks_like_feed(head: bytes) -> bool:
    h = head[:2048].lstrip().lower()
    return (h.startswith(b"<?xml") or h.startswith(b"<rss") or h.startswith(b"<feed")) and (
        b"<rss" in h or b"<feed" in h or b"<rdf:rdf" in h or b"<channel" in h
    )


def _is_warc(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith((".warc", ".warc.gz"))


def iter_sources(
    inputs: list[str], *, published: str | None = None, fetch: Fetcher = fetch_url
) -> Iterator[tuple[str, Document | ReadFailure]]:
    """Every document the inputs hold, with the source it came from."""
    for item in inputs:
        if _is_url(item):
            yield from _from_url(item, fetch)
            continue
        p = Path(item)
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and f.name.lower().endswith(ARTICLE_SUFFIXES))
            if not files:
                yield item, ReadFailure(item, "the folder holds no article files")
            for f in files:
                yield from _from_file(f, published, fetch)
        else:
            yield from _from_file(p, published, fetch)


def _from_file(p: Path, published: str | None, fetch: Fetcher) -> Iterator[tuple[str, Document | ReadFailure]]:
    src = str(p)
    if _is_warc(p):
        yield from read_warc(p)
        return
    if p.is_file() and p.suffix.lower() in (".xml", ".rss", ".atom"):
        try:
            data = p.read_bytes()
        except OSError as exc:
            yield src, ReadFailure(src, f"cannot read the file ({exc.strerror})")
            return
        if _looks_like_feed(data):
            yield from read_feed(data, src, fetch)
            return
    for doc in read_path(p, published=published):
        yield src, doc


def _from_url(url: str, fetch: Fetcher) -> Iterator[tuple[str, Document | ReadFailure]]:
    try:
        data, ctype = fetch(url)
    except InputError as exc:
        yield url, ReadFailure(url, exc.reason)
        return
    if "xml" in ctype or "rss" in ctype or "atom" in ctype or _looks_like_feed(data):
        yield from read_feed(data, url, fetch)
        return
    yield url, _page(data, url)


def _page(data: bytes, url: str, **meta: Any) -> Document | ReadFailure:
    try:
        text = _decode(data, url)
        doc = from_string(text, url=url, id=meta.get("id") or url, published=meta.get("published"), source=url)
    except InputError as exc:
        return ReadFailure(url, exc.reason)
    if not doc.article.title and meta.get("title"):
        # The page's own title wins; a feed's item title is the fallback.
        from dataclasses import replace

        doc = doc.with_layers(article=replace(doc.article, title=meta["title"]))
    return doc


def feed_items(data: bytes) -> list[dict[str, Any]]:
    """The items of an RSS/Atom feed: key (guid or link), link, title, published, content."""
    import feedparser

    parsed = feedparser.parse(data)
    items = []
    for e in parsed.entries:
        content = ""
        if e.get("content"):
            content = " ".join(c.get("value", "") for c in e["content"])
        content = content or e.get("summary", "")
        published = None
        for key in ("published_parsed", "updated_parsed"):
            if e.get(key):
                t = e[key]
                published = f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}"
                break
        items.append({
            "key": e.get("id") or e.get("link") or e.get("title"),
            "link": e.get("link"), "title": e.get("title"), "published": published,
            "content": content,
        })
    return items


def read_feed(
    data: bytes, source: str, fetch: Fetcher = fetch_url, *, skip: Callable[[str], bool] | None = None
) -> Iterator[tuple[str, Document | ReadFailure]]:
    """Documents of a feed's items; `skip(key)` says which items were seen already."""
    for it in feed_items(data):
        key = it["key"] or ""
        if skip and key and skip(key):
            continue
        where = it["link"] or f"{source}#{key}"
        if it["link"] and _is_url(it["link"]):
            try:
                page, _ = fetch(it["link"])
                yield where, _page(page, it["link"], title=it["title"], published=it["published"], id=it["link"])
                continue
            except InputError as exc:
                if not it["content"]:
                    yield where, ReadFailure(where, exc.reason)
                    continue
        if it["content"]:
            try:
                doc = from_string(it["content"], title=it["title"], published=it["published"],
                                  url=it["link"], id=key or None, source=where)
                yield where, doc
            except InputError as exc:
                yield where, ReadFailure(where, exc.reason)
        else:
            yield where, ReadFailure(where, "the feed item has neither a link nor content")


def read_warc(path: Path) -> Iterator[tuple[str, Document | ReadFailure]]:
    """Every HTML response record of a WARC (or WARC.gz) file."""
    from warcio.archiveiterator import ArchiveIterator

    src = str(path)
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed in finally
    except OSError as exc:
        yield src, ReadFailure(src, f"cannot read the file ({exc.strerror})")
        return
    try:
        for record in ArchiveIterator(fh):
            if record.rec_type != "response":
                continue
            url = record.rec_headers.get_header("WARC-Target-URI") or src
            ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
            if "html" not in ctype.lower():
                continue
            data = record.content_stream().read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                yield url, ReadFailure(url, "the page is over the size limit")
                continue
            date = record.rec_headers.get_header("WARC-Date")
            doc = _page(data, url, id=url)
            if isinstance(doc, Document) and not doc.article.published and date:
                from dataclasses import replace

                from marsad.ingest.dates import parse_published

                doc = doc.with_layers(article=replace(doc.article, published=parse_published(date[:10])))
            yield url, doc
    except Exception as exc:  # warcio raises assorted errors on damaged archives
        yield src, ReadFailure(src, f"damaged WARC ({type(exc).__name__}: {exc})")
    finally:
        fh.close()


__all__ = ["feed_items", "fetch_url", "iter_sources", "read_feed", "read_warc"]
