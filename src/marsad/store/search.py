"""Searching the store: Arabic full-text queries with filters, shared by CLI, API and web.

Every list answers `(total, items)`, newest first. Filters: `actor` (an entity name or KB id
taking part as actor), `speaker`, `type` (PLOVER type), `place`, `date_from`/`date_to`
(YYYY-MM-DD). Names match across spelling variants: both sides go through loose
normalisation, and a name matches every stored name containing it.

`total` is always the exact number of matches (never an estimate or a cap).

How it stays fast on a large store (schema 2, see migrations/0002_search_scale.sql): every
filter becomes a set of integer rowids (FTS matches share their row's rowid; name, type and
place filters are ranges of `article_terms`/`event_terms`, after the name has been resolved
to the matching keys in the small `names` table). The count walks the smallest set and
probes the others. A page is found by walking the slim day index (`article_days`,
`event_days`, `quotes_day`) and probing each row when matches are common, or by sorting
the matches when they are few; only the page's rows are then read in full.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
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
    # A value of marks or joiners only ("_", "ـ") normalises to nothing, which would match
    # every name: it is looked for as written instead (and, normalised away, never found).
    return _like_raw(name_key(value) or value)


def _like_raw(text: str) -> str:
    key = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{key}%"


def _is_kb_id(value: str) -> bool:
    return value.startswith(("marsad:", "geonames:", "gn:", "Q")) and " " not in value


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


@dataclass(frozen=True, slots=True)
class _Set:
    """One filter as a set of integer row ids.

    `members` selects them (as column `x`, possibly repeated); `probe` tests one row id,
    written with `{x}` where the id goes. Both take `args`.
    """

    members: str
    probe: str
    args: tuple[Any, ...]
    unique: bool = False   # members never repeat (no DISTINCT needed)
    drives: bool = True    # may be walked to count (False: only probed, unless alone)
    walk_probe: str | None = None  # a cheaper test on the walked index row `t`, same args
    size: int | None = None  # number of members, when already counted


def _terms(table: str, column: str, kind: str, values: tuple[str, list[Any]]) -> _Set:
    """Rows of `article_terms`/`event_terms` of one kind whose value satisfies `values`
    (an SQL condition on `value` and its arguments)."""
    cond, args = values
    return _Set(f"SELECT {column} AS x FROM {table} WHERE kind = ? AND {cond}",
                f"EXISTS (SELECT 1 FROM {table} WHERE kind = ? AND {cond} AND {column} = {{x}})",
                (kind, *args), unique=cond == "value = ?")


def _rows(members: str, args: tuple[Any, ...] | list[Any], *, unique: bool = False) -> _Set:
    """A set given by a query over row ids; probed by membership (materialised once)."""
    return _Set(members, f"{{x}} IN ({members.replace(' AS x', '', 1)})", tuple(args), unique=unique)


def _union(sets: list[_Set]) -> _Set | None:
    if not sets:
        return None
    if len(sets) == 1:
        return sets[0]
    return _Set(" UNION ALL ".join(s.members for s in sets),
                "(" + " OR ".join(s.probe for s in sets) + ")",
                tuple(a for s in sets for a in s.args))


def _name_values(conn: sqlite3.Connection, kind: str, value: str) -> tuple[str, list[Any]] | None:
    """`value IN (keys of names of this kind containing the filter)`, or None if none does."""
    return _in_names(conn, "value", kind, _like(value))


def _name_terms(conn: sqlite3.Connection, table: str, column: str, kind: str, value: str) -> _Set | None:
    """A name filter over terms: a KB id matches `<kind>_kb` exactly, a name matches every
    stored name containing it after loose normalisation ("ترامب", tramb, finds "دونالد
    ترامب"); None when nothing can match."""
    if _is_kb_id(value):
        return _terms(table, column, f"{kind}_kb", ("value = ?", [value]))
    names = _name_values(conn, kind if kind != "actor" else "participant", value)
    return _terms(table, column, kind, names) if names else None


def _size(conn: sqlite3.Connection, s: _Set) -> int:
    if s.size is None:
        return int(conn.execute(f"SELECT count(*) FROM ({s.members})", s.args).fetchone()[0])
    return s.size


def _count(conn: sqlite3.Connection, table: str, sets: list[_Set]) -> tuple[int, list[_Set]]:
    """The exact number of rows in every set, and the sets with their sizes, the one that
    drove the count first: the smallest set is walked and the others probed, so the cost
    follows the most selective filter."""
    if not sets:
        return int(conn.execute("SELECT n FROM row_counts WHERE tbl = ?", (table,)).fetchone()[0]), []
    sized = [s if s.size is not None or not s.drives else replace(s, size=_size(conn, s)) for s in sets]
    drivers = [s for s in sized if s.drives] or sized[:1]
    drive = min(drivers, key=lambda s: _size(conn, s))
    rest = [s for s in sized if s is not drive]
    if drive.size == 0:
        return 0, [drive, *rest]
    if not rest and drive.unique:
        return _size(conn, drive), [drive]
    # `+d.x` keeps SQLite from turning a probe into a rowid constraint on an FTS scan
    # (which would re-run the MATCH once per candidate).
    where = " AND ".join(s.probe.format(x="+d.x") for s in rest) or "1"
    distinct = "" if drive.unique else "DISTINCT "
    sql = f"SELECT count(*) FROM (SELECT {distinct}x FROM ({drive.members})) d WHERE {where}"
    return int(conn.execute(sql, [*drive.args, *(a for s in rest for a in s.args)]).fetchone()[0]), [drive, *rest]


# How much more unevenly than uniform the matches of a query may be spread over time
# before walking the date index stops paying (see `_page_ids`).
_WALK_SKEW = 16
# A candidate of a sorted page costs about this many walked index entries.
_LOOKUP_COST = 4


# Up to this many rows a date range is probed as an in-memory set; beyond, row by row.
_MAX_MATERIALISED = 50_000


def _date_set(conn: sqlite3.Connection, table: str, index: str, cond: tuple[str, list[Any]]) -> list[_Set]:
    """The date filter as a set of rowids: a range of the (covering) date index. Probed as
    an in-memory set when the range is small, by one row lookup per candidate when wide."""
    if not cond[0]:
        return []
    members = f"SELECT rowid AS x FROM {table} t INDEXED BY {index} WHERE {cond[0]}"
    # Counting a wide range costs as much as using it: count no further than the limit.
    n = int(conn.execute(f"SELECT count(*) FROM ({members} LIMIT {_MAX_MATERIALISED + 1})", cond[1]).fetchone()[0])
    if n <= _MAX_MATERIALISED:
        return [_Set(members, f"{{x}} IN (SELECT rowid FROM {table} t INDEXED BY {index} WHERE {cond[0]})",
                     tuple(cond[1]), unique=True, size=n)]
    # A wide range never drives a count (unless it is the only filter): probed row by row.
    return [_Set(members, f"EXISTS (SELECT 1 FROM {table} t WHERE t.rowid = {{x}} AND {cond[0]})",
                 tuple(cond[1]), unique=True, drives=False)]


def _sized(counted: list[_Set], s: _Set | None) -> int | None:
    """The size `_count` found for set `s`, if it counted it."""
    for c in counted:
        if s is not None and c.members == s.members and c.args == s.args:
            return c.size
    return None


def _walk_size(conn: sqlite3.Connection, table: str, bounds: list[int | None]) -> int:
    """How many index entries a walk may cover: the narrowest known bound (a date range, an
    event type), else the whole table."""
    known = [b for b in bounds if b is not None]
    if known:
        return min(known)
    return int(conn.execute("SELECT n FROM row_counts WHERE tbl = ?", (table,)).fetchone()[0])


def _page_ids(conn: sqlite3.Connection, walk_size: int, walk_from: str, sort_table: str, order: str,
              sets: list[_Set], ranges: tuple[str, list[Any]], total: int, counted: list[_Set],
              f: Filters) -> list[int]:
    """The row ids of the requested page, newest first.

    When matches are common the date-ordered index is walked and each row probed until the
    page is full; when they are rare all matches are collected and sorted. The walk reads
    (offset + limit) * table size / total rows if matches are spread evenly over time; they
    are not (events of one story share their dates), hence the safety factor.
    """
    limit, offset = f.page()
    rcond, rargs = ranges
    ranked = [c for c in counted if any(c.members == s.members and c.args == s.args for s in sets)]
    drive_size = min((c.size for c in ranked if c.size is not None), default=total)
    # Rows a walk reads: the expected stretch, with the skew factor, but never more than
    # the walked range. A sorted page costs a row lookup (several index steps) per
    # candidate of the smallest filter.
    walk_rows = min(walk_size, _WALK_SKEW * (offset + limit) * walk_size / total)
    if not sets or walk_rows < _LOOKUP_COST * drive_size:
        where = [s.walk_probe or s.probe.format(x="t.rowid") for s in sets] + ([rcond] if rcond else [])
        sql = (f"SELECT t.rowid FROM {walk_from} {('WHERE ' + ' AND '.join(where)) if where else ''} "
               f"ORDER BY {order} LIMIT ? OFFSET ?")
        args = [*(a for s in sets for a in s.args), *rargs, limit, offset]
    else:
        # Drive with the smallest filter set (the date range is applied as `rcond`).
        drive = min(ranked, key=lambda c: c.size if c.size is not None else total) if ranked else sets[0]
        rest = [s for s in sets if not (s.members == drive.members and s.args == drive.args)]
        where = [s.probe.format(x="+d.x") for s in rest] + ([rcond] if rcond else [])
        distinct = "" if drive.unique else "DISTINCT "
        sql = (f"SELECT t.rowid FROM (SELECT {distinct}x FROM ({drive.members})) d CROSS JOIN {sort_table} t "
               f"ON t.rowid = d.x {('WHERE ' + ' AND '.join(where)) if where else ''} "
               f"ORDER BY {order} LIMIT ? OFFSET ?")
        args = [*drive.args, *(a for s in rest for a in s.args), *rargs, limit, offset]
    return [int(r[0]) for r in conn.execute(sql, args)]


def _date_range(column: str, f: Filters) -> tuple[str, list[Any]]:
    conds: list[str] = []
    args: list[Any] = []
    if f.date_from:
        conds.append(f"{column} >= ?")
        args.append(f.date_from)
    if f.date_to:
        conds.append(f"{column} <= ?")
        args.append(f.date_to)
    return " AND ".join(conds), args


def _fetch(conn: sqlite3.Connection, select: str, ids: list[int], order: str) -> list[dict[str, Any]]:
    if not ids:
        return []
    rows = conn.execute(f"{select} WHERE t.rowid IN ({','.join('?' * len(ids))}) ORDER BY {order}", ids)
    return [dict(r) for r in rows]


def search_articles(store: Store, f: Filters) -> tuple[int, list[dict[str, Any]]]:
    """Articles newest first; `total` is exact."""
    conn = store.conn
    sets: list[_Set | None] = []
    if f.q:
        match = fts_match(f.q)
        if not match:
            return 0, []
        sets.append(_rows("SELECT rowid AS x FROM articles_fts WHERE articles_fts MATCH ?", [match], unique=True))
    if f.actor:
        sets.append(_name_terms(conn, "article_terms", "art", "entity", f.actor))
    if f.speaker:
        sets.append(_name_terms(conn, "article_terms", "art", "speaker", f.speaker))
    if f.type:
        sets.append(_terms("article_terms", "art", "type", ("value = ?", [f.type.upper()])))
    if f.place:
        names = _name_values(conn, "place", f.place)
        sets.append(_union([
            *([_terms("article_terms", "art", "place", names)] if names else []),
            _terms("article_terms", "art", "place_en", ("value = lower(?)", [f.place])),
        ]))
    if any(s is None for s in sets):
        return 0, []
    found = [s for s in sets if s is not None]
    ranges = _date_range("t.day", f)
    dates = _date_set(conn, "article_days", "article_days_day", ranges)
    total, counted = _count(conn, "articles", found + dates)
    if not total:
        return 0, []
    walk = _walk_size(conn, "articles", [d.size for d in dates])
    ids = _page_ids(conn, walk, "article_days t INDEXED BY article_days_day", "article_days",
                    "t.day DESC, t.id", found, ranges, total, counted, f)
    order = "t.published_day DESC, t.id"
    return total, _fetch(conn,
        "SELECT t.id, t.doc_id, t.title, t.outlet, t.byline, t.url, t.published, "
        "substr(t.text, 1, 240) AS snippet, "
        "(SELECT count(*) FROM quotes q WHERE q.article_id = t.id) AS n_quotes, "
        "(SELECT count(*) FROM events v WHERE v.article_id = t.id) AS n_events FROM articles t", ids, order)


def search_quotes(store: Store, f: Filters) -> tuple[int, list[dict[str, Any]]]:
    """Quotes newest first; `total` is exact. `actor` and `speaker` both filter the speaker."""
    conn = store.conn
    sets: list[_Set | None] = []
    if f.q:
        match = fts_match(f.q)
        if not match:
            return 0, []
        sets.append(_rows("SELECT rowid AS x FROM quotes_fts WHERE quotes_fts MATCH ?", [match], unique=True))
    for value in (f.speaker, f.actor):
        if value:
            c = _name_clause(conn, "speaker_kb_id", "speaker_key", "speaker", value)
            sets.append(_rows(f"SELECT rowid AS x FROM quotes WHERE {c[0]}", c[1]) if c else None)
    if f.place:
        # Quotes of the articles that mention the place; tested on the article id, which the
        # walked quotes_day index holds.
        names = _in_names(conn, "p.name_key", "place", _like(f.place))
        cond = f"({names[0]} OR lower(p.name_en) = lower(?))" if names else "lower(p.name_en) = lower(?)"
        arts = f"SELECT p.article_id FROM places p WHERE {cond}"
        sets.append(_Set(f"SELECT q.rowid AS x FROM quotes q WHERE q.article_id IN ({arts})",
                         f"EXISTS (SELECT 1 FROM quotes q2 WHERE q2.rowid = {{x}} AND q2.article_id IN ({arts}))",
                         (*(names[1] if names else []), f.place), unique=True,
                         walk_probe=f"t.article_id IN ({arts})"))
    if any(s is None for s in sets):
        return 0, []
    found = [s for s in sets if s is not None]
    ranges = _date_range("t.published_day", f)
    dates = _date_set(conn, "quotes", "quotes_day", ranges)
    total, counted = _count(conn, "quotes", found + dates)
    if not total:
        return 0, []
    order = "t.published_day DESC, t.article_id, t.start"
    walk = _walk_size(conn, "quotes", [d.size for d in dates])
    ids = _page_ids(conn, walk, "quotes t INDEXED BY quotes_day", "quotes", order, found, ranges, total, counted, f)
    return total, _fetch(conn,
        "SELECT t.article_id, t.qid, t.kind, t.start, t.end, t.text, t.cue, t.speaker_entity, "
        "t.speaker_text, t.speaker_name, t.speaker_kb_id, t.addressee, t.relayed_by, "
        "t.published_day, a.title, a.outlet FROM quotes t JOIN articles a ON a.id = t.article_id", ids, order)


# The day an event is listed under: its own date when resolved, else its article's day
# (`event_days.day` holds it for sorting).
_EVENT_DAY = "coalesce(substr(t.date, 1, 10), t.published_day)"


def search_events(store: Store, f: Filters) -> tuple[int, list[dict[str, Any]]]:
    """Events newest first (by their own date, else their article's day); `total` is exact."""
    conn = store.conn
    sets: list[_Set | None] = []
    if f.q:
        match = fts_match(f.q)
        if not match:
            return 0, []
        sets.append(_rows("SELECT rowid AS x FROM events_fts WHERE events_fts MATCH ?", [match], unique=True))
    type_set = None
    if f.type:
        # On the walked event_days row the type is a column: the walk needs no lookup.
        type_set = replace(_terms("event_terms", "ev", "type", ("value = ?", [f.type.upper()])),
                           walk_probe="(? = 'type' AND t.type = ?)")
    if type_set:
        sets.append(type_set)
    if f.actor:
        sets.append(_name_terms(conn, "event_terms", "ev", "actor", f.actor))
    if f.speaker:
        names = _name_values(conn, "speaker", f.speaker)
        sets.append(_terms("event_terms", "ev", "speaker", names) if names else None)
    if f.place:
        # As in schema 1: the event's place contains the text as given, or is the name
        # (Arabic or English) of a place of its article whose normalised name contains it.
        raw = _in_names(conn, "place", "event_place", _like_raw(f.place))
        names = _name_values(conn, "place", f.place)
        sets.append(_union([
            *([_rows(f"SELECT rowid AS x FROM events WHERE {raw[0]}", raw[1])] if raw else []),
            *([_terms("event_terms", "ev", "place", names)] if names else []),
        ]))
    if any(s is None for s in sets):
        return 0, []
    found = [s for s in sets if s is not None]
    ranges = _date_range("t.day", f)
    dates = _date_set(conn, "event_days", "event_days_day", ranges)
    total, counted = _count(conn, "events", found + dates)
    if not total:
        return 0, []
    walk_from = "event_days t INDEXED BY event_days_day"
    if f.type:
        # Walk this type's slice of the date index: every row read is of the right type.
        walk_from = "event_days t INDEXED BY event_days_type"
        ranges = (" AND ".join(c for c in ("t.type = ?", ranges[0]) if c), [f.type.upper(), *ranges[1]])
    walk = _walk_size(conn, "events", [d.size for d in dates] + [_sized(counted, type_set)])
    ids = _page_ids(conn, walk, walk_from, "event_days", "t.day DESC, t.article_id, t.trigger_start",
                    found, ranges, total, counted, f)
    order = f"{_EVENT_DAY} DESC, t.article_id, t.trigger_start"
    return total, _fetch(conn,
        "SELECT t.article_id, t.vid, t.type, t.mode, t.context, t.trigger, t.trigger_start, "
        "t.trigger_end, t.actors, t.targets, t.place, t.lat, t.lon, t.country, t.date, t.quote_id, "
        "t.status, t.confidence, t.published_day, a.title, a.outlet FROM events t "
        "JOIN articles a ON a.id = t.article_id", ids, order)


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


def facets(store: Store) -> dict[str, list[dict[str, Any]]]:
    """The search page's facets: events per type, articles per outlet (top 12), per actor
    (PER/ORG/NORP entities, by KB id else name; top 15) and per place (top 12). Read from
    counters the store keeps as it is written (migration 0003)."""
    conn = store.conn

    def top(kind: str, limit: int, *extra: str) -> list[dict[str, Any]]:
        cols = "".join(f", {c}" for c in extra)
        return [dict(r) for r in conn.execute(
            f"SELECT label AS value{cols}, n FROM facet_counts WHERE kind = ? AND n > 0 ORDER BY n DESC LIMIT ?",
            (kind, limit))]

    return {"types": top("type", -1), "outlets": top("outlet", 12), "actors": top("actor", 15, "kb_id"),
            "places": top("place", 12)}
