"""The CRF + BiLSTM-CRF ensemble: marginals, constrained decoding, and the mixing itself."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.ner.conll import Sentence
from marsad.ner.ensemble import EnsembleTagger, allowed_transitions, decode_batch, decode_marginals
from marsad.ner.neural import Encoder, NeuralNet, NeuralTagger, crf_marginals
from marsad.ner.resources import DATA_DIR
from marsad.ner.tagger import CRFTagger, build_extractor

TAGS = ("O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC")


def _brute_marginals(em: np.ndarray, trans: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    n, k = em.shape
    out = np.zeros((n, k))
    total = 0.0
    for seq in itertools.product(range(k), repeat=n):
        s = start[seq[0]] + em[0, seq[0]] + end[seq[-1]]
        s += sum(trans[seq[t - 1], seq[t]] + em[t, seq[t]] for t in range(1, n))
        p = np.exp(s)
        total += p
        for t, y in enumerate(seq):
            out[t, y] += p
    return out / total


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(1, 4), min_size=1, max_size=3), st.integers(0, 10_000))
def test_crf_marginals_match_enumeration(lengths: list[int], seed: int) -> None:
    rng = np.random.default_rng(seed)
    k = 3
    trans, start, end = rng.normal(size=(k, k)), rng.normal(size=k), rng.normal(size=k)
    ems = [rng.normal(size=(n, k)) * 2 for n in lengths]
    # Batched over sentences of different lengths: padding must not leak into any of them.
    for em, got in zip(ems, crf_marginals(ems, trans, start, end), strict=True):
        np.testing.assert_allclose(got, _brute_marginals(em, trans, start, end), atol=1e-9)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 12), st.integers(0, 10_000))
def test_decoding_obeys_iob2(n: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    probs = rng.dirichlet(np.ones(len(TAGS)), size=n)
    trans, start = allowed_transitions(TAGS)
    tags = decode_marginals(probs, TAGS, trans, start)
    assert len(tags) == n
    for prev, tag in zip(["O", *tags], tags, strict=False):
        if tag.startswith("I-"):
            assert prev[2:] == tag[2:], tags


def test_decoding_follows_confident_tokens() -> None:
    probs = np.full((3, len(TAGS)), 0.01)
    probs[0, TAGS.index("B-PER")] = probs[1, TAGS.index("I-PER")] = probs[2, TAGS.index("O")] = 0.9
    trans, start = allowed_transitions(TAGS)
    assert decode_marginals(probs, TAGS, trans, start) == ["B-PER", "I-PER", "O"]


SENTS = [
    Sentence(("قال", "الوزير", "سيرغي", "لافروف", "في", "موسكو"),
             ("O", "O", "B-PER", "I-PER", "O", "B-LOC")),  # qāla al-wazīr sīrghī lāfrūf fī mūskū
    Sentence(("وأعلنت", "وزارة", "الدفاع", "الروسية"), ("O", "B-ORG", "I-ORG", "I-ORG")),
]


def _random_network(extractor, seed: int = 0) -> NeuralTagger:  # type: ignore[no-untyped-def]
    """A randomly initialised network in the numpy layout (no torch needed)."""
    rng = np.random.default_rng(seed)
    words = {"قال": 2, "الوزير": 3, "في": 4, "موسكو": 5}
    chars = {c: i + 2 for i, c in enumerate(sorted({c for s in SENTS for t in s.tokens for c in t}))}
    enc = Encoder(extractor, words, chars, {"al": 1, "oov": 2}, TAGS)
    dim, proj, cdim, cout, fdim, hid, k = 8, 6, 5, 7, 4, 5, len(TAGS)
    inp = 2 * proj + cout + fdim

    def r(*shape: int) -> np.ndarray:
        return rng.normal(scale=0.5, size=shape).astype(np.float32)

    w = {"word_emb": r(6, dim), "word_proj.weight": r(proj, dim), "word_proj.bias": r(proj),
         "char_emb": r(len(chars) + 2, cdim), "char_conv.weight": r(cout, cdim, 3), "char_conv.bias": r(cout),
         "feat_emb": r(3, fdim), "out.weight": r(k, 2 * hid), "out.bias": r(k),
         "crf.trans": r(k, k), "crf.start": r(k), "crf.end": r(k)}
    for sfx in ("", "_reverse"):
        w[f"lstm.weight_ih_l0{sfx}"] = r(4 * hid, inp)
        w[f"lstm.weight_hh_l0{sfx}"] = r(4 * hid, hid)
        w[f"lstm.bias_ih_l0{sfx}"] = r(4 * hid)
        w[f"lstm.bias_hh_l0{sfx}"] = r(4 * hid)
    return NeuralTagger(enc, NeuralNet(w), consistency=False)


@pytest.fixture(scope="module")
def crf() -> CRFTagger:
    return CRFTagger.load(DATA_DIR, consistency=False)


def test_network_marginals_are_distributions(crf: CRFTagger) -> None:
    nn = _random_network(build_extractor(DATA_DIR))
    margs = nn.marginals([s.tokens for s in SENTS] + [[]])
    assert [m.shape for m in margs] == [(6, 9), (4, 9), (0, 9)]
    for m in margs[:2]:
        np.testing.assert_allclose(m.sum(axis=1), 1.0, atol=1e-9)


def test_mix_weights_pick_each_model(crf: CRFTagger) -> None:
    nn = _random_network(build_extractor(DATA_DIR))
    toks = [list(s.tokens) for s in SENTS]
    trans, start = allowed_transitions(TAGS)
    cols = [crf.labels.index(t) for t in TAGS]
    crf_only = [decode_marginals(np.asarray(m)[:, cols], TAGS, trans, start) for m in crf.marginals(toks)]
    nn_only = [decode_marginals(m, TAGS, trans, start) for m in nn.marginals(toks)]
    assert EnsembleTagger(crf, nn, 0.0, consistency=False).tag_plain(toks) == crf_only
    assert EnsembleTagger(crf, nn, 1.0, consistency=False).tag_plain(toks) == nn_only
    half = EnsembleTagger(crf, nn, 0.5, consistency=False).marginals(toks)
    for h, c, n in zip(half, crf.marginals(toks), nn.marginals(toks), strict=True):
        np.testing.assert_allclose(h, 0.5 * np.asarray(c)[:, cols] + 0.5 * n, atol=1e-12)
    # The bundled CRF alone already finds the minister.
    assert crf_only[0][2:4] == ["B-PER", "I-PER"]


def test_crf_marginals_agree_with_viterbi_path(crf: CRFTagger) -> None:
    # crfsuite's marginals beside its Viterbi path, and ours from its weights with numpy
    # (crfsuite's own arithmetic differs in the last digits).
    toks = [list(s.tokens) for s in SENTS]
    for (tags, m1), m2 in zip(crf.viterbi_and_marginals(toks), crf.marginals(toks), strict=True):
        np.testing.assert_allclose(np.asarray(m1), np.asarray(m2), atol=1e-5)
        assert len(tags) == len(m2)


def _bundled_has_ensemble() -> bool:
    return "ensemble" in json.loads((DATA_DIR / "meta.json").read_text(encoding="utf-8"))


@pytest.mark.skipif(not _bundled_has_ensemble(), reason="the bundled model has no ensemble")
def test_analyze_with_the_ensemble(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from marsad.cli import main as cli_main

    # "أعلن المتحدث باسم تنظيم داعش أبو حمزة القرشي ..." (aʿlana al-mutaḥaddith bi-ism tanẓīm dāʿish
    # abū ḥamza al-qurashī: "the spokesman of ISIS, Abu Hamza al-Qurashi, announced ...")
    article = tmp_path / "a.txt"
    article.write_text("أعلن المتحدث باسم تنظيم داعش أبو حمزة القرشي أن التنظيم سيواصل هجماته في سوريا والعراق.",
                       encoding="utf-8")
    outs = {}
    for ner in ("crf", "ensemble"):
        with pytest.raises(SystemExit) as exc:
            cli_main.main(["analyze", str(article), "--ner", ner])
        assert exc.value.code in (0, None)
        outs[ner] = json.loads(capsys.readouterr().out)
    for rec in outs.values():
        names = {e["name"] for e in rec["entities"]}
        assert {"سوريا", "العراق"} <= names
        assert any(e["type"] == "PER" and "القرشي" in e["name"] for e in rec["entities"])


AQMAR_DEV = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "aqmar" / "dev.txt"


@pytest.mark.skipif(not (_bundled_has_ensemble() and AQMAR_DEV.exists()), reason="no ensemble or no ../shared")
def test_ensemble_quality_floor_on_aqmar_dev() -> None:
    from marsad.ner import eval_conll, load_tagger

    # AQMAR (Wikipedia) is another domain and never trained on. Measured with
    # `marsad eval-ner ../shared/data/aqmar/dev.txt --ner ensemble`: all 47.3, PER 65.5,
    # LOC 67.2; the CRF alone: 44.1, 58.4, 65.1.
    s = eval_conll(AQMAR_DEV, load_tagger(kind="ensemble"))
    assert s.overall.f1 > 46.5
    assert s.per_type["PER"].f1 > 64
    assert s.per_type["LOC"].f1 > 66


@pytest.mark.skipif(not _bundled_has_ensemble(), reason="the bundled model has no ensemble")
def test_recorded_cross_validation() -> None:
    # The figures `marsad train ner --folds 5 --vectors ...` wrote; a retrained model must not
    # fall below them (ANERcorp 5-fold CV: CRF 76.6, ensemble 78.7).
    meta = json.loads((DATA_DIR / "meta.json").read_text(encoding="utf-8"))
    crf = meta["cv"]["variants"][meta["cv"]["best"]]["overall"]["f1"]
    ens = meta["ensemble_cv"]["variants"][meta["ensemble_cv"]["best"]]
    assert crf >= 76.5
    assert ens["overall"]["f1"] >= 78.5 and ens["overall"]["f1"] > crf + 1.5
    assert ens["per_type"]["PER"]["f1"] >= 76 and ens["per_type"]["ORG"]["f1"] >= 66


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 9), min_size=1, max_size=5), st.integers(0, 10_000))
def test_batched_decoding_equals_one_by_one(lengths: list[int], seed: int) -> None:
    rng = np.random.default_rng(seed)
    probs = [rng.dirichlet(np.ones(len(TAGS)), size=n) for n in lengths]
    trans, start = allowed_transitions(TAGS)
    one = [decode_marginals(p, TAGS, trans, start) if len(p) else [] for p in probs]
    assert decode_batch(probs, TAGS, trans, start) == one


@pytest.mark.skipif(not _bundled_has_ensemble(), reason="the bundled model has no ensemble")
def test_ensemble_reads_the_articles_kb_matches() -> None:
    from marsad.arabic import tokenize
    from marsad.kb import KnowledgeBase
    from marsad.ner import load_tagger, load_vocabulary
    from marsad.ner.resources import KBGazetteer

    kb = KnowledgeBase.load()
    tagger = load_tagger(kind="ensemble", gazetteers={"kb": KBGazetteer(kb)})
    assert tagger.reads_kb_matches
    # "wa-aʿlanat wizārat al-difāʿ al-rūsiyya fī mūskū anna quwwātahā qaṣafat mawāqiʿ li-tanẓīm dāʿish fī idlib"
    text = "وأعلنت وزارة الدفاع الروسية في موسكو أن قواتها قصفت مواقع لتنظيم داعش في إدلب."
    toks = tokenize(text, known=load_vocabulary().__contains__)
    matches = kb.matcher().find(text)
    via_matches = tagger.tag_tokens([toks], text=text, kb_matches=matches)
    assert via_matches == tagger.tag([[t.text for t in toks]])
    assert "B-LOC" in via_matches[0]


def test_network_word_cache_bound_keeps_what_a_batch_reads() -> None:
    import dataclasses

    nn = _random_network(build_extractor(DATA_DIR))
    small = dataclasses.replace(nn, cache_size=7)
    first, both = [list(SENTS[0].tokens)], [list(SENTS[0].tokens), list(SENTS[1].tokens)]
    small.marginals(first)  # 6 words cached; the next batch reads them and 4 more
    for a, b in zip(small.marginals(both), nn.marginals(both), strict=True):
        np.testing.assert_allclose(a, b, atol=1e-12)
    assert len(small._cache) == 10
