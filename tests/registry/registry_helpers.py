"""Helpers of the registry tests (a module with its own name, not ``conftest``)."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa


def snapshot(engine: sa.Engine) -> object:
    """The database as it is: the file's bytes for SQLite, every table's rows for PostgreSQL."""
    if engine.dialect.name == "sqlite":
        engine.dispose()
        return Path(engine.url.database or "").read_bytes()
    return content(engine)


def content(engine: sa.Engine) -> dict:
    """Every table's rows, sorted (a logical dump)."""
    with engine.connect() as connection:
        tables = sorted(sa.inspect(connection).get_table_names())
        return {t: sorted(map(repr, connection.execute(sa.text(f'SELECT * FROM "{t}"')).all()))
                for t in tables}
