"""Writes to the organisation: the ESR staff import (a dry run first; then all of it, or the good
people with the rest held for review), leavers confirmed by L&D, and staff records linked to the
accounts that are theirs."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import LD_MANAGERS
from accounts.services import audit_record
from core.spreadsheets import FORMULA_START

from . import esr
from .models import (
    HeldRow,
    JobRole,
    OrgUnit,
    StaffAssignment,
    StaffGroup,
    StaffImport,
    StaffProfile,
)
from .selectors import managed_unit_paths, sees_nightly
from .signals import staff_batch

MAX_CELL = 200
# Columns whose database fields are shorter than a cell may be.
MAX_LENGTH = {
    "Employee Number": 20,
    "Assignment Number": 30,
    "First Name": 150,
    "Last Name": 150,
    "Staff Group": 100,
    "Assignment Category": 100,
    "NMC PIN": 20,
}
ACTIVE = {
    "active assignment",
    "active",
    "acting up",
    "suspend assignment",
    "suspend no pay",
    "secondment",
    "inactive not worked",
}
LEFT = {"terminate assignment", "terminated", "left", "inactive", "end of fixed term"}
YES = {"yes", "y", "true", "1", "primary", "p"}
NO = {"no", "n", "false", "0", "", "secondary", "s"}
EMPLOYEE_NUMBER = re.compile(r"^[A-Za-z0-9-]{1,20}$")
NMC_PIN = re.compile(r"^[A-Z0-9]{1,20}$")
ASSIGNMENT_NUMBER = re.compile(r"^[A-Za-z0-9-]{1,30}$")
PERSON_FIELDS = ("First Name", "Last Name", "Email", "NMC PIN")
SHOWN_MISSING = 200  # leavers listed by name in a dry run; the count is always whole


@dataclasses.dataclass
class RowResult:
    """One line of the file: one assignment of one person."""

    line: int
    employee_number: str
    name: str = ""
    # The person's action (create, update, unchanged); "error" when this row has a problem;
    # "held" when another row of the same person has one.
    action: str = ""
    errors: list[str] = dataclasses.field(default_factory=list)
    cells: dict = dataclasses.field(default_factory=dict)
    data: dict = dataclasses.field(default_factory=dict)
    # An account with this person's address that has not been confirmed: not linked, shown to L&D.
    unlinked: bool = False


@dataclasses.dataclass
class PersonResult:
    employee_number: str
    rows: list[RowResult]
    action: str = ""  # create, update, unchanged or held
    profile_id: int | None = None
    values: dict = dataclasses.field(default_factory=dict)  # the person's fields, as imported
    posts: list[tuple[RowResult, int | None, bool]] = dataclasses.field(default_factory=list)
    missing_posts: list[int] = dataclasses.field(default_factory=list)
    demote: list[int] = dataclasses.field(default_factory=list)  # primaries the file left out
    primary_line: int = 0


@dataclasses.dataclass
class Leaver:
    pk: int
    employee_number: str
    name: str
    unit: str


@dataclasses.dataclass
class ImportReport:
    rows: list[RowResult] = dataclasses.field(default_factory=list)
    people: list[PersonResult] = dataclasses.field(default_factory=list)
    file_error: str = ""
    file_format: str = ""
    ignored_columns: list[str] = dataclasses.field(default_factory=list)
    missing: list[Leaver] = dataclasses.field(default_factory=list)
    missing_count: int = 0
    unidentified: int = 0  # rows without a readable employee number
    missing_posts: list[int] = dataclasses.field(default_factory=list)
    committed: bool = False
    record: StaffImport | None = None

    def count(self, action: str) -> int:
        """People by what the import does to them: create, update, unchanged or held."""
        return sum(1 for person in self.people if person.action == action)

    def post_count(self, kind: str) -> int:
        """Assignments: "new" or "changed"."""
        return sum(
            1
            for person in self.people
            if person.action != "held"
            for _row, existing, changed in person.posts
            if (existing is None) == (kind == "new") and (existing is None or changed)
        )

    @property
    def error_rows(self) -> list[RowResult]:
        return [row for row in self.rows if row.errors]

    @property
    def held_rows(self) -> list[RowResult]:
        """The rows an import that holds problems keeps back: bad rows and their people's."""
        return [row for row in self.rows if row.action in ("error", "held")]

    @property
    def unlinked_rows(self) -> list[RowResult]:
        return [row for row in self.rows if row.unlinked]

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.error_rows

    @property
    def importable(self) -> bool:
        """Whether there is anything to do with the good people when some are held."""
        return not self.file_error and any(p.action != "held" for p in self.people)


