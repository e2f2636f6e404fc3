"""Flat tables of analysis records, and writers for JSONL, CSV, Parquet and GeoJSON.

One row per article, event, quote or entity, every row carrying the article id and the
offsets of its evidence, so an exported row can always be checked against the text.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

WHATS = ("articles", "events", "quotes", "entities")
FORMATS = ("jsonl", "csv", "parquet", "geojson", "plover")


def _names(refs: list[dict[str, Any]], ents: dict[str, dict[str, Any]]) -> list[str]:
    return [ents[r["entity"]]["name"] if r.get("entity") in ents else r.get("text", "") for r in refs or []]


def rows(records: Iterable[dict[str, Any]], what: str) -> Iterator[dict[str, Any]]:
    """Flat rows of one kind from analysis records."""
    for rec in records:
        art = rec["article"]
        aid = rec.get("store_id") or art["id"]
        ents = {e["id"]: e for e in rec.get("entities", [])}
        places = {p["entity"]: p for p in rec.get("places", []) if p.get("entity")}
        if what == "articles":
            yield {
                "article_id": aid, "doc_id": art["id"], "title": art.get("title"), "outlet": art.get("outlet"),
                "byline": art.get("byline"), "url": art.get("url"), "published": art.get("published"),
                "entities": len(rec.get("entities", [])), "quotes": len(rec.get("quotes", [])),
                "events": len(rec.get("events", [])), "text": rec["text"],
            }
        elif what == "entities":
            for e in rec.get("entities", []):
                yield {
                    "article_id": aid, "entity_id": e["id"], "type": e["type"], "name": e["name"],
                    "name_en": e.get("name_en"), "kb_id": e.get("kb_id"), "sector": e.get("sector"),
                    "country": e.get("country"), "mentions": len(e.get("mentions", [])),
                    "first_start": e["mentions"][0]["start"] if e.get("mentions") else None,
                    "first_end": e["mentions"][0]["end"] if e.get("mentions") else None,
                }
        elif what == "quotes":
            for q in rec.get("quotes", []):
                sp = q.get("speaker") or {}
                ent = ents.get(sp.get("entity") or "")
                yield {
                    "article_id": aid, "quote_id": q["id"], "kind": q["kind"], "start": q["start"],
                    "end": q["end"], "text": q["text"], "cue": (q.get("cue") or {}).get("text"),
                    "speaker": ent["name"] if ent else sp.get("text"),
                    "speaker_en": ent.get("name_en") if ent else None,
                    "speaker_kb_id": ent.get("kb_id") if ent else None,
                    "addressee": (q.get("addressee") or {}).get("text"),
                    "relayed_by": (q.get("relayed_by") or {}).get("text"),
                    "published": art.get("published"), "url": art.get("url"),
                }
        elif what == "events":
            for v in rec.get("events", []):
                place = v.get("place") or {}
                pl = places.get(place.get("entity") or "", {})
                yield {
                    "article_id": aid, "event_id": v["id"], "type": v["type"], "mode": v.get("mode"),
                    "context": ";".join(v.get("context") or []), "trigger": v["trigger"]["text"],
                    "trigger_start": v["trigger"]["start"], "trigger_end": v["trigger"]["end"],
                    "actor": " | ".join(_names(v.get("actor", []), ents)),
                    "target": " | ".join(_names(v.get("target", []), ents)),
                    "place": pl.get("name_en") or place.get("text"), "lat": pl.get("lat"),
                    "lon": pl.get("lon"), "country": pl.get("country"),
                    "date": (v.get("date") or {}).get("value"), "status": v.get("status"),
                    "quote_id": v.get("quote"), "confidence": v.get("confidence"),
                    "published": art.get("published"), "url": art.get("url"),
                }
        else:
            raise ValueError(f"unknown export {what!r}; choose from {', '.join(WHATS)}")


def place_rows(records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """One row per geocoded place of each article."""
    for rec in records:
        aid = rec.get("store_id") or rec["article"]["id"]
        ents = {e["id"]: e for e in rec.get("entities", [])}
        for p in rec.get("places", []):
            ent = ents.get(p.get("entity") or "")
            yield {
                "article_id": aid, "entity_id": p.get("entity"),
                "name": ent["name"] if ent else (p["mentions"][0]["text"] if p.get("mentions") else None),
                "name_en": p.get("name_en"), "kind": p["kind"], "country": p.get("country"),
                "lat": p.get("lat"), "lon": p.get("lon"), "geonames_id": p.get("geonames_id"),
                "kb_id": p.get("kb_id"), "mentions": len(p.get("mentions", [])),
            }


def write_jsonl(items: Iterable[dict[str, Any]], fp: IO[str]) -> int:
    n = 0
    for it in items:
        fp.write(json.dumps(it, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(items: Iterable[dict[str, Any]], fp: IO[str]) -> int:
    writer: csv.DictWriter[str] | None = None
    n = 0
    for it in items:
        if writer is None:
            writer = csv.DictWriter(fp, fieldnames=list(it))
            writer.writeheader()
        writer.writerow(it)
        n += 1
    return n


def write_parquet(items: Iterable[dict[str, Any]], path: str) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = list(items)
    table = pa.Table.from_pylist(data) if data else pa.table({})
    pq.write_table(table, path)
    return len(data)


def geojson(records: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Events with coordinates as GeoJSON points (a FeatureCollection)."""
    feats = []
    for row in rows(records, "events"):
        if row["lat"] is None or row["lon"] is None:
            continue
        props = {k: v for k, v in row.items() if k not in ("lat", "lon")}
        feats.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
                      "properties": props})
    return {"type": "FeatureCollection", "features": feats}
