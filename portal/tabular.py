"""Tables as files people open in a spreadsheet: CSV for Excel in Czech and XLSX.

A text cell that a spreadsheet would take for a formula ("=HYPERLINK(…)" typed as someone's name) is
written as text: in CSV with a leading apostrophe, in XLSX as a string cell.
"""

import csv
import io

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(cell):
    return "'" + cell if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) else cell


def csv_bytes(header: list, rows: list[list]) -> bytes:
    """Semicolons (the list separator of Czech Excel) and a BOM, so that Excel reads the diacritics."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([str(label) for label in header])
    for row in rows:
        writer.writerow([as_text(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode()


def xlsx_bytes(header: list, rows: list[list], title: str) -> bytes:
    """One sheet (`title`, cut to Excel's 31 characters) with a bold heading row."""
    from openpyxl import Workbook  # only where it is used (a heavy import)
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(str(title)[:31])
    bold = Font(bold=True)
    heading = []
    for label in header:
        cell = WriteOnlyCell(sheet, value=str(label))
        cell.font = bold
        heading.append(cell)
    sheet.append(heading)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text stays text: "=…" is never written as a formula
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
