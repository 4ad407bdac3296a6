"""Shared by the form engine's tests: the documented example schema, a good form for it, and
`clean` with its documents."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.datastructures import MultiValueDict

from openprovince.dossiers.formschema import answers_clean
from tests.core.uploads_helpers import pdf_with_catalog

# The example of docs/dossiers.md "Form schema".
SCHEMA = {
    "fields": [
        {"code": "child_name", "type": "text", "label": "Họ, chữ đệm và tên của trẻ",
         "label_en": "Child's full name", "required": True, "max_length": 100,
         "help": "Viết có dấu", "help_en": "With diacritics"},
        {"code": "birth_date", "type": "date", "label": "Ngày sinh", "required": True,
         "min": "1900-01-01", "max": "today"},
        {"code": "gender", "type": "select", "label": "Giới tính", "required": True,
         "options": [{"key": "nam", "label": "Nam", "label_en": "Male"},
                     {"key": "nu", "label": "Nữ", "label_en": "Female"}]},
        {"code": "children", "type": "number", "label": "Số con", "min": 0, "max": 20,
         "integer": True},
        {"code": "home", "type": "address", "label": "Nơi thường trú", "required": True},
        {"code": "mother_id", "type": "cccd", "label": "Số CCCD của mẹ", "required": True},
        {"code": "phone", "type": "phone", "label": "Số điện thoại", "prefill": "phone"},
        {"code": "email", "type": "email", "label": "Thư điện tử", "prefill": "email"},
        {"code": "note", "type": "textarea", "label": "Ghi chú", "max_length": 2000},
        {"code": "members", "type": "group", "label": "Thành viên hộ", "min": 1, "max": 3,
         "fields": [{"code": "name", "type": "text", "label": "Họ tên", "required": True},
                    {"code": "id", "type": "cccd", "label": "Số CCCD"}]},
    ]
}  # fmt: skip
DOCUMENTS = [
    {"code": "birth_cert", "name": "Giấy chứng sinh", "copies": "01 bản chính", "required": True},
    {"code": "other", "name": "Giấy tờ khác", "required": False},
]
COMMUNE = "TN.P.TANNINH"
GOOD = {
    "f_child_name": "  Nguyễn\u200b Văn  An ",
    "f_birth_date": "2020-05-17",
    "f_gender": "nam",
    "f_children": "2",
    "f_home__commune": COMMUNE,
    "f_home__street": "12 Nguyễn Trãi",
    "f_mother_id": "079 190 012 345",
    "f_phone": "0912 345 678",
    "f_email": "An.Nguyen@Example.VN",
    "f_note": "Dòng 1\r\nDòng 2",
    "f_members__0__name": "Nguyễn Văn Bình",
    "f_members__0__id": "072090000001",
}


def pdf_file(name="giay.pdf"):
    return SimpleUploadedFile(name, pdf_with_catalog(), content_type="application/pdf")


def a_birth_cert():
    return MultiValueDict({"doc_birth_cert": [pdf_file()]})


def clean(data=None, *, files=None, documents=DOCUMENTS, schema=SCHEMA, **kwargs):
    return answers_clean(
        schema,
        GOOD if data is None else data,
        documents=documents,
        files=a_birth_cert() if files is None else files,
        **kwargs,
    )


def with_(**changes):
    data = dict(GOOD)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data
