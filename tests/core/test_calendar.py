"""The Vietnamese working-day calendar (core.working_time): deadlines, working hours, the SLA
clock, and the holiday table behind them (with the 2025-2027 data the migration loads)."""

import importlib
import random
import time as clock
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps

from openprovince.core.errors import AppError
from openprovince.core.models import Holiday
from openprovince.core.working_time import (
    WorkingCalendar,
    add_working_days,
    add_working_hours,
    add_working_seconds,
    holiday_delete,
    holiday_save,
    is_working_day,
    working_calendar_current,
    working_intervals,
    working_seconds_between,
)

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
HOUR = 3600


def at(y, m, d, hh=0, mm=0, ss=0):
    return datetime(y, m, d, hh, mm, ss, tzinfo=VN)


def add_holiday(day, kind="day_off", name="Ngày thử"):
    return holiday_save(holiday=Holiday(date=day, kind=kind, name=name))


# --- Days and hours ------------------------------------------------------------------------


def test_given_an_ordinary_week_then_weekdays_work_and_the_weekend_does_not():
    assert is_working_day(date(2026, 3, 9))  # Monday
    assert is_working_day(date(2026, 3, 13))  # Friday
    assert not is_working_day(date(2026, 3, 14))  # Saturday
    assert not is_working_day(date(2026, 3, 15))  # Sunday


def test_given_a_working_day_then_its_intervals_are_the_morning_and_the_afternoon():
    assert working_intervals(date(2026, 3, 9)) == [
        (at(2026, 3, 9, 7, 30), at(2026, 3, 9, 11, 30)),
        (at(2026, 3, 9, 13, 0), at(2026, 3, 9, 17, 0)),
    ]
    assert working_intervals(date(2026, 3, 14)) == []


def test_given_the_loaded_data_then_tet_2026_is_off_and_the_substitute_saturdays_work():
    for day in range(16, 21):
        assert not is_working_day(date(2026, 2, day))
    assert is_working_day(date(2026, 1, 10))  # Saturday worked for Friday 2/1/2026
    assert is_working_day(date(2026, 8, 22))  # Saturday worked for Monday 31/8/2026
    assert not is_working_day(date(2026, 1, 2))
    assert not is_working_day(date(2026, 8, 31))
    assert not is_working_day(date(2026, 4, 27))  # Hùng Kings' day fell on Sunday 26/4


def test_given_the_data_migration_when_reversed_and_reapplied_then_rows_go_and_come_back():
    migration = importlib.import_module(
        "openprovince.core.migrations.0004_vietnam_holidays_2025_2027"
    )
    count = Holiday.objects.count()
    assert count == len(migration.HOLIDAYS)
    migration.remove_holidays(apps, None)
    assert not Holiday.objects.exists()
    migration.add_holidays(apps, None)
    assert Holiday.objects.count() == count


# --- add_working_days ----------------------------------------------------------------------


def test_given_a_dossier_on_friday_when_due_in_3_working_days_then_due_wednesday_at_close():
    # Received Friday: Monday, Tuesday, Wednesday are the three days; it is due at 17:00.
    assert add_working_days(at(2026, 3, 13, 9, 15), 3) == at(2026, 3, 18, 17, 0)


def test_given_a_dossier_received_in_the_afternoon_then_it_counts_like_the_morning():
    assert add_working_days(at(2026, 3, 13, 16, 45), 3) == at(2026, 3, 18, 17, 0)
    assert add_working_days(at(2026, 3, 13, 12, 0), 3) == at(2026, 3, 18, 17, 0)  # lunch
    assert add_working_days(at(2026, 3, 13, 6, 0), 3) == at(2026, 3, 18, 17, 0)  # early


