"""Public holidays of Viet Nam for 2025-2027, for officials of state agencies (the calendar
deadlines of administrative procedures run on).

Statutory basis: Labour Code 2019, art. 112 (1/1; Tết 5 days; Hùng Kings 10/3 lunar; 30/4; 1/5;
2/9 plus one adjacent day), art. 111(3) (a holiday on a weekly rest day is made up on the next
working day). The exact Tết days, the extra National Day day and any swapped days are announced
each year by the Government for civil servants; sources per year below.

Lunar dates (ÂL = âm lịch, day/month in the comments) were converted with Hồ Ngọc Đức's
algorithm for the Vietnamese calendar (UTC+7, which differs from the Chinese one in some years).
The 2025 and 2026 results match the lunar dates quoted in the announcements and the press
(e.g. 14/2/2026 = 27 Chạp Ất Tỵ, 16/2/2026 = 29 Chạp, 22/2/2026 = mùng 6 Bính Ngọ; Hùng Kings'
day on Sunday 26/4/2026); mùng 1 Đinh Mùi on 6/2/2027 is the widely published date.

Rows on a weekend are kept for the record; they change nothing in the calculation.
2027 is PROVISIONAL: no announcement was found when this was written (28/11/2026). Those rows say
so in their note; admins correct them in the admin when the Government announces the plan.
Not included: 24/11 "Ngày Văn hóa Việt Nam" (Politburo Resolution 80-NQ/TW, January 2026, asks
for it to become a paid holiday, which needs an amendment of Labour Code art. 112 that we could
not confirm). Add it in the admin once it is law.
"""

from django.db import migrations
from django.db.models import F

OFF, WORK = "day_off", "working_day"

S2025 = "Bộ LĐTBXH, phương án nghỉ lễ, Tết năm 2025 (được Thủ tướng đồng ý, 11/2024)"
S2026_NY = "Công văn 12729/VPCP-KGVX ngày 25/12/2025"
S2026 = "Thông báo 9441/TB-BNV ngày 16/10/2025"
LAW = "Bộ luật Lao động 2019, Điều 111, 112"
GUESS = "DỰ KIẾN, chưa có thông báo chính thức: kiểm tra lại khi Chính phủ công bố"

