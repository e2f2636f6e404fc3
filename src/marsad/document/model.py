"""The annotation record: one `Document` and its typed, frozen layers.

Every annotation is an offset span into `Document.text`, which is never rewritten.
`to_dict`/`from_dict` implement the public contract `marsad.analysis/1`
(see docs/contract.md) and round-trip exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from typing import Any, Literal, TypeVar

_V = TypeVar("_V")

# Keys of the derived views stages share through `Document.derived` (one place, so that
# the stages that share a view agree on its name).
TOKENS_VIEW = "tokens"  # marsad.arabic.tokenize(text, known=source): list[Token], read-only
KB_MATCHES_VIEW = "kb.matches"  # tuple(source.find(text)) for a KB matcher `source`

SCHEMA = "marsad.analysis/1"

EntityType = Literal["PER", "ORG", "GPE", "LOC", "FAC", "NORP", "MISC"]
ENTITY_TYPES: tuple[str, ...] = ("PER", "ORG", "GPE", "LOC", "FAC", "NORP", "MISC")
QUOTE_KINDS: tuple[str, ...] = ("direct", "partial", "indirect")
EVENT_STATUSES: tuple[str, ...] = ("asserted", "negated", "hypothetical", "future")
TIME_TYPES: tuple[str, ...] = ("DATE", "TIME", "DURATION", "SET")
PLACE_KINDS: tuple[str, ...] = ("country", "admin1", "city", "village", "region", "water", "facility")
PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)


def _opt(d: dict[str, Any], key: str) -> Any:
    return d.get(key)


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range `[start, end)` of `Document.text` and the text it covers."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Span:
        return cls(int(d["start"]), int(d["end"]), str(d["text"]))

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """The span of `text[start:end]`."""
        return cls(start, end, text[start:end])


@dataclass(frozen=True, slots=True)
class Article:
    """Metadata of the article the body came from."""

    id: str
    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    url: str | None = None
    published: str | None = None
    language: str = "ar"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "title": self.title, "outlet": self.outlet, "byline": self.byline,
            "url": self.url, "published": self.published, "language": self.language,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        return cls(
            id=str(d["id"]), title=_opt(d, "title"), outlet=_opt(d, "outlet"),
            byline=_opt(d, "byline"), url=_opt(d, "url"), published=_opt(d, "published"),
            language=d.get("language", "ar"),
        )


@dataclass(frozen=True, slots=True)
class Related:
    """A link the outlet placed in the body ("اقرأ أيضا", iqraʾ ayḍan: read also)."""

    title: str
    url: str | None = None
    kind: str = "read_also"

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "url": self.url, "kind": self.kind}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Related:
        return cls(str(d["title"]), _opt(d, "url"), d.get("kind", "read_also"))


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Sentence:
        return cls(int(d["start"]), int(d["end"]))


@dataclass(frozen=True, slots=True)
class Entity:
    """A distinct entity of the article with all its mentions.

    `link_reason` says why `kb_id` was chosen (e.g. "alias", "acronym", "description"),
    `sector`/`country` come from the knowledge base when linked.
    """

    id: str
    type: str
    name: str
    mentions: tuple[Span, ...]
    name_en: str | None = None
    kb_id: str | None = None
    link_reason: str | None = None
    sector: str | None = None
    country: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "type": self.type, "name": self.name, "name_en": self.name_en,
            "kb_id": self.kb_id, "link_reason": self.link_reason, "sector": self.sector,
            "country": self.country, "mentions": [m.to_dict() for m in self.mentions],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Entity:
        return cls(
            id=str(d["id"]), type=str(d["type"]), name=str(d["name"]),
            mentions=tuple(Span.from_dict(m) for m in d.get("mentions", [])),
            name_en=_opt(d, "name_en"), kb_id=_opt(d, "kb_id"),
            link_reason=_opt(d, "link_reason"), sector=_opt(d, "sector"),
            country=_opt(d, "country"),
        )


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference to an entity by id (or None when unresolved) with the words used."""

    entity: str | None
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"entity": self.entity, "text": self.text}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Ref:
        return cls(_opt(d, "entity"), str(d["text"]))


