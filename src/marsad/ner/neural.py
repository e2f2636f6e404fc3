"""A small BiLSTM-CRF tagger run with numpy (trained with torch by `marsad.ner.neural_train`).

Each token is represented by: its word vector (word2vec learnt from unlabelled news, looked
up by the normalised word, else by its clitic-stripped stem: "وبغداد", wa-baghdād, falls
back to "بغداد"), the vector of its stem, a character CNN over the normalised word (names
unseen anywhere still have telling letters: the -ية of adjectives, foreign transliterations),
and a bag of discrete features from `marsad.ner.features` (clusters, gazetteer matches,
title and head words, clitics, shape). A bidirectional LSTM reads the sentence and a CRF
layer picks the best tag sequence (Viterbi).

Inference needs only numpy: the weights are a compressed ``.npz`` file; torch is used to
train, never at run time.

Status: an option, not the bundled default. Measured on fold 1 of 5 of the ANERcorp
cross-validation (12 epochs, no KB features), it scored 74.6 F1 against 76.8 for the CRF on
the same fold, so `load_tagger` uses the CRF unless a folder's meta.json says
``"kind": "neural"`` (written by `marsad.ner.neural_train`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from marsad.arabic.tokenize import Token
from marsad.errors import ResourceError
from marsad.ner.conll import to_iob2
from marsad.ner.features import FeatureExtractor

MAX_CHARS = 16
# Discrete features the network sees (the CRF also uses the word itself, its affixes and its
# neighbours; the LSTM and the character CNN cover those).
DISCRETE_PREFIXES = ("c64=", "c256=", "c1024=", "sc256=", "pre=", "len=", "sh=", "trg=")
DISCRETE_FLAGS = frozenset({"al", "oov", "stem_iv", "nocl"})
PAD, UNK = 0, 1


def discrete_features(extractor: FeatureExtractor, tokens: Sequence[str]) -> list[list[str]]:
    """Per-token discrete feature strings (word-level ones plus gazetteer labels)."""
    out: list[list[str]] = []
    for t in tokens:
        feats = extractor.word(t).feats
        out.append([f for f in feats if f in DISCRETE_FLAGS or f.startswith(DISCRETE_PREFIXES)])
    for name, fn in extractor.gazetteers:
        for i, labels in enumerate(fn(tokens)):
            out[i].extend(f"{name}={lab}" for lab in labels)
    return out


@dataclass(frozen=True)
class Encoder:
    """Maps tokens to the integer inputs of the network (shared by training and inference)."""

    extractor: FeatureExtractor
    words: dict[str, int]
    chars: dict[str, int]
    feats: dict[str, int]
    tags: tuple[str, ...]

    def encode_word(self, token: str) -> tuple[int, int, tuple[int, ...], tuple[int, ...]]:
        """(word id, stem id, char ids, word-level feature ids) of one token string."""
        info = self.extractor.word(token)
        w = self.words.get(info.norm) or self.words.get(info.stem) or UNK
        sid = self.words.get(info.stem) or w
        s = info.norm
        if len(s) > MAX_CHARS:  # keep both ends of long words: suffixes carry the signal
            s = s[: MAX_CHARS // 2] + s[-MAX_CHARS // 2 :]
        chars = tuple(self.chars.get(ch, UNK) for ch in s)
        feats = tuple(self.feats[f] for f in info.feats
                      if (f in DISCRETE_FLAGS or f.startswith(DISCRETE_PREFIXES)) and f in self.feats)
        return w, sid, chars, feats

    def gazetteer_ids(self, tokens: Sequence[str]) -> list[list[int]]:
        """Feature ids of the (sentence-level) gazetteer matches of each token."""
        out: list[list[int]] = [[] for _ in tokens]
        for name, fn in self.extractor.gazetteers:
            for i, labels in enumerate(fn(tokens)):
                for lab in labels:
                    fid = self.feats.get(f"{name}={lab}")
                    if fid:
                        out[i].append(fid)
        return out

    def encode(self, tokens: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(word ids [T], stem ids [T], char ids [T, MAX_CHARS], feature ids [T, F])."""
        n = len(tokens)
        wid = np.empty(n, dtype=np.int64)
        sid = np.empty(n, dtype=np.int64)
        cid = np.zeros((n, MAX_CHARS), dtype=np.int64)
        gaz = self.gazetteer_ids(tokens)
        rows: list[list[int]] = []
        for i, t in enumerate(tokens):
            w, st, chars, feats = self.encode_word(t)
            wid[i], sid[i] = w, st
            cid[i, : len(chars)] = chars
            rows.append([*feats, *gaz[i]])
        fid = np.zeros((n, max((len(r) for r in rows), default=1) or 1), dtype=np.int64)
        for i, r in enumerate(rows):
            fid[i, : len(r)] = r
        return wid, sid, cid, fid


def _sigmoid(x: np.ndarray) -> np.ndarray:
    out: np.ndarray = 0.5 * (np.tanh(0.5 * x) + 1.0)
    return out


