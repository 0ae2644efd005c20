"""Small helpers for the few hot reads written as SQL (``Model.objects.raw``) rather than built by
the ORM each time: on a learner page the ORM's building and compiling of a query with subqueries
costs milliseconds, the query itself microseconds. The SQL stays portable (SQLite and PostgreSQL)
and names tables and columns from the models, never by hand."""

from __future__ import annotations

from django.db import connection


def name(identifier: str) -> str:
    return connection.ops.quote_name(identifier)


def table(model) -> str:
    return name(model._meta.db_table)


def columns(model, alias: str, replace: dict[str, str] | None = None) -> str:
    """The model's columns in field order, as ``alias."column"``; ``replace`` gives another
    expression for some attnames (a column of another table, or NULL)."""
    replace = replace or {}
    return ", ".join(
        replace.get(field.attname, f"{alias}.{name(field.column)}")
        for field in model._meta.concrete_fields
    )


def placeholders(count: int) -> str:
    return ", ".join(["%s"] * count)


def instances(model, rows, using: str) -> list:
    """Model instances from rows of its columns in field order (as ``columns`` selects them),
    each value converted as the ORM would (dates read from SQLite's text, JSON decoded)."""
    fields = model._meta.concrete_fields
    compiler = model._default_manager.all().query.get_compiler(using)
    converters = compiler.get_converters([f.get_col(model._meta.db_table) for f in fields])
    if converters:
        rows = compiler.apply_converters(rows, converters)
    names = [f.attname for f in fields]
    return [model.from_db(using, names, list(row)) for row in rows]
