"""Reading the user's tables: CSV in the encodings a planner's spreadsheet writes, or an XLSX sheet.

One place for what every input file needs: the encoding (UTF-8, UTF-8 with a byte-order mark,
GB18030/GBK), a header check (missing, duplicated or unknown columns; ``x_`` columns are the
user's own), rows with more fields than the header, empty rows between data rows, and numeric
columns that must hold finite numbers (thousands separators and full-width digits are read, a
decimal comma is refused). Whole columns are checked at once; only the cells that fail are looked
at one by one, so that a bad cell is reported as
``file, row N, column 'x': found 'abc', expected a number``. Row numbers are the ones a
spreadsheet shows: the header is row 1, the first data row is row 2.

Outputs are written atomically with :func:`atomic_write`: to a temporary name beside the target,
renamed once complete, so that a failed or interrupted run leaves nothing behind, and given the
permissions the user's umask gives any new file. :func:`write_csv` writes UTF-8 with a byte-order
mark (for Excel on a Chinese system) and guards text cells against formula injection
(:func:`guard_cells`); the readers take the guard off again (:func:`unguard`).
"""

from __future__ import annotations

import contextlib
import difflib
import io
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
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


def read_csv_text(path: Path, *, numeric: Iterable[str] = (),
                  categorical: Iterable[str] = ()) -> pd.DataFrame:
    """Read a CSV file as strings (every cell a ``str``, empty cells ``""``).

    Columns named in ``numeric`` are parsed as numbers by the CSV reader itself when every cell
    of the column is a plain number (fast, for large files); a column with any other cell stays
    text, for :func:`numeric_column` to name the cell. Columns named in ``categorical`` are read
    as pandas categoricals of strings (fast for long columns of few distinct values).

    Raises :class:`DataError` for a missing file (or a folder given as a file), an empty file,
    an undecodable file, a header that repeats a column name, a data row with more fields than
    the header (a trailing comma, or an unquoted comma inside a cell) and an empty row between
    data rows. Cells that carbon's own CSV writer guarded against formula injection
    (:func:`write_csv`) are read back as written.
    """
    path = _existing_file(path)
    raw = path.read_bytes()
    if not raw.lstrip(b"\xef\xbb\xbf").strip():
        raise DataError("the file is empty: expected a header row and data rows", file=path)
    for encoding in _encodings(raw):
        try:
            raw_header, frame = _parse_csv(raw, encoding, set(numeric), set(categorical), path)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise DataError("cannot decode the file: expected UTF-8 (with or without BOM) or "
                        "GB18030/GBK", file=path)
    frame.columns = [str(c).strip() for c in raw_header]
    frame = _drop_unnamed_empty_columns(frame, path)
    frame = _check_blank_rows(frame, path)
    return unguard(frame) if GUARD.encode() in raw else frame


#: code point ranges of text a planner's UTF-8 file holds: Latin, Greek, Cyrillic, punctuation
#: and symbols (°, µ, ³, –, →, ≤), CJK with its punctuation, kana, Hangul, full-width forms
_PLAIN_TEXT = ((0x00A0, 0x024F), (0x0370, 0x04FF), (0x2000, 0x2BFF), (0x3000, 0x30FF),
               (0x3400, 0x9FFF), (0xAC00, 0xD7AF), (0xFEFF, 0xFEFF), (0xFF00, 0xFFEF))
_CJK = ((0x3000, 0x303F), (0x3400, 0x9FFF), (0xFF00, 0xFFEF))


# built here, not by a function: a function called at import would run mutmut's trampoline in a
# child process that imports carbon (``make mutate``)
_NOT_PLAIN = re.compile("[^\\x00-\\x7f"
                        + "".join(f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi in _PLAIN_TEXT) + "]")
_SOME_CJK = re.compile("[" + "".join(f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi in _CJK) + "]")


def _encodings(raw: bytes) -> tuple[str, ...]:
    """The encodings to try, in order: UTF-8 (with or without BOM), then GB18030.

    Some GB18030/GBK text is also valid UTF-8: the bytes of 煤炭 decode as UTF-8 to 'º̿' and
    those of 原煤 to 'ԭº', without an error. A file without a BOM whose UTF-8 reading holds
    characters no planner's table holds (a combining mark, a Cyrillic Supplement letter) while its
    GB18030 reading is Chinese is read as GB18030.
    """
    if raw.isascii() or raw.startswith(b"\xef\xbb\xbf"):
        return ENCODINGS
    try:
        as_utf8 = raw.decode("utf-8")
    except UnicodeDecodeError:
        return ENCODINGS
    if not _NOT_PLAIN.search(as_utf8):
        return ENCODINGS
    try:
        as_gb = raw.decode("gb18030")
    except UnicodeDecodeError:
        return ENCODINGS
    if not _NOT_PLAIN.search(as_gb) and _SOME_CJK.search(as_gb):
        return ("gb18030", "utf-8-sig")
    return ENCODINGS


