"""Reading the user's tables: CSV in the encodings a planner's spreadsheet writes, or an XLSX sheet.

One place for what every input file needs: the encoding (UTF-8, UTF-8 with a byte-order mark,
GB18030/GBK), a header check (missing or duplicated columns), and numeric columns checked cell by
cell, so that a bad cell is reported as ``file, row N, column 'x': found 'abc', expected a number``.
Row numbers are the ones a spreadsheet shows: the header is row 1, the first data row is row 2.

Outputs are written atomically with :func:`atomic_write`: to a temporary name beside the target,
renamed once complete, so that a failed run leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd

from carbon.errors import DataError

ENCODINGS = ("utf-8-sig", "gb18030")

#: columns that carry provenance (where a number came from, how sure it is), never a value
PROVENANCE_COLUMNS = ("source", "source_ref", "quality", "note", "notes")

#: offset between a frame's positional index and the row number a spreadsheet shows
HEADER_ROWS = 2


def sheet_row(position: int) -> int:
    """The spreadsheet row of the ``position``-th data row (0-based): header is row 1."""
    return int(position) + HEADER_ROWS


def _decode(path: Path) -> str:
    raw = path.read_bytes()
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DataError("cannot decode the file: expected UTF-8 (with or without BOM) or GB18030/GBK",
                    file=path)


def read_csv_text(path: Path) -> pd.DataFrame:
    """Read a CSV file as strings (every cell a ``str``, empty cells ``""``).

    Raises :class:`DataError` for a missing file, an empty file, an undecodable file or a header
    that repeats a column name.
    """
    path = Path(path)
    if not path.is_file():
        raise DataError("file not found", file=path)
    text = _decode(path)
    if not text.strip():
        raise DataError("the file is empty: expected a header row and data rows", file=path)
    first_line = text.lstrip("\ufeff").splitlines()[0]
    header = next(iter(pd.read_csv(io.StringIO(first_line), header=None, dtype=str,
                                   keep_default_na=False).itertuples(index=False)), ())
    _check_header([str(h).strip() for h in header], path)
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False,
                            skip_blank_lines=False)
    except pd.errors.ParserError as exc:
        raise DataError(f"not a valid CSV table ({str(exc).strip().splitlines()[-1]})",
                        file=path) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return _drop_trailing_blank_rows(frame)


def _drop_trailing_blank_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop empty rows at the end only, so that every row keeps its spreadsheet number.

    An empty row in the middle stays: it is reported by the checks of the columns it leaves
    empty, rather than silently dropped (and the rows below it keep their numbers).
    """
    filled = frame.apply(lambda col: col.astype(str).str.strip().ne("")).any(axis=1).to_numpy()
    last = int(filled.nonzero()[0][-1]) + 1 if filled.any() else 0
    return frame.iloc[:last].reset_index(drop=True)


def read_xlsx_sheet(path: Path, sheet: str) -> pd.DataFrame:
    """Read one sheet of a workbook as strings, with the same checks as :func:`read_csv_text`."""
    import openpyxl

    path = Path(path)
    if not path.is_file():
        raise DataError("file not found", file=path)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken workbook
        raise DataError(f"cannot open the workbook ({type(exc).__name__})", file=path) from None
    if sheet not in workbook.sheetnames:
        raise DataError(f"no sheet named '{sheet}' (found: {', '.join(workbook.sheetnames)})",
                        file=path)
    rows = [["" if v is None else str(v) for v in row]
            for row in workbook[sheet].iter_rows(values_only=True)]
    workbook.close()
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    if not rows:
        raise DataError(f"sheet '{sheet}' is empty: expected a header row and data rows", file=path)
    header = [h.strip() for h in rows[0]]
    while header and not header[-1]:
        header.pop()
    _check_header(header, f"{path} [sheet {sheet}]")
    body = [(r + [""] * len(header))[: len(header)] for r in rows[1:]]
    return pd.DataFrame(body, columns=header, dtype=str)


def _check_header(header: list[str], file: object) -> None:
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise DataError(f"the header names column '{name}' twice", file=file, row=1)
        seen.add(name)


def read_table(path: Path, *, sheet: str | None = None) -> pd.DataFrame:
    """Read a CSV, or the sheet ``sheet`` of an XLSX file, as a frame of strings."""
    path = Path(path)
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        return read_xlsx_sheet(path, sheet or "Sheet1")
    return read_csv_text(path)


def require_columns(frame: pd.DataFrame, required: Iterable[str], file: object) -> None:
    """Raise :class:`DataError` naming the first required column the header lacks."""
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise DataError(f"missing column '{missing[0]}' (the header has: "
                        f"{', '.join(frame.columns) or 'nothing'}; "
                        f"required: {', '.join(required)})",
                        file=file, row=1)
    if frame.empty:
        raise DataError("no data rows below the header", file=file)


def numeric_column(frame: pd.DataFrame, column: str, file: object, *, minimum: float | None = None,
                   integer: bool = False, allow_empty: bool = False) -> pd.Series:
    """Column ``column`` as floats (or integers), with a clear error for the first bad cell.

    ``allow_empty`` keeps empty cells as NaN (for limits: "no limit"); otherwise an empty cell is
    an error. ``minimum`` rejects smaller values.
    """
    text = frame[column].astype(str).str.strip()
    values = pd.to_numeric(text.str.replace(",", "", regex=False), errors="coerce")
    empty = text.eq("")
    bad = values.isna() & ~(empty & allow_empty)
    if bad.any():
        position = int(bad.to_numpy().nonzero()[0][0])
        found = text.iloc[position]
        expected = "an integer" if integer else "a number"
        raise DataError(f"found '{found}', expected {expected}" if found else
                        f"empty cell, expected {expected}",
                        file=file, row=sheet_row(position), column=column)
    if integer:
        fractional = values.notna() & (values != values.round())
        if fractional.any():
            position = int(fractional.to_numpy().nonzero()[0][0])
            raise DataError(f"found '{text.iloc[position]}', expected an integer",
                            file=file, row=sheet_row(position), column=column)
    if minimum is not None:
        low = values.notna() & (values < minimum)
        if low.any():
            position = int(low.to_numpy().nonzero()[0][0])
            raise DataError(f"found {text.iloc[position]}, expected a number >= {minimum:g}",
                            file=file, row=sheet_row(position), column=column)
    return values.astype("Int64") if integer and not values.isna().any() else values


@contextlib.contextmanager
def atomic_write(target: Path, mode: str = "w", **kwargs) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it to ``target`` only on success."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def atomic_folder(target: Path) -> Iterator[Path]:
    """Yield a new temporary folder beside ``target``; when the block ends without error the
    folder takes ``target``'s place (an earlier ``target`` is removed only then), with the
    permissions the umask gives a new folder. On any error nothing is left behind, not even a
    parent folder this call created."""
    import shutil

    target = Path(target)
    parent = target.parent
    made_parent = not parent.exists()
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".part", dir=parent))
    mask = os.umask(0)
    os.umask(mask)
    try:
        yield tmp
        os.chmod(tmp, 0o777 & ~mask)
        trash = None
        if target.exists():
            trash = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=parent))
            os.replace(target, trash / target.name)
        os.replace(tmp, target)
        if trash is not None:
            shutil.rmtree(trash, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if made_parent:
            shutil.rmtree(parent, ignore_errors=True)
        raise
