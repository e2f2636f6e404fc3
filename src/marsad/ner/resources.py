"""Bundled NER resources: word clusters, the frequent-word vocabulary, the gazetteer.

All files live in ``marsad/data/ner/`` (or a model folder given by the caller) and are
built offline: clusters and vocabulary by ``scripts/build_clusters.py`` from unlabelled news,
the gazetteer by `marsad.ner.train.build_gazetteer` from the GATE Arabic lists and AQMAR
training names. Loading does no network access and never reads ``../shared``.
"""

from __future__ import annotations

import bisect
import gzip
import itertools
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.arabic.normalize import normalize
from marsad.errors import ResourceError
from marsad.memo import remember

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "ner"
MAX_GAZ_WORDS = 6


def norm_word(token: str) -> str:
    """The key for word-level resources: `normalize` plus Latin lower-casing."""
    return normalize(token).lower()


# Bound of the per-word memos (see `marsad.memo`).
_MEMO_MAX = 200_000


def loose_word(token: str) -> str:
    """The key for gazetteer lookup: loose normalisation (ة -> ه, ؤ -> و, ئ -> ي)."""
    return normalize(token, loose=True).lower()


def _open_lines(path: Path) -> list[str]:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            return fh.read().splitlines()
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise ResourceError(
            f"cannot read NER resource {path}: {exc}; rebuild it with scripts/build_clusters.py "
            "or `marsad train ner`"
        ) from exc


def load_vocabulary(path: str | Path | None = None) -> frozenset[str]:
    """Frequent normalised word forms (for `marsad.arabic.tokenize(text, known=vocab.__contains__)`).

    A stem counts as a word when it is here, so "وزير" (wazīr, "minister") stays whole
    while "بالباغوز" (bi-l-bāghūz) splits to ب + الباغوز.
    """
    p = Path(path) if path else DATA_DIR / "vocab.txt.gz"
    return frozenset(w for w in _open_lines(p) if w)


def load_word_ranks(path: str | Path | None = None) -> dict[str, int]:
    """The vocabulary's frequency ranks (0 = most frequent; the file lists words most
    frequent first): whether "الحوثيين" (al-ḥūthiyyīn) is far more frequent than its bare
    "حوثيين" tells a name from a common noun such as "القاعدة" / "قاعدة" (the base)."""
    p = Path(path) if path else DATA_DIR / "vocab.txt.gz"
    return {w: i for i, w in enumerate(w for w in _open_lines(p) if w)}


@dataclass(frozen=True)
class Clusters:
    """Word -> cluster ids at several granularities (k-means over word2vec vectors)."""

    table: Mapping[str, tuple[int, ...]]
    sizes: tuple[int, ...] = (64, 256, 1024)

    def get(self, word: str) -> tuple[int, ...] | None:
        return self.table.get(word)


def load_clusters(path: str | Path | None = None) -> Clusters:
    """Read ``clusters.tsv.gz`` (``word<TAB>c64<TAB>c256<TAB>c1024``)."""
    p = Path(path) if path else DATA_DIR / "clusters.tsv.gz"
    table: dict[str, tuple[int, ...]] = {}
    for line in _open_lines(p):
        word, *ids = line.split("\t")
        if ids:
            table[word] = tuple(int(i) for i in ids)
    return Clusters(table)