def test_given_a_dossier_received_after_hours_or_on_a_day_off_then_counting_starts_next_day():
    # Received after closing on Friday, or at the weekend: Monday is the day of receipt.
    assert add_working_days(at(2026, 3, 13, 17, 0), 1) == at(2026, 3, 17, 17, 0)
    assert add_working_days(at(2026, 3, 13, 21, 0), 1) == at(2026, 3, 17, 17, 0)
    assert add_working_days(at(2026, 3, 14, 10, 0), 1) == at(2026, 3, 17, 17, 0)
    assert add_working_days(at(2026, 3, 15, 23, 59), 1) == at(2026, 3, 17, 17, 0)
    # On a holiday (30/4/2026, Thursday; 1/5 Friday too): receipt on Monday 4/5.
    assert add_working_days(at(2026, 4, 30, 9, 0), 1) == at(2026, 5, 5, 17, 0)


def test_given_zero_days_then_due_at_the_close_of_the_day_of_receipt():
    assert add_working_days(at(2026, 3, 13, 9, 0), 0) == at(2026, 3, 13, 17, 0)
    assert add_working_days(at(2026, 3, 14, 9, 0), 0) == at(2026, 3, 16, 17, 0)


def test_given_a_dossier_before_tet_2026_then_the_nine_day_break_is_skipped():
    # Thursday 12/2: Friday 13/2 is day 1; 14-22/2 is the break; 23, 24, 25, 26/2 are days 2-5.
    assert add_working_days(at(2026, 2, 12, 10, 0), 5) == at(2026, 2, 26, 17, 0)
    # Received during the break: day of receipt is Monday 23/2.
    assert add_working_days(at(2026, 2, 18, 10, 0), 1) == at(2026, 2, 24, 17, 0)


def test_given_a_substitute_saturday_after_tet_then_it_counts_as_a_working_day():
    start = at(2026, 2, 12, 10, 0)
    # 13/2, then 23-27/2 are days 1-6; day 7 is Monday 2/3, day 8 Tuesday 3/3.
    assert add_working_days(start, 8) == at(2026, 3, 3, 17, 0)
    add_holiday(date(2026, 2, 28), kind="working_day", name="Làm bù (thử)")
    assert add_working_days(start, 7) == at(2026, 2, 28, 17, 0)
    assert add_working_days(start, 8) == at(2026, 3, 2, 17, 0)


def test_given_the_new_year_swap_of_2026_then_friday_is_off_and_saturday_works():
    # Wednesday 31/12/2025: Thursday 1/1 and Friday 2/1 are off, Saturday 10/1 is worked.
    assert add_working_days(at(2025, 12, 31, 9, 0), 1) == at(2026, 1, 5, 17, 0)
    assert add_working_days(at(2026, 1, 9, 9, 0), 1) == at(2026, 1, 10, 17, 0)


def test_given_a_half_day_then_only_the_morning_is_worked():
    add_holiday(date(2026, 12, 30), kind="half_day", name="Nửa ngày (thử)")  # Wednesday
    day = date(2026, 12, 30)
    assert is_working_day(day)
    assert working_intervals(day) == [(at(2026, 12, 30, 7, 30), at(2026, 12, 30, 11, 30))]
    # A deadline on the half day falls when its morning ends.
    assert add_working_days(at(2026, 12, 29, 9, 0), 1) == at(2026, 12, 30, 11, 30)
    # Received after the half day's morning: Thursday 31/12 is the day of receipt, and day 1
    # is Monday 4/1/2027 (New Year's Day is a Friday).
    assert add_working_days(at(2026, 12, 30, 14, 0), 1) == at(2027, 1, 4, 17, 0)
    # Hours: Tuesday 16:00 + 5 h = 1 h on Tuesday + the 4 h morning of the half day.
    assert add_working_hours(at(2026, 12, 29, 16, 0), 5) == at(2026, 12, 30, 11, 30)
    assert add_working_hours(at(2026, 12, 29, 16, 0), 6) == at(2026, 12, 31, 8, 30)
    assert working_seconds_between(at(2026, 12, 30, 7, 0), at(2026, 12, 30, 18, 0)) == 4 * HOUR