def _cell(row: dict, column: str, errors: list[str]) -> str:
    value = (row.get(column) or "").strip()
    if value.startswith(FORMULA_START):
        errors.append(_("%(column)s looks like a spreadsheet formula.") % {"column": column})
        return ""
    limit = MAX_LENGTH.get(column, MAX_CELL)
    if len(value) > limit:
        errors.append(
            _("%(column)s is longer than %(n)s characters.") % {"column": column, "n": limit}
        )
        return ""
    return value


AMBIGUOUS = 0  # an organisation name that more than one unit answers to


def _units_by_name() -> dict[str, int]:
    """Units by their name in ESR, else by their name; a name two units share is AMBIGUOUS."""
    by_esr, by_name = {}, {}
    for pk, name, esr_name in OrgUnit.objects.values_list("pk", "name", "esr_name"):
        for table, key in ((by_esr, esr_name), (by_name, name)):
            if key:
                key = key.casefold()
                table[key] = AMBIGUOUS if key in table and table[key] != pk else pk
    return {**by_name, **by_esr}


def _parse_row(line: int, cells: dict, units: dict[str, int], columns: set[str]) -> RowResult:
    """A row's own checks: cells, formats and names, without looking at other rows."""
    errors: list[str] = []
    if "" in cells:
        errors.append(_("This row has more cells than the header."))
    values = {column: _cell(cells, column, errors) for column in esr.COLUMNS}
    number = values["Employee Number"]
    result = RowResult(
        line=line,
        employee_number=number,
        name=f"{values['First Name']} {values['Last Name']}".strip(),
        cells={k: v for k, v in cells.items() if k},
    )
    for column in esr.REQUIRED:
        if column != "Email" and not values[column] and not any(column in e for e in errors):
            errors.append(_("%(column)s is empty.") % {"column": column})
    if number and not EMPLOYEE_NUMBER.match(number):
        errors.append(_("Employee Number may only hold letters, digits and dashes."))
    assignment_number = values["Assignment Number"]
    if assignment_number and not ASSIGNMENT_NUMBER.match(assignment_number):
        errors.append(_("Assignment Number may only hold letters, digits and dashes."))
    email = values["Email"].lower()
    if len(email) > 254:  # lower case can be longer than the cell was
        errors.append(_("Email is longer than 254 characters."))
    elif email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(_("Email is not a valid e-mail address."))
    nmc_pin = values["NMC PIN"].upper()
    if nmc_pin and not NMC_PIN.match(nmc_pin):
        errors.append(_("NMC PIN must be letters and digits, like 12A3456E."))
    unit = units.get(values["Organisation"].casefold()) if values["Organisation"] else None
    if unit == AMBIGUOUS:
        errors.append(
            _(
                "Organisation '%(o)s' names more than one unit in Bridge. Give each of them its "
                "name in ESR."
            )
            % {"o": values["Organisation"]}
        )
    elif values["Organisation"] and unit is None:
        errors.append(
            _(
                "Organisation '%(o)s' is not a unit in Bridge. Add it, or give an existing unit "
                "its name in ESR."
            )
            % {"o": values["Organisation"]}
        )
    status_text = values["Assignment Status"].casefold()
    status = None
    if status_text in ACTIVE:
        status = StaffAssignment.Status.ACTIVE
    elif status_text in LEFT:
        status = StaffAssignment.Status.ENDED
    elif status_text:
        errors.append(
            _("Assignment Status '%(s)s' is not recognised.") % {"s": values["Assignment Status"]}
        )
    primary_text = values["Primary Assignment"].casefold()
    primary = primary_text in YES
    if primary_text not in YES | NO:
        errors.append(
            _("Primary Assignment '%(p)s' must be Yes or No.") % {"p": values["Primary Assignment"]}
        )
    started = None
    if values["Assignment Start Date"]:
        try:
            started = esr.parse_date(values["Assignment Start Date"])
        except ValueError:
            errors.append(
                _("Assignment Start Date '%(d)s' is not a date. %(rule)s")
                % {"d": values["Assignment Start Date"], "rule": esr.DATE_RULE}
            )
    result.errors = errors
    result.data = {
        "employee_number": number,
        "number": assignment_number if "Assignment Number" in columns else "",
        "first_name": values["First Name"],
        "last_name": values["Last Name"],
        "email": email,
        "nmc_pin": nmc_pin if NMC_PIN.match(nmc_pin) else "",
        "position": values["Position Title"],
        "staff_group": values["Staff Group"],
        # None: the file has no such column, so the category Bridge holds stays.
        "category": values["Assignment Category"] if "Assignment Category" in columns else None,
        "unit_id": unit,
        "status": status,
        "primary": primary,
        "started_on": started,
    }
    return result


