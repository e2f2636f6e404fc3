"""The CRF's label marginals computed with numpy from its weights, a word form at a time.

crfsuite takes a token's attributes one by one and returns one marginal per Python call
(17 labels x every token). But a token's attributes are the sum of parts that belong to word
forms (`marsad.ner.features.FeatureExtractor._sentence`): the word's own attributes and what
it shows its neighbours at -2, -1, +1 and +2, plus gazetteer labels, sentence bounds and stem
bigrams. A linear-chain CRF's state score is linear in the attributes, so each word form's
five partial scores are summed once and kept; a sentence's scores are then a few array
additions, and the forward-backward pass runs batched over the document
(`marsad.ner.neural.crf_marginals`). Same model, same marginals (to float rounding).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from marsad.ner.features import FeatureExtractor, WordInfo
from marsad.ner.neural import crf_marginals


@dataclass(frozen=True)
class DenseCRF:
    """A crfsuite model's state and transition weights as arrays (labels in crfsuite order)."""

    index: dict[str, int]  # attribute -> row of `weights`
    weights: np.ndarray  # [attributes + 1, labels]: the last row is zeros
    trans: np.ndarray  # [labels, labels], from -> to
    labels: tuple[str, ...]
    # Word forms kept; when full, the cache is emptied before a document's new forms go in.
    cache_size: int = 50_000
    _forms: dict[str, np.ndarray] = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def from_tagger(cls, tagger: Any) -> DenseCRF:
        """From an open `pycrfsuite.Tagger`."""
        info = tagger.info()
        labels = tuple(tagger.labels())
        col = {y: k for k, y in enumerate(labels)}
        attrs = sorted({a for a, _ in info.state_features})
        index = {a: i for i, a in enumerate(attrs)}
        weights = np.zeros((len(attrs) + 1, len(labels)))
        for (a, y), w in info.state_features.items():
            weights[index[a], col[y]] = w
        trans = np.zeros((len(labels), len(labels)))
        for (y1, y2), w in info.transitions.items():
            trans[col[y1], col[y2]] = w
        return cls(index, weights, trans, labels)

    def _add_forms(self, forms: dict[str, WordInfo]) -> None:
        """Score the five attribute groups of each new word form, in one gather for all."""
        index = self.index
        zero = len(self.weights) - 1  # the zero row: no group is empty, so `reduceat` sums each
        rows: list[int] = []
        starts: list[int] = []
        for info in forms.values():
            for group in (info.feats, *info.ctx):
                starts.append(len(rows))
                rows.extend([index[a] for a in group if a in index])
                rows.append(zero)
        sums = np.add.reduceat(self.weights[rows], starts, axis=0).reshape(len(forms), 5, -1)
        self._forms.update(zip(forms, sums, strict=True))

    def marginals(self, extractor: FeatureExtractor, sentences: Sequence[Sequence[str]],
                  gaz: Sequence[Sequence[Sequence[str]]]) -> list[np.ndarray]:
        """Label marginals [T, labels] per sentence of one document (empty sentences: [0, labels]);
        `gaz`: the gazetteer features of each token (`FeatureExtractor.gazetteer_features`)."""
        k = len(self.labels)
        live = [i for i, s in enumerate(sentences) if s]
        out = [np.zeros((0, k)) for _ in sentences]
        if not live:
            return out
        tokens = [t for i in live for t in sentences[i]]
        infos = [extractor.word(t) for t in tokens]
        forms = self._forms
        new = {t: info for t, info in zip(tokens, infos, strict=True) if t not in forms}
        if new:
            if len(forms) + len(new) > self.cache_size:
                # Bounded memory on long runs: emptied, then refilled with every form this
                # document reads (not only the new ones, or its cached forms would be gone).
                forms.clear()
                new = dict(zip(tokens, infos, strict=True))
            self._add_forms(new)
        # The document's tokens end to end; `pos` and `rest` (tokens before and after in the
        # same sentence) keep each neighbour's share within its sentence.
        parts = np.stack([forms[t] for t in tokens])
        lengths = np.array([len(sentences[i]) for i in live])
        ends = np.cumsum(lengths)
        starts = ends - lengths
        pos = np.arange(len(tokens)) - np.repeat(starts, lengths)
        rest = np.repeat(lengths, lengths) - 1 - pos
        em = parts[:, 0].copy()
        # Token i sees ctx[0] of word i-2, ctx[1] of i-1, ctx[2] of i+1, ctx[3] of i+2.
        em[2:] += parts[:-2, 1] * (pos[2:] >= 2)[:, None]
        em[1:] += parts[:-1, 2] * (pos[1:] >= 1)[:, None]
        em[:-1] += parts[1:, 3] * (rest[:-1] >= 1)[:, None]
        em[:-2] += parts[2:, 4] * (rest[:-2] >= 2)[:, None]
        index, weights = self.index, self.weights
        if "BOS" in index:
            em[starts] += weights[index["BOS"]]
        if "EOS" in index:
            em[ends - 1] += weights[index["EOS"]]
        # Gazetteer labels (the token's own, and its neighbours' as "-1..."/"1...") and stem
        # bigrams: few per document, gathered and added in one go.
        rows: list[int] = []
        where: list[int] = []
        flat_gaz = [g for i in live for g in gaz[i]]
        for j, g in enumerate(flat_gaz):
            if not g:
                continue
            for x in g:
                r = index.get(x)
                if r is not None:
                    rows.append(r)
                    where.append(j)
                if pos[j] > 0:
                    r = index.get("1" + x)
                    if r is not None:
                        rows.append(r)
                        where.append(j - 1)
                if rest[j] > 0:
                    r = index.get("-1" + x)
                    if r is not None:
                        rows.append(r)
                        where.append(j + 1)
        stems = [info.stem for info in infos]
        for j in range(1, len(tokens)):
            if pos[j] == 0:
                continue
            pair = f"{stems[j - 1]}|{stems[j]}"
            r = index.get("bi-=" + pair)
            if r is not None:
                rows.append(r)
                where.append(j)
            r = index.get("bi+=" + pair)
            if r is not None:
                rows.append(r)
                where.append(j - 1)
        if rows:
            np.add.at(em, where, weights[rows])
        zero = np.zeros(k)
        margs = crf_marginals([em[a:b] for a, b in zip(starts, ends, strict=True)], self.trans, zero, zero)
        for i, m in zip(live, margs, strict=True):
            out[i] = m
        return out
