"""Line-by-line checks of our curated places (data/kb/places_*.jsonl)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from marsad.kb import PLACE_KINDS, haversine_km

DATA = Path(__file__).resolve().parents[2] / "data" / "kb"
_TYPE_OF_KIND = {"country": "GPE", "admin1": "GPE", "city": "GPE", "village": "GPE",
                 "region": "LOC", "water": "LOC", "facility": "FAC"}


def _entries() -> list[dict[str, Any]]:
    out = []
    for path in sorted(DATA.glob("places_*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            out.extend(json.loads(line) for line in fh if line.strip())
    return out


@pytest.fixture(scope="module")
def entries() -> list[dict[str, Any]]:
    return _entries()


def test_enough_entries(entries: list[dict[str, Any]]) -> None:
    new = [e for e in entries if not e["id"].startswith("country:")]
    assert len(new) >= 150


def test_fields(entries: list[dict[str, Any]]) -> None:
    ids = set()
    for e in entries:
        assert e["id"] not in ids, e["id"]
        ids.add(e["id"])
        assert e["kind"] in PLACE_KINDS, e
        assert e["type"] == _TYPE_OF_KIND[e["kind"]], e
        assert e["name"] and e["name"] not in e.get("aliases", []), e
        assert len(set(e.get("aliases", []))) == len(e.get("aliases", [])), e
        cc = e.get("country")
        assert cc is None or (len(cc) == 2 and cc.isupper()), e
        lat, lon = e.get("lat"), e.get("lon")
        assert (lat is None) == (lon is None), e
        if lat is not None:
            assert -90 <= lat <= 90 and -180 <= lon <= 180, e
        if e["kind"] not in ("country",):
            assert e.get("name_en"), e


def test_conflict_places_present(entries: list[dict[str, Any]]) -> None:
    by_name = {e["name"]: e for e in entries}
    baghouz = by_name["الباغوز"]
    assert haversine_km(baghouz["lat"], baghouz["lon"], 34.46, 40.94) < 25
    for name in ("هجين", "تل أبيض", "رأس العين", "عفرين", "منبج", "الغوطة الشرقية", "مأرب",
                 "صعدة", "الحديدة", "محافظة دير الزور", "الأنبار", "نينوى", "شرق سوريا",
                 "غرب أفريقيا", "الشام", "الخليج", "شمال أفريقيا", "الشرق الأوسط", "نهر الفرات",
                 "نهر دجلة", "البحر الأحمر", "البحر المتوسط", "معبر باب الهوى"):
        assert name in by_name, name
    assert by_name["نهر الفرات"]["kind"] == "water"
    assert by_name["الشرق الأوسط"]["kind"] == "region"
    assert by_name["الأنبار"]["kind"] == "admin1"


def test_common_words_are_not_aliases(entries: list[dict[str, Any]]) -> None:
    # "the state", "the organisation", "average", "the red": descriptions, never aliases
    banned = {"الدولة", "التنظيم", "المتوسط", "الأحمر", "الأقصى", "الضفة"}
    for e in entries:
        assert not banned & set(e.get("aliases", [])), e["id"]
