"""A right-to-left terminal rendering of an analysed document (rich).

Each paragraph is printed with a right-to-left mark so bidi-capable terminals lay it out
right to left; entities are coloured by type, quotes underlined with their speaker after
them, event triggers reversed; then tables list entities, quotes, events, times and places.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from marsad.arabic.segment import paragraphs
from marsad.document import Document

RLM = "\u200f"
TYPE_STYLES = {
    "PER": "bold cyan", "ORG": "bold magenta", "GPE": "bold green", "LOC": "green",
    "FAC": "yellow", "NORP": "blue", "MISC": "white",
}


def render_document(doc: Document, console: Console) -> None:
    art = doc.article
    head = " · ".join(x for x in (art.outlet, art.byline, art.published, art.id) if x)
    if art.title:
        console.print(Text(RLM + art.title, style="bold underline"), justify="right")
    console.print(Text(RLM + head, style="dim"), justify="right")
    styles: list[tuple[int, int, str]] = []
    for ent in doc.entities:
        for m in ent.mentions:
            styles.append((m.start, m.end, TYPE_STYLES.get(ent.type, "bold")))
    for q in doc.quotes:
        styles.append((q.start, q.end, "underline"))
    for v in doc.events:
        styles.append((v.trigger.start, v.trigger.end, "reverse"))
    notes: dict[int, list[str]] = {}
    ents = {e.id: e for e in doc.entities}
    for q in doc.quotes:
        who = q.speaker.text if q.speaker else "?"
        if q.speaker and q.speaker.entity in ents:
            who = ents[q.speaker.entity].name
        notes.setdefault(q.end, []).append(f" [{q.id} ← {who}]")
    for ps, pe in paragraphs(doc.text):
        line = Text(RLM)
        para = Text(doc.text[ps:pe])
        for s, e, style in styles:
            if s < pe and e > ps:
                para.stylize(style, max(s, ps) - ps, min(e, pe) - ps)
        # Speaker labels go after the quote they belong to, inside the paragraph.
        cuts = sorted(k for k in notes if ps < k <= pe)
        pos = 0
        for k in cuts:
            line.append_text(para[pos : k - ps])
            line.append("".join(notes[k]), style="dim italic")
            pos = k - ps
        line.append_text(para[pos:])
        console.print(line, justify="right")
        console.print()
    _tables(doc, console)


def _tables(doc: Document, console: Console) -> None:
    ents = {e.id: e for e in doc.entities}

    def name(ref_id: str | None, text: str) -> str:
        return ents[ref_id].name if ref_id in ents else text

    if doc.entities:
        t = Table(title="entities", show_lines=False)
        for col in ("id", "type", "name", "name_en", "kb_id", "mentions"):
            t.add_column(col)
        for e in doc.entities:
            t.add_row(e.id, e.type, RLM + e.name, e.name_en or "", e.kb_id or "", str(len(e.mentions)))
        console.print(t)
    if doc.quotes:
        t = Table(title="quotes")
        for col in ("id", "kind", "speaker", "cue", "text"):
            t.add_column(col)
        for q in doc.quotes:
            sp = name(q.speaker.entity, q.speaker.text) if q.speaker else ""
            if q.relayed_by:
                sp += f" (via {name(q.relayed_by.entity, q.relayed_by.text)})"
            t.add_row(q.id, q.kind, RLM + sp, q.cue.text if q.cue else "", RLM + q.text[:90])
        console.print(t)
    if doc.events:
        t = Table(title="events")
        for col in ("id", "type", "actor", "target", "place", "date", "status", "trigger"):
            t.add_column(col)
        for v in doc.events:
            t.add_row(
                v.id, v.type + (f"/{v.mode}" if v.mode else ""),
                "، ".join(name(r.entity, r.text) for r in v.actor),
                "، ".join(name(r.entity, r.text) for r in v.target),
                name(v.place.entity, v.place.text) if v.place else "",
                (v.date.value or "") if v.date else "", v.status, v.trigger.text,
            )
        console.print(t)
    if doc.times:
        t = Table(title="times")
        for col in ("text", "value", "type"):
            t.add_column(col)
        for tm in doc.times:
            t.add_row(RLM + tm.text, tm.value or "", tm.type)
        console.print(t)
    if doc.places:
        t = Table(title="places")
        for col in ("name", "kind", "country", "lat", "lon", "mentions"):
            t.add_column(col)
        for p in doc.places:
            t.add_row(p.name_en or p.mentions[0].text, p.kind, p.country or "",
                      f"{p.lat:.2f}" if p.lat is not None else "",
                      f"{p.lon:.2f}" if p.lon is not None else "", str(len(p.mentions)))
        console.print(t)
    if doc.related:
        console.print(Text("related: " + " | ".join(r.title for r in doc.related), style="dim"))
