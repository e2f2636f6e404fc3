"""ACLED-style CSV export of coded events.

ACLED records political violence, demonstrations and strategic developments, one row per
event, with its two main actors, the location down to coordinates, the source and a note.
PLOVER types map onto ACLED's event types and sub-event types (ASSAULT by its mode: an
air strike is "Explosions/Remote violence: Air/drone strike", an assassination "Violence
against civilians: Attack"; PROTEST by its mode; arrests are a strategic development).
Speech acts and diplomacy (THREATEN, REQUEST, CONSULT, ...) have no ACLED category and are
left out unless `include_all=True`, which writes them as "Strategic developments: Other".

Departures from ACLED's own files, which this is not: `event_id_cnty` is the article id
and event id; `iso` is the ISO-3166 alpha-2 code; `fatalities` is empty (not extracted).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

from marsad.export.plover import to_plover

COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "iso", "country",
    "admin1", "location", "latitude", "longitude", "geo_precision", "source", "source_url",
    "notes", "fatalities", "plover_type", "plover_mode", "status", "confidence",
)

_EXPLOSIONS = {
    "aerial": "Air/drone strike", "drone": "Air/drone strike",
    "shelling": "Shelling/artillery/missile attack",
    "heavy-weapons": "Shelling/artillery/missile attack",
    "explosives": "Remote explosive/landmine/IED", "suicide-attack": "Suicide bomb",
    "cbrn": "Chemical weapon",
}
_CIVILIAN = {
    "assassinate": "Attack", "beat": "Attack", "torture": "Attack", "cleansing": "Attack",
    "abduct": "Abduction/forced disappearance", "sexual": "Sexual violence",
}
_DISORDER = {
    "Battles": "Political violence", "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence", "Riots": "Political violence; Demonstrations",
    "Protests": "Demonstrations", "Strategic developments": "Strategic developments",
}


def acled_type(ev: dict[str, Any]) -> tuple[str, str] | None:
    """ACLED (event_type, sub_event_type) of a PLOVER event record, or None."""
    t, mode = ev.get("event_type"), ev.get("mode")
    if t == "ASSAULT":
        if mode in _EXPLOSIONS:
            return "Explosions/Remote violence", _EXPLOSIONS[mode]
        if mode in _CIVILIAN:
            return "Violence against civilians", _CIVILIAN[mode]
        if mode == "destroy":
            return "Strategic developments", "Looting/property destruction"
        return "Battles", "Armed clash"
    if t == "PROTEST":
        if mode == "riot":
            return "Riots", "Violent demonstration"
        return "Protests", "Peaceful protest"
    if t == "COERCE":
        return "Strategic developments", "Arrests" if mode == "arrest" else "Other"
    if t == "MOBILIZE":
        return "Strategic developments", "Change to group/activity"
    if t == "RETREAT":
        if mode == "ceasefire":
            return "Strategic developments", "Agreement"
        if mode == "withdraw":
            return "Strategic developments", "Non-violent transfer of territory"
        return "Strategic developments", "Other"
    if t == "AGREE":
        return "Strategic developments", "Agreement"
    return None


def _split(s: str | None) -> tuple[str, str]:
    """First participant and the associated others ("; "-joined in PLOVER records)."""
    if not s:
        return "", ""
    parts = s.split("; ")
    return parts[0], "; ".join(parts[1:])


def _precision(date: str | None) -> str:
    if not date:
        return ""
    return "1" if len(date) >= 10 else "2" if len(date) >= 7 else "3"


def _geo_precision(kind: str | None) -> str:
    if kind in ("city", "village", "facility"):
        return "1"
    if kind in ("admin1", "region", "water"):
        return "2"
    return "3" if kind == "country" else ""


def rows(records: Iterable[dict[str, Any]], *, include_all: bool = False) -> list[dict[str, str]]:
    """ACLED-style rows (column -> value) for the events of analysis records."""
    out: list[dict[str, str]] = []
    for rec in records:
        for ev in to_plover(rec):
            at = acled_type(ev)
            if at is None:
                if not include_all:
                    continue
                at = ("Strategic developments", "Other")
            a1, aa1 = _split(ev.get("actor"))
            a2, aa2 = _split(ev.get("recipient"))
            loc = ev.get("event_loc") or {}
            date = ev.get("date") or ""
            lat, lon = loc.get("lat"), loc.get("lon")
            out.append({
                "event_id_cnty": str(ev["id"]),
                "event_date": date,
                "year": date[:4] if date[:4].isdigit() else "",
                "time_precision": _precision(date),
                "disorder_type": _DISORDER.get(at[0], ""),
                "event_type": at[0], "sub_event_type": at[1],
                "actor1": a1, "assoc_actor_1": aa1, "actor2": a2, "assoc_actor_2": aa2,
                "iso": loc.get("country") or "",
                "country": loc.get("country") or "",
                "admin1": loc.get("admin1") or "",
                "location": loc.get("name") or "",
                "latitude": "" if lat is None else f"{float(lat):.4f}",
                "longitude": "" if lon is None else f"{float(lon):.4f}",
                "geo_precision": _geo_precision(loc.get("kind")),
                "source": ev.get("source") or "", "source_url": ev.get("url") or "",
                "notes": " ".join(str(ev.get("event_text") or "").split()),
                "fatalities": "",
                "plover_type": str(ev.get("event_type") or ""),
                "plover_mode": str(ev.get("mode") or ""),
                "status": str(ev.get("status") or ""),
                "confidence": "" if ev.get("confidence") is None else str(ev["confidence"]),
            })
    return out


def write_csv(records: Iterable[dict[str, Any]], fp: TextIO, *, include_all: bool = False) -> int:
    """Write ACLED-style CSV (header and one row per event) to `fp`; return the row count."""
    writer = csv.DictWriter(fp, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    n = 0
    for row in rows(records, include_all=include_all):
        writer.writerow(row)
        n += 1
    return n