def _group_checks(people: dict[str, list[RowResult]]) -> None:
    """What one row cannot know: a person's rows agree, assignments are told apart, one primary."""
    seen_numbers: dict[str, int] = {}
    for rows in people.values():
        first = rows[0]
        places: dict[tuple, int] = {}
        for row in rows:
            if row is not first:
                for column, key in zip(
                    PERSON_FIELDS, ("first_name", "last_name", "email", "nmc_pin"), strict=True
                ):
                    if row.data[key] and first.data[key] and row.data[key] != first.data[key]:
                        row.errors.append(
                            _("%(column)s differs from line %(line)s, for the same employee.")
                            % {"column": column, "line": first.line}
                        )
            number = row.data["number"]
            if number:
                if number in seen_numbers:
                    row.errors.append(
                        _("Assignment Number %(n)s appears twice in the file (line %(line)s).")
                        % {"n": number, "line": seen_numbers[number]}
                    )
                seen_numbers.setdefault(number, row.line)
            else:
                place = (row.data["unit_id"], row.data["position"].casefold())
                if place in places:
                    row.errors.append(
                        _(
                            "Employee Number %(n)s appears twice in the file with the same "
                            "organisation and position (line %(line)s). Give each assignment its "
                            "Assignment Number, or remove the repeated row."
                        )
                        % {"n": row.employee_number, "line": places[place]}
                    )
                places.setdefault(place, row.line)
        flagged = [row for row in rows if row.data["primary"]]
        for row in flagged[1:]:
            row.errors.append(
                _("Employee %(n)s has more than one primary assignment (line %(line)s too).")
                % {"n": row.employee_number, "line": flagged[0].line}
            )


def _person_values(rows: list[RowResult], current: dict | None) -> tuple[dict, RowResult]:
    """The person's own fields from their rows, and the row that is their primary assignment."""
    active = [row for row in rows if row.data["status"] == "active"]
    flagged = [row for row in rows if row.data["primary"]]
    # ESR's flag, unless that assignment has ended and another has not; then the first active one.
    primary = next(
        (row for row in flagged if row.data["status"] == "active" or not active),
        active[0] if active else rows[0],
    )

    def first_given(key):
        return next((row.data[key] for row in rows if row.data[key]), "")

    email = first_given("email")
    starts = [row.data["started_on"] for row in rows if row.data["started_on"]]
    values = {
        "first_name": rows[0].data["first_name"],
        "last_name": rows[0].data["last_name"],
        # An empty cell never clears an address Bridge already holds.
        "email": email or (current["email"] if current else ""),
        "nmc_pin": first_given("nmc_pin") or (current["nmc_pin"] if current else ""),
        "status": StaffProfile.Status.ACTIVE
        if any(row.data["status"] == "active" for row in rows)
        else StaffProfile.Status.LEFT,
        "unit_id": primary.data["unit_id"],
        "position": primary.data["position"],
        "staff_group": primary.data["staff_group"],
        "joined_on": min(starts) if starts else None,
    }
    return values, primary


def _match_posts(person: PersonResult, primary: RowResult, existing: list[dict], roles: dict):
    """Pair the person's rows with the assignments Bridge holds: by assignment number, else by
    unit and position, else (one of each) the one with the one. Unpaired rows are new."""
    free = {post["pk"]: post for post in existing}
    pairs: dict[int, int | None] = {}
    rows = person.rows
    for row in rows:
        number = row.data["number"]
        if number:
            match = next((p for p in free.values() if p["number"] == number), None)
            if match is not None:
                pairs[row.line] = free.pop(match["pk"])["pk"]
    for row in rows:
        if row.line in pairs:
            continue
        role_id = roles.get(row.data["position"].casefold())
        match = next(
            (
                p
                for p in free.values()
                if p["unit_id"] == row.data["unit_id"]
                and p["role_id"] == role_id
                and (not p["number"] or not row.data["number"])
            ),
            None,
        )
        if match is not None:
            pairs[row.line] = free.pop(match["pk"])["pk"]
    unpaired = [row for row in rows if row.line not in pairs]
    if len(unpaired) == 1 and len(free) == 1:
        post = next(iter(free.values()))
        if not post["number"] or not unpaired[0].data["number"]:
            pairs[unpaired[0].line] = free.pop(post["pk"])["pk"]
    by_pk = {post["pk"]: post for post in existing}
    person.posts = []
    for row in rows:
        pk = pairs.get(row.line)
        changed = True
        if pk is not None:
            post = by_pk[pk]
            data = row.data
            changed = (
                post["unit_id"] != data["unit_id"]
                or post["role_id"] != roles.get(data["position"].casefold())
                or (data["number"] and post["number"] != data["number"])
                or (data["category"] is not None and post["category"] != data["category"])
                or post["status"] != data["status"]
                or post["primary"] != (row is primary)
                or (data["started_on"] is not None and post["started_on"] != data["started_on"])
            )
        person.posts.append((row, pk, changed))
    person.missing_posts = [pk for pk, post in free.items() if post["status"] == "active"]
    person.demote = [pk for pk, post in free.items() if post["primary"]]


