"""Times stage: every Arabic calendar expression, resolved against the publication date.

`find_times(text, published)` finds dates in every month system Arabic news uses (Gregorian
يناير yanāyir, Levantine كانون الثاني kānūn ath-thānī, Maghrebi جانفي jānfī, Hijri رجب rajab
with هـ years), paired forms ("آذار/مارس", ādhār/māris), weekdays ("أمس الإثنين", ams
al-ithnayn, "yesterday, Monday"), relative expressions (الأسبوع الماضي al-usbūʿ al-māḍī,
"last week"; قبل ثلاثة أيام qabla thalāthat ayyām, "three days ago"), years, decades, clock
times, durations and sets. Values are ISO (YYYY, YYYY-MM, YYYY-MM-DD), TimeML where ISO
cannot say it (XXXX-03-18 when the year is unknown, XXXX-WXX-1 for a bare Monday, P3D, P1W),
or None.

Resolution rules (GUIDELINES 1.1 plus what a conflict analyst expects), all against the
publication date P:
- A month without a year: if it falls one or two months after P's month (wrapping over the
  new year) it is upcoming, otherwise it is the most recent such month on or before P,
  because news reports past events ("أكتوبر" in a March story is last October). الماضي
  (al-māḍī, "last") forces strictly before P, المقبل/القادم ("next") strictly after.
- A named weekday wins over arithmetic: it is the nearest such day on or before P
  ("اليوم الأربعاء" in a Thursday story is that Wednesday), or strictly after with
  المقبل/القادم, or on/after P when the clause announces the future (من المقرر, سوف).
- Weeks, spans of days ("ليل السبت الأحد") and expressions that cannot be pinned get None.
- "قبل N أيام" is P minus N days; months give YYYY-MM and years YYYY; weeks None.
- Anaphoric years ("تلك السنة", tilka s-sana, "that year"; "العام الذي سبقه", "the year
  before it") take the last year the text named.
- Without P, nothing relative is resolved and no year is ever invented: "18 آذار" is
  XXXX-03-18, a bare weekday XXXX-WXX-n, "أمس" None. A weekday never fixes an unknown year.

Matching runs on the normalised view of the text (`marsad.arabic.normalize_view`), so hamza
and alef-maqsura variants, harakat, tatweel and Arabic-Indic digits need no special cases;
spans are mapped back to the original text. Proclitics (و، ف، ب، ل، ك) are left outside the
span, as in the gold ("والجمعة" gives "الجمعة").
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from marsad.arabic.calendar import (
    AMBIGUOUS_MONTHS,
    CLOCK_HOURS,
    DAY_ORDINALS,
    DECADES,
    HIJRI_MONTHS,
    MONTHS,
    NUMBER_WORDS,
    PARTIAL_MONTHS,
    STRONG_CONTEXT_MONTHS,
    WEEKDAYS,
    gregorian_to_hijri,
    hijri_to_gregorian,
    read_date,
)
from marsad.arabic.normalize import (
    _DELETE_RE,
    _PRESENTATION_RE,
    NormalizedText,
    normalize,
    normalize_view,
)
from marsad.document import Document, Time

log = logging.getLogger(__name__)

# ---------------------------------------------------------------------------------------
# Grammar (built once, on first use)

_W = r"[^\S\n]+"  # whitespace inside a line: a date never spans a line break
_O = r"[^\S\n]*"
_PRE = r"(?<!\w)(?P<pre>[وف]?(?:لل|[بلك])?)"

_REL_WORDS = (
    r"الماضي[ةه]?|المنصرم[ةه]?|الفائت[ةه]?|السابق[ةه]?|المقبل[ةه]?|القادم[ةه]?"
    r"|الجاري[ةه]?|الحالي[ةه]?"
)
_MODS = r"بداي[ةه]|نهاي[ةه]|مطلع|اوائل|اواخر|اواسط|منتصف|مستهل|اخر|ربيع|صيف|خريف|شتاء"
_DAYPARTS = (
    rf"صباح|مساء|ظهر|فجر|عصر|ضحي|ليل[ةه]?|منتصف{_W}ليل[ةه]?|ظهير[ةه]|صبيح[ةه]|عشي[ةه]|نهار"
)
_UNITS: Mapping[str, str] = MappingProxyType({
    "يوم": "D", "يوما": "D", "ايام": "D", "اسبوع": "W", "اسبوعا": "W", "اسابيع": "W",
    "شهر": "M", "شهرا": "M", "اشهر": "M", "شهور": "M", "عام": "Y", "عاما": "Y",
    "اعوام": "Y", "سنة": "Y", "سنه": "Y", "سنوات": "Y", "سنين": "Y", "ساعة": "H",
    "ساعه": "H", "ساعات": "H", "دقيقة": "MIN", "دقيقه": "MIN", "دقائق": "MIN",
    "عقد": "DE", "عقدا": "DE", "عقود": "DE",
})
_DUALS: Mapping[str, str] = MappingProxyType({
    "يومين": "D", "اسبوعين": "W", "شهرين": "M", "عامين": "Y", "سنتين": "Y",
    "ساعتين": "H", "دقيقتين": "MIN", "عقدين": "DE",
})
_SINGULAR = ("يوم", "اسبوع", "شهر", "عام", "سنة", "سنه", "ساعة", "ساعه", "دقيقة", "عقد")
_PLURAL = ("ايام", "اسابيع", "اشهر", "شهور", "اعوام", "سنوات", "سنين", "ساعات", "دقائق",
           "عقود")
_DEF_PLURAL: Mapping[str, str] = MappingProxyType({"ال" + p: _UNITS[p] for p in _PLURAL})


def _alt(words: object) -> str:
    """Alternation of normalised words, longest first; spaces match any in-line space and
    a final ة (tāʾ marbūṭa) also matches ه (hāʾ): outlets write both."""
    out = []
    for w in sorted(set(words), key=len, reverse=True):  # type: ignore[call-overload]
        p = re.escape(w).replace(r"\ ", _W).replace(" ", _W)
        p = p.replace("ة", "[ةه]")
        out.append(p)
    return "|".join(out)


_LEADING_LETTERS_RE = re.compile(r"[\u0621-\u064a]*")


def _shared_prefixes(pattern: str) -> str:
    """A gate's alternation (`a|b|...`, no groups) rewritten as a trie on the branches'
    leading letters ("تشرين...|تموز" -> "ت(?:شرين...|موز)"): the same set of strings, so
    it matches the same lines, but the engine tries one branch per letter where it tried
    every branch at every position (the month gate alone cost ~10 µs per line). Only for
    gates, which are searched for and never read: the branch that wins may differ.
    """
    if "(" in pattern:
        raise ValueError(f"gate with a group: {pattern[:40]}")
    trie: dict[str, Any] = {}
    for branch in pattern.split("|"):
        letters = _LEADING_LETTERS_RE.match(branch).group()  # type: ignore[union-attr]
        rest = branch[len(letters):]
        if rest[:1] in ("*", "+", "?", "{") and letters:  # a quantifier on the last letter
            letters, rest = letters[:-1], letters[-1] + rest
        node = trie
        for c in letters:
            node = node.setdefault(c, {})
        node.setdefault("", []).append(rest)

    def emit(node: dict[str, Any]) -> str:
        parts = [*node.get("", []), *(c + emit(child) for c, child in node.items() if c)]
        return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"

    return emit(trie)


def _key(s: str) -> str:
    """Table key of a matched phrase: single spaces (final ة/ه, tāʾ marbūṭa/hāʾ, both looked
    up)."""
    return " ".join(s.split())


def _lookup(table: Mapping[str, int], s: str) -> int | None:
    k = _key(s)
    if k in table:
        return table[k]
    alt = re.sub(r"ه(?=\s|$)", "ة", k)
    if alt in table:
        return table[alt]
    return table.get(re.sub(r"ة(?=\s|$)", "ه", k))


@dataclass(frozen=True, slots=True)
class _Grammar:
    rules: tuple[tuple[str, re.Pattern[str]], ...]
    # Per rule, a plain pattern (which the regex engine scans fast) that the text must
    # contain for the rule to be worth running.
    gates: dict[str, re.Pattern[str]]
    precheck: re.Pattern[str]
    prev_word: re.Pattern[str]
    future: re.Pattern[str]
    paren: re.Pattern[str]  # "(" between a date and the weekday that glosses it
    join: re.Pattern[str]  # what may stand between a date and its clock time


@lru_cache(maxsize=1)
def _grammar() -> _Grammar:
    W, O = _W, _O  # noqa: E741 (short names keep the patterns readable)
    month = _alt(MONTHS)
    month2 = _alt([*MONTHS, *PARTIAL_MONTHS])
    hijri = _alt(HIJRI_MONTHS)
    weekday = _alt(WEEKDAYS)
    ordinals = _alt(DAY_ORDINALS)
    numwords = _alt(NUMBER_WORDS)
    units = _alt(_UNITS)
    duals = _alt(_DUALS)
    singular = _alt(_SINGULAR)
    plural = _alt(_PLURAL)
    clock_words = _alt(CLOCK_HOURS)
    decades = _alt(DECADES)

    mp = (
        rf"(?P<m1>{month})(?![^\W\d])(?:(?:{O}[/\\|\-–]{O}|{W})(?P<m2>{month2})(?![^\W\d])"
        rf"|{O}\({O}(?P<m3>{month2}){O}\))?"
    )
    year_tail = (
        rf"(?:{O}[،,]?{O}(?:من{W})?(?:(?:ال|ل|لل)?(?:عام|سن[ةه]){O})?(?P<y>\d{{4}})(?!\d)"
        rf"(?:{O}م(?!\w)|{W}ميلادي[ةه]?(?!\w)|{W}للميلاد)?)"
    )
    rel_tail = (
        rf"(?:{W}(?P<rel>{_REL_WORDS})(?!\w)"
        rf"|{W}(?:من{W})?(?P<ryear>(?:ال)?(?:عام|سن[ةه]){W}(?:{_REL_WORDS})|هذا{W}العام"
        rf"|هذه{W}السن[ةه])(?!\w)"
        rf"|{W}(?:من{W})?(?P<same>(?:نفس|ذات){W}(?:العام|السن[ةه])|(?:العام|السن[ةه]){W}"
        rf"(?:نفس[هه]|ذات[هه])|ذلك{W}العام|تلك{W}السن[ةه])(?!\w))"
    )
    wdphrase = (
        rf"(?:(?P<dp>{_DAYPARTS}){W}(?:(?:من{W})?يوم{W})?)?(?:يوم{W})?"
        rf"(?:(?P<rd>امس|اليوم|غدا|يوم{W}امس|يوم{W}غد|بعد{W}غد){W})?(?P<wd>{weekday})(?!\w)"
    )
    day = (rf"(?:(?P<dn>(?:ال{O})?\d{{1,2}})(?!\d)|(?P<dw>{ordinals})(?!\w))"
           rf"(?:{O}(?:[-–]|{W}(?:الي|حتي){W}|{W}و){O}(?P<dn2>\d{{1,2}})(?!\d))?")
    rules: list[tuple[str, str]] = [
        # 18 آذار/مارس 2019, أمس الإثنين 18 آذار/مارس, الـ18 من الشهر الجاري
        ("dmy",
         rf"{_PRE}(?:(?P<wdp>{wdphrase}){O}[،,]?{O}(?:الموافق{W})?)?(?:يوم{W})?{day}{O}"
         rf"(?:/{O})?(?:من{W})?(?:شهر{W})?(?:{mp}(?:{year_tail}|{rel_tail})?"
         rf"|(?P<relm>الشهر{W}(?P<relmw>{_REL_WORDS})|(?P<relmw2>الجاري|الحالي))"
         rf"|(?P<samem>(?:نفس|ذات){W}الشهر|الشهر{W}(?:نفس[هه]|ذات[هه])))(?!\w)"),
        # نهاية يناير (كانون الثاني) 2011, أكتوبر/ تشرين الأول الماضي, شهر أيار/مايو
        ("month",
         rf"{_PRE}(?:(?P<mod>{_MODS}){W})?(?P<sh>شهر{W})?{mp}(?:{year_tail}|{rel_tail})?"
         rf"(?!\w)"),
        # 12 رجب 1436 هـ, شهر رمضان, رمضان المقبل
        ("hijri",
         rf"{_PRE}(?:(?P<wdp>{wdphrase}){O}[،,]?{O})?(?:{day}{O}(?:من{W})?)?"
         rf"(?P<sh>شهر{W})?(?P<hm>{hijri})(?!\w)(?:{O}[،,]?{O}(?:من{W})?"
         rf"(?:(?:ال)?(?:عام|سن[ةه]){W})?(?P<y>\d{{4}})(?!\d)"
         rf"(?P<h>{O}(?:ه|هجري[ةه]?|للهجر[ةه])(?!\w))?)?(?:{W}(?P<rel>{_REL_WORDS})(?!\w))?"),
        # ليل السبت الأحد: a span of two days
        ("night",
         rf"{_PRE}(?:ليل[ةه]?|ليلتي){W}(?P<wd1>{weekday})(?:{O}[-/–]{O}|{W}(?:(?:الي|علي){W}"
         rf"|و)?)(?P<wd2>{weekday})(?!\w)"),
        # الخميس, يوم أمس الأربعاء, صباح السبت, الجمعة الماضية
        ("weekday", rf"{_PRE}{wdphrase}(?:{W}(?P<wrel>{_REL_WORDS}))?(?!\w)"),
        # أمس, أول أمس, مساء أمس, صباح اليوم, يوم غد, هذا الصباح, الليلة الماضية
        ("relday",
         rf"{_PRE}(?:(?:(?P<dp>{_DAYPARTS}){W}(?:يوم{W})?|(?P<yw>يوم){W})?"
         rf"(?P<rd>اول{W}(?:من{W})?امس|امس{W}الاول|امس|الامس|اليوم|غدا|الغد|بعد{W}غد|غد)"
         rf"|(?P<this>هذا{W}(?:الصباح|المساء)|هذه{W}الليل[ةه]"
         rf"|الليل[ةه]{W}(?:الماضي[ةه]|المنصرم[ةه])))(?!\w)"),
        # الأسبوع الماضي, هذا الشهر, العام المقبل, تلك السنة, العام الذي سبقه
        ("period",
         rf"{_PRE}(?:(?P<mod>{_MODS}){W})?(?:(?P<dem>هذا|هذه|ذلك|تلك|نفس|ذات){W})?"
         rf"(?P<unit>الاسبوع|الشهر|العام|السن[ةه])(?:{W}(?P<rel>{_REL_WORDS}"
         rf"|الذي{W}(?:سبق[هه]|تلا[هه]|يلي[هه])|التالي|نفس[هه]|ذات[هه]))?(?!\w)"),
        # عام 2014, العام 2011, سنة 2018, أواخر عام 2014م, 2018, 1436 هـ
        ("year",
         rf"{_PRE}(?:(?P<mod>{_MODS}){W})?(?:(?P<kw>(?:ال)?(?:عام|سن[ةه])|عامي|العامين|سنتي"
         rf"|السنتين){O})?(?<![\d.,])(?P<y>\d{{4}})(?!\d|[.,]\d)"
         rf"(?P<h>{O}(?:ه|هجري[ةه]?|للهجر[ةه])(?!\w))?"
         rf"(?P<ce>{O}م(?!\w)|{W}ميلادي[ةه]?(?!\w)|{W}للميلاد)?"),
        # العام 92
        ("year2",
         rf"{_PRE}(?P<kw>(?:ال)?(?:عام|سن[ةه])){W}(?P<y2>\d{{2}})(?!\d|[.,%]|{O}%"
         rf"|{W}(?:عاما|سن[ةه]|عام|سنوات)(?!\w))"),
        # التسعينيات, ثمانينات القرن الماضي
        ("decade",
         rf"{_PRE}(?:(?P<mod>{_MODS}){W})?(?P<dec>(?:ال)?(?:{decades}))(?!\w)"
         rf"(?:{W}(?:من{W})?(?P<cent>القرن{W}(?:الماضي|المنصرم|العشرين|الفائت|التاسع{W}عشر)))?"),
        # 19/03/2019, 2019-03-19
        ("numeric",
         r"(?<![\d/.\-])(?:(?P<d>\d{1,2})(?P<s>[/.\-])(?P<m>\d{1,2})(?P=s)(?P<y>\d{4})"
         r"|(?P<y2>\d{4})(?P<s2>[/\-])(?P<m2>\d{1,2})(?P=s2)(?P<d2>\d{1,2}))(?![\d/]|[.\-]\d)"),
        # قبل ثلاثة أيام, منذ أسبوعين, قبل سنوات سبع, منذ أسابيع
        ("ago",
         rf"{_PRE}(?P<kw>قبل|منذ)(?:{W}(?P<approx>نحو|حوالي|حوالى|قراب[ةه]|زهاء|اكثر{W}من"
         rf"|اقل{W}من|ما{W}يقارب|ما{W}يزيد{W}(?:عن|علي)))?{W}"
         rf"(?:(?P<n>\d+|{numwords}){W}(?P<u>{units})|(?P<dual>{duals})"
         rf"|(?P<u1>{singular})(?!{O}\d)|(?P<up>{plural})(?:{W}(?P<n2>{numwords}))?)(?!\w)"
         rf"(?P<half>{W}و(?:نصف|النصف)(?:{W}(?:{singular}))?(?!\w))?"),
        # لمدة ثلاثة أيام, خلال يومين, على مدار الأيام الماضية
        ("duration",
         rf"{_PRE}(?P<kw>لمد[ةه]|مد[ةه]|طوال|طيل[ةه]|علي{W}مدار|علي{W}مدي|خلال|في{W}غضون)"
         rf"{W}(?:(?P<n>\d+|{numwords}){W}(?P<u>{units})|(?P<dual>{duals})"
         rf"|(?P<u1>(?:ال)?(?:{singular})){W}(?:ال)?(?:كامل[ةه]?|واحد[ةه]?))(?!\w)"),
        ("recent",
         rf"{_PRE}(?:(?:خلال|طوال|طيل[ةه]|علي{W}مدي|علي{W}مدار){W})?"
         rf"(?P<up>{_alt(_DEF_PLURAL)})(?:{W}(?:ال{O})?(?P<n>\d+))?"
         rf"{W}(?P<rel>الماضي[ةه]|الاخير[ةه]|المقبل[ةه]|القادم[ةه]|المنصرم[ةه])(?!\w)"),
        # كل يوم, أسبوعيا, كل جمعة
        ("set",
         rf"{_PRE}(?:كل{W}(?:(?P<unit>يوم|اسبوع|شهر|عام|سن[ةه]|ساع[ةه])(?!{W}(?:من|{weekday}))"
         rf"|(?:يوم{W})?(?P<wd>{weekday}|جمع[ةه]|خميس|سبت|احد|اثنين|ثلاثاء|اربعاء))"
         rf"|(?P<adv>يوميا|اسبوعيا|شهريا|سنويا))(?!\w)"),
        # الساعة العاشرة صباحا, 10:30, الساعة 3 من بعد الظهر بتوقيت موسكو
        ("clock",
         rf"{_PRE}(?=(?:ال)?ساع|\d{{1,2}}[:.]\d\d|(?:{clock_words}){W}(?:و|الا|من{W}|"
         rf"صباحا|مساء|ظهرا|عصرا|فجرا|ليلا|بعد))(?P<sa>(?:ال)?ساع[ةه]{W})?(?:(?P<hh>\d{{1,2}})(?:(?::|(?<=\d)\.(?=\d\d(?!\d)))"
         rf"(?P<mi>\d{{2}}))?(?!\d)"
         rf"|(?P<hw>{clock_words})(?!\w))(?:{W}و{O}(?:(?P<half>النصف|نصف)|(?P<qtr>الربع|ربع)"
         rf"|(?P<mins>\d{{1,2}}|(?:{numwords})(?:{W}و{O}(?:{numwords}))?){W}(?:دقيق[ةه]|دقائق))"
         rf"(?!\w))?(?:{W}الا{W}(?P<lessq>ربعا|الربع|ربع))?"
         rf"(?:{W}(?P<ap>صباحا|صباح|مساء|مساءا|ظهرا|عصرا|فجرا|ليلا|(?:من{W})?بعد{W}الظهر"
         rf"|بعد{W}الظهير[ةه]|ص|م)(?!\w))?"
         rf"(?:{W}(?:ب)?توقيت{W}(?:[^\s،,.]+)(?:{W}(?:المكرم[ةه]|المحلي|الصيفي))?)?"
         rf"(?={W}من{W}(?P<ap2>صباح|مساء|ظهر|بعد{W}ظهر|عصر|فجر|ليل[ةه]?))?"),
    ]
    compiled = tuple((name, re.compile(p)) for name, p in rules)
    gates = {
        "dmy": rf"\d|{ordinals}", "month": month, "hijri": hijri, "night": "ليل",
        "weekday": weekday, "relday": "امس|اليوم|غد|الصباح|المساء|الليل",
        "period": "الاسبوع|الشهر|العام|السن", "year": r"\d{4}", "year2": r"عام\s+\d\d",
        "decade": "ينيات|ينات", "numeric": r"\d[/.\-]\d", "ago": "قبل|منذ",
        "duration": "مد|طوال|طيل|خلال|غضون",
        "recent": "الماضي|الاخير|المقبل|القادم|المنصرم",
        "set": "كل|يوميا|اسبوعيا|شهريا|سنويا",
        "clock": rf"ساع|\d[:.]\d\d|{clock_words}",
    }
    return _Grammar(
        rules=compiled,
        gates={name: re.compile(_shared_prefixes(p)) for name, p in gates.items()},
        precheck=re.compile(r"\d|" + "|".join((
            "امس", "اليوم", "غد", "عام", "اعوام", "سن[ةه]", "سنوات", "سنين", "شهر", "اشهر",
            "اسبوع", "اسابيع", "يوم", "ايام", "ساع", "دقيق", "دقائق", "عقد", "عقود", "ليل",
            "صباح", "مساء", "فجر", "ظهر", "عصر", "يات", "ينات", "كل", "قبل", "منذ", "مد[ةه]", "طوال", "طيل[ةه]",
            "خلال", "غضون", "مدار", "مدي", "يوميا", "اسبوعيا", "شهريا", "سنويا",
        )) + "|" + month + "|" + weekday + "|" + hijri + "|" + clock_words),
        prev_word=re.compile(r"(\S+)\s*$"),
        paren=re.compile(r"^\s*[(\[]\s*(?:يوم\s+)?$"),
        join=re.compile(r"^[\s،,]*(?:(?:في|عند|حوالي|نحو|قرابة|من)\s+)*(?:ال)?$"),
        future=re.compile(
            rf"(?<!\w)(?:سوف|من{_W}المقرر|من{_W}المنتظر|من{_W}المتوقع|المقرر|المزمع|يعتزم|تعتزم"
            # a few scheduling verbs in the future (سيعقد sa-yaʿqid, "will hold")
            r"|ينوي|تنوي|المرتقب[ةه]?|[وف]?س(?:يعقد|تعقد|يجتمع|تجتمع|يجري|تجري|يبدا|تبدا"
            r"|يزور|تزور|ينطلق|تنطلق|يلتقي|تلتقي|يقام|تقام|ينظم|تنظم|يصوت|تصوت|يتوجه|تتوجه"
            r"|يصل|تصل|يشارك|تشارك|يلقي|تلقي|يستضيف|تستضيف|يستانف|تستانف))(?!\w)"),
    )


# ---------------------------------------------------------------------------------------
# Candidates and resolution


@dataclass(frozen=True, slots=True)
class _Cand:
    """A matched expression in normalised offsets, before overlap resolution."""

    start: int
    end: int
    type: str
    value: str | None
    rule: int
    anaphor: int | None = None  # year offset from the last year the text named
    anaphor_fallback: str | None = None
    anaphor_suffix: str = ""  # "-12" for "ديسمبر من العام نفسه" (December of that year)
    # A day (or 0, the whole month) of the month the text named last: "يوم 25 من نفس الشهر"
    # (the 25th of the same month).
    month_anaphor: int | None = None
    month_step: int = 0  # months after that one ("الشهر التالي", the following month)
    weekday: int | None = None  # the weekday a weekday phrase names
    sets_year: bool = False  # a year the text names, for later anaphors
    clock: str | None = None  # "HH:MM" of a TIME, to join with an adjacent date


@dataclass(frozen=True, slots=True)
class _Ctx:
    norm: str
    pub: date | None
    view: _View | NormalizedText


_Handler = Callable[[re.Match[str], _Ctx], "_Cand | list[_Cand] | None"]


def _publication_date(published: str | None) -> date | None:
    """The calendar date of `published` as the outlet wrote it (its local date)."""
    if not published:
        return None
    iso = read_date(published)
    if iso is None:
        log.warning("unreadable publication date %r: relative times stay unresolved", published)
        return None
    return date.fromisoformat(iso[:10])


def _rel_kind(rel: str | None) -> str | None:
    """past | future | current for a relative adjective, None when absent."""
    if not rel:
        return None
    r = rel.rstrip("ةه")
    if r in ("الماضي", "المنصرم", "الفائت", "السابق"):
        return "past"
    if r in ("المقبل", "القادم"):
        return "future"
    return "current"


def infer_year(month: int, day: int | None, pub: date, rel: str | None) -> int:
    """The year of a month (and day) written without one, seen from publication date `pub`.

    `rel` is "past" (الماضي al-māḍī), "future" (المقبل/القادم al-muqbil/al-qādim), "current"
    (الجاري al-jārī) or None. Without
    `rel`, a month one or two months after `pub`'s month is upcoming (across the new year
    too); any other month is the most recent one on or before `pub`'s month.
    """
    y = pub.year
    if rel == "current":
        return y
    if rel == "past":
        if day is not None:
            return y if _safe_date(y, month, day, pub) < pub else y - 1
        return y if month < pub.month else y - 1
    if rel == "future":
        if day is not None:
            return y if _safe_date(y, month, day, pub) > pub else y + 1
        return y if month > pub.month else y + 1
    ahead = (month - pub.month) % 12
    if 1 <= ahead <= 2:
        return y if month > pub.month else y + 1
    return y if month <= pub.month else y - 1


def _safe_date(y: int, m: int, d: int, fallback: date) -> date:
    try:
        return date(y, m, d)
    except ValueError:
        return fallback


def _weekday_date(wd: int, pub: date, mode: str) -> date:
    """The date of weekday `wd` near `pub`: "onbefore", "before", "after", "onafter"."""
    back = (pub.weekday() - wd) % 7
    fwd = (wd - pub.weekday()) % 7
    if mode == "onbefore":
        return pub - timedelta(days=back)
    if mode == "before":
        return pub - timedelta(days=back or 7)
    if mode == "after":
        return pub + timedelta(days=fwd or 7)
    return pub + timedelta(days=fwd)


def _month_add(d: date, months: int) -> tuple[int, int]:
    idx = d.year * 12 + (d.month - 1) + months
    return idx // 12, idx % 12 + 1


def _prev_word(ctx: _Ctx, pos: int) -> str:
    m = _grammar().prev_word.search(ctx.norm[max(0, pos - 40):pos])
    return m.group(1) if m else ""


def _next_word(ctx: _Ctx, pos: int) -> str:
    m = re.match(r"[^\S\n]*(\S+)", ctx.norm[pos:pos + 40])
    return m.group(1) if m else ""


def _strip_clitic(word: str) -> str:
    """The word without a conjunction or preposition clitic ("ولهجمات" wa-li-hajamāt ->
    "هجمات" hajamāt, attacks)."""
    m = re.match(r"[وف]?(?:لل|[بلك])?", word)
    rest = word[m.end():] if m else word
    return rest if len(rest) >= 2 else word


def _day_value(dn: str | None, dw: str | None) -> int | None:
    if dn:
        return int(dn.replace("ال", "").strip())
    if dw:
        return _lookup(DAY_ORDINALS, dw)
    return None


def _month_of(m: re.Match[str]) -> int | None:
    return _lookup(MONTHS, m.group("m1"))


def _ymd(y: int | None, mo: int, d: int | None) -> str | None:
    """ISO or TimeML value; None when the calendar date does not exist."""
    if d is not None:
        try:
            date(2000 if y is None else y, mo, d)  # 2000 is a leap year: 29 Feb is fine
        except ValueError:
            return None
        return f"{'XXXX' if y is None else f'{y:04d}'}-{mo:02d}-{d:02d}"
    return f"{'XXXX' if y is None else f'{y:04d}'}-{mo:02d}"


def _future_clause(ctx: _Ctx, pos: int) -> bool:
    """Whether the clause before `pos` announces something scheduled ("من المقرر" min
    al-muqarrar, "it is scheduled"; "سوف" sawfa, "will")."""
    window = ctx.norm[max(0, pos - 60):pos]
    cut = max(window.rfind("."), window.rfind("\n"), window.rfind("،"))
    return bool(_grammar().future.search(window[cut + 1:]))


def _resolve_weekday(m: re.Match[str], ctx: _Ctx, wrel: str | None) -> str | None:
    """The value of a weekday phrase without a written date (the weekday wins)."""
    wd = _lookup(WEEKDAYS, m.group("wd"))
    if wd is None:
        return None
    if ctx.pub is None:
        return f"XXXX-WXX-{wd + 1}"
    rd = _key(m.group("rd") or "")
    kind = _rel_kind(wrel)
    if kind == "past":
        mode = "before"
    elif kind == "future":
        mode = "after"
    elif rd in ("غدا", "يوم غد", "بعد غد") or (not rd and _future_clause(ctx, m.start())):
        mode = "onafter"
    else:
        mode = "onbefore"
    return _weekday_date(wd, ctx.pub, mode).isoformat()


def _h_dmy(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    d = _day_value(m.group("dn"), m.group("dw"))
    if d is None or not 1 <= d <= 31:
        return None
    if m.group("dn2"):
        return _Cand(m.end("pre"), m.end(), "DATE", None, 0)  # "15-16 مارس": a span of days
    if m.group("samem"):
        return _Cand(m.end("pre"), m.end(), "DATE", None, 0, month_anaphor=d)
    if m.group("relm"):
        # "الـ18 من الشهر الجاري", "19 الجاري" (tisʿata ʿashar al-jārī): a day of this month
        if ctx.pub is None:
            return _Cand(m.end("pre"), m.end(), "DATE", None, 0)
        kind = _rel_kind(m.group("relmw") or m.group("relmw2"))
        y, rm = _month_add(ctx.pub, -1 if kind == "past" else 1 if kind == "future" else 0)
        return _Cand(m.end("pre"), m.end(), "DATE", _ymd(y, rm, d), 0)
    mo = _month_of(m)
    if mo is None:
        return None
    prev = _strip_clitic(_prev_word(ctx, m.start()))
    if prev in _ORG_BEFORE_DATE and not m.group("y"):
        return None  # قوى 14 آذار (the March 14 alliance) names a coalition, not a day
    year: int | None = int(m.group("y")) if m.group("y") else None
    explicit = year is not None
    week = m.group("dw") is not None and prev in _PART_NOUNS
    if year is None and prev in _EVENT_BEFORE_DATE:
        named = NAMED_DATES.get((d, mo))
        if named is not None:
            return _Cand(m.end("pre"), m.end(), "DATE", _ymd(named, mo, d), 0)
        if prev in ("ثورة", "ثوره", "ذكري"):
            return _Cand(m.end("pre"), m.end(), "DATE", _ymd(None, mo, d), 0)
    if year is None and m.group("same"):
        fb = _ymd(infer_year(mo, d, ctx.pub, None), mo, d) if ctx.pub else None
        return _Cand(m.end("pre"), m.end(), "DATE", fb, 0, anaphor=0, anaphor_fallback=fb,
                     anaphor_suffix=f"-{mo:02d}-{d:02d}")
    if year is None and m.group("ryear"):
        year = _relative_year(m.group("ryear"), ctx)
    elif year is None and ctx.pub is not None:
        year = infer_year(mo, d, ctx.pub, _rel_kind(m.group("rel")))
        wd = _lookup(WEEKDAYS, m.group("wd")) if m.group("wd") else None
        if wd is not None:
            year = _year_by_weekday(year, mo, d, wd, ctx.pub)
    if week:
        # "الأسبوع الأول من نيسان المقبل" (the first week of next April): the month, not
        # its first day; the span takes the noun in.
        return _Cand(_prev_start(ctx, m.start()), m.end(), "DATE", _ymd(year, mo, None), 0,
                     sets_year=explicit)
    return _Cand(m.end("pre"), m.end(), "DATE", _ymd(year, mo, d), 0, sets_year=explicit)


def _year_by_weekday(year: int, mo: int, d: int, wd: int, pub: date) -> int:
    """Keep the inferred year unless its weekday is wrong and exactly one neighbouring year
    (within a year of publication) has the written weekday: then that context is certain."""
    try:
        if date(year, mo, d).weekday() == wd:
            return year
    except ValueError:
        return year
    fits = []
    for y in (pub.year - 1, pub.year, pub.year + 1):
        try:
            cand = date(y, mo, d)
        except ValueError:
            continue
        if cand.weekday() == wd and abs((cand - pub).days) <= 366:
            fits.append(y)
    return fits[0] if len(fits) == 1 else year


def _relative_year(phrase: str, ctx: _Ctx) -> int | None:
    if ctx.pub is None:
        return None
    if phrase.startswith(("هذا", "هذه")):
        return ctx.pub.year
    kind = _rel_kind(phrase.split()[-1])
    return ctx.pub.year + (-1 if kind == "past" else 1 if kind == "future" else 0)


# Words before "14 آذار" that make it the name of a coalition or movement (قوى 14 آذار,
# حركة 20 فبراير), not a date.
_ORG_BEFORE_DATE = frozenset({"قوي", "تحالف", "فريق", "تيار", "حركة", "حركه", "كتلة", "كتله",
                              "ائتلاف", "جماعة", "شباب", "معسكر"})
# Words before a day and month that name a historical event: the year is the event's, not
# the publication's ("ثورة 25 يناير", thawrat 25 yanāyir, the 25 January revolution).
_EVENT_BEFORE_DATE = frozenset({"ثورة", "ثوره", "هجمات", "احداث", "اعتداءات", "تفجيرات",
                                "حرب", "انتفاضة", "ذكري", "انقلاب"})
# Nouns of a part of a month before an ordinal ("الأسبوع الأول من نيسان", the first week
# of April): the ordinal is no day.
_PART_NOUNS = frozenset({"الاسبوع", "الاسبوعين", "العشر", "العشرة", "العشره", "النصف", "الايام",
                         "الربع", "الثلث", "الشهر", "الاسابيع"})


def _prev_start(ctx: _Ctx, pos: int) -> int:
    """Where the word before `pos` starts."""
    lo = max(0, pos - 40)
    m = re.search(r"(\S+)\s*$", ctx.norm[lo:pos])
    return lo + m.start(1) if m else pos


# Day and month of events Arabic news names by their date alone, and their year.
NAMED_DATES: Mapping[tuple[int, int], int] = MappingProxyType({
    (11, 9): 2001,   # هجمات 11 سبتمبر
    (25, 1): 2011,   # ثورة 25 يناير (Egypt)
    (30, 6): 2013,   # ثورة 30 يونيو (Egypt)
    (23, 7): 1952,   # ثورة 23 يوليو (Egypt)
    (6, 10): 1973,   # حرب 6 أكتوبر
    (17, 2): 2011,   # ثورة 17 فبراير (Libya)
    (14, 7): 1958,   # ثورة 14 تموز (Iraq)
    (15, 7): 2016,   # انقلاب 15 يوليو (Turkey)
})

_MONTH_CONTEXT_PREV = frozenset({
    "في", "منذ", "حتي", "خلال", "بحلول", "قبل", "بعد", "الي", "من", "مطلع", "بداية", "نهاية",
    "اواخر", "اوائل", "اواسط", "منتصف", "شهر", "طيلة", "طوال", "مستهل", "مع", "اعتبارا",
    "ابتداء", "انتخابات", "ثورة", "حرب",
})


def _h_month(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    mo = _month_of(m)
    if mo is None:
        return None
    m1 = _key(m.group("m1"))
    if re.search(r"\d\s*$", ctx.norm[max(0, m.start() - 3):m.start()]):
        return None  # the day-month rule already judged "14 آذار" (and rejected it)
    second = m.group("m2") or m.group("m3")
    if second and _key(second) not in PARTIAL_MONTHS:
        mo2 = _lookup(MONTHS, second)
        if mo2 != mo:  # "مارس - أبريل" is a range of months, not one month in two names
            return None
    strong = bool(second or m.group("y") or m.group("rel") or m.group("ryear")
                  or m.group("sh") or m.group("same"))
    if not strong:
        if m1 in STRONG_CONTEXT_MONTHS:
            return None
        if m1 in AMBIGUOUS_MONTHS:
            prev = _strip_clitic(_prev_word(ctx, m.start()))
            if prev not in _MONTH_CONTEXT_PREV and not m.group("mod"):
                return None
    year: int | None = int(m.group("y")) if m.group("y") else None
    explicit = year is not None
    if year is None and m.group("same"):
        fb = _ymd(infer_year(mo, None, ctx.pub, None), mo, None) if ctx.pub else None
        return _Cand(m.end("pre"), m.end(), "DATE", fb, 1, anaphor=0, anaphor_fallback=fb,
                     anaphor_suffix=f"-{mo:02d}")
    if year is None and m.group("ryear"):
        year = _relative_year(m.group("ryear"), ctx)
    elif year is None and ctx.pub is not None:
        year = infer_year(mo, None, ctx.pub, _rel_kind(m.group("rel")))
    return _Cand(m.end("pre"), m.end(), "DATE", _ymd(year, mo, None), 1, sets_year=explicit)


def _h_hijri(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    hm = _lookup(HIJRI_MONTHS, m.group("hm"))
    if hm is None:
        return None
    d = _day_value(m.group("dn"), m.group("dw"))
    if m.group("dn2"):
        return None
    hy = int(m.group("y")) if m.group("y") else None
    if hy is not None and not (m.group("h") or 1300 <= hy <= 1500):
        return None  # "رجب 2015" is a name and a Gregorian year, not a Hijri date
    if not (d or m.group("sh") or hy or m.group("rel")):
        return None  # رجب، شعبان، رمضان are also given names
    start = m.end("pre")
    if hy is None:
        if ctx.pub is None:
            return _Cand(start, m.end(), "DATE", None, 1)
        hy = _hijri_year(hm, ctx.pub, _rel_kind(m.group("rel")))
        if hy is None:
            return _Cand(start, m.end(), "DATE", None, 1)
    g = hijri_to_gregorian(hy, hm, d if d else 15)
    if g is None:
        return _Cand(start, m.end(), "DATE", None, 1)
    if d:
        return _Cand(start, m.end(), "DATE", g.isoformat(), 1, sets_year=bool(m.group("y")))
    # A Hijri month straddles two Gregorian ones: report the one holding its middle.
    return _Cand(start, m.end(), "DATE", f"{g.year:04d}-{g.month:02d}", 1,
                 sets_year=bool(m.group("y")))


def _hijri_year(hm: int, pub: date, rel: str | None) -> int | None:
    h = gregorian_to_hijri(pub)
    if h is None:
        return None
    hy, hmo, _ = h
    if rel == "current":
        return hy
    if rel == "past":
        return hy if hm < hmo else hy - 1
    if rel == "future":
        return hy if hm > hmo else hy + 1
    ahead = (hm - hmo) % 12
    if 1 <= ahead <= 2:
        return hy if hm > hmo else hy + 1
    return hy if hm <= hmo else hy - 1


def _h_night(m: re.Match[str], ctx: _Ctx) -> _Cand:
    return _Cand(m.end("pre"), m.end(), "DATE", None, 2)


def _h_weekday(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    wd_text = _key(m.group("wd"))
    has_prefix = bool(m.group("dp") or m.group("rd")) or m.group(0)[len(m.group("pre")):].startswith("يوم")
    if not has_prefix and wd_text == "الاثنين":
        # الاثنين is also "the two": "الطرفين الاثنين" (the two sides), "كلا الاثنين".
        prev = _prev_word(ctx, m.start())
        nxt = _next_word(ctx, m.end())
        if (prev.startswith("ال") and prev.endswith(("ين", "ان"))) or prev in (
                "كلا", "هذين", "هذان", "بين", "هؤلاء") or nxt in ("معا", "منهما", "كليهما"):
            return None
    if not has_prefix and wd_text == "الاحد" and _prev_word(ctx, m.start()) == "الواحد":
        return None  # الواحد الأحد (al-wāḥid al-aḥad): a name of God, not Sunday
    return _Cand(m.end("pre"), m.end(), "DATE", _resolve_weekday(m, ctx, m.group("wrel")), 3,
                 weekday=_lookup(WEEKDAYS, m.group("wd")))


_NOT_TODAY_PREV = frozenset({"روسيا", "المصري", "اخبار", "صحيفة", "صحيفه", "جريدة",
                             "جريده", "قناة", "قناه", "موقع", "برنامج", "ذلك", "تركيا",
                             "نفس", "ذات"})
_NOT_TODAY_NEXT = frozenset({"الذي", "التي", "نفسه", "ذاته", "ذلك", "عينه"})


def _h_relday(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    start = m.end("pre")
    this = m.group("this")
    if this:
        if ctx.pub is None:
            return _Cand(start, m.end(), "DATE", None, 4)
        back = 1 if "الماضي" in this or "المنصرم" in this else 0
        return _Cand(start, m.end(), "DATE",
                     (ctx.pub - timedelta(days=back)).isoformat(), 4)
    rd = _key(m.group("rd"))
    dp, yw = m.group("dp"), m.group("yw")
    orig_end = m.end()
    if rd in ("غد", "الغد") and not (dp or yw):
        return None  # الغد alone is "the future" more often than "tomorrow"
    if rd == "غدا" and not (dp or yw):
        # غدا is also the verb "became" (غدا المشهد أكثر تعقيدا): take it only when it
        # ends the clause or carries tanween (غداً).
        written = ctx.view.original[slice(*ctx.view.to_original(m.start("rd"), orig_end))]
        nxt = ctx.norm[orig_end:orig_end + 2].strip()
        if "\u064b" not in written and nxt and nxt[0] not in "،,.؛:)\"»":
            return None
    if rd == "اليوم":
        prev = _strip_clitic(_prev_word(ctx, m.start("rd")))
        nxt = _next_word(ctx, orig_end)
        if (prev in _NOT_TODAY_PREV and not dp) or nxt in _NOT_TODAY_NEXT:
            return None
        if nxt.startswith("ال") and nxt.rstrip("،,.") not in WEEKDAYS:
            return None  # اليوم الأول (the first day), اليوم العالمي (world day)
        if ctx.norm[max(0, m.start() - 9):m.start()].endswith(("مثل هذا ", "هذا ")) and \
                nxt == "من":
            return None  # في مثل هذا اليوم من عام ... (on this day in ...)
    if ctx.pub is None:
        return _Cand(start, orig_end, "DATE", None, 4)
    if rd in ("امس", "الامس"):
        off = -1
    elif rd == "اليوم":
        off = 0
    elif rd in ("غدا", "غد", "الغد"):
        off = 1
    elif rd.startswith("بعد"):
        off = 2
    else:  # أول أمس، أمس الأول: the day before yesterday
        off = -2
    return _Cand(start, orig_end, "DATE", (ctx.pub + timedelta(days=off)).isoformat(), 4)


def _h_period(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    unit = m.group("unit")
    dem, rel = m.group("dem"), m.group("rel")
    if not dem and not rel:
        if not m.group("mod") or m.group("unit") == "الاسبوع":
            return None
        rel = "الجاري"  # "منذ مطلع العام" (since the start of the year): this year
    start, end = m.end("pre"), m.end()
    if dem in ("ذلك", "تلك") and rel and _rel_kind(rel) in ("past", "future"):
        # "أعلن عن ذلك العام الماضي" (announced that last year): ذلك is the object.
        dem, start = None, m.start("unit")
    if unit == "الاسبوع":
        return _Cand(start, end, "DATE", None, 5)
    rel_k = _key(rel) if rel else ""
    anaphoric = dem in ("ذلك", "تلك", "نفس", "ذات") or rel_k.rstrip("ةه") in (
        "نفس", "ذات") or rel_k.startswith("الذي") or rel_k == "التالي"
    kind = _rel_kind(rel) if rel and not anaphoric else None
    if unit == "الشهر":
        if anaphoric and not kind and not rel_k.startswith("الذي"):
            # "الشهر ذاته" (that same month), "الشهر التالي" (the month after): the month the
            # text named last, or the next one.
            step = 1 if rel_k == "التالي" else 0
            return _Cand(start, end, "DATE", None, 5, month_anaphor=0, month_step=step)
        if anaphoric or ctx.pub is None:
            return _Cand(start, end, "DATE", None, 5)
        y, mo = _month_add(ctx.pub, -1 if kind == "past" else 1 if kind == "future" else 0)
        return _Cand(start, end, "DATE", f"{y:04d}-{mo:02d}", 5)
    # العام / السنة
    if rel_k.startswith("السابق"):
        # "العام السابق": the year before the one just named, else before publication.
        fb = str(ctx.pub.year - 1) if ctx.pub else None
        return _Cand(start, end, "DATE", fb, 5, anaphor=-1, anaphor_fallback=fb)
    if anaphoric:
        off = -1 if "سبق" in rel_k else 1 if ("تلا" in rel_k or "يلي" in rel_k
                                              or rel_k == "التالي") else 0
        return _Cand(start, end, "DATE", None, 5, anaphor=off)
    if ctx.pub is None:
        return _Cand(start, end, "DATE", None, 5)
    y = ctx.pub.year + (-1 if kind == "past" else 1 if kind == "future" else 0)
    return _Cand(start, end, "DATE", str(y), 5, sets_year=True)


_YEAR_PREV = frozenset({
    "في", "منذ", "حتي", "بعد", "قبل", "خلال", "مطلع", "اوائل", "اواخر", "اواسط", "منتصف",
    "بداية", "بدايه", "نهاية", "نهايه", "ربيع", "صيف", "خريف", "شتاء", "العالم", "موسم",
    "انتخابات", "دورة", "دوره", "نسخة", "نسخه", "رؤية", "رؤيه", "رويه", "موازنة", "موازنه",
    "ميزانية", "ميزانيه", "اولمبياد", "مونديال", "الي", "من", "عامي", "عام", "العام",
    "مستهل", "ابتداء", "اعتبارا", "بحلول", "اكسبو", "استراتيجية", "خطة", "لعام", "وحتي",
})


def _h_year(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    y = int(m.group("y"))
    start = m.end("pre")
    if m.group("h"):
        # A Hijri year: report the Gregorian year holding most of it (its 7th month).
        g = hijri_to_gregorian(y, 7, 1)
        return _Cand(start, m.end(), "DATE", str(g.year) if g else None, 6, sets_year=True)
    if not 1000 <= y <= 2199:
        return None
    bare = not (m.group("kw") or m.group("mod") or m.group("ce"))
    if bare and (not 1900 <= y <= 2099 or not _bare_year_context(m, ctx)):
        return None
    return _Cand(start, m.end(), "DATE", f"{y:04d}", 6, sets_year=True)


def _bare_year_context(m: re.Match[str], ctx: _Ctx) -> bool:
    """Whether a bare four-digit number reads as a year ("في 2013", fī 2013, "in 2013";
    "(2012-2017)") rather than a count ("2000 مقاتل", 2000 muqātil, 2000 fighters)."""
    s, e = m.start("y"), m.end("y")
    before = ctx.norm[max(0, s - 12):s]
    after = ctx.norm[e:e + 12]
    if re.search(r"[(\[]\s*$", before) or re.match(r"\s*[)\]]", after):
        return True
    if re.match(r"\s*(?:[-–/]\s*|و)(?:19|20)\d\d(?!\d)", after) or \
            re.search(r"\d{4}\s*[-–/]\s*$", before):
        return True  # "2008 - 2009", "1978 و1998": a range or a list of years
    if m.group("pre") in ("و", "ل") and re.search(
            r"(?:(?<!\d)(?:19|20)\d\d|عام|سن[ةه])\s*$", ctx.norm[max(0, m.start() - 12):m.start()]):
        return True  # "عامي 2015 و2016": the second of a pair of years
    if re.match(r"\s*%", after):
        return False
    prev = _strip_clitic(_prev_word(ctx, m.start()))
    return prev in _YEAR_PREV or _prev_word(ctx, m.start()) in _YEAR_PREV


def _h_year2(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    yy = int(m.group("y2"))
    # "العام 92" (al-ʿām 92) is 1992: a clipped year from the 1930s-1990s is unambiguous.
    # A clipped year of this century needs the publication date to vouch for it (no later
    # than publication); otherwise the century would be invented.
    if yy >= 30:
        y = 1900 + yy
    elif ctx.pub is not None and yy <= ctx.pub.year % 100 and ctx.pub.year >= 2000:
        y = 2000 + yy
    else:
        return None
    if "سن" in m.group("kw"):
        return None  # السنة is also "the Sunna"/"the Sunnis"; only عام clips a year
    return _Cand(m.end("pre"), m.end(), "DATE", str(y), 6, sets_year=True)


def _h_decade(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    if _next_word(ctx, m.end()) == "من" and "عمر" in ctx.norm[m.end():m.end() + 12]:
        return None  # في الستينيات من عمره: in his sixties
    dec = m.group("dec")
    value = DECADES.get(dec[2:] if dec.startswith("ال") else dec)
    if value is None:
        return None
    if m.group("cent") and "التاسع" in m.group("cent"):
        value = "18" + value[2]
    return _Cand(m.end("pre"), m.end(), "DATE", value, 6)


def _h_numeric(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    if m.group("y"):
        y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    else:
        y, mo, d = int(m.group("y2")), int(m.group("m2")), int(m.group("d2"))
    if not 1 <= mo <= 12 or not 1900 <= y <= 2099:
        return None
    value = _ymd(y, mo, d)
    if value is None:
        return None
    return _Cand(m.start(), m.end(), "DATE", value, 0, sets_year=True)


def _count(n: str | None) -> int | None:
    if n is None:
        return None
    if n.isdigit():
        return int(n)
    return _lookup(NUMBER_WORDS, n)


def _h_ago(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    start, end = m.end("pre"), m.end()
    kw = m.group("kw")
    if kw == "قبل" and _next_word(ctx, end) in ("من", "علي"):
        return None  # قبل يومين من الانتخابات: before another event, not before publication
    if m.group("up") and not m.group("n2"):
        if _next_word(ctx, end).startswith("ال"):
            return None  # منذ ساعات الصباح الأولى: since the early morning hours
        unit = _UNITS[_key(m.group("up"))]
        if kw == "منذ":
            return _Cand(start, end, "DURATION", f"PX{unit[0] if unit != 'DE' else 'DE'}", 7)
        return _Cand(start, end, "DATE", None, 7)
    if m.group("dual"):
        n, unit = 2, _DUALS[_key(m.group("dual"))]
    elif m.group("u1"):
        n, unit = 1, _UNITS[_key(m.group("u1"))]
    elif m.group("up"):
        n, unit = _count(m.group("n2")) or 0, _UNITS[_key(m.group("up"))]
    else:
        n, unit = _count(m.group("n")) or 0, _UNITS.get(_key(m.group("u")), "")
    if not n or not unit:
        return None
    if ctx.pub is None or m.group("half") or unit in ("W", "H", "MIN", "DE"):
        return _Cand(start, end, "DATE", None, 7)
    if unit == "D":
        return _Cand(start, end, "DATE", (ctx.pub - timedelta(days=n)).isoformat(), 7)
    if unit == "M":
        y, mo = _month_add(ctx.pub, -n)
        return _Cand(start, end, "DATE", f"{y:04d}-{mo:02d}", 7)
    return _Cand(start, end, "DATE", str(ctx.pub.year - n), 7, sets_year=True)


def _timeml_duration(n: int, unit: str) -> str:
    if unit == "H":
        return f"PT{n}H"
    if unit == "MIN":
        return f"PT{n}M"
    if unit == "DE":
        return f"P{n * 10}Y"
    return f"P{n}{unit}"


def _h_duration(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    if m.group("dual"):
        n, unit = 2, _DUALS[_key(m.group("dual"))]
    elif m.group("u1"):
        u1 = _key(m.group("u1"))
        n, unit = 1, _UNITS[u1[2:] if u1.startswith("ال") else u1]
    else:
        n, unit = _count(m.group("n")) or 0, _UNITS.get(_key(m.group("u")), "")
    if not n or not unit:
        return None
    start = m.end("pre")
    if m.group("kw").startswith("مد") and m.group("pre").endswith("ل"):
        start -= 1  # لمدة (li-muddat, "for a period of") is one word
    return _Cand(start, m.end(), "DURATION", _timeml_duration(n, unit), 8)


def _h_recent(m: re.Match[str], ctx: _Ctx) -> _Cand:
    unit = _DEF_PLURAL[_key(m.group("up"))]
    n = m.group("n")
    value = _timeml_duration(int(n), unit) if n else f"PX{'DE' if unit == 'DE' else unit[0]}"
    if unit == "H" and not n:
        value = "PTXH"
    return _Cand(m.end("pre"), m.end(), "DURATION", value, 8)


_SET_UNITS: Mapping[str, str] = MappingProxyType({"يوم": "P1D", "اسبوع": "P1W", "شهر": "P1M", "عام": "P1Y", "سنة": "P1Y",
              "سنه": "P1Y", "ساعة": "PT1H", "ساعه": "PT1H", "يوميا": "P1D",
              "اسبوعيا": "P1W", "شهريا": "P1M", "سنويا": "P1Y"})
_INDEF_WEEKDAYS: Mapping[str, int] = MappingProxyType({
    "جمعة": 4, "جمعه": 4, "خميس": 3, "سبت": 5, "احد": 6, "اثنين": 0, "ثلاثاء": 1, "اربعاء": 2,
})


def _h_set(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    start, end = m.end("pre"), m.end()
    if m.group("wd"):
        w = _key(m.group("wd"))
        wd = WEEKDAYS.get(w, _INDEF_WEEKDAYS.get(w))
        if wd is None:
            return None
        return _Cand(start, end, "SET", f"XXXX-WXX-{wd + 1}", 9)
    word = _key(m.group("unit") or m.group("adv"))
    return _Cand(start, end, "SET", _SET_UNITS.get(word), 9)


def _h_clock(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    sa, hh_s, mi_s, hw = m.group("sa"), m.group("hh"), m.group("mi"), m.group("hw")
    if not sa and not mi_s and not (hw and (m.group("ap") or m.group("ap2"))):
        # A bare number or ordinal ("الثانية", ath-thāniya, the second) is not a time;
        # "الثالثة فجرا" (ath-thālitha fajran, three at dawn) is.
        return None
    if mi_s and hh_s and not sa and not m.group("ap") and "." in m.string[m.end("hh"):m.start("mi")]:
        # "1.25 دولار" (a price): a dotted number is a decimal unless الساعة or a part of the
        # day says it is a time.
        return None
    hh = (_lookup(CLOCK_HOURS, hw) or 0) if hw else int(hh_s)
    mi = int(mi_s) if mi_s else 0
    if m.group("half"):
        mi = 30
    elif m.group("qtr"):
        mi = 15
    elif m.group("mins"):
        mins = m.group("mins")
        mi = int(mins) if mins.isdigit() else sum(
            _lookup(NUMBER_WORDS, w) or 0 for w in re.split(r"\s+و\s*|\s+", mins) if w)
    if m.group("lessq"):
        hh, mi = hh - 1, 45
    ap = _key(m.group("ap") or "")
    ap2 = _key(m.group("ap2") or "")
    if not ap and ap2:
        # "الساعة 2:28 من ظهر الأحد": the day part belongs to the weekday phrase after it.
        ap = {"صباح": "صباحا", "مساء": "مساء", "ظهر": "بعد الظهر", "بعد ظهر": "بعد الظهر",
              "عصر": "عصرا", "فجر": "فجرا"}.get(ap2, "ليلا")
    if ap in ("مساء", "مساءا", "عصرا", "م") or "الظهر" in ap or "الظهير" in ap:
        if hh < 12:
            hh += 12
    elif (ap == "ظهرا" and hh <= 5) or (ap == "ليلا" and 6 <= hh < 12):
        hh += 12
    elif ap == "ليلا" and hh == 12:
        hh = 0  # الثانية عشرة ليلا (ath-thāniya ʿashra laylan): midnight
    if not (0 <= hh <= 24 and 0 <= mi <= 59):
        return None
    if not sa and m.group("pre"):
        return None  # "و10:30" is more likely a score or ratio than a time
    clock = f"{hh % 24:02d}:{mi:02d}"
    return _Cand(m.end("pre"), m.end(), "TIME", f"XXXX-XX-XXT{clock}", 10, clock=clock)


_HANDLERS: Mapping[str, _Handler] = MappingProxyType({
    "dmy": _h_dmy, "month": _h_month, "hijri": _h_hijri, "night": _h_night,
    "weekday": _h_weekday, "relday": _h_relday, "period": _h_period, "year": _h_year,
    "year2": _h_year2, "decade": _h_decade, "numeric": _h_numeric, "ago": _h_ago,
    "duration": _h_duration, "recent": _h_recent, "set": _h_set, "clock": _h_clock,
})


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Non-overlapping candidates: the longest wins, then the more specific rule."""
    chosen: list[_Cand] = []
    taken: list[tuple[int, int]] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.rule, c.start)):
        if c.end <= c.start:
            continue
        if any(c.start < e and s < c.end for s, e in taken):
            continue
        chosen.append(c)
        taken.append((c.start, c.end))
    return sorted(chosen, key=lambda c: c.start)





