"""Paragraph and sentence segmentation for Arabic news text.

Sentences end at "." "؟" "?" "!" "…" and ".." (used in Arabic headlines and speech as a
strong pause), and at every paragraph break. A full stop inside quotation marks does not
end the sentence, so a quote of several sentences stays whole; an unbalanced mark is closed
at the paragraph end, so it cannot swallow the rest of the article. Decimal numbers (3.5)
and single-letter abbreviations ("د." for duktūr, Dr.) do not end sentences.
"""

from __future__ import annotations

import re

# Opening mark -> closing mark. Straight quotes open and close with the same character.
QUOTE_PAIRS: dict[str, str] = {
    "«": "»",
    "“": "”",
    "„": "“",
    "‘": "’",
    '"': '"',
    "‹": "›",
    "”": "“",  # some outlets open with the right mark
}
CLOSING_MARKS = frozenset(["»", "”", "’", '"', "›", "“"])
_END_PUNCT = frozenset(".؟?!…")
# The characters the splitter acts on; the scan jumps from one to the next.
_ACTIVE_RE = re.compile(
    "[" + re.escape("".join(sorted(set(QUOTE_PAIRS) | set(QUOTE_PAIRS.values()) | _END_PUNCT))) + "]"
)
_PARA_RE = re.compile(r"[^\n]+")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, whitespace trimmed."""
    out = []
    for m in _PARA_RE.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _is_abbrev(text: str, i: int, start: int) -> bool:
    """A '.' after a lone letter (د. ، أ.) or between digits is not a sentence end."""
    if 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
        return True
    j = i - 1
    return bool(j >= start and text[j].isalpha() and (j == start or not text[j - 1].isalpha()))


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, trimmed; they cover every non-space character."""
    out: list[tuple[int, int]] = []
    for ps, pe in paragraphs(text):
        out.extend(_split_paragraph(text, ps, pe))
    return out


def _split_paragraph(text: str, ps: int, pe: int) -> list[tuple[int, int]]:
    spans = []
    start = ps
    stack: list[str] = []
    # End of the last scanned run of closing punctuation: a position inside that run scans
    # to the same end, so a long run ("......", ".»..»") is read once, not once per mark.
    run_to = -1
    i = ps
    while i < pe:
        ch = text[i]
        if stack and ch == stack[-1]:
            stack.pop()
            # A quote that closes right after its own full stop ends the sentence too.
            if not stack and i > ps and text[i - 1] in _END_PUNCT and (i + 1 >= pe or text[i + 1].isspace()):
                spans.append((start, i + 1))
                j = i + 1
                while j < pe and text[j].isspace():
                    j += 1
                start = j
                i = j
                continue
        elif ch in QUOTE_PAIRS and (ch != '"' or not stack or stack[-1] != '"'):
            if ch in ("”", "“") and not stack and not _opens(text, i, pe):
                pass  # a stray closing mark
            else:
                stack.append(QUOTE_PAIRS[ch])
        elif ch in _END_PUNCT and not stack:
            if ch == "." and _is_abbrev(text, i, ps):
                i += 1
                continue
            if i < run_to:
                j = run_to
            else:
                j = i + 1
                while j < pe and (text[j] in _END_PUNCT or text[j] in CLOSING_MARKS or text[j] == ")"):
                    j += 1
                run_to = j
            # The sentence ends here only if the next word starts after whitespace.
            if j >= pe or text[j].isspace():
                spans.append((start, j))
                while j < pe and text[j].isspace():
                    j += 1
                start = j
                i = j
                continue
        # Nothing between here and the next active character changes the state.
        nxt = _ACTIVE_RE.search(text, i + 1, pe)
        i = nxt.start() if nxt else pe
        # A quote left open for too long is probably unbalanced: let the sentence go on
        # being split after 600 characters inside it.
        if stack and i - start > 600:
            stack.clear()
    if start < pe:
        spans.append((start, pe))
    return [(s, e) for s, e in spans if e > s]


def _opens(text: str, i: int, end: int) -> bool:
    """Whether a curly mark at i looks like an opening mark (followed by a letter)."""
    return i + 1 < end and not text[i + 1].isspace()
