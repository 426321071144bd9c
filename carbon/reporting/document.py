"""A report as data (sections of paragraphs, tables and figures) and its three renderings.

``index.html`` is self-contained (figures embedded as PNG), ``report.md`` links the figures it
writes beside it under ``figures/``, and ``tables.xlsx`` holds every table, one sheet each. All
files are written atomically; text taken from inputs is escaped in HTML and written to XLSX as
text, never as a formula.
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from carbon.tables import atomic_write


@dataclass
class Block:
    """One piece of a section: ``kind`` is ``text``, ``note``, ``table`` or ``figure``."""

    kind: str
    text: str = ""
    table: pd.DataFrame | None = None
    figure: Figure | None = None
    name: str = ""
    _png: bytes | None = field(default=None, repr=False)

    def png(self) -> bytes:
        """The figure as PNG, drawn once and shared by the HTML and Markdown renderings."""
        if self._png is None:
            assert self.figure is not None
            self._png = _png(self.figure)
        return self._png


@dataclass
class Section:
    key: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    missing: str = ""

    def text(self, value: str) -> None:
        self.blocks.append(Block("text", text=value))

    def note(self, value: str) -> None:
        self.blocks.append(Block("note", text=value))

    def add_table(self, name: str, caption: str, table: pd.DataFrame) -> None:
        self.blocks.append(Block("table", text=caption, table=table, name=name))

    def add_figure(self, name: str, caption: str, figure: Figure) -> None:
        self.blocks.append(Block("figure", text=caption, figure=figure, name=name))


@dataclass
class Document:
    title: str
    lang: str
    subtitle: str = ""
    sections: list[Section] = field(default_factory=list)


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110)
    return buffer.getvalue()


def _format_table(table: pd.DataFrame) -> pd.DataFrame:
    shown = table.copy()
    for col in shown.columns:
        if pd.api.types.is_float_dtype(shown[col]):
            shown[col] = shown[col].map(lambda v: "" if pd.isna(v) else
                                        f"{v:,.0f}" if abs(v) >= 1000 else
                                        f"{v:,.3g}" if v != 0 else "0")
    return shown


CSS = """
body{font-family:"Noto Sans CJK SC","Noto Sans",sans-serif;max-width:1100px;margin:2em auto;
padding:0 1em;color:#222;line-height:1.5}
h1{border-bottom:2px solid #0072B2}h2{margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;font-size:0.85em;margin:0.5em 0 1.5em}
td,th{border:1px solid #ccc;padding:3px 8px}th{background:#f0f4f8}
.num{text-align:right;font-variant-numeric:tabular-nums}.txt{text-align:left}
.wrap{overflow-x:auto}
figure{margin:1em 0}figure img{max-width:100%;border:1px solid #eee}
figcaption{font-size:0.85em;color:#555}.note{background:#fff7e0;border-left:4px solid #E69F00;
padding:0.5em 1em}.missing{background:#fdecea;border-left:4px solid #D55E00;padding:0.5em 1em}
"""


def _html_table(table: pd.DataFrame) -> str:
    """An HTML table with numbers right-aligned and text left-aligned, every cell escaped."""
    numeric = [pd.api.types.is_numeric_dtype(table[c]) and not pd.api.types.is_bool_dtype(
        table[c]) for c in table.columns]
    shown = _format_table(table)
    head = "".join(f'<th class="{"num" if n else "txt"}">{html.escape(str(c))}</th>'
                   for c, n in zip(table.columns, numeric, strict=True))
    body = []
    for row in shown.itertuples(index=False):
        cells = "".join(f'<td class="{"num" if n else "txt"}">{html.escape(_plain_cell(v))}</td>'
                        for v, n in zip(row, numeric, strict=True))
        body.append(f"<tr>{cells}</tr>")
    return (f'<div class="wrap"><table><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table></div>")


def render_html(doc: Document) -> str:
    parts = [f'<!DOCTYPE html>\n<html lang="{"zh-CN" if doc.lang == "zh" else "en"}">',
             '<head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{html.escape(doc.title)}</title><style>{CSS}</style></head><body>",
             f"<h1>{html.escape(doc.title)}</h1>"]
    if doc.subtitle:
        parts.append(f"<p>{html.escape(doc.subtitle)}</p>")
    parts.append("<nav><ol>" + "".join(
        f'<li><a href="#{s.key}">{html.escape(s.title)}</a></li>' for s in doc.sections)
        + "</ol></nav>")
    for section in doc.sections:
        parts.append(f'<section id="{section.key}"><h2>{html.escape(section.title)}</h2>')
        if section.missing:
            parts.append(f'<p class="missing">{html.escape(section.missing)}</p>')
        for block in section.blocks:
            if block.kind == "text":
                parts.append(f"<p>{html.escape(block.text)}</p>")
            elif block.kind == "note":
                parts.append(f'<p class="note">{html.escape(block.text)}</p>')
            elif block.kind == "table" and block.table is not None:
                parts.append(f"<h3>{html.escape(block.text)}</h3>")
                parts.append(_html_table(block.table))
            elif block.kind == "figure" and block.figure is not None:
                data = base64.b64encode(block.png()).decode("ascii")
                parts.append(f'<figure><img alt="{html.escape(block.text)}" '
                             f'src="data:image/png;base64,{data}">'
                             f"<figcaption>{html.escape(block.text)}</figcaption></figure>")
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _plain_cell(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value)


def _md_cell(value: object) -> str:
    return _plain_cell(value).replace("|", "\\|")


def _md_table(table: pd.DataFrame) -> str:
    shown = _format_table(table).map(_md_cell)
    lines = ["| " + " | ".join(map(str, shown.columns)) + " |",
             "|" + "---|" * len(shown.columns)]
    lines += ["| " + " | ".join(row) + " |" for row in shown.itertuples(index=False)]
    return "\n".join(lines)


def render_markdown(doc: Document, figure_dir: str = "figures") -> tuple[str, dict[str, bytes]]:
    """The Markdown text and the PNG files it links (relative name -> bytes)."""
    lines = [f"# {doc.title}", ""]
    if doc.subtitle:
        lines += [doc.subtitle, ""]
    images: dict[str, bytes] = {}
    for number, section in enumerate(doc.sections, start=1):
        lines += [f"## {section.title}", ""]
        if section.missing:
            lines += [f"> {section.missing}", ""]
        for block in section.blocks:
            if block.kind == "text":
                lines += [block.text, ""]
            elif block.kind == "note":
                lines += [f"> {block.text}", ""]
            elif block.kind == "table" and block.table is not None:
                lines += [f"**{block.text}**", "", _md_table(block.table), ""]
            elif block.kind == "figure" and block.figure is not None:
                name = f"{figure_dir}/{number}_{block.name}.png"
                images[name] = block.png()
                lines += [f"![{block.text}]({name})", ""]
    return "\n".join(lines), images


def _sheet_name(name: str, used: set[str]) -> str:
    base = "".join(c for c in name if c not in "[]:*?/\\")[:28] or "table"
    candidate, i = base, 2
    while candidate in used:
        candidate, i = f"{base[:25]}_{i}", i + 1
    used.add(candidate)
    return candidate


def write_tables(doc: Document, path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for section in doc.sections:
        for block in section.blocks:
            if block.kind != "table" or block.table is None:
                continue
            sheet = book.create_sheet(_sheet_name(block.name, used))
            sheet.append([block.text])
            sheet.append([str(c) for c in block.table.columns])
            for row in block.table.itertuples(index=False):
                sheet.append([_cell(v) for v in row])
            for cells in sheet.iter_rows(min_row=3):
                for cell in cells:
                    if isinstance(cell.value, str):
                        cell.data_type = "s"
    if not book.sheetnames:
        book.create_sheet("empty").append(["no tables: see index.html for what is missing"])
    with atomic_write(path) as tmp:
        book.save(tmp)


def _cell(value: object) -> object:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        value = value.item()  # numpy scalar -> Python
    if isinstance(value, bool | int | float):
        return value
    return str(value)


def write_document(doc: Document, out: Path) -> dict[str, Path]:
    """Write ``index.html``, ``report.md`` (+ ``figures/``) and ``tables.xlsx`` into ``out``."""
    out = Path(out)
    written = {}
    page = render_html(doc)
    with atomic_write(out / "index.html") as tmp:
        tmp.write_text(page, encoding="utf-8")
    written["index.html"] = out / "index.html"
    text, images = render_markdown(doc)
    for name, data in images.items():
        with atomic_write(out / name) as tmp:
            tmp.write_bytes(data)
    with atomic_write(out / "report.md") as tmp:
        tmp.write_text(text, encoding="utf-8")
    written["report.md"] = out / "report.md"
    write_tables(doc, out / "tables.xlsx")
    written["tables.xlsx"] = out / "tables.xlsx"
    return written