def _lstm(x: np.ndarray, lengths: np.ndarray, w_ih: np.ndarray, w_hh: np.ndarray,
          b: np.ndarray, reverse: bool) -> np.ndarray:
    """One LSTM direction over a right-padded batch [B, T, D] (torch gate order i, f, g, o)."""
    bsz, tmax, _ = x.shape
    hid = w_hh.shape[1]
    if reverse:  # reverse each sequence within its own length, so padding stays at the end
        idx = np.arange(tmax)[None, :]
        rev = np.where(idx < lengths[:, None], lengths[:, None] - 1 - idx, idx)
        x = np.take_along_axis(x, rev[:, :, None], axis=1)
    gates_x = x @ w_ih.T + b
    h = np.zeros((bsz, hid), dtype=x.dtype)
    c = np.zeros((bsz, hid), dtype=x.dtype)
    out = np.zeros((bsz, tmax, hid), dtype=x.dtype)
    w_hh_t = w_hh.T
    for t in range(tmax):
        g = gates_x[:, t] + h @ w_hh_t
        i_g = _sigmoid(g[:, :hid])
        f_g = _sigmoid(g[:, hid : 2 * hid])
        c_g = np.tanh(g[:, 2 * hid : 3 * hid])
        o_g = _sigmoid(g[:, 3 * hid :])
        c = f_g * c + i_g * c_g
        h = o_g * np.tanh(c)
        out[:, t] = h
    if reverse:
        out = np.take_along_axis(out, rev[:, :, None], axis=1)
    return out


def viterbi(emissions: np.ndarray, trans: np.ndarray, start: np.ndarray, end: np.ndarray) -> list[int]:
    """Best tag sequence for one sentence: emissions [T, K], trans[from, to]."""
    score = start + emissions[0]
    back = np.zeros(emissions.shape, dtype=np.int64)
    for t in range(1, len(emissions)):
        cand = score[:, None] + trans
        back[t] = cand.argmax(0)
        score = cand.max(0) + emissions[t]
    score = score + end
    best = [int(score.argmax())]
    for t in range(len(emissions) - 1, 0, -1):
        best.append(int(back[t, best[-1]]))
    return best[::-1]


@dataclass(frozen=True)
class NeuralNet:
    """The BiLSTM-CRF weights as numpy arrays (names follow the torch module)."""

    weights: dict[str, np.ndarray]

    @classmethod
    def load(cls, path: Path) -> NeuralNet:
        try:
            with np.load(path) as z:
                w = {k: z[k].astype(np.float32) for k in z.files if k != "word_emb_q"}
                if "word_emb_q" in z.files:  # int8 rows with a per-row scale
                    w["word_emb"] = z["word_emb_q"].astype(np.float32) * w.pop("word_emb_scale")[:, None]
        except (OSError, ValueError, KeyError) as exc:
            raise ResourceError(f"cannot read neural NER weights {path}: {exc}") from exc
        return cls(w)

    def word_inputs(self, wid: np.ndarray, sid: np.ndarray, cid: np.ndarray) -> np.ndarray:
        """Word, stem and character-CNN inputs [N, D] for N words (no discrete features)."""
        w = self.weights
        emb, proj_w, proj_b = w["word_emb"], w["word_proj.weight"], w["word_proj.bias"]
        x_word = emb[wid] @ proj_w.T + proj_b
        x_stem = emb[sid] @ proj_w.T + proj_b
        # Character CNN: width-3 convolution, max over the word's characters.
        ch = w["char_emb"][cid]  # [N, L, C]
        padded = np.pad(ch, ((0, 0), (1, 1), (0, 0)))
        win = np.concatenate([padded[:, i : i + MAX_CHARS] for i in range(3)], axis=-1)
        conv_w = w["char_conv.weight"]  # [out, C, 3] as in torch Conv1d
        flat = conv_w.transpose(0, 2, 1).reshape(conv_w.shape[0], -1)
        conv = win @ flat.T + w["char_conv.bias"]
        conv = np.where((cid > 0)[..., None], conv, -1e4)
        x_char = np.maximum(conv.max(axis=1), 0.0)
        return np.concatenate([x_word, x_stem, x_char], axis=-1).astype(np.float32)

    def lstm_emissions(self, inputs: Sequence[np.ndarray]) -> list[np.ndarray]:
        """Tag scores [T, K] for a batch of sentence inputs [T, D]."""
        w = self.weights
        lengths = np.array([len(x) for x in inputs])
        x = np.zeros((len(inputs), int(lengths.max()), inputs[0].shape[1]), dtype=np.float32)
        for k, xi in enumerate(inputs):
            x[k, : len(xi)] = xi
        fwd = _lstm(x, lengths, w["lstm.weight_ih_l0"], w["lstm.weight_hh_l0"],
                    w["lstm.bias_ih_l0"] + w["lstm.bias_hh_l0"], reverse=False)
        bwd = _lstm(x, lengths, w["lstm.weight_ih_l0_reverse"], w["lstm.weight_hh_l0_reverse"],
                    w["lstm.bias_ih_l0_reverse"] + w["lstm.bias_hh_l0_reverse"], reverse=True)
        scores = np.concatenate([fwd, bwd], axis=-1) @ w["out.weight"].T + w["out.bias"]
        return [scores[k, : lengths[k]] for k in range(len(inputs))]

    def emissions(self, batch: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]) -> list[np.ndarray]:
        """Tag scores [T, K] for each sentence encoded by `Encoder.encode`."""
        feat = self.weights["feat_emb"]
        inputs = [np.concatenate([self.word_inputs(a, s, c), feat[f].sum(axis=1)], axis=-1)
                  for a, s, c, f in batch]
        return self.lstm_emissions(inputs)

    def decode(self, emissions: np.ndarray) -> list[int]:
        w = self.weights
        return viterbi(emissions, w["crf.trans"], w["crf.start"], w["crf.end"])


