"""Experimental NER feature ideas, measured by cross-validation before they join features.py.

Used by ``scripts/ner_cv.py`` (one CV fold per process) and ``scripts/ner_lexicon.py``; kept
out of the package: nothing here runs in the pipeline.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.ner.conll import Sentence, from_bioes, spans
from marsad.ner.features import FeatureExtractor, GazetteerFn, WordInfo
from marsad.ner.resources import (
    DATA_DIR,
    Clusters,
    Gazetteer,
    KBGazetteer,
    load_clusters,
    load_vocabulary,
    loose_word,
)

# A one-word training name that is an entity in fewer than this share of its occurrences is
# marked as doubtful ("PER~"), so the CRF can learn to trust it less.
_SURE_RATIO = 0.5


def decode_scheme(tags: Sequence[str]) -> list[str]:
    return from_bioes(tags)


def names_gazetteer(sents: Sequence[Sentence]) -> Gazetteer:
    """Entity names of annotated sentences, with their type; a one-word name that is more
    often a plain word in the same sentences gets a ``~`` label."""
    pairs: list[tuple[str, str]] = []
    word_count: Counter[str] = Counter()
    single: dict[str, Counter[str]] = {}
    for s in sents:
        word_count.update(loose_word(t) for t in s.tokens)
        for kind, a, b in spans(s.tags):
            if b - a == 1:
                single.setdefault(loose_word(s.tokens[a]), Counter())[kind] += 1
            else:
                pairs.append((" ".join(s.tokens[a:b]), kind))
    for w, kinds in single.items():
        kind = kinds.most_common(1)[0][0]
        sure = sum(kinds.values()) >= _SURE_RATIO * word_count[w]
        pairs.append((w, kind if sure else kind + "~"))
    return Gazetteer.from_pairs(pairs)


@dataclass(frozen=True)
class ExpConfig:
    train_names: bool = False
    inner: int = 5
    extra: frozenset[str] = frozenset()
    extra_clusters: Path | None = None
    lexicon: Path | None = None
    vectors: Path | None = None


# Dense vectors: z-scored per dimension and clipped, so every value sits in about [-1, 1]
# like the binary attributes the L2 penalty was tuned for.
_DENSE_CLIP = 3.0


def load_vectors(path: Path) -> dict[str, tuple[float, ...]]:
    """word -> scaled vector from a ``scripts/build_clusters.py --vectors`` file."""
    import numpy as np

    saved = np.load(path)
    vecs = saved["vectors"].astype(np.float32)
    z = (vecs - vecs.mean(axis=0)) / np.maximum(vecs.std(axis=0), 1e-6)
    z = np.clip(z, -_DENSE_CLIP, _DENSE_CLIP) / _DENSE_CLIP
    return {str(w): tuple(round(float(x), 3) for x in row) for w, row in zip(saved["words"], z, strict=True)}


def char_ngrams(core: str, sizes: tuple[int, ...] = (2, 3, 4)) -> list[str]:
    """Character n-grams of a clitic-stripped stem, with ``^``/``$`` marking its ends.

    A transliterated foreign name never seen in training ("فيلتمان", fīltmān) still shares
    pieces such as "يلت" or "مان$" with names that were.
    """
    w = f"^{core}$"
    return sorted({f"cg={w[i:i + k]}" for k in sizes for i in range(len(w) - k + 1)})


@dataclass(frozen=True)
class ExtraExtractor(FeatureExtractor):
    """FeatureExtractor plus optional feature groups named in `extra`."""

    extra: frozenset[str] = field(default=frozenset())
    more: Clusters | None = None
    lexicon: Mapping[str, tuple[str, ...]] | None = None
    vectors: Mapping[str, tuple[float, ...]] | None = None

    def _vector(self, info: WordInfo) -> tuple[float, ...]:
        if self.vectors is None:
            return ()
        return self.vectors.get(info.norm) or self.vectors.get(info.stem) or ()

    def sentence(self, tokens: Sequence[str]) -> list[list[str]]:
        feats = self._sentence_lists(tokens)
        if self.vectors is None:
            return feats
        # pycrfsuite takes {attribute: value} items: binary attributes weigh 1.0.
        infos = [self.word(t) for t in tokens]
        vecs = [self._vector(x) for x in infos]
        out: list[Any] = []
        n = len(tokens)
        for i, f in enumerate(feats):
            item: dict[str, float] = dict.fromkeys(f, 1.0)
            offsets = (-1, 0, 1) if "dense1" in self.extra else (0,)
            for d in offsets:
                if 0 <= i + d < n and vecs[i + d]:
                    item.update((f"{d}v{j}", x) for j, x in enumerate(vecs[i + d]) if x)
            out.append(item)
        return out

    def _more(self, info: WordInfo) -> tuple[int, ...]:
        if self.more is None:
            return ()
        return self.more.get(info.norm) or self.more.get(info.stem) or ()

    def _sentence_lists(self, tokens: Sequence[str]) -> list[list[str]]:
        feats = super().sentence(tokens)
        if not self.extra and self.more is None and self.lexicon is None:
            return feats
        infos = [self.word(t) for t in tokens]
        n = len(tokens)
        more = [self._more(x) for x in infos] if self.more is not None else []
        lex = self.lexicon
        lx = [lex.get(x.stem, ()) for x in infos] if lex is not None else []
        for i, f in enumerate(feats):
            if lx:
                f.extend(lx[i])
                for d in (-1, 1):
                    if 0 <= i + d < n:
                        f.extend(f"{d}{a}" for a in lx[i + d] if not a.endswith(":lo"))
            if more:
                m = more[i]
                f.extend(f"k{j}={c}" for j, c in enumerate(m))
                if infos[i].stem != infos[i].norm and self.more is not None:
                    sm = self.more.get(infos[i].stem)
                    if sm:
                        f.extend(f"sk{j}={c}" for j, c in enumerate(sm) if j >= 2)
                for d in (-1, 1):
                    if 0 <= i + d < n and more[i + d]:
                        f.extend(f"{d}k{j}={c}" for j, c in enumerate(more[i + d]) if j >= 2)
                for d in (-2, 2):
                    if 0 <= i + d < n and more[i + d]:
                        f.append(f"{d}k1={more[i + d][1]}")
            if "nx" in self.extra:
                for d in (-1, 1):
                    if 0 <= i + d < n:
                        nb = infos[i + d]
                        core = nb.stem[2:] if nb.stem.startswith("ال") and len(nb.stem) > 4 else nb.stem
                        f.append(f"{d}x2={nb.norm[-2:]}")
                        f.append(f"{d}p2={core[:2]}")
                        if "oov" in nb.feats or nb.oov:
                            f.append(f"{d}oov")
            if "c64" in self.extra:
                for d in (-2, -1, 1, 2):
                    if 0 <= i + d < n:
                        cl = self.clusters.get(infos[i + d].norm) or self.clusters.get(infos[i + d].stem)
                        if cl:
                            f.append(f"{d}c64={cl[0]}")
            if "ctx3" in self.extra:
                for d in (-3, -2):
                    if 0 <= i + d < n and infos[i + d].trig:
                        f.append(f"{d}T={infos[i + d].trig}")
                for d in (2, 3):
                    if i + d < n and infos[i + d].trig == "SAY":
                        f.append(f"{d}T=SAY")
            if "wbi" in self.extra:
                if i > 0:
                    f.append(f"cb-={infos[i - 1].c1024}|{infos[i].c256}")
                if i + 1 < n:
                    f.append(f"cb+={infos[i].c256}|{infos[i + 1].c1024}")
            # "cngo": only for words the vocabulary or the clusters do not know, where the
            # word identity features are missing or unreliable.
            if "cng" in self.extra or ("cngo" in self.extra and (infos[i].oov or not infos[i].c256)):
                st = infos[i].stem
                core = st[2:] if st.startswith("ال") and len(st) > 4 else st
                if core[:1].isalpha():
                    f.extend(char_ngrams(core))
            if "sx" in self.extra:
                st = infos[i].stem
                for k in (2, 3):
                    if len(st) > k + 1:
                        f.append(f"sx{k}={st[-k:]}")
        return feats


def load_lexicon(path: Path, min_ratio: float = 0.1) -> dict[str, tuple[str, ...]]:
    """stem -> features such as ``lx=PER:hi`` from a ``scripts/ner_lexicon.py`` table."""
    types = ("PER", "LOC", "ORG", "MISC")
    out: dict[str, tuple[str, ...]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        word, total, *counts = line.split("\t")
        n = int(total)
        feats = []
        for t, c in zip(types, counts, strict=True):
            r = int(c) / n
            if r >= min_ratio:
                feats.append(f"lx={t}:" + ("hi" if r >= 0.7 else "mid" if r >= 0.4 else "lo"))
        if feats:
            out[word] = tuple(feats)
    return out


def build_extractors(cfg: ExpConfig, train: Sequence[Sentence], kb: Any, shared: Path,
                     resources: Path | None = None
                     ) -> tuple[Callable[[int], FeatureExtractor], FeatureExtractor]:
    """(training extractor by sentence index, test extractor).

    With `train_names`, training sentence i sees a name gazetteer built from the other inner
    blocks of the training part only (cross-fitting: the way a test sentence sees names
    from other articles, never its own labels).
    """
    from marsad.ner.train import build_gazetteer, contiguous_folds

    res = resources or DATA_DIR
    vocab = load_vocabulary(res / "vocab.txt.gz")
    clusters = load_clusters(res / "clusters.tsv.gz")
    gaz = build_gazetteer(shared / "gate-arabic-gazetteer", [shared / "aqmar" / "train.txt"])
    base: tuple[tuple[str, GazetteerFn], ...] = (("gaz", gaz), ("kb", KBGazetteer(kb)))
    more = load_clusters(cfg.extra_clusters) if cfg.extra_clusters else None
    lexicon = load_lexicon(cfg.lexicon) if cfg.lexicon else None
    vectors = load_vectors(cfg.vectors) if cfg.vectors else None

    def make(extra_gaz: tuple[tuple[str, GazetteerFn], ...]) -> FeatureExtractor:
        return ExtraExtractor(vocab, clusters, base + extra_gaz, extra=cfg.extra, more=more, lexicon=lexicon,
                              vectors=vectors)

    if not cfg.train_names:
        ex = make(())
        return (lambda i: ex), ex
    test_ex = make((("tr", names_gazetteer(train)),))
    blocks = contiguous_folds(len(train), cfg.inner)
    inner = [make((("tr", names_gazetteer([train[j] for j in range(len(train)) if j not in b])),))
             for b in blocks]
    owner = [0] * len(train)
    for k, b in enumerate(blocks):
        for j in b:
            owner[j] = k
    return (lambda i: inner[owner[i]]), test_ex
