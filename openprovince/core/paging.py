"""A paginator that never counts more than it needs to. Public lists over a million rows
(reports) would otherwise run COUNT(*) over the whole table on every first page; nobody pages
past a few hundred pages, and the filters are there to narrow the rest."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator

COUNT_CAP_PAGES = 500


class CappedPaginator(Paginator):
    """Counts at most `COUNT_CAP_PAGES` pages of rows (`SELECT COUNT(*) FROM (… LIMIT n)`, an
    index range instead of a table scan). `capped` says the real total is larger; pages past
    the cap are not offered."""

    @cached_property
    def capped(self) -> bool:
        return self._counted > self._cap

    @property
    def _cap(self) -> int:
        return COUNT_CAP_PAGES * int(self.per_page)

    @cached_property
    def _counted(self) -> int:
        object_list: Any = self.object_list
        if hasattr(object_list, "query"):  # a QuerySet: count inside a bounded subquery
            return int(object_list[: self._cap + 1].count())
        return len(object_list)

    @cached_property
    def count(self) -> int:
        return min(self._counted, self._cap)
