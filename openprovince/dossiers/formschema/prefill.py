"""`answers_initial`: a new form's answers taken from the signed-in person's profile."""

from __future__ import annotations

from typing import Any

from .schema import schema_fields
from .validators import Invalid, email_clean, phone_clean


def answers_initial(schema: dict[str, Any], *, user: Any) -> dict[str, Any]:
    """Answers (their stored shapes: phone in E.164, which the form shows as 0912 345 678) for
    the top-level fields whose `prefill` names a profile value the person has. Anonymous: {}."""
    if user is None or not getattr(user, "is_authenticated", False):
        return {}
    profile = {
        "display_name": (user.display_name or user.get_full_name() or "").strip(),
        "phone": user.phone or "",
        "email": user.email or "",
    }
    answers: dict[str, Any] = {}
    for spec in schema_fields(schema):
        value = profile.get(spec.get("prefill") or "", "")
        if not value:
            continue
        try:
            if spec["type"] == "phone":
                value = phone_clean(value)
            elif spec["type"] == "email":
                value = email_clean(value)
        except Invalid:
            continue  # an old or foreign value the form would refuse: let the person type it
        answers[spec["code"]] = value
    return answers
