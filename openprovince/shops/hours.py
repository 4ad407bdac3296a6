"""Weekly opening hours of a shop: read what a trader types, check API JSON, show the hours and
answer "open now" (pure functions, no database).

A schedule is JSON: {"0": [["06:30", "21:00"]], ...}, weekday "0" = Monday ... "6" = Sunday
(Python's weekday()), each day a list of [open, close] intervals in Vietnam time.
- One rule for midnight: a close ≤ its open is on the next day. Friday ["18:00", "02:00"] is
  open until Saturday 02:00 and belongs to Friday; ["08:00", "08:00"] is 24 hours from 08:00.
- All day is ["00:00", "24:00"]; ["00:00", "00:00"] means the same (midnight to the next
  midnight) and is stored as the former. "24:00" is only ever a closing time.
- Overlapping or touching intervals of one day are merged, so "Hằng ngày 06:00-22:00" then
  "T7, CN 06:00-23:00" gives longer weekends; a merged interval over 24 hours is refused.
- A missing or empty day is closed; an empty schedule means the hours are unknown.
Normal form (what hours_parse and hours_validate return): open days only, in order, each
day's intervals sorted and merged.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from openprovince.core.errors import AppError
from openprovince.core.text import fold

Schedule = dict[str, list[list[str]]]
Span = tuple[int, int]  # minutes from the day's midnight: 0 <= start < 1440, end <= start + 1440

DAY = 1440
WEEK = 7 * DAY
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
FIELD_TEXT = "hours_text"  # the box the trader types in
FIELD_JSON = "hours"  # the API's structured schedule

_LABELS = (
    pgettext_lazy("weekday", "Mon"),
    pgettext_lazy("weekday", "Tue"),
    pgettext_lazy("weekday", "Wed"),
    pgettext_lazy("weekday", "Thu"),
    pgettext_lazy("weekday", "Fri"),
    pgettext_lazy("weekday", "Sat"),
    pgettext_lazy("weekday", "Sun"),
)
_WEEKDAYS = {"0", "1", "2", "3", "4", "5", "6"}
_HHMM = re.compile(r"(?:[01]\d|2[0-3]):[0-5]\d|24:00")
# Text is folded first (lower case, no diacritics): "Thứ Hai" → "thu hai", "Chủ nhật" → "chu nhat".
_DAY_RE = re.compile(
    r"(?:t|thu)\s*([2-7])(?!\d)|thu\s+(hai|ba|tu|nam|sau|bay)\b|(cn|chu\s*nhat)\b"
    r"|(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b"
)
_DAY_WORDS = {"hai": 0, "ba": 1, "tu": 2, "nam": 3, "sau": 4, "bay": 5, "cn": 6, "chunhat": 6}
_DAY_WORDS |= {str(n): n - 2 for n in range(2, 8)}
_DAY_WORDS |= {w: i for i, w in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))}
_EVERY_DAY = re.compile(
    r"(?:hang|moi|tat\s*ca\s*cac)\s*ngay\b|(?:ca|suot)\s*tuan\b"
    r"|daily\b|every\s*day\b|all\s*week\b"
)
_DAY_SEP = re.compile(r"(?:[\s,;/&+:.]|\b(?:va|and|tu|from)\b)*")
_TIME_SEP = re.compile(r"(?:[\s,;/&+]|\b(?:va|and|tu|from)\b)*")
_RANGE = r"\s*(?:-|–|—|~|\bden\b|\btoi\b|\bto\b)\s*"
_RANGE_RE = re.compile(_RANGE)
_TIME = r"(\d{1,2})\s*[:h.g]\s*(\d{2})?"  # a marker is required: bare "2-6" may mean T2-T6
_INTERVAL_RE = re.compile(_TIME + _RANGE + _TIME)
_ALL_DAY_RE = re.compile(
    r"24\s*(?:h|gio)?\s*/\s*(?:24|7)\s*(?:h|gio)?|24\s*(?:h|gio)|(?:ca|suot)\s*ngay|all\s*day"
    r"|(?:open\s*)?24\s*hours"
)
_CLOSED_RE = re.compile(r"nghi(?:\s*ban)?|dong\s*cua|khong\s*mo\s*cua|closed")


def _bad(message: str, field: str = FIELD_TEXT) -> AppError:
    return AppError("shops.bad_hours", message, fields={field: [message]})


def _span(start: int, end: int) -> Span:
    return (start, end if end > start else end + DAY)


def _join(spans: list[Span]) -> list[Span]:
    """Sorted, with overlapping and touching spans joined."""
    out: list[Span] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _merge(spans: list[Span]) -> list[Span] | None:
    """A day's spans joined; None when one would pass 24 hours (not expressible as a pair)."""
    out = _join(spans)
    return None if any(e - s > DAY for s, e in out) else out


