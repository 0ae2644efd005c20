"""One declarative table for every export: headings, formula-safe text, ISO dates, numbers."""

import csv
import datetime
import io
from decimal import Decimal

from openpyxl import load_workbook

from core.spreadsheets import DATE, NUMBER, Column, Table, neutralise

TABLE = Table(
    [
        Column("Name", "name"),
        Column("Due", "due", kind=DATE),
        Column("Hours", "hours", kind=NUMBER),
        Column("Shout", lambda row: str(row["name"]).upper()),
    ]
)
ROWS = [
    {"name": '=HYPERLINK("x")', "due": datetime.date(2027, 1, 31), "hours": Decimal("2.5")},
    {"name": "Zoë O’Brien", "due": datetime.datetime(2027, 2, 1, 9, 30), "hours": None},
    {"name": "-1+1", "due": None, "hours": 3},
]


def test_cells_defuse_formulas_write_iso_dates_and_keep_numbers():
    assert TABLE.cells(ROWS[0]) == [
        '\'=HYPERLINK("x")',
        "2027-01-31",
        Decimal("2.5"),
        '\'=HYPERLINK("X")',
    ]
    assert TABLE.cells(ROWS[1])[:3] == ["Zoë O’Brien", "2027-02-01", ""]
    assert TABLE.cells(ROWS[2])[0] == "'-1+1"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)" and neutralise(None) == ""


def test_csv_streams_with_a_bom_for_excel_and_is_never_cached():
    response = TABLE.csv_response(iter(ROWS), "people")
    assert response["Content-Disposition"] == 'attachment; filename="people.csv"'
    assert response["Cache-Control"] == "private, no-store"
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == ["Name", "Due", "Hours", "Shout"]
    assert rows[2][0] == "Zoë O’Brien"
    assert len(rows) == 1 + len(ROWS)


def test_xlsx_has_the_same_cells():
    response = TABLE.xlsx_response(iter(ROWS), "people", sheet="People")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook["People"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == ["Name", "Due", "Hours", "Shout"]
    assert values[1][0] == '\'=HYPERLINK("x")'
    assert values[3][2] == 3
