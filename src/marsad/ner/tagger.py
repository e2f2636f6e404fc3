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

import gzip
import hashlib
import json
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from marsad.arabic.tokenize import Token
from marsad.errors import ResourceError
from marsad.ner.conll import from_bioes, spans, to_iob2
from marsad.ner.features import PER_TRIGGERS, FeatureExtractor, GazetteerFn
from marsad.ner.resources import (
    DATA_DIR,
    Gazetteer,
    KBGazetteer,
    load_clusters,
    load_vocabulary,
    norm_word,
)

if TYPE_CHECKING:
    from marsad.ner.ensemble import EnsembleTagger
    from marsad.ner.neural import NeuralTagger

log = logging.getLogger(__name__)

MODEL_FILE = "crf.model"
META_FILE = "meta.json"
# The attributes the CRF has weights for, headed by the model file's sha256 (see
# `write_attributes`): reading them is ~20x faster than asking crfsuite at every start.
ATTRIBUTES_FILE = "attributes.txt.gz"
# Function words and very short forms that must never be propagated as names on their own.
_MIN_PROPAGATE_CHARS = 3
_MIN_SURNAME_CHARS = 4


def build_extractor(folder: Path, gazetteers: Sequence[str] = ("gaz",),
                    extra: Mapping[str, GazetteerFn] | None = None) -> FeatureExtractor:
    """The feature extractor for a model folder (resources read from the folder itself).

    `gazetteers` are the names the model was trained with: ``gaz`` is the bundled list
    gazetteer, ``kb`` the knowledge base (`marsad.kb`, loaded here unless `extra` gives
    it); any other name must be supplied in `extra`.
    """
    vocab = load_vocabulary(folder / "vocab.txt.gz")
    clusters = load_clusters(folder / "clusters.tsv.gz")
    fns: list[tuple[str, GazetteerFn]] = []
    for name in gazetteers:
        if extra and name in extra:
            fns.append((name, extra[name]))
        elif name == "gaz":
            fns.append(("gaz", Gazetteer.load(folder / "gazetteer.tsv.gz")))
        elif name == "kb":
            from marsad.kb import KnowledgeBase

            fns.append(("kb", KBGazetteer(KnowledgeBase.load())))
        else:
            raise ResourceError(f"the NER model needs gazetteer {name!r}: pass it to load_tagger")
    return FeatureExtractor(vocab, clusters, tuple(fns))


def propagate(sentences: Sequence[Sequence[str]], tags: list[list[str]], *,
              key: Callable[[str], str] | None = None, surnames: bool = True) -> list[list[str]]:
    """Document consistency: tag untagged repeats of names tagged elsewhere in the document.

    Every entity string (token sequence compared by `key`, default the normalised word; the
    tagger passes the clitic-stripped stem so "ولافروف", wa-lāfrūf, meets "لافروف") gets its
    majority type; an occurrence of the same sequence whose tokens are all ``O`` is tagged
    with it. With `surnames`, the last word of a multi-word person name also stands for the
    person ("البغدادي" after "أبو بكر البغدادي"), unless it is a title; a person-name part
    filled in right after a person name continues it instead of starting a second one.
    Single words propagate only when they are long enough not to be function words. (ANERcorp 5-fold CV:
    +1.2 F1 for the sequences, +0.3 more for stems and surnames.)
    """
    keyf = key or norm_word
    norms = [[keyf(t) for t in s] for s in sentences]
    # The spans of each sentence that has any (most sentences name nobody).
    found = [(ns, _spans(ts)) for ns, ts in zip(norms, tags, strict=True)
             if ts.count("O") != len(ts)]
    votes: dict[tuple[str, ...], Counter[str]] = {}
    for ns, sp in found:
        for kind, s, e in sp:
            votes.setdefault(tuple(ns[s:e]), Counter())[kind] += 1
    if not votes:
        return tags
    best = {k: c.most_common(1)[0][0] for k, c in votes.items()
            if len(k) > 1 or len(k[0]) >= _MIN_PROPAGATE_CHARS}
    if surnames:
        for ns, sp in found:
            for kind, s, e in sp:
                last = (ns[e - 1],)
                if (kind == "PER" and e - s >= 2 and last not in best
                        and len(last[0]) >= _MIN_SURNAME_CHARS and last[0] not in PER_TRIGGERS):
                    best[last] = "PER"
    # Longest key per first word: most tokens start no name, and are passed over at once.
    longest: dict[str, int] = {}
    for seq in best:
        if len(seq) > longest.get(seq[0], 0):
            longest[seq[0]] = len(seq)
    out = [list(ts) for ts in tags]
    for sent, ns, ts in zip(sentences, norms, out, strict=True):
        i = 0
        size = len(ns)
        while i < size:
            hit = 0
            top = longest.get(ns[i], 0)
            for n in range(min(top, size - i), 0, -1):
                span = tuple(ns[i : i + n])
                if span in best and all(t == "O" for t in ts[i : i + n]):
                    kind = best[span]
                    # Right after a person's name, a repeated part of it continues that name
                    # ("نزار" + "قباني", nizār qabbānī, is one person, not two), unless a
                    # clitic (the و of "ترامب وكيم", "Trump and Kim") marks a second one.
                    glue = (kind == "PER" and i > 0 and ts[i - 1][2:] == kind
                            and ns[i] == norm_word(sent[i]))
                    ts[i] = ("I-" if glue else "B-") + kind
                    for k in range(i + 1, i + n):
                        ts[k] = "I-" + kind
                    hit = n
                    break
            i += hit or 1
    return out


