"""The demo province: a Tây Ninh-like tree of departments and 20 communes/wards with rough
boundaries that tile the province exactly (shared edges, no gaps), so routing by location can
be tried anywhere inside it.

Names follow the real two-tier structure (2025); phone numbers, e-mails and boundaries are
invented and must not be used for anything real.
"""

from __future__ import annotations

import hashlib
from typing import Any

PROVINCE_CODE = "TN"
# The province's box: 4 columns × 5 rows of communes/wards.
SOUTH, NORTH, WEST, EAST = 10.95, 11.75, 105.85, 106.45
ROWS, COLS = 5, 4
HOURS_WARD = "Thứ Hai – Thứ Sáu: 7:00–11:30, 13:30–17:00; sáng thứ Bảy: 7:30–11:30"
HOURS_DEPT = "Thứ Hai – Thứ Sáu: 7:00–11:30, 13:30–17:00"
CENTRE_ADDRESS = "83 Phạm Tung, Phường Tân Ninh, Tây Ninh"

# The demo file describes its own agency types, as any import file may (upserted by code).
AGENCY_TYPES = [
    {
        "code": "province",
        "name": "Ủy ban nhân dân tỉnh",
        "name_en": "Provincial People's Committee",
        "order": 10,
    },
    {"code": "department", "name": "Sở, ban, ngành", "name_en": "Department", "order": 20},
    {"code": "commune", "name": "Xã", "name_en": "Commune", "order": 30},
    {"code": "ward", "name": "Phường", "name_en": "Ward", "order": 31},
    {
        "code": "public-service",
        "name": "Đơn vị sự nghiệp",
        "name_en": "Public service unit",
        "order": 40,
    },
]

DEPARTMENTS = [
    # code, name, English name, duties (searchable)
    (
        "TN.VP",
        "Văn phòng Ủy ban nhân dân tỉnh",
        "Office of the Provincial People's Committee",
        "Tham mưu, tổng hợp; tiếp công dân; theo dõi phản ánh, kiến nghị của người dân và doanh nghiệp.",
    ),
    (
        "TN.HCC",
        "Trung tâm Phục vụ hành chính công tỉnh",
        "Provincial Public Administration Service Centre",
        "Tiếp nhận và trả kết quả hồ sơ thủ tục hành chính của các sở, ngành; hướng dẫn nộp hồ sơ trực tuyến.",
    ),
    (
        "TN.SNV",
        "Sở Nội vụ",
        "Department of Home Affairs",
        "Tổ chức bộ máy, cán bộ, công chức; thi đua khen thưởng; lao động, việc làm, người có công.",
    ),
    (
        "TN.STC",
        "Sở Tài chính",
        "Department of Finance",
        "Ngân sách, giá, đăng ký doanh nghiệp, đầu tư; hồ sơ thành lập doanh nghiệp và hộ kinh doanh.",
    ),
    (
        "TN.STP",
        "Sở Tư pháp",
        "Department of Justice",
        "Lý lịch tư pháp, hộ tịch, chứng thực, công chứng, trợ giúp pháp lý, luật sư.",
    ),
    (
        "TN.SXD",
        "Sở Xây dựng",
        "Department of Construction",
        "Cấp phép xây dựng, quy hoạch, nhà ở; giao thông vận tải, đăng kiểm, giấy phép lái xe.",
    ),
    (
        "TN.SNNMT",
        "Sở Nông nghiệp và Môi trường",
        "Department of Agriculture and Environment",
        "Hồ sơ đất đai: cấp giấy chứng nhận quyền sử dụng đất, chuyển mục đích sử dụng đất; "
        "môi trường, tài nguyên nước, nông nghiệp, thủy lợi, phòng chống thiên tai.",
    ),
    (
        "TN.SGDDT",
        "Sở Giáo dục và Đào tạo",
        "Department of Education and Training",
        "Trường học, tuyển sinh, văn bằng chứng chỉ, học phí và hỗ trợ học sinh.",
    ),
    (
        "TN.SYT",
        "Sở Y tế",
        "Department of Health",
        "Bệnh viện, trạm y tế, hành nghề y dược, bảo hiểm y tế, an toàn thực phẩm, dân số.",
    ),
    (
        "TN.SKHCN",
        "Sở Khoa học và Công nghệ",
        "Department of Science and Technology",
        "Chuyển đổi số, bưu chính viễn thông, khoa học công nghệ, tiêu chuẩn đo lường chất lượng.",
    ),
    (
        "TN.SCT",
        "Sở Công Thương",
        "Department of Industry and Trade",
        "Thương mại, chợ, cửa hàng 4.0, thương mại điện tử, điện, an toàn thực phẩm trong sản xuất.",
    ),
    (
        "TN.SVHTTDL",
        "Sở Văn hóa, Thể thao và Du lịch",
        "Department of Culture, Sports and Tourism",
        "Văn hóa, thể thao, du lịch, báo chí, xuất bản, thông tin cơ sở.",
    ),
]

