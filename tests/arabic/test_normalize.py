from __future__ import annotations

import importlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.arabic.normalize import normalize, normalize_view, strip_diacritics

ARABICISH = st.text(
    alphabet=st.sampled_from(
        [*list("ابتثجحخدسشعغفقكلمنهويءأإآٱةىؤئ ،.0123"), "ً", "َ", "ّ", "ْ", "ـ", "\u200f", "\u200b", "ﻻ", "ﺍ", "٣", "۵", "ک", "ی", "ٰ"]
    ),
    max_size=60,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("أَبُو بَكْرٍ", "ابو بكر"),            # abū bakr: harakat go, hamza-alef folds
        ("إسلام", "اسلام"),                    # islām
        ("آذار", "اذار"),                       # ādhār (March)
        ("مستشفى", "مستشفي"),                  # mustashfā: alef maqsura
        ("الـــدولة", "الدولة"),                 # tatweel
        ("١٨ آذار ٢٠١٩", "18 اذار 2019"),        # Arabic-Indic digits
        ("۱۴۰۰", "1400"),                       # Persian digits
        ("ﻻ", "لا"),                            # presentation-form ligature
        ("\u200fداعش\u200b", "داعش"),             # bidi and zero-width marks
        ("کرمان", "كرمان"),                     # Persian kaf
    ],
)
def test_normalize_folds_forms(raw: str, expected: str) -> None:
    assert normalize(raw) == expected
    assert normalize_view(raw).text == expected


def test_hashtag_joiner_becomes_a_space_one_for_one() -> None:
    # kūriyā al-shamāliyya, North Korea, written as a hashtag
    assert normalize("كوريا_الشمالية") == "كوريا الشمالية"
    view = normalize_view("#كيم_جونغ")
    assert view.text == "#كيم جونغ" and view.to_original(5, 9) == (5, 9)


def test_normalize_loose_folds_ta_marbuta_and_hamza_carriers() -> None:
    assert normalize("القاعدة", loose=True) == normalize("القاعده", loose=True)
    assert normalize("مؤتمر", loose=True) == "موتمر"
    assert normalize("القاعدة") == "القاعدة"


@given(ARABICISH)
def test_normalize_is_idempotent(s: str) -> None:
    once = normalize(s)
    assert normalize(once) == once
    assert normalize(normalize(s, loose=True), loose=True) == normalize(s, loose=True)


@given(ARABICISH)
def test_normalize_view_agrees_with_fast_path(s: str) -> None:
    assert normalize_view(s).text == normalize(s)


@given(ARABICISH, st.data())
def test_offset_map_round_trips(s: str, data: st.DataObject) -> None:
    view = normalize_view(s)
    n = len(view.text)
    assert len(view.starts) == len(view.ends) == n
    if n == 0:
        return
    a = data.draw(st.integers(0, n - 1))
    b = data.draw(st.integers(a + 1, n))
    os_, oe = view.to_original(a, b)
    assert 0 <= os_ < oe <= len(s)
    # The original span normalises back to (at least) the normalised span.
    assert view.text[a:b] in normalize(s[os_:oe])
    # Mapping the original span forward covers the normalised span (a ligature such as
    # U+FEFB cannot be split, so the cover may be wider).
    fa, fb = view.from_original(os_, oe)
    assert fa <= a and b <= fb


def test_offset_map_covers_trailing_harakat() -> None:
    s = "محمدٌ قال"
    view = normalize_view(s)
    start, end = view.to_original(0, 4)
    assert s[start:end] == "محمدٌ"


def test_strip_diacritics_keeps_letters() -> None:
    assert strip_diacritics("مُفَخَّخَات") == "مفخخات"


@given(ARABICISH, st.booleans())
def test_long_strings_normalise_as_short_ones_do(s: str, loose: bool) -> None:
    # Long strings take a str.replace path, words a str.translate one: they must agree.
    module = importlib.import_module("marsad.arabic.normalize")  # the package re-exports
    # a function of the same name

    table = module._LOOSE_TRANS if loose else module._BASE_TRANS
    long = (s + " ") * 40
    if not module._PRESENTATION_RE.search(long):
        assert normalize(long, loose=loose) == long.translate(table)
