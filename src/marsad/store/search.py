"""Searching the store: Arabic full-text queries with filters, shared by CLI, API and web.

Every list answers `(total, items)`. Filters: `actor` (an entity name or KB id taking part
as actor), `speaker`, `type` (PLOVER type), `place`, `date_from`/`date_to` (YYYY-MM-DD).
Names match across spelling variants: both sides go through loose normalisation.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from marsad.arabic.keys import fts_match
from marsad.store.sqlite import Store, name_key

MAX_LIMIT = 500


@dataclass(frozen=True, slots=True)
class Filters:
    q: str | None = None
    actor: str | None = None
    speaker: str | None = None
    type: str | None = None
    place: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    limit: int = 20
    offset: int = 0

    def page(self) -> tuple[int, int]:
        return max(1, min(self.limit, MAX_LIMIT)), max(0, self.offset)


def _like(value: str) -> str:
    """A LIKE pattern matching `value` anywhere, with LIKE's wildcards escaped."""
    return _like_raw(name_key(value))


def _like_raw(text: str) -> str:
    key = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{key}%"


def _is_kb_id(value: str) -> bool:
    return value.startswith(("marsad:", "gn:", "Q")) and " " not in value


# Beyond this many matching names the keys stay in SQL (a subquery) instead of bound values.
_MAX_BOUND_KEYS = 500


def _in_names(conn: sqlite3.Connection, column: str, kind: str, pattern: str) -> tuple[str, list[Any]] | None:
    """`column IN (names of this kind matching the LIKE pattern)`, or None when no name
    matches (the filter then matches nothing).

    The substring match runs over the distinct names (`names`, a few thousand rows), and
    the keys it yields are then looked up in the column's index.
    """
    keys = [r[0] for r in conn.execute(
        "SELECT name_key FROM names WHERE kind = ? AND name_key LIKE ? ESCAPE '\\' LIMIT ?",
        (kind, pattern, _MAX_BOUND_KEYS + 1))]
    if not keys:
        return None
    if len(keys) > _MAX_BOUND_KEYS:
        return (f"{column} IN (SELECT name_key FROM names WHERE kind = ? AND name_key LIKE ? ESCAPE '\\')",
                [kind, pattern])
    return f"{column} IN ({','.join('?' * len(keys))})", keys


def _name_clause(conn: sqlite3.Connection, column_kb: str, column_key: str, kind: str,
                 value: str) -> tuple[str, list[Any]] | None:
    """A filter on an entity-like name: a KB id matches exactly, a name matches any stored
    name containing it after loose normalisation ("ترامب", tramb, finds "دونالد ترامب")."""
    if _is_kb_id(value):
        return f"{column_kb} = ?", [value]
    return _in_names(conn, column_key, kind, _like(value))


def _place_articles(conn: sqlite3.Connection, value: str) -> tuple[str, list[Any]] | None:
    """SQL for the article ids that mention a place: name contains the value (normalised),
    or its English name equals it."""
    parts: list[str] = []
    args: list[Any] = []
    named = _in_names(conn, "name_key", "place", _like(value))
    if named:
        parts.append(f"SELECT article_id FROM places WHERE {named[0]}")
        args += named[1]
    parts.append("SELECT article_id FROM places WHERE lower(name_en) = lower(?)")
    args.append(value)
    return " UNION ".join(parts), args


class _Query:
    """WHERE clauses and their arguments, built filter by filter."""

    def __init__(self) -> None:
        self.where: list[str] = []
        self.args: list[Any] = []
        self.empty = False  # a filter that can match nothing

    def add(self, clause: str | tuple[str, list[Any]] | None, *args: Any) -> None:
        if clause is None:
            self.empty = True
        elif isinstance(clause, tuple):
            self.where.append(clause[0])
            self.args += clause[1]
        else:
            self.where.append(clause)
            self.args += args

    def sql(self) -> str:
        return ("WHERE " + " AND ".join(self.where)) if self.where else ""


def _walk(total: int, size: int, f: Filters) -> bool:
    """Whether the newest-first page is cheaper found by walking the date index and testing
    each row (expected rows read: (offset + limit) * size / total) than by sorting all
    `total` matches."""
    limit, offset = f.page()
    return total > 0 and (offset + limit) * size / total < total


def _table_size(conn: sqlite3.Connection, table: str) -> int:
    # max(rowid) is one b-tree descent; it bounds the row count (rows are never deleted)
    # and only steers the choice of plan, never a reported figure.
    return int(conn.execute(f"SELECT coalesce(max(rowid), 0) FROM {table}").fetchone()[0])


