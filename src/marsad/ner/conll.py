"""CoNLL files: reading (with tag-set mapping), writing tagged output, conlleval scoring.

A file holds one ``token TAG`` pair per line (space- or tab-separated; extra columns are
allowed, the tag is the last one), a blank line between sentences. Tags from the corpora we
use are mapped to four coarse types, PER LOC ORG MISC, in IOB2:

- ANERcorp: PERS -> PER, plus the tag typos its SOURCE.md lists (B-ERS, B-PRG, IPERS ...);
- AQMAR: MIS0-MIS3 (and the typos MIS, MIS-1, MISS1, "MIS1`") -> MISC, I--ORG -> I-ORG,
  OO/IO -> O, ENGLISH/SPANISH -> O;
- NewsFANE fine-grained classes -> their top level (Politician -> PER, Nation -> LOC,
  Media -> ORG, Book -> MISC ...).

Scoring follows conlleval: an entity is a maximal run started by B-X, or by I-X after a
different tag; a prediction counts only when type, start and end all match (micro P/R/F1).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from marsad.errors import InputError

log = logging.getLogger(__name__)

TYPES = ("PER", "LOC", "ORG", "MISC")

# NewsFANE / FANE fine-grained classes (Alotaibi & Lee 2014) -> coarse type. GPE and LOC
# both become LOC, as ANERcorp tags countries and cities as LOC; facilities too (ANERcorp
# tags named buildings and airports as LOC); products, vehicles and weapons are MISC.
_FANE: dict[str, str] = {
    **dict.fromkeys(
        ("Politician", "Athlete", "Artist", "Other_PER", "Religious_PER", "Scientist",
         "Businessperson", "Lawyer", "Engineer", "Police", "Group"), "PER"),
    **dict.fromkeys(
        ("Non-Governmental", "Sports", "Government", "Media", "Commercial", "Educational",
         "Medical-Science", "Entertainment", "Religious_ORG"), "ORG"),
    **dict.fromkeys(
        ("Nation", "Population-Center", "GPE-Cluster", "State-or-Province", "Continent",
         "County-or-District", "Water-Body", "Land-Region-Natural", "Building-Grounds",
         "Airport", "Path", "Subarea-Facility", "Plant", "Special", "Celestial",
         "Region-General", "Region-International", "Address", "Boundary"), "LOC"),
    **dict.fromkeys(
        ("Book", "Movie", "Software", "Hardware", "Food", "Drug", "Projectile", "Shooting",
         "Land", "Air", "Water", "Subarea-Vehicle", "Chemical", "Biological", "Nuclear",
         "Blunt", "Exploding", "Sharp", "Underspecified"), "MISC"),
}
_COARSE: dict[str, str] = {
    "PER": "PER", "PERS": "PER", "ERS": "PER", "PERs": "PER",
    "LOC": "LOC", "GPE": "LOC",
    "ORG": "ORG", "ORF": "ORG", "OEG": "ORG", "PRG": "ORG", "-ORG": "ORG",
    "MISC": "MISC", "MIS": "MISC", "MSIC": "MISC", "misc": "MISC", "MISS1": "MISC",
    "MIS0": "MISC", "MIS1": "MISC", "MIS2": "MISC", "MIS3": "MISC", "MIS-1": "MISC",
    "MIS-2": "MISC", "MIS1`": "MISC", "MIS-0": "MISC", "MIS-3": "MISC",
}
_OUTSIDE = frozenset({"O", "o", "OO", "IO", "0", "B-ENGLISH", "I-ENGLISH", "B-SPANISH", "I-SPANISH"})


def coarse_tag(tag: str) -> str:
    """Map one corpus tag to IOB over PER/LOC/ORG/MISC (``O`` for anything unknown).

    >>> coarse_tag("B-PERS"), coarse_tag("I-MIS2"), coarse_tag("B-Politician"), coarse_tag("OO")
    ('B-PER', 'I-MISC', 'B-PER', 'O')
    """
    tag = tag.strip()
    if tag in _OUTSIDE or not tag:
        return "O"
    if tag.startswith("IPERS"):
        return "I-PER"
    if tag == "B-LOCI-PERS":  # an ANERcorp typo documented in its SOURCE.md
        return "I-PER"
    prefix, sep, label = tag.partition("-")
    if not sep or prefix.upper() not in ("B", "I"):
        log.debug("unknown tag %r mapped to O", tag)
        return "O"
    coarse = _COARSE.get(label) or _COARSE.get(label.upper()) or _FANE.get(label)
    if coarse is None:
        log.debug("unknown tag %r mapped to O", tag)
        return "O"
    return f"{prefix.upper()}-{coarse}"


@dataclass(frozen=True, slots=True)
class Sentence:
    """One CoNLL sentence: tokens, their (coarse, IOB2) tags, and its document number
    (incremented at each ``-DOCSTART-`` line; 0 throughout a file without them)."""

    tokens: tuple[str, ...]
    tags: tuple[str, ...]
    doc: int = 0

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        # Pickled through the constructor: a compiled (mypyc) frozen class cannot be
        # restored attribute by attribute, as the default protocol does.
        return (type(self), (self.tokens, self.tags, self.doc))


def to_iob2(tags: Sequence[str]) -> list[str]:
    """Repair IOB1-style or broken runs: an I-X that does not continue an X becomes B-X."""
    out: list[str] = []
    prev = "O"
    for t in tags:
        if t[:2] == "I-" and prev[2:] != t[2:]:
            t = "B-" + t[2:]
        out.append(t)
        prev = t
    return out


def to_bioes(tags: Sequence[str]) -> list[str]:
    """IOB2 -> BIOES: ``S-X`` marks a one-token entity, ``E-X`` the last token of a longer one.

    The CRF learns these finer labels (its first-order transitions then see where a name
    ends); `from_bioes` maps its output back.

    >>> to_bioes(["B-PER", "I-PER", "O", "B-LOC", "B-ORG", "I-ORG", "I-ORG"])
    ['B-PER', 'E-PER', 'O', 'S-LOC', 'B-ORG', 'I-ORG', 'E-ORG']
    """
    out = list(tags)
    n = len(tags)
    for i, t in enumerate(tags):
        if t == "O":
            continue
        cont = i + 1 < n and tags[i + 1] == "I-" + t[2:]
        if t.startswith("B-"):
            out[i] = t if cont else "S-" + t[2:]
        elif not cont:
            out[i] = "E-" + t[2:]
    return out


def from_bioes(tags: Sequence[str]) -> list[str]:
    """BIOES (or IOB2, unchanged) -> IOB2, repaired with `to_iob2`.

    >>> from_bioes(["B-PER", "E-PER", "O", "S-LOC", "E-ORG"])
    ['B-PER', 'I-PER', 'O', 'B-LOC', 'B-ORG']
    """
    if list(tags).count("O") == len(tags):
        return list(tags)  # most sentences of news name nobody the tagger finds
    # A BIOES label maps by its first letter: S- to B-, E- to I-.
    return to_iob2(["B" + t[1:] if t[:2] == "S-" else "I" + t[1:] if t[:2] == "E-" else t
                    for t in tags])


def encode_scheme(tags: Sequence[str], scheme: str) -> list[str]:
    """Training labels in `scheme` (``bio`` or ``bioes``) from IOB2 tags."""
    if scheme == "bioes":
        return to_bioes(tags)
    if scheme == "bio":
        return list(tags)
    raise InputError(f"unknown tag scheme {scheme!r} (bio, bioes)")


def read_conll(path: str | Path, *, raw_tags: bool = False) -> list[Sentence]:
    """Read a CoNLL file into sentences, tags mapped by `coarse_tag` (unless `raw_tags`).

    Lines with a token but no tag (unlabelled input for tagging) get the tag ``O``.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read CoNLL file: {exc}", source=str(p)) from exc
    sentences: list[Sentence] = []
    toks: list[str] = []
    tags: list[str] = []
    doc = 0

    def flush() -> None:
        if toks:
            fixed = tags if raw_tags else to_iob2(tags)
            sentences.append(Sentence(tuple(toks), tuple(fixed), doc))
            toks.clear()
            tags.clear()

    for line in text.splitlines():
        cols = line.replace("\u200e", "").replace("\u200f", "").split()
        if not cols:
            flush()
            continue
        if cols[0] == "-DOCSTART-":
            flush()
            doc += 1 if sentences else 0
            continue
        toks.append(cols[0])
        tag = cols[-1] if len(cols) > 1 else "O"
        tags.append(tag if raw_tags else coarse_tag(tag))
    flush()
    return sentences