def _person_differs(current: dict, values: dict, roles: dict) -> bool:
    return (
        current["first_name"] != values["first_name"]
        or current["last_name"] != values["last_name"]
        or current["email"].lower() != values["email"].lower()
        or current["nmc_pin"] != values["nmc_pin"]
        or current["role_id"] != roles.get(values["position"].casefold())
        or current["unit_id"] != values["unit_id"]
        or current["status"] != values["status"]
        or (values["joined_on"] is not None and current["joined_on"] != values["joined_on"])
    )


PROFILE_VALUES = (
    "pk",
    "employee_number",
    "first_name",
    "last_name",
    "email",
    "nmc_pin",
    "role_id",
    "unit_id",
    "status",
    "joined_on",
    "user_id",
)
POST_VALUES = (
    "pk",
    "profile_id",
    "number",
    "unit_id",
    "role_id",
    "category",
    "status",
    "primary",
    "started_on",
)


def _validate(sheet: esr.Sheet, report: ImportReport, actor) -> None:
    units = _units_by_name()
    columns = set(sheet.columns)
    report.rows = [_parse_row(line, cells, units, columns) for line, cells in sheet.rows]
    grouped: dict[str, list[RowResult]] = defaultdict(list)
    for row in report.rows:
        if row.employee_number and EMPLOYEE_NUMBER.match(row.employee_number):
            grouped[row.employee_number].append(row)
    _group_checks(grouped)

    existing = {p["employee_number"]: p for p in StaffProfile.objects.values(*PROFILE_VALUES)}
    posts_of: dict[int, list[dict]] = defaultdict(list)
    for post in StaffAssignment.objects.values(*POST_VALUES):
        posts_of[post["profile_id"]].append(post)
    roles = {name.casefold(): pk for pk, name in JobRole.objects.values_list("pk", "name")}
    email_owner = {p["email"].lower(): n for n, p in existing.items() if p["email"]}
    number_of = {p["pk"]: n for n, p in existing.items()}
    post_owner = {
        post["number"]: number_of.get(post["profile_id"])
        for posts in posts_of.values()
        for post in posts
        if post["number"]
    }
    for number, rows in grouped.items():
        for row in rows:
            owner = post_owner.get(row.data["number"])
            if owner and owner != number:
                row.errors.append(
                    _("Assignment Number %(a)s belongs to employee %(n)s already.")
                    % {"a": row.data["number"], "n": owner}
                )
    # A row whose employee number cannot be read may still name one of someone's assignments:
    # then that person's rows are not all here, and they are held rather than half updated.
    for row in report.rows:
        owner = post_owner.get(row.data["number"])
        if row.employee_number not in grouped and owner in grouped:
            grouped[owner][0].errors.append(
                _(
                    "Line %(line)s holds this person's assignment %(a)s but no readable Employee "
                    "Number."
                )
                % {"line": row.line, "a": row.data["number"]}
            )
    email_in_file: dict[str, str] = {}
    for number, rows in grouped.items():
        email = next((row.data["email"] for row in rows if row.data["email"]), "")
        if not email:
            continue
        owner = email_owner.get(email)
        if owner and owner != number:
            rows[0].errors.append(_("Email belongs to employee %(n)s already.") % {"n": owner})
        if email_in_file.setdefault(email, number) != number:
            rows[0].errors.append(
                _("Email %(e)s appears twice in the file (employee %(n)s too).")
                % {"e": email, "n": email_in_file[email]}
            )

    for row in report.rows:
        if row.errors or row.employee_number not in grouped:  # a bad number has its error
            row.action = "error"
    for number, rows in grouped.items():
        person = PersonResult(employee_number=number, rows=rows)
        report.people.append(person)
        if any(row.errors for row in rows):
            person.action = "held"
            for row in rows:
                if not row.errors:
                    row.action = "held"
            continue
        current = existing.get(number)
        person.values, primary = _person_values(rows, current)
        person.primary_line = primary.line
        person.profile_id = current["pk"] if current else None
        _match_posts(person, primary, posts_of.get(person.profile_id, []), roles)
        if current is None:
            person.action = "create"
        elif _person_differs(current, person.values, roles) or any(
            changed for _r, _pk, changed in person.posts
        ):
            person.action = "update"
        else:
            person.action = "unchanged"
        for row in rows:
            row.action = person.action
        report.missing_posts.extend(person.missing_posts)

    # Leavers: active people in the importer's units whom the file does not mention at all.
    mentioned = {re.sub(r"\s", "", row.employee_number) for row in report.rows}
    # A row with no readable employee number could be anyone: then nobody can be called a leaver.
    report.unidentified = sum(1 for row in report.rows if row.employee_number not in grouped)
    paths = managed_unit_paths(actor) if getattr(actor, "pk", None) else None
    missing = (
        StaffProfile.objects.in_subtrees(paths)
        .filter(status=StaffProfile.Status.ACTIVE)
        .values_list("pk", "employee_number", "first_name", "last_name", "unit__name")
        .order_by("last_name", "first_name", "pk")
    )
    for pk, number, first, last, unit in missing.iterator(chunk_size=2000):
        if number in mentioned:
            continue
        report.missing_count += 1
        report.missing.append(Leaver(pk, number, f"{first} {last}", unit))


