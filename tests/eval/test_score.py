from __future__ import annotations

from typing import Any

from marsad.eval.gold import GoldDoc
from marsad.eval.score import LineAligner, haversine_km, place_right, score_records

TEXT = 'قال المتحدث باسم داعش "أبو الحسن المهاجر": "لنا وقفة مع نيوزيلندا". وهدد المهاجر نيوزيلندا أمس.'


def _rec(**layers: Any) -> dict[str, Any]:
    return {"schema": "marsad.analysis/1", "article": {"id": "d"}, "text": TEXT, "sentences": [], **layers}


def _span(s: str, occurrence: int = 1) -> dict[str, Any]:
    pos = -1
    for _ in range(occurrence):
        pos = TEXT.index(s, pos + 1)
    return {"start": pos, "end": pos + len(s), "text": s}


GOLD = GoldDoc(
    id="d", published="2019-03-19",
    entities=[
        {"text": "أبو الحسن المهاجر", "type": "PER", "name_en": "Abu al-Hassan al-Muhajir", "aliases": ["المهاجر"]},
        {"text": "داعش", "type": "ORG", "name_en": "ISIS", "aliases": []},
        {"text": "نيوزيلندا", "type": "GPE", "name_en": "New Zealand", "aliases": []},
    ],
    quotes=[{"kind": "direct", "text": "لنا وقفة مع نيوزيلندا", "cue": "قال", "speaker": "المتحدث",
             "speaker_name": "أبو الحسن المهاجر"}],
    events=[{"type": "THREATEN", "trigger": "هدد", "actor": ["Abu al-Hassan al-Muhajir"],
             "target": ["New Zealand"], "date": "2019-03-18", "status": "asserted"}],
    times=[{"text": "أمس", "value": "2019-03-18"}],
    places=[{"text": "نيوزيلندا", "name_en": "New Zealand", "country": "NZ", "lat": -41.0, "lon": 174.0,
             "kind": "country", "occurrence": 2}],
)


def test_perfect_record_scores_one() -> None:
    ents = [
        {"id": "e1", "type": "PER", "name": "أبو الحسن المهاجر", "mentions": [_span("أبو الحسن المهاجر"), _span("المهاجر", 2)]},
        {"id": "e2", "type": "ORG", "name": "داعش", "mentions": [_span("داعش")]},
        {"id": "e3", "type": "GPE", "name": "نيوزيلندا", "mentions": [_span("نيوزيلندا"), _span("نيوزيلندا", 2)]},
    ]
    q = _span("لنا وقفة مع نيوزيلندا")
    rec = _rec(
        entities=ents,
        quotes=[{"id": "q1", "kind": "direct", **q, "cue": _span("قال"),
                 "speaker": {"entity": "e1", **_span("المتحدث")}}],
        events=[{"id": "v1", "type": "THREATEN", "trigger": _span("هدد"), "actor": [{"entity": "e1", "text": "المهاجر"}],
                 "target": [{"entity": "e3", "text": "نيوزيلندا"}]}],
        times=[{**_span("أمس"), "value": "2019-03-18", "type": "DATE"}],
        places=[{"entity": "e3", "kind": "country", "country": "NZ", "lat": -41.2, "lon": 174.1,
                 "mentions": [_span("نيوزيلندا", 2)]}],
    )
    scores = score_records({"d": GOLD}, {"d": rec})
    for layer in ("entities", "quotes", "events", "times", "places"):
        assert scores[layer].counts.f1 == 1.0, layer
    assert scores["quotes"].ratio("speaker") == 1.0
    assert scores["times"].ratio("value") == 1.0
    assert scores["places"].ratio("accuracy") == 1.0
    assert scores["events"].ratio("roles") == 1.0


def test_swapped_roles_still_match_but_are_reported() -> None:
    # GUIDELINES match an event by a shared participant whatever its side; the threatened
    # country coded as the one threatening is a match with its roles wrong.
    ents = [{"id": "e1", "type": "PER", "name": "المهاجر", "mentions": [_span("المهاجر", 2)]},
            {"id": "e3", "type": "GPE", "name": "نيوزيلندا", "mentions": [_span("نيوزيلندا", 2)]}]
    swapped = [{"id": "v1", "type": "THREATEN", "trigger": _span("هدد"),
                "actor": [{"entity": "e3", "text": "نيوزيلندا"}], "target": [{"entity": "e1", "text": "المهاجر"}]}]
    s = score_records({"d": GOLD}, {"d": _rec(entities=ents, events=swapped)})
    assert s["events"].counts.tp == 1 and s["events"].ratio("roles") == 0.0
    assert [e["kind"] for e in s["events"].errors] == ["wrong_roles"]
    half = [{**swapped[0], "actor": [{"entity": "e1", "text": "المهاجر"}], "target": []}]
    s = score_records({"d": GOLD}, {"d": _rec(entities=ents, events=half)})
    assert s["events"].ratio("roles") == 1.0  # a side left empty is not a wrong side


def test_wrong_type_wrong_speaker_and_spurious_are_counted() -> None:
    rec = _rec(
        entities=[{"id": "e1", "type": "ORG", "name": "أبو الحسن المهاجر", "mentions": [_span("أبو الحسن المهاجر")]}],
        quotes=[{"id": "q1", "kind": "direct", **_span("لنا وقفة مع نيوزيلندا"), "speaker": {"entity": None, **_span("داعش")}},
                {"id": "q2", "kind": "indirect", **_span("وهدد المهاجر")}],
        events=[{"id": "v1", "type": "ASSAULT", "trigger": _span("هدد"), "actor": [], "target": []}],
        times=[{**_span("أمس"), "value": "XXXX-03-18", "type": "DATE"}],
    )
    s = score_records({"d": GOLD}, {"d": rec})
    assert (s["entities"].counts.tp, s["entities"].counts.fp, s["entities"].counts.fn) == (0, 1, 3)
    assert (s["quotes"].counts.tp, s["quotes"].counts.fp) == (1, 1)
    assert s["quotes"].ratio("speaker") == 0.0
    assert s["events"].counts.f1 == 0.0
    assert s["times"].counts.recall == 1.0 and s["times"].ratio("value") == 0.0


def test_line_aligner_skips_removed_lines() -> None:
    raw = "سطر أول\nاقرأ أيضا: عنوان\nسطر ثان فيه داعش"
    body = "سطر أول\nسطر ثان فيه داعش"
    al = LineAligner(raw, body)
    pos = raw.index("داعش")
    s, e = al.to_body(pos, pos + 4)  # type: ignore[misc]
    assert body[s:e] == "داعش"


def test_place_right_rules() -> None:
    assert haversine_km(34.46, 40.94, 34.46, 40.94) == 0.0
    g = {"kind": "city", "lat": 34.46, "lon": 40.94, "country": "SY"}
    assert place_right(g, {"lat": 34.5, "lon": 40.9, "country": "SY"})
    assert not place_right(g, {"lat": 35.5, "lon": 40.9, "country": "SY"})
    assert place_right({"kind": "country", "country": "SY", "lat": 35.0, "lon": 38.0}, {"country": "SY"})
    assert place_right({"kind": "region", "country": "SY", "lat": None, "lon": None}, {"country": "SY"})