@dataclass(frozen=True)
class Gazetteer:
    """Multi-word name lists keyed by loosely normalised phrases, matched longest-first.

    Labels are coarse classes (PER LOC ORG MISC FAC) or name parts (GIVEN, SURNAME, TITLE,
    TIME). `__call__` returns, for each token of a sentence, features such as ``B-LOC`` /
    ``I-LOC`` for the longest list phrase covering it; the first word of a phrase may carry
    clitics (و ف ب ل ك), so "وبغداد" (wa-baghdād) matches "بغداد".
    """

    entries: Mapping[str, frozenset[str]]
    first_words: frozenset[str] = field(default=frozenset())
    _starts: Any = field(default=None, init=False, repr=False, compare=False)
    _token_openers: Any = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Per instance: which clitic variants of a word can open a phrase. Most words open
        # none, and are then passed over with one cached lookup.
        object.__setattr__(self, "_starts", {})
        object.__setattr__(self, "_token_openers", {})

    def _openers(self, key: str) -> tuple[str, ...]:
        return tuple(f for f in _clitic_variants(key) if f in self.first_words or f in self.entries)

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]]) -> Gazetteer:
        table: dict[str, set[str]] = {}
        for phrase, label in pairs:
            key = " ".join(loose_word(w) for w in phrase.split())
            if key and len(key.split()) <= MAX_GAZ_WORDS:
                table.setdefault(key, set()).add(label)
        frozen = {k: frozenset(v) for k, v in table.items()}
        return cls(frozen, frozenset(k.split()[0] for k in frozen))

    def dump(self, path: Path) -> None:
        """Write ``phrase<TAB>LABEL,LABEL`` lines, sorted (deterministic bytes)."""
        with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
            for k in sorted(self.entries):
                gz.write(f"{k}\t{','.join(sorted(self.entries[k]))}\n".encode())

    @classmethod
    def load(cls, path: str | Path | None = None) -> Gazetteer:
        p = Path(path) if path else DATA_DIR / "gazetteer.tsv.gz"
        pairs: list[tuple[str, str]] = []
        for line in _open_lines(p):
            phrase, _, labels = line.partition("\t")
            pairs.extend((phrase, lab) for lab in labels.split(",") if lab)
        return cls.from_pairs(pairs)

    def __call__(self, tokens: Sequence[str]) -> list[tuple[str, ...]]:
        # One cached lookup per token gives its key and the clitic variants that open a
        # phrase; positions that open nothing (most) are passed over.
        memo: dict[str, tuple[str, tuple[str, ...]]] = self._token_openers
        keys: list[str] = []
        opens: list[tuple[str, ...]] = []
        for t in tokens:
            info = memo.get(t)
            if info is None:
                key = loose_word(t)
                info = remember(memo, t, (key, self._openers_of(key)), _MEMO_MAX)
            keys.append(info[0])
            opens.append(info[1])
        return self._match(keys, opens)

    def _openers_of(self, key: str) -> tuple[str, ...]:
        memo: dict[str, tuple[str, ...]] = self._starts
        out = memo.get(key)
        return out if out is not None else remember(memo, key, self._openers(key), _MEMO_MAX)

    def match(self, keys: Sequence[str]) -> list[tuple[str, ...]]:
        """Per-token features for already loosely normalised tokens."""
        return self._match(keys, [self._openers_of(k) for k in keys])

    def _match(self, keys: Sequence[str], opens: Sequence[tuple[str, ...]]) -> list[tuple[str, ...]]:
        out: list[tuple[str, ...]] = [() for _ in keys]
        n = len(keys)
        entries = self.entries
        i = 0
        while i < n:
            if not opens[i]:
                i += 1
                continue
            found = 0
            labels: frozenset[str] = frozenset()
            for first in opens[i]:
                for j in range(min(n, i + MAX_GAZ_WORDS), i, -1):
                    phrase = " ".join([first, *keys[i + 1 : j]]) if j > i + 1 else first
                    hit = entries.get(phrase)
                    if hit and j - i > found:
                        found, labels = j - i, hit
                        break
            if found:
                for k in range(i, i + found):
                    pos = "B" if k == i else "I"
                    out[k] = tuple(f"{pos}-{lab}" for lab in sorted(labels))
                i += found
            else:
                i += 1
        return out


_PROCLITICS = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك")
# Most words start with no proclitic letter: they are passed over with one lookup.
_PROCLITICS_BY_INITIAL = {c: tuple(p for p in _PROCLITICS if p[0] == c) for c in "وفبلك"}


