from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class AgencyType(models.Model):
    """What kind of body an agency is (province, department, commune, ward, …).

    Data, not code: services route work by agency type ("street lights → the ward"), and a
    province may add its own types.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (Vietnamese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("agency type")
        verbose_name_plural = _("agency types")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name


class Agency(models.Model):
    """A node of the government tree, of any depth.

    `path` is a materialised path of zero-padded ids ("0000000001.0000000007.") kept by the
    services, so "this agency and everything under it" is one indexed prefix query.
    """

    code = models.CharField(_("code"), max_length=40, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    type = models.ForeignKey(AgencyType, verbose_name=_("type"), on_delete=models.PROTECT)
    name = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=300, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("duties and services"), blank=True)
    lat = models.FloatField(_("office latitude"), null=True, blank=True)
    lng = models.FloatField(_("office longitude"), null=True, blank=True)
    boundary = models.JSONField(_("boundary (GeoJSON)"), null=True, blank=True)
    # Bounding box of `boundary`, so "which agency contains this point" is an indexed prefilter.
    min_lat = models.FloatField(null=True, editable=False)
    max_lat = models.FloatField(null=True, editable=False)
    min_lng = models.FloatField(null=True, editable=False)
    max_lng = models.FloatField(null=True, editable=False)
    # Folded (no diacritics, lower case) copies for search: all text, and the names alone so
    # that name matches rank first.
    search_text = models.TextField(editable=False, default="")
    name_folded = models.CharField(max_length=410, editable=False, default="")
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        indexes = [
            models.Index(
                fields=["min_lat", "max_lat", "min_lng", "max_lng"], name="agency_bbox_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("agencies:detail", kwargs={"code": self.code})

    @property
    def display_name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name
