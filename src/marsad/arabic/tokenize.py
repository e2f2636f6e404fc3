"""Word tokenisation with clitic boundaries, keeping offsets into the original text.

A token is a run of letters, digits and the marks written on them ("بالباغوز",
bi-l-bāghūz, "in Baghouz"), or one punctuation character. Each token carries its
normalised form and, where a proclitic (و wa, ف fa, ب bi, ل li, ك ka, س sa, ال al) or a
pronoun suffix (ه، ها، هم، كم، نا ...) can be split off, the offsets of the stem, so a
mention can point at "الباغوز" inside "بالباغوز".

Splitting is ambiguous in Arabic ("وزير", wazīr, "minister", starts with و but has no
clitic), so `split_clitics` takes a `known` predicate (a vocabulary or the knowledge base)
and only strips what leaves a known word; without one it strips conservatively.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from marsad.arabic.normalize import _PRESENTATION_RE, normalize, normalize_view
from marsad.memo import remember

# Letters of the Arabic blocks, harakat and tatweel, presentation forms, Latin letters and
# digits (ASCII, Arabic-Indic, Persian), and zero-width (non-)joiners inside words.
_WORD_CHARS = (
    "0-9A-Za-z\u00c0-\u024f"
    "\u0610-\u061a\u0620-\u0669\u066e-\u06d3\u06d5-\u06ff"
    "\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc\u200c\u200d"
)
# A number may hold a decimal point or thousands separator between digits (3.5، 1,000).
TOKEN_RE = re.compile(
    rf"[{_WORD_CHARS}]+(?:[.,٫٬][0-9\u0660-\u0669\u06f0-\u06f9]+)*|[^\s_{_WORD_CHARS}]",
)

PROCLITICS_CONJ = ("و", "ف")
PROCLITICS_PREP = ("ب", "ل", "ك")
ARTICLE = "ال"
# Longest first, so "هما" is tried before "ها" and "ه".
PRONOUN_SUFFIXES = ("كما", "هما", "كم", "كن", "هم", "هن", "نا", "ها", "ه", "ك", "ي")


class Token(NamedTuple):
    """A token of the original text (immutable).

    `stem_start`/`stem_end` bound the word without its clitics (equal to start/end when
    nothing was split); `prefix` and `suffix` are the normalised clitics removed. A named
    tuple rather than a frozen dataclass: an article makes ~450 of them per tokenisation,
    and a frozen dataclass's field-by-field construction was half the tokeniser's time.
    """

    start: int
    end: int
    text: str
    norm: str
    stem_start: int
    stem_end: int
    prefix: str = ""
    suffix: str = ""
    stem: str = ""  # the normalised stem; "التحالف" for "للتحالف" (the article restored)
    # A word (letters or digits), not punctuation: read for every token by every stage, so
    # computed once here rather than as a property.
    is_word: bool = False


# Every proclitic sequence with its preposition, longest first; among equals conjunction
# before preposition, و before ف, ب before ل before ك.
_PREFIXES: tuple[tuple[str, str], ...] = tuple(sorted(
    ((c + p, p) for c in ("", *PROCLITICS_CONJ) for p in ("", *PROCLITICS_PREP) if c + p),
    key=lambda cp: -len(cp[0]),
))
_CLITIC_INITIALS = frozenset(c[0] for c, _ in _PREFIXES)


_NEW_TUPLE = tuple.__new__


def _default_known(word: str) -> bool:
    return len(word) >= 3


def split_clitics(
    norm: str, known: Callable[[str], bool] | None = None, *, suffixes: bool = False
) -> tuple[str, str, str]:
    """Split a normalised word into (proclitics, stem, suffix).

    >>> split_clitics("بالباغوز")  # bi-l-bāghūz -> bi + al-bāghūz
    ('ب', 'الباغوز', '')
    >>> split_clitics("ولقوات")  # wa-li-quwwāt -> wa + li + quwwāt
    ('ول', 'قوات', '')

    The article ال stays on the stem (names are written with it); "لل" (li-l-) becomes
    ل + ال. A split is kept only when the stem is `known` (default: three letters or more).
    """
    ok = known or _default_known
    best = ("", norm, "")
    if len(norm) < 3:
        return best
    # Prefer the longest prefix whose stem is known (so "بالباغوز" -> ب + الباغوز).
    if norm[0] in _CLITIC_INITIALS:
        for pre, prep in _PREFIXES:
            if not norm.startswith(pre):
                continue
            stem = norm[len(pre) :]
            if prep == "ل" and stem.startswith("ل") and not stem.startswith("ال"):
                stem = "ا" + stem  # لل = li + al-: restore the article's alef
            if len(stem) >= 2 and ok(stem):
                best = (pre, stem, "")
                break
    if suffixes and best[2] == "":
        pre, stem, _ = best
        for suf in PRONOUN_SUFFIXES:
            if stem.endswith(suf) and len(stem) - len(suf) >= 3 and ok(stem[: -len(suf)]):
                return pre, stem[: -len(suf)], suf
    return best


_Analysis = tuple[str, int, int, str, str, str]
# Per vocabulary predicate, each word form's analysis (see `marsad.memo`).
_ANALYSES: dict[Callable[[str], bool] | None, dict[str, _Analysis]] = {}
_ANALYSES_MAX = 200_000


def _analyse(word: str, known: Callable[[str], bool] | None) -> _Analysis:
    memo = _ANALYSES.get(known)
    if memo is None:  # at most a few: the predicates of vocabularies long gone are dropped
        memo = remember(_ANALYSES, known, {}, 16)
    out = memo.get(word)
    return out if out is not None else remember(memo, word, _analysis(word, known), _ANALYSES_MAX)


def _analysis(word: str, known: Callable[[str], bool] | None) -> _Analysis:
    norm = normalize(word)
    # Most words lose no mark and contain no ligature: then normalised and original offsets
    # coincide and the per-character offset map need not be built.
    view = None if len(norm) == len(word) and not _PRESENTATION_RE.search(word) else normalize_view(word)
    if view is not None:
        norm = view.text
    if not norm or not norm[0].isalpha():
        return norm, 0, len(word), "", "", norm
    pre, stem, suf = split_clitics(norm, known)
    s0 = len(pre)
    if pre.endswith("ل") and stem.startswith("ال") and not norm[s0:].startswith("ا"):
        # "لل" (li + al-): the article's alef is not written, so no substring spells the
        # stem; the stem span keeps the whole word ("للتحالف") rather than "لتحالف".
        s0 = 0
    e0 = len(norm) - len(suf)
    if view is None:
        start = s0 if s0 < len(norm) else len(word)
        end = max(e0, 0)
    else:
        start = view.to_original(s0, s0 + 1)[0] if s0 < len(norm) else len(word)
        end = view.to_original(e0 - 1, e0)[1] if e0 > 0 else 0
    return norm, start, end, pre, suf, stem


def tokenize(text: str, *, known: Callable[[str], bool] | None = None) -> list[Token]:
    """Split `text` into tokens with offsets (see module docstring).

    The concatenation of token texts and the whitespace between them is the input:
    `text[t.start:t.end] == t.text` for every token.
    """
    out: list[Token] = []
    for m in TOKEN_RE.finditer(text):
        word = m.group()
        s, e = m.span()
        norm, ss, se, pre, suf, stem = _analyse(word, known)
        # tuple.__new__ directly: the named tuple's own __new__ is a Python function, and
        # this runs for every token of every article (~15% of the tokeniser's time).
        out.append(_NEW_TUPLE(Token, (s, e, word, norm, s + ss, s + se, pre, suf, stem,
                                      norm[:1].isalnum())))
    return out
