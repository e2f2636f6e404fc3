"""Reference for the store tests: the schema-1 search queries (straightforward, slow at scale).

The tests check that `marsad.store.search` answers exactly what these do. Two deliberate
changes from schema 1: KB ids may start with "geonames:", and the quotes' place filter also
accepts a place's English name (as the articles' one always did).

Original docstring: Searching the store: Arabic full-text queries with filters, shared by CLI, API and web.

Every list answers `(total, items)`. Filters: `actor` (an entity name or KB id taking part
as actor), `speaker`, `type` (PLOVER type), `place`, `date_from`/`date_to` (YYYY-MM-DD).
Names match across spelling variants: both sides go through loose normalisation.
"""

from __future__ import annotations

from typing import Any

from marsad.arabic.keys import fts_match
from marsad.store.search import Filters
from marsad.store.sqlite import Store, name_key


def _like(value: str) -> str:
    """A LIKE pattern matching `value` anywhere, with LIKE's wildcards escaped."""
    key = name_key(value).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{key}%"


def _entity_clause(column_kb: str, column_key: str, value: str) -> tuple[str, list[Any]]:
    if value.startswith(("marsad:", "geonames:", "gn:", "Q")) and " " not in value:
        return f"({column_kb} = ?)", [value]
    return f"({column_key} LIKE ? ESCAPE '\\')", [_like(value)]


def search_articles(store: Store, f: Filters) -> tuple[int, list[dict[str, Any]]]:
    where: list[str] = []
    args: list[Any] = []
    match = fts_match(f.q) if f.q else None
    if f.q and not match:
        return 0, []
    if match:
        where.append("a.id IN (SELECT article_id FROM articles_fts WHERE articles_fts MATCH ?)")
        args.append(match)
    if f.actor:
        clause, a = _entity_clause("e.kb_id", "e.name_key", f.actor)
        where.append(f"a.id IN (SELECT e.article_id FROM entities e WHERE {clause})")
        args += a
    if f.speaker:
        clause, a = _entity_clause("q.speaker_kb_id", "q.speaker_key", f.speaker)
        where.append(f"a.id IN (SELECT q.article_id FROM quotes q WHERE {clause})")
        args += a
    if f.type:
        where.append("a.id IN (SELECT v.article_id FROM events v WHERE v.type = ?)")
        args.append(f.type.upper())
    if f.place:
        where.append("a.id IN (SELECT p.article_id FROM places p WHERE p.name_key LIKE ? ESCAPE '\\' OR lower(p.name_en) = lower(?))")
        args += [_like(f.place), f.place]
    if f.date_from:
        where.append("a.published_day >= ?")
        args.append(f.date_from)
    if f.date_to:
        where.append("a.published_day <= ?")
        args.append(f.date_to)
    sql_where = ("WHERE " + " AND ".join(where)) if where else ""
    conn = store.conn
    total = conn.execute(f"SELECT count(*) FROM articles a {sql_where}", args).fetchone()[0]
    limit, offset = f.page()
    rows = conn.execute(
        f"SELECT a.id, a.doc_id, a.title, a.outlet, a.byline, a.url, a.published, "
        f"substr(a.text, 1, 240) AS snippet, "
        f"(SELECT count(*) FROM quotes q WHERE q.article_id = a.id) AS n_quotes, "
        f"(SELECT count(*) FROM events v WHERE v.article_id = a.id) AS n_events "
        f"FROM articles a {sql_where} ORDER BY a.published_day DESC, a.id LIMIT ? OFFSET ?",
        [*args, limit, offset],
    ).fetchall()
    return int(total), [dict(r) for r in rows]