def _parse_csv(raw: bytes, encoding: str, numeric: set[str], categorical: set[str],
               path: Path) -> tuple[list[str], pd.DataFrame]:
    options = {"encoding": encoding, "skip_blank_lines": False}
    try:
        # the header and the first data row, as text: a first row longer than the header would
        # otherwise be read as if its first cell were a row label
        head = pd.read_csv(io.BytesIO(raw), header=None, nrows=2, dtype=str,
                           keep_default_na=False, **options)
        raw_header = [str(h) for h in head.iloc[0]]
        _check_header([h.strip() for h in raw_header if h.strip()], path)
        dtype = {h: "category" if h.strip() in categorical else object
                 for h in raw_header if h.strip() not in numeric}
        frame = pd.read_csv(io.BytesIO(raw), header=0, index_col=False, dtype=dtype,
                            na_filter=False, **options)
        odd = [c for c in frame.columns if pd.api.types.is_float_dtype(frame[c])
               and not np.isfinite(frame[c].to_numpy()).all()]
        if odd:  # inf, nan, 1e400: read those columns again as typed, to name the cell
            again = pd.read_csv(io.BytesIO(raw), header=0, index_col=False, usecols=odd,
                                dtype=str, na_filter=False, **options)
            frame[odd] = again[odd]
    except pd.errors.ParserError as exc:
        raise _field_count_error(str(exc), path) from None
    return raw_header, frame


def _existing_file(path: Path) -> Path:
    path = Path(path)
    if path.is_dir():
        raise DataError("is a folder, expected a file", file=path)
    if not path.is_file():
        raise DataError("file not found", file=path)
    return path


_FIELDS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def _field_count_error(message: str, path: Path) -> DataError:
    found = _FIELDS.search(message)
    if not found:
        return DataError(f"not a valid CSV table ({message.strip().splitlines()[-1]})", file=path)
    expected, line, saw = (int(g) for g in found.groups())
    return DataError(f"row {line} has {saw} fields, the header has {expected} (a trailing "
                     "comma, or a comma inside a cell that is not quoted: put such cells in "
                     "double quotes)", file=path)


def _drop_unnamed_empty_columns(frame: pd.DataFrame, path: object) -> pd.DataFrame:
    """A column with no name in the header (a trailing comma on every line) may only be empty."""
    keep = []
    for position, name in enumerate(frame.columns):
        if name:
            keep.append(position)
            continue
        filled = frame.iloc[:, position].astype(str).str.strip().ne("")
        if filled.any():
            row = sheet_row(int(np.flatnonzero(filled.to_numpy())[0]))
            raise DataError(f"column {position + 1} has values but no name in the header",
                            file=path, row=row)
    return frame.iloc[:, keep]


def _check_blank_rows(frame: pd.DataFrame, path: object) -> pd.DataFrame:
    """Drop empty rows at the end; refuse an empty row between data rows, naming it.

    Rows keep their spreadsheet numbers: nothing above the last data row is dropped silently.
    """
    if frame.shape[1] == 0 or frame.empty:
        return frame.reset_index(drop=True)
    filled = np.zeros(len(frame), dtype=bool)
    for column in range(frame.shape[1]):
        if pd.api.types.is_numeric_dtype(frame.iloc[:, column]):
            return frame  # a column the reader parsed as numbers has no empty cell
        values = frame.iloc[:, column].to_numpy(dtype=object)
        check = ~filled & (values != "")
        if check.any():
            filled[check] = ~pd.Series(values[check], dtype=object).str.isspace().to_numpy(bool)
    last = int(filled.nonzero()[0][-1]) + 1 if filled.any() else 0
    inner = np.flatnonzero(~filled[:last])
    if inner.size:
        raise DataError("the row is empty, between data rows: delete it or fill it in",
                        file=path, row=sheet_row(int(inner[0])))
    return frame.iloc[:last].reset_index(drop=True)


