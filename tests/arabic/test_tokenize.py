from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.arabic.tokenize import split_clitics, tokenize


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("بالباغوز", ("ب", "الباغوز", "")),   # bi-l-bāghūz
        ("وداعش", ("و", "داعش", "")),         # wa-dāʿish
        ("لقوات", ("ل", "قوات", "")),         # li-quwwāt
        ("ولقوات", ("ول", "قوات", "")),
        ("للتحالف", ("ل", "التحالف", "")),     # li-l-taḥāluf: the article's alef restored
        ("فالجيش", ("ف", "الجيش", "")),
        ("كالعادة", ("ك", "العادة", "")),
    ],
)
def test_split_clitics_strips_proclitics(word: str, expected: tuple[str, str, str]) -> None:
    assert split_clitics(word) == expected


def test_split_clitics_respects_known_vocabulary() -> None:
    vocab = {"زير", "وزير"}
    # wazīr "minister" is a word of its own: the known full form wins over w + zīr.
    assert split_clitics("وزير", lambda w: w in vocab and w != "زير") == ("", "وزير", "")


def test_split_clitics_pronoun_suffixes_when_asked() -> None:
    assert split_clitics("مقاتليه", lambda w: w == "مقاتلي", suffixes=True) == ("", "مقاتلي", "ه")


def test_tokenize_keeps_offsets_and_stems() -> None:
    text = "معقله الأخير بالباغوز، وداعش."
    toks = tokenize(text)
    assert [t.text for t in toks] == ["معقله", "الأخير", "بالباغوز", "،", "وداعش", "."]
    bag = toks[2]
    assert text[bag.stem_start : bag.stem_end] == "الباغوز"
    assert text[toks[4].stem_start : toks[4].stem_end] == "داعش"


def test_tokenize_lil_article_stem_offsets() -> None:
    text = "رسالة للتحالف الدولي"
    tok = tokenize(text)[1]
    assert text[tok.stem_start : tok.stem_end] == "للتحالف"
    assert tok.stem == "التحالف"


def test_hashtag_joiner_is_a_space() -> None:
    # "#كوريا_الشمالية" (#North_Korea): "_" joins a hashtag's words and is no token, so the
    # name's words are read as if written apart; the offsets still slice the text.
    text = "تجاه #كوريا_الشمالية و#دونالد_ترمب"
    toks = tokenize(text)
    assert [t.text for t in toks] == ["تجاه", "#", "كوريا", "الشمالية", "و", "#", "دونالد", "ترمب"]
    assert all(text[t.start:t.end] == t.text for t in toks)


def test_tokenize_numbers_with_separators() -> None:
    assert [t.text for t in tokenize("بلغ 3.5 مليون و1,000")] == ["بلغ", "3.5", "مليون", "و1,000"]


@given(st.text(alphabet=st.sampled_from([*list('ابتلوفكـَُِ .،«»"123'), "\u200c"]), max_size=80))
def test_tokens_slice_text_and_cover_all_non_space(text: str) -> None:
    toks = tokenize(text)
    covered = set()
    for t in toks:
        assert text[t.start : t.end] == t.text
        assert t.start <= t.stem_start <= t.stem_end <= t.end
        covered.update(range(t.start, t.end))
    assert all(i in covered for i, c in enumerate(text) if not c.isspace())
