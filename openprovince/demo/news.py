"""Demo news and notices, written and published through the real services by the demo
officials: province news in several categories, a pinned notice, one ward's local notice and
one urgent warning for Phường Tân Ninh (shown on the home screen of devices that chose it).
The first article has a fixed address (`DEMO_ARTICLE`) for the page-weight benchmark."""

from __future__ import annotations

from django.db import transaction

from openprovince.accounts.models import User
from openprovince.agencies.models import Agency
from openprovince.news.models import Article
from openprovince.news.services.articles import article_create, article_publish

DEMO_ARTICLE = "demotin00001"
WARD = "TN.P.TANNINH"
# (public id or "", category, title, summary, body, whole province?, urgent?, pinned?)
ARTICLES = [
    (DEMO_ARTICLE, "thong-bao", "Lịch tiếp công dân tháng 12 của Ủy ban nhân dân tỉnh",
     "Chủ tịch UBND tỉnh tiếp công dân định kỳ vào thứ Năm tuần thứ hai và thứ tư.",
     "Ủy ban nhân dân tỉnh thông báo lịch tiếp công dân định kỳ tháng 12.\n\n"
     "Thời gian: 7 giờ 30 đến 11 giờ, thứ Năm ngày 10 và ngày 24.\n\n"
     "Địa điểm: Trụ sở tiếp công dân tỉnh, số 83 đường Phạm Tung.\n\n"
     "Người dân mang theo căn cước và giấy tờ liên quan đến nội dung khiếu nại, tố cáo, kiến nghị.",
     True, False, True),
    ("", "y-te", "Tiêm vắc-xin sởi miễn phí cho trẻ từ 1 đến 5 tuổi",
     "Các trạm y tế xã, phường tổ chức tiêm bổ sung từ ngày 5 đến ngày 20.",
     "<p>Sở Y tế đề nghị phụ huynh đưa trẻ đến <strong>trạm y tế xã, phường</strong> nơi cư trú, "
     "mang theo sổ tiêm chủng.</p><ul><li>Trẻ từ 1 đến 5 tuổi</li><li>Miễn phí</li></ul>",
     True, False, False),
    ("", "giao-duc", "Tuyển sinh lớp 10 năm học 2027–2028: những mốc cần nhớ",
     "Học sinh đăng ký nguyện vọng trực tuyến từ ngày 1 tháng 5.",
     "Sở Giáo dục và Đào tạo công bố kế hoạch tuyển sinh lớp 10.\n\n"
     "Đăng ký nguyện vọng trực tuyến: từ ngày 1 đến ngày 15 tháng 5.\n\n"
     "Thi tuyển: ngày 2 và 3 tháng 6.",
     True, False, False),
    ("", "giao-thong", "Cắt điện bảo trì đường dây 22 kV sáng Chủ nhật",
     "Một số khu phố không có điện từ 7 giờ đến 11 giờ để bảo trì.",
     "Điện lực thông báo tạm ngừng cung cấp điện để bảo trì đường dây 22 kV.\n\n"
     "Thời gian: 7 giờ đến 11 giờ sáng Chủ nhật.",
     True, False, False),
    ("", "van-hoa", "Hội chợ nông sản và đặc sản Tây Ninh cuối tuần này",
     "Hơn 100 gian hàng bánh tráng, muối tôm, mãng cầu tại công viên trung tâm.",
     "Hội chợ mở cửa từ 8 giờ đến 22 giờ, thứ Sáu đến Chủ nhật. Vào cửa miễn phí.",
     True, False, False),
    ("", "thong-bao", "Phường Tân Ninh: thu gom rác cồng kềnh miễn phí",
     "Người dân để rác cồng kềnh trước nhà trước 17 giờ thứ Bảy.",
     "Ủy ban nhân dân phường Tân Ninh tổ chức thu gom miễn phí đồ cũ, rác cồng kềnh.",
     False, False, False),
    ("", "canh-bao", "Cảnh báo triều cường: khu vực ven sông phường Tân Ninh",
     "Nước dâng cao chiều tối nay; người dân ven sông kê cao tài sản.",
     "Mực nước dự báo lên mức báo động 2 vào khoảng 17 đến 19 giờ.\n\n"
     "Trực ban phường: 0276 3822 000.",
     False, True, False),
]  # fmt: skip


@transaction.atomic
def demo_news_load() -> int:
    """The demo articles; 0 when there are articles already or no demo officials."""
    if Article.objects.exists():
        return 0
    province_admin = User.objects.filter(username="demo.tinh").first()
    ward_approver = User.objects.filter(username="demo.tanninh.duyet").first()
    if province_admin is None or ward_approver is None:
        return 0
    office, ward = Agency.objects.get(code="TN.VP"), Agency.objects.get(code=WARD)
    made = 0
    for public_id, category, title, summary, body, province, urgent, pinned in ARTICLES:
        agency, user = (office, province_admin) if province else (ward, ward_approver)
        data = {
            "title": title,
            "summary": summary,
            "body": body,
            "category": category,
            "whole_province": "1" if province else "",
            "areas": [] if province else [WARD],
            "is_urgent": "1" if urgent else "",
            "is_pinned": "1" if pinned else "",
        }
        article = article_create(user=user, agency=agency, data=data)
        if public_id:
            Article.objects.filter(pk=article.pk).update(public_id=public_id)
            article.refresh_from_db()
        article_publish(user=user, article=article)
        made += 1
    return made
