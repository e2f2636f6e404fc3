"""The bundled NER tagger: the CRF and the BiLSTM-CRF voting through their marginals.

The two models see a word differently: the CRF through sparse attributes (the word, its
affixes and neighbours, gazetteer and knowledge-base hits, titles), the network through
word vectors learnt from unlabelled news, the letters of the word (a character CNN) and the
whole sentence (an LSTM). Their errors differ, so mixing their per-token label
probabilities and decoding the mix beats either (ANERcorp 5-fold CV, see meta.json
``ensemble_cv``).

    >>> tagger = load_tagger()                                   # doctest: +SKIP
    >>> tagger.tag([["وقال", "أبو", "محمد", "العدناني"]])          # doctest: +SKIP
    [['O', 'B-PER', 'I-PER', 'I-PER']]

(wa-qāla abū muḥammad al-ʿadnānī, "and Abu Muhammad al-Adnani said".)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from marsad.arabic.tokenize import Token
from marsad.ner.conll import to_iob2
from marsad.ner.neural import NeuralTagger, viterbi
from marsad.ner.resources import KBGazetteer
from marsad.ner.tagger import CRFTagger, propagate

# Gazetteer labels per gazetteer name, per sentence, per token.
Given = Mapping[str, Sequence[Sequence[tuple[str, ...]]]]


def allowed_transitions(labels: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Log-scores (0 or -inf-like) of IOB2 transitions and starts: I-X only after B-X or I-X."""
    k = len(labels)
    trans = np.zeros((k, k))
    for j, lab in enumerate(labels):
        if lab.startswith("I-"):
            for i, prev in enumerate(labels):
                if prev[2:] != lab[2:]:
                    trans[i, j] = -1e9
    start = np.array([-1e9 if lab.startswith("I-") else 0.0 for lab in labels])
    return trans, start


def decode_marginals(probs: np.ndarray, labels: Sequence[str], trans: np.ndarray,
                     start: np.ndarray) -> list[str]:
    """The IOB2 sequence with the highest product of per-token probabilities."""
    best = viterbi(np.log(probs + 1e-9), trans, start, np.zeros(len(labels)))
    return to_iob2([labels[i] for i in best])


def decode_batch(probs: Sequence[np.ndarray], labels: Sequence[str], trans: np.ndarray,
                 start: np.ndarray) -> list[list[str]]:
    """`decode_marginals` for several sentences at once (right-padded, one loop over positions)."""
    live = [i for i, p in enumerate(probs) if len(p)]
    out: list[list[str]] = [[] for _ in probs]
    if not live:
        return out
    lengths = np.array([len(probs[i]) for i in live])
    tmax, k = int(lengths.max()), len(labels)
    logp = np.zeros((len(live), tmax, k))
    for r, i in enumerate(live):
        logp[r, : lengths[r]] = np.log(probs[i] + 1e-9)
    score = start + logp[:, 0]
    back = np.zeros((len(live), tmax, k), dtype=np.int64)
    for t in range(1, tmax):
        cand = score[:, :, None] + trans
        back[:, t] = cand.argmax(1)
        # A finished sentence keeps its score: its positions past the end are never read.
        score = np.where((lengths > t)[:, None], cand.max(1) + logp[:, t], score)
    best = score.argmax(1)
    for r, i in enumerate(live):
        y = int(best[r])
        path = [y]
        rows = back[r]
        for t in range(int(lengths[r]) - 1, 0, -1):
            y = int(rows[t, y])
            path.append(y)
        out[i] = to_iob2([labels[j] for j in reversed(path)])
    return out


@dataclass(frozen=True)
class EnsembleTagger:
    """`tag` / `tag_tokens` mixing a CRF and a BiLSTM-CRF, plus document consistency.

    `weight` is the network's share of the mix, chosen by cross-validation at training time.
    """

    crf: CRFTagger
    neural: NeuralTagger
    weight: float
    consistency: bool = True

    def marginals(self, sentences: Sequence[Sequence[str]], given: Given | None = None) -> list[np.ndarray]:
        """The mixed per-token label probabilities [T, K] (in `labels` order).

        `given`: gazetteer labels the caller already has, by gazetteer name (both models
        read the same gazetteers)."""
        # Both models read the same gazetteers: look each up once.
        given = self.crf.features.gazetteer_labels(sentences, given)
        nn = self.neural.marginals(sentences, given)
        crf = self.crf.marginals(sentences, given)
        w = self.weight
        return [(1.0 - w) * self.crf_columns(c) + w * n if len(n) else n
                for c, n in zip(crf, nn, strict=True)]

    @cached_property
    def _crf_cols(self) -> np.ndarray:
        crf_labels = self.crf.labels
        return np.array([crf_labels.index(lab) if lab in crf_labels else -1 for lab in self.labels])

    def crf_columns(self, marginals: np.ndarray) -> np.ndarray:
        """CRF marginals [T, K] rearranged into `labels` order (a label the CRF never saw: 0)."""
        cols = self._crf_cols
        m = np.asarray(marginals, dtype=np.float64).reshape(len(marginals), -1)
        out: np.ndarray = np.where(cols >= 0, m[:, cols], 0.0)
        return out

    @property
    def labels(self) -> list[str]:
        return list(self.neural.encoder.tags)

    def tag_plain(self, sentences: Sequence[Sequence[str]], given: Given | None = None) -> list[list[str]]:
        """Tags without document consistency."""
        labels = self.labels
        trans, start = allowed_transitions(labels)
        return decode_batch(self.marginals(sentences, given), labels, trans, start)

    def tag_sentence(self, tokens: Sequence[str]) -> list[str]:
        return self.tag_plain([tokens])[0]

    def tag(self, sentences: list[list[str]], given: Given | None = None) -> list[list[str]]:
        """BIO tags for each token of each sentence (the sentences are one document)."""
        tags = self.tag_plain(sentences, given)
        return propagate(sentences, tags, key=self.stem) if self.consistency else tags

    def stem(self, token: str) -> str:
        """The clitic-stripped normalised form (the key of document consistency)."""
        return self.crf.stem(token)

    @property
    def reads_kb_matches(self) -> bool:
        """`tag_tokens` accepts the article's knowledge-base matches (see the entities stage)."""
        return True

    def tag_tokens(self, sentences: list[list[Token]], *, text: str | None = None,
                   kb_matches: Iterable[Any] | None = None) -> list[list[str]]:
        """The same, from `marsad.arabic.Token` lists; with the article `text` and its
        knowledge-base matches, the KB features come from those (see `CRFTagger.tag_tokens`)."""
        given = None
        if text is not None and kb_matches is not None:
            kb = dict(self.crf.features.gazetteers).get("kb")
            if isinstance(kb, KBGazetteer):
                given = {"kb": kb.from_matches(text, sentences, kb_matches)}
        return self.tag([[t.text for t in s] for s in sentences], given)