def _spans(tags: Sequence[str]) -> list[tuple[str, int, int]]:
    return spans(tags)


def boost_recall(tags: Sequence[str], marginals: Sequence[Sequence[float]], labels: Sequence[str],
                 threshold: float) -> list[str]:
    """Turn an ``O`` into the best entity label where the CRF itself doubts it.

    The CRF is precise but misses names (precision ~80, recall ~67 on ANERcorp): where the
    marginal probability of ``O`` is below `threshold`, the most probable entity label is
    taken instead; runs are then repaired to valid IOB2.
    """
    o = labels.index("O")
    out = list(tags)
    for i, t in enumerate(tags):
        if t == "O" and marginals[i][o] < threshold:
            k = max((j for j in range(len(labels)) if j != o), key=lambda j: marginals[i][j])
            out[i] = labels[k]
    return to_iob2(out)


@dataclass(frozen=True)
class CRFTagger:
    """A trained CRF with its feature extractor; `tag` is safe to call from one thread.

    `doc_features`: the model was trained with `FeatureExtractor.document` features;
    `o_threshold`: see `boost_recall` (None: plain Viterbi); `consistency`: see `propagate`;
    `scheme`: the labels the CRF was trained with (``bio`` or ``bioes``); whatever it is, every
    method returns IOB2 tags, and marginals over IOB2 labels (``S-X`` counts as ``B-X``,
    ``E-X`` as ``I-X``).
    """

    tagger: Any  # pycrfsuite.Tagger (untyped third-party object)
    features: FeatureExtractor
    consistency: bool = True
    doc_features: bool = False
    o_threshold: float | None = None
    scheme: str = "bio"
    # The weights as numpy arrays (`marsad.ner.crf_dense`) and the BIOES -> IOB2 folding
    # matrix, built on the first `marginals` call: only the ensemble asks for marginals, and
    # the default pipeline never imports numpy.
    _dense: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # A compiled build (mypyc) does not apply the defaults of `init=False` fields.
        object.__setattr__(self, "_dense", {})

    @classmethod
    def load(cls, path: str | Path | None = None, *, consistency: bool | None = None,
             gazetteers: Mapping[str, GazetteerFn] | None = None) -> CRFTagger:
        import pycrfsuite

        folder = Path(path) if path else DATA_DIR
        model = folder / MODEL_FILE
        if not model.exists():
            raise ResourceError(f"no NER model at {model}; train one with `marsad train ner`")
        meta = _read_meta(folder)
        tagger = pycrfsuite.Tagger()
        try:
            tagger.open(str(model))
        except Exception as exc:  # pycrfsuite raises a bare ValueError/IOError on bad files
            raise ResourceError(f"cannot open NER model {model}: {exc}") from exc
        extractor = build_extractor(folder, tuple(meta.get("gazetteers", ["gaz"])), gazetteers)
        extractor = extractor.with_known(_load_attributes(folder, tagger))
        cons = bool(meta.get("consistency", True)) if consistency is None else consistency
        thr = meta.get("o_threshold")
        return cls(tagger, extractor, cons, bool(meta.get("doc_features", False)),
                   float(thr) if thr is not None else None, str(meta.get("scheme", "bio")))

    def _features(self, sentences: Sequence[Sequence[str]],
                  given: Mapping[str, Sequence[Sequence[tuple[str, ...]]]] | None = None,
                  ) -> Sequence[Sequence[Sequence[str | bytes]]]:
        """What crfsuite is handed: per-sentence attributes as pre-encoded bytes."""
        if self.doc_features:
            return self.features.document(sentences, given)
        return self.features.encoded_sentences(sentences, given)

    def viterbi_and_marginals(self, sentences: Sequence[Sequence[str]],
                              given: Mapping[str, Sequence[Sequence[tuple[str, ...]]]] | None = None,
                              ) -> list[tuple[list[str], list[list[float]]]]:
        """Viterbi tags and per-token label marginals (in `labels` order) per sentence."""
        raw: list[str] = self.tagger.labels()
        labels = self.labels
        # Column of each raw label among the IOB2 labels (S-X adds to B-X, E-X to I-X).
        column = [labels.index(_iob2_label(y)) for y in raw]
        out: list[tuple[list[str], list[list[float]]]] = []
        for f in self._features(sentences, given):
            if not f:
                out.append(([], []))
                continue
            tags: list[str] = self.tagger.tag(f)
            marg: list[list[float]] = []
            for i in range(len(f)):
                row = [0.0] * len(labels)
                for y, col in zip(raw, column, strict=True):
                    row[col] += self.tagger.marginal(y, i)
                marg.append(row)
            out.append((self._decode(tags), marg))
        return out

    def marginals(self, sentences: Sequence[Sequence[str]],
                  given: Mapping[str, Sequence[Sequence[tuple[str, ...]]]] | None = None,
                  ) -> list[Any]:
        """Per-token IOB2 label marginals, numpy arrays [T, K] (in `labels` order), per
        sentence, without Viterbi (numpy is imported here: the default pipeline never needs it).

        Computed from the weights with numpy (`marsad.ner.crf_dense`), as crfsuite would."""
        if self.doc_features:  # document attributes do not split by word form
            return self.suite_marginals(sentences, given)
        from marsad.ner.crf_dense import DenseCRF

        cache = self._dense
        if not cache:
            cache["crf"], cache["fold"] = DenseCRF.from_tagger(self.tagger), self._fold()
        dense, fold = cache["crf"], cache["fold"]
        gaz = self.features.gazetteer_features(sentences, given)
        return [m @ fold for m in dense.marginals(self.features, sentences, gaz)]

    def _fold(self) -> Any:
        """Raw (BIOES) label -> IOB2 column, as a matrix: S-X adds to B-X, E-X to I-X."""
        import numpy as np

        raw: list[str] = self.tagger.labels()
        labels = self.labels
        fold = np.zeros((len(raw), len(labels)))
        for r, y in enumerate(raw):
            fold[r, labels.index(_iob2_label(y))] = 1.0
        return fold

    def suite_marginals(self, sentences: Sequence[Sequence[str]],
                        given: Mapping[str, Sequence[Sequence[tuple[str, ...]]]] | None = None,
                        ) -> list[Any]:
        """`marginals` as crfsuite computes them (one call per label and token)."""
        import numpy as np

        raw: list[str] = self.tagger.labels()
        fold = self._fold()
        marginal = self.tagger.marginal
        out: list[Any] = []
        for f in self._features(sentences, given):
            if not f:
                out.append(np.zeros((0, fold.shape[1])))
                continue
            self.tagger.set(f)
            flat = [marginal(y, i) for i in range(len(f)) for y in raw]
            out.append(np.array(flat).reshape(len(f), len(raw)) @ fold)
        return out

    @property
    def labels(self) -> list[str]:
        """The IOB2 labels of the model (in the order crfsuite first lists them)."""
        raw: list[str] = self.tagger.labels()
        return list(dict.fromkeys(_iob2_label(y) for y in raw))

    def _decode(self, tags: list[str]) -> list[str]:
        return from_bioes(tags) if self.scheme == "bioes" else tags

    def tag_plain(self, sentences: Sequence[Sequence[str]],
                  given: Mapping[str, Sequence[Sequence[tuple[str, ...]]]] | None = None) -> list[list[str]]:
        """Tags without document consistency (document features still apply)."""
        if self.o_threshold is None:
            return [self._decode(self.tagger.tag(f)) if f else [] for f in self._features(sentences, given)]
        labels, thr = self.labels, self.o_threshold
        return [boost_recall(t, m, labels, thr)
                for t, m in self.viterbi_and_marginals(sentences, given)]

    def tag_sentence(self, tokens: Sequence[str]) -> list[str]:
        return self.tag_plain([tokens])[0]

    def tag(self, sentences: list[list[str]], given: Mapping[str, Sequence[Sequence[tuple[str, ...]]]] | None = None) -> list[list[str]]:
        """BIO tags (B-PER I-PER B-LOC B-ORG B-MISC O ...) for each token of each sentence.

        The sentences of one call are one document (document features and consistency).
        `given`: gazetteer labels the caller already has, by gazetteer name.
        """
        tags = self.tag_plain(sentences, given)
        return propagate(sentences, tags, key=self.stem) if self.consistency else tags

    def stem(self, token: str) -> str:
        """The clitic-stripped normalised form (the key of document consistency)."""
        return self.features.word(token).stem

    @property
    def reads_kb_matches(self) -> bool:
        """`tag_tokens` accepts the article's knowledge-base matches (see the entities stage)."""
        return True

    def tag_tokens(self, sentences: list[list[Token]], *, text: str | None = None,
                   kb_matches: Iterable[Any] | None = None) -> list[list[str]]:
        """The same, from `marsad.arabic.Token` lists (their original text is tagged).

        With the article `text` and the knowledge base's matches in it (which the entities
        stage has anyway), the KB features come from those matches instead of a second pass
        of the matcher over the tokens.
        """
        given = None
        if text is not None and kb_matches is not None:
            kb = dict(self.features.gazetteers).get("kb")
            if isinstance(kb, KBGazetteer):
                given = {"kb": kb.from_matches(text, sentences, kb_matches)}
        return self.tag([[t.text for t in s] for s in sentences], given)


