"""Validate the curated armed-group and people files of the knowledge base, line by line.

Files: `data/kb/actors_groups.jsonl` (armed groups, militias, parties, coalitions) and
`data/kb/actors_people.jsonl` (leaders, officials, spokespeople, envoys). The checks are the
contract the KB builder relies on: the schema of the shared interface, allowed types and
sectors, ids unique across every `data/kb/actors_*.jsonl` and `norp.jsonl`, Arabic script in
every Arabic name, affiliations that resolve to an existing id, and no common word among the
aliases (such words belong in `descriptions`: "الدولة", al-dawla, "the state", names ISIS
only once the article has named it).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from marsad.arabic import normalize

KB_DIR = Path(__file__).resolve().parents[2] / "data" / "kb"
OWN_FILES = {"actors_groups.jsonl": "ORG", "actors_people.jsonl": "PER"}
MIN_ENTRIES = {"actors_groups.jsonl": 250, "actors_people.jsonl": 800}

SECTORS = frozenset({
    "government", "military", "police", "intelligence", "judiciary", "legislature", "party",
    "rebel/insurgent", "militia", "terrorist", "IGO", "NGO", "media", "religious", "business",
    "tribe", "ethnic", "other",
})
REQUIRED: dict[str, type] = {
    "id": str, "type": str, "name": str, "aliases": list, "name_en": str,
    "descriptions": list,
}
OPTIONAL: dict[str, type | tuple[type, ...]] = {
    "aliases_en": list, "qid": (str, type(None)), "country": (str, type(None)),
    "sector": (str, type(None)), "role": (str, type(None)),
    "affiliation": (str, type(None)),
}
ID_RE = re.compile(r"^marsad:[a-z0-9]+(?:-[a-z0-9]+)*$")
QID_RE = re.compile(r"^Q[1-9][0-9]*$")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")
# Arabic names may carry digits and a few punctuation marks ("الفرقة 13", "الجبهة الشعبية -
# القيادة العامة"), never Latin letters: a Latin letter is a copy-paste slip.
ARABIC_NAME_RE = re.compile(r"^[\u0600-\u06FF0-9 \-]+$")
# Words that name an actor only in context; as an alias they would tag every occurrence of
# "the state", "the movement", "the army" in any article. Compared after loose normalisation.
COMMON_WORDS = frozenset(normalize(w, loose=True) for w in (
    "الدولة", "التنظيم", "الحركة", "الجماعة", "الحزب", "الجيش", "الحكومة", "المجلس",
    "الجبهة", "التحالف", "الهيئة", "الرئيس", "الوزير", "الملك", "الأمير", "الشيخ", "الإمام",
    "المقاومة", "الميليشيا", "الميليشيات", "القوات", "الكتائب", "السرايا", "الوحدات",
    "الشباب", "المعارضة", "النظام", "السلطة", "المنظمة", "الشعب",
    "صالح", "مبارك", "عون", "بري", "هادي", "رئيسي", "سلامة", "المعلم", "المهندس", "الحكيم",
    "السوداني", "العثماني", "الشاهد", "فتح", "حسم", "عزم", "الحية", "الضيف", "جودة",
))


def _load(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            assert line.strip(), f"{path.name}:{number}: blank line"
            yield number, json.loads(line)


def _own() -> list[tuple[str, int, dict[str, Any]]]:
    out: list[tuple[str, int, dict[str, Any]]] = []
    for name in OWN_FILES:
        path = KB_DIR / name
        if not path.exists():
            pytest.skip(f"{path} not present")
        out.extend((name, number, record) for number, record in _load(path))
    return out


def _all_actor_files() -> list[Path]:
    files = sorted(KB_DIR.glob("actors_*.jsonl"))
    norp = KB_DIR / "norp.jsonl"
    return files + ([norp] if norp.exists() else [])


def _all_ids() -> set[str]:
    """Every id in the curated KB sources (actors, NORP, places), for affiliation lookup."""
    ids: set[str] = set()
    for path in sorted(KB_DIR.glob("*.jsonl")):
        ids.update(record["id"] for _, record in _load(path) if "id" in record)
    return ids


def test_minimum_coverage() -> None:
    counts = Counter(name for name, _, _ in _own())
    for name, floor in MIN_ENTRIES.items():
        assert counts[name] >= floor, f"{name}: {counts[name]} entries, want >= {floor}"


def test_schema_of_every_line() -> None:
    problems: list[str] = []
    for name, number, rec in _own():
        where = f"{name}:{number} {rec.get('id')}"
        for key, kind in REQUIRED.items():
            if not isinstance(rec.get(key), kind):
                problems.append(f"{where}: {key} missing or not {kind}")
        for key, kinds in OPTIONAL.items():
            if key in rec and not isinstance(rec[key], kinds):
                problems.append(f"{where}: {key} has the wrong type")
        unknown = set(rec) - set(REQUIRED) - set(OPTIONAL)
        if unknown:
            problems.append(f"{where}: unknown keys {sorted(unknown)}")
        if not ID_RE.match(rec.get("id", "")):
            problems.append(f"{where}: id not marsad:<slug>")
        if rec.get("type") != OWN_FILES[name]:
            problems.append(f"{where}: type {rec.get('type')} in {name}")
        if rec.get("sector") not in SECTORS:
            problems.append(f"{where}: sector {rec.get('sector')!r} not allowed")
        if rec.get("qid") is not None and not QID_RE.match(rec["qid"]):
            problems.append(f"{where}: bad qid {rec['qid']!r}")
        if rec.get("country") is not None and not COUNTRY_RE.match(rec["country"]):
            problems.append(f"{where}: bad country {rec['country']!r}")
        if rec.get("type") == "PER" and not rec.get("role"):
            problems.append(f"{where}: a person needs a role")
        if rec.get("type") == "ORG" and (rec.get("role") or rec.get("affiliation")):
            problems.append(f"{where}: role/affiliation are for people")
        name_en = rec.get("name_en") or ""
        if not re.search(r"[A-Za-z]", name_en) or ARABIC_LETTER.search(name_en):
            problems.append(f"{where}: name_en must be English")
        for alias_en in rec.get("aliases_en", []):
            if not alias_en.strip() or ARABIC_LETTER.search(alias_en):
                problems.append(f"{where}: bad English alias {alias_en!r}")
    assert not problems, "\n".join(problems[:50])


def test_arabic_names_are_clean() -> None:
    problems: list[str] = []
    for name, number, rec in _own():
        where = f"{name}:{number} {rec['id']}"
        strings = [rec["name"], *rec["aliases"], *rec["descriptions"]]
        for s in strings:
            if not ARABIC_LETTER.search(s) or not ARABIC_NAME_RE.match(s):
                problems.append(f"{where}: not an Arabic name: {s!r}")
            if s != s.strip() or "  " in s:
                problems.append(f"{where}: stray whitespace in {s!r}")
        keys = [normalize(s, loose=True) for s in [rec["name"], *rec["aliases"]]]
        if len(keys) != len(set(keys)):
            dupes = [k for k, n in Counter(keys).items() if n > 1]
            problems.append(f"{where}: aliases repeat the name or each other: {dupes}")
        overlap = set(keys) & {normalize(d, loose=True) for d in rec["descriptions"]}
        if overlap:
            problems.append(f"{where}: both alias and description: {sorted(overlap)}")
        common = set(keys) & COMMON_WORDS
        if common:
            problems.append(f"{where}: common word as a name: {sorted(common)}")
    assert not problems, "\n".join(problems[:50])


def test_primary_names_are_unambiguous() -> None:
    """Two entries may share a short alias, but never their full name."""
    seen: dict[str, str] = {}
    clashes: list[str] = []
    for _, _, rec in _own():
        key = normalize(rec["name"], loose=True)
        if key in seen:
            clashes.append(f"{rec['id']} and {seen[key]} are both named {rec['name']!r}")
        seen[key] = rec["id"]
    assert not clashes, "\n".join(clashes)


def test_ids_unique_across_actor_files() -> None:
    owner: dict[str, str] = {}
    clashes: list[str] = []
    for path in _all_actor_files():
        for number, rec in _load(path):
            where = f"{path.name}:{number}"
            if rec["id"] in owner:
                clashes.append(f"{rec['id']}: {owner[rec['id']]} and {where}")
            owner[rec["id"]] = where
    assert not clashes, "\n".join(clashes)


def test_affiliations_resolve() -> None:
    # People point at states, armies and IGOs that the states/institutions file defines; until
    # that file exists there is nothing to resolve against.
    if not (KB_DIR / "actors_states.jsonl").exists():
        pytest.skip("actors_states.jsonl not present yet")
    ids = _all_ids()
    missing = sorted(
        {f"{rec['id']} -> {rec['affiliation']}" for _, _, rec in _own()
         if rec.get("affiliation") and rec["affiliation"] not in ids}
    )
    assert not missing, "\n".join(missing)


def test_well_known_actors_present() -> None:
    """The names the brief and the reference article rely on resolve to the right entries."""
    index: dict[str, set[str]] = {}
    for _, _, rec in _own():
        for s in [rec["name"], *rec["aliases"]]:
            index.setdefault(normalize(s, loose=True), set()).add(rec["id"])
    expect = {
        "تنظيم الدولة": "marsad:isis", "داعش": "marsad:isis",
        "أبو الحسن المهاجر": "marsad:abu-al-hassan-al-muhajir",
        "المهاجر": "marsad:abu-al-hassan-al-muhajir",
        "أبو بكر البغدادي": "marsad:abu-bakr-al-baghdadi",
        "البغدادي": "marsad:abu-bakr-al-baghdadi",
        "قسد": "marsad:sdf", "هيئة تحرير الشام": "marsad:hts", "جبهة فتح الشام": "marsad:nusra-front",
        "أنصار الله": "marsad:houthis", "الحشد الشعبي": "marsad:pmf",
        "كتائب القسام": "marsad:qassam-brigades", "سرايا القدس": "marsad:al-quds-brigades",
        "حسن نصر الله": "marsad:hassan-nasrallah", "خليفة حفتر": "marsad:khalifa-haftar",
        "البيشمركة": "marsad:peshmerga", "فاغنر": "marsad:wagner", "بوكو حرام": "marsad:boko-haram",
    }
    for surface, entry_id in expect.items():
        assert entry_id in index.get(normalize(surface, loose=True), set()), surface
