"""Writes to the organisation: the ESR staff import (dry run first, then all or nothing)."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import audit_record
from core.spreadsheets import FORMULA_START

from .models import JobRole, OrgUnit, StaffGroup, StaffImport, StaffProfile
from .signals import staff_batch

ESR_COLUMNS = (
    "Employee Number",
    "First Name",
    "Last Name",
    "Email",
    "Position Title",
    "Organisation",
    "Staff Group",
    "Assignment Status",
)
OPTIONAL_COLUMNS = ("NMC PIN", "Assignment Start Date")
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_CELL = 200
ACTIVE = {"active assignment", "active", "acting up", "suspend assignment", "secondment"}
LEFT = {"terminate assignment", "terminated", "left", "inactive", "end of fixed term"}
EMPLOYEE_NUMBER = re.compile(r"^[A-Za-z0-9-]{1,20}$")


@dataclasses.dataclass
class RowResult:
    line: int
    employee_number: str
    name: str = ""
    action: str = ""
    errors: list[str] = dataclasses.field(default_factory=list)
    data: dict = dataclasses.field(default_factory=dict)
    # An account with this row's address that has not been confirmed: not linked, shown to L&D.
    held: bool = False


@dataclasses.dataclass
class ImportReport:
    rows: list[RowResult] = dataclasses.field(default_factory=list)
    file_error: str = ""
    committed: bool = False

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def error_rows(self) -> list[RowResult]:
        return [row for row in self.rows if row.errors]

    @property
    def held_rows(self) -> list[RowResult]:
        return [row for row in self.rows if row.held]

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.error_rows


def _read(data: bytes) -> tuple[list[dict], str]:
    if len(data) > MAX_BYTES:
        return [], _("The file is larger than 5 MB. Split it and import each part.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], _("The file is not UTF-8 text. In Excel, save it as 'CSV UTF-8'.")
    if "\x00" in text:
        return [], _("The file contains binary data. Export a CSV file from ESR.")
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = [name.strip() for name in (reader.fieldnames or [])]
        missing = [column for column in ESR_COLUMNS if column not in header]
        if missing:
            return [], _("These columns are missing: %(columns)s.") % {
                "columns": ", ".join(missing)
            }
        reader.fieldnames = header
        rows = []
        for row in reader:
            if len(rows) >= MAX_ROWS:
                return [], _("The file has more than %(n)s rows.") % {"n": MAX_ROWS}
            rows.append(row)
    except csv.Error as error:
        return [], _("The file could not be read as CSV: %(error)s.") % {"error": error}
    return rows, ""


def _cell(row: dict, column: str, errors: list[str]) -> str:
    value = row.get(column)
    if value is None:
        return ""
    if isinstance(value, list):  # more cells than headers in this row
        errors.append(_("This row has more cells than the header."))
        return ""
    value = value.strip()
    if value.startswith(FORMULA_START):
        errors.append(_("%(column)s looks like a spreadsheet formula.") % {"column": column})
        return ""
    if len(value) > MAX_CELL:
        errors.append(
            _("%(column)s is longer than %(n)s characters.") % {"column": column, "n": MAX_CELL}
        )
        return ""
    return value


def _units_by_name() -> dict[str, OrgUnit]:
    units = {}
    for unit in OrgUnit.objects.all():
        units.setdefault(unit.name.casefold(), unit)
        if unit.esr_name:
            units[unit.esr_name.casefold()] = unit
    return units


def _validate(rows: list[dict]) -> list[RowResult]:
    units = _units_by_name()
    existing = {p.employee_number: p for p in StaffProfile.objects.select_related("role", "unit")}
    email_owner = {p.email.lower(): p.employee_number for p in existing.values()}
    seen_numbers, seen_emails = set(), set()
    results = []
    for line, row in enumerate(rows, start=2):  # line 1 is the header
        errors: list[str] = []
        if None in row:
            errors.append(_("This row has more cells than the header."))
        values = {column: _cell(row, column, errors) for column in ESR_COLUMNS + OPTIONAL_COLUMNS}
        number = values["Employee Number"]
        result = RowResult(
            line=line, employee_number=number, name=f"{values['First Name']} {values['Last Name']}"
        )
        for column in ESR_COLUMNS:
            if not values[column] and not any(column in e for e in errors):
                errors.append(_("%(column)s is empty.") % {"column": column})
        if number and not EMPLOYEE_NUMBER.match(number):
            errors.append(_("Employee Number may only hold letters, digits and dashes."))
        if number in seen_numbers:
            errors.append(_("Employee Number %(n)s appears twice in the file.") % {"n": number})
        seen_numbers.add(number)
        email = values["Email"].lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                errors.append(_("Email is not a valid e-mail address."))
            if email in seen_emails:
                errors.append(_("Email %(e)s appears twice in the file.") % {"e": email})
            owner = email_owner.get(email)
            if owner and owner != number:
                errors.append(_("Email belongs to employee %(n)s already.") % {"n": owner})
            seen_emails.add(email)
        unit = units.get(values["Organisation"].casefold()) if values["Organisation"] else None
        if values["Organisation"] and unit is None:
            errors.append(
                _("Organisation '%(o)s' is not a unit in Bridge.") % {"o": values["Organisation"]}
            )
        status_text = values["Assignment Status"].casefold()
        if status_text in ACTIVE:
            status = StaffProfile.Status.ACTIVE
        elif status_text in LEFT:
            status = StaffProfile.Status.LEFT
        else:
            status = None
            if status_text:
                errors.append(
                    _("Assignment Status '%(s)s' is not recognised.")
                    % {"s": values["Assignment Status"]}
                )
        joined = None
        if values["Assignment Start Date"]:
            try:
                joined = timezone.datetime.fromisoformat(values["Assignment Start Date"]).date()
            except ValueError:
                errors.append(_("Assignment Start Date must be a date like 2026-03-31."))
        result.errors = errors
        if not errors:
            result.data = {
                "employee_number": number,
                "first_name": values["First Name"],
                "last_name": values["Last Name"],
                "email": email,
                "nmc_pin": values["NMC PIN"].upper(),
                "position": values["Position Title"],
                "staff_group": values["Staff Group"],
                "unit": unit,
                "status": status,
                "joined_on": joined,
            }
            current = existing.get(number)
            if current is None:
                result.action = "create"
            elif _differs(current, result.data):
                result.action = "update"
            else:
                result.action = "unchanged"
        else:
            result.action = "error"
        results.append(result)
    return results


def _differs(profile: StaffProfile, data: dict) -> bool:
    return (
        profile.first_name != data["first_name"]
        or profile.last_name != data["last_name"]
        or profile.email.lower() != data["email"]
        or (data["nmc_pin"] and profile.nmc_pin != data["nmc_pin"])
        or profile.role.name != data["position"]
        or profile.unit_id != data["unit"].pk
        or profile.status != data["status"]
        or (data["joined_on"] is not None and profile.joined_on != data["joined_on"])
    )


def _accounts_for(rows: list[RowResult]) -> dict[str, tuple[int, bool]]:
    """Accounts with the rows' addresses: {address: (id, confirmed)}. A staff record is linked
    only to a confirmed account; a row whose address has an unconfirmed one is marked held, so
    that someone who registered a colleague's address before ESR knew of them gets nothing."""
    emails = [r.data["email"] for r in rows if r.data.get("email")]
    found = {
        email: (pk, verified_at is not None)
        for email, pk, verified_at in User.objects.annotate(e=Lower("email"))
        .filter(e__in=emails)
        .values_list("e", "pk", "email_verified_at")
    }
    linked = set(
        StaffProfile.objects.filter(
            employee_number__in=[r.employee_number for r in rows], user__isnull=False
        ).values_list("employee_number", flat=True)
    )
    for row in rows:
        match = found.get(row.data.get("email", ""))
        row.held = bool(match and not match[1] and row.employee_number not in linked)
    return found


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


