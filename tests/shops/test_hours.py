"""Opening hours: what traders type becomes a weekly schedule; "open now" handles midnight."""

from __future__ import annotations

import itertools
import random
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import translation

from openprovince.core.errors import AppError
from openprovince.shops.hours import (
    VIETNAM,
    WEEK,
    has_hours,
    hours_format,
    hours_parse,
    hours_validate,
    is_open,
    minute_of_week,
    open_slots,
)

WEEKDAYS = [["06:30", "21:00"]]
MON_FRI = {str(d): WEEKDAYS for d in range(5)}
ALL_WEEK = {str(d): [["00:00", "24:00"]] for d in range(7)}


def vn(day: int, hour: int, minute: int = 0) -> datetime:
    """Vietnam time in the week of Monday 2026-03-02 (day 0) to Sunday 2026-03-08 (day 6)."""
    return datetime(2026, 3, 2 + day, hour, minute, tzinfo=VIETNAM)


def every_day(*pair: str) -> dict[str, list[list[str]]]:
    return {str(d): [list(pair)] for d in range(7)}


def test_given_weekdays_and_a_weekend_with_a_break_then_each_day_gets_its_intervals() -> None:
    schedule = hours_parse("T2-T6 06:30-21:00\nT7, CN 07:00-12:00, 13:30-22:00")

    assert schedule == MON_FRI | {d: [["07:00", "12:00"], ["13:30", "22:00"]] for d in "56"}


@pytest.mark.parametrize(
    "text",
    [
        "T2-T6 6h30-21h",
        "t2 - t6: 6:30 - 21:00",
        "Thứ 2 - Thứ 6 06.30-21.00",
        "từ thứ hai đến thứ sáu 6h30 đến 21h",
        "tu thu hai den thu sau 6g30-21g",
        "Mon-Fri 6:30-21:00",
        "monday to friday 06:30 to 21:00",
        "T2, T3, T4, T5, T6 06:30–21:00",
        "\n  T2-T6   06:30-21:00  \n\n",
    ],
)
def test_given_the_ways_traders_write_weekdays_then_they_all_read_the_same(text: str) -> None:
    assert hours_parse(text) == MON_FRI


@pytest.mark.parametrize(
    "text", ["Hằng ngày 06:30-21:00", "hang ngay 6h30-21h", "Mỗi ngày 6:30-21:00", "6h30-21h"]
)
def test_given_every_day_or_no_days_at_all_then_all_seven_days_are_open(text: str) -> None:
    assert hours_parse(text) == every_day("06:30", "21:00")


@pytest.mark.parametrize(
    "text", ["Cả tuần 24/24", "ca tuan 24/24", "Hằng ngày 24/7", "24h", "Cả ngày", "T2-CN 0h-0h"]
)
def test_given_open_round_the_clock_then_each_day_is_00_to_24(text: str) -> None:
    assert hours_parse(text) == ALL_WEEK


def test_given_a_reversed_range_then_it_runs_past_midnight_into_the_next_day() -> None:
    schedule = hours_parse("T6, T7 18:00-02:00")

    assert schedule == {"4": [["18:00", "02:00"]], "5": [["18:00", "02:00"]]}
    assert is_open(schedule, vn(5, 1, 59))  # Saturday night-time, from Friday
    assert not is_open(schedule, vn(5, 2, 0))
    assert is_open(schedule, vn(6, 1, 0))  # Sunday night-time, from Saturday
    assert not is_open(schedule, vn(4, 1, 0))  # Thursday has no evening


def test_given_sunday_night_past_midnight_then_monday_early_hours_are_open() -> None:
    schedule = hours_parse("CN 22:00-03:00")

    assert is_open(schedule, vn(0, 2, 30)) and not is_open(schedule, vn(0, 3, 0))
    assert open_slots(schedule) == [(0, 180), (6 * 1440 + 1320, WEEK)]


def test_given_a_day_marked_closed_then_it_is_removed_whatever_the_line_order() -> None:
    assert hours_parse("CN nghỉ\nHằng ngày 06:30-21:00") == dict.fromkeys("012345", WEEKDAYS)
    assert hours_parse("Hằng ngày 06:30-21:00\nT7, CN đóng cửa") == MON_FRI


def test_given_overlapping_or_touching_lines_then_the_intervals_are_merged() -> None:
    schedule = hours_parse("Hằng ngày 06:00-22:00\nT7, CN 06:00-23:00\nT2 05:00-06:00, 12:00-13:00")

    assert schedule["0"] == [["05:00", "22:00"]]
    assert schedule["3"] == [["06:00", "22:00"]]
    assert schedule["6"] == [["06:00", "23:00"]]


def test_given_an_evening_that_joins_a_night_then_the_merged_interval_keeps_the_crossing() -> None:
    assert hours_parse("T6 17:00-20:00, 19:00-01:00") == {"4": [["17:00", "01:00"]]}


def test_given_blank_text_then_the_hours_are_unknown() -> None:
    assert hours_parse("  \n \n") == {}
    assert not has_hours({}) and not has_hours({"0": []}) and has_hours(MON_FRI)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("T2-T6 25:00-21:00", 1),
        ("T2-T6 06:30-21:60", 1),
        ("T2-T6 24:00-06:00", 1),
        ("T2-T6 06:30-21:00\nT7 abc", 2),
        ("T2-T6", 1),
        ("T2-T6 06:30-21:00\n\nCN", 3),
        ("T2-T6 6-21", 1),  # bare numbers: "2-6" could be days
        ("T2-T6 06:30", 1),
        ("T2-T6 06:30-21:00 sáng", 1),
        ("Hằng ngày 24/24\nT6 20:00-02:00", 2),  # Friday would be 26 hours in a row
        ("T8 06:30-21:00", 1),
    ],
)
def test_given_bad_text_then_the_error_names_the_line(text: str, line: int) -> None:
    with translation.override("en"), pytest.raises(AppError) as caught:
        hours_parse(text)

    assert caught.value.code == "shops.bad_hours"
    assert caught.value.message.startswith(f"Line {line}:")
    assert caught.value.fields == {"hours_text": [caught.value.message]}