def test_given_a_negative_count_or_a_naive_datetime_then_value_error():
    with pytest.raises(ValueError, match="negative"):
        add_working_days(at(2026, 3, 13, 9), -1)
    with pytest.raises(ValueError, match="negative"):
        add_working_hours(at(2026, 3, 13, 9), -0.5)
    with pytest.raises(ValueError, match="timezone-aware"):
        add_working_days(datetime(2026, 3, 13, 9), 1)


# --- add_working_hours ---------------------------------------------------------------------


def test_given_hours_that_cross_lunch_then_lunch_is_skipped():
    assert add_working_hours(at(2026, 3, 9, 10, 30), 2) == at(2026, 3, 9, 14, 0)
    assert add_working_hours(at(2026, 3, 9, 12, 15), 1) == at(2026, 3, 9, 14, 0)  # from lunch


def test_given_hours_that_end_on_a_boundary_then_the_end_of_the_span_is_returned():
    assert add_working_hours(at(2026, 3, 9, 9, 30), 2) == at(2026, 3, 9, 11, 30)
    assert add_working_hours(at(2026, 3, 9, 13, 0), 4) == at(2026, 3, 9, 17, 0)


def test_given_hours_that_cross_the_evening_or_the_weekend_then_they_go_on_next_working_day():
    assert add_working_hours(at(2026, 3, 9, 16, 0), 2) == at(2026, 3, 10, 8, 30)
    assert add_working_hours(at(2026, 3, 13, 16, 30), 1) == at(2026, 3, 16, 8, 0)
    assert add_working_hours(at(2026, 3, 13, 9, 0), 16) == at(2026, 3, 17, 9, 0)


def test_given_a_start_outside_working_hours_then_the_clock_starts_at_the_next_opening():
    assert add_working_hours(at(2026, 3, 9, 20, 0), 1) == at(2026, 3, 10, 8, 30)  # evening
    assert add_working_hours(at(2026, 3, 10, 5, 0), 1) == at(2026, 3, 10, 8, 30)  # dawn
    assert add_working_hours(at(2026, 3, 14, 10, 0), 1) == at(2026, 3, 16, 8, 30)  # Saturday
    assert add_working_hours(at(2026, 2, 16, 9, 0), 1) == at(2026, 2, 23, 8, 30)  # Tết
    assert add_working_hours(at(2026, 3, 14, 10, 0), 0) == at(2026, 3, 14, 10, 0)


def test_given_fractions_of_hours_then_they_are_exact_to_the_second():
    assert add_working_hours(at(2026, 3, 9, 11, 0), 0.75) == at(2026, 3, 9, 13, 15)
    assert add_working_seconds(at(2026, 3, 9, 11, 29, 59), 2) == at(2026, 3, 9, 13, 0, 1)


def test_given_any_aware_timezone_then_the_result_is_the_same_instant():
    utc = at(2026, 3, 9, 10, 30).astimezone(ZoneInfo("UTC"))
    due = add_working_hours(utc, 2)
    assert due == at(2026, 3, 9, 14, 0) and due.utcoffset() == timedelta(hours=7)


# --- working_seconds_between -----------------------------------------------------------------


def test_given_two_instants_then_only_working_time_between_them_counts():
    assert working_seconds_between(at(2026, 3, 9, 0, 0), at(2026, 3, 10, 0, 0)) == 8 * HOUR
    assert working_seconds_between(at(2026, 3, 13, 17, 0), at(2026, 3, 16, 7, 30)) == 0
    assert working_seconds_between(at(2026, 3, 13, 16, 0), at(2026, 3, 16, 8, 0)) == HOUR + 1800
    # A week around Tết 2026: only Friday 13/2 works.
    assert working_seconds_between(at(2026, 2, 13, 0, 0), at(2026, 2, 23, 0, 0)) == 8 * HOUR
    assert working_seconds_between(at(2026, 3, 10, 0, 0), at(2026, 3, 9, 0, 0)) == -8 * HOUR


