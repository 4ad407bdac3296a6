"""Working time in Viet Nam: the calendar the case engine computes deadlines with.

A working day has the hours of `WORK_MORNING` and `WORK_AFTERNOON` (local time, settings
`TIME_ZONE`), except on the weekly rest days `WORK_WEEKEND_DAYS` and on the `Holiday` rows
(a day off, a half day with only the morning worked, or a Saturday worked in exchange for a
day off elsewhere). Rules for deadlines: docs/working-time.md.

Every day of a window of years is precomputed once (its working seconds, and running totals of
working seconds and working days), so a deadline is two binary searches and the working time
between two instants is two look-ups. The calendar is rebuilt when the "holidays" content
version changes, which `holiday_save` and `holiday_delete` bump.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .content_versions import content_version_bump, content_version_get
from .errors import AppError
from .models import Holiday
from .text import clean_line

NAMESPACE = "holidays"
US = 1_000_000  # microseconds a second: instants are placed to the microsecond
# Years precomputed around the holidays and today; deadlines further out are refused.
YEARS_BEFORE = 5
YEARS_AFTER = 25

DAY_OFF = Holiday.Kind.DAY_OFF.value
HALF_DAY = Holiday.Kind.HALF_DAY.value


def _seconds_of_day(value: str | time) -> int:
    moment = value if isinstance(value, time) else time.fromisoformat(value)
    return moment.hour * 3600 + moment.minute * 60 + moment.second


def _seconds_on(kind: str | None, weekend: bool, full: int, half: int) -> int:
    """Working seconds of a day: a holiday row decides, else the day of the week."""
    if kind == DAY_OFF or (kind is None and weekend):
        return 0
    return half if kind == HALF_DAY else full


@dataclass(frozen=True, eq=False)
class WorkingCalendar:
    """Immutable. Build with `WorkingCalendar.build(...)` or `working_calendar_build()`."""

    tz: ZoneInfo
    weekend: frozenset[int]
    morning: tuple[int, int]  # seconds after local midnight
    afternoon: tuple[int, int]
    kinds: Mapping[date, str]  # date -> Holiday.Kind value
    first: int  # date.toordinal() of the first precomputed day
    day_seconds: array[int]  # working seconds of each precomputed day
    ends: array[int]  # working seconds from the window start to the end of each day
    day_counts: array[int]  # working days from the window start up to each day, inclusive

    @classmethod
    def build(
        cls,
        *,
        holidays: Iterable[tuple[date, str]] = (),
        weekend: Iterable[int] = (5, 6),
        morning: tuple[str | time, str | time] = ("07:30", "11:30"),
        afternoon: tuple[str | time, str | time] = ("13:00", "17:00"),
        tz: str | ZoneInfo = "Asia/Ho_Chi_Minh",
        today: date | None = None,
    ) -> WorkingCalendar:
        am = (_seconds_of_day(morning[0]), _seconds_of_day(morning[1]))
        pm = (_seconds_of_day(afternoon[0]), _seconds_of_day(afternoon[1]))
        if not am[0] < am[1] <= pm[0] < pm[1]:
            raise ImproperlyConfigured(
                "WORK_MORNING and WORK_AFTERNOON must be two ordered, non-overlapping spans"
            )
        kinds = dict(holidays)
        weekend_days = frozenset(weekend)
        full, half = am[1] - am[0] + pm[1] - pm[0], am[1] - am[0]
        today = today or date.today()
        years = [d.year for d in kinds] + [today.year]
        first = date(min(years) - YEARS_BEFORE, 1, 1).toordinal()
        last = date(max(years) + YEARS_AFTER, 12, 31).toordinal()
        day_seconds, ends, day_counts = array("q"), array("q"), array("q")
        total = count = 0
        for ordinal in range(first, last + 1):
            day = date.fromordinal(ordinal)
            seconds = _seconds_on(kinds.get(day), day.weekday() in weekend_days, full, half)
            total += seconds
            count += seconds > 0
            day_seconds.append(seconds)
            ends.append(total)
            day_counts.append(count)
        return cls(
            tz=tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz),
            weekend=weekend_days,
            morning=am,
            afternoon=pm,
            kinds=MappingProxyType(kinds),
            first=first,
            day_seconds=day_seconds,
            ends=ends,
            day_counts=day_counts,
        )

    # --- Days -------------------------------------------------------------------------------

    def _half(self) -> int:
        return self.morning[1] - self.morning[0]

    def _spans(self, seconds: int) -> list[tuple[int, int]]:
        """The working spans of a day with `seconds` of work: none, the morning, or both."""
        if not seconds:
            return []
        return [self.morning] if seconds <= self._half() else [self.morning, self.afternoon]

    def _seconds_of(self, day: date) -> int:
        full = self._half() + self.afternoon[1] - self.afternoon[0]
        return _seconds_on(self.kinds.get(day), day.weekday() in self.weekend, full, self._half())

    def is_working_day(self, day: date) -> bool:
        return self._seconds_of(day) > 0

    def working_intervals(self, day: date) -> list[tuple[datetime, datetime]]:
        """The working hours of `day` as aware local datetimes, in order (empty on a day off)."""
        midnight = datetime(day.year, day.month, day.day, tzinfo=self.tz)
        return [
            (midnight + timedelta(seconds=a), midnight + timedelta(seconds=b))
            for a, b in self._spans(self._seconds_of(day))
        ]

    def _index(self, day: date) -> int:
        index = day.toordinal() - self.first
        if not 0 <= index < len(self.day_seconds):
            raise ValueError(f"{day} is outside the working calendar's years")
        return index

    def _local(self, moment: datetime) -> datetime:
        if timezone.is_naive(moment):
            raise ValueError("working time needs timezone-aware datetimes")
        return moment.astimezone(self.tz)

    def _day_end(self, index: int) -> datetime:
        """When the office closes on the working day at `index`."""
        day = date.fromordinal(self.first + index)
        close = self._spans(self.day_seconds[index])[-1][1]
        return datetime(day.year, day.month, day.day, tzinfo=self.tz) + timedelta(seconds=close)

    # --- The working-time axis ----------------------------------------------------------------
    # Each instant maps to the working microseconds since the window start; this is constant
    # outside working hours and grows with the clock inside them.

    def _position(self, moment: datetime) -> int:
        local = self._local(moment)
        index = self._index(local.date())
        since_midnight = (local.hour * 3600 + local.minute * 60 + local.second) * US
        since_midnight += local.microsecond
        worked = sum(
            min(max(since_midnight - start * US, 0), (end - start) * US)
            for start, end in self._spans(self.day_seconds[index])
        )
        return (self.ends[index] - self.day_seconds[index]) * US + worked

    def _instant(self, position: int) -> datetime:
        """The earliest instant at `position` on the axis (so the end of a span, not the start
        of the next one)."""
        index = bisect_left(self.ends, -(-position // US))  # first day ending at or after it
        if index >= len(self.ends):
            raise ValueError("the deadline is outside the working calendar's years")
        left = position - (self.ends[index] - self.day_seconds[index]) * US
        morning = self._half() * US
        if left <= morning:
            offset = self.morning[0] * US + left
        else:
            offset = self.afternoon[0] * US + left - morning
        day = date.fromordinal(self.first + index)
        midnight = datetime(day.year, day.month, day.day, tzinfo=self.tz)
        return midnight + timedelta(microseconds=offset)

    # --- Deadlines ----------------------------------------------------------------------------

    def add_working_days(self, start: datetime, days: int) -> datetime:
        """When the office closes on the `days`-th working day after the day of receipt.

        The day of receipt is the day of `start` when that is a working day and the office has
        not closed yet (the morning, lunch and the afternoon all count the same); otherwise the
        next working day. It is not counted itself (Civil Code 2015, art. 147(2)); with
        `days=0` the deadline is the close of the day of receipt.
        """
        if days < 0:
            raise ValueError("days must not be negative")
        local = self._local(start)
        index = self._index(local.date())
        if not self.day_seconds[index] or local >= self._day_end(index):
            # Received after hours or on a day off: it counts from the next working day.
            index = bisect_right(self.day_counts, self.day_counts[index])
            if index >= len(self.day_counts):
                raise ValueError("the deadline is outside the working calendar's years")
        due = bisect_left(self.day_counts, self.day_counts[index] + days)
        if due >= len(self.day_counts):
            raise ValueError("the deadline is outside the working calendar's years")
        return self._day_end(due)

    def add_working_seconds(self, start: datetime, seconds: float) -> datetime:
        """`start` plus `seconds` of working time; from outside working hours the clock starts
        when the office next opens. A result on the end of a span is that end (11:30 rather than
        13:00)."""
        if seconds < 0:
            raise ValueError("seconds must not be negative")
        amount = round(seconds * US)
        if amount == 0:
            return start
        return self._instant(self._position(start) + amount)

    def add_working_hours(self, start: datetime, hours: float) -> datetime:
        return self.add_working_seconds(start, hours * 3600)

    def working_seconds_between(self, start: datetime, end: datetime) -> int:
        """Working seconds from `start` to `end`, whole seconds towards zero; negative when
        `end` is before `start`. `add_working_seconds(start, n)` is `n` seconds away from
        `start`."""
        elapsed = self._position(end) - self._position(start)
        return elapsed // US if elapsed >= 0 else -(-elapsed // US)


# --- The current calendar -------------------------------------------------------------------

_cached: tuple[tuple[object, ...], WorkingCalendar] | None = None


def _settings_key() -> tuple[tuple[int, ...], tuple[str, str], tuple[str, str], str]:
    weekend = getattr(settings, "WORK_WEEKEND_DAYS", (5, 6))
    morning = getattr(settings, "WORK_MORNING", ("07:30", "11:30"))
    afternoon = getattr(settings, "WORK_AFTERNOON", ("13:00", "17:00"))
    return (
        tuple(weekend),
        (morning[0], morning[1]),
        (afternoon[0], afternoon[1]),
        settings.TIME_ZONE,
    )


def working_calendar_build(*, holidays: Iterable[tuple[date, str]]) -> WorkingCalendar:
    """A calendar from `holidays` (date, kind) and the WORK_* settings."""
    weekend, morning, afternoon, tz = _settings_key()
    return WorkingCalendar.build(
        holidays=holidays,
        weekend=weekend,
        morning=morning,
        afternoon=afternoon,
        tz=tz,
        today=timezone.localdate(),
    )


def working_calendar_current() -> WorkingCalendar:
    """The calendar from the `Holiday` table and the settings, built once per process and
    rebuilt after a holiday changes (in other processes within `content_versions.LOCAL_TTL`)."""
    global _cached
    key = (content_version_get(namespace=NAMESPACE), *_settings_key())
    cached = _cached
    if cached is not None and cached[0] == key:
        return cached[1]
    calendar = working_calendar_build(holidays=Holiday.objects.values_list("date", "kind"))
    _cached = (key, calendar)
    return calendar


def working_calendar_forget() -> None:
    """Drop this process's calendar (also done by every holiday write)."""
    global _cached
    _cached = None


