"""Compliance exports: CSV streamed row by row, XLSX written in openpyxl's constant-memory mode."""

from __future__ import annotations

import tempfile

from django.http import FileResponse, StreamingHttpResponse

from accounts.spreadsheets import neutralise, streaming_writer

from . import status as st

HEADER = [
    "Employee number",
    "Name",
    "Email",
    "Unit",
    "Role",
    "Course",
    "Status",
    "Due",
    "Completed",
    "Expires",
]


def _cells(line) -> list[str]:
    """One export line (``selectors.EXPORT_FIELDS``) as spreadsheet cells, formulas defused."""
    number, first, last, email, unit, role, course, state, due, completed, expires = line
    return [
        neutralise(number),
        neutralise(f"{first} {last}"),
        neutralise(email),
        neutralise(unit),
        neutralise(role),
        neutralise(course),
        str(st.LABELS[state]),
        due.isoformat() if due else "",
        completed.isoformat() if completed else "",
        expires.isoformat() if expires else "",
    ]


def csv_response(lines, filename: str) -> StreamingHttpResponse:
    writer = streaming_writer()

    def stream():
        yield "\ufeff"  # so Excel reads UTF-8 names correctly
        yield writer.writerow(HEADER)
        for line in lines:
            yield writer.writerow(_cells(line))

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(lines, filename: str) -> FileResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Compliance")
    sheet.append(HEADER)
    for line in lines:
        sheet.append(_cells(line))
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when sent
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
