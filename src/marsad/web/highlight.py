"""Article text as HTML with entities, quotes and event triggers marked.

The text is cut at every annotation boundary; each piece is escaped and wrapped in one
element carrying the classes of everything covering it. Quote pieces link to the quote's
card (#q-q1) so a click shows the speaker without any script; entity pieces outside quotes
link to the actor page. Nothing from the article reaches the page unescaped.
"""

from __future__ import annotations

import itertools
from typing import Any
from urllib.parse import quote as urlquote

from markupsafe import Markup, escape


def actor_href(ent: dict[str, Any]) -> str:
    ident = ent.get("kb_id") or ent.get("name") or ""
    return "/actors/" + urlquote(ident, safe="")


def highlight(rec: dict[str, Any]) -> list[Markup]:
    """One Markup paragraph per non-empty line of the text."""
    text: str = rec["text"]
    marks: list[tuple[int, int, str, dict[str, Any]]] = []
    ents = {e["id"]: e for e in rec.get("entities", [])}
    for e in rec.get("entities", []):
        for m in e.get("mentions", []):
            marks.append((m["start"], m["end"], "ent", e))
    for q in rec.get("quotes", []):
        marks.append((q["start"], q["end"], "quote", q))
    for v in rec.get("events", []):
        marks.append((v["trigger"]["start"], v["trigger"]["end"], "trigger", v))
    cuts = {0, len(text)}
    for s, e, _, _ in marks:
        cuts.update((s, e))
    for i, ch in enumerate(text):
        if ch == "\n":
            cuts.update((i, i + 1))
    points = sorted(c for c in cuts if 0 <= c <= len(text))
    paras: list[Markup] = []
    cur: list[str] = []
    for a, b in itertools.pairwise(points):
        piece = text[a:b]
        if piece == "\n":
            if cur:
                paras.append(Markup("".join(cur)))
            cur = []
            continue
        cover = [(kind, obj) for s, e, kind, obj in marks if s <= a and b <= e]
        cur.append(_wrap(piece, cover, ents))
    if cur:
        paras.append(Markup("".join(cur)))
    return [p for p in paras if str(p).strip()]


def _wrap(piece: str, cover: list[tuple[str, dict[str, Any]]], ents: dict[str, Any]) -> str:
    body = str(escape(piece))
    if not cover:
        return body
    classes: list[str] = []
    attrs: list[str] = []
    href = None
    for kind, obj in cover:
        if kind == "ent":
            classes += ["ent", f"ent-{obj['type']}"]
            attrs.append(f'data-entity="{escape(obj["id"])}"')
            href = href or actor_href(obj)
        elif kind == "trigger":
            classes.append("trigger")
            attrs.append(f'data-event="{escape(obj["id"])}"')
            href = f"#v-{obj['id']}" if not any(k == "quote" for k, _ in cover) else href
    quote = next((obj for kind, obj in cover if kind == "quote"), None)
    if quote is not None:
        classes.append("quote")
        attrs.append(f'data-quote="{escape(quote["id"])}"')
        href = f"#q-{quote['id']}"
    cls = " ".join(dict.fromkeys(classes))
    title = ""
    ent = next((obj for kind, obj in cover if kind == "ent"), None)
    if ent is not None:
        title = f' title="{escape(ent["type"] + ": " + (ent.get("name_en") or ent["name"]))}"'
    tag = "a" if href else "span"
    href_attr = f' href="{escape(href)}"' if href else ""
    return f'<{tag} class="{cls}"{href_attr}{title} {" ".join(attrs)}>{body}</{tag}>'
