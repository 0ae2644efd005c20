"""Reading an ESR staff file as trusts have them: CSV in UTF-8 (with or without a byte order mark),
Windows-1252 (Excel's plain "CSV") or UTF-16 (Excel's "Unicode text"), or an Excel workbook; the
column names ESR's reports use; dates as ESR and Excel write them in the UK. No database here.

``read`` gives every row as ``{canonical column: text}`` with the line it came from, or one clear
message about the whole file. What the rows mean is ``services.staff_import``'s business.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
import re
import zipfile

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
MAX_COLUMNS = 200
MAX_UNZIPPED = 200 * 1024 * 1024  # an XLSX's parts, unpacked: refuses a zip bomb
HEADER_SEARCH = 10  # title lines a report may have above its header

# Canonical name: (required, what it means, the other names ESR's reports and trusts use).
COLUMNS: dict[str, tuple[bool, str, tuple[str, ...]]] = {
    "Employee Number": (
        True,
        gettext_lazy("The person, across all their assignments"),
        ("Employee No", "Employee No.", "Staff Number", "Person Number"),
    ),
    "Assignment Number": (
        False,
        gettext_lazy(
            "One assignment, such as 12345678-2; without it, unit and position tell a "
            "person's assignments apart"
        ),
        ("Assignment No", "Assignment No."),
    ),
    "First Name": (True, gettext_lazy("First name"), ("Forename", "First Forename", "Given Name")),
    "Last Name": (True, gettext_lazy("Surname"), ("Surname", "Family Name")),
    "Email": (
        True,
        gettext_lazy("Work e-mail; may be empty (a staff record with no sign-in)"),
        ("Email Address", "E-mail", "E-mail Address", "Work Email", "Work Email Address"),
    ),
    "Position Title": (
        True,
        gettext_lazy("The assignment's position, made a job role"),
        ("Position Name", "Position", "Job Title"),
    ),
    "Organisation": (
        True,
        gettext_lazy("The assignment's unit: a unit's name or its name in ESR"),
        ("Organisation Name", "Org Name", "Organization"),
    ),
    "Staff Group": (True, gettext_lazy("The position's staff group"), ()),
    "Assignment Status": (
        True,
        gettext_lazy(
            "Active Assignment, Acting Up, Secondment, Suspend Assignment… or Terminate "
            "Assignment, End of Fixed Term"
        ),
        ("Status", "Assignment Status Name"),
    ),
    "Assignment Category": (
        False,
        gettext_lazy("Permanent, Fixed Term Temp, Bank…: kept with the assignment"),
        ("Employee Category",),
    ),
    "Primary Assignment": (
        False,
        gettext_lazy(
            "Yes for the assignment that decides the person's main unit and role; without it, "
            "the first active one"
        ),
        ("Primary Flag", "Primary Assignment Flag", "Primary"),
    ),
    "Assignment Start Date": (
        False,
        gettext_lazy("31/03/2026 (day first), 2026-03-31 or 31-MAR-2026"),
        ("Start Date", "Assignment Start", "Latest Start Date"),
    ),
    "NMC PIN": (
        False,
        gettext_lazy("The nurse's NMC PIN"),
        ("NMC Pin Number", "NMC Registration Number"),
    ),
}
REQUIRED = tuple(name for name, (required, _m, _a) in COLUMNS.items() if required)


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.casefold())


ALIASES = {
    _key(alias): canonical
    for canonical, (_r, _m, aliases) in COLUMNS.items()
    for alias in (canonical, *aliases)
}


@dataclasses.dataclass
class Sheet:
    rows: list[tuple[int, dict[str, str]]] = dataclasses.field(default_factory=list)
    file_format: str = ""  # what the dry run shows: "CSV, Windows-1252", "Excel workbook"
    columns: dict[str, str] = dataclasses.field(default_factory=dict)  # canonical: as written
    ignored: list[str] = dataclasses.field(default_factory=list)  # headers not used
    error: str = ""


def read(data: bytes, filename: str = "") -> Sheet:
    """The file's rows, or ``Sheet.error`` saying why it cannot be read. Never raises."""
    if len(data) > MAX_BYTES:
        return Sheet(error=_("The file is larger than 20 MB. Split it and import each part."))
    if not data.strip():
        return Sheet(error=_("The file is empty."))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return Sheet(
            error=_("This is an older Excel file (.xls). In Excel, save it as .xlsx or as CSV.")
        )
    if data.startswith(b"PK\x03\x04") or filename.lower().endswith((".xlsx", ".xlsm")):
        return _read_xlsx(data)
    return _read_csv(data)


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "UTF-16"
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), _("UTF-8 with a byte order mark")
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    return data.decode("cp1252"), "Windows-1252"


def _read_csv(data: bytes) -> Sheet:
    try:
        text, encoding = _decode(data)
    except UnicodeDecodeError:
        return Sheet(
            error=_(
                "The file's characters are not UTF-8, UTF-16 or Windows-1252 text. In Excel, "
                "save it as 'CSV UTF-8'."
            )
        )
    if "\x00" in text:
        return Sheet(error=_("The file contains binary data. Export a CSV or Excel file from ESR."))
    delimiter = _delimiter(text)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        sheet = _table(_csv_lines(reader))
    except csv.Error as error:
        return Sheet(error=_("The file could not be read as CSV: %(error)s.") % {"error": error})
    if not sheet.error:
        sheet.file_format = _("CSV, %(encoding)s") % {"encoding": encoding}
    return sheet


