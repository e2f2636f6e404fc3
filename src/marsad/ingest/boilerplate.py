"""Boilerplate removal for article bodies.

Outlets put "read also" boxes inside the body ("اقرأ أيضا", iqraʾ ayḍan, "read also";
"اقرأ/ي أيضًا" in the gender-inclusive spelling; "اقرأ المزيد", "شاهد أيضا"). The box and
the titles under it leave the body and become `Related` entries. Share, follow and
copyright lines ("تابعونا على", "جميع الحقوق محفوظة") are dropped. What remains is the text
every annotation offset points into.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from marsad.arabic.normalize import normalize
from marsad.document import Related

# Matched on the normalised line (hamza/alef forms, harakat and tatweel already folded).
_READ_ALSO_RE = re.compile(
    r"^\s*[\[(«\"']?\s*(?:"
    r"اقرا(?:\s*/\s*[يى])?\s+(?:ايضا|ايضاً|كذلك)"
    r"|اقرا\s+المزيد|اقرا\s+اكثر|اقرا\s+ايضا|شاهد(?:\s*/\s*[يى])?\s+(?:ايضا|كذلك)"
    r"|شاهدوا\s+ايضا|طالع(?:\s*/\s*[يى])?\s+ايضا|للمزيد(?:\s+اقرا)?|مواضيع\s+ذات\s+صله"
    r"|اخبار\s+ذات\s+صله|قد\s+يهمك(?:\s+ايضا)?|اقرا\s+ذلك\s+ايضا|ذات\s+صله|read\s+(?:also|more)"
    r")\s*[:：\-–—.]*\s*[\])»\"']?\s*[:：\-–—]?\s*",
    re.IGNORECASE,
)
_DROP_RE = re.compile(
    r"^\s*(?:"
    r"تابعونا|تابعوا|تابعنا|شارك(?:وا)?\s+(?:هذا|المقال|الخبر|على)|شارك\s*$|مشاركة\s*:?$"
    r"|جميع\s+الحقوق\s+محفوظه|كل\s+الحقوق\s+محفوظه|حقوق\s+النشر|©|copyright|all\s+rights\s+reserved"
    r"|اشترك(?:وا)?\s+(?:في|ب)|حمل(?:وا)?\s+تطبيق|لمتابعه\s+اخر\s+الاخبار"
    r"|انضم(?:وا)?\s+(?:الي|الى)\s+(?:قناتنا|صفحتنا)|share\s+this|follow\s+us"
    r")",
    re.IGNORECASE,
)
_MAX_TITLE_LEN = 200


@dataclass(frozen=True, slots=True)
class CleanBody:
    text: str
    related: tuple[Related, ...]
    dropped: tuple[str, ...]


def _looks_like_title(line: str) -> bool:
    """A related-article title: one short line that does not end like a body sentence."""
    s = line.strip()
    return 0 < len(s) <= _MAX_TITLE_LEN and not s.endswith((".", "،", ":"))


def clean_body(text: str) -> CleanBody:
    """Split `text` into body lines, related titles and dropped boilerplate lines."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    body: list[str] = []
    related: list[Related] = []
    dropped: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        norm = normalize(line, loose=True)
        m = _READ_ALSO_RE.match(norm)
        if m and _marker_is_whole_prefix(norm, m.end()):
            rest = _strip_marks(line[_orig_offset(line, m.end()) :])
            dropped.append(line)
            if rest:
                related.append(Related(title=rest))
            else:
                # Titles follow on the next lines: take the first, then any further short
                # lines that also read as titles (a box can list several).
                j = i + 1
                while j < len(lines) and not lines[j].strip():
                    j += 1
                taken = 0
                while j < len(lines) and _looks_like_title(lines[j]) and taken < 3:
                    if taken and len(lines[j].strip()) > 120:
                        break
                    related.append(Related(title=_strip_marks(lines[j])))
                    dropped.append(lines[j])
                    taken += 1
                    j += 1
                    if j < len(lines) and not lines[j].strip():
                        break
                i = j
                continue
            i += 1
            continue
        if _DROP_RE.match(norm) and len(line) < 300:
            dropped.append(line)
            i += 1
            continue
        body.append(line.rstrip())
        i += 1
    # Collapse runs of blank lines left behind, trim the ends.
    out: list[str] = []
    for line in body:
        if not line.strip() and (not out or not out[-1].strip()):
            continue
        out.append(line)
    while out and not out[-1].strip():
        out.pop()
    return CleanBody("\n".join(out), tuple(related), tuple(dropped))


def _marker_is_whole_prefix(norm: str, end: int) -> bool:
    """The marker is the start of a box, not the first words of a body sentence."""
    rest = norm[end:]
    head = norm[:end]
    return ":" in head or "：" in head or not rest.strip() or len(norm) <= _MAX_TITLE_LEN


def _orig_offset(line: str, norm_end: int) -> int:
    """The offset in `line` matching offset `norm_end` of its normalised form."""
    from marsad.arabic.normalize import normalize_view

    view = normalize_view(line, loose=True)
    if norm_end >= len(view.text):
        return len(line)
    return view.starts[norm_end]


def _strip_marks(s: str) -> str:
    return s.strip().strip(":：-–—|،,").strip()