# (date, kind, name, note)
HOLIDAYS = [
    # --- 2025 -----------------------------------------------------------------------------
    ("2025-01-01", OFF, "Tết Dương lịch", LAW),  # Wed
    ("2025-01-27", OFF, "Tết Nguyên đán Ất Tỵ (28 tháng Chạp Giáp Thìn)", S2025),  # Mon; ÂL 28/12 Giáp Thìn
    ("2025-01-28", OFF, "Tết Nguyên đán Ất Tỵ (29 tháng Chạp, giao thừa)", S2025),  # Tue; ÂL 29/12 Giáp Thìn
    ("2025-01-29", OFF, "Tết Nguyên đán Ất Tỵ (mùng 1 tháng Giêng)", S2025),  # Wed; ÂL 1/1 Ất Tỵ
    ("2025-01-30", OFF, "Tết Nguyên đán Ất Tỵ (mùng 2 tháng Giêng)", S2025),  # Thu; ÂL 2/1 Ất Tỵ
    ("2025-01-31", OFF, "Tết Nguyên đán Ất Tỵ (mùng 3 tháng Giêng)", S2025),  # Fri; ÂL 3/1 Ất Tỵ
    ("2025-04-07", OFF, "Giỗ Tổ Hùng Vương (10/3 âm lịch Ất Tỵ)", LAW),  # Mon; ÂL 10/3 Ất Tỵ
    ("2025-04-26", WORK, "Làm bù cho thứ Sáu 02/5/2025", S2025),  # Sat
    ("2025-04-30", OFF, "Ngày Chiến thắng", LAW),  # Wed
    ("2025-05-01", OFF, "Ngày Quốc tế Lao động", LAW),  # Thu
    ("2025-05-02", OFF, "Nghỉ hoán đổi (làm bù thứ Bảy 26/4/2025)", S2025),  # Fri
    ("2025-09-01", OFF, "Quốc khánh (ngày nghỉ liền kề)", S2025),  # Mon
    ("2025-09-02", OFF, "Quốc khánh", LAW),  # Tue
    # --- 2026 -----------------------------------------------------------------------------
    ("2026-01-01", OFF, "Tết Dương lịch", LAW),  # Thu
    ("2026-01-02", OFF, "Nghỉ hoán đổi (làm bù thứ Bảy 10/01/2026)", S2026_NY),  # Fri
    ("2026-01-10", WORK, "Làm bù cho thứ Sáu 02/01/2026", S2026_NY),  # Sat
    # Break Sat 14/2 (27 Chạp) to Sun 22/2 (mùng 6); no Saturday is worked in exchange.
    ("2026-02-16", OFF, "Tết Nguyên đán Bính Ngọ (29 tháng Chạp Ất Tỵ, giao thừa)", S2026),  # Mon; ÂL 29/12 Ất Tỵ
    ("2026-02-17", OFF, "Tết Nguyên đán Bính Ngọ (mùng 1 tháng Giêng)", S2026),  # Tue; ÂL 1/1 Bính Ngọ
    ("2026-02-18", OFF, "Tết Nguyên đán Bính Ngọ (mùng 2 tháng Giêng)", S2026),  # Wed; ÂL 2/1 Bính Ngọ
    ("2026-02-19", OFF, "Tết Nguyên đán Bính Ngọ (mùng 3 tháng Giêng)", S2026),  # Thu; ÂL 3/1 Bính Ngọ
    ("2026-02-20", OFF, "Tết Nguyên đán Bính Ngọ (mùng 4 tháng Giêng)", S2026),  # Fri; ÂL 4/1 Bính Ngọ
    ("2026-04-26", OFF, "Giỗ Tổ Hùng Vương (10/3 âm lịch Bính Ngọ)", LAW),  # Sun; ÂL 10/3 Bính Ngọ
    ("2026-04-27", OFF, "Nghỉ bù Giỗ Tổ Hùng Vương", LAW),  # Mon; ÂL 11/3 Bính Ngọ
    ("2026-04-30", OFF, "Ngày Chiến thắng", LAW),  # Thu
    ("2026-05-01", OFF, "Ngày Quốc tế Lao động", LAW),  # Fri
    ("2026-08-22", WORK, "Làm bù cho thứ Hai 31/8/2026", S2026),  # Sat
    ("2026-08-31", OFF, "Nghỉ hoán đổi (làm bù thứ Bảy 22/8/2026)", S2026),  # Mon
    ("2026-09-01", OFF, "Quốc khánh (ngày nghỉ liền kề)", S2026),  # Tue
    ("2026-09-02", OFF, "Quốc khánh", LAW),  # Wed
    # --- 2027 (PROVISIONAL) ---------------------------------------------------------------
    ("2027-01-01", OFF, "Tết Dương lịch", LAW),  # Fri
    # Mùng 1 falls on a Saturday, as in 2020 and 2024, when the Government gave 29-30 Chạp to
    # mùng 3 plus two days in lieu (Thu to Wed). Tháng Chạp Bính Ngọ has 29 days, so the same
    # shape is 28 Chạp (Thu 4/2) to mùng 5 (Wed 10/2). A guess.
    ("2027-02-04", OFF, "Tết Nguyên đán Đinh Mùi (28 tháng Chạp Bính Ngọ)", GUESS),  # Thu; ÂL 28/12 Bính Ngọ
    ("2027-02-05", OFF, "Tết Nguyên đán Đinh Mùi (29 tháng Chạp, giao thừa)", GUESS),  # Fri; ÂL 29/12 Bính Ngọ
    ("2027-02-06", OFF, "Tết Nguyên đán Đinh Mùi (mùng 1 tháng Giêng)", GUESS),  # Sat; ÂL 1/1 Đinh Mùi
    ("2027-02-07", OFF, "Tết Nguyên đán Đinh Mùi (mùng 2 tháng Giêng)", GUESS),  # Sun; ÂL 2/1 Đinh Mùi
    ("2027-02-08", OFF, "Tết Nguyên đán Đinh Mùi (mùng 3 tháng Giêng)", GUESS),  # Mon; ÂL 3/1 Đinh Mùi
    ("2027-02-09", OFF, "Nghỉ bù Tết Nguyên đán (mùng 4 tháng Giêng)", GUESS),  # Tue; ÂL 4/1 Đinh Mùi
    ("2027-02-10", OFF, "Nghỉ bù Tết Nguyên đán (mùng 5 tháng Giêng)", GUESS),  # Wed; ÂL 5/1 Đinh Mùi
    ("2027-04-16", OFF, "Giỗ Tổ Hùng Vương (10/3 âm lịch Đinh Mùi)", LAW),  # Fri; ÂL 10/3 Đinh Mùi
    ("2027-04-30", OFF, "Ngày Chiến thắng", LAW),  # Fri
    ("2027-05-01", OFF, "Ngày Quốc tế Lao động", LAW),  # Sat
    ("2027-05-03", OFF, "Nghỉ bù Ngày Quốc tế Lao động", LAW),  # Mon
    ("2027-09-02", OFF, "Quốc khánh", LAW),  # Thu
    # The law leaves the second day to the Government (1/9 or 3/9): Friday makes a long weekend.
    ("2027-09-03", OFF, "Quốc khánh (ngày nghỉ liền kề)", GUESS),  # Fri
]

NAMESPACE = "holidays"


def _bump(apps):
    # Running processes cache the calendar per content version: make them rebuild it.
    ContentVersion = apps.get_model("core", "ContentVersion")
    if not ContentVersion.objects.filter(namespace=NAMESPACE).update(version=F("version") + 1):
        ContentVersion.objects.create(namespace=NAMESPACE, version=1)


def add_holidays(apps, schema_editor):
    Holiday = apps.get_model("core", "Holiday")
    for day, kind, name, note in HOLIDAYS:
        # A row an admin already entered for that date wins.
        Holiday.objects.get_or_create(date=day, defaults={"kind": kind, "name": name, "note": note})
    _bump(apps)


def remove_holidays(apps, schema_editor):
    Holiday = apps.get_model("core", "Holiday")
    for day, _kind, name, _note in HOLIDAYS:
        Holiday.objects.filter(date=day, name=name).delete()
    _bump(apps)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_holidays")]

    operations = [migrations.RunPython(add_holidays, remove_holidays)]
