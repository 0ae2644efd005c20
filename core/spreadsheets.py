"""Every CSV and XLSX export, and the CSV import, share this: formula safety, and one declarative
way to say what a table's columns are.

    TABLE = Table([Column("Name", lambda row: row.name), Column("Due", "due", kind=DATE)])
    return TABLE.csv_response(rows, "compliance")

A text cell that a spreadsheet would run as a formula gets a leading quote; dates are ISO; numbers
are written as they are. Rows are produced lazily, so an export of a whole trust streams.
"""

from __future__ import annotations

import csv
import datetime
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.http import FileResponse, StreamingHttpResponse

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TEXT, DATE, NUMBER = "text", "date", "number"


def neutralise(value) -> str:
    """Text a spreadsheet will show, never run: cells that start a formula get a leading quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


class _Echo:
    def write(self, value):
        return value


def streaming_writer():
    """A csv.writer whose writerow returns the line, for StreamingHttpResponse generators."""
    return csv.writer(_Echo())


@dataclass(frozen=True)
class Column:
    """One column: its heading, how to read its value from a row (an attribute or key name, or a
    function), and its kind (text is neutralised, dates written as ISO, numbers as they are)."""

    heading: str
    value: str | Callable[[object], object]
    kind: str = TEXT

    def read(self, row):
        if callable(self.value):
            return self.value(row)
        if isinstance(row, dict):
            return row.get(self.value)
        return getattr(row, self.value)

    def cell(self, row):
        value = self.read(row)
        if value is None or value == "":
            return ""
        if self.kind == DATE:
            if isinstance(value, datetime.datetime):
                value = value.date()
            return value.isoformat()
        if self.kind == NUMBER:
            return value
        return neutralise(value)


class Table:
    """Columns that turn rows into cells, and the CSV and XLSX responses that carry them."""

    def __init__(self, columns: Iterable[Column]):
        self.columns = list(columns)

    @property
    def headings(self) -> list[str]:
        return [str(column.heading) for column in self.columns]

    def cells(self, row) -> list:
        return [column.cell(row) for column in self.columns]

    def csv_response(self, rows: Iterable, filename: str) -> StreamingHttpResponse:
        writer = streaming_writer()

        def stream():
            yield "\ufeff"  # so Excel reads UTF-8 names correctly
            yield writer.writerow(self.headings)
            for row in rows:
                yield writer.writerow(self.cells(row))

        response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        response["Cache-Control"] = "private, no-store"
        return response

    def xlsx_response(self, rows: Iterable, filename: str, *, sheet: str) -> FileResponse:
        """An XLSX file written in openpyxl's constant-memory mode."""
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        worksheet = workbook.create_sheet(sheet)
        worksheet.append(self.headings)
        for row in rows:
            worksheet.append(self.cells(row))
        handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when sent
        workbook.save(handle)
        handle.seek(0)
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=f"{filename}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Cache-Control"] = "private, no-store"
        return response