def search_articles(store: Store, f: Filters) -> tuple[int, list[dict[str, Any]]]:
    conn = store.conn
    w = _Query()
    match = fts_match(f.q) if f.q else None
    if f.q and not match:
        return 0, []
    if match:
        w.add("a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)", match)
    if f.actor:
        c = _name_clause(conn, "kb_id", "name_key", "entity", f.actor)
        w.add(c and (f"a.id IN (SELECT article_id FROM entities WHERE {c[0]})", c[1]))
    if f.speaker:
        c = _name_clause(conn, "speaker_kb_id", "speaker_key", "speaker", f.speaker)
        w.add(c and (f"a.id IN (SELECT article_id FROM quotes WHERE {c[0]})", c[1]))
    if f.type:
        w.add("a.id IN (SELECT article_id FROM events WHERE type = ?)", f.type.upper())
    if f.place:
        c = _place_articles(conn, f.place)
        w.add(c and (f"a.id IN ({c[0]})", c[1]))
    if f.date_from:
        w.add("a.published_day >= ?", f.date_from)
    if f.date_to:
        w.add("a.published_day <= ?", f.date_to)
    if w.empty:
        return 0, []
    if match and len(w.where) == 1:
        # The FTS index counts its own matches without touching the articles.
        total = conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", [match]).fetchone()[0]
    else:
        total = conn.execute(f"SELECT count(*) FROM articles a {w.sql()}", w.args).fetchone()[0]
    if not total:
        return 0, []
    limit, offset = f.page()
    # Walk the date index when matches are common; otherwise sort the matches (the unary +
    # keeps SQLite from choosing the walk).
    plus = "" if _walk(total, _table_size(conn, "articles"), f) else "+"
    src = "articles a INDEXED BY articles_day" if not plus else "articles a"
    page = (f"SELECT a.rowid AS r FROM {src} {w.sql()} "
            f"ORDER BY {plus}a.published_day DESC, {plus}a.id LIMIT ? OFFSET ?")
    rows = conn.execute(
        f"SELECT a.id, a.doc_id, a.title, a.outlet, a.byline, a.url, a.published, "
        f"substr(a.text, 1, 240) AS snippet, "
        f"(SELECT count(*) FROM quotes q WHERE q.article_id = a.id) AS n_quotes, "
        f"(SELECT count(*) FROM events v WHERE v.article_id = a.id) AS n_events "
        f"FROM ({page}) p CROSS JOIN articles a ON a.rowid = p.r "
        f"ORDER BY a.published_day DESC, a.id",
        [*w.args, limit, offset],
    ).fetchall()
    return int(total), [dict(r) for r in rows]


def search_quotes(store: Store, f: Filters) -> tuple[int, list[dict[str, Any]]]:
    conn = store.conn
    w = _Query()
    if f.q:
        match = fts_match(f.q)
        if not match:
            return 0, []
        w.add("q.rowid IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)", match)
    for value in (f.speaker, f.actor):
        if value:
            w.add(_name_clause(conn, "q.speaker_kb_id", "q.speaker_key", "speaker", value))
    if f.date_from:
        w.add("q.published_day >= ?", f.date_from)
    if f.date_to:
        w.add("q.published_day <= ?", f.date_to)
    if f.place:
        c = _place_articles(conn, f.place)
        w.add(c and (f"q.article_id IN ({c[0]})", c[1]))
    if w.empty:
        return 0, []
    total = conn.execute(f"SELECT count(*) FROM quotes q {w.sql()}", w.args).fetchone()[0]
    if not total:
        return 0, []
    limit, offset = f.page()
    plus = "" if _walk(total, _table_size(conn, "quotes"), f) else "+"
    src = "quotes q INDEXED BY quotes_day" if not plus else "quotes q"
    page = (f"SELECT q.rowid AS r FROM {src} {w.sql()} "
            f"ORDER BY {plus}q.published_day DESC, {plus}q.article_id, {plus}q.start LIMIT ? OFFSET ?")
    rows = conn.execute(
        f"SELECT q.article_id, q.qid, q.kind, q.start, q.end, q.text, q.cue, q.speaker_entity, "
        f"q.speaker_text, q.speaker_name, q.speaker_kb_id, q.addressee, q.relayed_by, "
        f"q.published_day, a.title, a.outlet FROM ({page}) p CROSS JOIN quotes q ON q.rowid = p.r "
        f"JOIN articles a ON a.id = q.article_id "
        f"ORDER BY q.published_day DESC, q.article_id, q.start",
        [*w.args, limit, offset],
    ).fetchall()
    return int(total), [dict(r) for r in rows]


# The day an event is listed under: its own date when resolved, else its article's day.
# Written exactly as in the events_day/events_type indexes so SQLite can use them.
_EVENT_DAY = "coalesce(substr(v.date, 1, 10), v.published_day)"


