"""Data collection and key-emitter supervision: templates, enterprise reports, verification and
the registry database (SQLite by default, PostgreSQL by URL; schema by Alembic migrations).

The chain: :func:`write_template` → an enterprise fills it → :func:`import_reports` (emissions
by the inventory engine) → :func:`run_checks` (flags) → :func:`clear_flag` → :func:`status` and
:func:`export` (the enterprises file ``carbon allocate`` reads).
"""

from carbon.registry.db import database_url, migrate, open_registry
from carbon.registry.export import export, status
from carbon.registry.reports import ParsedReport, read_report
from carbon.registry.store import (
    import_reports,
    load_allowances,
    register_enterprises,
    store_reports,
)
from carbon.registry.templates import write_template
from carbon.registry.verify import clear_flag, list_flags, load_checks, run_checks

__all__ = ["database_url", "migrate", "open_registry", "export", "status", "ParsedReport",
           "read_report", "import_reports", "load_allowances", "register_enterprises",
           "store_reports", "write_template", "clear_flag", "list_flags", "load_checks",
           "run_checks"]
