from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.arabic.segment import paragraphs, sentences


def _texts(text: str) -> list[str]:
    return [text[s:e] for s, e in sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قال الوزير. ثم غادر.", ["قال الوزير.", "ثم غادر."]),
        ("هل انتهى؟ نعم!", ["هل انتهى؟", "نعم!"]),
        ("مقاتلي الدولة.. كلا ثم", ["مقاتلي الدولة..", "كلا ثم"]),
        ("انتظر… ثم جاء", ["انتظر…", "ثم جاء"]),
        ("بلغ 3.5 مليون. انتهى", ["بلغ 3.5 مليون.", "انتهى"]),
        ("قال د. محمد إن", ["قال د. محمد إن"]),
        ('قال: "نحن هنا. لن نغادر." ثم صمت.', ['قال: "نحن هنا. لن نغادر."', "ثم صمت."]),
        ("قال: «نحن هنا. لن نغادر» ثم صمت.", ["قال: «نحن هنا. لن نغادر» ثم صمت."]),
        ("قال: “نحن هنا. لن نغادر” ثم صمت.", ["قال: “نحن هنا. لن نغادر” ثم صمت."]),
        ("سطر أول\nسطر ثان", ["سطر أول", "سطر ثان"]),
    ],
)
def test_sentences_split_arabic_punctuation_and_quotes(text: str, expected: list[str]) -> None:
    assert _texts(text) == expected


def test_unbalanced_quote_does_not_swallow_the_next_paragraph() -> None:
    text = 'قال: "بداية بلا نهاية. وجملة.\nفقرة جديدة. وأخرى.'
    got = _texts(text)
    assert got[-2:] == ["فقرة جديدة.", "وأخرى."]


@given(st.text(alphabet=st.sampled_from(list('ابت .؟!…"«»“”\n،')), max_size=120))
def test_sentences_cover_every_non_space_character_in_order(text: str) -> None:
    spans = sentences(text)
    covered = set()
    last = 0
    for s, e in spans:
        assert last <= s < e <= len(text)
        assert text[s:e] == text[s:e].strip()
        covered.update(range(s, e))
        last = e
    assert all(i in covered for i, c in enumerate(text) if not c.isspace())


def test_paragraphs_trim_and_skip_blank_lines() -> None:
    text = "  أول \n\n ثان"
    assert [text[s:e] for s, e in paragraphs(text)] == ["أول", "ثان"]
