"""The numpy BiLSTM-CRF must compute exactly what the torch module it was trained as computes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from marsad.ner.conll import Sentence
from marsad.ner.neural import NeuralNet, NeuralTagger, viterbi
from marsad.ner.resources import DATA_DIR
from marsad.ner.tagger import build_extractor

SENTS = [
    Sentence(("قال", "الوزير", "سيرغي", "لافروف", "في", "موسكو"),
             ("O", "O", "B-PER", "I-PER", "O", "B-LOC")),  # qāla al-wazīr sīrghī lāfrūf fī mūskū
    Sentence(("وأعلنت", "وزارة", "الدفاع", "الروسية"), ("O", "B-ORG", "I-ORG", "I-ORG")),
]


def test_viterbi_prefers_allowed_transitions() -> None:
    em = np.array([[0.0, 1.0], [0.0, 1.0]])
    trans = np.array([[0.0, 0.0], [0.0, -5.0]])  # 1 -> 1 is very costly
    assert viterbi(em, trans, np.zeros(2), np.zeros(2)) in ([0, 1], [1, 0])
    assert viterbi(em, np.zeros((2, 2)), np.zeros(2), np.zeros(2)) == [1, 1]


@pytest.mark.parametrize("context", ["lstm", "cnn"])
def test_numpy_matches_torch(tmp_path: Path, context: str) -> None:
    torch = pytest.importorskip("torch")
    from marsad.ner.neural_train import (
        NeuralParams,
        _batch_tensors,
        _make_module,
        build_encoder,
        save_weights,
    )

    extractor = build_extractor(DATA_DIR)
    words = ["قال", "الوزير", "في", "موسكو", "وزارة", "الدفاع"]
    rng = np.random.default_rng(0)
    emb = np.concatenate([np.zeros((2, 8)), rng.normal(size=(len(words), 8))]).astype(np.float32)
    params = NeuralParams(proj=8, char_dim=6, char_out=8, feat_dim=8, hidden=6, context=context)
    enc = build_encoder(extractor, SENTS * 2, words, params)
    torch.manual_seed(0)
    net = _make_module(enc, emb, params)
    net.eval()
    encoded = [enc.encode(s.tokens) for s in SENTS]
    wid, sid, cid, fid, ln, _, _ = _batch_tensors(encoded, None)
    with torch.no_grad():
        ref = net.emissions(wid, sid, cid, fid, ln).numpy()
    sd = {k: v.detach().numpy() for k, v in net.state_dict().items()}
    weights = {
        "word_emb": sd["word_emb"], "word_proj.weight": sd["word_proj.weight"],
        "word_proj.bias": sd["word_proj.bias"], "char_emb": sd["char_emb.weight"],
        "char_conv.weight": sd["char_conv.weight"], "char_conv.bias": sd["char_conv.bias"],
        "feat_emb": sd["feat_emb.weight"], "out.weight": sd["out.weight"],
        "out.bias": sd["out.bias"], "crf.trans": sd["trans"], "crf.start": sd["start"],
        "crf.end": sd["end"], **{k: v for k, v in sd.items() if k.startswith(("lstm.", "convs."))},
    }
    if context == "cnn":
        weights["conv_dilations"] = np.array(params.conv_dilations, dtype=np.float32)
    got = NeuralNet(weights).emissions(encoded)
    for k, g in enumerate(got):
        np.testing.assert_allclose(g, ref[k, : len(g)], atol=1e-4)
    # The cached per-word path of the tagger decodes the same emissions.
    tagger = NeuralTagger(enc, NeuralNet(weights), consistency=False)
    for a, b in zip(tagger.emissions([s.tokens for s in SENTS]), got, strict=True):
        np.testing.assert_allclose(a, b, atol=1e-4)
    tags = tagger.tag_plain([s.tokens for s in SENTS])
    assert [len(t) for t in tags] == [6, 4]
    # Saved weights (int8 word vectors, float16 rest) load and give nearly the same scores.
    save_weights(weights, tmp_path / "w.npz")
    again = NeuralNet.load(tmp_path / "w.npz").emissions(encoded)
    for a, b in zip(again, got, strict=True):
        np.testing.assert_allclose(a, b, atol=0.05)
