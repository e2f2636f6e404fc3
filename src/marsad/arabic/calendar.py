"""Arabic calendar tables and a reader for dates as publishers write them.

Arabic news names months in several systems, often two at once ("آذار/مارس", ādhār/māris,
"March"): the Egyptian/Gulf transliterations of the Gregorian names (يناير، yanāyir,
"January"), the Levantine/Iraqi Syriac names (كانون الثاني، kānūn ath-thānī, "January"),
the Maghrebi French-derived names (جانفي، jānfī, "January") and the Hijri lunar months
(رجب، rajab). Every table here is keyed by the *normalised* spelling
(`marsad.arabic.normalize`: alef forms to ا, ى to ي, harakat and tatweel removed, digits
to ASCII), so hamza variants (أبريل/إبريل) need not be listed; real spelling variants
(يونيو/يونيه، نوفمبر/نونبر) are.

`read_date` turns one publisher date string into an ISO date or datetime; the ingest code
uses it for HTML metadata and the first lines of plain-text articles.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from types import MappingProxyType

from marsad.arabic.normalize import normalize

# Gregorian month names as transliterated in Egypt, the Gulf and most pan-Arab outlets,
# with the spelling variants outlets actually print.
GREGORIAN_MONTHS: Mapping[str, int] = MappingProxyType({
    "يناير": 1, "فبراير": 2, "فبرير": 2, "مارس": 3, "ابريل": 4, "مايو": 5,
    "يونيو": 6, "يونيه": 6, "يوليو": 7, "يوليه": 7, "اغسطس": 8, "اغسطوس": 8,
    "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
})
# Moroccan spellings (from Spanish/French) are Gregorian too.
MOROCCAN_MONTHS: Mapping[str, int] = MappingProxyType({
    "ماي": 5, "يونيو": 6, "يوليوز": 7, "غشت": 8, "شتنبر": 9, "نونبر": 11, "دجنبر": 12,
})
# Algerian/Tunisian French-derived names.
MAGHREBI_MONTHS: Mapping[str, int] = MappingProxyType({
    "جانفي": 1, "فيفري": 2, "مارس": 3, "افريل": 4, "ماي": 5, "جوان": 6, "جويلية": 7,
    "جويليه": 7, "اوت": 8, "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
})
# Levantine/Iraqi (Syriac) names.
LEVANTINE_MONTHS: Mapping[str, int] = MappingProxyType({
    "كانون الثاني": 1, "شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5, "حزيران": 6,
    "تموز": 7, "اب": 8, "ايلول": 9, "تشرين الاول": 10, "تشرين الثاني": 11,
    "كانون الاول": 12,
    # Outlets also drop the article: "تشرين أول" (tishrīn awwal), "كانون ثاني".
    "كانون ثاني": 1, "تشرين اول": 10, "تشرين ثاني": 11, "كانون اول": 12,
})
# Halves of a Levantine name that outlets drop in a pair ("أكتوبر/ تشرين", uktūbar/
# tishrīn): only valid as the second member of a pair, where the first fixes the month.
PARTIAL_MONTHS: frozenset[str] = frozenset({"تشرين", "كانون"})

MONTHS: Mapping[str, int] = MappingProxyType({
    **GREGORIAN_MONTHS, **MOROCCAN_MONTHS, **MAGHREBI_MONTHS, **LEVANTINE_MONTHS,
})

# Month names that are also everyday words, so a bare one needs date context:
# مارس (mārasa, "he practised"), نيسان (Nissan), ماي/جوان/اوت (loanwords, names).
AMBIGUOUS_MONTHS: frozenset[str] = frozenset({"مارس", "نيسان", "ماي", "جوان", "اوت", "غشت"})
# آب (āb, August) normalises to اب, which is also أب (ab, "father"): only with a day,
# a year or a paired name.
STRONG_CONTEXT_MONTHS: frozenset[str] = frozenset({"اب"})

HIJRI_MONTHS: Mapping[str, int] = MappingProxyType({
    "محرم": 1, "صفر": 2,
    "ربيع الاول": 3, "ربيع اول": 3, "ربيع الثاني": 4, "ربيع الاخر": 4, "ربيع ثاني": 4,
    "جمادي الاولي": 5, "جمادي الاول": 5, "جمادي الاخرة": 6, "جمادي الاخره": 6,
    "جمادي الثانية": 6, "جمادي الثانيه": 6, "جمادي الاخر": 6,
    "رجب": 7, "شعبان": 8, "رمضان": 9, "شوال": 10,
    "ذو القعدة": 11, "ذي القعدة": 11, "ذو القعده": 11, "ذي القعده": 11,
    "ذو الحجة": 12, "ذي الحجة": 12, "ذو الحجه": 12, "ذي الحجه": 12,
})

ENGLISH_MONTHS: Mapping[str, int] = MappingProxyType({
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
})

# Python's weekday numbering (Monday = 0). Keys are the normalised definite forms.
WEEKDAYS: Mapping[str, int] = MappingProxyType({
    "الاثنين": 0, "الاتنين": 0, "الثلاثاء": 1, "الثلاثا": 1, "الثلثاء": 1, "الاربعاء": 2,
    "الاربعا": 2, "الخميس": 3, "الجمعة": 4, "الجمعه": 4, "السبت": 5, "الاحد": 6,
})

# Ordinal day words as used in dates ("الثامن عشر من آذار", ath-thāmin ʿashar min ādhār,
# "the eighteenth of March").
_ORDINAL_UNITS: Mapping[str, int] = MappingProxyType({
    "الاول": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "الخامس": 5, "السادس": 6,
    "السابع": 7, "الثامن": 8, "التاسع": 9,
})


def _day_ordinals() -> dict[str, int]:
    out = {**_ORDINAL_UNITS, "العاشر": 10, "الحادي عشر": 11, "العشرين": 20, "الثلاثين": 30,
           "الحادي والعشرين": 21, "الحادي والثلاثين": 31,
           "اول": 1,    # "أول يناير" (awwal yanāyir): 1 January
           "فاتح": 1}   # Moroccan "فاتح مارس" (fātiḥ māris): 1 March
    for word, n in _ORDINAL_UNITS.items():
        if n >= 2:
            out[f"{word} عشر"] = 10 + n
            out[f"{word} والعشرين"] = 20 + n
    return out


DAY_ORDINALS: Mapping[str, int] = MappingProxyType(_day_ordinals())

# Cardinal number words for counts ("قبل ثلاثة أيام", qabla thalāthat ayyām, "three days
# ago"); both genders and the case forms news prose uses.
NUMBER_WORDS: Mapping[str, int] = MappingProxyType({
    "واحد": 1, "واحدة": 1, "اثنين": 2, "اثنان": 2, "اثنتين": 2, "ثلاث": 3, "ثلاثة": 3,
    "اربع": 4, "اربعة": 4, "خمس": 5, "خمسة": 5, "ست": 6, "ستة": 6, "سبع": 7, "سبعة": 7,
    "ثمان": 8, "ثماني": 8, "ثمانية": 8, "تسع": 9, "تسعة": 9, "عشر": 10, "عشرة": 10,
    "احد عشر": 11, "احدي عشرة": 11, "اثني عشر": 12, "اثنا عشر": 12, "اثنتي عشرة": 12,
    "ثلاثة عشر": 13, "ثلاث عشرة": 13, "اربعة عشر": 14, "اربع عشرة": 14,
    "خمسة عشر": 15, "خمس عشرة": 15, "عشرين": 20, "عشرون": 20, "ثلاثين": 30,
    "ثلاثون": 30,
})

# Hours of the clock as ordinal feminine words ("الساعة العاشرة", as-sāʿa al-ʿāshira,
# "ten o'clock").
CLOCK_HOURS: Mapping[str, int] = MappingProxyType({
    "الواحدة": 1, "الثانية": 2, "الثالثة": 3, "الرابعة": 4, "الخامسة": 5, "السادسة": 6,
    "السابعة": 7, "الثامنة": 8, "التاسعة": 9, "العاشرة": 10, "الحادية عشرة": 11,
    "الحادية عشر": 11, "الثانية عشرة": 12, "الثانية عشر": 12,
})

# Decades by their plural nisba ("التسعينيات", at-tisʿīniyyāt, "the nineties"): TimeML
# decade prefix of the 20th century.
DECADES: Mapping[str, str] = MappingProxyType({
    f"{stem}{suffix}": decade
    for stem, decade in (("عشرين", "192"), ("ثلاثين", "193"), ("اربعين", "194"),
                         ("خمسين", "195"), ("ستين", "196"), ("سبعين", "197"),
                         ("ثمانين", "198"), ("تسعين", "199"))
    for suffix in ("يات", "ات")
})

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def to_western_digits(text: str) -> str:
    """Arabic-Indic (٠-٩) and Persian (۰-۹) digits to ASCII; everything else unchanged."""
    return text.translate(_DIGITS)


def month_number(name: str) -> int | None:
    """The month number of a Gregorian, Levantine or Maghrebi month name, any spelling.

    >>> month_number("آذار")  # ādhār, March
    3
    """
    return MONTHS.get(" ".join(normalize(name).split()))


def hijri_month_number(name: str) -> int | None:
    """The Hijri month number (1 = محرم muḥarram ... 12 = ذو الحجة dhū l-ḥijja)."""
    return HIJRI_MONTHS.get(" ".join(normalize(name).split()))


def hijri_to_gregorian(year: int, month: int, day: int) -> date | None:
    """The Gregorian date of a Hijri (Umm al-Qura) date, or None outside 1343–1500 AH."""
    from hijridate import Hijri

    try:
        g = Hijri(year, month, day).to_gregorian()
    except (OverflowError, ValueError):
        return None
    return date(g.year, g.month, g.day)


def gregorian_to_hijri(d: date) -> tuple[int, int, int] | None:
    """The Hijri (year, month, day) of a Gregorian date, or None out of range."""
    from hijridate import Gregorian

    try:
        h = Gregorian(d.year, d.month, d.day).to_hijri()
    except (OverflowError, ValueError):
        return None
    return h.year, h.month, h.day


def _alternation(words: list[str]) -> str:
    """A regex alternation, longest first so "تشرين الثاني" wins over a shorter prefix."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def _read_patterns() -> tuple[re.Pattern[str], ...]:
    months = _alternation([*MONTHS, *ENGLISH_MONTHS])
    hijri = _alternation(list(HIJRI_MONTHS))
    time = (r"(?P<hh>\d{1,2}):(?P<mi>\d{2})(?::(?P<ss>\d{2}))?\s*(?P<ampm>ص|م|am|pm|صباحا|مساء|مساءا)?"
            r"(?:\s*(?P<tz>Z|GMT|UTC|[+-]\d{2}:?\d{2})(?!\d))?")
    return (
        # ISO 8601 date or datetime, as in <meta> tags and JSON-LD.
        re.compile(
            r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
            r"(?:[T ](?P<hh>\d{2}):(?P<mi>\d{2})(?::(?P<ss>\d{2})(?:\.\d+)?)?"
            r"(?P<tz>Z|[+-]\d{2}:?\d{2})?)?"
        ),
        # Year first with slashes or dots (2019/03/19).
        re.compile(rf"(?P<y>\d{{4}})[/.](?P<m>\d{{1,2}})[/.](?P<d>\d{{1,2}})(?:\D+{time})?"),
        # Day first, the Arab convention (19/03/2019, 19-3-2019, 19.03.2019).
        re.compile(
            rf"(?<!\d)(?P<d>\d{{1,2}})[/.\-](?P<m>\d{{1,2}})[/.\-](?P<y>\d{{4}})(?:\D+{time})?"
        ),
        # Day, month name, year ("الثلاثاء 19 مارس 2019", "19 آذار/مارس 2019").
        re.compile(
            rf"(?<!\d)(?P<d>\d{{1,2}})\s*(?:من\s+)?(?:شهر\s+)?(?P<mn>{months})(?:\s*[/(]\s*"
            rf"(?:{months})\s*\)?)?\s*,?\s*(?:(?:عام|سنة)\s*)?(?P<y>\d{{4}})(?:\D+?{time})?",
            re.IGNORECASE,
        ),
        # Month name, day, year ("March 19, 2019").
        re.compile(
            rf"(?P<mn>{months})\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}})(?:\D+?{time})?",
            re.IGNORECASE,
        ),
        # Hijri ("12 رجب 1440 هـ").
        re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})\s*(?P<hm>{hijri})\s*(?P<y>\d{{4}})"),
    )