@dataclass(frozen=True, slots=True)
class SpeakerRef:
    """The speaker of a quote: the entity and the span of the words naming it nearest the cue."""

    entity: str | None
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"entity": self.entity, "start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SpeakerRef:
        return cls(_opt(d, "entity"), int(d["start"]), int(d["end"]), str(d["text"]))


@dataclass(frozen=True, slots=True)
class Quote:
    id: str
    kind: str
    start: int
    end: int
    text: str
    cue: Span | None = None
    speaker: SpeakerRef | None = None
    addressee: Ref | None = None
    relayed_by: Ref | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "kind": self.kind, "start": self.start, "end": self.end,
            "text": self.text,
            "cue": self.cue.to_dict() if self.cue else None,
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "addressee": self.addressee.to_dict() if self.addressee else None,
            "relayed_by": self.relayed_by.to_dict() if self.relayed_by else None,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Quote:
        return cls(
            id=str(d["id"]), kind=str(d["kind"]), start=int(d["start"]), end=int(d["end"]),
            text=str(d["text"]),
            cue=Span.from_dict(d["cue"]) if d.get("cue") else None,
            speaker=SpeakerRef.from_dict(d["speaker"]) if d.get("speaker") else None,
            addressee=Ref.from_dict(d["addressee"]) if d.get("addressee") else None,
            relayed_by=Ref.from_dict(d["relayed_by"]) if d.get("relayed_by") else None,
        )


@dataclass(frozen=True, slots=True)
class EventDate:
    """An event's date; `reason` says where it came from ("time", "sentence", "published")."""

    value: str | None
    text: str
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "text": self.text, "reason": self.reason}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> EventDate:
        return cls(_opt(d, "value"), str(d.get("text", "")), _opt(d, "reason"))


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    type: str
    trigger: Span
    mode: str | None = None
    context: tuple[str, ...] = ()
    actor: tuple[Ref, ...] = ()
    target: tuple[Ref, ...] = ()
    place: Ref | None = None
    date: EventDate | None = None
    quote: str | None = None
    status: str = "asserted"
    confidence: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "type": self.type, "mode": self.mode, "context": list(self.context),
            "trigger": self.trigger.to_dict(),
            "actor": [r.to_dict() for r in self.actor],
            "target": [r.to_dict() for r in self.target],
            "place": self.place.to_dict() if self.place else None,
            "date": self.date.to_dict() if self.date else None,
            "quote": self.quote, "status": self.status, "confidence": self.confidence,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        return cls(
            id=str(d["id"]), type=str(d["type"]), trigger=Span.from_dict(d["trigger"]),
            mode=_opt(d, "mode"), context=tuple(d.get("context") or ()),
            actor=tuple(Ref.from_dict(r) for r in d.get("actor") or ()),
            target=tuple(Ref.from_dict(r) for r in d.get("target") or ()),
            place=Ref.from_dict(d["place"]) if d.get("place") else None,
            date=EventDate.from_dict(d["date"]) if d.get("date") else None,
            quote=_opt(d, "quote"), status=d.get("status", "asserted"),
            confidence=float(d.get("confidence", 0.0)),
        )


@dataclass(frozen=True, slots=True)
class Time:
    """A calendar expression; `value` is ISO or TimeML (`XXXX-03-18`) or None."""

    start: int
    end: int
    text: str
    value: str | None
    type: str = "DATE"

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "value": self.value,
                "type": self.type}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Time:
        return cls(int(d["start"]), int(d["end"]), str(d["text"]), _opt(d, "value"),
                   d.get("type", "DATE"))