def _unlinked(report: ImportReport) -> dict[str, tuple[int, bool]]:
    """Accounts with the people's addresses: {address: (id, confirmed)}. A staff record is linked
    only to a confirmed account; a person whose address has an unconfirmed one is marked, so that
    someone who registered a colleague's address before ESR knew of them gets nothing."""
    emails = {p.values["email"].lower() for p in report.people if p.values.get("email")}
    found = {
        email: (pk, verified_at is not None)
        for email, pk, verified_at in User.objects.annotate(e=Lower("email"))
        .values_list("e", "pk", "email_verified_at")
        .iterator(chunk_size=5000)
        if email in emails
    }
    linked = set(
        StaffProfile.objects.filter(user__isnull=False).values_list("employee_number", flat=True)
    )
    for person in report.people:
        match = found.get(person.values.get("email", "").lower())
        unlinked = bool(match and not match[1] and person.employee_number not in linked)
        for row in person.rows:
            row.unlinked = unlinked
    return found


def staff_import(
    *,
    data: bytes,
    filename: str,
    actor,
    dry_run: bool = True,
    hold_problems: bool = False,
    source: str = StaffImport.Source.UPLOAD,
) -> ImportReport:
    """Check (and unless ``dry_run``, apply) an ESR staff file, CSV or XLSX.

    By default it is all or nothing: a file with any bad row changes nothing. With
    ``hold_problems`` the people whose rows are all good are imported and every row of a person
    with a problem is kept as a ``HeldRow`` for L&D to fix and re-import. Re-importing updates
    people by employee number and assignments by assignment number, and never duplicates them.
    People the file leaves out are only listed; ``staff_leavers_confirm`` marks them as left.
    """
    sheet = esr.read(data, filename)
    report = ImportReport(
        file_error=sheet.error, file_format=sheet.file_format, ignored_columns=sheet.ignored
    )
    if sheet.error:
        return report
    _validate(sheet, report, actor)
    users = _unlinked(report)
    if dry_run or not (report.ok or (hold_problems and report.importable)):
        return report
    try:
        record = _commit(
            report,
            users=users,
            actor=actor,
            data=data,
            filename=filename,
            source=source,
            file_format=sheet.file_format,
        )
    except IntegrityError:
        # Another import (or an edit) wrote the same employee number, address or assignment
        # number between this file's check and its commit: nothing of this file is kept.
        report.file_error = _(
            "Staff records changed while this file was being imported, perhaps by another "
            "import at the same moment. Nothing was imported from it: check it again."
        )
        return report
    report.committed = True
    report.record = record
    return report


