"""Working days with Chinese public holidays and make-up working days.

chinesecalendar knows the State Council's arrangements up to its last release (2026 for 1.11)
and raises for later years. Administrators enter a new year's 放假安排 (`HolidayArrangement`);
a year with neither is counted by weekends alone, and the result says so (`estimated`).
"""

import datetime
from dataclasses import dataclass

import chinese_calendar

from .models import HolidayArrangement


@dataclass(frozen=True)
class Due:
    date: datetime.date
    # True when a day counted lies in a year with no known arrangement: weekends only.
    estimated: bool
    unknown_years: tuple[int, ...] = ()


class _Calendar:
    def __init__(self, first_year: int, last_year: int):
        entered = HolidayArrangement.objects.filter(day__year__gte=first_year, day__year__lte=last_year)
        self.entered = {a.day: a.kind == HolidayArrangement.Kind.WORKDAY for a in entered}
        self.entered_years = {day.year for day in self.entered}
        self.unknown_years: set[int] = set()

    def is_workday(self, day: datetime.date) -> bool:
        if day in self.entered:
            return self.entered[day]
        if day.year in self.entered_years:
            return day.weekday() < 5
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            self.unknown_years.add(day.year)
            return day.weekday() < 5


def workdays_after(start: datetime.date, count: int) -> Due:
    """The date `count` working days after `start` (start itself not counted)."""
    calendar = _Calendar(start.year, start.year + count // 200 + 1)
    day, left = start, count
    while left > 0:
        day += datetime.timedelta(days=1)
        if calendar.is_workday(day):
            left -= 1
    return Due(day, bool(calendar.unknown_years), tuple(sorted(calendar.unknown_years)))


def workdays_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (negative when `end` is earlier)."""
    if end < start:
        return -workdays_between(end, start)
    calendar = _Calendar(start.year, end.year)
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        count += calendar.is_workday(day)
    return count


def days_after(start: datetime.date, count: int) -> Due:
    """Calendar days (the rules say 日 for the comment window, filing and report-back limits)."""
    return Due(start + datetime.timedelta(days=count), False)
