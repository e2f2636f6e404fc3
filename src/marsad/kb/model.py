"""The knowledge-base records: `KBEntry` (an actor or a place) and `KBMatch` (a hit in a text)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ENTRY_TYPES: tuple[str, ...] = ("PER", "ORG", "GPE", "LOC", "FAC", "NORP", "MISC")
PLACE_TYPES: frozenset[str] = frozenset({"GPE", "LOC", "FAC"})
SECTORS: tuple[str, ...] = (
    "government", "military", "police", "intelligence", "judiciary", "legislature", "party",
    "rebel/insurgent", "militia", "terrorist", "IGO", "NGO", "media", "religious", "business",
    "sports", "tribe", "ethnic", "other",
)
# The countries of the Middle East and North Africa (and neighbours) whose places GeoNames
# names in Arabic script; elsewhere an Arabic name is a transliteration.
MENA_COUNTRIES: frozenset[str] = frozenset({
    "SY", "IQ", "LB", "JO", "PS", "IL", "YE", "SA", "AE", "QA", "BH", "KW", "OM", "EG", "LY",
    "SD", "SS", "TN", "DZ", "MA", "MR", "SO", "DJ", "KM", "EH", "IR", "TR",
})
PLACE_KINDS: tuple[str, ...] = (
    "country", "admin1", "city", "village", "region", "water", "facility",
)


@dataclass(frozen=True, slots=True)
class KBEntry:
    """One actor or place.

    `aliases` are other names that identify the entry on their own; `descriptions` are
    definite descriptions that refer to it only once it is named in the article
    ("التنظيم", al-tanẓīm, "the organisation", for ISIS). Places carry `kind`, coordinates,
    `country` (ISO-3166 alpha-2), `admin1` (a province name, or the GeoNames admin1 code
    "SY.13" where no name is known) and `geonames_id`; people carry `role` and
    `affiliation` (the id of their organisation).
    """

    id: str
    type: str
    name: str
    aliases: tuple[str, ...] = ()
    name_en: str | None = None
    qid: str | None = None
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    affiliation: str | None = None
    descriptions: tuple[str, ...] = ()
    kind: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    admin1: str | None = None
    population: int | None = None
    aliases_en: tuple[str, ...] = ()
    source: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The name followed by every alias (the strings that identify the entry)."""
        return (self.name, *self.aliases)

    @property
    def is_place(self) -> bool:
        return self.type in PLACE_TYPES and self.kind is not None

    @property
    def curated(self) -> bool:
        """Hand-written by the project (data/kb/*.jsonl) rather than imported."""
        return self.source == "curated"

    def to_dict(self) -> dict[str, Any]:
        """The compact JSON form stored in the bundled data (empty fields left out)."""
        out: dict[str, Any] = {"id": self.id, "type": self.type, "name": self.name}
        for key in (
            "aliases", "name_en", "qid", "country", "sector", "role", "affiliation",
            "descriptions", "kind", "lat", "lon", "geonames_id", "admin1", "population",
            "aliases_en", "source",
        ):
            value = getattr(self, key)
            if value is None or value == ():
                continue
            out[key] = list(value) if isinstance(value, tuple) else value
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> KBEntry:
        def opt_float(key: str) -> float | None:
            v = d.get(key)
            return None if v is None else float(v)

        def opt_int(key: str) -> int | None:
            v = d.get(key)
            return None if v is None else int(v)

        return cls(
            id=str(d["id"]), type=str(d["type"]), name=str(d["name"]),
            aliases=tuple(d.get("aliases") or ()), name_en=d.get("name_en"),
            qid=d.get("qid"), country=d.get("country"), sector=d.get("sector"),
            role=d.get("role"), affiliation=d.get("affiliation"),
            descriptions=tuple(d.get("descriptions") or ()), kind=d.get("kind"),
            lat=opt_float("lat"), lon=opt_float("lon"), geonames_id=opt_int("geonames_id"),
            admin1=d.get("admin1"), population=opt_int("population"),
            aliases_en=tuple(d.get("aliases_en") or ()), source=d.get("source"),
        )


ENTRY_FIELDS: tuple[str, ...] = (
    "id", "type", "name", "aliases", "name_en", "qid", "country", "sector", "role",
    "affiliation", "descriptions", "kind", "lat", "lon", "geonames_id", "admin1", "population",
    "aliases_en", "source",
)
_TUPLE_FIELDS = frozenset({"aliases", "descriptions", "aliases_en"})


def entry_to_row(e: KBEntry) -> list[Any]:
    """The entry as a list of `ENTRY_FIELDS` values (the bundled data's compact form)."""
    return [list(v) if isinstance(v, tuple) else v for v in (getattr(e, f) for f in ENTRY_FIELDS)]


def entry_from_row(row: list[Any]) -> KBEntry:
    """Inverse of `entry_to_row`."""
    (eid, typ, name, aliases, name_en, qid, country, sector, role, affiliation, descriptions,
     kind, lat, lon, geonames_id, admin1, population, aliases_en, source) = row
    return KBEntry(
        eid, typ, name, tuple(aliases), name_en, qid, country, sector, role, affiliation,
        tuple(descriptions), kind, lat, lon, geonames_id, admin1, population,
        tuple(aliases_en), source,
    )


@dataclass(frozen=True, slots=True)
class KBMatch:
    """An alias occurrence in a text, with offsets into the ORIGINAL string.

    `[start, end)` covers the whole written word including proclitics ("بالباغوز",
    bi-l-bāghūz); `stem_start` is where the name itself begins ("الباغوز"). `entry_ids`
    lists every entry carrying that alias, best candidate first.
    """

    start: int
    end: int
    stem_start: int
    entry_ids: tuple[str, ...]