def test_given_random_starts_then_adding_working_time_and_measuring_it_agree():
    rng = random.Random(1)  # noqa: S311 - a fixed, reproducible sample
    origin = at(2025, 1, 1)
    span = int((at(2027, 12, 31) - origin).total_seconds())
    for _ in range(400):
        start = origin + timedelta(seconds=rng.randrange(span))
        seconds = rng.choice([rng.randrange(1, 60 * HOUR), rng.randrange(1, 9) * 1800])
        end = add_working_seconds(start, seconds)
        assert end > start
        assert working_seconds_between(start, end) == seconds, (start, seconds, end)
        # And the other way: from any later instant, the measured time lands on or before it,
        # with no working time left between the two.
        later = start + timedelta(seconds=rng.randrange(1, 20 * 24 * HOUR))
        measured = working_seconds_between(start, later)
        back = add_working_seconds(start, measured)
        assert back <= later and working_seconds_between(back, later) == 0, (start, later)


# --- Cache and services ----------------------------------------------------------------------


def test_given_the_current_calendar_when_a_holiday_is_added_or_removed_then_it_is_rebuilt():
    first = working_calendar_current()
    assert working_calendar_current() is first  # cached
    assert is_working_day(date(2026, 3, 11))
    holiday = add_holiday(date(2026, 3, 11), name="  Nghỉ   đột xuất ")
    assert holiday.name == "Nghỉ đột xuất"
    assert working_calendar_current() is not first
    assert not is_working_day(date(2026, 3, 11))
    assert add_working_days(at(2026, 3, 10, 9), 1) == at(2026, 3, 12, 17, 0)
    holiday_delete(holiday=holiday)
    assert is_working_day(date(2026, 3, 11))


def test_given_a_second_holiday_on_the_same_date_then_the_service_refuses():
    with pytest.raises(AppError) as error:
        add_holiday(date(2026, 2, 17))
    assert error.value.code == "holidays.invalid" and "date" in error.value.fields


def test_given_saturdays_are_working_days_in_settings_then_the_calendar_follows(settings):
    assert not is_working_day(date(2026, 3, 14))
    settings.WORK_WEEKEND_DAYS = [6]
    assert is_working_day(date(2026, 3, 14))
    assert add_working_days(at(2026, 3, 13, 9), 1) == at(2026, 3, 14, 17, 0)


def test_given_the_admin_when_adding_a_holiday_then_the_calendar_follows(admin_client):
    page = admin_client.get("/admin/core/holiday/?year=2026")
    assert page.status_code == 200 and "Bính Ngọ" in page.content.decode()
    response = admin_client.post(
        "/admin/core/holiday/add/",
        {"date": "2026-03-11", "name": "Nghỉ lễ (thử)", "kind": "day_off", "note": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not is_working_day(date(2026, 3, 11))
    holiday = Holiday.objects.get(date=date(2026, 3, 11))
    response = admin_client.post(f"/admin/core/holiday/{holiday.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert is_working_day(date(2026, 3, 11))


# --- Speed -----------------------------------------------------------------------------------


def test_given_a_built_calendar_then_sixty_working_days_take_well_under_a_millisecond():
    calendar = working_calendar_current()
    start = at(2026, 2, 10, 9, 0)
    runs = 2000
    began = clock.perf_counter()
    for _ in range(runs):
        calendar.add_working_days(start, 60)
    per_call = (clock.perf_counter() - began) / runs
    assert per_call < 0.0005, per_call  # in practice a few microseconds


def test_given_explicit_parameters_then_a_calendar_is_built_without_the_database():
    calendar = WorkingCalendar.build(
        holidays=[(date(2030, 1, 1), "day_off")],
        morning=("08:00", "12:00"),
        afternoon=("13:30", "17:30"),
        today=date(2030, 1, 1),
    )
    assert not calendar.is_working_day(date(2030, 1, 1))
    assert calendar.add_working_days(at(2029, 12, 31, 9), 1) == at(2030, 1, 2, 17, 30)
    assert calendar.add_working_hours(at(2030, 1, 2, 11, 0), 2) == at(2030, 1, 2, 14, 30)
    with pytest.raises(ValueError, match="outside"):
        calendar.add_working_days(at(1990, 1, 1), 1)
