"""Read UK-style dates and turn timescales ("within 2 weeks", "by June") into dates."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
_NUMERIC = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?{_MONTH},? (\d{{4}})\b", re.I)
_MONTH_DAY = re.compile(rf"\b{_MONTH} (\d{{1,2}})(?:st|nd|rd|th)?,? (\d{{4}})\b", re.I)
_DAY_MONTH_NOYEAR = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?{_MONTH}\b", re.I)
_MONTH_YEAR = re.compile(rf"\b{_MONTH},? (\d{{4}})\b", re.I)
_MONTH_ONLY = re.compile(rf"\b(?:end of |by |before |in |during |until )(?:the )?(?:end of )?{_MONTH}\b", re.I)
_WITHIN = re.compile(r"\b(?:within|in|over) (?:the next )?(\d+|one|two|three|four|five|six|seven|eight|ten|twelve|a) "
                     r"(?:working )?(day|week|month|year)s?\b", re.I)
_BIRTHDAY = re.compile(r"\b(\d{2})(?:st|nd|rd|th) birthday\b", re.I)
_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "ten": 10, "twelve": 12}


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month(token: str) -> int:
    return MONTHS.get(token.lower()[:3], 0)


def parse_date(text: str) -> date | None:
    """The first full date in `text` (day first, as in the UK), or None."""
    readers = (
        (_NUMERIC, lambda m: (_year(m.group(3)), int(m.group(2)), int(m.group(1)))),
        (_ISO, lambda m: (int(m.group(1)), int(m.group(2)), int(m.group(3)))),
        (_DAY_MONTH, lambda m: (int(m.group(3)), _month(m.group(2)), int(m.group(1)))),
        (_MONTH_DAY, lambda m: (int(m.group(3)), _month(m.group(1)), int(m.group(2)))),
    )
    found = [(m.start(), d) for rx, parts in readers if (m := rx.search(text)) and (d := _safe(*parts(m)))]
    if not found and (m := _MONTH_YEAR.search(text)) and (d := _safe(int(m.group(2)), _month(m.group(1)), 1)):
        found.append((m.start(), d))
    return min(found)[1] if found else None


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def resolve_due(text: str, *, plan_date: date | None, date_of_birth: date | None,
                next_review: date | None) -> date | None:
    """The date a timescale points to, when it can be worked out."""
    if d := parse_date(text):
        return d
    anchor = plan_date
    if anchor and (m := _DAY_MONTH_NOYEAR.search(text)):
        d = _safe(anchor.year, _month(m.group(2)), int(m.group(1)))
        return d if d is None or d >= anchor else _safe(anchor.year + 1, d.month, d.day)
    if anchor and (m := _MONTH_ONLY.search(text)):
        month = _month(m.group(1))
        year = anchor.year if month >= anchor.month else anchor.year + 1
        return date(year, month, calendar.monthrange(year, month)[1])
    if anchor and (m := _WITHIN.search(text)):
        n = int(m.group(1)) if m.group(1).isdigit() else _WORDS[m.group(1).lower()]
        unit = m.group(2).lower()
        days = {"day": 1, "week": 7, "month": 31, "year": 366}[unit] * n
        return anchor + timedelta(days=days)
    if date_of_birth and (m := _BIRTHDAY.search(text)):
        return _safe(date_of_birth.year + int(m.group(1)), date_of_birth.month, min(date_of_birth.day, 28))
    if next_review and "review" in text.lower():
        return next_review
    return None


def months_between(earlier: date, later: date) -> float:
    """Months from `earlier` to `later` (negative if reversed), to a day's precision."""
    return (later - earlier).days / 30.44
