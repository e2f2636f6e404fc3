"""Scores of analysis records against gold, by the rules at the end of GUIDELINES.md.

- entity found: same type and overlapping surface form (one-to-one);
- quote found: text overlap of at least half the shorter (diacritics and tatweel ignored);
  speaker right: the system speaker, or any mention of its entity, contains or is contained
  in the gold `speaker` or `speaker_name`;
- event found (one-to-one): same type and at least one actor or target shared by entity
  name, the same sentence preferred; a gold event with neither needs type and sentence;
  roles right (reported beside, not part of the match): no participant on the wrong side;
- time found: text overlap; right: same value (a TimeML value with unknown parts, such as
  XXXX-03-18, counts as the gold's null: neither side claims what the text cannot fix);
- place found: text overlap; right: within 25 km, or the same country for countries.

Gold strings are placed in the raw article text by occurrence and carried over to the
analysed body (which lost its boilerplate lines) by `LineAligner`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from marsad.arabic.normalize import normalize, strip_diacritics
from marsad.arabic.segment import sentences as split_sentences
from marsad.eval.gold import GoldDoc, all_occurrences, find_occurrence

LAYERS = ("entities", "quotes", "events", "times", "places")
SCORED_ENTITY_TYPES = frozenset({"PER", "ORG", "GPE", "LOC", "FAC", "NORP"})


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def to_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4)}


@dataclass
class LayerScore:
    """Scores of one layer over a corpus, with per-type counts and the errors."""

    layer: str
    counts: Counts = field(default_factory=Counts)
    by_type: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    extra: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    errors: list[dict[str, Any]] = field(default_factory=list)

    def ratio(self, name: str) -> float:
        good, total = self.extra.get(name, [0, 0])
        return good / total if total else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.counts.to_dict(),
            "by_type": {k: v.to_dict() for k, v in sorted(self.by_type.items())},
            **{k: {"right": v[0], "of": v[1], "accuracy": round(self.ratio(k), 4)}
               for k, v in sorted(self.extra.items())},
            "errors": self.errors,
        }


class LineAligner:
    """Maps offsets of the raw article text to the analysed body.

    The body is the raw text with whole lines removed (boilerplate) and line ends trimmed,
    so each kept body line is found, in order, among the raw lines.
    """

    def __init__(self, raw: str, body: str) -> None:
        self.raw = raw
        self.body = body
        self._map: list[tuple[int, int, int]] = []  # (raw_line_start, raw_line_end, body_start)
        raw_lines = _line_spans(raw)
        body_lines = _line_spans(body)
        i = 0
        for bs, be in body_lines:
            btext = body[bs:be].strip()
            while i < len(raw_lines):
                rs, re_ = raw_lines[i]
                i += 1
                rtext = raw[rs:re_]
                if rtext.strip() == btext and btext:
                    lead = len(rtext) - len(rtext.lstrip())
                    blead = len(body[bs:be]) - len(body[bs:be].lstrip())
                    self._map.append((rs + lead, re_, bs + blead))
                    break

    def to_body(self, start: int, end: int) -> tuple[int, int] | None:
        if self.raw == self.body:
            return start, end
        for rs, re_, bs in self._map:
            if rs <= start and end <= re_ + 1:
                return bs + (start - rs), bs + (end - rs)
        return None


def _line_spans(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _n(s: str) -> str:
    return normalize(s, loose=True).strip()


def _contains_either(a: str, b: str) -> bool:
    a, b = _n(a), _n(b)
    return bool(a) and bool(b) and (a in b or b in a)


class _Placer:
    """Places gold strings in the body: by occurrence in the raw text, then aligned."""

    def __init__(self, raw: str, body: str) -> None:
        self.raw = raw
        self.aligner = LineAligner(raw, body)

    def place(self, s: str, occurrence: int = 1) -> tuple[int, int] | None:
        hit = find_occurrence(self.raw, s, occurrence)
        if hit is None:
            return None
        return self.aligner.to_body(*hit)

    def all(self, s: str) -> list[tuple[int, int]]:
        out = []
        for hit in all_occurrences(self.raw, s):
            m = self.aligner.to_body(*hit)
            if m:
                out.append(m)
        return out


def _sentence_index(sents: Sequence[tuple[int, int]], pos: int) -> int:
    for i, (s, e) in enumerate(sents):
        if s <= pos < e:
            return i
    return -1


# --- entities ---------------------------------------------------------------------------

def score_entities(gold: GoldDoc, rec: dict[str, Any], placer: _Placer, out: LayerScore) -> None:
    sys_ents = [e for e in rec.get("entities", []) if e.get("type") in SCORED_ENTITY_TYPES]
    sys_spans = [[(m["start"], m["end"]) for m in e.get("mentions", [])] for e in sys_ents]
    used: set[int] = set()
    for g in gold.entities:
        forms = [g["text"], *g.get("aliases", [])]
        gspans = [sp for f in forms for sp in placer.all(f)]
        best = None
        for i, e in enumerate(sys_ents):
            if i in used or e["type"] != g["type"]:
                continue
            if any(_overlap(a, b) for a in gspans for b in sys_spans[i]):
                best = i
                break
        if best is None:
            out.counts.fn += 1
            out.by_type[g["type"]].fn += 1
            out.errors.append({"doc": gold.id, "kind": "missed", "type": g["type"], "text": g["text"]})
        else:
            used.add(best)
            out.counts.tp += 1
            out.by_type[g["type"]].tp += 1
    for i, e in enumerate(sys_ents):
        if i not in used:
            out.counts.fp += 1
            out.by_type[e["type"]].fp += 1
            out.errors.append({"doc": gold.id, "kind": "spurious", "type": e["type"], "text": e["name"]})


# --- quotes -----------------------------------------------------------------------------

def _plain_len(text: str, a: tuple[int, int], b: tuple[int, int]) -> int:
    s, e = max(a[0], b[0]), min(a[1], b[1])
    return len(strip_diacritics(text[s:e])) if e > s else 0


def score_quotes(gold: GoldDoc, rec: dict[str, Any], placer: _Placer, out: LayerScore) -> None:
    text = rec["text"]
    ents = {e["id"]: e for e in rec.get("entities", [])}
    sysq = rec.get("quotes", [])
    sspans = [(q["start"], q["end"]) for q in sysq]
    pairs = []
    gspans: list[tuple[int, int] | None] = []
    for gi, g in enumerate(gold.quotes):
        gs = placer.place(g["text"], g.get("occurrence", 1))
        gspans.append(gs)
        if gs is None:
            continue
        for si, ss in enumerate(sspans):
            ov = _plain_len(text, gs, ss)
            shorter = min(len(strip_diacritics(text[gs[0]:gs[1]])), len(strip_diacritics(text[ss[0]:ss[1]])))
            if shorter and ov * 2 >= shorter:
                pairs.append((ov, gi, si))
    gm: dict[int, int] = {}
    sm: set[int] = set()
    for _, gi, si in sorted(pairs, reverse=True):
        if gi not in gm and si not in sm:
            gm[gi] = si
            sm.add(si)
    for gi, g in enumerate(gold.quotes):
        kind = g.get("kind", "?")
        if gi not in gm:
            out.counts.fn += 1
            out.by_type[kind].fn += 1
            out.errors.append({"doc": gold.id, "kind": "missed", "quote_kind": kind,
                               "text": g["text"][:120], "speaker": g.get("speaker_name")})
            continue
        out.counts.tp += 1
        out.by_type[kind].tp += 1
        q = sysq[gm[gi]]
        right = _speaker_right(q, ents, g)
        out.extra["speaker"][1] += 1
        if right:
            out.extra["speaker"][0] += 1
        else:
            sp = q.get("speaker") or {}
            out.errors.append({"doc": gold.id, "kind": "wrong_speaker", "text": g["text"][:80],
                               "gold": g.get("speaker_name"), "system": sp.get("text")})
    for si, q in enumerate(sysq):
        if si not in sm:
            out.counts.fp += 1
            out.by_type[q.get("kind", "?")].fp += 1
            out.errors.append({"doc": gold.id, "kind": "spurious", "quote_kind": q.get("kind"),
                               "text": q["text"][:120]})


def _speaker_right(q: dict[str, Any], ents: dict[str, Any], g: dict[str, Any]) -> bool:
    sp = q.get("speaker") or {}
    forms = [sp.get("text") or ""]
    ent = ents.get(sp.get("entity") or "")
    if ent:
        forms += [ent.get("name") or ""] + [m["text"] for m in ent.get("mentions", [])]
    golds = [g.get("speaker") or "", g.get("speaker_name") or ""]
    return any(_contains_either(f, gs) for f in forms if f for gs in golds if gs)


# --- events -----------------------------------------------------------------------------

def _gold_entity_forms(gold: GoldDoc) -> dict[str, list[str]]:
    forms: dict[str, list[str]] = {}
    for e in gold.entities:
        if e.get("name_en"):
            forms.setdefault(e["name_en"].lower(), []).extend([e["text"], *e.get("aliases", [])])
    return forms


def _sys_ref_forms(refs: list[dict[str, Any]], ents: dict[str, Any]) -> list[tuple[str, str]]:
    """(Arabic form, English name) pairs naming the referenced entities."""
    out = []
    for r in refs or []:
        ent = ents.get(r.get("entity") or "")
        en = (ent or {}).get("name_en") or ""
        out.append((r.get("text") or "", en))
        if ent:
            out.append((ent.get("name") or "", en))
            out += [(m["text"], en) for m in ent.get("mentions", [])]
    return out


def _shares_participant(g: dict[str, Any], v: dict[str, Any], gforms: dict[str, list[str]],
                        ents: dict[str, Any]) -> bool:
    return _names_any([*g.get("actor", []), *g.get("target", [])],
                      [*v.get("actor", []), *v.get("target", [])], gforms, ents)


def _roles_right(g: dict[str, Any], v: dict[str, Any], gforms: dict[str, list[str]],
                 ents: dict[str, Any]) -> bool:
    """No participant on the wrong side: a system actor that gold names only as a target,
    or a system target gold names only as an actor (the victims coded as the attackers).
    Matching ignores the sides, so this is reported beside it (`roles`)."""
    ga, gt = g.get("actor") or [], g.get("target") or []
    for mine, other in ((v.get("actor") or [], (gt, ga)), (v.get("target") or [], (ga, gt))):
        wrong_side, right_side = other
        for r in mine:
            if _names_any(wrong_side, [r], gforms, ents) and not _names_any(right_side, [r], gforms, ents):
                return False
    return True


def _names_any(names: list[str], refs: list[dict[str, Any]], gforms: dict[str, list[str]],
               ents: dict[str, Any]) -> bool:
    """Whether one of the system `refs` names one of the gold entity `names`."""
    names = [n for n in names if n]
    forms = _sys_ref_forms(refs, ents)
    for name in names:
        arabic = gforms.get(name.lower(), [])
        for form, en in forms:
            if en and en.lower() == name.lower():
                return True
            if form and any(_contains_either(form, a) for a in arabic if len(_n(a)) >= 2):
                return True
    return False


def score_events(gold: GoldDoc, rec: dict[str, Any], placer: _Placer, out: LayerScore) -> None:
    text = rec["text"]
    ents = {e["id"]: e for e in rec.get("entities", [])}
    sents = [(s["start"], s["end"]) for s in rec.get("sentences", [])] or split_sentences(text)
    gforms = _gold_entity_forms(gold)
    sysv = rec.get("events", [])
    s_sent = [_sentence_index(sents, v["trigger"]["start"]) for v in sysv]
    cands = []
    for gi, g in enumerate(gold.events):
        gs = placer.place(g.get("trigger", ""), g.get("occurrence", 1))
        g_sent = _sentence_index(sents, gs[0]) if gs else -2
        has_roles = bool(g.get("actor") or g.get("target"))
        for si, v in enumerate(sysv):
            if v["type"] != g["type"]:
                continue
            same_sent = s_sent[si] == g_sent
            if has_roles:
                if _shares_participant(g, v, gforms, ents):
                    cands.append((1 if same_sent else 0, gi, si))
            elif same_sent:
                cands.append((1, gi, si))
    gm: dict[int, int] = {}
    sm: set[int] = set()
    for _, gi, si in sorted(cands, key=lambda c: (-c[0], c[1], c[2])):
        if gi not in gm and si not in sm:
            gm[gi] = si
            sm.add(si)
    for gi, g in enumerate(gold.events):
        if gi in gm:
            out.counts.tp += 1
            out.by_type[g["type"]].tp += 1
            if g.get("actor") or g.get("target"):
                out.extra["roles"][1] += 1
                if _roles_right(g, sysv[gm[gi]], gforms, ents):
                    out.extra["roles"][0] += 1
                else:
                    v = sysv[gm[gi]]
                    out.errors.append({"doc": gold.id, "kind": "wrong_roles", "type": g["type"],
                                       "trigger": v["trigger"]["text"],
                                       "actor": [r.get("text") for r in v.get("actor", [])],
                                       "target": [r.get("text") for r in v.get("target", [])],
                                       "gold_actor": g.get("actor"), "gold_target": g.get("target")})
        else:
            out.counts.fn += 1
            out.by_type[g["type"]].fn += 1
            out.errors.append({"doc": gold.id, "kind": "missed", "type": g["type"],
                               "trigger": g.get("trigger"), "actor": g.get("actor"),
                               "target": g.get("target")})
    for si, v in enumerate(sysv):
        if si not in sm:
            out.counts.fp += 1
            out.by_type[v["type"]].fp += 1
            out.errors.append({"doc": gold.id, "kind": "spurious", "type": v["type"],
                               "trigger": v["trigger"]["text"],
                               "actor": [r.get("text") for r in v.get("actor", [])],
                               "target": [r.get("text") for r in v.get("target", [])]})


# --- times ------------------------------------------------------------------------------

def _same_time_value(system: str | None, gold: str | None) -> bool:
    if gold is None:
        return system is None or "X" in system
    return system == gold


def score_times(gold: GoldDoc, rec: dict[str, Any], placer: _Placer, out: LayerScore) -> None:
    syst = [t for t in rec.get("times", []) if t.get("type", "DATE") in ("DATE", "TIME")]
    used: set[int] = set()
    for g in gold.times:
        gs = placer.place(g["text"], g.get("occurrence", 1))
        hit = None
        if gs:
            best = 0
            for i, t in enumerate(syst):
                ov = _overlap(gs, (t["start"], t["end"]))
                if i not in used and ov > best:
                    best, hit = ov, i
        if hit is None:
            out.counts.fn += 1
            out.errors.append({"doc": gold.id, "kind": "missed", "text": g["text"], "gold": g.get("value")})
            continue
        used.add(hit)
        out.counts.tp += 1
        out.extra["value"][1] += 1
        if _same_time_value(syst[hit].get("value"), g.get("value")):
            out.extra["value"][0] += 1
        else:
            out.errors.append({"doc": gold.id, "kind": "wrong_value", "text": g["text"],
                               "gold": g.get("value"), "system": syst[hit].get("value"),
                               "system_text": syst[hit]["text"]})
    for i, t in enumerate(syst):
        if i not in used:
            out.counts.fp += 1
            out.errors.append({"doc": gold.id, "kind": "spurious", "text": t["text"], "system": t.get("value")})


# --- places -----------------------------------------------------------------------------

def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, a)))


def place_right(g: dict[str, Any], p: dict[str, Any]) -> bool:
    if g.get("kind") == "country" or g.get("lat") is None or g.get("lon") is None:
        return (bool(g.get("country")) and p.get("country") == g.get("country")) or (
            not g.get("country") and p.get("kind") == g.get("kind") == "region"
        )
    if p.get("lat") is None or p.get("lon") is None:
        return False
    return haversine_km(g["lat"], g["lon"], p["lat"], p["lon"]) <= 25.0


def score_places(gold: GoldDoc, rec: dict[str, Any], placer: _Placer, out: LayerScore) -> None:
    mentions: list[tuple[tuple[int, int], int]] = []
    sysp = rec.get("places", [])
    for pi, p in enumerate(sysp):
        for m in p.get("mentions", []):
            mentions.append(((m["start"], m["end"]), pi))
    used: set[int] = set()
    for g in gold.places:
        gs = placer.place(g["text"], g.get("occurrence", 1))
        hit = None
        if gs:
            for mi, (span, _) in enumerate(mentions):
                if mi not in used and _overlap(gs, span):
                    hit = mi
                    break
        if hit is None:
            out.counts.fn += 1
            out.errors.append({"doc": gold.id, "kind": "missed", "text": g["text"], "name_en": g.get("name_en")})
            continue
        used.add(hit)
        out.counts.tp += 1
        p = sysp[mentions[hit][1]]
        out.extra["accuracy"][1] += 1
        if place_right(g, p):
            out.extra["accuracy"][0] += 1
        else:
            out.errors.append({"doc": gold.id, "kind": "wrong_place", "text": g["text"],
                               "gold": [g.get("name_en"), g.get("country"), g.get("lat"), g.get("lon")],
                               "system": [p.get("name_en"), p.get("country"), p.get("lat"), p.get("lon")]})
    for mi, (span, pi) in enumerate(mentions):
        if mi not in used:
            out.counts.fp += 1
            out.errors.append({"doc": gold.id, "kind": "spurious", "text": rec["text"][span[0]:span[1]],
                               "system": sysp[pi].get("name_en")})


SCORERS: dict[str, Callable[[GoldDoc, dict[str, Any], _Placer, LayerScore], None]] = {
    "entities": score_entities,
    "quotes": score_quotes,
    "events": score_events,
    "times": score_times,
    "places": score_places,
}


def score_records(
    gold: dict[str, GoldDoc],
    records: dict[str, dict[str, Any]],
    *,
    raw_texts: dict[str, str] | None = None,
    layers: Sequence[str] = LAYERS,
) -> dict[str, LayerScore]:
    """Score analysis records (contract dicts, by article id) against gold documents.

    `raw_texts` are the original article texts the gold strings were counted in; without
    them the record's own text is used.
    """
    scores = {layer: LayerScore(layer) for layer in layers}
    for doc_id, g in gold.items():
        rec = records.get(doc_id)
        if rec is None:
            continue
        raw = (raw_texts or {}).get(doc_id, rec["text"])
        placer = _Placer(raw, rec["text"])
        for layer in layers:
            SCORERS[layer](g, rec, placer, scores[layer])
    return scores