def read_xlsx_sheet(path: Path, sheet: str) -> pd.DataFrame:
    """Read one sheet of a workbook as strings, with the same checks as :func:`read_csv_text`.

    A formula cell is read as the value Excel saved with it. A workbook written by a program (not
    saved by Excel or LibreOffice) has none: the cell is then read as the formula's text, which a
    number column refuses naming the cell (:func:`parse_number`).
    """
    import openpyxl

    path = _existing_file(path)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many types for a broken workbook
        raise DataError(f"cannot open the workbook ({type(exc).__name__})", file=path) from None
    where = f"{path} [sheet {sheet}]"
    if sheet not in workbook.sheetnames:
        raise DataError(f"no sheet named '{sheet}' (found: {', '.join(workbook.sheetnames)})",
                        file=path)
    rows, has_data = [], []
    for values, raw in zip(workbook[sheet].iter_rows(values_only=True),
                           formulas[sheet].iter_rows(values_only=True), strict=False):
        row, data = [], False
        for value, source in zip(values, raw, strict=False):
            if value is None and isinstance(source, str) and source.startswith("="):
                value = source  # kept as typed; a number column names it (parse_number)
            else:
                data = data or _xlsx_text(value).strip() != ""
            row.append(_xlsx_text(value))
        rows.append(row)
        has_data.append(data)
    workbook.close()
    formulas.close()
    # rows at the end that hold only formulas without a saved value (a template's look-up
    # columns filled down below the data) carry no data: they end the table like empty rows
    while len(rows) > 1 and not has_data[-1]:
        rows.pop()
        has_data.pop()
    if not any(any(c.strip() for c in r) for r in rows):
        raise DataError(f"sheet '{sheet}' is empty: expected a header row and data rows", file=path)
    # a workbook without a <dimension> gives each row only up to its last cell: a value
    # right of the header's last name gets an unnamed column (refused below), never dropped
    width = max(len(r) for r in rows)
    header = [h.strip() for h in rows[0]] + [""] * (width - len(rows[0]))
    body = [(r + [""] * width)[:width] for r in rows[1:]]
    frame = pd.DataFrame(body, columns=header, dtype=str)
    frame = _drop_unnamed_empty_columns(frame, where)
    _check_header(list(frame.columns), where)
    return _check_blank_rows(frame, where)


