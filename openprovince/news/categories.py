"""The usual news categories, created by a data migration; admins add or rename them."""

from __future__ import annotations

# code, Vietnamese name, English name
DEFAULT_CATEGORIES: list[tuple[str, str, str]] = [
    ("tin-tuc", "Tin tức", "News"),
    ("thong-bao", "Thông báo", "Notices"),
    ("canh-bao", "Cảnh báo, thiên tai", "Warnings and disasters"),
    ("y-te", "Y tế", "Health"),
    ("giao-duc", "Giáo dục", "Education"),
    ("giao-thong", "Giao thông, điện nước", "Traffic and utilities"),
    ("van-hoa", "Văn hóa, sự kiện", "Culture and events"),
]