def _after(pattern: re.Pattern[str], text: str, pos: int) -> int:
    found = pattern.match(text, pos)
    return found.end() if found else pos


def _weekday(found: re.Match[str]) -> int:
    return _DAY_WORDS[re.sub(r"\s", "", next(g for g in found.groups() if g))]


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _pair(span: Span) -> list[str]:
    start, end = span
    return [_clock(start), _clock(end if end <= DAY else end - DAY)]


def _dump(days: dict[int, list[Span]]) -> Schedule:
    return {str(d): [_pair(s) for s in days[d]] for d in range(7) if days.get(d)}


def _too_long(day: int, line: int | None = None) -> AppError:
    if line is None:
        message = _("The hours of %(day)s add up to more than 24 hours in a row.")
        return _bad(message % {"day": _LABELS[day]}, FIELD_JSON)
    message = _("Line %(line)s: the hours of %(day)s add up to more than 24 hours in a row.")
    return _bad(message % {"line": line, "day": _LABELS[day]})


def _pair_ok(pair: object) -> bool:
    return (
        isinstance(pair, list | tuple)
        and len(pair) == 2
        and all(isinstance(t, str) and _HHMM.fullmatch(t) for t in pair)
        and pair[0] != "24:00"
    )


def _read(schedule: object) -> dict[int, list[Span]]:
    """A stored or API schedule as spans per weekday; AppError when it is not well formed."""
    shape = _bad(
        _(
            "Opening hours must map weekdays 0 (Monday) to 6 (Sunday) to lists of "
            '[open, close] times like ["06:30", "21:00"].'
        ),
        FIELD_JSON,
    )
    if not isinstance(schedule, dict):
        raise shape
    days: dict[int, list[Span]] = {}
    for key, pairs in schedule.items():
        if key not in _WEEKDAYS or not isinstance(pairs, list) or not all(map(_pair_ok, pairs)):
            raise shape
        minutes = [[int(t[:2]) * 60 + int(t[3:]) for t in pair] for pair in pairs]
        merged = _merge([_span(start, end) for start, end in minutes])
        if merged is None:
            raise _too_long(int(key))
        days[int(key)] = merged
    return days


def hours_validate(schedule: object) -> Schedule:
    """Check a schedule from the API and return its normal form; AppError("shops.bad_hours")."""
    return _dump(_read(schedule))


def has_hours(schedule: object) -> bool:
    """Whether the shop gave any opening hours (an empty schedule means unknown, not closed)."""
    return isinstance(schedule, dict) and any(schedule.values())


def _days(line: str) -> tuple[set[int], int]:
    """The weekdays at the start of a folded line and where the hours begin; no days = every day."""
    picked: set[int] = set()
    pos = 0
    while True:
        pos = _after(_DAY_SEP, line, pos)
        if every := _EVERY_DAY.match(line, pos):
            picked, pos = set(range(7)), every.end()
            continue
        if not (first := _DAY_RE.match(line, pos)):
            break
        pos, day = first.end(), _weekday(first)
        dash = _RANGE_RE.match(line, pos)
        if dash and (last := _DAY_RE.match(line, dash.end())):
            pos, end = last.end(), _weekday(last)
            picked |= {(day + i) % 7 for i in range((end - day) % 7 + 1)}  # T6-T2 wraps the week
        else:
            picked.add(day)
    return picked or set(range(7)), pos


def _time(hours: str, minutes: str | None, *, line: int, closing: bool) -> int:
    h, m = int(hours), int(minutes or 0)
    if h > 24 or m > 59 or (h == 24 and (m or not closing)):
        raise _bad(
            _("Line %(line)s: %(time)s is not a time of day.")
            % {"line": line, "time": f"{h:02d}:{m:02d}"}
        )
    return h * 60 + m


