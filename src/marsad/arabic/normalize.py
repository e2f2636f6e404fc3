"""Arabic normalisation as a view over the original text, with an offset map back.

Normalisation changes the length of the string (harakat and tatweel go, a presentation-form
ligature such as U+FEFB "ﻻ" becomes two letters), so every normalised view carries, for each
of its characters, the range of original characters it came from. Spans found in the view are
mapped back with `NormalizedText.to_original`.

Two strengths:
- `normalize(text)`: the matching form used by stages: harakat, tatweel, bidi and zero-width
  marks removed; alef forms (أ إ آ ٱ) to ا; alef maqsura ى to ي; Arabic-Indic and Persian
  digits to ASCII; Persian kaf/yeh to Arabic; presentation forms decomposed.
- `normalize(text, loose=True)`: also ta marbuta ة to ه and hamza on carriers (ؤ ئ) to the bare
  carrier; used for search keys and knowledge-base lookup, where "القاعدة" (al-qāʿida) must
  meet "القاعده".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from marsad.memo import remember

# Harakat (fathatan..sukun), superscript alef, Quranic marks: removed.
_HARAKAT = [chr(c) for c in range(0x064B, 0x0660)] + ["\u0670"] + [
    chr(c) for c in range(0x06D6, 0x06EE) if c not in (0x06E5, 0x06E6)
]
_TATWEEL = "\u0640"
# Bidi controls, zero-width characters, BOM, Arabic letter mark: removed.
_INVISIBLE = [
    "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d",
    "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\ufeff", "\u061c", "\u00ad",
]
_DELETE = frozenset([*_HARAKAT, _TATWEEL, *_INVISIBLE])

_BASE_MAP: dict[str, str] = {
    "\u0623": "\u0627",  # أ alef with hamza above
    "\u0625": "\u0627",  # إ alef with hamza below
    "\u0622": "\u0627",  # آ alef with madda
    "\u0671": "\u0627",  # ٱ alef wasla
    "\u0672": "\u0627", "\u0673": "\u0627",
    "\u0649": "\u064a",  # ى alef maqsura -> ي
    "\u06cc": "\u064a",  # Persian yeh
    "\u06d2": "\u064a",  # yeh barree
    "\u06a9": "\u0643",  # Persian keheh -> kaf
    "\u06af": "\u0643",  # gaf (loanwords) -> kaf
    "\u06c1": "\u0647",  # heh goal
    "\u06d5": "\u0647",  # ae
    # "_" joins the words of a hashtag ("#كوريا_الشمالية", North Korea): a space.
    "_": " ",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ",
}
for _i in range(10):
    _BASE_MAP[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic digits
    _BASE_MAP[chr(0x06F0 + _i)] = str(_i)  # Persian digits

_LOOSE_MAP: dict[str, str] = {
    **_BASE_MAP,
    "\u0629": "\u0647",  # ة ta marbuta -> ه
    "\u0624": "\u0648",  # ؤ -> و
    "\u0626": "\u064a",  # ئ -> ي
}


@lru_cache(maxsize=4096)
def _presentation(ch: str) -> str:
    """Decompose presentation forms and other compatibility characters (ﻻ -> لا)."""
    return unicodedata.normalize("NFKC", ch)


def _is_presentation(ch: str) -> bool:
    o = ord(ch)
    return 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF


_PRESENTATION_RE = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")


def _map_char(ch: str, table: dict[str, str]) -> str | None:
    """The normalised string for one character, or None if it is deleted."""
    if ch in _DELETE:
        return None
    if _is_presentation(ch):
        out = "".join(table.get(c, c) for c in _presentation(ch) if c not in _DELETE)
        return out
    return table.get(ch, ch)


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """A normalised string and, per character, the original range `[starts[i], ends[i])`."""

    original: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        # Pickled through the constructor: a compiled (mypyc) frozen class cannot be
        # restored attribute by attribute, as the default protocol does.
        return (type(self), (self.original, self.text, self.starts, self.ends))

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span `[start, end)` of the normalised text to the original text.

        Characters deleted by normalisation (harakat after the last letter) are included,
        so that the original span covers the whole written word.
        """
        if start >= end:
            pos = self.starts[start] if start < len(self.starts) else len(self.original)
            return pos, pos
        return self.starts[start], self.ends[end - 1]

    def from_original(self, start: int, end: int) -> tuple[int, int]:
        """The smallest normalised span covering the original `[start, end)`."""
        import bisect

        s = bisect.bisect_left(self.ends, start + 1)
        e = bisect.bisect_left(self.starts, end)
        return s, max(s, e)