def _commit(
    report: ImportReport, *, users, actor, data, filename, source, file_format
) -> StaffImport:
    with transaction.atomic(), staff_batch() as touched:
        record = _apply(report, users=users, actor=actor, touched=touched)
        record.source = source
        record.filename = filename[:255]
        record.sha256 = hashlib.sha256(data).hexdigest()
        record.file_format = file_format[:40]
        record.rows = len(report.rows)
        record.save()
        held = [
            HeldRow(
                staff_import=record,
                line=row.line,
                employee_number=row.employee_number[:200],
                name=row.name[:401],
                problems=row.errors
                or [_("Held with the other rows of the same employee, which have a problem.")],
                cells=row.cells,
            )
            for row in report.held_rows
        ]
        # What earlier imports held for these people is settled by this one: imported, or held
        # again just above.
        numbers = {row.employee_number for row in report.rows}
        settled = [
            pk
            for pk, number in HeldRow.objects.filter(resolved_at__isnull=True).values_list(
                "pk", "employee_number"
            )
            if number in numbers
        ]
        for start in range(0, len(settled), 500):
            HeldRow.objects.filter(pk__in=settled[start : start + 500]).update(
                resolved_at=timezone.now(), resolved_by=record
            )
        HeldRow.objects.bulk_create(held, batch_size=1000)
        record.held = len(held)
        record.save(update_fields=["held"])
        audit_record(
            actor=actor,
            action="staff.import",
            obj=record,
            source=record.source,
            format=record.file_format,
            rows=record.rows,
            created=record.created,
            updated=record.updated,
            unchanged=record.unchanged,
            held=record.held,
            assignments_created=record.posts_created,
            assignments_updated=record.posts_updated,
            not_in_file=len(record.missing_people),
        )
    return record


def _roles_for(people: list[PersonResult]) -> dict[str, int]:
    """Job roles by name (case-insensitive), made for positions not seen before."""
    wanted = {}
    for person in people:
        for row, _pk, _changed in person.posts:
            wanted.setdefault(row.data["position"].casefold(), row.data)
    roles = {name.casefold(): pk for pk, name in JobRole.objects.values_list("pk", "name")}
    new = {key: data for key, data in wanted.items() if key not in roles}
    if new:
        groups = {name.casefold(): pk for name, pk in StaffGroup.objects.values_list("name", "pk")}
        for data in new.values():
            key = data["staff_group"].casefold()
            if key not in groups:  # "registered nursing" is the Registered Nursing there is
                groups[key] = StaffGroup.objects.create(name=data["staff_group"]).pk
        JobRole.objects.bulk_create(
            [
                JobRole(
                    name=data["position"], staff_group_id=groups[data["staff_group"].casefold()]
                )
                for data in new.values()
            ],
            ignore_conflicts=True,
        )
        roles = {name.casefold(): pk for pk, name in JobRole.objects.values_list("pk", "name")}
    return roles


