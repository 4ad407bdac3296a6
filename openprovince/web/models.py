from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
COLOR = RegexValidator(COLOR_RE, _("Use a colour like #0b57a4."))
MIN_CONTRAST = 4.5  # WCAG AA for white text on the brand colour (header, buttons)


def contrast_with_white(hex_color: str) -> float:
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)


def validate_readable_on_white(value: str) -> None:
    if COLOR_RE.match(value) and contrast_with_white(value) < MIN_CONTRAST:
        raise ValidationError(
            _(
                "White text on this colour is hard to read (contrast %(ratio).1f:1, needs 4.5:1). "
                "Choose a darker colour."
            )
            % {"ratio": contrast_with_white(value)}
        )


class Brand(models.Model):
    """How the app presents itself: one row, edited by province admins in the admin.

    Empty fields fall back to the BRAND_* settings, so a fresh install already has a name.
    """

    name = models.CharField(_("app name"), max_length=60, blank=True)
    province = models.CharField(_("province"), max_length=80, blank=True)
    hotline = models.CharField(_("hotline"), max_length=30, blank=True)
    primary_color = models.CharField(
        _("main colour"), max_length=7, blank=True, validators=[COLOR, validate_readable_on_white]
    )
    logo = models.ImageField(_("logo"), upload_to="brand/", blank=True)
    welcome = models.CharField(_("welcome line"), max_length=160, blank=True)

    class Meta:
        verbose_name = _("brand")
        verbose_name_plural = _("brand")

    def __str__(self) -> str:
        return self.name or "Brand"