def write_conll(path: str | Path, sentences: Iterable[Sequence[str]],
                predictions: Iterable[Sequence[str]], gold: Iterable[Sequence[str]] | None = None) -> None:
    """Write ``token [gold] predicted`` lines, a blank line after each sentence."""
    lines: list[str] = []
    golds = iter(gold) if gold is not None else None
    for toks, pred in zip(sentences, predictions, strict=True):
        g = next(golds) if golds is not None else None
        for i, (tok, tag) in enumerate(zip(toks, pred, strict=True)):
            lines.append(f"{tok} {g[i]} {tag}" if g is not None else f"{tok} {tag}")
        lines.append("")
    Path(path).write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")


def spans(tags: Sequence[str]) -> list[tuple[str, int, int]]:
    """Entities as (type, start, end) token spans, the way conlleval delimits them."""
    out: list[tuple[str, int, int]] = []
    start = -1
    cur = ""
    for i, t in enumerate([*tags, "O"]):
        if t == "O" and not cur:
            continue  # the common case, decided without slicing
        head = t[:2]
        kind = t[2:] if len(t) > 2 else ""
        begins = head == "B-" or (head == "I-" and kind != cur)
        if cur and (t == "O" or begins or (head != "B-" and head != "I-")):
            out.append((cur, start, i))
            cur = ""
        if begins:
            cur, start = kind, i
    return out


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and F1 (percent) with the counts behind them."""

    tp: int
    n_pred: int
    n_gold: int

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        # Pickled through the constructor: a compiled (mypyc) frozen class cannot be
        # restored attribute by attribute, as the default protocol does.
        return (type(self), (self.tp, self.n_pred, self.n_gold))

    @property
    def precision(self) -> float:
        return 100.0 * self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return 100.0 * self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class NerScores:
    """conlleval-style scores: micro over all types and per type."""

    overall: PRF
    per_type: dict[str, PRF] = field(default_factory=dict)
    tokens: int = 0

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        # Pickled through the constructor: a compiled (mypyc) frozen class cannot be
        # restored attribute by attribute, as the default protocol does.
        return (type(self), (self.overall, self.per_type, self.tokens))

    def summary(self) -> str:
        """A short human-readable table."""
        rows = [f"{'type':6} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}"]
        for name, s in [("ALL", self.overall), *sorted(self.per_type.items())]:
            rows.append(f"{name:6} {s.precision:6.2f} {s.recall:6.2f} {s.f1:6.2f} {s.n_gold:6d}")
        return "\n".join(rows)

    def to_dict(self) -> dict[str, object]:
        def one(s: PRF) -> dict[str, float | int]:
            return {"precision": round(s.precision, 2), "recall": round(s.recall, 2),
                    "f1": round(s.f1, 2), "tp": s.tp, "pred": s.n_pred, "gold": s.n_gold}
        return {"overall": one(self.overall), "tokens": self.tokens,
                "per_type": {k: one(v) for k, v in sorted(self.per_type.items())}}


def score(gold: Iterable[Sequence[str]], pred: Iterable[Sequence[str]]) -> NerScores:
    """Exact-span micro P/R/F1 over sentences of gold and predicted tags (conlleval)."""
    counts: dict[str, list[int]] = {}
    ntok = 0
    for g, p in zip(gold, pred, strict=True):
        if len(g) != len(p):
            raise InputError(f"sentence length mismatch: {len(g)} gold vs {len(p)} predicted tags")
        ntok += len(g)
        gs, ps = set(spans(g)), set(spans(p))
        for kind, *_ in gs:
            counts.setdefault(kind, [0, 0, 0])[2] += 1
        for kind, *_ in ps:
            counts.setdefault(kind, [0, 0, 0])[1] += 1
        for kind, *_ in gs & ps:
            counts[kind][0] += 1
    per = {k: PRF(*v) for k, v in counts.items()}
    total = PRF(sum(v.tp for v in per.values()), sum(v.n_pred for v in per.values()),
                sum(v.n_gold for v in per.values()))
    return NerScores(total, per, ntok)


class SentenceTagger(Protocol):
    """Anything with the tagger interface (`marsad.ner.load_tagger`, `HFTagger`)."""

    def tag(self, sentences: list[list[str]]) -> list[list[str]]: ...


def tag_documents(sents: Sequence[Sentence], tagger: SentenceTagger) -> list[list[str]]:
    """Tag sentences one document at a time (a tagger's `tag` call is one document)."""
    out: list[list[str]] = []
    start = 0
    for i in range(1, len(sents) + 1):
        if i == len(sents) or sents[i].doc != sents[start].doc:
            out.extend(tagger.tag([list(s.tokens) for s in sents[start:i]]))
            start = i
    return out


def tag_conll(path: str | Path, out: str | Path, tagger: SentenceTagger) -> int:
    """Tag the tokens of a CoNLL file; write ``token predicted`` (or ``token gold predicted``
    when the input had tags). Returns the number of sentences written.

    ``-DOCSTART-`` lines separate documents (they are not copied to the output); a file
    without them is tagged as one document."""
    sents = read_conll(path)
    pred = tag_documents(sents, tagger)
    has_gold = any(t != "O" for s in sents for t in s.tags)
    write_conll(out, [s.tokens for s in sents], pred, [s.tags for s in sents] if has_gold else None)
    return len(sents)


def eval_conll(path: str | Path, tagger: SentenceTagger) -> NerScores:
    """Tag a gold CoNLL file (document by document, see `tag_conll`) and score it."""
    sents = read_conll(path)
    pred = tag_documents(sents, tagger)
    return score([s.tags for s in sents], pred)
