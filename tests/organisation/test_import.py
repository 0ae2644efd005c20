"""The ESR import: good file, re-import, every kind of bad row, and all-or-nothing commits."""

import pytest

from accounts.models import AuditEvent
from organisation.models import StaffImport, StaffProfile
from organisation.services import staff_import
from tests import builders

pytestmark = pytest.mark.django_db

HEADER = "Employee Number,First Name,Last Name,Email,Position Title,Organisation,Staff Group,Assignment Status\n"
GOOD = (
    HEADER
    + "100001,Ama,Mensah,ama.mensah@nhs.net,Staff Nurse,Aspen Ward,Registered Nursing,Active Assignment\n"
    + "100002,Ben,Hughes,ben.hughes@nhs.net,Healthcare Assistant,Birch Ward,Support to Clinical,Active Assignment\n"
    + '100003,"Siân","O\'Connor-Ñúñez",sian@nhs.net,Charge Nurse,Maple Ward,Registered Nursing,Terminate Assignment\n'
)


@pytest.fixture
def units():
    return builders.trust_tree()


def run(text, dry_run=False, encoding="utf-8", actor=None):
    return staff_import(
        data=text.encode(encoding), filename="esr.csv", actor=actor, dry_run=dry_run
    )


def test_dry_run_reports_and_changes_nothing(units):
    report = run(GOOD, dry_run=True)
    assert report.ok and not report.committed
    assert [r.action for r in report.rows] == ["create", "create", "create"]
    assert not StaffProfile.objects.exists()


def test_good_file_imports_and_links_existing_accounts(units, staff_admin):
    user = builders.make_user(email="ama.mensah@nhs.net")
    report = run(GOOD, actor=staff_admin)
    assert report.committed
    ama = StaffProfile.objects.get(employee_number="100001")
    assert ama.unit == units["aspen"] and ama.role.staff_group.name == "Registered Nursing"
    assert ama.user == user
    assert StaffProfile.objects.get(employee_number="100003").status == "left"
    assert StaffProfile.objects.get(employee_number="100003").first_name == "Siân"
    record = StaffImport.objects.get()
    assert (record.created, record.updated, record.unchanged) == (3, 0, 0)
    assert AuditEvent.objects.filter(action="staff.import", actor=staff_admin).exists()


def test_reimport_updates_and_never_duplicates(units):
    run(GOOD)
    moved = GOOD.replace("Aspen Ward", "Maple Ward", 1)
    report = run(moved)
    assert [r.action for r in report.rows] == ["update", "unchanged", "unchanged"]
    assert StaffProfile.objects.count() == 3
    assert StaffProfile.objects.get(employee_number="100001").unit == units["maple"]


@pytest.mark.parametrize(
    "row,message",
    [
        (
            '100009,=HYPERLINK("x"),B,b9@nhs.net,Staff Nurse,Aspen Ward,Registered Nursing,Active Assignment',
            "looks like a spreadsheet formula",
        ),
        (
            "100009,@SUM(A1),B,b9@nhs.net,Staff Nurse,Aspen Ward,Registered Nursing,Active Assignment",
            "looks like a spreadsheet formula",
        ),
        (
            "100009,A,B,not-an-email,Staff Nurse,Aspen Ward,Registered Nursing,Active Assignment",
            "valid e-mail",
        ),
        (
            "100009,A,B,b9@nhs.net,Staff Nurse,Narnia Ward,Registered Nursing,Active Assignment",
            "not a unit",
        ),
        (
            "100009,A,B,b9@nhs.net,Staff Nurse,Aspen Ward,Registered Nursing,Sometimes",
            "not recognised",
        ),
        (
            "100009,,B,b9@nhs.net,Staff Nurse,Aspen Ward,Registered Nursing,Active Assignment",
            "First Name is empty",
        ),
        (
            "100001,A,B,b9@nhs.net,Staff Nurse,Aspen Ward,Registered Nursing,Active Assignment",
            "appears twice",
        ),
        (
            "100009,A,B,ama.mensah@nhs.net,Staff Nurse,Aspen Ward,Registered Nursing,Active Assignment",
            "appears twice",
        ),
        (
            "10 0009,A,B,b9@nhs.net,Staff Nurse,Aspen Ward,Registered Nursing,Active Assignment",
            "letters, digits and dashes",
        ),
        (
            "100009,"
            + "A" * 300
            + ",B,b9@nhs.net,Staff Nurse,Aspen Ward,Registered Nursing,Active Assignment",
            "First Name is longer than 150",
        ),
        (
            "100009,A,B,b9@nhs.net,Staff Nurse,Aspen Ward,Registered Nursing,Active Assignment,extra",
            "more cells than the header",
        ),
    ],
)
def test_each_bad_row_is_reported_with_its_line_and_nothing_changes(units, row, message):
    report = run(GOOD + row + "\n")
    assert not report.committed
    bad = report.error_rows
    assert len(bad) == 1 and bad[0].line == 5
    assert message in " ".join(bad[0].errors)
    assert not StaffProfile.objects.exists()  # the three good rows were not imported either


def test_an_email_that_belongs_to_someone_else_is_refused(units):
    run(GOOD)
    clash = (
        HEADER
        + "100050,Zed,Z,ama.mensah@nhs.net,Staff Nurse,Aspen Ward,Registered Nursing,Active Assignment\n"
    )
    report = run(clash)
    assert "belongs to employee 100001" in report.error_rows[0].errors[0]


@pytest.mark.parametrize(
    "data,message",
    [
        (b"Name,Email\nA,a@nhs.net\n", "columns are missing"),
        (HEADER.encode() + b"100009,A\x81\x8d,B,,Nurse,Aspen Ward,Nursing,Active\n", "not UTF-8"),
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "older Excel file"),
        (b"PK\x03\x04not really a workbook", "could not be read as an Excel workbook"),
        (b"  \n", "empty"),
        (b"Title only\nNothing, here\n", "No header row"),
        (HEADER.strip().encode() + b",Email Address\n", "both mean Email"),
        (b"\x00\x01binary" + GOOD.encode(), "binary"),
        (b"x" * (20 * 1024 * 1024 + 1), "larger than 20 MB"),
        ((HEADER + '1,"unterminated\n').encode() + b"a" * 200000, "could not be read"),
    ],
)
def test_hostile_files_get_a_clear_message(units, data, message):
    report = staff_import(data=data, filename="x.csv", actor=None, dry_run=False)
    assert message in report.file_error
    assert not StaffProfile.objects.exists()


def test_a_byte_order_mark_is_fine(units):
    report = staff_import(
        data=GOOD.encode("utf-8-sig"), filename="x.csv", actor=None, dry_run=False
    )
    assert report.committed and StaffProfile.objects.count() == 3