def _apply(report: ImportReport, *, users: dict, actor, touched: set) -> StaffImport:
    now = timezone.now()
    today = timezone.localdate()
    people = [p for p in report.people if p.action in ("create", "update")]
    roles = _roles_for(people)
    new_profiles, changed_profiles, keep_joined = [], [], []
    for person in people:
        values = person.values
        profile = StaffProfile(
            pk=person.profile_id,
            employee_number=person.employee_number,
            first_name=values["first_name"],
            last_name=values["last_name"],
            email=values["email"],
            nmc_pin=values["nmc_pin"],
            role_id=roles[values["position"].casefold()],
            unit_id=values["unit_id"],
            status=values["status"],
            joined_on=values["joined_on"] or today,
            updated_at=now,
        )
        if person.profile_id is None:
            new_profiles.append(profile)
        elif values["joined_on"]:
            changed_profiles.append(profile)
        else:  # the file gives no start date: the one Bridge holds stays
            keep_joined.append(profile)
    StaffProfile.objects.bulk_create(new_profiles, batch_size=500)
    fields = ["first_name", "last_name", "email", "nmc_pin", "role", "unit", "status", "updated_at"]
    _update_each(changed_profiles, [*fields, "joined_on"])
    _update_each(keep_joined, fields)
    pks, already, taken = {}, set(), set()  # ids; records linked; accounts linked
    for pk, number, user_id in StaffProfile.objects.values_list(
        "pk", "employee_number", "user_id"
    ).iterator(chunk_size=5000):
        pks[number] = pk
        if user_id:
            already.add(pk)
            taken.add(user_id)
    for person in people:
        person.profile_id = pks[person.employee_number]
        touched.add(person.profile_id)

    new_posts, changed_posts = [], []
    for person in people:
        for row, pk, changed in person.posts:
            if pk is not None and not changed:
                continue
            data = row.data
            post = StaffAssignment(
                pk=pk,
                profile_id=person.profile_id,
                number=data["number"],
                unit_id=data["unit_id"],
                role_id=roles[data["position"].casefold()],
                category=data["category"] or "",
                status=data["status"],
                primary=row.line == person.primary_line,
                started_on=data["started_on"],
                updated_at=now,
            )
            if pk is None:
                new_posts.append(post)
                continue
            # What the file does not give (a number, a category, a start date) stays as it is.
            fields = ["unit", "role", "status", "primary", "updated_at"]
            fields += [
                name
                for name, given in (
                    ("number", data["number"]),
                    ("category", data["category"] is not None),
                    ("started_on", data["started_on"]),
                )
                if given
            ]
            changed_posts.append((post, fields))
    # Demote first, so that two primaries never stand together for a moment.
    # (Not when a row could not be told whose it is: the primary left out may be in that row.)
    demote = [] if report.unidentified else [pk for person in people for pk in person.demote]
    for start in range(0, len(demote), 500):
        StaffAssignment.objects.filter(pk__in=demote[start : start + 500]).update(primary=False)
    for post, fields in changed_posts:
        _update_each([post], fields)
    StaffAssignment.objects.bulk_create(new_posts, batch_size=500)

    # Link records to confirmed accounts with their address; note the ones held back.
    links = []
    for person in people:
        email = person.values["email"].lower()
        match = users.get(email) if email else None
        if match is None or person.profile_id in already or match[0] in taken:
            continue  # an account linked to another record keeps that link
        if match[1]:
            taken.add(match[0])
            links.append(StaffProfile(pk=person.profile_id, user_id=match[0]))
        else:
            audit_record(
                actor=actor,
                action="staff.link_held",
                obj=StaffProfile(pk=person.profile_id),
                account=match[0],
            )
    _update_each(links, ["user"])

    return StaffImport(
        actor=actor if getattr(actor, "pk", None) else None,
        created=report.count("create"),
        updated=report.count("update"),
        unchanged=report.count("unchanged"),
        posts_created=report.post_count("new"),
        posts_updated=report.post_count("changed"),
        missing_people=[] if report.unidentified else [leaver.pk for leaver in report.missing],
        missing_posts=[] if report.unidentified else report.missing_posts,
    )


def _update_each(objects: list, fields: list[str]) -> None:
    """One UPDATE per row. Django's bulk_update writes a CASE per field and row, which costs far
    more to build than the statements it saves (10 s against 1 s for 2,000 rows here)."""
    for obj in objects:
        values = {}
        for name in fields:
            field = obj._meta.get_field(name)
            values[field.attname] = getattr(obj, field.attname)
        type(obj)._default_manager.filter(pk=obj.pk).update(**values)


def staff_leavers_confirm(*, actor, staff_import: StaffImport) -> int:
    """L&D confirm that the file was the whole staff in post: the people it left out are marked as
    left, and the assignments it left out are ended. Only for the latest import, and once.
    Returns the number of people marked as left."""
    with transaction.atomic(), staff_batch() as touched:
        record = StaffImport.objects.select_for_update().get(pk=staff_import.pk)
        if record.leavers_confirmed_at is not None:
            return 0
        if StaffImport.objects.filter(at__gt=record.at).exists():
            raise ValidationError(
                _(
                    "Another file has been imported since this one, so its list of people not "
                    "in the file may be out of date. Check your file again and confirm leavers "
                    "there."
                )
            )
        paths = managed_unit_paths(actor) if getattr(actor, "pk", None) else None
        leavers = list(
            StaffProfile.objects.in_subtrees(paths)
            .filter(pk__in=record.missing_people, status=StaffProfile.Status.ACTIVE)
            .values_list("pk", flat=True)
        )
        now = timezone.now()
        StaffProfile.objects.filter(pk__in=leavers).update(
            status=StaffProfile.Status.LEFT, updated_at=now
        )
        StaffAssignment.objects.filter(profile_id__in=leavers).update(
            status=StaffAssignment.Status.ENDED, updated_at=now
        )
        ended = StaffAssignment.objects.filter(
            pk__in=record.missing_posts, status=StaffAssignment.Status.ACTIVE
        )
        people_with_ended = set(ended.values_list("profile_id", flat=True))
        ended.update(status=StaffAssignment.Status.ENDED, primary=False, updated_at=now)
        for profile_id in people_with_ended:
            _settle_primary(profile_id)
        touched.update(leavers, people_with_ended)
        record.left = len(leavers)
        record.leavers_confirmed_at = now
        record.leavers_confirmed_by = actor if getattr(actor, "pk", None) else None
        record.save(update_fields=["left", "leavers_confirmed_at", "leavers_confirmed_by"])
        audit_record(
            actor=actor,
            action="staff.leavers",
            obj=record,
            left=len(leavers),
            assignments_ended=len(record.missing_posts),
        )
    return len(leavers)