def _finish(chosen: list[_Cand], ctx: _Ctx) -> list[_Cand]:
    """Document-order pass: anaphoric years and clock times joined to their date."""
    out: list[_Cand] = []
    last_year: int | None = None
    last_month: str | None = None  # "YYYY-MM" of the last date naming a month
    for c in chosen:
        if c.month_anaphor is not None:
            value = None
            if last_month is not None:
                y, mo = _month_add(date(int(last_month[:4]), int(last_month[5:7]), 1), c.month_step)
                value = _ymd(y, mo, c.month_anaphor or None)
            c = _Cand(c.start, c.end, c.type, value, c.rule)
        elif c.anaphor is not None:
            value = (f"{last_year + c.anaphor:04d}{c.anaphor_suffix}" if last_year is not None
                     else c.anaphor_fallback)
            c = _Cand(c.start, c.end, c.type, value, c.rule, sets_year=value is not None)
        elif c.weekday is not None and out and _grammar().paren.match(ctx.norm[out[-1].end:c.start]):
            # "في الثامن من ذي الحجة (يوم الأحد)": the weekday glosses the date before it.
            prev = out[-1]
            if prev.value and len(prev.value) == 10 and prev.value[:4].isdigit() and \
                    date.fromisoformat(prev.value).weekday() == c.weekday:
                c = _Cand(c.start, c.end, c.type, prev.value, c.rule)
        elif c.clock is not None and out:
            prev = out[-1]
            gap = ctx.norm[prev.end:c.start]
            if prev.type == "DATE" and prev.value and len(prev.value) == 10 and \
                    _grammar().join.match(gap):
                c = _Cand(c.start, c.end, c.type, f"{prev.value}T{c.clock}", c.rule)
        if c.sets_year and c.value and c.value[:4].isdigit():
            last_year = int(c.value[:4])
        if c.type == "DATE" and c.value and re.match(r"\d{4}-\d{2}", c.value):
            last_month = c.value[:7]
        out.append(c)
    # "الساعة 2:28 من ظهر الأحد": a clock time followed by its day.
    for i in range(len(out) - 1):
        c, nxt = out[i], out[i + 1]
        if c.clock is not None and c.value and c.value.startswith("XXXX") and \
                nxt.type == "DATE" and nxt.value and len(nxt.value) == 10 and \
                re.fullmatch(r"[\s،,]*(?:من\s+|في\s+)?(?:يوم\s+)?", ctx.norm[c.end:nxt.start]):
            out[i] = _Cand(c.start, c.end, c.type, f"{nxt.value}T{c.clock}", c.rule)
    return out


