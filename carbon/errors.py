"""Errors that carbon raises on purpose.

Every message is meant for the user: it names the file, the row as a spreadsheet shows it (the
header is row 1, so the first data row is row 2), the column, what was found and what was
expected. The command line prints ``str(error)`` and exits non-zero; ``--debug`` shows the
traceback.
"""

from __future__ import annotations


class CarbonError(Exception):
    """Base of every error carbon raises on purpose."""


class DataError(CarbonError):
    """A data file (activity, factors, technologies, ...) is malformed or inconsistent."""

    def __init__(self, message: str, *, file: object = None, row: int | None = None,
                 column: str | None = None):
        where = []
        if file is not None:
            where.append(str(file))
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column '{column}'")
        self.file, self.row, self.column = file, row, column
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


class ScenarioError(CarbonError):
    """A scenario file is malformed (unknown key, missing file, year outside the horizon, ...)."""


class InfeasibleError(CarbonError):
    """The policies of a scenario cannot all be met; the message says which and by how much."""


class DataWarning(UserWarning):
    """Data that is read as documented but that a user may not have meant (rows entered twice)."""
