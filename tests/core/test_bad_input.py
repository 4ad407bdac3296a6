"""Bad input gives a 4xx or a helpful page, never a 500."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

NASTY_VALUES = [
    "x" * 5000,
    "%ff%fe%fd",  # invalid UTF-8
    "%ed%a0%80",  # a lone surrogate
    "%00",
    "\u202e\u200b\ufeff",  # bidi override, zero-width space, BOM
    "e\u0301\u0301\u0301\u0301\u0301\u0301",  # stacked combining marks
    "ｈｏ ｓｏ",  # full-width letters
    "'; DROP TABLE agencies_agency; --",
    "<script>alert(1)</script>",
    "😀🇻🇳",
    "-1",
    "99999999999999999999999",
]


def _public_get_paths():
    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace in {"admin", "office"}:
                    continue
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern)

    for route in walk(get_resolver().url_patterns):
        if route == "prefs":
            continue
        yield "/" + route.replace("<str:code>", "TN").replace("<code>", "TN").lstrip("^").rstrip(
            "$"
        )


def _raw_query(name: str, value: str) -> str:
    from urllib.parse import quote

    return f"{name}={value if '%' in value else quote(value)}"


@pytest.mark.parametrize("value", NASTY_VALUES)
def test_given_nasty_query_values_when_any_public_page_is_fetched_then_never_5xx(
    client, demo_province, value
):
    for path in _public_get_paths():
        for name in ("q", "page", "type", "path", "lat"):
            response = client.get(f"{path}?{_raw_query(name, value)}")
            assert response.status_code < 500, (path, name, value, response.status_code)


@pytest.mark.parametrize(
    "path",
    [
        "/agencies/%ff%fe/",
        "/agencies/%00/",
        "/%c0%af",
        "/agencies/" + "x" * 3000 + "/",
        "/api/v1/agencies/%ff",
    ],
)
def test_given_nasty_paths_when_fetched_then_4xx(client, path):
    assert 400 <= client.get(path).status_code < 500


def test_given_an_overlong_query_string_when_fetched_then_414_page_in_vietnamese(client):
    response = client.get("/search?q=" + "a" * 5000)
    assert response.status_code == 414
    assert "Địa chỉ quá dài" in response.content.decode()


def test_given_a_nul_in_the_query_when_fetched_then_400_page(client):
    response = client.get("/agencies/?q=a%00b")
    assert response.status_code == 400
    assert "Không đọc được yêu cầu này" in response.content.decode()


def test_given_a_long_search_when_fetched_then_trimmed_not_refused(client, demo_province):
    response = client.get("/search", {"q": "tan ninh " * 100})
    assert response.status_code == 200
    assert len(response.context["query"]) <= 200


def test_given_ninja_refusals_when_calling_the_api_then_the_same_error_shape(
    client, django_user_model
):
    broken = client.post("/api/v1/auth/phone/start", "{not json", content_type="application/json")
    assert broken.status_code == 400
    assert set(broken.json()) == {"code", "message", "fields"} and broken.json()["message"]
    anonymous = client.get("/api/v1/me")
    assert anonymous.status_code == 401 and set(anonymous.json()) == {"code", "message", "fields"}
    assert anonymous.json()["message"] == "Vui lòng đăng nhập trước."