# North to south, west to east: (kind, name, slug).
LOCAL = [
    ("commune", "Tân Lập", "TANLAP"),
    ("commune", "Tân Biên", "TANBIEN"),
    ("commune", "Tân Hòa", "TANHOA"),
    ("commune", "Tân Châu", "TANCHAU"),
    ("commune", "Hảo Đước", "HAODUOC"),
    ("ward", "Tân Ninh", "TANNINH"),
    ("ward", "Bình Minh", "BINHMINH"),
    ("commune", "Dương Minh Châu", "DUONGMINHCHAU"),
    ("commune", "Châu Thành", "CHAUTHANH"),
    ("ward", "Ninh Thạnh", "NINHTHANH"),
    ("ward", "Long Hoa", "LONGHOA"),
    ("commune", "Truông Mít", "TRUONGMIT"),
    ("commune", "Long Chữ", "LONGCHU"),
    ("ward", "Hòa Thành", "HOATHANH"),
    ("ward", "Thanh Điền", "THANHDIEN"),
    ("ward", "Gò Dầu", "GODAU"),
    ("commune", "Bến Cầu", "BENCAU"),
    ("ward", "Gia Lộc", "GIALOC"),
    ("ward", "An Tịnh", "ANTINH"),
    ("ward", "Trảng Bàng", "TRANGBANG"),
]


def _jitter(i: int, j: int, scale: float) -> float:
    """A small fixed offset per grid vertex, so shared edges stay shared."""
    digest = hashlib.sha256(f"{i},{j},{scale}".encode()).digest()
    return (digest[0] / 255 - 0.5) * scale


def vertex(i: int, j: int) -> list[float]:
    """Grid vertex (row i from the north, column j from the west) as [lng, lat]."""
    lat = NORTH - i * (NORTH - SOUTH) / ROWS
    lng = WEST + j * (EAST - WEST) / COLS
    if 0 < i < ROWS:
        lat += _jitter(i, j, 0.06)
    if 0 < j < COLS:
        lng += _jitter(j, i, 0.05)
    return [round(lng, 5), round(lat, 5)]


def cell_polygon(row: int, col: int) -> dict[str, Any]:
    ring = [
        vertex(row, col),
        vertex(row, col + 1),
        vertex(row + 1, col + 1),
        vertex(row + 1, col),
        vertex(row, col),
    ]
    return {"type": "Polygon", "coordinates": [ring]}


def province_polygon() -> dict[str, Any]:
    ring = [vertex(0, j) for j in range(COLS + 1)]
    ring += [vertex(i, COLS) for i in range(1, ROWS + 1)]
    ring += [vertex(ROWS, j) for j in range(COLS - 1, -1, -1)]
    ring += [vertex(i, 0) for i in range(ROWS - 1, -1, -1)]
    return {"type": "Polygon", "coordinates": [ring]}


def _phone(n: int) -> str:
    return f"0276 3{800 + n:03d} {(n * 37) % 1000:03d}"


def demo_agency_rows() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [
        {
            "code": PROVINCE_CODE,
            "parent_code": "",
            "type": "province",
            "name": "Ủy ban nhân dân tỉnh Tây Ninh",
            "name_en": "Tây Ninh Provincial People's Committee",
            "phone": "0276 3822 360",
            "email": "ubnd@tayninh.gov.vn",
            "address": "83 Phạm Tung, Phường Tân Ninh, Tây Ninh",
            "opening_hours": HOURS_DEPT,
            "website": "https://www.tayninh.gov.vn",
            "description": "Cơ quan hành chính nhà nước cấp tỉnh; đường dây nóng 1022 tiếp nhận "
            "phản ánh, kiến nghị của người dân.",
            "lat": 11.3101,
            "lng": 106.0983,
            "boundary": province_polygon(),
        }
    ]
    for n, (code, name, name_en, duties) in enumerate(DEPARTMENTS, start=1):
        slug = code.split(".")[1].lower()
        rows.append(
            {
                "code": code,
                "parent_code": PROVINCE_CODE,
                "type": "public-service" if code == "TN.HCC" else "department",
                "name": name,
                "name_en": name_en,
                "phone": _phone(n),
                "email": f"{slug}@tayninh.gov.vn",
                "address": CENTRE_ADDRESS,
                "opening_hours": HOURS_DEPT,
                "description": duties,
            }
        )
    for n, (kind, name, slug) in enumerate(LOCAL):
        row, col = divmod(n, COLS)
        polygon = cell_polygon(row, col)
        ring = polygon["coordinates"][0][:-1]
        lng = round(sum(p[0] for p in ring) / 4, 5)
        lat = round(sum(p[1] for p in ring) / 4, 5)
        prefix = "Phường" if kind == "ward" else "Xã"
        rows.append(
            {
                "code": f"TN.{'P' if kind == 'ward' else 'X'}.{slug}",
                "parent_code": PROVINCE_CODE,
                "type": kind,
                "name": f"{prefix} {name}",
                "name_en": f"{name} {'Ward' if kind == 'ward' else 'Commune'}",
                "phone": _phone(40 + n),
                "email": f"ubnd.{slug.lower()}@tayninh.gov.vn",
                "address": f"Trụ sở UBND {prefix.lower()} {name}, Tây Ninh",
                "opening_hours": HOURS_WARD,
                "description": "Bộ phận một cửa: tiếp nhận và trả kết quả hồ sơ hộ tịch, cư trú, "
                "chứng thực, đất đai, xây dựng nhà ở riêng lẻ, hộ kinh doanh; "
                "tiếp nhận phản ánh hiện trường trên địa bàn.",
                "lat": lat,
                "lng": lng,
                "boundary": polygon,
            }
        )
    return rows
