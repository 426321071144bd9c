"""Opening a registry database and keeping its schema current (SQLAlchemy 2 + Alembic).

A registry is SQLite (a file; the default) or PostgreSQL (``postgresql+psycopg://...`` where a
city runs a server). ``--db`` takes a URL or a plain file path (read as SQLite). The schema is
versioned by the Alembic migrations shipped in ``carbon/registry/migrations`` and run
programmatically (:func:`migrate`), so an installed wheel can create and upgrade a registry.

:func:`open_registry` refuses, with one clear line and without writing anything: a SQLite file
that does not exist (except for ``init``), a file that is not a database, a database that is not
a carbon registry (tables but no Alembic version), and a registry from a newer schema than this
carbon knows.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from carbon.errors import DataError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
DEFAULT_DB = "registry.sqlite"


def database_url(db: str | Path | None) -> str:
    """A SQLAlchemy URL from ``--db``: a URL as given, or a file path read as SQLite."""
    text = str(db or DEFAULT_DB)
    for plain in ("postgresql://", "postgres://"):     # the driver carbon installs: psycopg 3
        if text.startswith(plain):
            return "postgresql+psycopg://" + text[len(plain):]
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    """The newest schema revision this carbon knows."""
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    return {s.revision for s in ScriptDirectory.from_config(_alembic_config()).walk_revisions()}


def _engine(url: str) -> Engine:
    try:
        engine = sa.create_engine(url)
    except (ArgumentError, ImportError, sa.exc.NoSuchModuleError) as exc:
        raise DataError(f"cannot use the database URL '{_safe(url)}' ({exc})") from None
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def describe(db: str | Path | None) -> str:
    """Where a registry is, for messages: the file, or the URL without its password."""
    url = database_url(db)
    return url[len("sqlite:///"):] if url.startswith("sqlite:///") else _safe(url)


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _current_revision(engine: Engine, where: str) -> str | None:
    """The Alembic revision of the database, None for an empty database; errors for others."""
    try:
        with engine.connect() as connection:
            tables = set(sa.inspect(connection).get_table_names())
            if "alembic_version" not in tables:
                if tables:
                    raise DataError(f"{where} is not a carbon registry (it has tables "
                                    f"{', '.join(sorted(tables)[:5])} but no registry schema "
                                    "version)")
                return None
            revision = connection.execute(sa.text("SELECT version_num FROM alembic_version")
                                          ).scalar()
    except DBAPIError as exc:
        raise DataError(f"{where} is not a usable database "
                        f"({str(exc.orig).strip().splitlines()[0]})") from None
    if revision is None:
        raise DataError(f"{where} is not a carbon registry (empty schema version)")
    if revision not in known_revisions():
        raise DataError(f"{where} is a registry from a newer schema (revision {revision}; this "
                        f"carbon knows up to {head_revision()}): use a newer carbon")
    return str(revision)


def open_registry(db: str | Path | None, *, create: bool = False) -> Engine:
    """An engine on a registry at the current schema.

    ``create`` (``carbon registry init``) creates the SQLite file or the tables of an empty
    database and upgrades an older registry; otherwise the registry must exist at the newest
    schema.
    """
    url = database_url(db)
    where = _safe(url)
    engine = _engine(url)
    if engine.dialect.name == "sqlite":
        path = Path(engine.url.database or "")
        where = str(path)
        if not create and not path.is_file():
            raise DataError(f"no registry at {path}: create one with `carbon registry init`")
        if create and not path.parent.is_dir():
            raise DataError(f"cannot create a registry at {path}: the folder does not exist")
    revision = _current_revision(engine, where)
    if revision != head_revision():
        if not create:
            state = "has no registry schema" if revision is None else \
                f"is at schema {revision}, this carbon needs {head_revision()}"
            raise DataError(f"{where} {state}: run `carbon registry init` to "
                            f"{'create' if revision is None else 'upgrade'} it")
        migrate(engine)
    return engine


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the database to ``revision`` (the newest schema by default) with the shipped
    Alembic migrations, in one transaction."""
    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
