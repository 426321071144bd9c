"""Alembic environment: run the migrations on the connection that ``carbon.registry.db`` passes
in ``config.attributes["connection"]`` (there is no alembic.ini; nothing is read from disk but the
version scripts)."""

from __future__ import annotations

from alembic import context

from carbon.registry.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
