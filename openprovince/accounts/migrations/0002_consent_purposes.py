"""Data: the consent purposes every installation starts with (editable in the admin)."""

from django.db import migrations

PURPOSES = [
    {
        "code": "share-phone-with-handler",
        "title": "Chia sẻ số điện thoại với cơ quan xử lý yêu cầu của tôi",
        "title_en": "Share my phone number with the agency handling my request",
        "text": "Cán bộ của cơ quan đang xử lý phản ánh, hồ sơ hoặc câu hỏi của tôi được xem số "
                "điện thoại của tôi để gọi lại khi cần làm rõ. Số điện thoại không được công khai "
                "và không được dùng cho mục đích khác.",
        "text_en": "Officials of the agency handling my report, dossier or question may see my "
                   "phone number to call me back when something needs clarifying. It is never "
                   "published and never used for anything else.",
    },
    {
        "code": "notify-by-zalo-sms",
        "title": "Nhận thông báo về yêu cầu của tôi qua Zalo hoặc tin nhắn",
        "title_en": "Receive updates on my requests by Zalo or text message",
        "text": "Tôi đồng ý nhận tin nhắn Zalo hoặc SMS khi yêu cầu của tôi được tiếp nhận, cần "
                "bổ sung hoặc đã có kết quả. Không có tin quảng cáo.",
        "text_en": "I agree to receive Zalo or SMS messages when my request is received, needs "
                   "more information or has a result. No advertising.",
    },
]


def add(apps, schema_editor):
    ConsentPurpose = apps.get_model("accounts", "ConsentPurpose")
    for purpose in PURPOSES:
        ConsentPurpose.objects.get_or_create(code=purpose["code"], version=1, defaults=purpose)


def remove(apps, schema_editor):
    ConsentPurpose = apps.get_model("accounts", "ConsentPurpose")
    Consent = apps.get_model("accounts", "Consent")
    for purpose in PURPOSES:
        unused = ConsentPurpose.objects.filter(code=purpose["code"], version=1)
        if not Consent.objects.filter(purpose__in=unused).exists():
            unused.delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