def model_attributes(tagger: Any) -> frozenset[str]:
    """Every attribute with a weight in an opened ``pycrfsuite.Tagger``."""
    return frozenset(attr for attr, _label in tagger.info().state_features)


def _model_digest(folder: Path) -> str:
    return hashlib.sha256((folder / MODEL_FILE).read_bytes()).hexdigest()


def write_attributes(folder: str | Path) -> Path:
    """Write the model's attribute list beside it (call after every training run).

    The first line is the sha256 of ``crf.model``: a list left over from another model is
    recognised and ignored, so a stale file can slow the start but never change the tags.
    """
    import pycrfsuite

    folder = Path(folder)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(folder / MODEL_FILE))
    attrs = sorted(model_attributes(tagger))
    path = folder / ATTRIBUTES_FILE
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(("\n".join([_model_digest(folder), *attrs]) + "\n").encode("utf-8"))
    return path


def _load_attributes(folder: Path, tagger: Any) -> frozenset[str]:
    path = folder / ATTRIBUTES_FILE
    if path.exists():
        try:
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                lines = fh.read().split("\n")
        except (OSError, EOFError, UnicodeDecodeError) as exc:
            raise ResourceError(f"cannot read {path}: {exc}; delete it or rebuild it with "
                                "`marsad train ner`") from exc
        if lines and lines[0] == _model_digest(folder):
            return frozenset(a for a in lines[1:] if a)
        log.warning("%s belongs to another model; reading the attributes from %s (slower start). "
                    "Rewrite it with marsad.ner.tagger.write_attributes.", path, MODEL_FILE)
    return model_attributes(tagger)


