"""The compliance export's columns: one line per (person, assigned course), as CSV or XLSX.

Lines are the flat tuples of ``selectors.EXPORT_FIELDS``, streamed from the database.
"""

from __future__ import annotations

from core.spreadsheets import DATE, Column, Table

from . import status as st

COMPLIANCE = Table(
    [
        Column("Employee number", lambda line: line[0]),
        Column("Name", lambda line: f"{line[1]} {line[2]}"),
        Column("Email", lambda line: line[3]),
        Column("Unit", lambda line: line[4]),
        Column("Role", lambda line: line[5]),
        Column("Course", lambda line: line[6]),
        Column("Status", lambda line: st.LABELS[line[7]]),
        Column("Due", lambda line: line[8], kind=DATE),
        Column("Completed", lambda line: line[9], kind=DATE),
        Column("Expires", lambda line: line[10], kind=DATE),
        Column("Describes the law before", lambda line: line[11], kind=DATE),
    ]
)


def csv_response(lines, filename: str):
    return COMPLIANCE.csv_response(lines, filename)


def xlsx_response(lines, filename: str):
    return COMPLIANCE.xlsx_response(lines, filename, sheet="Compliance")