def _clitic_variants(key: str) -> tuple[str, ...]:
    """The word and the word without each plausible proclitic sequence (longest last)."""
    out = [key]
    for pre in _PROCLITICS_BY_INITIAL.get(key[:1], ()):
        if key.startswith(pre) and len(key) - len(pre) >= 2:
            rest = key[len(pre) :]
            out.append(rest)
            if pre.endswith("ل") and rest.startswith("ل"):
                out.append("ا" + rest)  # لل = li + al-: the article's alef is not written
    return tuple(out)


@dataclass(frozen=True)
class KBGazetteer:
    """Knowledge-base membership as gazetteer features (``kb=B-GPE``, ``kb=I-ORG`` ...).

    `kb` is a `marsad.kb.KnowledgeBase`; its matcher finds names with clitics attached
    ("بالباغوز", bi-l-bāghūz). The tokens are joined with spaces and each match is mapped back
    to the tokens it covers. A name the KB marks as also being a common word gets the label
    with a ``~`` suffix, so the tagger can learn to trust it less.
    """

    kb: Any

    def __call__(self, tokens: Sequence[str]) -> list[tuple[str, ...]]:
        return self.many([tokens])[0]

    def many(self, sentences: Sequence[Sequence[str]]) -> list[list[tuple[str, ...]]]:
        """`__call__` for each sentence, with one pass of the matcher over the document.

        Sentences are joined by a newline, which no name spans and no word runs across, so
        each sentence gets exactly the matches it would get alone.
        """
        spans: list[list[tuple[int, int]]] = []
        pos = 0
        for tokens in sentences:
            row = []
            for t in tokens:
                row.append((pos, pos + len(t)))
                pos += len(t) + 1
            spans.append(row)
        text = "\n".join(" ".join(tokens) for tokens in sentences)
        return self._labels(text, spans, self.kb.matcher().find(text))

    def from_matches(self, text: str, sentences: Sequence[Sequence[Any]],
                     matches: Iterable[Any]) -> list[list[tuple[str, ...]]]:
        """The same labels from matches already found in the article's own `text`.

        `sentences` hold tokens with ``start``/``end`` offsets into `text`
        (`marsad.arabic.Token`); `matches` are the KB matcher's over the whole text, which the
        entities stage computes anyway. The tokens are the text's own, so this spares a
        second pass of the matcher; a name split by a line break or glued to punctuation is
        met as the matcher meets it in the article.
        """
        return self._labels(text, [[(t.start, t.end) for t in s] for s in sentences], matches)

    def _labels(self, text: str, spans: Sequence[Sequence[tuple[int, int]]],
                matches: Iterable[Any]) -> list[list[tuple[str, ...]]]:
        """Per token of each sentence (`spans`: token offsets into `text`), the labels of the
        matches covering it: ``B-TYPE`` on the first token, ``I-TYPE`` after."""
        starts = [a for row in spans for a, _ in row]
        ends = [b for row in spans for _, b in row]
        # Labels only for the few tokens a match covers (a set per token of the document
        # cost more than the matching itself).
        flat: dict[int, set[str]] = {}
        kb = self.kb
        for m in matches:
            entry = kb.get(m.entry_ids[0]) if m.entry_ids else None
            if entry is None or kb.is_link_only(entry.id):
                continue
            label = entry.type
            if kb.is_ambiguous(entry.id, text[m.stem_start : m.end]):
                label += "~"
            first = bisect.bisect_right(starts, m.start) - 1
            if first < 0 or ends[first] <= m.start:
                first += 1  # the match starts between tokens
            i = first
            while 0 <= i < len(starts) and starts[i] < m.end:
                got = flat.get(i)
                if got is None:
                    got = flat[i] = set()
                got.add(("B-" if i == first else "I-") + label)
                i += 1
        none: tuple[str, ...] = ()
        out: list[list[tuple[str, ...]]] = [[none] * len(row) for row in spans]
        if flat:
            offsets = list(itertools.accumulate((len(row) for row in spans), initial=0))
            for i, labels in flat.items():
                si = bisect.bisect_right(offsets, i) - 1
                out[si][i - offsets[si]] = tuple(sorted(labels))
        return out
