"""Alembic migrations of the registry schema, shipped inside the package so that an installed
wheel can create and upgrade a registry (:func:`carbon.registry.db.migrate` runs them)."""
