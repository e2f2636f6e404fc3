"""The output contract `marsad.analysis/1` (docs/contract.md) on every record the pipeline makes.

The full default pipeline runs once per session over the 240 dev articles, the 50 bundled
Wikinews demo articles and the CNN Arabic HTML page; every record is checked for schema,
exact spans, unique and resolvable ids, closed vocabularies, well-formed values, ordered
sentences and an exact `from_dict`/`to_dict` round trip. `contract_problems` is shared with
tests/test_robustness.py, which fuzzes the same invariants.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from marsad.document import Document
from marsad.document.model import (
    ENTITY_TYPES,
    EVENT_STATUSES,
    PLACE_KINDS,
    PLOVER_TYPES,
    QUOTE_KINDS,
    SCHEMA,
    TIME_TYPES,
)
from tests.conftest import DEV_ARTICLES, SHARED

NEWS_HTML = SHARED / "data" / "news-html"

_ARTICLE_KEYS = {"id", "title", "outlet", "byline", "url", "published", "language"}
_TOP_KEYS = {"schema", "article", "text", "related", "sentences", "entities", "quotes", "events",
             "times", "places"}
_PUBLISHED_RE = re.compile(
    r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$"
)
# ISO 8601 or TimeML: years may be partly unknown (XXXX, 20XX) or a decade/century (198, 19);
# then month/day, week, quarter, half, season or weekend; then an optional clock or day part.
_DATE_VALUE_RE = re.compile(
    r"^(?:PRESENT_REF|PAST_REF|FUTURE_REF|"
    r"[\dX]{2,4}"
    r"(?:-(?:(?:0[1-9]|1[0-2]|XX)(?:-(?:0[1-9]|[12]\d|3[01]|XX))?"
    r"|W(?:0[1-9]|[1-4]\d|5[0-3]|XX)(?:-(?:[1-7]|WE|X))?"
    r"|Q[1-4X]|H[12X]|SP|SU|FA|WI))?"
    r"(?:T(?:(?:[01]\d|2[0-4]|XX)(?::[0-5]\d)?(?::[0-5]\d)?|MO|MI|AF|EV|NI|DT))?)$"
)
_DURATION_VALUE_RE = re.compile(
    r"^P(?:(?:[\dX]+(?:\.\d+)?|X)(?:Y|M|W|D|DE|CE|ML|Q|H))*"
    r"(?:T(?:(?:[\dX]+(?:\.\d+)?)[HMS])+)?$"
)
_EVENT_DATE_RE = re.compile(r"^[\dX]{4}(?:-(?:\d{2}|XX)(?:-(?:\d{2}|XX))?)?$")
_COUNTRY_RE = re.compile(r"^[A-Z]{2}$")


def _is_span(d: Any, text: str, where: str, out: list[str]) -> bool:
    if not isinstance(d, dict):
        out.append(f"{where}: not a span object: {d!r}")
        return False
    s, e, t = d.get("start"), d.get("end"), d.get("text")
    if not (type(s) is int and type(e) is int and isinstance(t, str)):
        out.append(f"{where}: span fields must be int, int, str: {d!r}")
        return False
    if not 0 <= s <= e <= len(text):
        out.append(f"{where}: span [{s}, {e}) outside the text (length {len(text)})")
        return False
    if text[s:e] != t:
        out.append(f"{where}: text[{s}:{e}] is {text[s:e]!r}, span says {t!r}")
        return False
    if s == e:
        out.append(f"{where}: empty span at {s}")
        return False
    return True


def _opt_str(v: Any) -> bool:
    return v is None or isinstance(v, str)


def _ref(d: Any, ids: set[str], where: str, out: list[str], *, span: bool = False,
         text: str = "") -> None:
    """A `{"entity": id|null, "text": str}` reference (a span too when `span`)."""
    if not isinstance(d, dict):
        out.append(f"{where}: not a reference object: {d!r}")
        return
    ent = d.get("entity")
    if ent is not None and ent not in ids:
        out.append(f"{where}: refers to entity {ent!r}, which the record does not have")
    if not isinstance(d.get("text"), str):
        out.append(f"{where}: text must be a string: {d!r}")
    if span:
        _is_span(d, text, where, out)


def time_value_ok(value: str, type_: str) -> bool:
    """Whether `value` is a well-formed ISO 8601 / TimeML value for a time of `type_`."""
    if type_ == "DURATION":
        return bool(_DURATION_VALUE_RE.match(value)) and value not in ("P", "PT")
    if type_ == "SET":
        return bool(_DATE_VALUE_RE.match(value) or _DURATION_VALUE_RE.match(value))
    return bool(_DATE_VALUE_RE.match(value))


def contract_problems(rec: dict[str, Any], *, event_dates: bool = True) -> list[str]:
    """Every way `rec` breaks the `marsad.analysis/1` contract (empty when it holds).

    `event_dates=False` leaves out the event-date values, a known break of the events stage
    checked on its own (see `test_event_dates_are_calendar_dates`) so that it does not hide
    new breaks elsewhere.
    """
    out: list[str] = []
    if set(rec) != _TOP_KEYS:
        out.append(f"top-level keys {sorted(rec)} are not {sorted(_TOP_KEYS)}")
        return out
    if rec["schema"] != SCHEMA:
        out.append(f"schema {rec['schema']!r}")
    text = rec["text"]
    if not isinstance(text, str) or not text.strip():
        out.append("text must be a non-empty string")
        return out
    try:
        if json.loads(json.dumps(rec, ensure_ascii=False, allow_nan=False)) != rec:
            out.append("the record does not survive a JSON round trip")
    except ValueError as exc:
        out.append(f"the record is not strict JSON ({exc})")

    art = rec["article"]
    if not isinstance(art, dict) or set(art) != _ARTICLE_KEYS:
        out.append(f"article keys {sorted(art) if isinstance(art, dict) else art!r}")
    else:
        if not isinstance(art["id"], str) or not art["id"]:
            out.append(f"article.id {art['id']!r}")
        for k in ("title", "outlet", "byline", "url"):
            if not _opt_str(art[k]):
                out.append(f"article.{k} {art[k]!r}")
        if art["published"] is not None and not (
            isinstance(art["published"], str) and _PUBLISHED_RE.match(art["published"])
        ):
            out.append(f"article.published {art['published']!r} is not ISO 8601")
        if art["language"] != "ar":
            out.append(f"article.language {art['language']!r}")

    for i, r in enumerate(rec["related"]):
        if not (isinstance(r.get("title"), str) and _opt_str(r.get("url")) and isinstance(r.get("kind"), str)):
            out.append(f"related[{i}] {r!r}")

    prev_end = 0
    for i, s in enumerate(rec["sentences"]):
        st, en = s.get("start"), s.get("end")
        if not (type(st) is int and type(en) is int and 0 <= st < en <= len(text)):
            out.append(f"sentences[{i}] [{st}, {en}) is not a non-empty range of the text")
            continue
        if st < prev_end:
            out.append(f"sentences[{i}] starts at {st}, before the previous one ends ({prev_end})")
        prev_end = en

    ent_ids: set[str] = set()
    for i, e in enumerate(rec["entities"]):
        w = f"entities[{i}]"
        if e.get("id") in ent_ids or not isinstance(e.get("id"), str):
            out.append(f"{w}: id {e.get('id')!r} repeated or not a string")
        ent_ids.add(e.get("id"))
        if e.get("type") not in ENTITY_TYPES:
            out.append(f"{w}: type {e.get('type')!r}")
        if not isinstance(e.get("name"), str) or not e["name"].strip():
            out.append(f"{w}: name {e.get('name')!r}")
        for k in ("name_en", "kb_id", "link_reason", "sector"):
            if not _opt_str(e.get(k)):
                out.append(f"{w}: {k} {e.get(k)!r}")
        if e.get("country") is not None and not _COUNTRY_RE.match(str(e["country"])):
            out.append(f"{w}: country {e['country']!r} is not ISO 3166 alpha-2")
        if not e.get("mentions"):
            out.append(f"{w}: no mentions")
        for j, m in enumerate(e.get("mentions") or []):
            _is_span(m, text, f"{w}.mentions[{j}]", out)

    quote_ids: set[str] = set()
    for i, q in enumerate(rec["quotes"]):
        w = f"quotes[{i}]"
        if q.get("id") in quote_ids or not isinstance(q.get("id"), str):
            out.append(f"{w}: id {q.get('id')!r} repeated or not a string")
        quote_ids.add(q.get("id"))
        if q.get("kind") not in QUOTE_KINDS:
            out.append(f"{w}: kind {q.get('kind')!r}")
        _is_span(q, text, w, out)
        if q.get("cue") is not None:
            _is_span(q["cue"], text, f"{w}.cue", out)
        if q.get("speaker") is not None:
            _ref(q["speaker"], ent_ids, f"{w}.speaker", out, span=True, text=text)
        for k in ("addressee", "relayed_by"):
            if q.get(k) is not None:
                _ref(q[k], ent_ids, f"{w}.{k}", out)

    ev_ids: set[str] = set()
    for i, v in enumerate(rec["events"]):
        w = f"events[{i}]"
        if v.get("id") in ev_ids or not isinstance(v.get("id"), str):
            out.append(f"{w}: id {v.get('id')!r} repeated or not a string")
        ev_ids.add(v.get("id"))
        if v.get("type") not in PLOVER_TYPES:
            out.append(f"{w}: type {v.get('type')!r} is not PLOVER")
        if v.get("status") not in EVENT_STATUSES:
            out.append(f"{w}: status {v.get('status')!r}")
        if not _opt_str(v.get("mode")):
            out.append(f"{w}: mode {v.get('mode')!r}")
        if not isinstance(v.get("context"), list) or not all(isinstance(c, str) for c in v["context"]):
            out.append(f"{w}: context {v.get('context')!r}")
        conf = v.get("confidence")
        if not (isinstance(conf, int | float) and not isinstance(conf, bool)
                and math.isfinite(conf) and 0.0 <= conf <= 1.0):
            out.append(f"{w}: confidence {conf!r} not in [0, 1]")
        _is_span(v.get("trigger"), text, f"{w}.trigger", out)
        for role in ("actor", "target"):
            if not isinstance(v.get(role), list):
                out.append(f"{w}: {role} {v.get(role)!r}")
                continue
            for j, r in enumerate(v[role]):
                _ref(r, ent_ids, f"{w}.{role}[{j}]", out)
        if v.get("place") is not None:
            _ref(v["place"], ent_ids, f"{w}.place", out)
        if v.get("quote") is not None and v["quote"] not in quote_ids:
            out.append(f"{w}: quote {v['quote']!r}, which the record does not have")
        d = v.get("date")
        if d is not None:
            if not isinstance(d.get("text"), str):
                out.append(f"{w}.date: text {d.get('text')!r}")
            if event_dates and d.get("value") is not None and not _EVENT_DATE_RE.match(str(d["value"])):
                out.append(f"{w}.date: value {d['value']!r} is not YYYY[-MM[-DD]]")

    for i, t in enumerate(rec["times"]):
        w = f"times[{i}]"
        _is_span(t, text, w, out)
        if t.get("type") not in TIME_TYPES:
            out.append(f"{w}: type {t.get('type')!r}")
        val = t.get("value")
        if val is not None and not (isinstance(val, str) and time_value_ok(val, str(t.get("type")))):
            out.append(f"{w}: value {val!r} is not ISO/TimeML for {t.get('type')} ({t.get('text')!r})")

    for i, p in enumerate(rec["places"]):
        w = f"places[{i}]"
        if p.get("entity") is not None and p["entity"] not in ent_ids:
            out.append(f"{w}: entity {p['entity']!r}, which the record does not have")
        if p.get("kind") not in PLACE_KINDS:
            out.append(f"{w}: kind {p.get('kind')!r}")
        lat, lon = p.get("lat"), p.get("lon")
        if (lat is None) != (lon is None):
            out.append(f"{w}: lat {lat!r} and lon {lon!r} must both be given or both null")
        if lat is not None and not (isinstance(lat, int | float) and math.isfinite(lat) and -90 <= lat <= 90):
            out.append(f"{w}: lat {lat!r}")
        if lon is not None and not (isinstance(lon, int | float) and math.isfinite(lon) and -180 <= lon <= 180):
            out.append(f"{w}: lon {lon!r}")
        if p.get("country") is not None and not _COUNTRY_RE.match(str(p["country"])):
            out.append(f"{w}: country {p['country']!r} is not ISO 3166 alpha-2")
        gid = p.get("geonames_id")
        if gid is not None and not (type(gid) is int and gid > 0):
            out.append(f"{w}: geonames_id {gid!r}")
        if not p.get("mentions"):
            out.append(f"{w}: no mentions")
        for j, m in enumerate(p.get("mentions") or []):
            _is_span(m, text, f"{w}.mentions[{j}]", out)

    try:
        if Document.from_dict(rec).to_dict() != rec:
            out.append("Document.from_dict(rec).to_dict() != rec")
    except Exception as exc:  # any failure to read it back is a contract break
        out.append(f"Document.from_dict failed: {type(exc).__name__}: {exc}")
    return out


def assert_contract(rec: dict[str, Any]) -> None:
    problems = contract_problems(rec)
    assert not problems, f"{rec['article']['id'] if 'article' in rec else '?'}: " + "; ".join(problems[:20])


# -- the corpora ------------------------------------------------------------------------------

def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _analyse_records(recs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from marsad.api.python import load_pipeline
    from marsad.ingest.reader import document_from_record

    nlp = load_pipeline()
    # Every record must go through: a failure here is a bug, so no on_error.
    return [nlp(document_from_record(r, source=str(r.get("id")))).to_dict() for r in recs]


@pytest.fixture(scope="session")
def dev_records() -> list[dict[str, Any]]:
    if not DEV_ARTICLES.exists():
        pytest.skip(f"{DEV_ARTICLES} not available")
    return _analyse_records(list(_jsonl(DEV_ARTICLES)))


@pytest.fixture(scope="session")
def demo_records() -> list[dict[str, Any]]:
    demo = resources.files("marsad") / "data" / "demo" / "wikinews.jsonl"
    with resources.as_file(demo) as path:
        return _analyse_records(list(_jsonl(Path(path))))


@pytest.fixture(scope="session")
def html_records() -> list[dict[str, Any]]:
    pages = sorted(NEWS_HTML.glob("*.html")) if NEWS_HTML.exists() else []
    if not pages:
        pytest.skip(f"no HTML pages in {NEWS_HTML}")
    import marsad

    return [marsad.analyze(p.read_text(encoding="utf-8"), id=p.name).to_dict() for p in pages]


def _report(records: list[dict[str, Any]], *, event_dates: bool = False) -> str:
    bad = {}
    for rec in records:
        problems = contract_problems(rec, event_dates=event_dates)
        if problems:
            bad[rec["article"]["id"]] = problems
    lines = [f"{len(bad)} of {len(records)} records break the contract"]
    for rid, problems in list(bad.items())[:15]:
        lines.append(f"  {rid}: " + "; ".join(problems[:6]))
    return "\n".join(lines) if bad else ""


def test_dev_articles_follow_the_contract(dev_records: list[dict[str, Any]]) -> None:
    assert len(dev_records) == 240
    if report := _report(dev_records):
        pytest.fail(report)
    assert len({r["article"]["id"] for r in dev_records}) == 240


def test_dev_articles_are_not_empty_analyses(dev_records: list[dict[str, Any]]) -> None:
    """Real news has entities, sentences and dates: an empty layer everywhere is a silent failure."""
    for layer in ("sentences", "entities", "quotes", "events", "times", "places"):
        assert sum(1 for r in dev_records if r[layer]) > len(dev_records) // 4, layer
    assert all(r["sentences"] for r in dev_records)


def test_sentences_cover_the_words(dev_records: list[dict[str, Any]]) -> None:
    """No letter of the body falls outside every sentence (the later stages would never see it)."""
    for rec in dev_records:
        text = rec["text"]
        covered = bytearray(len(text))
        for s in rec["sentences"]:
            covered[s["start"]:s["end"]] = b"\x01" * (s["end"] - s["start"])
        lost = [i for i, c in enumerate(text) if c.isalpha() and not covered[i]]
        assert not lost, f"{rec['article']['id']}: letters outside sentences at {lost[:5]}"


def test_no_event_sets_an_entity_against_itself(dev_records: list[dict[str, Any]]) -> None:
    """Two mentions of one entity (a title and a hashtag name) on both sides of one event:
    merging two accounts of a summit once made Kim Jong-un his own counterpart."""
    for rec in dev_records:
        for ev in rec["events"]:
            actors = {r["entity"] for r in ev["actor"] if r.get("entity")}
            both = actors & {r["entity"] for r in ev["target"] if r.get("entity")}
            assert not both, f"{rec['article']['id']} {ev['id']}: {both} is actor and target"


def test_event_dates_are_calendar_dates(dev_records: list[dict[str, Any]]) -> None:
    if report := _report(dev_records, event_dates=True):
        pytest.fail(report)


def test_demo_articles_follow_the_contract(demo_records: list[dict[str, Any]]) -> None:
    assert len(demo_records) == 50
    if report := _report(demo_records):
        pytest.fail(report)


def test_html_page_follows_the_contract(html_records: list[dict[str, Any]]) -> None:
    if report := _report(html_records):
        pytest.fail(report)
    for rec in html_records:
        assert rec["entities"] and rec["sentences"]
        # The body, not the page: no markup or script text survives extraction.
        assert "<" not in rec["text"] and "function(" not in rec["text"]


def test_html_body_matches_the_expected_text(html_records: list[dict[str, Any]]) -> None:
    for rec in html_records:
        expected = NEWS_HTML / rec["article"]["id"].replace(".html", ".expected-text.txt")
        if not expected.exists():
            continue
        want = " ".join(expected.read_text(encoding="utf-8").split())
        got = " ".join(rec["text"].split())
        # The first and last sentences of the expected body are in the extracted body.
        first, last = want[:60], want[-60:]
        assert first in got and last in got


def test_contract_checker_catches_breaks() -> None:
    """The checker itself: a valid record passes; each kind of break is reported."""
    import copy

    import marsad

    rec = marsad.analyze("قال الرئيس الأمريكي دونالد ترامب في واشنطن يوم 18 آذار/مارس 2019 إن "
                         "القوات ستنسحب من سوريا.", published="2019-03-19").to_dict()
    assert contract_problems(rec) == []
    assert rec["entities"], "the checker needs entities to break"

    def broken(path: str, value: Any) -> list[str]:
        r = copy.deepcopy(rec)
        *head, last = path.split(".")
        obj: Any = r
        for k in head:
            obj = obj[int(k)] if k.isdigit() else obj[k]
        obj[int(last) if last.isdigit() else last] = value
        return contract_problems(r)

    assert broken("entities.0.mentions.0.start", rec["entities"][0]["mentions"][0]["start"] + 1)
    assert broken("entities.0.type", "PERSON")
    r = copy.deepcopy(rec)
    r["entities"].append(copy.deepcopy(r["entities"][0]))
    assert any("repeated" in p for p in contract_problems(r))
    r = copy.deepcopy(rec)
    r["places"] = [{"entity": "e999", "kind": "city", "lat": 91.0, "lon": 0.0, "country": "usa",
                    "name_en": None, "geonames_id": None, "admin1": None, "kb_id": None,
                    "mentions": [rec["entities"][0]["mentions"][0]]}]
    assert len(contract_problems(r)) >= 3  # unknown entity, latitude, country code
    assert broken("schema", "marsad.analysis/2")
    assert broken("sentences", [{"start": 5, "end": 9}, {"start": 7, "end": 12}])
    assert broken("article.published", "19/03/2019")
    assert not time_value_ok("2019-13-01", "DATE") and time_value_ok("XXXX-03-18", "DATE")
    assert time_value_ok("P3D", "DURATION") and not time_value_ok("3 days", "DURATION")


def _place_entity_problems(rec: dict[str, Any]) -> list[str]:
    """A place with an entity is that entity's place: one place per entity, the same KB entry,
    and its mentions are mentions of the entity (not of another referent merged into it)."""
    out = []
    ents = {e["id"]: e for e in rec["entities"]}
    seen: dict[str, str | None] = {}
    for p in rec["places"]:
        if p["entity"] is None:
            continue
        ent = ents[p["entity"]]
        if p["entity"] in seen:
            out.append(f"{ent['name']} ({p['entity']}) has two places: {seen[p['entity']]} and {p['name_en']}")
        seen[p["entity"]] = p["name_en"]
        if ent["kb_id"] and p["kb_id"] and ent["kb_id"] != p["kb_id"]:
            out.append(f"{ent['name']} ({ent['kb_id']}) placed as {p['name_en']} ({p['kb_id']})")
        spans = {(m["start"], m["end"]) for m in ent["mentions"]}
        for m in p["mentions"]:
            if not any(s < m["end"] and m["start"] < e for s, e in spans):
                out.append(f"place {p['name_en']} mention {m['text']!r} is no mention of {ent['name']}")
    return out


def test_places_agree_with_their_entities(dev_records: list[dict[str, Any]]) -> None:
    bad = {r["article"]["id"]: p for r in dev_records if (p := _place_entity_problems(r))}
    if bad:
        pytest.fail(f"{len(bad)} of {len(dev_records)} records: " + "; ".join(
            f"{rid}: {ps[0]}" for rid, ps in list(bad.items())[:8]))


def test_metonymic_capital_is_not_the_states_place() -> None:
    import marsad

    rec = marsad.analyze("نفى مصدر دبلوماسي تركي استخدام أنقرة أسلحة كيميائية في سوريا، وأكد أن أنقرة "
                         "\"لم تستخدم مطلقا\" أسلحة كيميائية. وتشن تركيا عملية عسكرية على عفرين.",
                         published="2018-02-17").to_dict()
    assert _place_entity_problems(rec) == []
