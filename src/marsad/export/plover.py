"""PLOVER JSON export: one event record per coded event of an analysis record.

Field names follow the PLOVER/POLECAT event record (`id`, `date`, `event_type`, `mode`,
`context`, `actor`, `actor_country`, `recipient`, `recipient_country`, `event_loc`,
`event_text`, `source`, ...), filled from a contract dict (`marsad.analysis/1`). Actor and
recipient names are the entities' canonical names (English where the knowledge base has
one), several participants joined with "; ", and every field still points back to the
article: `trigger` and `sentence` hold offsets into the record's `text`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

SEP = "; "


def _index(record: dict[str, Any]) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    ents = {e["id"]: e for e in record.get("entities") or [] if e.get("id")}
    places = {p["entity"]: p for p in record.get("places") or [] if p.get("entity")}
    return ents, places


def _name(ref: dict[str, Any], ents: dict[str, dict[str, Any]]) -> str:
    ent = ents.get(ref.get("entity") or "")
    if ent:
        return str(ent.get("name_en") or ent.get("name") or ref.get("text") or "")
    return str(ref.get("text") or "")


def _country(ref: dict[str, Any], ents: dict[str, dict[str, Any]],
             places: dict[str, dict[str, Any]]) -> str | None:
    """The participant's country: from the knowledge base, or the place it names."""
    eid = ref.get("entity") or ""
    ent = ents.get(eid) or {}
    if ent.get("country"):
        return str(ent["country"])
    place = places.get(eid)
    if place and place.get("kind") == "country" and place.get("country"):
        return str(place["country"])
    return None


def _join(values: Iterable[str | None]) -> str | None:
    vals = list(dict.fromkeys(v for v in values if v))
    return SEP.join(vals) if vals else None


def _place(ev: dict[str, Any], record: dict[str, Any], places: dict[str, dict[str, Any]],
           ents: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    ref = ev.get("place")
    if not ref:
        return None
    p = places.get(ref.get("entity") or "")
    if p is None:
        text = ref.get("text")
        p = next((q for q in record.get("places") or []
                  if any(m.get("text") == text for m in q.get("mentions", []))), None)
    ent = ents.get(ref.get("entity") or "") or {}
    return {
        "name": (p or {}).get("name_en") or ent.get("name_en") or ref.get("text"),
        "name_ar": ref.get("text"),
        "lat": (p or {}).get("lat"), "lon": (p or {}).get("lon"),
        "country": (p or {}).get("country"), "admin1": (p or {}).get("admin1"),
        "geonames_id": (p or {}).get("geonames_id"),
        "kind": (p or {}).get("kind"),
    }


def _sentence(record: dict[str, Any], pos: int) -> dict[str, Any] | None:
    text = record.get("text") or ""
    for s in record.get("sentences") or []:
        if s["start"] <= pos < s["end"]:
            return {"start": s["start"], "end": s["end"], "text": text[s["start"]:s["end"]]}
    return None


def to_plover(record: dict[str, Any]) -> list[dict[str, Any]]:
    """PLOVER event records for every event of one analysis record (contract dict).

    >>> rec = {"article": {"id": "a1", "published": "2019-03-19"}, "text": "هدد داعش نيوزيلندا",
    ...        "entities": [], "events": [{"id": "v1", "type": "THREATEN",
    ...        "trigger": {"start": 0, "end": 3, "text": "هدد"}, "actor": [{"entity": None,
    ...        "text": "داعش"}], "target": [], "date": {"value": "2019-03-18", "text": ""}}]}
    >>> to_plover(rec)[0]["event_type"], to_plover(rec)[0]["actor"]  # haddada, threatened
    ('THREATEN', 'داعش')
    """
    art = record.get("article") or {}
    ents, places = _index(record)
    out: list[dict[str, Any]] = []
    for ev in record.get("events") or []:
        actors = ev.get("actor") or []
        targets = ev.get("target") or []
        date = (ev.get("date") or {}).get("value") or art.get("published")
        trig = ev.get("trigger") or {}
        sent = _sentence(record, int(trig.get("start", 0)))
        out.append({
            "id": f"{art.get('id')}-{ev.get('id')}",
            "date": date[:10] if isinstance(date, str) else None,
            "date_reason": (ev.get("date") or {}).get("reason"),
            "event_type": ev.get("type"),
            "mode": ev.get("mode"),
            "context": list(ev.get("context") or []),
            "actor": _join(_name(r, ents) for r in actors),
            "actor_ar": _join(r.get("text") for r in actors),
            "actor_country": _join(_country(r, ents, places) for r in actors),
            "actor_kb_id": _join((ents.get(r.get("entity") or "") or {}).get("kb_id") for r in actors),
            "recipient": _join(_name(r, ents) for r in targets),
            "recipient_ar": _join(r.get("text") for r in targets),
            "recipient_country": _join(_country(r, ents, places) for r in targets),
            "recipient_kb_id": _join((ents.get(r.get("entity") or "") or {}).get("kb_id")
                                     for r in targets),
            "event_loc": _place(ev, record, places, ents),
            "event_text": sent["text"] if sent else trig.get("text"),
            "trigger": trig,
            "status": ev.get("status", "asserted"),
            "confidence": ev.get("confidence"),
            "quote": ev.get("quote"),
            "source": art.get("outlet"),
            "url": art.get("url"),
            "article_id": art.get("id"),
            "published": art.get("published"),
            "language": art.get("language", "ar"),
        })
    return out