def _xlsx_text(value) -> str:
    """A cell as the text a user typed: integers without '.0', floats in full precision."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _check_header(header: list[str], file: object) -> None:
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise DataError(f"the header names column '{name}' twice", file=file, row=1)
        seen.add(name)


def read_table(path: Path, *, sheet: str | None = None, numeric: Iterable[str] = (),
               categorical: Iterable[str] = ()) -> pd.DataFrame:
    """Read a CSV, or the sheet ``sheet`` of an XLSX file, as a frame of strings.

    ``numeric`` and ``categorical`` as in :func:`read_csv_text` (for a CSV only).
    """
    path = Path(path)
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        return read_xlsx_sheet(path, sheet or "Sheet1")
    return read_csv_text(path, numeric=numeric, categorical=categorical)


def strip_text(cells: pd.Series) -> pd.Series:
    """``cells`` as stripped strings, stripping each distinct value once (fast on long columns).

    A categorical column stays categorical (unless stripping makes two categories one).
    """
    if isinstance(cells.dtype, pd.CategoricalDtype):
        codes, uniques = cells.cat.codes.to_numpy(), cells.cat.categories.astype(str)
    else:
        codes, uniques = pd.factorize(cells.astype(str), sort=False)
    stripped = pd.Index(uniques, dtype=object).str.strip().to_numpy(dtype=object)
    if isinstance(cells.dtype, pd.CategoricalDtype) and len(set(stripped)) == len(stripped):
        return pd.Series(pd.Categorical.from_codes(codes, categories=stripped),
                         index=cells.index)
    return pd.Series(stripped[codes], index=cells.index, dtype=object)


#: a column a user wants kept, untouched, in a table with a fixed set of columns starts with this
KEPT_PREFIX = "x_"


def check_known_columns(columns: Iterable[str], known: Iterable[str], file: object) -> None:
    """Refuse a column that is neither ``known`` nor kept (``x_...``), naming the nearest known.

    A misspelt optional column (``sourse``, ``colour``) would otherwise be silently ignored.
    """
    known = list(known)
    for name in columns:
        if name in known or name.startswith(KEPT_PREFIX):
            continue
        hint = difflib.get_close_matches(name, known, n=1, cutoff=0.6) or \
            difflib.get_close_matches(name.lower(), known, n=1, cutoff=0.4)
        raise DataError(f"unknown column '{name}'"
                        f"{' (nearest known: ' + hint[0] + ')' if hint else ''}: expected "
                        f"{', '.join(known)}; a column of your own is kept if its name starts "
                        f"with '{KEPT_PREFIX}'", file=file, row=1, column=name)


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
    """Column ``column`` as finite floats (or integers), with a clear error for the first bad cell.

    The whole column is converted at once; only the cells that do not convert go through
    :func:`parse_number` one by one (thousands separators, full-width digits), so that a bad
    cell is named by its row. ``inf``, ``nan`` and numbers too large for a float are refused.
    ``allow_empty`` keeps empty cells as NaN (for limits: "no limit"); otherwise an empty cell
    is an error. ``minimum`` rejects smaller values.
    """
    if pd.api.types.is_numeric_dtype(frame[column]) and not \
            pd.api.types.is_bool_dtype(frame[column]):
        values = frame[column].astype(float)   # parsed by the reader: every cell a number
        text = values.map(repr)
    else:
        cells = frame[column]
        if cells.isna().any():   # a missing value (None, NaN) is an empty cell
            cells = cells.astype(object).where(cells.notna(), "")
        text = cells.astype(str)
        values = pd.to_numeric(text, errors="coerce").astype(float)
    expected = "an integer" if integer else "a number"
    failed = values.isna().to_numpy()
    problems: dict[int, str] = {}
    if failed.any():
        cells = text[failed].str.strip()
        # thousands separators, a whole column at once: "1,234,567.5"
        grouped = cells.str.fullmatch(_THOUSANDS.pattern).to_numpy(bool)
        if grouped.any():
            values.iloc[np.flatnonzero(failed)[grouped]] = pd.to_numeric(
                cells[grouped].str.replace(",", "", regex=False)).astype(float).to_numpy()
        rest = np.flatnonzero(failed)[~grouped]
        outcome: dict[str, float | str] = {}
        for cell in pd.unique(text.iloc[rest]):     # full-width digits, and the bad cells
            try:
                outcome[cell] = parse_number(cell)
            except ValueError as exc:
                outcome[cell] = str(exc)
        mapped = text.iloc[rest].map(outcome)
        is_error = mapped.map(lambda r: isinstance(r, str)).to_numpy(bool)
        if is_error.any():
            position = int(rest[np.flatnonzero(is_error)[0]])
            problems[position] = (f"found '{text.iloc[position].strip()}', expected {expected} "
                                  f"({outcome[text.iloc[position]]})")
        values.iloc[rest[~is_error]] = mapped[~is_error].astype(float).to_numpy()
        empty = values.iloc[rest].isna().to_numpy() & ~is_error
        if empty.any() and not allow_empty:
            problems[int(rest[np.flatnonzero(empty)[0]])] = f"empty cell, expected {expected}"
    infinite = np.isinf(values.to_numpy())
    if infinite.any():
        position = int(np.flatnonzero(infinite)[0])
        problems[position] = (f"found '{str(text.iloc[position]).strip()}', expected a finite "
                              "number (infinite, or too large for a number)")
    if integer:
        fractional = (values.notna() & (values != values.round())).to_numpy()
        if fractional.any():
            position = int(np.flatnonzero(fractional)[0])
            problems.setdefault(position, f"found '{str(text.iloc[position]).strip()}', "
                                          "expected an integer")
    if minimum is not None:
        low = (values.notna() & (values < minimum)).to_numpy()
        if low.any():
            position = int(np.flatnonzero(low)[0])
            problems.setdefault(position, f"found {str(text.iloc[position]).strip()}, expected a "
                                          f"number >= {minimum:g}")
    if problems:
        position = min(problems)
        raise DataError(problems[position], file=file, row=sheet_row(position), column=column)
    return values.astype("Int64") if integer and not values.isna().any() else values


_PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")


def parse_number(cell: str) -> float:
    """One cell as a finite float; ``nan`` for an empty cell.

    Full-width digits (１２３．５) are read; a comma only as a thousands separator between groups
    of three digits (``1,234,567.8``): a decimal comma (``1,5``) is refused rather than read as 15.
    Raises ``ValueError`` with the reason for anything else (text, ``inf``, ``nan``).
    """
    text = unicodedata.normalize("NFKC", str(cell)).strip()
    if not text:
        return float("nan")
    if text.startswith("="):
        raise ValueError("a formula without a saved value: open the workbook in Excel or "
                         "LibreOffice and save it, or type the number")
    if "," in text:
        if not _THOUSANDS.fullmatch(text):
            raise ValueError("a comma is read only between groups of three digits, as in "
                             "1,234,567; write a decimal with a point, as in 1.5")
        text = text.replace(",", "")
    if not _PLAIN_NUMBER.fullmatch(text):
        raise ValueError("not a number")
    value = float(text)
    if not np.isfinite(value):
        raise ValueError("too large for a number")
    return value


#: first characters that make a spreadsheet read a text cell as a formula
FORMULA_STARTS = ("=", "+", "-", "@")
GUARD = "'"
#: a text :func:`guard_cells` prefixes: a formula start, after any number of guards (so that a
#: user's own "'=x" comes back as written); :func:`unguard` takes one guard off what it wrote
_TO_GUARD = r"'*[=+\-@]"
_GUARDED = r"'+[=+\-@]"


def guard_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells starting with ``= + - @`` prefixed with ``'`` (numbers, also negative, stay).

    Keeps a spreadsheet from running a formula that came in with a user's text (CSV injection).
    :func:`unguard` takes the prefix off again.
    """
    out = frame.copy()
    for column in out.columns:
        if not (pd.api.types.is_object_dtype(out[column])
                or pd.api.types.is_string_dtype(out[column])
                or isinstance(out[column].dtype, pd.CategoricalDtype)):
            continue
        cells = out[column].astype(object)
        text = cells.map(lambda v: isinstance(v, str))
        risky = text & cells.where(text, "").str.match(_TO_GUARD) & cells.ne("-")
        if risky.any():
            numeric = pd.to_numeric(cells[risky], errors="coerce").notna()
            risky[risky] = ~numeric.to_numpy()
            cells[risky] = GUARD + cells[risky]
            out[column] = cells
    return out


