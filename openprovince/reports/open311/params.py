"""Query parameters of the GET resources: ISO 8601 dates, the 90-day window, paging, lists.
Every problem is an AppError (400) naming the parameter."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from openprovince.core.errors import AppError

MAX_SPAN = timedelta(days=90)
MAX_PAGE_SIZE = 1000
MAX_PAGE = 100_000
MAX_IDS = 1000
# "…T08:00:00+07:00" sent without encoding the "+" arrives as "…T08:00:00 07:00".
_SPACE_FOR_PLUS = re.compile(r"(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}(?::?\d{2})?)$")


def _bad(name: str, message: str) -> AppError:
    return AppError("open311.bad_parameter", message, fields={name: [message]})


def datetime_param(query: QueryDict, name: str) -> datetime | None:
    raw = query.get(name, "").strip()[:64]
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(_SPACE_FOR_PLUS.sub(r"\1+\2", raw))
    except ValueError:
        raise _bad(
            name,
            _("%(name)s is not an ISO 8601 date and time, for example 2026-01-31T08:00:00+07:00.")
            % {"name": name},
        ) from None
    # Without an offset, the province's time (TIME_ZONE) is meant.
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def window(
    *, start: datetime | None, end: datetime | None, now: datetime | None = None
) -> tuple[datetime, datetime]:
    """The spec's rule: a search spans at most 90 days. A missing side is 90 days from the
    other; neither means the last 90 days."""
    if start is None and end is None:
        end = now or timezone.now()
    if start is None:
        assert end is not None
        start = end - MAX_SPAN
    if end is None:
        end = start + MAX_SPAN
    if end < start:
        raise _bad("end_date", _("end_date is before start_date."))
    if end - start > MAX_SPAN:
        raise _bad("end_date", _("start_date and end_date may not be more than 90 days apart."))
    return start, end


def int_param(query: QueryDict, name: str, *, default: int, maximum: int) -> int:
    raw = query.get(name, "").strip()
    if not raw:
        return default
    if not raw.isascii() or not raw.isdigit() or len(raw) > 7 or not 1 <= int(raw) <= maximum:
        raise _bad(
            name,
            _("%(name)s must be a whole number from 1 to %(max)s.")
            % {"name": name, "max": maximum},
        )
    return int(raw)


def list_param(query: QueryDict, name: str, *, limit: int = MAX_IDS) -> tuple[str, ...]:
    """A comma-separated list (`a,b,c`); repeated parameters are joined too."""
    items = [i.strip() for v in query.getlist(name) for i in v.split(",")]
    found = tuple(dict.fromkeys(i[:80] for i in items if i))
    if len(found) > limit:
        raise _bad(name, _("At most %(max)s values in %(name)s.") % {"max": limit, "name": name})
    return found


@dataclass(frozen=True)
class Paging:
    page: int = 1
    page_size: int = MAX_PAGE_SIZE

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


def paging_param(query: QueryDict) -> Paging:
    return Paging(
        page=int_param(query, "page", default=1, maximum=MAX_PAGE),
        page_size=int_param(query, "page_size", default=MAX_PAGE_SIZE, maximum=MAX_PAGE_SIZE),
    )


@dataclass(frozen=True)
class RequestQuery:
    """GET requests: `ids` (service_request_id) overrides every other filter."""

    ids: tuple[str, ...] = ()
    service_codes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None
    updated_after: datetime | None = None
    updated_before: datetime | None = None
    paging: Paging = Paging()
    extensions: bool = False


STATUSES = ("open", "closed")


def request_query(query: QueryDict) -> RequestQuery:
    extensions = query.get("extensions", "").strip().lower() in {"true", "1"}
    ids = list_param(query, "service_request_id")
    if ids:
        return RequestQuery(ids=ids, extensions=extensions)
    statuses = list_param(query, "status", limit=len(STATUSES))
    if any(s not in STATUSES for s in statuses):
        raise _bad("status", _("status is open or closed."))
    start, end = datetime_param(query, "start_date"), datetime_param(query, "end_date")
    after = datetime_param(query, "updated_after")
    before = datetime_param(query, "updated_before")
    if start or end or not (after or before):  # no date at all: the last 90 days
        start, end = window(start=start, end=end)
    return RequestQuery(
        service_codes=list_param(query, "service_code"),
        statuses=statuses,
        start=start,
        end=end,
        updated_after=after,
        updated_before=before,
        paging=paging_param(query),
        extensions=extensions,
    )


@dataclass(frozen=True)
class UpdateQuery:
    start: datetime
    end: datetime
    paging: Paging = Paging()


def update_query(query: QueryDict) -> UpdateQuery:
    start, end = window(
        start=datetime_param(query, "start_date"), end=datetime_param(query, "end_date")
    )
    return UpdateQuery(start=start, end=end, paging=paging_param(query))
