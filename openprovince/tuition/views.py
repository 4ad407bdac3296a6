"""`/tuition/`: parents look up a student's bills without an account and pay one or several.

The lookup answer (the bills) is kept in the session for an hour, so choosing bills to pay
needs no second lookup and a stranger cannot pay-by-id a bill they never looked up.
"""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from openprovince.core.access import no_store, public
from openprovince.core.errors import AppError

from .models import TuitionBill
from .services.lookup import bills_lookup
from .services.paying import bills_pay

SESSION_KEY = "tuition_bills"


def _birth_date(raw: str) -> date | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(raw.strip(), pattern).date()
        except ValueError:
            continue
    return None


@public
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {"values": {}}
    if request.method == "POST":
        values = {k: request.POST.get(k, "").strip()[:40] for k in ("code", "birth", "phone")}
        context["values"] = values
        birth = _birth_date(values["birth"]) if values["birth"] else None
        if not values["code"] or not (birth or values["phone"]):
            context["message"] = _(
                "Enter the student code and the date of birth (or the parent's phone)."
            )
            return no_store(render(request, "tuition/index.html", context, status=400))
        try:
            bills = bills_lookup(
                student_code=values["code"], birth_date=birth, phone=values["phone"],
                request=request,
            )  # fmt: skip
        except AppError as error:
            context["message"] = error.message
            return no_store(render(request, "tuition/index.html", context, status=error.status))
        request.session[SESSION_KEY] = [str(b.public_id) for b in bills]
        request.session.set_expiry(3600)
        context.update(bills=bills, student=bills[0])
        context["unpaid"] = [b for b in bills if b.status == TuitionBill.Status.UNPAID]
    return no_store(render(request, "tuition/index.html", context))


@public
@require_POST
def pay(request: HttpRequest) -> HttpResponse:
    allowed = set(request.session.get(SESSION_KEY, []))
    chosen = [b for b in request.POST.getlist("bill") if b in allowed]
    bills = list(
        TuitionBill.objects.select_related("school").filter(public_id__in=chosen).order_by("term")
    )
    try:
        order = bills_pay(bills=bills, payer=request.user)
    except AppError as error:
        return no_store(
            render(request, "tuition/index.html", {"values": {}, "message": error.message},
                   status=error.status)
        )  # fmt: skip
    return redirect("payments:checkout", public_id=order.public_id)
