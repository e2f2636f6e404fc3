"""Calendar tables and the publisher date reader."""

from __future__ import annotations

import pytest

from marsad.arabic.calendar import (
    GREGORIAN_MONTHS,
    HIJRI_MONTHS,
    LEVANTINE_MONTHS,
    MAGHREBI_MONTHS,
    WEEKDAYS,
    gregorian_to_hijri,
    hijri_month_number,
    hijri_to_gregorian,
    month_number,
    read_date,
    to_western_digits,
)


@pytest.mark.parametrize("table", [GREGORIAN_MONTHS, LEVANTINE_MONTHS, MAGHREBI_MONTHS,
                                   HIJRI_MONTHS])
def test_every_system_names_all_twelve_months(table: dict[str, int]) -> None:
    assert set(table.values()) == set(range(1, 13))


def test_weekdays_cover_the_week() -> None:
    assert set(WEEKDAYS.values()) == set(range(7))


@pytest.mark.parametrize(("name", "number"), [
    ("يناير", 1), ("كانون الثاني", 1), ("جانفي", 1), ("فبراير", 2), ("شباط", 2),
    ("فيفري", 2), ("آذار", 3), ("مارس", 3), ("أبريل", 4), ("إبريل", 4), ("أفريل", 4),
    ("نيسان", 4), ("مايو", 5), ("ماي", 5), ("أيار", 5), ("يونيو", 6), ("يونيه", 6),
    ("جوان", 6), ("حزيران", 6), ("يوليو", 7), ("يوليه", 7), ("جويلية", 7), ("تموز", 7),
    ("أغسطس", 8), ("أوت", 8), ("آب", 8), ("غشت", 8), ("سبتمبر", 9), ("أيلول", 9),
    ("شتنبر", 9), ("أكتوبر", 10), ("تشرين الأول", 10), ("تشرين أول", 10), ("نوفمبر", 11),
    ("نونبر", 11), ("تشرين الثاني", 11), ("ديسمبر", 12), ("دجنبر", 12),
    ("كانون الأول", 12), ("كانون  الأول", 12),
])
def test_month_number(name: str, number: int) -> None:
    assert month_number(name) == number


def test_unknown_month_is_none() -> None:
    assert month_number("الجمعة") is None  # al-jumʿa, Friday


@pytest.mark.parametrize(("name", "number"), [
    ("محرم", 1), ("صفر", 2), ("ربيع الأول", 3), ("ربيع الآخر", 4), ("ربيع الثاني", 4),
    ("جمادى الأولى", 5), ("جمادى الآخرة", 6), ("رجب", 7), ("شعبان", 8), ("رمضان", 9),
    ("شوال", 10), ("ذو القعدة", 11), ("ذي الحجة", 12),
])
def test_hijri_month_number(name: str, number: int) -> None:
    assert hijri_month_number(name) == number


def test_digits() -> None:
    assert to_western_digits("١٩ آذار ٢٠١٩ / ۱۹") == "19 آذار 2019 / 19"


def test_hijri_round_trip() -> None:
    g = hijri_to_gregorian(1440, 7, 12)
    assert g is not None and g.isoformat() == "2019-03-19"
    assert gregorian_to_hijri(g) == (1440, 7, 12)
    assert hijri_to_gregorian(1200, 1, 1) is None  # outside the Umm al-Qura table


@pytest.mark.parametrize(("text", "expected"), [
    ("الثلاثاء 19 مارس 2019", "2019-03-19"),
    ("19/03/2019", "2019-03-19"),
    ("19-3-2019", "2019-03-19"),
    ("19.03.2019", "2019-03-19"),
    ("2019/03/19", "2019-03-19"),
    ("2019-03-19", "2019-03-19"),
    ("2019-03-19T10:00:00+03:00", "2019-03-19T10:00:00+03:00"),
    ("2019-03-19 10:00", "2019-03-19T10:00"),
    ("2019-03-19T07:00:00Z", "2019-03-19T07:00:00Z"),
    ("١٩ آذار ٢٠١٩", "2019-03-19"),
    ("۱۹ مارس ۲۰۱۹", "2019-03-19"),
    ("نشر في: 19 مارس 2019 - 10:30 ص", "2019-03-19T10:30"),
    ("آخر تحديث: 19 مارس 2019 - 10:30 م", "2019-03-19T22:30"),
    ("الثلاثاء، 19 آذار/مارس 2019", "2019-03-19"),
    ("19 كانون الثاني 2019", "2019-01-19"),
    ("19 جانفي 2019", "2019-01-19"),
    ("March 19, 2019", "2019-03-19"),
    ("12 رجب 1440 هـ", "2019-03-19"),
    ("تاريخ النشر 19/03/2019 10:45", "2019-03-19T10:45"),
    ("Tue, 19 Mar 2019 10:00:00 GMT", "2019-03-19T10:00:00+00:00"),     # RSS (RFC 822)
    ("Tue, 19 Mar 2019 10:00:00 +0300", "2019-03-19T10:00:00+03:00"),
    ("2019-03-19T10:00:00+0300", "2019-03-19T10:00:00+03:00"),
    ("الثلاثاء 12 رجب 1440 هـ - 19 مارس 2019", "2019-03-19"),
    ("19 آذار (مارس) 2019", "2019-03-19"),
    ("تاريخ النشر: الثلاثاء، 19 مارس 2019 01:30 م", "2019-03-19T13:30"),
    ("١٩/٣/٢٠١٩", "2019-03-19"),
])
def test_read_date(text: str, expected: str) -> None:
    assert read_date(text) == expected


@pytest.mark.parametrize("text", ["", "بلا تاريخ", "31/02/2019", "99/99/9999", "اليوم"])
def test_read_date_none(text: str) -> None:
    assert read_date(text) is None
