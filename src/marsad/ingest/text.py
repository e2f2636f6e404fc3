"""Plain-text articles: an optional header line naming outlet and byline, then the body.

Many outlets' copy starts with "الترا عراق – فريق التحرير" (ultra ʿirāq – farīq al-taḥrīr,
"Ultra Iraq – editorial team"): the outlet, a dash, the byline. That line is metadata, not
body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from marsad.arabic.normalize import normalize

_HEADER_SPLIT_RE = re.compile(r"\s+[–—\-|]\s+")
_SENTENCE_PUNCT = frozenset(".؟?!،,:؛\"«»“”")
# Words that start a byline part ("by ...", "editorial team", "correspondent").
_BYLINE_HINTS = ("فريق", "كتب", "بقلم", "محرر", "مراسل", "تحرير", "خاص", "وكالات", "اعداد")


@dataclass(frozen=True, slots=True)
class TextHeader:
    outlet: str | None
    byline: str | None


def read_header(first_line: str) -> TextHeader | None:
    """Outlet and byline from a header line, or None if the line is body text.

    >>> read_header("الترا عراق – فريق التحرير")  # ultra ʿirāq – farīq al-taḥrīr
    TextHeader(outlet='الترا عراق', byline='فريق التحرير')
    """
    line = first_line.strip()
    if not line or len(line) > 80 or any(c in _SENTENCE_PUNCT for c in line):
        return None
    parts = _HEADER_SPLIT_RE.split(line)
    if len(parts) != 2 or not all(parts):
        return None
    outlet, byline = (p.strip() for p in parts)
    if len(outlet.split()) > 5 or len(byline.split()) > 6:
        return None
    # Only treat it as a header when one side reads as a byline or both are short names.
    if not (normalize(byline).startswith(_BYLINE_HINTS) or len(line.split()) <= 6):
        return None
    return TextHeader(outlet=outlet, byline=byline)
