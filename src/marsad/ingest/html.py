"""HTML article pages: body, title and author by trafilatura; the date read by us.

trafilatura's date guesser reads Arabic pages poorly (the CNN Arabic sample page gives
2013-01-01 for an article of 3 August 2013), so the publication date comes from the page's
own metadata (`article:published_time`, `<time datetime>`, JSON-LD `datePublished`), then
the URL (/2013/middle_east/8/3/), then a visible Arabic date near the top of the page.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass

from marsad.errors import InputError
from marsad.ingest.dates import parse_published

log = logging.getLogger(__name__)

_HTML_SNIFF_RE = re.compile(r"^\s*(?:<!doctype\s+html|<html|<head|<body|<\?xml[^>]*>\s*<html)", re.I)
_TAG_RE = re.compile(r"<(?:p|div|article|span|a|h[1-6]|br|meta)\b", re.I)
_META_DATE_KEYS = (
    "article:published_time", "og:article:published_time", "datepublished", "pubdate",
    "publishdate", "publish-date", "date", "dc.date", "dc.date.issued", "sailthru.date",
    "parsely-pub-date", "article.published", "published_time", "og:published_time",
)
_URL_DATE_RES = (
    re.compile(r"/(20\d\d|19\d\d)[/-](\d{1,2})[/-](\d{1,2})(?:/|\b)"),
    re.compile(r"/(20\d\d|19\d\d)/[a-z_\-]+/(\d{1,2})/(\d{1,2})/"),
    re.compile(r"(20\d\d)(\d\d)(\d\d)"),
)


def looks_like_html(s: str) -> bool:
    """Whether a string is an HTML page (or fragment) rather than plain text."""
    head = s[:2000]
    return bool(_HTML_SNIFF_RE.match(head)) or len(_TAG_RE.findall(head)) >= 3


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    text: str
    title: str | None
    author: str | None
    published: str | None
    outlet: str | None
    url: str | None
    links: dict[str, str]


def _meta_date(tree: object) -> str | None:
    from lxml import etree

    assert isinstance(tree, etree._Element)
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").lower()
        if key in _META_DATE_KEYS:
            value = parse_published(el.get("content"))
            if value:
                return value
    for el in tree.iter("time"):
        value = parse_published(el.get("datetime") or "")
        if value:
            return value
    for el in tree.iter("script"):
        if (el.get("type") or "").lower() != "application/ld+json" or not el.text:
            continue
        try:
            data = json.loads(el.text)
        except ValueError:
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict) and item.get("datePublished"):
                value = parse_published(str(item["datePublished"]))
                if value:
                    return value
    return None


def _url_date(url: str | None) -> str | None:
    if not url:
        return None
    from datetime import date

    for rx in _URL_DATE_RES:
        m = rx.search(url)
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
            except ValueError:
                continue
    return None


def read_html(html: str, *, url: str | None = None, source: str = "<html>") -> HtmlArticle:
    """Extract the article from an HTML page.

    Raises:
        InputError: the page has no article body.
    """
    import trafilatura
    from lxml import html as lxml_html

    try:
        extracted = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False,
        )
    except Exception as exc:  # trafilatura raises assorted parser errors on broken pages
        raise InputError(f"the HTML could not be parsed ({type(exc).__name__})", source=source) from exc
    text = (getattr(extracted, "text", None) or "").strip() if extracted else ""
    # Navigation crumbs and captions are not an article: ask for a few words at least.
    if len(text.split()) < 5:
        raise InputError("the HTML page has no article body", source=source)
    title = getattr(extracted, "title", None)
    author = getattr(extracted, "author", None)
    sitename = getattr(extracted, "sitename", None)
    page_url = url or getattr(extracted, "url", None)
    published = None
    links: dict[str, str] = {}
    try:
        tree = lxml_html.fromstring(html)
        published = _meta_date(tree)
        for a in tree.iter("a"):
            label = " ".join((a.text_content() or "").split())
            href = a.get("href")
            if label and href and len(label) > 10:
                links.setdefault(label, href)
    except Exception:  # metadata is optional; the body is what matters
        log.debug("no metadata tree for %s", source)
    published = published or _url_date(page_url)
    return HtmlArticle(text, title, author, published, sitename, page_url, links)