def search_quotes(store: Store, f: Filters) -> tuple[int, list[dict[str, Any]]]:
    where: list[str] = []
    args: list[Any] = []
    if f.q:
        match = fts_match(f.q)
        if not match:
            return 0, []
        where.append("(q.article_id, q.qid) IN (SELECT article_id, qid FROM quotes_fts WHERE quotes_fts MATCH ?)")
        args.append(match)
    if f.speaker:
        clause, a = _entity_clause("q.speaker_kb_id", "q.speaker_key", f.speaker)
        where.append(clause)
        args += a
    if f.actor:
        clause, a = _entity_clause("q.speaker_kb_id", "q.speaker_key", f.actor)
        where.append(clause)
        args += a
    if f.date_from:
        where.append("q.published_day >= ?")
        args.append(f.date_from)
    if f.date_to:
        where.append("q.published_day <= ?")
        args.append(f.date_to)
    if f.place:
        where.append("q.article_id IN (SELECT p.article_id FROM places p WHERE p.name_key LIKE ? ESCAPE '\\' OR lower(p.name_en) = lower(?))")
        args += [_like(f.place), f.place]
    sql_where = ("WHERE " + " AND ".join(where)) if where else ""
    conn = store.conn
    total = conn.execute(f"SELECT count(*) FROM quotes q {sql_where}", args).fetchone()[0]
    limit, offset = f.page()
    rows = conn.execute(
        f"SELECT q.article_id, q.qid, q.kind, q.start, q.end, q.text, q.cue, q.speaker_entity, "
        f"q.speaker_text, q.speaker_name, q.speaker_kb_id, q.addressee, q.relayed_by, "
        f"q.published_day, a.title, a.outlet FROM quotes q JOIN articles a ON a.id = q.article_id "
        f"{sql_where} ORDER BY q.published_day DESC, q.article_id, q.start LIMIT ? OFFSET ?",
        [*args, limit, offset],
    ).fetchall()
    return int(total), [dict(r) for r in rows]


def search_events(store: Store, f: Filters) -> tuple[int, list[dict[str, Any]]]:
    where: list[str] = []
    args: list[Any] = []
    if f.q:
        match = fts_match(f.q)
        if not match:
            return 0, []
        where.append("(v.article_id, v.vid) IN (SELECT article_id, vid FROM events_fts WHERE events_fts MATCH ?)")
        args.append(match)
    if f.type:
        where.append("v.type = ?")
        args.append(f.type.upper())
    if f.actor:
        clause, a = _entity_clause("p.kb_id", "p.name_key", f.actor)
        where.append(f"(v.article_id, v.vid) IN (SELECT p.article_id, p.vid FROM participants p WHERE p.role = 'actor' AND {clause})")
        args += a
    if f.speaker:
        where.append("(v.article_id, v.quote_id) IN (SELECT q.article_id, q.qid FROM quotes q WHERE q.speaker_key LIKE ? ESCAPE '\\')")
        args.append(_like(f.speaker))
    if f.place:
        where.append("(v.place LIKE ? OR v.article_id IN (SELECT p.article_id FROM places p WHERE p.name_key LIKE ? ESCAPE '\\' AND (p.name_en = v.place OR p.name = v.place)))")
        args += [f"%{f.place}%", _like(f.place)]
    day = "coalesce(substr(v.date, 1, 10), v.published_day)"
    if f.date_from:
        where.append(f"{day} >= ?")
        args.append(f.date_from)
    if f.date_to:
        where.append(f"{day} <= ?")
        args.append(f.date_to)
    sql_where = ("WHERE " + " AND ".join(where)) if where else ""
    conn = store.conn
    total = conn.execute(f"SELECT count(*) FROM events v {sql_where}", args).fetchone()[0]
    limit, offset = f.page()
    rows = conn.execute(
        f"SELECT v.article_id, v.vid, v.type, v.mode, v.context, v.trigger, v.trigger_start, "
        f"v.trigger_end, v.actors, v.targets, v.place, v.lat, v.lon, v.country, v.date, v.quote_id, "
        f"v.status, v.confidence, v.published_day, a.title, a.outlet "
        f"FROM events v JOIN articles a ON a.id = v.article_id {sql_where} "
        f"ORDER BY {day} DESC, v.article_id, v.trigger_start LIMIT ? OFFSET ?",
        [*args, limit, offset],
    ).fetchall()
    return int(total), [dict(r) for r in rows]