@dataclass(frozen=True, slots=True)
class Place:
    entity: str | None
    kind: str
    mentions: tuple[Span, ...]
    name_en: str | None = None
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    admin1: str | None = None
    kb_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity": self.entity, "name_en": self.name_en, "geonames_id": self.geonames_id,
            "lat": self.lat, "lon": self.lon, "country": self.country, "admin1": self.admin1,
            "kind": self.kind, "kb_id": self.kb_id,
            "mentions": [m.to_dict() for m in self.mentions],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Place:
        return cls(
            entity=_opt(d, "entity"), kind=str(d["kind"]),
            mentions=tuple(Span.from_dict(m) for m in d.get("mentions", [])),
            name_en=_opt(d, "name_en"), geonames_id=_opt(d, "geonames_id"),
            lat=_opt(d, "lat"), lon=_opt(d, "lon"), country=_opt(d, "country"),
            admin1=_opt(d, "admin1"), kb_id=_opt(d, "kb_id"),
        )


@dataclass(frozen=True)
class Document:
    """One article and every layer of annotation over its unchanged `text`.

    Layers are tuples of frozen records; stages return a new document via `with_layers`.
    Derived views (tokens, the normalised text) are computed on first use and cached;
    they are not part of equality or serialisation because `text` determines them.
    """

    text: str
    article: Article
    related: tuple[Related, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    times: tuple[Time, ...] = ()
    places: tuple[Place, ...] = ()
    _cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def with_layers(self, **layers: Any) -> Document:
        """A copy with the given layers replaced (the derived-view cache is kept)."""
        new = replace(self, **layers)
        object.__setattr__(new, "_cache", self._cache)
        return new

    def derived(self, key: str, source: object, build: Callable[[], _V]) -> _V:
        """A view derived from `text` and one resource, built once per document.

        Stages that need the same view (the tokens split with a vocabulary, the knowledge
        base's name matches) share it instead of each recomputing it: the first caller
        builds it, later stages and later copies made by `with_layers` reuse it. `source`
        is the resource the view depends on (a matcher, a vocabulary predicate; None for
        the text alone) and is compared by identity, so two pipelines with different
        resources never see each other's views.

        The view must depend on `text` and `source` only, never on a layer, and must not
        be mutated by its users (share tuples or treat lists as read-only).
        """
        hit = self._cache.get(key)
        if hit is not None and hit[0] is source:
            value: _V = hit[1]
            return value
        value = build()
        self._cache[key] = (source, value)
        return value

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.text[start:end])

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "article": self.article.to_dict(),
            "text": self.text,
            "related": [r.to_dict() for r in self.related],
            "sentences": [s.to_dict() for s in self.sentences],
            "entities": [e.to_dict() for e in self.entities],
            "quotes": [q.to_dict() for q in self.quotes],
            "events": [v.to_dict() for v in self.events],
            "times": [t.to_dict() for t in self.times],
            "places": [p.to_dict() for p in self.places],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        from marsad.errors import InputError

        if d.get("schema", SCHEMA) != SCHEMA:
            raise InputError(f"unknown schema {d.get('schema')!r}; this marsad reads {SCHEMA}")
        return cls(
            text=str(d["text"]),
            article=Article.from_dict(d["article"]),
            related=tuple(Related.from_dict(r) for r in d.get("related", [])),
            sentences=tuple(Sentence.from_dict(s) for s in d.get("sentences", [])),
            entities=tuple(Entity.from_dict(e) for e in d.get("entities", [])),
            quotes=tuple(Quote.from_dict(q) for q in d.get("quotes", [])),
            events=tuple(Event.from_dict(v) for v in d.get("events", [])),
            times=tuple(Time.from_dict(t) for t in d.get("times", [])),
            places=tuple(Place.from_dict(p) for p in d.get("places", [])),
        )

    def iter_spans(self) -> list[Span]:
        """Every span the document's layers hold (for checking offsets)."""
        out: list[Span] = []
        for ent in self.entities:
            out.extend(ent.mentions)
        for q in self.quotes:
            out.append(Span(q.start, q.end, q.text))
            if q.cue:
                out.append(q.cue)
            if q.speaker:
                out.append(Span(q.speaker.start, q.speaker.end, q.speaker.text))
        for v in self.events:
            out.append(v.trigger)
        for t in self.times:
            out.append(Span(t.start, t.end, t.text))
        for p in self.places:
            out.extend(p.mentions)
        return out


LAYER_NAMES: tuple[str, ...] = tuple(
    f.name for f in fields(Document) if f.name not in ("text", "article", "_cache")
)
