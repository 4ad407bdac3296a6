from collections.abc import Iterator
from typing import Any

import pytest

from openprovince.fulltext.services import fulltext_index
from openprovince.fulltext.vocabulary import vocabulary_forget

QUESTIONS = {
    "khai-sinh": (
        "Thủ tục đăng ký khai sinh cho con",
        "Con tôi mới sinh được một tháng, cần chuẩn bị giấy tờ gì để đăng ký khai sinh?",
    ),
    "khai-sinh-qua-han": (
        "Đăng ký khai sinh quá hạn cho người lớn tuổi",
        "Mẹ tôi năm nay 70 tuổi nhưng chưa từng có giấy khai sinh, làm lại thế nào?",
    ),
    "ket-hon": (
        "Đăng ký kết hôn với người nước ngoài",
        "Hồ sơ đăng ký kết hôn gồm những giấy tờ gì và nộp ở đâu?",
    ),
    "so-do": (
        "Cấp sổ đỏ lần đầu cho đất ở",
        "Thủ tục cấp giấy chứng nhận quyền sử dụng đất lần đầu mất bao lâu?",
    ),
    "tam-tru": (
        "Đăng ký tạm trú cho sinh viên thuê trọ",
        "Sinh viên thuê phòng trọ cần khai báo tạm trú ở công an phường không?",
    ),
    "bao-hiem": (
        "Gia hạn thẻ bảo hiểm y tế hộ gia đình",
        "Thẻ bảo hiểm y tế của cả nhà sắp hết hạn, gia hạn ở đâu?",
    ),
    "hoc-phi": (
        "Miễn giảm học phí cho con hộ nghèo",
        "Con tôi học lớp 6, nhà thuộc hộ nghèo thì được miễn học phí không?",
    ),
    "can-cuoc": (
        "Cấp đổi thẻ căn cước công dân gắn chip",
        "Thẻ căn cước của tôi bị hỏng, đổi lại cần những gì?",
    ),
    "xay-dung": (
        "Xin giấy phép xây dựng nhà ở riêng lẻ",
        "Tôi muốn xây nhà hai tầng trên đất ở của gia đình, có cần giấy phép xây dựng?",
    ),
    "thue": (
        "Quyết toán thuế thu nhập cá nhân",
        "Người làm công ăn lương tự quyết toán thuế thu nhập cá nhân như thế nào?",
    ),
    "ho-kinh-doanh": (
        "Đăng ký hộ kinh doanh bán tạp hóa",
        "Gia đình tôi mở cửa hàng tạp hóa nhỏ, có phải đăng ký hộ kinh doanh không?",
    ),
    "tam-vang": (
        "Khai báo tạm vắng khi đi làm ăn xa",
        "Gia đình tôi sinh sống ở xã Hòa Thành, con trai đi làm ở tỉnh khác thì khai báo gì?",
    ),
}


@pytest.fixture(autouse=True)
def _fresh_vocabulary() -> Iterator[None]:
    """Each test's rolled-back writes must not linger in this process's vocabulary cache."""
    vocabulary_forget()
    yield
    vocabulary_forget()


@pytest.fixture
def questions(db: Any) -> dict[str, tuple[str, str]]:
    for key, (title, text) in QUESTIONS.items():
        fulltext_index(kind="question", key=key, title=title, text=text)
    return QUESTIONS


def keys(matches: Any) -> list[str]:
    return [m.key for m in matches]