@dataclass(frozen=True, slots=True)
class _View:
    """The normalised text with a cheap map back to the original.

    `normalize_view` keeps a per-character offset table, built in Python; news text only
    ever *deletes* characters when normalised (harakat, tatweel, invisible marks), so the
    map is just the sorted deletion positions, found at C speed. Texts with presentation
    forms (which expand) fall back to `normalize_view`.
    """

    original: str
    text: str
    deleted: tuple[int, ...]  # original positions removed by normalisation
    shifted: tuple[int, ...]  # deleted[j] - j: the normalised index of each deletion

    def orig(self, k: int) -> int:
        return k + bisect.bisect_right(self.shifted, k)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        s = self.orig(start)
        e = self.orig(end - 1) + 1
        j = bisect.bisect_left(self.deleted, e)
        while j < len(self.deleted) and self.deleted[j] == e:  # trailing harakat (غداً)
            e += 1
            j += 1
        return s, e


def _view(text: str) -> _View | NormalizedText:
    if _PRESENTATION_RE.search(text):
        return normalize_view(text)  # ligatures may become two letters: a full offset map
    # Otherwise normalisation only deletes marks and swaps letter for letter: the deleted
    # positions are the whole offset map.
    deleted = tuple(m.start() for m in _DELETE_RE.finditer(text))
    return _View(text, normalize(text), deleted, tuple(d - j for j, d in enumerate(deleted)))


