"""PLOVER JSON export from analysis records."""

from __future__ import annotations

import json
from typing import Any

from marsad.document import Document
from marsad.export.plover import to_plover


def record() -> dict[str, Any]:
    """A small analysis record: the Turkish army shelled Jindires (qaṣafa al-jaysh at-turkī
    qaryat jindīris), and Hamas threatened Israel."""
    text = "قصف الجيش التركي قرية جنديرس أمس. وهددت حماس إسرائيل."
    return {
        "schema": "marsad.analysis/1",
        "article": {"id": "a1", "title": None, "outlet": "Example", "byline": None,
                    "url": "https://example.org/a1", "published": "2018-03-02", "language": "ar"},
        "text": text,
        "related": [],
        "sentences": [{"start": 0, "end": 33}, {"start": 34, "end": len(text)}],
        "entities": [
            {"id": "e1", "type": "ORG", "name": "الجيش التركي", "name_en": "Turkish Army",
             "kb_id": "marsad:tsk", "country": "TR",
             "mentions": [{"start": 4, "end": 16, "text": "الجيش التركي"}]},
            {"id": "e2", "type": "GPE", "name": "جنديرس", "name_en": "Jindires", "kb_id": None,
             "mentions": [{"start": 22, "end": 28, "text": "جنديرس"}]},
            {"id": "e3", "type": "ORG", "name": "حماس", "name_en": "Hamas", "kb_id": None,
             "mentions": [{"start": 40, "end": 44, "text": "حماس"}]},
            {"id": "e4", "type": "GPE", "name": "إسرائيل", "name_en": "Israel", "kb_id": None,
             "mentions": [{"start": 45, "end": 52, "text": "إسرائيل"}]},
        ],
        "quotes": [],
        "events": [
            {"id": "v1", "type": "ASSAULT", "mode": "shelling", "context": ["military"],
             "trigger": {"start": 0, "end": 3, "text": "قصف"},
             "actor": [{"entity": "e1", "text": "الجيش التركي"}],
             "target": [{"entity": "e2", "text": "جنديرس"}],
             "place": {"entity": "e2", "text": "جنديرس"},
             "date": {"value": "2018-03-01", "text": "أمس", "reason": "time"},
             "quote": None, "status": "asserted", "confidence": 0.9},
            {"id": "v2", "type": "THREATEN", "mode": None, "context": [],
             "trigger": {"start": 34, "end": 39, "text": "وهددت"},
             "actor": [{"entity": "e3", "text": "حماس"}],
             "target": [{"entity": "e4", "text": "إسرائيل"}],
             "place": None, "date": None, "quote": None, "status": "asserted",
             "confidence": 0.8},
        ],
        "times": [],
        "places": [
            {"entity": "e2", "name_en": "Jindires", "geonames_id": 170000, "lat": 36.39,
             "lon": 36.69, "country": "SY", "admin1": "Aleppo", "kind": "village",
             "mentions": [{"start": 22, "end": 28, "text": "جنديرس"}]},
            {"entity": "e4", "name_en": "Israel", "geonames_id": None, "lat": 31.5, "lon": 34.75,
             "country": "IL", "kind": "country",
             "mentions": [{"start": 45, "end": 52, "text": "إسرائيل"}]},
        ],
    }


def test_fields_and_values() -> None:
    out = to_plover(record())
    assert [e["event_type"] for e in out] == ["ASSAULT", "THREATEN"]
    a = out[0]
    for key in ("id", "date", "event_type", "mode", "context", "actor", "actor_country",
                "recipient", "recipient_country", "event_loc", "event_text", "source"):
        assert key in a
    assert a["id"] == "a1-v1" and a["date"] == "2018-03-01"
    assert a["actor"] == "Turkish Army" and a["actor_country"] == "TR"
    assert a["recipient"] == "Jindires"
    assert a["event_loc"]["lat"] == 36.39 and a["event_loc"]["country"] == "SY"
    assert a["event_text"].startswith("قصف") and a["source"] == "Example"
    t = out[1]
    assert t["recipient_country"] == "IL"  # a country named as a participant
    assert t["date"] == "2018-03-02"  # no event date: the publication date
    json.dumps(out, ensure_ascii=False)  # serialisable


def test_empty_and_unlinked_participants() -> None:
    rec = record()
    rec["events"][0]["actor"] = [{"entity": None, "text": "مسلحون"}]  # unnamed gunmen
    rec["events"][0]["place"] = None
    out = to_plover(rec)
    assert out[0]["actor"] == "مسلحون" and out[0]["actor_country"] is None
    assert out[0]["event_loc"] is None
    assert to_plover({"article": {"id": "x"}, "text": "", "events": []}) == []


def test_roundtrip_through_document() -> None:
    rec = record()
    doc = Document.from_dict(rec)
    assert to_plover(doc.to_dict())[0]["actor_kb_id"] == "marsad:tsk"