def _clock(m: re.Match[str]) -> str | None:
    """HH:MM[:SS] of a match with hh/mi groups, or None when it has none or is invalid."""
    if m.groupdict().get("hh") is None:
        return None
    hh, mi = int(m.group("hh")), int(m.group("mi"))
    ss = int(m.group("ss")) if m.groupdict().get("ss") else None
    ampm = (m.groupdict().get("ampm") or "").lower()
    # ص (ṣabāḥan) is a.m., م (masāʾan) p.m.
    if ampm in ("م", "pm", "مساء", "مساءا") and hh < 12:
        hh += 12
    elif ampm in ("ص", "am", "صباحا") and hh == 12:
        hh = 0
    if hh > 23 or mi > 59 or (ss is not None and ss > 59):
        return None
    return f"{hh:02d}:{mi:02d}" + (f":{ss:02d}" if ss is not None else "")


def _zone(tz: str | None) -> str:
    """An ISO 8601 offset from "Z", "GMT", "+0300" or "+03:00"; "" when absent."""
    if not tz:
        return ""
    if tz.upper() in ("Z", "GMT", "UTC"):
        return "Z" if tz == "Z" else "+00:00"
    return tz if ":" in tz else f"{tz[:3]}:{tz[3:]}"


def read_date(text: str) -> str | None:
    """Read one publication date as a publisher writes it; ISO date or datetime, or None.

    >>> read_date("الثلاثاء 19 مارس 2019")  # ath-thulāthāʾ 19 māris, Tuesday 19 March
    '2019-03-19'
    >>> read_date("نشر في: 19 مارس 2019 - 10:30 ص")  # nushira fī, published on
    '2019-03-19T10:30'
    >>> read_date("2019-03-19T10:00:00+03:00")
    '2019-03-19T10:00:00+03:00'
    """
    if not text:
        return None
    norm = normalize(to_western_digits(text))
    for i, pat in enumerate(_read_patterns()):
        for m in pat.finditer(norm):
            y, d = int(m.group("y")), int(m.group("d"))
            if i == 5:
                g = hijri_to_gregorian(y, HIJRI_MONTHS[m.group("hm")], d)
                if g is None:
                    continue
                return g.isoformat()
            if "mn" in m.groupdict():
                mn = m.group("mn").lower()
                mo = MONTHS.get(mn) or ENGLISH_MONTHS.get(mn)
                if mo is None:
                    continue
            else:
                mo = int(m.group("m"))
            try:
                day = date(y, mo, d)
            except ValueError:
                continue
            if not 1000 <= y <= 2200:
                continue
            clock = _clock(m)
            if clock is None:
                return day.isoformat()
            return f"{day.isoformat()}T{clock}{_zone(m.groupdict().get('tz'))}"
    return None