def find_times(text: str, published: str | None) -> list[Time]:
    """Every calendar expression of `text`, resolved against the publication date.

    >>> [(t.text, t.value) for t in find_times("قال أمس الإثنين 18 آذار/مارس", "2019-03-19")]
    [('أمس الإثنين 18 آذار/مارس', '2019-03-18')]

    (qāla amsi l-ithnayna 18 ādhār/māris: "he said yesterday, Monday 18 March".)
    """
    if not text:
        return []
    g = _grammar()
    view = _view(text)
    norm = view.text
    if not g.precheck.search(norm):
        return []
    ctx = _Ctx(norm=norm, pub=_publication_date(published), view=view)
    # No rule matches across a line break (their spaces are [^\S\n]), so each rule runs
    # only over the lines that hold its gate: a few lines of an article instead of all of
    # it. A window keeps its line's "\n", so lookaheads at the line end see what they see
    # in the whole text; lookbehinds see before the window's start anyway.
    lines: list[tuple[int, int]] = []
    pos = 0
    while pos < len(norm):
        nl = norm.find("\n", pos)
        end = len(norm) if nl < 0 else nl + 1
        lines.append((pos, end))
        pos = end
    cands: list[_Cand] = []
    for name, pat in g.rules:
        gate = g.gates[name]
        handler = _HANDLERS[name]
        for ls, le in lines:
            if not gate.search(norm, ls, le):
                continue
            for m in pat.finditer(norm, ls, le):
                if m.end() <= m.start():
                    continue
                got = handler(m, ctx)
                if got is None:
                    continue
                cands.extend(got if isinstance(got, list) else [got])
    times: list[Time] = []
    for c in _finish(_select(cands), ctx):
        start, end = view.to_original(c.start, c.end)
        # A span ends on its last letter; trailing harakat (غداً) belong to it.
        times.append(Time(start, end, text[start:end], c.value, c.type))
    return times


class TimeStage:
    """Fills `times` from `find_times` with the article's publication date."""

    name = "times"
    requires = frozenset({"text"})
    provides = frozenset({"times"})

    def __call__(self, doc: Document) -> Document:
        return doc.with_layers(times=tuple(find_times(doc.text, doc.article.published)))
