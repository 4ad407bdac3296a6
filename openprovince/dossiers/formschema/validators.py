"""One value of a form: check and turn into its answer shape (docs/dossiers.md "Form engine").

Each `*_clean` takes what the person typed and returns the stored value, or raises `Invalid`
with a translated message for that field. No database access here.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils import timezone
from django.utils.translation import gettext as _

from openprovince.accounts.phone import phone_normalise
from openprovince.core.errors import AppError
from openprovince.core.text import clean_line, strip_invisible


class Invalid(ValueError):
    """A value refused; `message` is translated and shown next to the field."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = str(message)


# --- CCCD (số định danh cá nhân, the number on the citizen identity card) -------------------
# Province or city where the birth was registered, digits 1–3. Source: Thông tư 07/2016/TT-BCA
# (Ministry of Public Security, 01/02/2016), Phụ lục 1 "Danh mục mã tỉnh, thành phố trực thuộc
# trung ương nơi công dân đăng ký khai sinh": the 63 provinces before the 2025 merger. Numbers
# already issued keep these codes, so the list does not change with the merger.
CCCD_PROVINCES: dict[str, str] = {
    "001": "Hà Nội",
    "002": "Hà Giang",
    "004": "Cao Bằng",
    "006": "Bắc Kạn",
    "008": "Tuyên Quang",
    "010": "Lào Cai",
    "011": "Điện Biên",
    "012": "Lai Châu",
    "014": "Sơn La",
    "015": "Yên Bái",
    "017": "Hòa Bình",
    "019": "Thái Nguyên",
    "020": "Lạng Sơn",
    "022": "Quảng Ninh",
    "024": "Bắc Giang",
    "025": "Phú Thọ",
    "026": "Vĩnh Phúc",
    "027": "Bắc Ninh",
    "030": "Hải Dương",
    "031": "Hải Phòng",
    "033": "Hưng Yên",
    "034": "Thái Bình",
    "035": "Hà Nam",
    "036": "Nam Định",
    "037": "Ninh Bình",
    "038": "Thanh Hóa",
    "040": "Nghệ An",
    "042": "Hà Tĩnh",
    "044": "Quảng Bình",
    "045": "Quảng Trị",
    "046": "Thừa Thiên Huế",
    "048": "Đà Nẵng",
    "049": "Quảng Nam",
    "051": "Quảng Ngãi",
    "052": "Bình Định",
    "054": "Phú Yên",
    "056": "Khánh Hòa",
    "058": "Ninh Thuận",
    "060": "Bình Thuận",
    "062": "Kon Tum",
    "064": "Gia Lai",
    "066": "Đắk Lắk",
    "067": "Đắk Nông",
    "068": "Lâm Đồng",
    "070": "Bình Phước",
    "072": "Tây Ninh",
    "074": "Bình Dương",
    "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu",
    "079": "Hồ Chí Minh",
    "080": "Long An",
    "082": "Tiền Giang",
    "083": "Bến Tre",
    "084": "Trà Vinh",
    "086": "Vĩnh Long",
    "087": "Đồng Tháp",
    "089": "An Giang",
    "091": "Kiên Giang",
    "092": "Cần Thơ",
    "093": "Hậu Giang",
    "094": "Sóc Trăng",
    "095": "Bạc Liêu",
    "096": "Cà Mau",
}
# Digit 4: century of birth and gender (Thông tư 07/2016/TT-BCA, Điều 7; Nghị định 137/2015/NĐ-CP,
# Điều 13): 0/1 the 20th century (men/women), 2/3 the 21st, 4/5 the 22nd, 6/7 the 23rd, 8/9
# the 24th (2300–2399). Value: the century's first year.
CCCD_CENTURIES: dict[str, int] = {
    "0": 1900, "1": 1900, "2": 2000, "3": 2000, "4": 2100,
    "5": 2100, "6": 2200, "7": 2200, "8": 2300, "9": 2300,
}  # fmt: skip
_WHITESPACE = re.compile(r"\s+")


def cccd_clean(raw: str, *, today: date | None = None) -> str:
    """12 digits (spaces removed): a known province code and a birth year not in the future."""
    digits = _WHITESPACE.sub("", unicodedata.normalize("NFKC", strip_invisible(raw or "")))
    if len(digits) != 12 or not (digits.isascii() and digits.isdigit()):
        raise Invalid(_("A citizen ID (CCCD) number has exactly 12 digits."))
    if digits[:3] not in CCCD_PROVINCES:
        raise Invalid(
            _("The first 3 digits of a citizen ID number are a province code: check them.")
        )
    birth_year = CCCD_CENTURIES[digits[3]] + int(digits[4:6])
    if birth_year > (today or timezone.localdate()).year:
        raise Invalid(_("Digits 4 to 6 of this citizen ID number give a birth year in the future."))
    return digits


