"""Recall on recombined questions: the search finds a question asked the same way among many
that share most of its words, with the query typed without diacritics, with a typo, or in
another order."""

import random

import pytest

from openprovince.core.text import unaccent
from openprovince.fulltext.selectors import fulltext_search
from openprovince.fulltext.services import fulltext_index

SUBJECTS = [
    "đăng ký khai sinh cho con",
    "đăng ký kết hôn",
    "cấp sổ đỏ lần đầu",
    "đăng ký tạm trú",
    "cấp căn cước công dân",
    "gia hạn bảo hiểm y tế",
    "miễn giảm học phí",
    "đăng ký hộ kinh doanh",
    "cấp giấy phép xây dựng",
    "quyết toán thuế thu nhập cá nhân",
]
SITUATIONS = [
    "khi đang ở nước ngoài",
    "khi bị mất giấy tờ gốc",
    "cho người khuyết tật",
    "qua dịch vụ công trực tuyến",
    "khi đã quá thời hạn",
    "cho hộ cận nghèo",
]
FRAMES = [
    "Lệ phí {} là bao nhiêu?",
    "Hồ sơ {} gồm những giấy tờ gì?",
    "{} mất bao lâu?",
    "{} nộp hồ sơ ở đâu?",
]


def _typo(word, rng):
    i = rng.randrange(1, len(word))
    return word[:i] + word[i + 1 :] if rng.random() < 0.5 else word[:i] + word[i] + word[i:]


@pytest.mark.django_db
def test_given_recombined_questions_when_searching_typed_variants_then_recall_at_3_is_high():
    rng = random.Random(20261203)  # noqa: S311 - a fixed seed, not a secret
    asked = {}
    for n in range(240):
        subject, situation, frame = (rng.randrange(len(x)) for x in (SUBJECTS, SITUATIONS, FRAMES))
        title = FRAMES[frame].format(f"{SUBJECTS[subject]} {SITUATIONS[situation]}")
        text = f"Tôi muốn {SUBJECTS[rng.randrange(len(SUBJECTS))]}. {title}"
        fulltext_index(kind="question", key=str(n), title=title, text=text)
        asked[str(n)] = (subject, situation, frame)
    hits = 0
    for n in range(60):
        subject, situation, frame = asked[str(rng.randrange(240))]
        words = [SUBJECTS[subject], SITUATIONS[situation]]
        if n % 3 == 0:
            words.reverse()  # another order
        query = FRAMES[frame].format(" ".join(words))
        if n % 2 == 0:
            query = unaccent(query)
        if n % 4 == 1:
            tokens = query.split()
            i = rng.choice([i for i, t in enumerate(tokens) if len(t) >= 3])
            tokens[i] = _typo(tokens[i], rng)
            query = " ".join(tokens)
        found = fulltext_search(kind="question", query=query, limit=3)
        hits += any(asked[m.key] == (subject, situation, frame) for m in found)
    assert hits / 60 >= 0.9, hits
