"""Bundled NER resources: vocabulary, clusters, gazetteer."""

from __future__ import annotations

from pathlib import Path

from marsad.arabic import tokenize
from marsad.ner import load_clusters, load_vocabulary
from marsad.ner.resources import Gazetteer


def test_vocabulary_is_frequent_normalised_words() -> None:
    vocab = load_vocabulary()
    assert isinstance(vocab, frozenset)
    assert len(vocab) > 20_000
    for w in ("وزير", "الرئيس", "سوريا", "قال"):  # wazīr, al-raʾīs, sūriyā, qāla
        assert w in vocab
    # Normalised: no hamza-on-alef forms survive.
    assert "أكد" not in vocab and "اكد" in vocab


def test_vocabulary_drives_clitic_splitting() -> None:
    vocab = load_vocabulary()
    toks = tokenize("وزير الخارجية وبغداد", known=vocab.__contains__)
    assert toks[0].prefix == ""  # wazīr: not wa + zīr
    assert toks[2].prefix == "و" and toks[2].stem == "بغداد"  # wa-baghdād


def test_clusters_cover_the_vocabulary() -> None:
    clusters = load_clusters()
    ids = clusters.get("سوريا")
    assert ids is not None and len(ids) == 3
    assert 0 <= ids[0] < 64 and 0 <= ids[1] < 256 and 0 <= ids[2] < 1024
    # Countries share a cluster more often than chance at the coarsest level.
    same = [clusters.get(w) for w in ("العراق", "لبنان", "الاردن", "مصر")]
    assert sum(1 for c in same if c and c[0] == ids[0]) >= 2


def test_gazetteer_longest_match_with_clitics(tmp_path: Path) -> None:
    gaz = Gazetteer.from_pairs([("الأمم المتحدة", "ORG"), ("الأمم", "MISC"), ("بغداد", "LOC")])
    # wa-l-umam al-muttaḥida ... wa-baghdād: clitics on the first word are tolerated.
    feats = gaz(["قالت", "والأمم", "المتحدة", "إن", "وبغداد"])
    assert feats == [(), ("B-ORG",), ("I-ORG",), (), ("B-LOC",)]
    path = tmp_path / "g.tsv.gz"
    gaz.dump(path)
    assert Gazetteer.load(path).entries == gaz.entries


def test_bundled_gazetteer_loads() -> None:
    gaz = Gazetteer.load()
    assert gaz(["في", "بغداد"])[1]  # fī baghdād


def test_kb_gazetteer_maps_matches_to_tokens() -> None:
    from marsad.errors import MarsadError
    from marsad.ner.resources import KBGazetteer

    try:
        from marsad.kb import KnowledgeBase

        kb = KnowledgeBase.load()
    except (ImportError, MarsadError) as exc:
        import pytest

        pytest.skip(f"knowledge base not available: {exc}")
    gaz = KBGazetteer(kb)
    # "a message from the Islamic State to its fighters in Baghouz (bi-l-bāghūz)"
    toks = ["رسالة", "من", "تنظيم", "داعش", "إلى", "مقاتليه", "بالباغوز"]
    feats = gaz(toks)
    assert len(feats) == len(toks)
    assert any(f.startswith("B-ORG") for f in feats[3]) or any(f.startswith("B-ORG") for f in feats[2])
    assert any(f.startswith("B-GPE") for f in feats[6])  # the clitic ب is tolerated
    assert feats[1] == ()


def test_link_only_entries_are_no_tagger_feature() -> None:
    # Companies and clubs curated after the taggers were trained (data/kb/link/) are found
    # and linked by the entity stage, but give the taggers no KB feature, so the committed
    # models stay what `make data` rebuilds.
    import marsad
    from marsad.kb import KnowledgeBase
    from marsad.ner.resources import KBGazetteer

    kb = KnowledgeBase.load()
    assert kb.is_link_only("marsad:airbus") and not kb.is_link_only("marsad:isis")
    feats = KBGazetteer(kb)(["وقالت", "شركة", "إيرباص", "إن", "داعش", "هاجم"])
    assert feats[2] == () and any(f.startswith("B-ORG") for f in feats[4])
    doc = marsad.analyze("وأعلنت شركة إيرباص أن يوفنتوس سيواجه ليفربول الإنجليزي.", published="2018-06-01")
    assert {"marsad:airbus", "marsad:juventus", "marsad:liverpool-fc"} <= {e.kb_id for e in doc.entities}