def unguard(frame: pd.DataFrame) -> pd.DataFrame:
    """Take off the prefix :func:`guard_cells` puts before ``= + - @`` (text columns)."""
    for column in frame.columns:
        cells = frame[column]
        if pd.api.types.is_numeric_dtype(cells):
            continue
        if isinstance(cells.dtype, pd.CategoricalDtype):
            names = cells.cat.categories.to_series().astype(str)
            names = names.where(~names.str.match(_GUARDED), names.str[1:])
            if names.is_unique:
                frame[column] = cells.cat.rename_categories(names.to_list())
                continue
            cells = frame[column] = cells.astype(object)
        guarded = cells.str.match(_GUARDED).fillna(False).astype(bool)
        if guarded.any():
            frame.loc[guarded, column] = cells[guarded].str[1:]
    return frame


def write_csv(frame: pd.DataFrame, target: Path, **to_csv: object) -> Path:
    """Write ``frame`` to ``target`` atomically as UTF-8 with a byte-order mark, cells guarded.

    The byte-order mark makes Excel on a Chinese system open the file as UTF-8; text cells that
    a spreadsheet would run as a formula are guarded (:func:`guard_cells`).
    """
    with atomic_write(Path(target)) as tmp:
        guard_cells(frame).to_csv(tmp, index=False, encoding="utf-8-sig",
                                  **to_csv)
    return Path(target)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def apply_umask(path: Path) -> None:
    """Give ``path`` the permissions the user's umask gives any new file or folder.

    Temporary files and folders (:mod:`tempfile`) are created private (0600, 0700); an output
    renamed from one would keep that.
    """
    path = Path(path)
    os.chmod(path, (0o777 if path.is_dir() else 0o666) & ~_umask())


def check_parents(target: Path, *, folder: bool = False) -> None:
    """Refuse to write ``target`` (a file, or a ``folder``) under a path that is a file."""
    target = Path(target)
    for parent in reversed(target.parents):
        if parent.exists() and not parent.is_dir():
            raise DataError(f"cannot write {target}: {parent} is a file, not a folder")
    if folder and target.exists() and not target.is_dir():
        raise DataError(f"cannot write into {target}: it is a file, not a folder")
    if not folder and target.is_dir():
        raise DataError(f"cannot write {target}: it is a folder")


@contextlib.contextmanager
def atomic_write(target: Path, mode: str = "w", **kwargs) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it to ``target`` only on success.

    The file gets the permissions of any new file (the user's umask), not the temporary file's.
    """
    target = Path(target)
    check_parents(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        apply_umask(tmp)
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
    # the highest folder this call creates (out/ of out/a/b/target), removed on an error
    created = next((p for p in reversed([parent, *parent.parents]) if not p.exists()), None)
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
        if created is not None:
            shutil.rmtree(created, ignore_errors=True)
        raise
