"""Reading and writing one row with a statement built once per model, not once per call.

`Model.objects.create()` and `save(update_fields=…)` compile their statement on every call;
on a slow core that compiling costs more than the database's own work (~0.1–0.15 ms a row
here, measured on the report-submission path of issue 5, which writes eight rows a request).
`row_insert` and `row_update` write what those would: the same columns, each value prepared
by its field as the ORM prepares it (`pre_save` — `auto_now`, `auto_now_add` — then
`get_db_prep_save`), an inserted row's id read back with RETURNING (SQLite ≥ 3.35,
PostgreSQL). `row_insert_new` inserts unless a row with the same unique values is there
(ON CONFLICT DO NOTHING), for claims such as an idempotency key's.

Neither calls `save()` nor sends `pre_save`/`post_save`, so both refuse a model with receivers
for those signals or an overridden `save()` — except that `row_insert` accepts a model that
says `ROW_INSERT_SAFE = True`: its save() adds nothing to an insert (it only refuses updates,
or only widens `update_fields`).

`row_get` reads one row into a model instance as a queryset would (`Model.from_db`, each value
through the converters the ORM's compiler applies): for the lookups every request makes
(its session, its user), where building the query cost ~0.2 ms and the statement itself
~0.03 ms.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db import connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Model
from django.db.models.signals import post_save, pre_save

M = TypeVar("M", bound=Model)
Converter = Callable[[Any, Any, BaseDatabaseWrapper], Any]


def _check_model(model: type[Model], *, inserting: bool) -> None:
    meta = model._meta
    if meta.parents:
        raise TypeError(f"{meta.label} inherits from a concrete model")
    if any(f is not meta.auto_field for f in meta.db_returning_fields) or any(
        getattr(f, "generated", False) for f in meta.local_concrete_fields
    ):
        raise TypeError(f"{meta.label} has columns the database fills in")
    safe = inserting and getattr(model, "ROW_INSERT_SAFE", False)
    if model.save is not Model.save and not safe:
        raise TypeError(f"{meta.label} overrides save()")


def _check_signals(model: type[Model]) -> None:
    if pre_save.has_listeners(model) or post_save.has_listeners(model):
        raise TypeError(f"{model._meta.label} has save signal receivers")


def _params(instance: Model, fields: Sequence[Field[Any, Any]], *, add: bool) -> list[Any]:
    params = []
    for field in fields:
        value = field.pre_save(instance, add)
        if hasattr(value, "resolve_expression"):
            raise TypeError(f"{field.name} is an expression")
        params.append(field.get_db_prep_save(value, connection=connection))
    return params


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    if not isinstance(field, Field) or not field.concrete or field.column is None:
        raise TypeError(f"{name} is not a column of {model._meta.label}")
    return field.column


@functools.cache
def _insert_plan(
    model: type[Model], vendor: str, unique: tuple[str, ...] = ()
) -> tuple[str, list[Field[Any, Any]]]:
    """The INSERT statement of `model` for databases of `vendor`, and its fields in order;
    with `unique` (field names), one that inserts nothing when a row has the same values."""
    _check_model(model, inserting=True)
    meta = model._meta
    fields = [f for f in meta.local_concrete_fields if f is not meta.auto_field]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    conflict = ""
    if unique:
        targets = ", ".join(quote(_column(model, name)) for name in unique)
        conflict = f"ON CONFLICT ({targets}) DO NOTHING "
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks}) "  # noqa: S608 (names from the model)
        f"{conflict}RETURNING {quote(meta.pk.column)}"
    )
    return sql, fields


def row_insert(instance: M) -> M:
    """Insert `instance` (a new, unsaved model instance) and return it with its primary key
    set, as `Model.objects.create(**same_arguments)` would have."""
    inserted = _insert(instance, unique=())
    assert inserted is not None  # without a conflict target a duplicate raises IntegrityError
    return inserted


def row_insert_new(instance: M, *, unique: Sequence[str]) -> M | None:
    """Insert `instance` unless a row with the same values of the `unique` fields (a unique
    constraint's) is there already; None then, and nothing written (ON CONFLICT DO NOTHING:
    no error, so no savepoint is needed around it inside a transaction)."""
    if not unique:
        raise ValueError("row_insert_new needs the fields of a unique constraint")
    return _insert(instance, unique=tuple(unique))


def _insert(instance: M, *, unique: tuple[str, ...]) -> M | None:
    model = type(instance)
    auto = model._meta.auto_field
    if not instance._state.adding or (
        auto is not None and getattr(instance, auto.attname) is not None
    ):
        raise ValueError(f"this {model._meta.label} is already in the database")
    _check_signals(model)
    sql, fields = _insert_plan(model, connection.vendor, unique)
    # What save() does first (Django's own, not in the type stubs): refuse an unsaved
    # related object, take the id of one saved after it was assigned.
    instance._prepare_related_fields_for_save(operation_name="row_insert")  # type: ignore[attr-defined]
    params = _params(instance, fields, add=True)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None  # the unique values were taken
    if auto is not None:
        setattr(instance, auto.attname, row[0])
    instance._state.adding = False
    instance._state.db = connection.alias
    return instance


@functools.cache
def _update_plan(
    model: type[Model], vendor: str, names: tuple[str, ...]
) -> tuple[str, list[Field[Any, Any]]]:
    _check_model(model, inserting=False)
    meta = model._meta
    fields: list[Field[Any, Any]] = []
    for name in names:
        field = meta.get_field(name)
        if not isinstance(field, Field) or not field.concrete or field.primary_key:
            raise TypeError(f"row_update writes columns of {meta.label}, not {name}")
        fields.append(field)
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608 (names from the model)
    return sql, fields


def row_update(instance: Model, fields: Sequence[str]) -> int:
    """Write `fields` of `instance` (a row already in the database) as
    `instance.save(update_fields=fields)` would; returns how many rows changed (0 when the
    row is gone, where save() would raise)."""
    model = type(instance)
    _check_signals(model)
    sql, columns = _update_plan(model, connection.vendor, tuple(fields))
    params = [*_params(instance, columns, add=False), instance.pk]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.rowcount)


def _converters(model: type[Model], db: BaseDatabaseWrapper) -> list[list[Converter]]:
    """Per concrete field of `model`, what the ORM's compiler applies to a value read from
    `db` (SQLite: text to aware datetimes, hex to UUIDs; PostgreSQL: next to nothing)."""
    converters = []
    for field in model._meta.concrete_fields:
        column = field.get_col(model._meta.db_table)
        converters.append(db.ops.get_db_converters(column) + column.get_db_converters(db))
    return converters


@functools.lru_cache(maxsize=64)  # bounded: one entry per (model, thread's connection)
def row_reader(model: type[M], db: BaseDatabaseWrapper) -> Callable[[Sequence[Any]], M]:
    """Turns the values of `model`'s concrete fields, as `db` returned them, into an
    instance as a queryset would have made it (`Model.from_db`, nothing deferred)."""
    names = [field.attname for field in model._meta.concrete_fields]
    converters = _converters(model, db)
    columns = [field.get_col(model._meta.db_table) for field in model._meta.concrete_fields]

    def read(values: Sequence[Any]) -> M:
        converted = list(values)
        for i, (convert, column) in enumerate(zip(converters, columns, strict=True)):
            for converter in convert:
                converted[i] = converter(converted[i], column, db)
        return model.from_db(db.alias, names, converted)

    return read


def row_columns(model: type[Model], prefix: str = "") -> str:
    """`model`'s concrete columns, quoted, in the order `row_reader` reads them."""
    quote = connection.ops.quote_name
    return ", ".join(f"{prefix}{quote(f.column)}" for f in model._meta.concrete_fields)


@functools.cache
def _select(model: type[Model], vendor: str, where: str) -> str:
    table = connection.ops.quote_name(model._meta.db_table)
    return f"SELECT {row_columns(model)} FROM {table} WHERE {where}"  # noqa: S608 (names and the caller's fixed condition)


def row_get(model: type[M], where: str, params: Sequence[Any]) -> M | None:
    """The row of `model` matching `where` (a fixed SQL condition on its columns, every value
    a %s parameter in `params`, adapted by the caller as the ORM would), or None. The
    condition must match at most one row (a unique column)."""
    db = connections[connection.alias]
    with connection.cursor() as cursor:
        cursor.execute(_select(model, connection.vendor, where), params)
        row = cursor.fetchone()
    return None if row is None else row_reader(model, db)(row)
