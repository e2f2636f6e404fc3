"""Reading publication dates from metadata strings (ISO 8601, RFC 822, Arabic dates)."""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

_ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_published(value: str | None) -> str | None:
    """Normalise a publication date to ISO 8601 (date or datetime), or None if unreadable.

    Accepts ISO 8601, RFC 822 feed dates ("Mon, 19 Feb 2018 00:16:11 +0400") and Arabic
    dates as outlets print them ("الثلاثاء 19 آذار/مارس 2019", al-thulāthāʾ, Tuesday).
    """
    if value is None:
        return None
    s = str(value).strip()
    if not s:
        return None
    if _ISO_DATE_RE.match(s):
        try:
            return date.fromisoformat(s).isoformat()
        except ValueError:
            return None
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(s).isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    from marsad.arabic.calendar import read_date

    return read_date(s)


def published_date(value: str | None) -> date | None:
    """The calendar date of an ISO publication value (the date as the outlet wrote it)."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