def test_given_a_time_past_midnight_then_the_message_shows_it() -> None:
    with translation.override("en"), pytest.raises(AppError, match="25:00 is not a time of day"):
        hours_parse("T2 25:00-26:00")


def test_given_api_json_then_it_comes_back_in_normal_form() -> None:
    raw = {
        "4": [["18:00", "02:00"], ["08:00", "12:00"], ["11:00", "13:00"]],
        "6": [["00:00", "00:00"]],
        "1": [["09:00", "00:00"]],
        "2": [],
    }

    assert hours_validate(raw) == {
        "1": [["09:00", "24:00"]],
        "4": [["08:00", "13:00"], ["18:00", "02:00"]],
        "6": [["00:00", "24:00"]],
    }
    assert hours_validate(hours_validate(raw)) == hours_validate(raw)


@pytest.mark.parametrize(
    "raw",
    [
        [],
        "T2-T6 06:30-21:00",
        {"7": WEEKDAYS},
        {0: WEEKDAYS},
        {"0": ["06:30", "21:00"]},
        {"0": [["06:30"]]},
        {"0": [["06:30", "21:00", "22:00"]]},
        {"0": [["6:30", "21:00"]]},
        {"0": [["06:30", "25:00"]]},
        {"0": [["24:00", "06:00"]]},
        {"0": [[630, 2100]]},
        {"0": [["00:00", "24:00"], ["20:00", "02:00"]]},
    ],
)
def test_given_malformed_json_then_it_is_refused(raw: object) -> None:
    with pytest.raises(AppError) as caught:
        hours_validate(raw)

    assert caught.value.code == "shops.bad_hours"
    assert list(caught.value.fields) == ["hours"]


def test_given_a_schedule_then_equal_consecutive_days_share_a_line() -> None:
    schedule = hours_parse("T2-T6 06:30-21:00\nT7, CN 07:00-12:00, 13:30-22:00")

    with translation.override("en"):
        assert hours_format(schedule) == [
            ("Mon–Fri", "06:30–21:00"),
            ("Sat, Sun", "07:00–12:00, 13:30–22:00"),
        ]
        assert hours_format(hours_parse("T2-T5 8h-17h\nT7 18h-2h")) == [
            ("Mon–Thu", "08:00–17:00"),
            ("Fri", "Closed"),
            ("Sat", "18:00–02:00"),
            ("Sun", "Closed"),
        ]
        assert hours_format(ALL_WEEK) == [("Every day", "Open 24 hours")]
        assert hours_format({}) == []


def test_given_all_day_then_every_minute_is_open() -> None:
    assert all(is_open(ALL_WEEK, vn(d, h, 59)) for d in range(7) for h in range(24))
    assert open_slots(ALL_WEEK) == [(0, WEEK)]


def test_given_unknown_hours_then_the_shop_is_never_open_now() -> None:
    assert not is_open({}, vn(2, 12))
    assert open_slots({}) == []


def test_given_a_time_in_another_zone_then_it_is_read_in_vietnam_time() -> None:
    utc = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)  # Tuesday 06:30 in Vietnam

    assert minute_of_week(utc) == 1440 + 6 * 60 + 30
    assert is_open(MON_FRI, utc) and not is_open(MON_FRI, utc - timedelta(minutes=1))


def test_given_a_naive_datetime_then_it_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="aware"):
        minute_of_week(datetime(2026, 3, 2, 8, 0))


def test_given_slots_then_each_piece_is_inside_the_week_and_not_empty() -> None:
    slots = open_slots(hours_parse("Hằng ngày 18:00-02:00"))

    assert slots[0] == (0, 120) and slots[-1] == (6 * 1440 + 1080, WEEK)
    assert all(0 <= a < b <= WEEK for a, b in slots)
    assert all(b < c for (_a, b), (c, _d) in itertools.pairwise(slots))


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _random_schedule(rng: random.Random) -> dict[str, list[list[str]]]:
    """Up to 3 intervals a day on a 15-minute grid, midnight and 24:00 often, crossings too."""
    schedule: dict[str, list[list[str]]] = {}
    for day in rng.sample(range(7), rng.randint(0, 7)):
        pairs = [
            [
                _clock(rng.choice([0, rng.randrange(0, 1440, 15)])),
                _clock(rng.choice([0, 1440, rng.randrange(0, 1440, 15)])),
            ]
            for _n in range(rng.randint(0, 3))
        ]
        try:
            schedule |= hours_validate({str(day): pairs})
        except AppError:  # the day's intervals merge past 24 hours
            continue
    return schedule


def test_given_random_schedules_then_is_open_agrees_with_the_slots() -> None:
    rng = random.Random(20260302)  # noqa: S311 - reproducible test data, not secrets
    monday = vn(0, 0)
    for _n in range(400):
        schedule = _random_schedule(rng)
        slots = open_slots(schedule)
        assert all(0 <= a < b <= WEEK for a, b in slots)
        for minute in [rng.randrange(WEEK) for _m in range(50)] + [0, 1439, 1440, WEEK - 1]:
            at = (monday + timedelta(minutes=minute, seconds=rng.randrange(60))).astimezone(UTC)
            assert minute_of_week(at) == minute
            assert is_open(schedule, at) == any(a <= minute < b for a, b in slots), (
                schedule,
                minute,
            )