def _spans(text: str, line: int) -> list[Span]:
    spans: list[Span] = []
    pos = _after(_TIME_SEP, text, 0)
    while pos < len(text):
        if not (m := _INTERVAL_RE.match(text, pos)):
            raise _bad(
                _("Line %(line)s: cannot read the hours “%(text)s”; write them like 06:30-21:00.")
                % {"line": line, "text": text[pos:]}
            )
        start = _time(m[1], m[2], line=line, closing=False)
        spans.append(_span(start, _time(m[3], m[4], line=line, closing=True)))
        pos = _after(_TIME_SEP, text, m.end())
    return spans


def hours_parse(text: str) -> Schedule:
    """Read the hours a trader types, one group a line: "T2-T6 06:30-21:00", "T7, CN 07:00-12:00,
    13h30-22h", "Hằng ngày 18:00-02:00", "Cả tuần 24/24", "CN nghỉ", "Mon-Fri 8:00-17:00".
    T2..T7 are Monday..Saturday and CN Sunday; a line without days means every day; "nghỉ"
    (closed) wins over other lines whatever the order. Blank text gives {} (hours unknown)."""
    days: dict[int, list[Span]] = {d: [] for d in range(7)}
    closed: set[int] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = fold(raw)
        if not line:
            continue
        picked, pos = _days(line)
        rest = line[pos:].strip()
        if not rest:
            raise _bad(
                _("Line %(line)s: add the hours after the days, e.g. “T2-T6 06:30-21:00”.")
                % {"line": number}
            )
        if _CLOSED_RE.fullmatch(rest):
            closed |= picked
            continue
        spans = [(0, DAY)] if _ALL_DAY_RE.fullmatch(rest) else _spans(rest, number)
        for day in sorted(picked):
            merged = _merge(days[day] + spans)
            if merged is None:
                raise _too_long(day, number)
            days[day] = merged
    for day in closed:
        days[day] = []
    return _dump(days)


def _day_text(spans: list[Span]) -> str:
    if not spans:
        return pgettext("opening hours", "Closed")
    if spans == [(0, DAY)]:
        return pgettext("opening hours", "Open 24 hours")
    return ", ".join("–".join(_pair(span)) for span in spans)


def hours_format(schedule: object) -> list[tuple[str, str]]:
    """Lines for the shop page, equal consecutive days grouped: [("T2–T6", "06:30–21:00"),
    ("T7, CN", "07:00–12:00, 13:30–22:00")] in Vietnamese. [] when the hours are unknown."""
    days = _read(schedule)
    if not any(days.values()):
        return []
    texts = [_day_text(days.get(d, [])) for d in range(7)]
    if len(set(texts)) == 1:
        return [(pgettext("opening hours", "Every day"), texts[0])]
    lines, first = [], 0
    while first < 7:
        last = first
        while last < 6 and texts[last + 1] == texts[first]:
            last += 1
        sep = ", " if last == first + 1 else "–"
        label = str(_LABELS[first]) if last == first else f"{_LABELS[first]}{sep}{_LABELS[last]}"
        lines.append((label, texts[first]))
        first = last + 1
    return lines


def _local(at: datetime) -> datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("opening hours need an aware datetime")
    return at.astimezone(VIETNAM)


def minute_of_week(at: datetime) -> int:
    """Minutes since Monday 00:00 Vietnam time (0 .. 10079) for an aware datetime."""
    local = _local(at)
    return local.weekday() * DAY + local.hour * 60 + local.minute


def is_open(schedule: object, at: datetime) -> bool:
    """Whether the shop is open at `at` (aware; read in Vietnam time). Unknown hours: False."""
    days = _read(schedule)
    local = _local(at)
    day, minute = local.weekday(), local.hour * 60 + local.minute
    if any(start <= minute < end for start, end in days.get(day, [])):
        return True
    # yesterday's intervals that run past midnight
    return any(minute + DAY < end for _start, end in days.get((day - 1) % 7, []))


def open_slots(schedule: object) -> list[tuple[int, int]]:
    """Open time as minute-of-week intervals [start, end), 0 = Monday 00:00, within [0, WEEK]:
    Sunday night past midnight is cut at WEEK and goes on from 0; pieces that overlap or
    touch are joined. A row each for the directory's "open now" SQL filter."""
    pieces: list[tuple[int, int]] = []
    for day, spans in _read(schedule).items():
        for start, end in spans:
            a, b = day * DAY + start, day * DAY + end
            pieces += [(a, b)] if b <= WEEK else [(a, WEEK), (0, b - WEEK)]
    return _join(pieces)
