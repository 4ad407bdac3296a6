"""Comments and the citizen's rating."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from openprovince.accounts.models import User
from openprovince.accounts.rules import can_handle
from openprovince.core.audit import audit_record
from openprovince.core.errors import AppError, PermissionDenied
from openprovince.core.text import strip_invisible

from ..models import Case, CaseComment
from .transitions import _is_applicant


def case_comment_add(
    *, case: Case, author: User, body: str, internal: bool, request: HttpRequest | None = None
) -> CaseComment:
    body = strip_invisible(body, keep_newlines=True).strip()
    if not body:
        raise AppError(
            "cases.empty_comment", _("Write something first."), fields={"body": [_("Required.")]}
        )
    if len(body) > 5000:
        raise AppError(
            "cases.long_comment", _("At most 5,000 characters."), fields={"body": [_("Too long.")]}
        )
    official = can_handle(author, case.agency)
    if not official and not _is_applicant(author, case):  # citizens only write public ones
        raise PermissionDenied("cases.not_allowed", _("You may not comment on this case."))
    with transaction.atomic():
        comment = CaseComment.objects.create(
            case=case,
            author=author,
            body=body,
            author_label=author.shown_name,
            is_internal=internal and official,
        )
        if official:
            audit_record(
                action="case.comment",
                request=request,
                actor=author,
                target=case,
                agency_code=case.agency.code,
                details={"internal": comment.is_internal},
            )
    return comment


def case_rate(*, case: Case, user: User, rating: int, comment: str = "") -> Case:
    if not _is_applicant(user, case):
        raise PermissionDenied("cases.not_allowed", _("Only the person who asked can rate."))
    if case.closed_at is None:
        raise AppError("cases.not_closed", _("You can rate once the case is finished."))
    if rating not in range(1, 6):
        raise AppError(
            "cases.bad_rating",
            _("Choose 1 to 5 stars."),
            fields={"rating": [_("Choose 1 to 5 stars.")]},
        )
    case.rating, case.rating_comment = rating, strip_invisible(comment).strip()[:500]
    case.save(update_fields=["rating", "rating_comment", "updated_at"])
    return case