def _build(text: str, table: dict[str, str]) -> NormalizedText:
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for j, ch in enumerate(text):
        mapped = _map_char(ch, table)
        if not mapped:
            if ends:
                ends[-1] = j + 1  # deleted marks belong to the letter before them
            continue
        for c in mapped:
            out.append(c)
            starts.append(j)
            ends.append(j + 1)
    return NormalizedText(text, "".join(out), tuple(starts), tuple(ends))


def normalize_view(text: str, *, loose: bool = False) -> NormalizedText:
    """Normalise `text` and keep the offset map (see module docstring for `loose`)."""
    return _build(text, _LOOSE_MAP if loose else _BASE_MAP)


_DELETE_TABLE = {ord(c): None for c in _DELETE}
_BASE_TRANS = {**_DELETE_TABLE, **{ord(k): v for k, v in _BASE_MAP.items()}}
_LOOSE_TRANS = {**_DELETE_TABLE, **{ord(k): v for k, v in _LOOSE_MAP.items()}}


# For long strings a few str.replace calls beat str.translate, which looks every character
# up in a dict (150 characters: 28 µs against 7): a sentence holds few of the letters
# normalisation changes. No replacement yields a letter another one replaces, so the
# order of the calls does not matter (a test checks both against `translate`).
_DELETE_RE = re.compile("[" + "".join(re.escape(c) for c in _DELETE) + "]")
_BASE_PAIRS = tuple(_BASE_MAP.items())
_LOOSE_PAIRS = tuple(_LOOSE_MAP.items())


def _normalize(text: str, loose: bool) -> str:
    if _PRESENTATION_RE.search(text):
        return normalize_view(text, loose=loose).text
    if len(text) <= _WORD_CHARS_MAX:
        return text.translate(_LOOSE_TRANS if loose else _BASE_TRANS)
    if _DELETE_RE.search(text):
        text = _DELETE_RE.sub("", text)
    for a, b in _LOOSE_PAIRS if loose else _BASE_PAIRS:
        if a in text:
            text = text.replace(a, b)
    return text


# Stages and the tagger normalise the same few thousand word forms over and over (about
# 1,500 calls per article); a bounded memo per strength halves the cost of a call.
_WORD_CHARS_MAX = 32


# See `marsad.memo`.
_MEMO_MAX = 100_000
_BASE_MEMO: dict[str, str] = {}
_LOOSE_MEMO: dict[str, str] = {}


def _base_word(word: str) -> str:
    out = _BASE_MEMO.get(word)
    return out if out is not None else remember(_BASE_MEMO, word, _normalize(word, False), _MEMO_MAX)


def _loose_word(word: str) -> str:
    out = _LOOSE_MEMO.get(word)
    return out if out is not None else remember(_LOOSE_MEMO, word, _normalize(word, True), _MEMO_MAX)


def normalize(text: str, *, loose: bool = False) -> str:
    """Normalise a string without keeping offsets (fast path for keys and queries).

    >>> normalize("أَبُو بَكْرٍ")  # ʾabū bakr, "Abu Bakr"
    'ابو بكر'
    """
    if len(text) <= _WORD_CHARS_MAX:
        return _loose_word(text) if loose else _base_word(text)
    return _normalize(text, loose)


def strip_diacritics(text: str) -> str:
    """Remove harakat and tatweel only (what the gold scoring rules compare on)."""
    return text.translate({ord(c): None for c in [*_HARAKAT, _TATWEEL]})