def _settle_primary(profile_id: int) -> None:
    """After an assignment ends: the person's first active one becomes primary and decides their
    main unit and role; with none left, they have left."""
    posts = StaffAssignment.objects.filter(profile_id=profile_id)
    active = posts.filter(status=StaffAssignment.Status.ACTIVE).order_by("-primary", "pk").first()
    profile = StaffProfile.objects.get(pk=profile_id)
    if active is None:
        profile.status = StaffProfile.Status.LEFT
        profile.save(update_fields=["status", "updated_at"])
        return
    posts.exclude(pk=active.pk).filter(primary=True).update(primary=False)
    if not active.primary:
        active.primary = True
        active.save(update_fields=["primary", "updated_at"])
    profile.unit_id, profile.role_id = active.unit_id, active.role_id
    profile.save(update_fields=["unit", "role", "updated_at"])


@transaction.atomic
def staff_link_verified(*, user) -> StaffProfile | None:
    """Link the staff record with this address to the account whose owner has just proved the
    address is theirs (unless either is already linked). Returns the record linked, if any."""
    if user.email_verified_at is None or StaffProfile.objects.filter(user=user).exists():
        return None
    profile = (
        StaffProfile.objects.select_for_update()
        .filter(email__iexact=user.email, user__isnull=True)
        .order_by("pk")
        .first()
    )
    if profile is None:
        return None
    profile.user = user
    profile.save(update_fields=["user", "updated_at"])
    audit_record(actor=user, action="staff.linked", obj=profile, how="verified e-mail")
    return profile


@transaction.atomic
def staff_link_employee_number(*, user, employee_number: str, how: str) -> StaffProfile | None:
    """Link the staff record with this employee number to the account, when an identity provider
    the trust runs vouches for the number (single sign-on's claim). Never re-links a record or an
    account that is linked already. Returns the record linked, if any."""
    if not employee_number or StaffProfile.objects.filter(user=user).exists():
        return None
    profile = (
        StaffProfile.objects.select_for_update()
        .filter(employee_number=employee_number, user__isnull=True)
        .first()
    )
    if profile is None:
        return None
    profile.user = user
    if not profile.email and not StaffProfile.objects.filter(email__iexact=user.email).exists():
        profile.email = user.email  # the address they sign in with, if no one else's record has it
    profile.save(update_fields=["user", "email", "updated_at"])
    audit_record(actor=user, action="staff.linked", obj=profile, how=how)
    return profile


def staff_import_notify(*, report: ImportReport, filename: str) -> int:
    """E-mail the L&D managers who may open a nightly import what it did (counts, lines and
    problems; no names), or why the file could not be imported. Returns the number e-mailed."""
    candidates = User.objects.filter(is_active=True).exclude(email="")
    candidates = candidates.filter(is_superuser=True) | candidates.filter(groups__name=LD_MANAGERS)
    record = report.record
    # Those who may open a nightly import (superusers, L&D for a whole trust): its problem lines
    # can hold anyone's address.
    recipients = sorted({user.email for user in candidates.distinct() if sees_nightly(user)})
    if not recipients:
        return 0
    base = settings.BASE_URL.rstrip("/")
    context = {
        "report": report,
        "record": record,
        "filename": filename,
        "problems": report.error_rows[:50],
        "detail_url": base + reverse("organisation_admin:detail", args=[record.pk])
        if record
        else "",
        "held_url": base + reverse("organisation_admin:held"),
        "import_url": base + reverse("organisation_admin:import"),
    }
    subject = (
        _("ESR import of %(file)s: done")
        if report.committed
        else _("ESR import of %(file)s: not imported")
    ) % {"file": filename}
    send_mail(
        subject,
        render_to_string("organisation/email/esr_import.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        recipients,
    )
    return len(recipients)