def search_events(store: Store, f: Filters) -> tuple[int, list[dict[str, Any]]]:
    conn = store.conn
    w = _Query()
    if f.q:
        match = fts_match(f.q)
        if not match:
            return 0, []
        w.add("v.rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)", match)
    if f.type:
        w.add("v.type = ?", f.type.upper())
    if f.actor:
        c = _name_clause(conn, "p.kb_id", "p.name_key", "participant", f.actor)
        w.add(c and (f"v.rowid IN (SELECT e.rowid FROM participants p JOIN events e "
                     f"ON e.article_id = p.article_id AND e.vid = p.vid WHERE {c[0]} AND p.role = 'actor')", c[1]))
    if f.speaker:
        c = _in_names(conn, "q.speaker_key", "speaker", _like(f.speaker))
        w.add(c and (f"v.rowid IN (SELECT e.rowid FROM quotes q JOIN events e "
                     f"ON e.article_id = q.article_id AND e.quote_id = q.qid WHERE {c[0]})", c[1]))
    if f.place:
        # As before: the event's place contains the text as given, or is the name (Arabic or
        # English) of a place of its article whose normalised name contains it.
        parts: list[str] = []
        args: list[Any] = []
        raw = _in_names(conn, "v.place", "event_place", _like_raw(f.place))
        if raw:
            parts.append(raw[0])
            args += raw[1]
        named = _in_names(conn, "p.name_key", "place", _like(f.place))
        if named:
            parts.append(f"v.rowid IN (SELECT e.rowid FROM places p JOIN events e ON e.article_id = p.article_id "
                         f"AND e.place IN (p.name_en, p.name) WHERE {named[0]})")
            args += named[1]
        w.add(("(" + " OR ".join(parts) + ")", args) if parts else None)
    if f.date_from:
        w.add(f"{_EVENT_DAY} >= ?", f.date_from)
    if f.date_to:
        w.add(f"{_EVENT_DAY} <= ?", f.date_to)
    if w.empty:
        return 0, []
    total = conn.execute(f"SELECT count(*) FROM events v {w.sql()}", w.args).fetchone()[0]
    if not total:
        return 0, []
    limit, offset = f.page()
    walk = _walk(total, _table_size(conn, "events"), f)
    plus = "" if walk else "+"
    src = "events v"
    if walk:
        src += " INDEXED BY events_type" if f.type else " INDEXED BY events_day"
    page = (f"SELECT v.rowid AS r FROM {src} {w.sql()} "
            f"ORDER BY {plus}{_EVENT_DAY} DESC, {plus}v.article_id, {plus}v.trigger_start LIMIT ? OFFSET ?")
    rows = conn.execute(
        f"SELECT v.article_id, v.vid, v.type, v.mode, v.context, v.trigger, v.trigger_start, "
        f"v.trigger_end, v.actors, v.targets, v.place, v.lat, v.lon, v.country, v.date, v.quote_id, "
        f"v.status, v.confidence, v.published_day, a.title, a.outlet "
        f"FROM ({page}) p CROSS JOIN events v ON v.rowid = p.r JOIN articles a ON a.id = v.article_id "
        f"ORDER BY {_EVENT_DAY} DESC, v.article_id, v.trigger_start",
        [*w.args, limit, offset],
    ).fetchall()
    return int(total), [dict(r) for r in rows]


def entity_profile(store: Store, ident: str, *, limit: int = 50) -> dict[str, Any] | None:
    """An actor across the store: names, quotes, events as actor and as target, timeline."""
    conn = store.conn
    c = _name_clause(conn, "kb_id", "name_key", "entity", ident)
    if c is None:
        return None
    rows = conn.execute(
        f"SELECT name, name_en, type, kb_id, sector, country, count(*) AS articles FROM entities "
        f"WHERE {c[0]} GROUP BY name, name_en, type, kb_id ORDER BY articles DESC LIMIT 20", c[1]
    ).fetchall()
    if not rows:
        return None
    kb_id = next((r["kb_id"] for r in rows if r["kb_id"]), None)
    key = kb_id or ident
    _, quotes = search_quotes(store, Filters(speaker=key, limit=limit))
    _, as_actor = search_events(store, Filters(actor=key, limit=limit))
    as_target: list[dict[str, Any]] = []
    t = _name_clause(conn, "p.kb_id", "p.name_key", "participant", key)
    if t is not None:
        as_target = [dict(r) for r in conn.execute(
            f"SELECT v.article_id, v.vid, v.type, v.trigger, v.actors, v.targets, v.place, v.date, "
            f"v.status, v.published_day FROM participants p JOIN events v ON v.article_id = p.article_id "
            f"AND v.vid = p.vid WHERE {t[0]} AND p.role = 'target' ORDER BY v.published_day DESC LIMIT ?",
            [*t[1], limit],
        )]
    timeline: list[dict[str, Any]] = []
    e = _name_clause(conn, "e.kb_id", "e.name_key", "entity", key)
    if e is not None:
        timeline = [dict(r) for r in conn.execute(
            f"SELECT substr(a.published_day, 1, 7) AS month, count(DISTINCT a.id) AS articles "
            f"FROM entities e JOIN articles a INDEXED BY articles_id_day ON a.id = e.article_id "
            f"WHERE {e[0]} AND a.published_day IS NOT NULL GROUP BY month ORDER BY month", e[1],
        )]
    return {
        "id": key, "names": [dict(r) for r in rows], "kb_id": kb_id,
        "quotes": quotes, "events_as_actor": as_actor, "events_as_target": as_target,
        "timeline": timeline,
    }


def article_record(store: Store, article_key: str) -> dict[str, Any] | None:
    rec = store.record(article_key)
    if rec is None:
        return None
    rec["store_id"] = article_key
    return rec