def _changed() -> None:
    content_version_bump(namespace=NAMESPACE)
    # Also drop our copy: a write that was rolled back (every test, a failed request) may have
    # left a calendar cached under the version number this write now reuses.
    working_calendar_forget()


# --- Services -------------------------------------------------------------------------------


def holiday_save(*, holiday: Holiday) -> Holiday:
    """Create or update a holiday row; the calendar of every process follows."""
    holiday.name = clean_line(holiday.name, max_length=200)
    holiday.note = holiday.note.strip()
    try:
        holiday.full_clean()
    except ValidationError as exc:
        raise AppError(
            "holidays.invalid",
            _("The holiday has problems."),
            fields=exc.message_dict,
        ) from exc
    with transaction.atomic():
        holiday.save()
        _changed()
    return holiday


def holiday_delete(*, holiday: Holiday) -> None:
    with transaction.atomic():
        holiday.delete()
        _changed()


# --- Shortcuts on the current calendar (what the case engine calls) -------------------------


def is_working_day(day: date) -> bool:
    return working_calendar_current().is_working_day(day)


def working_intervals(day: date) -> list[tuple[datetime, datetime]]:
    return working_calendar_current().working_intervals(day)


def add_working_days(start: datetime, days: int) -> datetime:
    return working_calendar_current().add_working_days(start, days)


def add_working_hours(start: datetime, hours: float) -> datetime:
    return working_calendar_current().add_working_hours(start, hours)


def add_working_seconds(start: datetime, seconds: float) -> datetime:
    return working_calendar_current().add_working_seconds(start, seconds)


def working_seconds_between(start: datetime, end: datetime) -> int:
    return working_calendar_current().working_seconds_between(start, end)