def _delimiter(text: str) -> str:
    """The separator that makes one of the first lines a header (Excel writes commas, or tabs in
    "Unicode text"); failing that, the commonest on the first line."""
    lines = text.splitlines()[:HEADER_SEARCH]
    for line in lines:
        for delimiter in (",", "\t", ";"):
            names = {ALIASES.get(_key(cell)) for cell in line.split(delimiter)}
            if len(names & set(REQUIRED)) >= 3:
                return delimiter
    first = lines[0] if lines else ""
    return max((",", "\t", ";"), key=first.count)


def _csv_lines(reader):
    start = 1
    for cells in reader:
        yield start, cells
        start = reader.line_num + 1


def _read_xlsx(data: bytes) -> Sheet:
    import openpyxl  # only an import of a workbook needs it

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED:
                return Sheet(error=_("The workbook is too large once unpacked. Save it as CSV."))
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - a damaged or foreign file, whatever the library raises
        return Sheet(error=_("The file could not be read as an Excel workbook (.xlsx)."))
    try:
        worksheet = workbook.worksheets[0] if workbook.worksheets else None
        if worksheet is None:
            return Sheet(error=_("The workbook has no sheets."))
        worksheet.reset_dimensions()  # read every row, whatever size the file says it is
        lines = (
            (number, [_xlsx_text(value) for value in values[:MAX_COLUMNS]])
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1)
        )
        sheet = _table(lines)
    except Exception:  # noqa: BLE001 - damaged sheet XML part-way through
        return Sheet(error=_("The file could not be read as an Excel workbook (.xlsx)."))
    finally:
        workbook.close()
    if not sheet.error:
        sheet.file_format = _("Excel workbook (.xlsx)")
    return sheet


def _xlsx_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _table(lines) -> Sheet:
    """Find the header among the first lines, map its names, and read the rows under it."""
    sheet = Sheet()
    positions: dict[int, str] = {}
    width = 0
    best: tuple[int, set] = (0, set())  # the line most like a header, if none is one
    for number, cells in lines:
        if sheet.columns:
            if not any(cell.strip() for cell in cells):
                continue  # a blank line, as Excel leaves at the end
            if len(sheet.rows) >= MAX_ROWS:
                return Sheet(error=_("The file has more than %(n)s rows.") % {"n": MAX_ROWS})
            row = {}
            for index, cell in enumerate(cells):
                name = positions.get(index)
                if name is not None:
                    row[name] = cell
                elif index >= width and cell.strip():
                    row.setdefault("", cell)  # more cells than the header has names
            sheet.rows.append((number, row))
            continue
        if number > HEADER_SEARCH:
            break
        found = {}
        for index, cell in enumerate(cells):
            canonical = ALIASES.get(_key(cell))
            if canonical is None:
                continue
            if canonical in found.values():
                first = next(cells[i] for i, c in found.items() if c == canonical)
                return Sheet(
                    error=_("The columns '%(a)s' and '%(b)s' both mean %(c)s. Keep one.")
                    % {"a": first.strip(), "b": cell.strip(), "c": canonical}
                )
            found[index] = canonical
        matched = sum(1 for c in found.values() if c in REQUIRED)
        if matched > best[0]:
            best = (matched, set(found.values()))
        if matched >= 3:
            positions, width = found, len(cells)
            sheet.columns = {canonical: cells[i].strip() for i, canonical in found.items()}
            sheet.ignored = [
                cell.strip() for i, cell in enumerate(cells) if i not in found and cell.strip()
            ]
    if not sheet.columns and best[0]:
        missing = [column for column in REQUIRED if column not in best[1]]
        return Sheet(
            error=_("These columns are missing: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    if not sheet.columns:
        return Sheet(
            error=_("No header row was found. The first lines must name the columns: %(c)s.")
            % {"c": ", ".join(REQUIRED)}
        )
    missing = [column for column in REQUIRED if column not in sheet.columns]
    if missing:
        return Sheet(
            error=_("These columns are missing: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    return sheet


MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
ISO = re.compile(rf"^(\d{{4}})-(\d{{1,2}})-(\d{{1,2}}){_TIME}$")
DAY_FIRST = re.compile(rf"^(\d{{1,2}})[/.](\d{{1,2}})[/.](\d{{4}}){_TIME}$")
MONTH_NAME = re.compile(rf"^(\d{{1,2}})[- ]([A-Za-z]{{3}})[A-Za-z]*[- ](\d{{4}}|\d{{2}}){_TIME}$")
DATE_RULE = gettext_lazy("Write it day first, like 31/03/2026, or as 2026-03-31 or 31-MAR-2026.")


def parse_date(text: str, *, today: datetime.date | None = None) -> datetime.date:
    """A date as ESR or UK Excel writes it. Slashes are always day first: 02/01/2024 is the 2nd of
    January, never February. Raises ValueError for anything else."""
    text = text.strip()
    if match := ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := DAY_FIRST.match(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := MONTH_NAME.match(text):
        day, name, year_text = match.groups()
        day, month = int(day), MONTHS.get(name.casefold(), 0)
        year = int(year_text)
        if len(year_text) == 2:  # ESR's 31-MAR-26: this century unless that is in the future
            this = (today or datetime.date.today()).year
            year += 2000 if 2000 + year <= this + 1 else 1900
    else:
        raise ValueError(text)
    return datetime.date(year, month, day)  # ValueError for 31/02/2026 or month 13
