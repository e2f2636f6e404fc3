"""The SQLite store: one file, WAL, numbered migrations, one transaction per article.

Articles are keyed by a hash of their body text, so ingesting the same article again
changes nothing, and a crash loses at most the article being written. Every layer also
lands in its own table for filtering, and the text goes through `marsad.arabic.keys`
before FTS5 sees it (FTS5's tokenizer splits words at harakat and knows no clitics).
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from marsad.arabic.keys import index_text
from marsad.arabic.normalize import normalize
from marsad.document import Document
from marsad.errors import StoreError

log = logging.getLogger(__name__)


def content_hash(text: str) -> str:
    """The store key of an article: a hash of its normalised body text."""
    key = " ".join(normalize(text).split())
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def name_key(name: str) -> str:
    return " ".join(normalize(name, loose=True).split())


def _migrations() -> list[tuple[int, str]]:
    folder = resources.files("marsad.store") / "migrations"
    out = []
    for item in folder.iterdir():
        if item.name.endswith(".sql"):
            out.append((int(item.name.split("_", 1)[0]), item.read_text(encoding="utf-8")))
    return sorted(out)


def _record(text: str, record: str) -> dict[str, Any]:
    """A stored record with its body text back in place (rows written by schema 1 kept it
    inside the record; later rows keep it only in `articles.text`)."""
    rec: dict[str, Any] = json.loads(record)
    if "text" in rec:
        return rec
    out: dict[str, Any] = {}
    for k, v in rec.items():
        out[k] = v
        if k == "article":
            out["text"] = text
    out.setdefault("text", text)
    return out


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """A marsad database file.

    Args:
        path: the SQLite file (created and migrated when missing).
        readonly: open for reading only (the web server's read connections).
    """

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._local = threading.local()
        if not readonly:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._migrate()
        elif not self.path.exists():
            raise StoreError(f"{self.path}: no such database; create it with `marsad ingest`")

    # -- connections -----------------------------------------------------------------
    @property
    def conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            try:
                if self.readonly:
                    conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
                else:
                    conn = sqlite3.connect(self.path, check_same_thread=False)
            except sqlite3.Error as exc:
                raise StoreError(f"{self.path}: cannot open the database ({exc})") from exc
            conn.row_factory = sqlite3.Row
            try:
                conn.execute("PRAGMA foreign_keys = ON")
                conn.execute("PRAGMA busy_timeout = 10000")
                # 64 MB of page cache (the default is 2 MB): the search indexes of a large
                # store then stay in memory between queries.
                conn.execute("PRAGMA cache_size = -65536")
                if not self.readonly:
                    conn.execute("PRAGMA journal_mode = WAL")
                    conn.execute("PRAGMA synchronous = NORMAL")
            except sqlite3.DatabaseError as exc:
                conn.close()
                raise StoreError(f"{self.path}: not a marsad database or damaged ({exc})") from exc
            self._local.conn = conn
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def _migrate(self) -> None:
        conn = self.conn
        try:
            conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT)")
            done = {r[0] for r in conn.execute("SELECT version FROM schema_migrations")}
            for version, sql in _migrations():
                if version in done:
                    continue
                with conn:
                    conn.executescript(f"BEGIN;\n{sql}\nINSERT INTO schema_migrations VALUES ({version}, '{_now()}');\nCOMMIT;")
                log.info("migrated %s to schema %d", self.path, version)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a marsad database or damaged ({exc})") from exc

    # -- writing ---------------------------------------------------------------------
    def has(self, article_key: str) -> bool:
        return self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_key,)).fetchone() is not None

    def add(self, doc: Document, *, source: str | None = None) -> tuple[str, bool]:
        """Store one analysed document in one transaction; (key, False) if it was there."""
        key = content_hash(doc.text)
        rec = doc.to_dict()
        conn = self.conn
        try:
            with conn:
                if conn.execute("SELECT 1 FROM articles WHERE id = ?", (key,)).fetchone():
                    return key, False
                self._insert(conn, key, doc, rec, source)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot store {doc.article.id} ({exc})") from exc
        return key, True

    def _insert(self, conn: sqlite3.Connection, key: str, doc: Document, rec: dict[str, Any],
                source: str | None) -> None:
        art = doc.article
        day = (art.published or "")[:10] or None
        # The body text is stored once, in `text`; the record leaves it out (it was a
        # fifth of the record) and `_record` puts it back when reading.
        stored = {k: v for k, v in rec.items() if k != "text"}
        cur = conn.execute(
            "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (key, art.id, art.title, art.outlet, art.byline, art.url, art.published, day, doc.text,
             json.dumps(stored, ensure_ascii=False), source, _now()),
        )
        # Each FTS row shares the rowid of the row it indexes (see migration 0002).
        conn.execute("INSERT INTO articles_fts(rowid, title, body, article_id) VALUES (?,?,?,?)",
                     (cur.lastrowid, index_text(art.title or ""), index_text(doc.text), key))
        ents = {e.id: e for e in doc.entities}
        conn.executemany(
            "INSERT INTO entities VALUES (?,?,?,?,?,?,?,?,?,?)",
            [(key, e.id, e.type, e.name, name_key(e.name), e.name_en, e.kb_id, e.sector, e.country,
              len(e.mentions)) for e in doc.entities],
        )
        conn.executemany(
            "INSERT INTO mentions VALUES (?,?,?,?,?)",
            [(key, e.id, m.start, m.end, m.text) for e in doc.entities for m in e.mentions],
        )
        for q in doc.quotes:
            sp = q.speaker
            ent = ents.get(sp.entity) if sp and sp.entity else None
            speaker_name = ent.name if ent else (sp.text if sp else None)
            cur = conn.execute(
                "INSERT INTO quotes VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (key, q.id, q.kind, q.start, q.end, q.text, q.cue.text if q.cue else None,
                 sp.entity if sp else None, sp.text if sp else None, speaker_name,
                 name_key(speaker_name) if speaker_name else None, ent.kb_id if ent else None,
                 q.addressee.text if q.addressee else None,
                 q.relayed_by.text if q.relayed_by else None, day),
            )
            conn.execute("INSERT INTO quotes_fts(rowid, text, speaker, article_id, qid) VALUES (?,?,?,?,?)",
                         (cur.lastrowid, index_text(q.text), index_text(speaker_name or ""), key, q.id))
        places_by_entity = {p.entity: p for p in doc.places if p.entity}
        for v in doc.events:
            def disp(refs: tuple[Any, ...]) -> str:
                return " | ".join(ents[r.entity].name if r.entity in ents else r.text for r in refs)

            pl = places_by_entity.get(v.place.entity) if v.place and v.place.entity else None
            cur = conn.execute(
                "INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (key, v.id, v.type, v.mode, ",".join(v.context), v.trigger.text, v.trigger.start,
                 v.trigger.end, disp(v.actor), disp(v.target),
                 (pl.name_en if pl and pl.name_en else (v.place.text if v.place else None)),
                 pl.lat if pl else None, pl.lon if pl else None, pl.country if pl else None,
                 v.date.value if v.date else None, v.quote, v.status, v.confidence, day),
            )
            vrow = cur.lastrowid
            for role, refs in (("actor", v.actor), ("target", v.target)):
                for r in refs:
                    ent = ents.get(r.entity) if r.entity else None
                    nm = ent.name if ent else r.text
                    conn.execute(
                        "INSERT INTO participants VALUES (?,?,?,?,?,?,?)",
                        (key, v.id, role, r.entity, ent.kb_id if ent else None, nm, name_key(nm)),
                    )
            conn.execute("INSERT INTO events_fts(rowid, trigger, participants, article_id, vid) VALUES (?,?,?,?,?)",
                         (vrow, index_text(v.trigger.text), index_text(disp(v.actor) + " " + disp(v.target)), key, v.id))
        conn.executemany(
            "INSERT INTO times VALUES (?,?,?,?,?,?)",
            [(key, t.start, t.end, t.text, t.value, t.type) for t in doc.times],
        )
        for p in doc.places:
            nm = ents[p.entity].name if p.entity in ents else (p.mentions[0].text if p.mentions else "")
            conn.execute(
                "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (key, p.entity, p.kb_id, nm, name_key(nm), p.name_en, p.geonames_id, p.lat, p.lon,
                 p.country, p.kind, len(p.mentions)),
            )

    def add_failure(self, source: str, reason: str, *, stage: str | None = None) -> None:
        with self.conn as conn:
            conn.execute("INSERT INTO failures(source, stage, reason, at) VALUES (?,?,?,?)",
                         (source, stage, reason, _now()))

    def mark_feed_item(self, feed: str, item_key: str) -> bool:
        """Remember a feed item; False if it had been seen before."""
        with self.conn as conn:
            cur = conn.execute("INSERT OR IGNORE INTO feed_items VALUES (?,?,?)", (feed, item_key, _now()))
            return cur.rowcount == 1

    def seen_feed_item(self, feed: str, item_key: str) -> bool:
        return self.conn.execute("SELECT 1 FROM feed_items WHERE feed=? AND item_key=?",
                                 (feed, item_key)).fetchone() is not None

    # -- reading ---------------------------------------------------------------------
    def get(self, article_key: str) -> Document | None:
        rec = self.record(article_key)
        return Document.from_dict(rec) if rec else None

    def record(self, article_key: str) -> dict[str, Any] | None:
        """The stored `marsad.analysis/1` record of an article, or None."""
        row = self.conn.execute("SELECT text, record FROM articles WHERE id = ?", (article_key,)).fetchone()
        return _record(row["text"], row["record"]) if row else None

    def records(self) -> Iterator[dict[str, Any]]:
        for row in self.conn.execute("SELECT id, text, record FROM articles ORDER BY published_day, id"):
            rec = _record(row["text"], row["record"])
            rec["store_id"] = row["id"]
            yield rec

    def count(self, table: str = "articles") -> int:
        if table not in ("articles", "entities", "quotes", "events", "places", "times", "failures"):
            raise StoreError(f"unknown table {table!r}")
        return int(self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    def failures(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute("SELECT source, stage, reason, at FROM failures ORDER BY id")]
