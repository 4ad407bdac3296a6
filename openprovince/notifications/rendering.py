"""Message text from templates: `notifications/<event>/<channel>.txt`, falling back to
`notifications/<event>/in_app.txt`. The first line is the subject (e-mail) or title (in-app);
the rest is the body. Rendered in Vietnamese, or English when `context["language"] == "en"`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template import Context
from django.template.loader import select_template
from django.utils import translation

_BLANK_LINES = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str


def message_language(context: dict[str, Any]) -> str:
    return "en" if context.get("language") == "en" else "vi"


def absolute_link(link: str) -> str:
    """Links in SMS and e-mail leave the site, so they need the public base address."""
    if link.startswith("/") and not link.startswith("//"):
        return f"{settings.PUBLIC_BASE_URL}{link}"
    return link


def message_render(*, event: str, channel: str, context: dict[str, Any]) -> Rendered:
    """Render one event for one channel. Raises TemplateDoesNotExist when the event has no
    template at all (a programming error: every event ships its in_app.txt)."""
    names = [f"notifications/{event}/{channel}.txt", f"notifications/{event}/in_app.txt"]
    template = select_template(names).template
    with translation.override(message_language(context)):
        # Plain text: nothing is HTML-escaped here; the inbox page escapes when it shows it.
        # A copy, because tags such as `{% ... as x %}` write into the dict they are given.
        text = template.render(Context(dict(context), autoescape=False))
    subject, _newline, body = text.strip().partition("\n")
    return Rendered(subject=subject.strip()[:200], body=_BLANK_LINES.sub("\n\n", body.strip()))
