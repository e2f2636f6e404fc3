"""The tagger's speed-ups must not change a tag: pruning to model attributes, document-level
gazetteer matching and the attribute list shipped beside the model."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from marsad.ner.resources import DATA_DIR, Gazetteer
from marsad.ner.tagger import (
    ATTRIBUTES_FILE,
    MODEL_FILE,
    CRFTagger,
    _model_digest,
    model_attributes,
    propagate,
)

SENTENCES = [
    ["قال", "المتحدث", "باسم", "تنظيم", "داعش", "أبو", "الحسن", "المهاجر", "إن", "التنظيم",
     "سيثأر", "لضحايا", "مسجدي", "نيوزيلندا", "."],
    ["وأضاف", "المهاجر", "أن", "قوات", "سوريا", "الديمقراطية", "تحاصر", "الباغوز", "شرقي",
     "دير", "الزور", "."],
    ["وقالت", "وزارة", "الخارجية", "الأمريكية", "في", "واشنطن", "إن", "المهاجر", "مطلوب", "."],
]


@pytest.fixture(scope="module")
def tagger() -> CRFTagger:
    t = CRFTagger.load()
    assert isinstance(t, CRFTagger)
    return t


def test_shipped_attribute_list_belongs_to_the_shipped_model() -> None:
    path = DATA_DIR / ATTRIBUTES_FILE
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        head = fh.readline().strip()
    assert head == _model_digest(DATA_DIR), (
        f"{path} was written for another crf.model: run "
        "`python -c 'from marsad.ner.tagger import write_attributes; "
        "write_attributes(\"src/marsad/data/ner\")'` after training"
    )


def test_pruned_features_tag_exactly_like_full_features(tagger: CRFTagger) -> None:
    full = tagger.features.with_known(None)
    pruned = tagger.features
    assert pruned.known is not None
    assert model_attributes(tagger.tagger) == pruned.known
    for s in SENTENCES:
        a = tagger.tagger.tag(full.sentence(s))
        b = tagger.tagger.tag(pruned.sentence(s))
        assert a == b
        assert sum(map(len, pruned.sentence(s))) < sum(map(len, full.sentence(s)))


def test_document_gazetteers_equal_sentence_gazetteers(tagger: CRFTagger) -> None:
    fx = tagger.features
    per_doc = fx.sentences(SENTENCES)
    per_sentence = [fx.sentence(s) for s in SENTENCES]
    assert per_doc == per_sentence


def test_a_stale_attribute_list_is_ignored(tmp_path: Path, tagger: CRFTagger) -> None:
    folder = tmp_path / "ner"
    shutil.copytree(DATA_DIR, folder)
    with gzip.open(folder / ATTRIBUTES_FILE, "wt", encoding="utf-8") as fh:
        fh.write("0" * 64 + "\nbias\n")  # another model's digest, and almost no attributes
    other = CRFTagger.load(folder)
    assert other.features.known == tagger.features.known
    assert other.tag([list(s) for s in SENTENCES]) == tagger.tag([list(s) for s in SENTENCES])
    assert (folder / MODEL_FILE).exists()


def test_gazetteer_phrases_with_clitics() -> None:
    gaz = Gazetteer.from_pairs([("دير الزور", "LOC"), ("الزور", "MISC"), ("بغداد", "LOC")])
    assert gaz(["وبغداد", "و", "بدير", "الزور", "الزور"]) == [
        ("B-LOC",), (), ("B-LOC",), ("I-LOC",), ("B-MISC",)]


def test_propagate_tags_untagged_repeats_only() -> None:
    sents = [["قال", "سيرغي", "لافروف"], ["وأكد", "سيرغي", "لافروف", "أن", "لافروف"]]
    tags = [["O", "B-PER", "I-PER"], ["O", "O", "O", "O", "O"]]
    out = propagate(sents, tags)
    assert out[1] == ["O", "B-PER", "I-PER", "O", "B-PER"]
    assert tags[1] == ["O"] * 5  # the input is not modified


def test_kb_labels_from_article_matches_equal_a_matcher_pass(tagger: CRFTagger) -> None:
    from marsad.arabic.tokenize import tokenize
    from marsad.ner.resources import KBGazetteer

    kb = dict(tagger.features.gazetteers)["kb"]
    assert isinstance(kb, KBGazetteer)
    text = "\n".join(" ".join(s) for s in SENTENCES)
    tokens = tokenize(text)
    sents, i = [], 0
    for s in SENTENCES:
        sents.append(tokens[i : i + len(s)])
        i += len(s)
    assert [[t.text for t in s] for s in sents] == SENTENCES
    matches = kb.kb.matcher().find(text)
    assert kb.from_matches(text, sents, matches) == kb.many(SENTENCES)
    assert any(labels for s in kb.many(SENTENCES) for labels in s)
    assert tagger.tag_tokens(sents, text=text, kb_matches=matches) == tagger.tag(
        [list(s) for s in SENTENCES])


def test_encoded_features_are_the_same_attributes_in_the_same_order(tagger: CRFTagger) -> None:
    fx = tagger.features
    plain = fx.sentences(SENTENCES)
    encoded = fx.encoded_sentences(SENTENCES)
    assert encoded == [[[a.encode() for a in tok] for tok in s] for s in plain]
    assert [tagger.tagger.tag(s) for s in encoded] == [tagger.tagger.tag(s) for s in plain]


def test_bigram_prefilter_keeps_every_known_bigram(tagger: CRFTagger) -> None:
    # A stem holding the separator "|" must still meet its bigram attribute.
    known = frozenset({"bias", "bi-=|x|قال", "bi+=قال|x|y"})
    fx = tagger.features.with_known(known)
    feats = fx.sentence(["|x", "قال", "x|y"])
    assert "bi-=|x|قال" in feats[1]
    assert "bi+=قال|x|y" in feats[1]
    assert fx.with_known(None).sentence(["|x", "قال", "x|y"])[1].count("bi-=|x|قال") == 1