def _iob2_label(label: str) -> str:
    """The IOB2 label a BIOES label stands for (``S-PER`` -> ``B-PER``, ``E-PER`` -> ``I-PER``)."""
    if label.startswith("S-"):
        return "B-" + label[2:]
    if label.startswith("E-"):
        return "I-" + label[2:]
    return label


def _read_meta(folder: Path) -> dict[str, Any]:
    path = folder / META_FILE
    if not path.exists():
        return {}
    try:
        meta: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ResourceError(f"cannot read {path}: {exc}") from exc
    return meta


def load_tagger(path: str | Path | None = None, *, kind: str | None = None,
                gazetteers: Mapping[str, GazetteerFn] | None = None) -> CRFTagger | NeuralTagger | EnsembleTagger:
    """Load the bundled tagger (``marsad/data/ner``) or one trained into `path`.

    The folder's meta.json names the model (``"kind": "crf"``, ``"neural"`` or ``"ensemble"``,
    the two mixed); `kind` overrides it when the folder holds both. A model trained with knowledge-base features
    loads `marsad.kb.KnowledgeBase` itself unless `gazetteers={"kb": KBGazetteer(kb)}` passes
    an already loaded one (do that in the pipeline, so the KB loads once).
    """
    folder = Path(path) if path else DATA_DIR
    meta = _read_meta(folder)
    chosen = kind or str(meta.get("kind", "crf"))
    if chosen in ("neural", "ensemble"):
        from marsad.ner.neural import NeuralTagger

        if chosen == "neural":
            extractor = build_extractor(folder, tuple(meta.get("gazetteers", ["gaz"])), gazetteers)
            return NeuralTagger.load(folder, extractor, meta)
        from marsad.ner.ensemble import EnsembleTagger

        if "ensemble" not in meta:
            raise ResourceError(f"no ensemble in {folder}: train one with `marsad train ner --vectors`")
        conf = meta["ensemble"]
        # The network reads its word attributes through the CRF's extractor (unpruned, from
        # `WordInfo.all_feats`): one word cache and one gazetteer pass for both.
        crf = CRFTagger.load(folder, consistency=False, gazetteers=gazetteers)
        return EnsembleTagger(crf, NeuralTagger.load(folder, crf.features, meta, consistency=False),
                              float(conf["neural_weight"]), bool(conf["consistency"]))
    if chosen != "crf":
        raise ResourceError(f"unknown NER model kind {chosen!r} in {folder}")
    return CRFTagger.load(folder, gazetteers=gazetteers)
