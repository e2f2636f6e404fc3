"""The places stage: geocoding, context, metonymy, regions; quality gate on dev gold."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.document import PLACE_KINDS, Article, Document, Entity, Place, Span
from marsad.kb import KnowledgeBase, haversine_km
from marsad.pipeline import Pipeline
from marsad.stages.places import PlaceStage

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT / ".." / "shared"


@pytest.fixture(scope="module")
def stage() -> PlaceStage:
    return PlaceStage(KnowledgeBase.load())


def _doc(text: str, entities: tuple[Entity, ...] = ()) -> Document:
    return Document(text=text, article=Article(id="t"), entities=entities)


def _places(stage: PlaceStage, text: str, entities: tuple[Entity, ...] = ()) -> dict[str, Place]:
    out: dict[str, Place] = {}
    for p in stage(_doc(text, entities)).places:
        for m in p.mentions:
            assert text[m.start:m.end] == m.text
            out[m.text] = p
    return out


def test_protocol(stage: PlaceStage) -> None:
    assert stage.name == "places"
    assert stage.requires == frozenset({"entities"})
    assert stage.provides == frozenset({"places"})
    Pipeline([stage], available=("text", "entities"))


def test_baghouz_with_clitic(stage: PlaceStage) -> None:
    # maʿārik bi-l-bāghūz: "battles in Baghouz", eastern Syria
    text = "تواصلت المعارك بالباغوز في ريف دير الزور الشرقي بسوريا."
    places = _places(stage, text)
    p = places["الباغوز"]
    assert p.kind == "village" and p.country == "SY" and p.lat is not None and p.lon is not None
    assert haversine_km(p.lat, p.lon, 34.46, 40.94) < 25


def test_raqqa_is_in_syria(stage: PlaceStage) -> None:
    places = _places(stage, "قصف التحالف مواقع في الرقة ودير الزور شمال شرقي سوريا.")
    assert places["الرقة"].country == "SY"
    assert places["دير الزور"].country == "SY"


def test_context_picks_the_namesake(stage: PlaceStage) -> None:
    # al-bayḍāʾ is a Yemeni governorate and a Libyan city
    yemen = _places(stage, "اشتدت المعارك في البيضاء وسط اليمن مع الحوثيين.")
    assert yemen["البيضاء"].country == "YE"
    assert yemen["وسط اليمن"].kind == "region"
    libya = _places(stage, "وصل المشير إلى مدينة البيضاء في شرق ليبيا قادما من بنغازي.")
    assert libya["البيضاء"].country == "LY"


def test_countries_and_regions(stage: PlaceStage) -> None:
    places = _places(stage, "تتصاعد التوترات في الشرق الأوسط بعد هجمات في شمال سوريا.")
    assert places["الشرق الأوسط"].kind == "region"
    region = places["شمال سوريا"]
    assert region.kind == "region" and region.country == "SY" and region.lat is None
    assert "سوريا" not in places  # the region, not also the country


def test_metonymy_is_not_a_place(stage: PlaceStage) -> None:
    text = ("قال التحالف الدولي الذي تقوده واشنطن إن الغارات استهدفت مواقع قرب هجين بسوريا، "
            "وأعلنت موسكو رفضها، فيما وصل الوفد إلى واشنطن.")
    places = _places(stage, text)
    spans = [m for p in stage(_doc(text)).places for m in p.mentions]
    washington = [m for m in spans if m.text == "واشنطن"]
    assert len(washington) == 1 and washington[0].start > text.index("وصل")
    assert "موسكو" not in places
    assert places["هجين"].country == "SY"


def test_nisba_adjective_and_dateline(stage: PlaceStage) -> None:
    # faṣāʾil sūriyya "Syrian factions"; al-ḥukūma al-saʿūdiyya "the Saudi government"
    text = "قاتلت فصائل سورية مع الحكومة السعودية في سورية."
    spans = [m for p in stage(_doc(text)).places for m in p.mentions]
    assert [m.start for m in spans] == [text.rindex("سورية")]
    dated = "دبي، الإمارات العربية المتحدة (CNN)-- قال مسؤول في بغداد إن ..."
    assert set(_places(stage, dated)) == {"بغداد"}


def test_locative_wins_over_a_following_verb(stage: PlaceStage) -> None:
    places = _places(stage, "قال إن الدول الخمس في ليبيا تدعم الحل.")
    assert places["ليبيا"].country == "LY" and "الخمس" not in places


def test_actor_relations(stage: PlaceStage) -> None:
    text = "قطعت العلاقات مع قطر، وشنت أنقرة هجوما تشنه أنقرة وفصائل موالية لأنقرة في عفرين بسوريا."
    assert {"أنقرة"} & set(_places(stage, text)) == set()


def test_a_country_is_a_place_only_where_it_is_a_location(stage: PlaceStage) -> None:
    # A party: object after a preposition of relation, possessor, subject, a list of them.
    for text in ("قررت الحكومة البريطانية اتخاذ إجراءات ضد روسيا.",
                 "وأضافت أن رد روسيا على الإجراءات لن يتأخر.",
                 "وقطعت الإمارات والسعودية ومصر العلاقات مع قطر.",
                 "لكن إسرائيل تشكك في الأساس القانوني لذلك."):
        assert not [p for p in stage(_doc(text)).places if p.kind == "country"], text
    # A location: after a preposition of place or a verb of travel, and the later items of
    # a list that starts so; a glued bi- too.
    places = _places(stage, "عاد الوفد إلى روسيا بعد جولة في سوريا والعراق، ثم زار تركيا. "
                            "وقال إن 68 قاصرا دخلوا فرنسا، وإن الهدوء يسود بمصر.")
    assert {"روسيا", "سوريا", "العراق", "تركيا", "فرنسا", "مصر"} <= set(places)
    # The backer is no place of origin; "the city" is no Medina.
    text = "قصفت الميليشيات المدعومة من إيران المدينة، وفر السكان من المدينة المنورة."
    places = _places(stage, text)
    assert "إيران" not in places and "المدينة" not in places
    assert places["المدينة المنورة"].country == "SA"


def test_hashtag_marks_are_no_words(stage: PlaceStage) -> None:
    # The word before a hashtag decides: "تجاه #كوريا_الشمالية" (towards North Korea, a
    # policy) is the state; "في #سوريا والعراق" and "في سوريا و#العراق" are locations.
    places = _places(stage, "تغيرت لهجة ترمب تجاه #كوريا_الشمالية.")
    assert "كوريا_الشمالية" not in places
    text = "عادوا من القتال في #سوريا والعراق، ثم من القتال في سوريا و#العراق."
    mentions = [m.text for p in stage(_doc(text)).places for m in p.mentions]
    assert mentions.count("سوريا") == 2 and mentions.count("العراق") == 2


def test_a_capital_after_a_word_of_policy_is_its_state(stage: PlaceStage) -> None:
    # "رد موسكو" (Moscow's response), "سياسات الدوحة" (Doha's policies), and the second of
    # two capitals after a verb of statement ("وتتهم دمشق وموسكو", Damascus and Moscow accuse).
    for text in ("وقال إن رد موسكو على القرار سيكون قاسيا.", "والسبب في سياسات الدوحة.",
                 "وتتهم دمشق وموسكو المعارضة بإطلاق النار."):
        assert not {"موسكو", "الدوحة", "دمشق"} & set(_places(stage, text)), text
    assert "موسكو" in _places(stage, "ووصل الوفد إلى موسكو أمس.")


def test_place_inside_an_organisation_name(stage: PlaceStage) -> None:
    places = _places(stage, "قال أستاذ في جامعة دمشق إن الطلاب عادوا.")
    assert "دمشق" not in places


def test_common_word_needs_context(stage: PlaceStage) -> None:
    # fataḥa al-bāb: "opened the door" is not the town of al-Bab
    assert "الباب" not in _places(stage, "فتح القرار الباب أمام مفاوضات جديدة.")
    assert _places(stage, "دخلت القوات مدينة الباب شمال حلب.")["الباب"].country == "SY"
    # al-qaṣīr "short" agreeing with a noun, even in a story that names Syria
    assert "القصير" not in _places(stage, "تراجعت الليرة السورية في سوريا على المدى القصير.")
    # hajīn, "hybrid", is also a town in Syria: fine once Syria is in the story
    assert "هجين" not in _places(stage, "طورت الشركة محركا هجين جديدا.")


def test_works_without_entities_and_with_them(stage: PlaceStage) -> None:
    text = "قتل ثلاثة مدنيين في قرية جمينة بمديرية حيس في اليمن."
    assert "جمينة" not in _places(stage, text)
    ent = Entity("e1", "GPE", "جمينة", (Span(text.index("جمينة"), text.index("جمينة") + 5,
                                             "جمينة"),))
    places = _places(stage, text, (ent,))
    p = places["جمينة"]
    assert p.entity == "e1" and p.kb_id is None and p.country == "YE" and p.lat is None
    assert places["مديرية حيس"].country == "YE"


def test_entity_with_clitic_uses_the_stem(stage: PlaceStage) -> None:
    text = "انفجرت سيارة مفخخة ببيروت صباح اليوم."
    start = text.index("ببيروت")
    ent = Entity("e1", "GPE", "ببيروت", (Span(start, start + 6, "ببيروت"),))
    places = _places(stage, text, (ent,))
    assert places["بيروت"].country == "LB" and places["بيروت"].entity == "e1"


def test_one_place_per_entity(stage: PlaceStage) -> None:
    # The entities stage filed the capital under its state; shelling Damascus is a place,
    # but not the place of the entity "Syria".
    text = "قال الجيش في سوريا إن المسلحين يقصفون دمشق."
    s1, s2 = text.index("سوريا"), text.index("دمشق")
    ent = Entity("e1", "GPE", "سوريا", (Span(s1, s1 + 5, "سوريا"), Span(s2, s2 + 4, "دمشق")),
                 kb_id="marsad:syria")
    places = {p.name_en: p for p in stage(_doc(text, (ent,))).places}
    assert places["Syria"].entity == "e1" and places["Syria"].kb_id == "marsad:syria"
    assert places["Damascus"].entity is None


def test_empty_text(stage: PlaceStage) -> None:
    assert stage(_doc("")).places == ()


# --- quality gate on dev gold -------------------------------------------------------------

def _gate(with_entities: bool) -> tuple[float, float]:
    if not (SHARED / "gold" / "dev-gold-part1.jsonl").exists():
        pytest.skip("../shared gold not available")
    from marsad.eval import load_gold, read_corpus, score_records
    from marsad.ingest.reader import document_from_record

    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from eval_places import build
    finally:
        sys.path.pop(0)
    nlp = build(KnowledgeBase.load(), with_entities)
    gold = load_gold([SHARED / "gold" / "dev-gold-part1.jsonl",
                      SHARED / "gold" / "dev-gold-part2.jsonl"])
    corpus = read_corpus(SHARED / "data" / "news-dev" / "articles.jsonl", gold)
    records = {rid: nlp(document_from_record(rec, source=rid)).to_dict()
               for rid, rec in corpus.items()}
    raw = {rid: rec["text"] for rid, rec in corpus.items()}
    sc = score_records(gold, records, raw_texts=raw, layers=["places"])["places"]
    return sc.counts.recall, sc.ratio("accuracy")


def test_quality_gate_kb_only() -> None:
    recall, accuracy = _gate(with_entities=False)
    # Floors at the measured values (0.887 / 0.973 on 2026-11-26); they only rise.
    assert recall >= 0.88
    assert accuracy >= 0.97


@pytest.mark.slow
def test_quality_gate_with_entities() -> None:
    recall, accuracy = _gate(with_entities=True)
    # Measured 0.913 / 0.965 with the entities stage of 2026-11-26; 0.908 / 0.965 once a
    # country counts only where it is a location (precision 0.718 -> 0.845).
    assert recall >= 0.90
    assert accuracy >= 0.96


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from([
    "في", "بالباغوز", "الرقة", "واشنطن", "أعلنت", "شمال", "سوريا", "مدينة", "الباب", " ", "،",
    '"', "\n", "دير الزور", "للرقة", "وكالة", "فصائل", "سورية", "َ", "(CNN)", "جامعة", "حلب",
]), max_size=30))
def test_spans_always_point_into_the_text(stage: PlaceStage, parts: list[str]) -> None:
    text = " ".join(parts)
    for p in stage(_doc(text)).places:
        assert p.kind in PLACE_KINDS
        assert p.mentions
        for m in p.mentions:
            assert 0 <= m.start < m.end <= len(text) and text[m.start:m.end] == m.text


def _prev_word_by_matching_the_window(text: str, pos: int) -> str:
    """PlaceStage._prev_word written plainly: the last word of the window, if only spaces,
    hashtag marks and direction marks follow it."""
    import re

    from marsad.arabic.normalize import normalize

    words = list(re.finditer(r"(?:[^\W_]|[\u064b-\u065f\u0670\u0640])+", text[max(0, pos - 40):pos]))
    if not words or text[max(0, pos - 40):pos][words[-1].end():].strip(" #\u200f\u200e"):
        return ""
    return normalize(words[-1].group(), loose=True)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="بلد ال،(«\u200f\u064e_#-1\n", max_size=60))
def test_prev_word_is_the_last_word_of_the_window(text: str) -> None:
    # "في بلدة" (fī baldat): the word before the name, read from the last space on.
    for pos in range(len(text) + 1):
        assert PlaceStage._prev_word(text, pos) == _prev_word_by_matching_the_window(text, pos)


def test_a_class_word_heading_a_name_is_not_a_town() -> None:
    # "ووادي القعيف" (and the Qaif valley): "وادي" heads the name; it is not El Oued, the
    # Algerian town the KB calls "الوادي".
    import marsad

    doc = marsad.analyze("وستتمكن القوات من قطع خطوط الإمداد من منطقة الظهرة ووادي القعيف في اليمن.",
                         published="2018-06-01")
    assert all(p.country in (None, "YE") for p in doc.places)
    assert "DZ" not in {p.country for p in doc.places}


def test_an_unknown_place_takes_the_kind_its_class_word_gives() -> None:
    # "إقليم نانجارهار" (the province of Nangarhar) is an admin1, "مدينة" a city; with no
    # class word an unknown town stays a village.
    import marsad

    doc = marsad.analyze("قال المتحدث باسم إقليم نانجارهار إن القوات وصلت إلى مدينة كشمار.",
                         published="2018-06-01")
    kinds = {p.mentions[0].text: p.kind for p in doc.places if p.kb_id is None}
    assert kinds.get("نانجارهار") == "admin1"
    assert kinds.get("كشمار") == "city"


def test_another_spelling_needs_a_country_the_article_names() -> None:
    # "ولاية برونو" in a Nigerian story is Borno, not Brno; "ولاية بينسيلفانيا" where the
    # United States is named is Pennsylvania.
    import marsad

    doc = marsad.analyze("قتل مسلحون من جماعة بوكو حرام 18 عاملا في ولاية برونو شمال شرقي نيجيريا.",
                         published="2018-04-24")
    assert "CZ" not in {p.country for p in doc.places}
    doc = marsad.analyze("ويقيم غولن في ولاية بينسيلفانيا في الولايات المتحدة منذ عام 1999.",
                         published="2018-07-18")
    assert "Pennsylvania" in {p.name_en for p in doc.places}


def test_a_common_word_the_entities_stage_left_is_no_town_abroad() -> None:
    # "مايو" (May) is no Mayo, Florida; "هوية" (identity) no Huế; "ميدان" (a square, a
    # field) no Medan; "أمسك" (held) no Omsk. A capital named the same way stays a place.
    import marsad

    doc = marsad.analyze("وفي مايو الماضي كشفت الشرطة الهولندية هوية المشتبه به، وأمسك الحارس الكرة "
                         "في ميدان التدريب. وعقد المؤتمر في العاصمة الفرنسية باريس.", published="2018-09-01")
    names = {p.name_en for p in doc.places}
    assert not names & {"Mayo", "Huế", "Medan", "Omsk"}
    assert "Paris" in names


def test_a_town_the_text_places_in_another_country_keeps_no_coordinates() -> None:
    # "مدينة بو في جنوب غرب فرنسا" (the town of Pau in south-western France): the KB's only
    # "بو" is Bo, Sierra Leone, so the town stays unlinked, in France; a town in the
    # country named after it keeps its place ("مدينة بو في سيراليون").
    import marsad

    doc = marsad.analyze("قتل شاب مساء الجمعة في مدينة بو في جنوب غرب فرنسا بعد إطلاق النار عليه.",
                         published="2018-06-01")
    [bo] = [p for p in doc.places if p.mentions[0].text == "بو"]
    assert (bo.country, bo.lat, bo.kb_id) == ("FR", None, None)
    doc = marsad.analyze("ووصل الرئيس إلى مدينة بو في سيراليون.", published="2018-06-01")
    assert "Bo" in {p.name_en for p in doc.places}