def staff_import(*, data: bytes, filename: str, actor, dry_run: bool = True) -> ImportReport:
    """Check (and unless ``dry_run``, apply) an ESR staff file. A file with any bad row changes
    nothing; re-importing updates people by employee number and never duplicates them."""
    rows, file_error = _read(data)
    report = ImportReport(file_error=file_error)
    if file_error:
        return report
    report.rows = _validate(rows)
    users = _accounts_for(report.rows)
    if dry_run or not report.ok:
        return report
    with transaction.atomic(), staff_batch() as touched:
        groups = {}
        for row in report.rows:
            if row.action == "unchanged":
                continue
            values = row.data
            group = groups.get(values["staff_group"])
            if group is None:
                group, _created = StaffGroup.objects.get_or_create(name=values["staff_group"])
                groups[values["staff_group"]] = group
            role, _created = JobRole.objects.get_or_create(
                name=values["position"], defaults={"staff_group": group}
            )
            defaults = {
                "first_name": values["first_name"],
                "last_name": values["last_name"],
                "email": values["email"],
                "role": role,
                "unit": values["unit"],
                "status": values["status"],
            }
            if values["nmc_pin"]:
                defaults["nmc_pin"] = values["nmc_pin"]
            if values["joined_on"]:
                defaults["joined_on"] = values["joined_on"]
            profile, created = StaffProfile.objects.update_or_create(
                employee_number=values["employee_number"],
                defaults=defaults,
                create_defaults={
                    **defaults,
                    "joined_on": values["joined_on"] or timezone.localdate(),
                },
            )
            if profile.user_id is None and values["email"] in users:
                user_id, verified = users[values["email"]]
                if verified:
                    profile.user_id = user_id
                    profile.save(update_fields=["user"])
                else:
                    audit_record(
                        actor=actor, action="staff.link_held", obj=profile, account=user_id
                    )
            touched.add(profile.pk)
        record = StaffImport.objects.create(
            actor=actor if getattr(actor, "pk", None) else None,
            filename=filename[:255],
            sha256=hashlib.sha256(data).hexdigest(),
            created=report.count("create"),
            updated=report.count("update"),
            unchanged=report.count("unchanged"),
        )
        audit_record(
            actor=actor,
            action="staff.import",
            obj=record,
            created=record.created,
            updated=record.updated,
            unchanged=record.unchanged,
        )
    report.committed = True
    return report
