"""Search keys: one form per word so that spelling variants and clitics meet.

The same function runs when text is indexed and when a query is read, so whatever it
conflates, it conflates on both sides: "بالباغوز" (bi-l-bāghūz, "in Baghouz"), "الباغوز" and
"باغوز" all become "باغوز"; "القاعدة" and "القاعده" become "قاعده".
"""

from __future__ import annotations

import re
from functools import lru_cache

from marsad.arabic.normalize import normalize
from marsad.arabic.tokenize import TOKEN_RE

_LETTER_RE = re.compile(r"\w", re.UNICODE)


_PROCLITICS = ("و", "ف", "ب", "ل", "ك")


def _strip_article(w: str) -> str:
    return w[2:] if w.startswith("ال") and len(w) > 4 else w


@lru_cache(maxsize=100_000)
def search_key(word: str) -> str:
    """The search key of one word: loose normalisation, then clitics written before the
    article and the article itself removed ("بالباغوز", "الباغوز" -> "باغوز").

    Clitics not followed by the article stay: "فرنسا" (faransā, France) starts with a letter
    that only looks like the clitic fa-. `index_keys` adds the stripped variants to the
    index so that "داعش" still finds "وداعش".

    >>> search_key("بالباغوز")  # bi-l-bāghūz
    'باغوز'
    """
    norm = normalize(word, loose=True).lower()
    if not norm or not ("\u0600" <= norm[0] <= "\u06ff"):
        return norm
    i = 0
    while i < 2 and len(norm) > i + 3 and norm[i] in _PROCLITICS:
        i += 1
        if norm.startswith("ال", i) or (norm[i - 1] == "ل" and norm.startswith("ل", i)):
            break
    else:
        i = 0
    rest = norm[i:]
    if i and norm[i - 1] == "ل" and rest.startswith("ل") and not rest.startswith("ال"):
        rest = "ا" + rest  # لل = li + al-
    if not rest.startswith("ال"):
        rest = norm
    return _strip_article(rest)


@lru_cache(maxsize=100_000)
def index_keys(word: str) -> tuple[str, ...]:
    """Every key a word is indexed under: its search key and its clitic-stripped variants."""
    key = search_key(word)
    out = [key]
    norm = normalize(word, loose=True).lower()
    if norm and "\u0600" <= norm[0] <= "\u06ff":
        for n in (1, 2):
            if len(norm) - n >= 3 and all(c in _PROCLITICS for c in norm[:n]):
                v = _strip_article(norm[n:])
                if v not in out:
                    out.append(v)
    return tuple(out)


def index_text(text: str) -> str:
    """The text as a sequence of search keys (what goes into the FTS index)."""
    return " ".join(
        k for m in TOKEN_RE.finditer(text) if _LETTER_RE.match(m.group()) for k in index_keys(m.group())
    )


_FTS_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})


def query_terms(query: str) -> list[str]:
    """The keys of a user's query; FTS operators, quotes and punctuation are dropped."""
    words = [m.group() for m in TOKEN_RE.finditer(query)]
    return [k for k in (search_key(w) for w in words if _LETTER_RE.match(w) and w not in _FTS_OPERATORS) if k]


def fts_match(query: str) -> str | None:
    """An FTS5 MATCH expression requiring every query word, each as a quoted string.

    User input can neither break the expression nor widen it: keys are letters and digits
    only, and each is wrapped in double quotes.
    """
    terms = [t.replace('"', "") for t in query_terms(query)]
    terms = [t for t in terms if t]
    if not terms:
        return None
    return " ".join(f'"{t}"' for t in terms)
