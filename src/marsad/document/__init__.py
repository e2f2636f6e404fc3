"""The document record and its annotation layers."""

from marsad.document.model import (
    ENTITY_TYPES,
    EVENT_STATUSES,
    LAYER_NAMES,
    PLACE_KINDS,
    PLOVER_TYPES,
    QUOTE_KINDS,
    SCHEMA,
    TIME_TYPES,
    Article,
    Document,
    Entity,
    Event,
    EventDate,
    Place,
    Quote,
    Ref,
    Related,
    Sentence,
    Span,
    SpeakerRef,
    Time,
)

__all__ = [
    "ENTITY_TYPES", "EVENT_STATUSES", "LAYER_NAMES", "PLACE_KINDS", "PLOVER_TYPES", "QUOTE_KINDS",
    "SCHEMA", "TIME_TYPES", "Article", "Document", "Entity", "Event", "EventDate", "Place", "Quote",
    "Ref", "Related", "Sentence", "Span", "SpeakerRef", "Time",
]
