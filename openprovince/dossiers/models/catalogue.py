"""The procedure catalogue (thủ tục hành chính): what a citizen can apply for, where, how long
it takes, what it costs and what to bring. Admin-managed data, imported and exported in a
format close to the National Public Service Portal's fields (docs/procedures-import.md)."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class _Named(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        abstract = True
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name


class ProcedureField(_Named):
    """Lĩnh vực: the domain a procedure belongs to (civil status, residence, land, …)."""

    class Meta(_Named.Meta):
        verbose_name = _("procedure field")
        verbose_name_plural = _("procedure fields")


class LifeEvent(_Named):
    """Sự kiện: a moment in life that needs procedures (a birth, a marriage, a new business)."""

    icon = models.SlugField(_("icon"), max_length=40, default="doc")

    class Meta(_Named.Meta):
        verbose_name = _("life event")
        verbose_name_plural = _("life events")


class Procedure(models.Model):
    """One administrative procedure. `documents` lists what to submit (each a file slot on the
    form); `form_schema` the form's questions (dossiers/formschema); `processing_days` gives
    the appointment date in working days."""

    class OnlineLevel(models.TextChoices):
        FULL = "full", _("Fully online")
        PARTIAL = "partial", _("Partly online")

    # National code (e.g. "1.001193"), optionally with a local suffix ("1.001193.H56").
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (Vietnamese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    field = models.ForeignKey(
        ProcedureField, on_delete=models.PROTECT, related_name="procedures", verbose_name=_("field")
    )
    life_events = models.ManyToManyField(
        LifeEvent, blank=True, related_name="procedures", verbose_name=_("life events")
    )
    # Competent agency: one fixed agency (a provincial department), or else the citizen's own
    # agency of one of these types (every commune or ward handles its residents' civil-status
    # dossiers: both types are named). One of the two is required (checked on import/admin).
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("competent agency"),
    )
    agency_types = models.ManyToManyField(
        "agencies.AgencyType",
        blank=True,
        related_name="+",
        verbose_name=_("competent agency types"),
    )
    online_level = models.CharField(
        _("online level"), max_length=10, choices=OnlineLevel.choices, default=OnlineLevel.FULL
    )
    processing_days = models.PositiveSmallIntegerField(_("processing time (working days)"))
    # [{"label", "label_en", "amount" (VND, integer)}]; empty: free of charge
    fees = models.JSONField(_("fees"), default=list, blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    result_type = models.CharField(_("result"), max_length=300, blank=True)
    # [{"text", "text_en"}], in order
    steps = models.JSONField(_("steps"), default=list, blank=True)
    # [{"code", "name", "name_en", "copies" (e.g. "01 bản chính"), "required": bool,
    #   "template": "/static/… or https://…" (optional)}]
    documents = models.JSONField(_("required documents"), default=list, blank=True)
    form_schema = models.JSONField(_("form"), default=dict, blank=True)
    description = models.TextField(_("who it is for, conditions"), blank=True)
    # Folded words (catalogue/search_text.py: lower case, no diacritics, " word word "): code,
    # names, field, keywords, life events.
    search_text = models.TextField(editable=False, default="")
    # The folded names alone (name, name_en), so that name matches rank first in a search.
    name_folded = models.CharField(max_length=610, editable=False, default="")
    keywords = models.CharField(_("search keywords"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["field__order", "name"]
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")

    def __str__(self) -> str:
        return f"{self.code} {self.display_name}"

    def get_absolute_url(self) -> str:
        return reverse("procedures:detail", kwargs={"code": self.code})

    @property
    def display_name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name

    @property
    def fee_total(self) -> int:
        return sum(int(fee.get("amount") or 0) for fee in self.fees)
