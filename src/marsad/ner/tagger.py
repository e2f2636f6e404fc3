"""The bundled NER tagger: a CRF over rich Arabic features, plus document consistency.

    >>> tagger = load_tagger()                                   # doctest: +SKIP
    >>> tagger.tag([["قال", "الرئيس", "دونالد", "ترامب"]])        # doctest: +SKIP
    [['O', 'O', 'B-PER', 'I-PER']]

(qāla al-raʾīs dūnald trāmb, "President Donald Trump said".) The sentences passed in one
`tag` call are treated as one document: a name the CRF tags confidently somewhere is tagged
the same way where it recurs untagged (Arabic names are often missed in one sentence and
found in another, because the clues, a title or a speech verb, sit only next to one mention).
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marsad.arabic.tokenize import Token
from marsad.errors import ResourceError
from marsad.ner.features import FeatureExtractor
from marsad.ner.resources import DATA_DIR, Gazetteer, load_clusters, load_vocabulary, norm_word

log = logging.getLogger(__name__)

MODEL_FILE = "crf.model"
META_FILE = "meta.json"
# Function words and very short forms that must never be propagated as names on their own.
_MIN_PROPAGATE_CHARS = 3


def build_extractor(folder: Path, gazetteers: Sequence[str] = ("gaz",)) -> FeatureExtractor:
    """The feature extractor for a model folder (resources read from the folder itself)."""
    vocab = load_vocabulary(folder / "vocab.txt.gz")
    clusters = load_clusters(folder / "clusters.tsv.gz")
    fns = []
    for name in gazetteers:
        if name == "gaz":
            fns.append(("gaz", Gazetteer.load(folder / "gazetteer.tsv.gz")))
        else:
            raise ResourceError(f"model needs gazetteer {name!r}, which only the caller can provide")
    return FeatureExtractor(vocab, clusters, tuple(fns))


def propagate(sentences: Sequence[Sequence[str]], tags: list[list[str]]) -> list[list[str]]:
    """Document consistency: tag untagged repeats of names tagged elsewhere in the document.

    Every entity string (normalised token sequence) gets its majority type; a later or
    earlier occurrence of the same sequence whose tokens are all ``O`` is tagged with it.
    Single tokens propagate only when they are long enough not to be function words.
    """
    votes: dict[tuple[str, ...], Counter[str]] = {}
    norms = [[norm_word(t) for t in s] for s in sentences]
    for ns, ts in zip(norms, tags, strict=True):
        for kind, s, e in _spans(ts):
            key = tuple(ns[s:e])
            votes.setdefault(key, Counter())[kind] += 1
    if not votes:
        return tags
    best = {k: c.most_common(1)[0][0] for k, c in votes.items()
            if len(k) > 1 or len(k[0]) >= _MIN_PROPAGATE_CHARS}
    max_len = max((len(k) for k in best), default=0)
    out = [list(ts) for ts in tags]
    for ns, ts in zip(norms, out, strict=True):
        i = 0
        while i < len(ns):
            hit = 0
            for n in range(min(max_len, len(ns) - i), 0, -1):
                key = tuple(ns[i : i + n])
                if key in best and all(t == "O" for t in ts[i : i + n]):
                    kind = best[key]
                    ts[i] = "B-" + kind
                    for k in range(i + 1, i + n):
                        ts[k] = "I-" + kind
                    hit = n
                    break
            i += hit or 1
    return out


def _spans(tags: Sequence[str]) -> list[tuple[str, int, int]]:
    from marsad.ner.conll import spans

    return spans(tags)


@dataclass(frozen=True)
class CRFTagger:
    """A trained CRF with its feature extractor; `tag` is safe to call from one thread."""

    tagger: Any  # pycrfsuite.Tagger (untyped third-party object)
    features: FeatureExtractor
    consistency: bool = True

    @classmethod
    def load(cls, path: str | Path | None = None, *, consistency: bool | None = None) -> CRFTagger:
        import pycrfsuite

        folder = Path(path) if path else DATA_DIR
        model = folder / MODEL_FILE
        if not model.exists():
            raise ResourceError(f"no NER model at {model}; train one with `marsad train ner`")
        meta: dict[str, Any] = {}
        if (folder / META_FILE).exists():
            meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
        tagger = pycrfsuite.Tagger()
        try:
            tagger.open(str(model))
        except Exception as exc:  # pycrfsuite raises a bare ValueError/IOError on bad files
            raise ResourceError(f"cannot open NER model {model}: {exc}") from exc
        extractor = build_extractor(folder, tuple(meta.get("gazetteers", ["gaz"])))
        cons = bool(meta.get("consistency", True)) if consistency is None else consistency
        return cls(tagger, extractor, cons)

    def tag_sentence(self, tokens: Sequence[str]) -> list[str]:
        if not tokens:
            return []
        tags: list[str] = self.tagger.tag(self.features.sentence(tokens))
        return tags

    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        """BIO tags (B-PER I-PER B-LOC B-ORG B-MISC O ...) for each token of each sentence."""
        tags = [self.tag_sentence(s) for s in sentences]
        return propagate(sentences, tags) if self.consistency else tags

    def tag_tokens(self, sentences: list[list[Token]]) -> list[list[str]]:
        """The same, from `marsad.arabic.Token` lists (their original text is tagged)."""
        return self.tag([[t.text for t in s] for s in sentences])


def load_tagger(path: str | Path | None = None) -> CRFTagger:
    """Load the bundled tagger (``marsad/data/ner``) or one trained into `path`."""
    return CRFTagger.load(path)
