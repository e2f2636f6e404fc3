"""Finding every knowledge-base name in a text: an Aho-Corasick automaton over loose keys.

The automaton is built once (per `KnowledgeBase` and type filter) from the loosely
normalised names (`marsad.arabic.normalize(s, loose=True)`); a text is normalised the same
way with an offset map, scanned once, and each hit is kept only when it is a whole word,
allowing the proclitics Arabic writes before a name: و wa, ف fa, ب bi, ل li, ك ka and
their combinations ("وبالرقة", wa-bi-l-raqqa). "لل" (li-l-) swallows the article's alef
("للرقة", li-l-raqqa), so names with ال also get a key without it that is only accepted
after a lam. Overlaps are resolved longest first ("دير الزور" beats "الزور").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

import ahocorasick

from marsad.arabic.normalize import normalize, normalize_view
from marsad.kb.model import KBMatch

# Proclitic sequences allowed before a name (normalised letters).
PROCLITICS: frozenset[str] = frozenset(
    {"", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"}
)
# Before a key whose article alef was swallowed ("لرقه" in "للرقه"): the lam and its companions.
LAM_PROCLITICS: frozenset[str] = frozenset({"ل", "ول", "فل"})

_SPACE_RE = re.compile(r"\s+")
_QUOTES = ("«", "»", '"', "“", "”", "„", "‟")


def match_key(name: str) -> str:
    """The normalised form a name is indexed and looked up under.

    >>> match_key("دير  الزُّور")  # dayr al-zūr, "Deir ez-Zor"
    'دير الزور'
    """
    return _SPACE_RE.sub(" ", normalize(name, loose=True)).strip()


@dataclass(frozen=True, slots=True)
class _CharTables:
    """Per-character loose normalisation, derived from `normalize` itself so both agree."""

    pairs: tuple[tuple[str, str], ...]
    deleted: re.Pattern[str]
    dropped: re.Pattern[str]
    complex: re.Pattern[str]

    @classmethod
    def derive(cls) -> _CharTables:
        pairs: list[tuple[str, str]] = []
        deleted: list[str] = []
        # The characters normalisation touches: the hashtag joiner "_", Latin-1 spaces,
        # Arabic, general punctuation (bidi marks, thin spaces), BOM.
        for cp in [0x5F, *range(0x00A0, 0x0100), *range(0x0600, 0x0700), *range(0x2000, 0x2070),
                   0xFEFF]:
            ch = chr(cp)
            out = normalize(ch, loose=True)
            if out == ch:
                continue
            if out == "":
                deleted.append(ch)
            elif len(out) == 1:
                pairs.append((ch, out))
        deleted_re = re.compile("[" + "".join(re.escape(c) for c in deleted) + "]")
        # Quotation marks inside a name are skipped too: news writes 'قاعدة "تيفور"' and
        # 'الدولة "الإسلامية"'. Unlike harakat they never belong to the word before them.
        # So is a hashtag's "#" ("الرئيس الأميركي دونالد #ترمب").
        dropped_re = re.compile(
            "[" + "".join(re.escape(c) for c in [*deleted, *_QUOTES, "#"]) + "]")
        # Presentation forms expand to several letters: those texts take the slow path.
        complex_re = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")
        return cls(tuple(pairs), deleted_re, dropped_re, complex_re)


class _View:
    """A loosely normalised text and the map of its indices back to the original."""

    __slots__ = ("_ends", "_shift", "_starts", "deleted", "norm", "original")

    def __init__(self, text: str, tables: _CharTables) -> None:
        self.original = text
        self._starts: Sequence[int] | None = None
        self._ends: Sequence[int] | None = None
        self._shift: list[int] = []
        self.deleted = tables.deleted
        if tables.complex.search(text):
            view = normalize_view(text, loose=True)
            self.norm = view.text
            self._starts, self._ends = view.starts, view.ends
            return
        removed = [m.start() for m in tables.dropped.finditer(text)]
        if removed:
            # For the r-th removed character at original index d, every normalised index
            # >= d - r lies one further right in the original.
            self._shift = [d - r for r, d in enumerate(removed)]
            text = tables.dropped.sub("", text)
        # A few str.replace calls beat str.translate's per-character lookups several times
        # over: news text holds only a handful of the letters normalisation changes.
        for a, b in tables.pairs:
            if a in text:
                text = text.replace(a, b)
        self.norm = text

    def start(self, i: int) -> int:
        if self._starts is not None:
            return self._starts[i]
        return i + bisect.bisect_right(self._shift, i) if self._shift else i

    def end(self, i: int) -> int:
        """Original end of the normalised character `i - 1` (marks after it included)."""
        if self._ends is not None:
            return self._ends[i - 1]
        j = self.start(i - 1) + 1
        text = self.original
        while j < len(text) and self.deleted.match(text, j):
            j += 1
        return j


class Matcher:
    """Every occurrence of the given names in a text, longest match first.

    Args:
        names: for each indexing key (see `match_key`), the entry ids carrying it, best first.
        blocked: glued words that are not proclitics + a name ("وكالة", wakāla, "agency",
            is not و + "كالة", Calais); a match inside one is ignored.
    """

    def __init__(
        self, names: Mapping[str, Sequence[str]], blocked: Collection[str] = frozenset()
    ) -> None:
        self._blocked = frozenset(blocked)
        self._tables = _CharTables.derive()
        self._ids: list[tuple[str, ...]] = []
        auto = ahocorasick.Automaton()
        for key in sorted(names):
            ids = tuple(names[key])
            if not key or not ids:
                continue
            idx = len(self._ids)
            self._ids.append(ids)
            auto.add_word(key, (len(key), idx, False))
            if key.startswith("ال") and len(key) > 3:
                lam_key = key[1:]  # "الرقه" -> "لرقه", met inside "للرقه"
                if lam_key not in names and auto.get(lam_key, None) is None:
                    auto.add_word(lam_key, (len(lam_key), idx, True))
        auto.make_automaton()
        self._auto = auto
        self.size = len(self._ids)

    def find(self, text: str) -> list[KBMatch]:
        """Whole-word name occurrences in `text` (offsets into `text` itself), in text order."""
        if not text or self.size == 0:
            return []
        view = _View(text, self._tables)
        norm = view.norm
        n = len(norm)
        blocked = self._blocked
        cands: list[tuple[int, int, int, int]] = []  # (word start, end, stem start, id index)
        for end_idx, (klen, idx, lam) in self._auto.iter(norm):
            e = end_idx + 1
            if e < n and norm[e].isalnum():
                continue  # the word goes on: not a whole-word match
            s = e - klen
            ws = s
            # Back to the word's start: at most three proclitic letters may precede the name.
            while ws > 0 and norm[ws - 1].isalnum() and s - ws <= 3:
                ws -= 1
            if s - ws > 3:
                continue
            prefix = norm[ws:s]
            if lam:
                if prefix not in LAM_PROCLITICS:
                    continue
            elif prefix and (prefix not in PROCLITICS or norm[ws:e] in blocked):
                continue
            cands.append((ws, e, s, idx))
        if not cands:
            return []
        # Longest name first; on ties the earlier one.
        cands.sort(key=lambda c: (c[2] - c[1], c[0]))
        taken: list[tuple[int, int]] = []
        chosen: list[tuple[int, int, int, int]] = []
        for c in cands:
            ws, e = c[0], c[1]
            pos = bisect.bisect_left(taken, (ws, -1))
            if pos > 0 and taken[pos - 1][1] > ws:
                continue
            if pos < len(taken) and taken[pos][0] < e:
                continue
            taken.insert(pos, (ws, e))
            chosen.append(c)
        chosen.sort()
        return [
            KBMatch(view.start(ws), view.end(e), view.start(s), self._ids[idx])
            for ws, e, s, idx in chosen
        ]


def index_names(entries: Iterable[tuple[str, Iterable[str]]]) -> dict[str, list[str]]:
    """Group entry ids by key, keeping the order in which entries are given (best first)."""
    out: dict[str, list[str]] = {}
    for entry_id, names in entries:
        for name in names:
            key = match_key(name)
            if len(key) < 2:
                continue
            ids = out.setdefault(key, [])
            if entry_id not in ids:
                ids.append(entry_id)
    return out