@dataclass(frozen=True)
class NeuralTagger:
    """`tag` / `tag_tokens` with the numpy BiLSTM-CRF, plus document consistency.

    The network input of a word (its vectors, character CNN and word-level features) does not
    depend on the sentence, so it is computed once per distinct token string and cached (per
    instance); only the gazetteer features and the LSTM are computed per sentence.
    """

    encoder: Encoder
    net: NeuralNet
    consistency: bool = True
    batch_size: int = 128
    cache_size: int = 100_000
    _cache: dict[str, np.ndarray] = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def load(cls, folder: Path, extractor: FeatureExtractor, meta: dict[str, Any],
             *, consistency: bool | None = None) -> NeuralTagger:
        vocab_path = folder / meta.get("neural_vocab", "neural_vocab.json")
        try:
            v = json.loads(vocab_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ResourceError(f"cannot read {vocab_path}: {exc}") from exc
        enc = Encoder(extractor, {w: i + 2 for i, w in enumerate(v["words"])},
                      {c: i + 2 for i, c in enumerate(v["chars"])},
                      {f: i + 1 for i, f in enumerate(v["feats"])}, tuple(v["tags"]))
        net = NeuralNet.load(folder / meta.get("neural_weights", "neural.npz"))
        cons = bool(meta.get("consistency", True)) if consistency is None else consistency
        return cls(enc, net, cons)

    def _word_vectors(self, tokens: set[str]) -> None:
        missing = [t for t in tokens if t not in self._cache]
        if not missing:
            return
        if len(self._cache) + len(missing) > self.cache_size:
            self._cache.clear()  # bounded memory on long runs; refilled on demand
        enc = [self.encoder.encode_word(t) for t in missing]
        wid = np.array([e[0] for e in enc], dtype=np.int64)
        sid = np.array([e[1] for e in enc], dtype=np.int64)
        cid = np.zeros((len(enc), MAX_CHARS), dtype=np.int64)
        fw = max((len(e[3]) for e in enc), default=1) or 1
        fid = np.zeros((len(enc), fw), dtype=np.int64)
        for i, e in enumerate(enc):
            cid[i, : len(e[2])] = e[2]
            fid[i, : len(e[3])] = e[3]
        feat = self.net.weights["feat_emb"][fid].sum(axis=1)
        vecs = np.concatenate([self.net.word_inputs(wid, sid, cid), feat], axis=-1)
        for t, v in zip(missing, vecs, strict=True):
            self._cache[t] = v

    def tag_plain(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """Tags without document consistency."""
        out: list[list[str]] = [[] for _ in sentences]
        order = sorted((i for i, s in enumerate(sentences) if s), key=lambda i: len(sentences[i]))
        tags = self.encoder.tags
        feat = self.net.weights["feat_emb"]
        for b in range(0, len(order), self.batch_size):
            idx = order[b : b + self.batch_size]
            self._word_vectors({t for i in idx for t in sentences[i]})
            inputs = []
            for i in idx:
                toks = sentences[i]
                x = np.stack([self._cache[t] for t in toks])
                gaz = self.encoder.gazetteer_ids(toks)
                for j, ids in enumerate(gaz):
                    if ids:
                        x[j, -feat.shape[1] :] += feat[ids].sum(axis=0)
                inputs.append(x)
            for i, em in zip(idx, self.net.lstm_emissions(inputs), strict=True):
                out[i] = to_iob2([tags[k] for k in self.net.decode(em)])
        return out

    def tag_sentence(self, tokens: Sequence[str]) -> list[str]:
        return self.tag_plain([tokens])[0]

    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        """BIO tags for each token of each sentence (the sentences are one document)."""
        from marsad.ner.tagger import propagate

        tags = self.tag_plain(sentences)
        if not self.consistency:
            return tags
        return propagate(sentences, tags, key=lambda t: self.encoder.extractor.word(t).stem)

    def tag_tokens(self, sentences: list[list[Token]]) -> list[list[str]]:
        return self.tag([[t.text for t in s] for s in sentences])
