import unicodedata

import pytest

from openprovince.core.text import clean_line, fold, fold_terms, unaccent


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Hồ sơ đất đai", "ho so dat dai"),
        ("HỒ SƠ ĐẤT ĐAI", "ho so dat dai"),
        ("ho so dat dai", "ho so dat dai"),
        ("Phường  Tân\tNinh", "phuong tan ninh"),
        ("Ủy ban nhân dân", "uy ban nhan dan"),
        ("Quốc lộ 22B", "quoc lo 22b"),
    ],
)
def test_given_vietnamese_text_when_folded_then_diacritics_and_case_are_gone(raw, expected):
    assert fold(raw) == expected


def test_given_nfd_and_nfc_spellings_when_folded_then_they_are_equal():
    nfc = "Hồ sơ đất đai"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfc != nfd
    assert fold(nfd) == fold(nfc) == "ho so dat dai"


def test_given_invisible_characters_when_folded_then_they_are_dropped():
    assert fold("đất\u200b đai\x00\u202e") == "dat dai"


def test_given_punctuation_when_split_into_terms_then_only_words_remain():
    assert fold_terms("  Hồ sơ, (đất-đai)!  ") == ["ho", "so", "dat", "dai"]


def test_given_messy_input_when_cleaned_then_one_nfc_line_within_limit():
    raw = unicodedata.normalize("NFD", "  Tân\u200b   Ninh\n\x00") + "x" * 300
    cleaned = clean_line(raw, max_length=20)
    assert cleaned.startswith("Tân Ninh")
    assert unicodedata.is_normalized("NFC", cleaned)
    assert len(cleaned) <= 20


def test_given_vietnamese_when_unaccented_then_ascii_with_case_kept():
    assert unaccent("Mã đăng nhập Tây Ninh Smart: ĐỒNG Ý") == "Ma dang nhap Tay Ninh Smart: DONG Y"
