"""Compliance exports: CSV streamed row by row, XLSX written in openpyxl's constant-memory mode."""

from __future__ import annotations

import tempfile

from django.http import FileResponse, StreamingHttpResponse

from accounts.spreadsheets import neutralise, streaming_writer

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


def _cells(row) -> list[str]:
    return [
        neutralise(row.profile.employee_number),
        neutralise(row.profile.name),
        neutralise(row.profile.email),
        neutralise(row.profile.unit.name),
        neutralise(row.profile.role.name),
        neutralise(row.course.title),
        row.status_label,
        row.due.isoformat() if row.due else "",
        row.completed_on.isoformat() if row.completed_on else "",
        row.expires_on.isoformat() if row.expires_on else "",
    ]


def csv_response(rows, filename: str) -> StreamingHttpResponse:
    writer = streaming_writer()

    def lines():
        yield "\ufeff"  # so Excel reads UTF-8 names correctly
        yield writer.writerow(HEADER)
        for row in rows:
            yield writer.writerow(_cells(row))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(rows, filename: str) -> FileResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Compliance")
    sheet.append(HEADER)
    for row in rows:
        sheet.append(_cells(row))
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when sent
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
