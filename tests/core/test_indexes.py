"""No index is a prefix of another: a single-column index whose column starts a multi-column
index (or a unique constraint) answers nothing the longer one cannot, and costs a b-tree
insert on every row written (seven per report submission before they were dropped)."""

from __future__ import annotations

from django.apps import apps
from django.db import models


def _leading_columns(meta: models.options.Options) -> dict[str, str]:
    """First column of each unconditional multi-column index or unique set -> its name."""
    starts: dict[str, str] = {}
    sets = [(i.name, i.fields) for i in meta.indexes if i.condition is None and i.fields]
    sets += [
        (c.name, c.fields)
        for c in meta.constraints
        if isinstance(c, models.UniqueConstraint) and c.condition is None and c.fields
    ]
    sets += [("unique_together", tuple(fields)) for fields in meta.unique_together]
    for name, fields in sets:
        first = meta.get_field(fields[0].lstrip("-"))
        if len(fields) > 1 and isinstance(first, models.Field):
            starts.setdefault(first.column, name)
    return starts


def test_no_single_column_index_is_covered_by_a_longer_one():
    covered = []
    for model in apps.get_models():
        meta = model._meta
        if not model.__module__.startswith("openprovince.") or not meta.managed or meta.proxy:
            continue  # Django's and other packages' models are theirs to index
        starts = _leading_columns(meta)
        covered += [
            f"{meta.label}.{field.name} (covered by {starts[field.column]})"
            for field in meta.local_fields
            if field.db_index and not field.unique and field.column in starts
        ]
    assert covered == [], "set db_index=False on these fields"
