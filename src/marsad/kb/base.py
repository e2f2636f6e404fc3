"""`KnowledgeBase`: the bundled actors and places, looked up by id, by name, by position.

The data is built by `python -m marsad.kb.build` into `src/marsad/data/kb/`: one gzipped
JSON document with a row per entry (the `ENTRY_FIELDS` in order, then the entry's match
keys and the indices of its unmatched and ambiguous names), best candidates first. `KnowledgeBase.load()` reads it once;
stages receive the loaded object from their factory.
"""

from __future__ import annotations

import gzip
import json
import logging
import math
from collections.abc import Iterable, Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from marsad.errors import ResourceError
from marsad.kb.matcher import Matcher, match_key
from marsad.kb.model import ENTRY_FIELDS, KBEntry, entry_from_row

log = logging.getLogger(__name__)

ENTRIES_FILE = "entries.json.gz"
# Words that look like proclitics + a name but are words of their own ("وكالة", wakāla).
FALSE_SPLITS_FILE = "false_splits.txt"
_EARTH_KM = 6371.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def default_path() -> Path:
    """The bundled knowledge-base directory inside the installed package."""
    return Path(str(resources.files("marsad") / "data" / "kb"))


class KnowledgeBase:
    """Actors and places with Arabic names.

    Entries keep the order of the data file, which the build sorts best-first for each
    name (countries, curated, provinces and capitals, then by population), so `lookup` and
    the matcher return candidates in that order.

    `unmatched` holds, per entry id, names that are also common Arabic words ("حرب", ḥarb,
    "war", a village name): `lookup` still finds them, but the text matcher ignores them.
    `ambiguous` holds curated names that are common words too ("الباب", al-bāb, "the door",
    the town of al-Bab): the matcher finds them and callers should want context.
    `keys` may give each entry's precomputed match keys (aligned with `KBEntry.names`);
    the bundled data carries them so that loading stays well under a second.
    """

    def __init__(
        self,
        entries: Iterable[KBEntry],
        unmatched: dict[str, frozenset[str]] | None = None,
        ambiguous: dict[str, frozenset[str]] | None = None,
        false_splits: frozenset[str] = frozenset(),
        keys: dict[str, Sequence[str]] | None = None,
        link_only: frozenset[str] = frozenset(),
    ) -> None:
        self._entries: dict[str, KBEntry] = {}
        for e in entries:
            if e.id in self._entries:
                raise ResourceError(f"knowledge base: duplicate entry id {e.id!r}")
            self._entries[e.id] = e
        self._unmatched = unmatched or {}
        # Names needing context: curated common words, and names withheld from the matcher
        # that it may still find on a namesake's account.
        self._ambiguous: dict[str, frozenset[str]] = {}
        for source in (ambiguous or {}, self._unmatched):
            for k, v in source.items():
                self._ambiguous[k] = self._ambiguous.get(k, frozenset()) | {match_key(n) for n in v}
        self._keys: dict[str, Sequence[str]] = keys or {
            e.id: [match_key(n) for n in e.names] for e in self._entries.values()
        }
        self._by_key: dict[str, list[str]] = {}
        for eid, ks in self._keys.items():
            for k in ks:
                if len(k) < 2:
                    continue
                ids = self._by_key.setdefault(k, [])
                if not ids or ids[-1] != eid:
                    ids.append(eid)
        self._false_splits = false_splits
        self._link_only = link_only
        self._spellings: dict[str, set[str]] | None = None  # built on first use
        self._actor_spellings: dict[str, set[str]] | None = None
        self._matchers: dict[frozenset[str] | None, Matcher] = {}

    # -- loading ---------------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | Path | None = None) -> KnowledgeBase:
        """Load the bundled knowledge base (or the one in directory `path`)."""
        directory = Path(path) if path is not None else default_path()
        file = directory / ENTRIES_FILE
        if not file.is_file():
            raise ResourceError(
                f"knowledge base not found at {file}; run `make data` "
                "(python -m marsad.kb.build --shared ../shared --out src/marsad/data/kb)"
            )
        try:
            with gzip.open(file, "rt", encoding="utf-8") as fh:
                data: dict[str, Any] = json.load(fh)
            fields: list[str] = data["fields"]
            if fields != list(ENTRY_FIELDS):
                raise ResourceError(
                    f"knowledge base at {file} has fields {fields}, this marsad reads "
                    f"{list(ENTRY_FIELDS)}; rebuild it (make data)"
                )
            entries: list[KBEntry] = []
            keys: dict[str, Sequence[str]] = {}
            unmatched: dict[str, frozenset[str]] = {}
            ambiguous: dict[str, frozenset[str]] = {}
            n = len(fields)
            link_only = frozenset(data.get("link_only") or ())
            for row in data["rows"]:
                entry = entry_from_row(row[:n])
                entries.append(entry)
                names = entry.names
                keys[entry.id] = row[n]
                if row[n + 1]:
                    unmatched[entry.id] = frozenset(names[i] for i in row[n + 1])
                if row[n + 2]:
                    ambiguous[entry.id] = frozenset(names[i] for i in row[n + 2])
        except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
            raise ResourceError(f"knowledge base at {file} is unreadable: {exc}") from exc
        splits_file = directory / FALSE_SPLITS_FILE
        splits = frozenset(
            splits_file.read_text(encoding="utf-8").split()) if splits_file.is_file() else frozenset()
        log.debug("knowledge base: %d entries from %s", len(entries), file)
        return cls(entries, unmatched, ambiguous, splits, keys, link_only)

    # -- access ----------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[KBEntry]:
        return iter(self._entries.values())

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._entries

    def get(self, entry_id: str) -> KBEntry | None:
        return self._entries.get(entry_id)

    def lookup(self, name: str) -> list[KBEntry]:
        """Entries with exactly this name or alias after loose normalisation, best first.

        >>> kb.lookup("تنظيم الدولة")  # tanẓīm al-dawla, "the Islamic State organisation"
        [KBEntry(id='marsad:isis', ...)]
        """
        return [self._entries[i] for i in self._by_key.get(match_key(name), ())]

    def lookup_spelling(self, name: str) -> list[KBEntry]:
        """The one well-known place `name` names when written with other long vowels:
        "زيوريخ" (zyūrīkh) for "زيورخ" (zyūrikh, Zurich), "بينسيلفانيا" (bīnsīlfāniyā) for
        "بنسلفانيا" (binsilfāniyā, Pennsylvania). A
        fallback for names `lookup` misses; only countries, first-level regions, cities of
        100,000 people or more and curated places are considered, and only when a single
        one has that spelling without the long vowels inside its words (four letters or
        more left)."""
        key = _skeleton(match_key(name))
        if len(key.replace(" ", "")) < 4:
            return []
        if self._spellings is None:
            index: dict[str, set[str]] = {}
            for e in self._entries.values():
                if not e.is_place or not self._well_known_place(e):
                    continue
                for k in self._keys.get(e.id, ()):
                    index.setdefault(_skeleton(k), set()).add(e.id)
            self._spellings = index
        ids = self._spellings.get(key, set())
        return [self._entries[i] for i in ids] if len(ids) == 1 else []

    def lookup_actor_spelling(self, name: str) -> list[KBEntry]:
        """The one curated person or organisation a name of two words or more names when
        written with a long vowel more or less in a word ("فلاديمير بوتن", flādīmīr būtin, for
        "فلاديمير بوتين", būtīn, Vladimir Putin; "أشرف غاني", ghānī, for "أشرف غني", ghanī). A
        person's given name must be written as the KB writes it: "محمود" (maḥmūd) is not
        "محمد" (muḥammad), and "مولر" (mūlar, Muller) is not "ميلر" (mīlar, Miller), a vowel
        for another."""
        key = _skeleton(match_key(name))
        if " " not in key or len(key.replace(" ", "")) < 6:
            return []
        if self._actor_spellings is None:
            index: dict[str, set[str]] = {}
            for e in self._entries.values():
                if e.type not in ("PER", "ORG") or not e.curated:
                    continue
                for k in self._keys.get(e.id, ()):
                    if " " in k:
                        index.setdefault(_skeleton(k), set()).add(e.id)
            self._actor_spellings = index
        written = match_key(name).split()
        found = [e for e in (self._entries[i] for i in self._actor_spellings.get(key, set()))
                 if any(_respelt(written, k.split(), e.type == "PER") for k in self._keys.get(e.id, ()))]
        return found if len(found) == 1 else []

    def lookup_without_article(self, name: str) -> list[KBEntry]:
        """Well-known places whose KB name lacks the article `name` is written with
        ("الخرطوم", al-kharṭūm, for "خرطوم", Khartoum)."""
        key = match_key(name)
        if not key.startswith("ال") or len(key) < 5:
            return []
        return [e for e in self.lookup(key[2:]) if e.is_place and self._well_known_place(e)]

    @staticmethod
    def _well_known_place(e: KBEntry) -> bool:
        return e.curated or e.kind in ("country", "admin1") or (e.population or 0) >= _KNOWN_POPULATION

    def entries_of_type(self, *types: str) -> list[KBEntry]:
        wanted = set(types)
        return [e for e in self._entries.values() if e.type in wanted]

    def places_near(self, lat: float, lon: float, km: float) -> list[KBEntry]:
        """Places within `km` of a point, nearest first."""
        found: list[tuple[float, KBEntry]] = []
        for e in self._entries.values():
            if e.lat is None or e.lon is None:
                continue
            # Cheap box test before the trigonometry.
            if abs(e.lat - lat) * 111.0 > km:
                continue
            d = haversine_km(lat, lon, e.lat, e.lon)
            if d <= km:
                found.append((d, e))
        found.sort(key=lambda x: x[0])
        return [e for _, e in found]

    def is_matchable(self, entry_id: str, name: str) -> bool:
        """Whether the matcher looks for `name` of this entry in running text."""
        return name not in self._unmatched.get(entry_id, frozenset())

    def is_link_only(self, entry_id: str) -> bool:
        """Whether an entry is for finding and linking names only, not a feature of the
        bundled taggers: entries curated after they were trained (data/kb/link/), so that
        the committed models stay what `make data` rebuilds."""
        return entry_id in self._link_only

    def is_ambiguous(self, entry_id: str, name: str) -> bool:
        """Whether `name` (as written, clitics removed) is also a common word for this entry.

        True for curated names flagged by the build and for names the matcher would not
        look for on this entry's account (it may still find them for a namesake).
        """
        return match_key(name) in self._ambiguous.get(entry_id, frozenset())

    # -- matching --------------------------------------------------------------------------

    def matcher(self, types: Iterable[str] | None = None) -> Matcher:
        """The text matcher over all entries (or only those of `types`), built once."""
        wanted = frozenset(types) if types is not None else None
        m = self._matchers.get(wanted)
        if m is None:
            # A key is searched for when at least one entry may be matched by it; then every
            # entry carrying it is a candidate, so that context can choose ("البيضاء" is a
            # curated Yemeni town and a Libyan city that shares a common word's name).
            pool = [e for e in self._entries.values() if wanted is None or e.type in wanted]
            live: set[str] = set()
            for e in pool:
                skip = self._unmatched.get(e.id, frozenset())
                live.update(k for n, k in zip(e.names, self._keys[e.id], strict=True)
                            if n not in skip and len(k) >= 2)
            index: dict[str, list[str]] = {}
            for e in pool:
                for key in self._keys[e.id]:
                    if key in live:
                        ids = index.setdefault(key, [])
                        if not ids or ids[-1] != e.id:
                            ids.append(e.id)
            m = Matcher(index, blocked=self._false_splits)
            self._matchers[wanted] = m
        return m


