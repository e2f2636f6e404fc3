"""The bundled knowledge base: size, loading time, lookups and the shared interface."""

from __future__ import annotations

import time

import pytest

from marsad.errors import ResourceError
from marsad.kb import PLACE_KINDS, SECTORS, KBEntry, KnowledgeBase, haversine_km


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


def test_loads_fast() -> None:
    t0 = time.process_time()
    KnowledgeBase.load()
    assert time.process_time() - t0 < 3.0  # < 1 s on an idle core; CI shares its cores


def test_size_targets(kb: KnowledgeBase) -> None:
    places = [e for e in kb if e.is_place]
    actors = [e for e in kb if e.type in ("PER", "ORG", "NORP", "MISC")]
    assert len(places) >= 15_000
    assert len(actors) >= 2_000


def test_entries_are_well_formed(kb: KnowledgeBase) -> None:
    for e in kb:
        assert e.name and e.id
        if e.is_place:
            assert e.kind in PLACE_KINDS
            assert (e.lat is None) == (e.lon is None)
            if e.lat is not None and e.lon is not None:
                assert -90 <= e.lat <= 90 and -180 <= e.lon <= 180
        if e.sector is not None:
            assert e.sector in SECTORS, (e.id, e.sector)
        if e.country is not None:
            assert len(e.country) == 2 and e.country.isupper(), e.id


def test_baghouz(kb: KnowledgeBase) -> None:
    [top, *_] = kb.lookup("الباغوز")
    assert top.kind == "village" and top.country == "SY"
    assert top.lat is not None and top.lon is not None
    assert haversine_km(top.lat, top.lon, 34.46, 40.94) < 25


def test_countries_have_common_and_official_names(kb: KnowledgeBase) -> None:
    for name in ("سوريا", "سورية", "الجمهورية العربية السورية"):
        assert kb.lookup(name)[0].country == "SY"
    for name in ("بريطانيا", "المملكة المتحدة"):
        assert kb.lookup(name)[0].country == "GB"
    assert kb.lookup("أمريكا")[0].kind == "country"


def test_capital_is_the_default_reading(kb: KnowledgeBase) -> None:
    top = kb.lookup("واشنطن")[0]
    assert top.country == "US" and top.role == "capital"


def test_joined_spelling_variant(kb: KnowledgeBase) -> None:
    assert kb.lookup("ديرالزور")[0].name_en is not None
    assert kb.lookup("ديرالزور")[0].id == kb.lookup("دير الزور")[0].id


def test_common_words_are_not_matched(kb: KnowledgeBase) -> None:
    text = "قال أمس إن الحرب لن تنتهي وإن السلام ممكن، بحسب وكالة الأنباء"
    places = [m for m in kb.matcher().find(text) if any(
        (e := kb.get(i)) is not None and e.is_place for i in m.entry_ids)]
    assert places == []


def test_admin1_names(kb: KnowledgeBase) -> None:
    assert kb.lookup("البوكمال")[0].admin1 == "Deir ez-Zor Governorate"
    geo = [e for e in kb if e.id.startswith("geonames:") and e.country == "SY" and e.admin1]
    named = [e for e in geo if not e.admin1.startswith("SY.")]  # type: ignore[union-attr]
    assert len(named) > 0.8 * len(geo)


def test_places_near(kb: KnowledgeBase) -> None:
    near = kb.places_near(34.46, 40.94, 30)
    assert near and any(e.name == "الباغوز" for e in near)


def test_get_and_types(kb: KnowledgeBase) -> None:
    assert kb.get("no:such") is None
    assert all(e.type == "FAC" for e in kb.entries_of_type("FAC"))


def test_missing_data_is_a_resource_error(tmp_path: object) -> None:
    with pytest.raises(ResourceError):
        KnowledgeBase.load(str(tmp_path))


def test_duplicate_ids_rejected() -> None:
    with pytest.raises(ResourceError):
        KnowledgeBase([KBEntry("a", "ORG", "س"), KBEntry("a", "ORG", "ص")])


def test_lookup_spelling_finds_a_well_known_place_spelt_otherwise() -> None:
    # "بينسيلفانيا" is "بنسلفانيا" (Pennsylvania) with other long vowels; the first and
    # last letters stay, so "سيبيريا" (Siberia) is not "سابورو" (Sapporo); short names
    # are left alone.
    kb = KnowledgeBase.load()
    assert [e.name_en for e in kb.lookup_spelling("بينسيلفانيا")] == ["Pennsylvania"]
    assert [e.name_en for e in kb.lookup_spelling("كراكاس")] == ["Caracas"]
    assert kb.lookup_spelling("سيبيريا") == []
    assert kb.lookup_spelling("حلب") == []


def test_lookups_for_other_spellings_and_the_article() -> None:
    # "فلاديمير بوتن" is Putin, "الخرطوم" the KB's "خرطوم" (Khartoum); "محمود عبد العزيز"
    # is not "محمد عبد العزيز", "ماثيو مولر" (Muller) not "ماثيو ميلر" (Miller), and "أحمد
    # حسن" not "أحمد حسون": a person's first name, a vowel for another and short names
    # stay apart.
    kb = KnowledgeBase.load()
    assert [e.id for e in kb.lookup_actor_spelling("فلاديمير بوتن")] == ["marsad:vladimir-putin"]
    assert [e.name_en for e in kb.lookup_without_article("الخرطوم")] == ["Khartoum"]
    assert kb.lookup_actor_spelling("محمود عبد العزيز") == []
    assert kb.lookup_actor_spelling("ماثيو مولر") == []
    assert kb.lookup_actor_spelling("أحمد حسن") == []
    # A nisba is another name: "محمد مصطفوي" (Mustafawi) is not "محمد مصطفى" (Mustafa).
    assert kb.lookup_actor_spelling("محمد مصطفوي") == []
