"""Deleting stored files that no row names: the orphans a crash or a rolled-back transaction
leaves between saving an upload and committing the row that names it.

Uploads are saved before the transaction that records them (a failed transaction then leaves a
file nobody names, never a row naming a missing file). Most paths delete their files again when
the failure is seen; a crash, a killed worker or a path without that clean-up leaves them behind
for ever: personal photos and documents that no retention rule would reach. This sweep finds
them.

Which rows name files is declared on the models themselves:

- `STORED_NAME_FIELDS = ("storage_name", "thumbnail_name")`: columns holding storage names;
- `STORED_FILES_SCAN = True` with a `stored_files()` method: names kept inside JSON (news image
  variants, a report draft's photos); every row is read, so only for small tables.

A file is deleted only when all of this holds: its name is one `upload_storage_name` makes
(`private/<prefix>/<yyyy>/<mm>/<32 hex>…`), it sits in one of the last `months` month folders,
no declared row names it, it was last modified more than `older_than` ago (no transaction runs
that long, and a guest's report draft lives a day), and a second look at the rows, just before
deleting, still finds no row naming it (a row committed during the sweep).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from django.apps import apps
from django.core.files.storage import default_storage
from django.db.models import Model, Q
from django.utils import timezone

from ..audit import audit_record
from .storage import stored_name_matches, uploads_delete

log = logging.getLogger(__name__)

ROOT = "private"
SWEEP_MONTHS = 3
SWEEP_OLDER_THAN = timedelta(days=7)
RECHECK_BATCH = 500
_YEAR = re.compile(r"\d{4}")


@dataclass(frozen=True)
class SweepResult:
    files: int  # stored files looked at (in the swept month folders)
    orphans: list[str]  # named by no row and old enough: deleted, unless a dry run
    deleted: int
    young: int  # named by no row, but too recent to be sure yet


def stored_name_owners() -> tuple[list[tuple[type[Model], tuple[str, ...]]], list[type[Model]]]:
    """The models whose columns name stored files (with those columns), and those whose rows
    must be read one by one (`stored_files()`)."""
    columns: list[tuple[type[Model], tuple[str, ...]]] = []
    scanned: list[type[Model]] = []
    for model in apps.get_models():
        fields = tuple(getattr(model, "STORED_NAME_FIELDS", ()))
        if fields:
            columns.append((model, fields))
        if getattr(model, "STORED_FILES_SCAN", False):
            scanned.append(model)
    return columns, scanned


def sweep_months(today: date, count: int) -> list[tuple[str, str]]:
    """The last `count` month folders as (yyyy, mm), this month first."""
    months, year, month = [], today.year, today.month
    for _ in range(count):
        months.append((f"{year:04d}", f"{month:02d}"))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months


def _listdir(path: str) -> tuple[list[str], list[str]]:
    try:
        dirs, files = default_storage.listdir(path)
    except FileNotFoundError:  # local disk; an S3 bucket lists nothing instead
        return [], []
    return list(dirs), list(files)


def _month_folders(path: str, months: list[tuple[str, str]]) -> Iterator[str]:
    """Every `<prefix>/<yyyy>/<mm>` folder under `path` for the swept months."""
    dirs, _files = _listdir(path)
    for name in sorted(dirs):
        if _YEAR.fullmatch(name):
            for year, month in months:
                if year == name:
                    yield f"{path}/{name}/{month}"
        else:
            yield from _month_folders(f"{path}/{name}", months)


def _stored_files(folders: list[str]) -> set[str]:
    found: set[str] = set()
    for folder in folders:
        _dirs, files = _listdir(folder)
        found.update(f"{folder}/{f}" for f in files if stored_name_matches(f"{folder}/{f}"))
    return found


def _scanned_names(scanned: list[type[Model]]) -> set[str]:
    """Every name the rows of the `STORED_FILES_SCAN` models hold (read one by one)."""
    named: set[str] = set()
    for model in scanned:
        for row in model._default_manager.all().iterator(chunk_size=500):
            named.update(n for n in row.stored_files() if n)  # type: ignore[attr-defined]
    return named


def _named_in(folders: list[str]) -> set[str]:
    """The names rows hold that lie in `folders` (one pass over each owner's table)."""
    columns, scanned = stored_name_owners()
    # Rows whose names move to another table (a draft's photos become a report's) are read
    # first: a move committed between two reads is then seen in its new place.
    named = _scanned_names(scanned)
    for model, fields in columns:
        where = Q()
        for field in fields:
            for folder in folders:
                where |= Q(**{f"{field}__startswith": folder + "/"})
        for values in model._default_manager.filter(where).values_list(*fields).iterator():
            named.update(v for v in values if v)
    return named


def _still_named(names: list[str]) -> set[str]:
    """Which of `names` a row names now (the second look, on a short list)."""
    columns, scanned = stored_name_owners()
    wanted = set(names)
    named = _scanned_names(scanned) & wanted
    for start in range(0, len(names), RECHECK_BATCH):
        batch = names[start : start + RECHECK_BATCH]
        for model, fields in columns:
            where = Q()
            for field in fields:
                where |= Q(**{f"{field}__in": batch})
            for values in model._default_manager.filter(where).values_list(*fields):
                named.update(v for v in values if v in wanted)
    return named


def _old_enough(names: Iterable[str], older_than: timedelta) -> tuple[list[str], int]:
    cutoff = timezone.now() - older_than
    old, young = [], 0
    for name in sorted(names):
        try:
            modified = default_storage.get_modified_time(name)
        except FileNotFoundError:
            continue  # deleted meanwhile (its row's own clean-up)
        if timezone.is_naive(modified):
            modified = timezone.make_aware(modified, timezone.get_default_timezone())
        if modified < cutoff:
            old.append(name)
        else:
            young += 1
    return old, young


def uploads_sweep(
    *,
    months: int = SWEEP_MONTHS,
    older_than: timedelta = SWEEP_OLDER_THAN,
    dry_run: bool = False,
) -> SweepResult:
    """Find (and unless `dry_run`, delete) the stored files of the last `months` month folders
    that no row names and that are older than `older_than`."""
    folders = list(_month_folders(ROOT, sweep_months(timezone.localdate(), months)))
    files = _stored_files(folders)
    unnamed = files - _named_in(folders) if files else set()
    candidates, young = _old_enough(unnamed, older_than)
    orphans = sorted(set(candidates) - _still_named(candidates)) if candidates else []
    deleted = 0
    if orphans and not dry_run:
        deleted = uploads_delete(orphans)
        audit_record(  # what went and how many; the names themselves are in the server log
            action="uploads.sweep",
            success=deleted == len(orphans),
            details={"files": len(files), "orphans": len(orphans), "deleted": deleted},
        )
        log.info("uploads sweep: %d of %d orphans deleted: %s", deleted, len(orphans), orphans[:50])
    return SweepResult(files=len(files), orphans=orphans, deleted=deleted, young=young)