# --- dates --------------------------------------------------------------------------------
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", re.ASCII)
_TYPED = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$", re.ASCII)


def date_bound(value: str, *, today: date | None = None) -> date:
    """A schema's `min`/`max` for a date: `YYYY-MM-DD` or "today". ValueError when neither."""
    if value == "today":
        return today or timezone.localdate()
    return date.fromisoformat(value)


def date_parse(raw: str) -> date:
    """`YYYY-MM-DD` (what `<input type=date>` sends) or `dd/mm/yyyy` (typed; `.` or `-` too)."""
    text = unicodedata.normalize("NFKC", clean_line(raw or ""))
    if m := _ISO.match(text):
        year, month, day = (int(g) for g in m.groups())
    elif m := _TYPED.match(text):
        day, month, year = (int(g) for g in m.groups())
    else:
        raise Invalid(_("Type the date as day/month/year, for example 25/12/1990."))
    try:
        return date(year, month, day)
    except ValueError:
        raise Invalid(_("This date does not exist in the calendar.")) from None


def date_show(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def date_clean(
    raw: str, *, min: str | None = None, max: str | None = None, today: date | None = None
) -> str:
    """The date as `YYYY-MM-DD`, within `min` and `max` (inclusive; "today" allowed)."""
    value = date_parse(raw)
    if min is not None and value < (low := date_bound(min, today=today)):
        raise Invalid(_("The date must be %(date)s or later.") % {"date": date_show(low)})
    if max is not None and value > (high := date_bound(max, today=today)):
        raise Invalid(_("The date must be %(date)s or earlier.") % {"date": date_show(high)})
    return value.isoformat()


# --- numbers ------------------------------------------------------------------------------
_PLAIN = re.compile(r"^-?\d+(?:[.,]\d+)?$", re.ASCII)
_GROUPED = re.compile(r"^-?\d{1,3}(?:\.\d{3})+(?:,\d+)?$", re.ASCII)  # 1.234.567,5


def number_show(value: int | float) -> str:
    """How a stored number is shown again: Vietnamese decimal comma, no grouping."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace(".", ",")


def number_clean(
    raw: str, *, integer: bool = False, min: float | None = None, max: float | None = None
) -> int | float:
    """A number as people write it in Vietnam: `1,5` or `1.5`; dots group thousands when there
    is more than one (`1.000.000`) or a decimal comma follows (`1.234,5`); in a whole-number
    field `1.000` is one thousand. Spaces are ignored. Whole-number fields give int, others float.
    """
    text = _WHITESPACE.sub("", unicodedata.normalize("NFKC", strip_invisible(raw or "")))
    text = text.replace("\u2212", "-")  # the minus sign some keyboards type
    if _GROUPED.match(text) and ("," in text or text.count(".") > 1 or integer):
        text = text.replace(".", "").replace(",", ".")
    elif _PLAIN.match(text):
        text = text.replace(",", ".")
    else:
        raise Invalid(_("Type a number, for example 12 or 1,5."))
    if integer:
        if "." in text:
            raise Invalid(_("Type a whole number, without a decimal part."))
        value: int | float = int(text)
    else:
        value = float(text)
    if min is not None and value < min:
        raise Invalid(_("The number must be at least %(min)s.") % {"min": number_show(min)})
    if max is not None and value > max:
        raise Invalid(_("The number must be at most %(max)s.") % {"max": number_show(max)})
    return value


# --- phone, e-mail, text ------------------------------------------------------------------
def phone_clean(raw: str) -> str:
    """E.164 (`+84…`) through the accounts module's normaliser, the one place that knows the
    Vietnamese numbering plan."""
    try:
        return phone_normalise(raw)
    except AppError as error:
        raise Invalid(error.message) from None


_EMAIL = EmailValidator()
EMAIL_MAX_LENGTH = 254


def email_clean(raw: str) -> str:
    value = clean_line(unicodedata.normalize("NFKC", raw or "")).lower()
    if len(value) > EMAIL_MAX_LENGTH:
        raise Invalid(_("An e-mail address has at most 254 characters."))
    try:
        _EMAIL(value)
    except ValidationError:
        raise Invalid(_("Type an e-mail address, for example ten@example.vn.")) from None
    return value


def text_clean(raw: str, *, max_length: int, multiline: bool = False) -> str:
    """Invisible characters removed, NFC, trimmed; one line unless `multiline`. Too long is
    refused, not cut: the browser stops typing at `maxlength`, so this is rare and a silent cut
    could drop the end of an answer."""
    if multiline:
        text = strip_invisible((raw or "").replace("\r\n", "\n"), keep_newlines=True)
        text = unicodedata.normalize("NFC", text).strip()
    else:
        text = clean_line(raw or "")
    if len(text) > max_length:
        raise Invalid(
            _("At most %(max)s characters (now %(count)s).")
            % {"max": max_length, "count": len(text)}
        )
    return text
