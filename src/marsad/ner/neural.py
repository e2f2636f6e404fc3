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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
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
        info = extractor.word(t)
        feats = info.all_feats or info.feats
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
        get = self.chars.get
        chars = tuple([get(ch, UNK) for ch in s])
        # `feats` holds only the discrete features the network was trained with (and the
        # gazetteer ones, which no word-level attribute can be), so membership is the filter.
        fget = self.feats.get
        feats = tuple([i for i in map(fget, info.all_feats or info.feats) if i])
        return w, sid, chars, feats

    def encode(self, tokens: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(word ids [T], stem ids [T], char ids [T, MAX_CHARS], feature ids [T, F])."""
        n = len(tokens)
        wid = np.empty(n, dtype=np.int64)
        sid = np.empty(n, dtype=np.int64)
        cid = np.zeros((n, MAX_CHARS), dtype=np.int64)
        gaz = [[self.feats[f] for f in names if f in self.feats]
               for names in self.extractor.gazetteer_features([tokens])[0]]
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



def _gate_scale(hid: int) -> np.ndarray:
    """Per-gate-row factors that let one tanh give all four gates: sigmoid(x) is
    (tanh(x/2) + 1) / 2, so the i, f and o rows are pre-halved (torch order i, f, g, o)."""
    scale = np.full(4 * hid, 0.5, dtype=np.float32)
    scale[2 * hid : 3 * hid] = 1.0
    return scale


@dataclass(frozen=True)
class BiLSTM:
    """Both LSTM directions, weights rearranged once so each time step is a few numpy calls.

    The input's share of the gates is a separate step (`input_gates`): it depends on the
    token alone, so a tagger can compute it once per word form and keep it.
    """

    w_ih: np.ndarray  # [D, 8H]: forward then backward gate rows, pre-scaled
    bias: np.ndarray  # [8H]
    w_hh: np.ndarray  # [2, H, 4H]

    @classmethod
    def from_weights(cls, w: dict[str, np.ndarray]) -> BiLSTM:
        hid = w["lstm.weight_hh_l0"].shape[1]
        scale = _gate_scale(hid)
        w_ih, bias, w_hh = [], [], []
        for sfx in ("", "_reverse"):
            w_ih.append((w[f"lstm.weight_ih_l0{sfx}"] * scale[:, None]).T)
            bias.append((w[f"lstm.bias_ih_l0{sfx}"] + w[f"lstm.bias_hh_l0{sfx}"]) * scale)
            w_hh.append((w[f"lstm.weight_hh_l0{sfx}"] * scale[:, None]).T)
        return cls(np.ascontiguousarray(np.concatenate(w_ih, axis=1), dtype=np.float32),
                   np.concatenate(bias).astype(np.float32), np.ascontiguousarray(np.stack(w_hh), dtype=np.float32))

    def input_gates(self, x: np.ndarray) -> np.ndarray:
        """The input's share of both directions' gates [..., 8H] for inputs [..., D]."""
        out: np.ndarray = x @ self.w_ih + self.bias
        return out

    def __call__(self, x: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Forward and backward states [B, T, 2H] of a right-padded batch [B, T, D]."""
        gates = self.input_gates(x)
        hid4 = gates.shape[2] // 2
        # The backward direction reads each sequence reversed within its own length, so
        # padding stays at the end and both directions step through time together.
        tmax = gates.shape[1]
        idx = np.arange(tmax)[None, :]
        rev = np.where(idx < lengths[:, None], lengths[:, None] - 1 - idx, idx)
        fwd, bwd = self.run(gates[:, :, :hid4], np.take_along_axis(gates[:, :, hid4:], rev[:, :, None], axis=1),
                            lengths)
        return np.concatenate([fwd, np.take_along_axis(bwd, rev[:, :, None], axis=1)], axis=-1)

    def run(self, fwd_gates: np.ndarray, bwd_gates: np.ndarray, lengths: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray]:
        """Forward states and backward states [B, T, H] from right-padded input gates [B, T, 4H].

        `bwd_gates` (and the backward states returned) run in reverse order within each
        sequence's own length: position 0 is the sequence's last token.
        """
        bsz, tmax, _ = fwd_gates.shape
        hid = self.w_hh.shape[1]
        # Longest sequences first, so at step t the live ones are a prefix of the batch and
        # the step's products skip the finished ones (padding costs nothing). Time leads the
        # layout, so each step reads and writes one contiguous block.
        order = np.argsort(-lengths, kind="stable")
        live = np.searchsorted(-lengths[order], -np.arange(tmax), side="right")
        steps = np.empty((tmax, 2, bsz, 4 * hid), dtype=np.float32)
        steps[:, 0] = fwd_gates[order].transpose(1, 0, 2)
        steps[:, 1] = bwd_gates[order].transpose(1, 0, 2)
        h = np.zeros((2, bsz, hid), dtype=np.float32)
        c = np.zeros((2, bsz, hid), dtype=np.float32)
        out = np.zeros((tmax, 2, bsz, hid), dtype=np.float32)
        w_hh = self.w_hh
        for t in range(tmax):
            n = int(live[t])
            a = steps[t, :, :n]
            a += np.matmul(h[:, :n], w_hh)
            np.tanh(a, out=a)
            sig = a * 0.5
            sig += 0.5
            cn = c[:, :n]
            cn *= sig[..., hid : 2 * hid]
            cn += sig[..., :hid] * a[..., 2 * hid : 3 * hid]
            hn = out[t, :, :n]
            np.tanh(cn, out=hn)
            hn *= sig[..., 3 * hid :]
            h[:, :n] = hn
        unsorted = np.empty((2, bsz, tmax, hid), dtype=np.float32)
        unsorted[:, order] = out.transpose(1, 2, 0, 3)
        return unsorted[0], unsorted[1]


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


def crf_marginals(emissions: Sequence[np.ndarray], trans: np.ndarray, start: np.ndarray,
                  end: np.ndarray) -> list[np.ndarray]:
    """Per-token tag marginals [T, K] of a linear-chain CRF for each sentence's emissions.

    Forward-backward batched over the sentences (right-padded), so the Python loop runs once
    per position of the longest sentence, not once per token; in probability space with each
    step renormalised (a constant factor per position cancels out of the marginals), which
    takes a third of the numpy calls of the log-space recursion.
    """
    if not emissions:
        return []
    lengths = np.array([len(e) for e in emissions])
    bsz, tmax, k = len(emissions), int(lengths.max()), trans.shape[0]
    em = np.zeros((bsz, tmax, k), dtype=np.float64)
    for i, e in enumerate(emissions):
        em[i, : len(e)] = e
    pot = np.exp(em - em.max(axis=2, keepdims=True))
    step = np.exp(trans - trans.max())
    alpha = np.empty((bsz, tmax, k))
    beta = np.empty((bsz, tmax, k))
    a = np.exp(start - start.max()) * pot[:, 0]
    alpha[:, 0] = a / a.sum(axis=1, keepdims=True)
    for t in range(1, tmax):
        a = (alpha[:, t - 1] @ step) * pot[:, t]
        alpha[:, t] = a / a.sum(axis=1, keepdims=True)
    last = lengths - 1
    final = np.exp(end - end.max())
    beta[:, tmax - 1] = final
    for t in range(tmax - 2, -1, -1):
        b = (pot[:, t + 1] * beta[:, t + 1]) @ step.T
        b /= b.sum(axis=1, keepdims=True)
        # A sentence ending at t starts its backward pass here; past its end nothing counts.
        beta[:, t] = np.where((last == t)[:, None], final, b)
    marg = alpha * beta
    marg /= marg.sum(axis=2, keepdims=True)
    return [marg[i, : lengths[i]] for i in range(bsz)]


@dataclass(frozen=True)
class NeuralNet:
    """The BiLSTM-CRF weights as numpy arrays (names follow the torch module)."""

    weights: dict[str, np.ndarray]

    @cached_property
    def bilstm(self) -> BiLSTM:
        return BiLSTM.from_weights(self.weights)

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
        """Tag scores [T, K] for a batch of sentence inputs [T, D] (LSTM or convolutions)."""
        w = self.weights
        lengths = np.array([len(x) for x in inputs])
        x = np.zeros((len(inputs), int(lengths.max()), inputs[0].shape[1]), dtype=np.float32)
        for k, xi in enumerate(inputs):
            x[k, : len(xi)] = xi
        if "conv_dilations" in w:
            scores = self._conv_scores(x, lengths)
            return [scores[k, : lengths[k]] for k in range(len(inputs))]
        scores = self.bilstm(x, lengths) @ w["out.weight"].T + w["out.bias"]
        return [scores[k, : lengths[k]] for k in range(len(inputs))]

    def _conv_scores(self, x: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Stacked dilated width-3 convolutions (torch Conv1d layout), padding kept at zero."""
        w = self.weights
        tmax = x.shape[1]
        keep = (np.arange(tmax)[None, :] < lengths[:, None])[..., None].astype(np.float32)
        h = x * keep
        for i, d in enumerate(int(v) for v in w["conv_dilations"]):
            conv_w = w[f"convs.{i}.weight"]  # [out, in, 3]
            flat = conv_w.transpose(0, 2, 1).reshape(conv_w.shape[0], -1)
            padded = np.pad(h, ((0, 0), (d, d), (0, 0)))
            win = np.concatenate([padded[:, j * d : j * d + tmax] for j in range(3)], axis=-1)
            h = np.maximum(win @ flat.T + w[f"convs.{i}.bias"], 0.0) * keep
        out: np.ndarray = h @ w["out.weight"].T + w["out.bias"]
        return out

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
    depend on the sentence, and neither does its share of the LSTM gates: both are computed
    once per distinct token string and the gates kept (per instance, at most `cache_size`
    words, 4 KB each); only the gazetteer features and the recurrence run per sentence.
    """

    encoder: Encoder
    net: NeuralNet
    consistency: bool = True
    batch_size: int = 128
    cache_size: int = 30_000
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

    @property
    def _recurrent(self) -> bool:
        return "conv_dilations" not in self.net.weights

    def _word_vectors(self, tokens: set[str]) -> None:
        missing = [t for t in tokens if t not in self._cache]
        if not missing:
            return
        if len(self._cache) + len(missing) > self.cache_size:
            # Bounded memory on long runs: emptied, then refilled with every word this batch
            # reads (not only the new ones, or the batch's cached words would be gone).
            self._cache.clear()
            missing = list(tokens)
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
        if self._recurrent:
            vecs = self.net.bilstm.input_gates(vecs)
        for t, v in zip(missing, vecs, strict=True):
            self._cache[t] = v

    def emissions(self, sentences: Sequence[Sequence[str]],
                  given: Mapping[str, Sequence[Sequence[tuple[str, ...]]]] | None = None,
                  ) -> list[np.ndarray]:
        """Tag scores [T, K] (in `encoder.tags` order) for each sentence (empty ones: [0, K]).

        `given`: gazetteer labels the caller already has (see `FeatureExtractor.gazetteer_features`).
        """
        k = len(self.encoder.tags)
        out: list[np.ndarray] = [np.zeros((0, k), dtype=np.float32) for _ in sentences]
        order = sorted((i for i, s in enumerate(sentences) if s), key=lambda i: len(sentences[i]))
        if not order:
            return out
        w = self.net.weights
        feat = w["feat_emb"]
        width = feat.shape[1]
        recurrent = self._recurrent
        # The gazetteer features enter the network as the last `width` inputs: their share of
        # the gates is added to the cached word gates where a token has any.
        gaz_rows = self.net.bilstm.w_ih[-width:] if recurrent else None
        fids = self.encoder.feats
        gaz = self.encoder.extractor.gazetteer_features(sentences, given)
        for b in range(0, len(order), self.batch_size):
            idx = order[b : b + self.batch_size]
            self._word_vectors({t for i in idx for t in sentences[i]})
            rows = []
            for i in idx:
                x = np.stack([self._cache[t] for t in sentences[i]])
                for j, names in enumerate(gaz[i]):
                    ids = [fids[f] for f in names if f in fids]
                    if ids:
                        g = feat[ids].sum(axis=0)
                        if gaz_rows is not None:
                            x[j] += g @ gaz_rows
                        else:
                            x[j, -width:] += g
                rows.append(x)
            if not recurrent:
                ems = self.net.lstm_emissions(rows)
            else:
                lengths = np.array([len(r) for r in rows])
                hid4 = rows[0].shape[1] // 2
                fwd = np.zeros((len(rows), int(lengths.max()), hid4), dtype=np.float32)
                bwd = np.zeros_like(fwd)
                for r, g in enumerate(rows):
                    fwd[r, : len(g)] = g[:, :hid4]
                    bwd[r, : len(g)] = g[::-1, hid4:]
                states_f, states_b = self.net.bilstm.run(fwd, bwd, lengths)
                hid = states_f.shape[2]
                out_w = w["out.weight"]
                sf = states_f @ out_w[:, :hid].T + w["out.bias"]
                sb = states_b @ out_w[:, hid:].T
                ems = [sf[r, : lengths[r]] + sb[r, : lengths[r]][::-1] for r in range(len(rows))]
            for i, em in zip(idx, ems, strict=True):
                out[i] = em
        return out

    @cached_property
    def _blas(self) -> Any:
        from threadpoolctl import ThreadpoolController

        return ThreadpoolController()

    def _one_blas_thread(self) -> Any:
        """A context with BLAS on one thread: this network's products are small, and with one
        BLAS thread per core already busy (pipeline workers) extra threads only spin (measured:
        the 240 dev articles on 2 workers took 20.6 s of CPU with the default 2 threads, 8.4 s
        with 1, same output)."""
        return self._blas.limit(limits=1, user_api="blas")

    def marginals(self, sentences: Sequence[Sequence[str]],
                  given: Mapping[str, Sequence[Sequence[tuple[str, ...]]]] | None = None,
                  ) -> list[np.ndarray]:
        """Per-token tag probabilities [T, K] (in `encoder.tags` order) for each sentence."""
        with self._one_blas_thread():
            return self._marginals(sentences, given)

    def _marginals(self, sentences: Sequence[Sequence[str]],
                   given: Mapping[str, Sequence[Sequence[tuple[str, ...]]]] | None = None,
                   ) -> list[np.ndarray]:
        w = self.net.weights
        ems = self.emissions(sentences, given)
        live = [i for i, e in enumerate(ems) if len(e)]
        out = list(ems)
        for i, m in zip(live, crf_marginals([ems[i] for i in live], w["crf.trans"], w["crf.start"],
                                            w["crf.end"]), strict=True):
            out[i] = m
        return out

    def tag_plain(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """Tags without document consistency."""
        tags = self.encoder.tags
        with self._one_blas_thread():
            ems = self.emissions(sentences)
        return [to_iob2([tags[k] for k in self.net.decode(em)]) if len(em) else [] for em in ems]

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
