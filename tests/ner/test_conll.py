"""CoNLL reading, tag mapping, writing and conlleval-compatible scoring."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.errors import InputError
from marsad.ner.conll import (
    coarse_tag,
    encode_scheme,
    from_bioes,
    read_conll,
    score,
    spans,
    tag_conll,
    to_bioes,
    to_iob2,
    write_conll,
)

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"


@pytest.mark.parametrize(
    ("raw", "coarse"),
    [("B-PERS", "B-PER"), ("I-PERS", "I-PER"), ("IPERS", "I-PER"), ("B-ERS", "B-PER"),
     ("B-PRG", "B-ORG"), ("I--ORG", "I-ORG"), ("B-MIS1`", "B-MISC"), ("B-MISS1", "B-MISC"),
     ("I-MIS-2", "I-MISC"), ("B-ENGLISH", "O"), ("OO", "O"), ("IO", "O"), ("o", "O"),
     ("b-misc", "B-MISC"), ("B-Politician", "B-PER"), ("I-Nation", "I-LOC"),
     ("B-Media", "B-ORG"), ("B-Book", "B-MISC"), ("B-nonsense", "O")],
)
def test_coarse_tag(raw: str, coarse: str) -> None:
    assert coarse_tag(raw) == coarse


def test_read_write_roundtrip(tmp_path: Path) -> None:
    src = tmp_path / "in.txt"
    # Tab and space separated, an IOB1-style I- start, trailing blank lines.
    src.write_text("قال O\nالرئيس\tO\nدونالد I-PERS\nترامب I-PERS\n\nفي O\nبغداد B-LOC\n\n\n",
                   encoding="utf-8")
    sents = read_conll(src)
    assert [s.tokens for s in sents] == [("قال", "الرئيس", "دونالد", "ترامب"), ("في", "بغداد")]
    assert sents[0].tags == ("O", "O", "B-PER", "I-PER")
    out = tmp_path / "out.txt"
    write_conll(out, [s.tokens for s in sents], [s.tags for s in sents])
    again = read_conll(out)
    assert again == sents
    assert out.read_text(encoding="utf-8").count("\n\n") == 2


def test_spans_follow_conlleval() -> None:
    assert spans(["B-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-ORG"]) == [
        ("PER", 0, 2), ("LOC", 3, 4), ("LOC", 4, 5), ("ORG", 5, 6)]
    assert to_iob2(["I-PER", "I-PER", "I-LOC"]) == ["B-PER", "I-PER", "B-LOC"]


def test_score_exact_spans() -> None:
    gold = [["B-PER", "I-PER", "O", "B-LOC"], ["B-ORG", "I-ORG"]]
    pred = [["B-PER", "O", "O", "B-LOC"], ["B-ORG", "I-ORG"]]
    s = score(gold, pred)
    assert (s.overall.tp, s.overall.n_pred, s.overall.n_gold) == (2, 3, 3)
    assert s.per_type["PER"].f1 == 0.0
    assert s.per_type["LOC"].f1 == 100.0
    assert round(s.overall.f1, 2) == 66.67
    assert "ALL" in s.summary()


class _Echo:
    """A tagger that tags every token B-LOC (enough to check the file plumbing)."""

    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        return [["B-LOC"] * len(s) for s in sentences]


def test_tag_conll_keeps_blank_lines(tmp_path: Path) -> None:
    src = tmp_path / "in.txt"
    src.write_text("أ\nب\n\nج\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    assert tag_conll(src, out, _Echo()) == 2
    assert out.read_text(encoding="utf-8") == "أ B-LOC\nب B-LOC\n\nج B-LOC\n\n"


@pytest.mark.skipif(not (SHARED / "anercorp" / "train.txt").exists(), reason="no ../shared")
def test_anercorp_counts() -> None:
    sents = read_conll(SHARED / "anercorp" / "train.txt")
    assert len(sents) == 3963
    assert sum(len(s.tokens) for s in sents) == 125_088
    tags = {t for s in sents for t in s.tags}
    assert tags <= {"O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"}


class _CountDocs:
    """Tags every token of the n-th `tag` call with B-LOC if n is odd (documents visible)."""

    def __init__(self) -> None:
        self.calls = 0

    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        self.calls += 1
        tag = "B-LOC" if self.calls % 2 else "O"
        return [[tag] * len(s) for s in sentences]


def test_docstart_separates_documents(tmp_path: Path) -> None:
    src = tmp_path / "in.txt"
    src.write_text("-DOCSTART- O\n\nأ O\n\nب O\n\n-DOCSTART- O\n\nج O\n", encoding="utf-8")
    sents = read_conll(src)
    assert [(s.tokens, s.doc) for s in sents] == [(("أ",), 0), (("ب",), 0), (("ج",), 1)]
    out = tmp_path / "out.txt"
    tagger = _CountDocs()
    tag_conll(src, out, tagger)
    assert tagger.calls == 2
    assert out.read_text(encoding="utf-8") == "أ B-LOC\n\nب B-LOC\n\nج O\n\n"


_TAGS = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG"]


@given(st.lists(st.sampled_from(_TAGS), max_size=30))
def test_bioes_round_trip(tags: list[str]) -> None:
    iob2 = to_iob2(tags)
    bioes = to_bioes(iob2)
    assert from_bioes(bioes) == iob2
    assert spans(from_bioes(bioes)) == spans(iob2)
    # Every entity ends with S- or E- and no two entities share a token.
    for kind, s, e in spans(iob2):
        assert bioes[e - 1] == ("S-" if e - s == 1 else "E-") + kind


def test_bioes_labels_and_unknown_scheme() -> None:
    assert to_bioes(["B-PER", "B-PER", "I-PER", "O"]) == ["S-PER", "B-PER", "E-PER", "O"]
    assert encode_scheme(("B-LOC",), "bio") == ["B-LOC"]
    assert encode_scheme(("B-LOC",), "bioes") == ["S-LOC"]
    # A stray E- or I- without its B- still decodes to valid IOB2.
    assert from_bioes(["E-ORG", "O", "I-LOC"]) == ["B-ORG", "O", "B-LOC"]
    with pytest.raises(InputError):
        encode_scheme(("O",), "bilou")


def test_scores_and_sentences_pickle_through_their_constructor() -> None:
    import pickle

    from marsad.ner.conll import PRF, NerScores, Sentence

    scores = NerScores(PRF(3, 4, 5), {"PER": PRF(1, 2, 2)}, 9)
    sent = Sentence(("قال", "المهاجر"), ("O", "B-PER"), 2)
    assert pickle.loads(pickle.dumps(scores)) == scores
    assert pickle.loads(pickle.dumps(sent)) == sent