# A city this large is written about from afar, so its name is spelt many ways.
_KNOWN_POPULATION = 100_000
_LONG_VOWELS = str.maketrans("", "", "اويى")


def _skeleton(key: str) -> str:
    """A match key without the long vowels inside its words (first and last letters kept:
    "سيبيريا", sībīriyā, Siberia, is not "سابورو", sābūrū, Sapporo)."""
    return " ".join(w if len(w) < 3 else w[0] + w[1:-1].translate(_LONG_VOWELS) + w[-1]
                    for w in key.split())


def _respelt(written: list[str], known: list[str], person: bool) -> bool:
    """Whether `written` is `known` with at most one long vowel added or dropped in each
    word of five letters or more (none in a person's first word): short Arabic names differ
    by just that ("حسن", ḥasan; "حسون", ḥassūn)."""
    if len(written) != len(known):
        return False
    for n, (a, b) in enumerate(zip(written, known, strict=True)):
        if a == b:
            continue
        if person and n == 0:
            return False
        longer, shorter = (a, b) if len(a) > len(b) else (b, a)
        if longer.endswith("وي") and longer[:-2] + "ي" == shorter:
            return False  # a nisba: "مصطفوي" (muṣṭafawī) is not "مصطفى" (muṣṭafā)
        if len(longer) < 5 or len(longer) - len(shorter) != 1 or not any(
                longer[k] in "اوي" and longer[:k] + longer[k + 1:] == shorter for k in range(len(longer))):
            return False
    return True
