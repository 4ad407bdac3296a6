"""The capped paginator counts at most a bounded number of rows and says when there are more."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openprovince.core import paging
from openprovince.core.paging import CappedPaginator

pytestmark = pytest.mark.django_db


def test_under_the_cap_the_count_is_exact(monkeypatch):
    monkeypatch.setattr(paging, "COUNT_CAP_PAGES", 10)
    for n in range(5):
        get_user_model().objects.create_user(f"p{n}")
    pages = CappedPaginator(get_user_model().objects.order_by("id"), 2)
    assert (pages.count, pages.num_pages, pages.capped) == (5, 3, False)


def test_over_the_cap_it_counts_no_further_and_says_so(monkeypatch):
    monkeypatch.setattr(paging, "COUNT_CAP_PAGES", 2)
    for n in range(9):
        get_user_model().objects.create_user(f"p{n}")
    pages = CappedPaginator(get_user_model().objects.order_by("id"), 2)
    with CaptureQueriesContext(connection) as queries:
        assert (pages.count, pages.num_pages, pages.capped) == (4, 2, True)
    assert "LIMIT 5" in queries.captured_queries[0]["sql"]
    assert pages.get_page(99).number == 2  # pages past the cap are not offered
