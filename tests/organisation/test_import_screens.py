"""The import's screens in the admin: check, choose (all, or hold the problems), confirm leavers,
the rows held for review and their CSV, the history; and the nightly command."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.roles import LD_MANAGERS, roles_setup
from organisation.models import HeldRow, ManagerScope, StaffImport, StaffProfile
from tests import builders

from .test_esr_files import BAD_PERSON, TWO_POSTS

pytestmark = pytest.mark.django_db
IMPORT = "/admin/staff-import/"


@pytest.fixture
def units():
    return builders.trust_tree()


@pytest.fixture
def ld(units):
    roles_setup(content_root=builders.home_page())
    manager = builders.make_user(email="ld@nhs.net", is_staff=True)
    manager.groups.add(Group.objects.get(name=LD_MANAGERS))
    ManagerScope.objects.create(user=manager, unit=units["trust"])
    return manager


def check(client, text, name="esr.csv", encoding="utf-8"):
    data = text if isinstance(text, bytes) else text.encode(encoding)
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, data)})


def token_of(response) -> str:
    html = response.content.decode()
    return html.split('name="token" value="', 1)[1].split('"', 1)[0]


def test_the_page_shows_the_column_table(client, ld):
    client.force_login(ld)
    html = client.get(IMPORT).content.decode()
    assert "Email Address" in html and "Assignment Number" in html
    assert "Primary Assignment" in html and "Assignment Category" in html


def test_a_file_with_problems_can_import_its_good_people_and_hold_the_rest(client, ld):
    client.force_login(ld)
    response = check(client, TWO_POSTS + BAD_PERSON)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Read as CSV, UTF-8: 5 rows." in html
    assert "Organisation &#x27;Narnia Ward&#x27; is not a unit" in html
    assert "Import the 2 people without problems and hold 2 rows for review" in html
    assert not StaffProfile.objects.exists()

    response = client.post(IMPORT, {"token": token_of(response), "mode": "hold"})
    record = StaffImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("organisation_admin:detail", args=[record.pk])
    assert StaffProfile.objects.count() == 2 and record.held == 2 and record.actor == ld
    detail = client.get(response["Location"]).content.decode()
    assert "Rows held for review" in detail and "60000001" in detail

    held = client.get(reverse("organisation_admin:held"))
    assert held.status_code == 200 and "Narnia Ward" in held.content.decode()
    download = client.get(reverse("organisation_admin:held_csv"))
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Problem", "Employee Number", "Assignment Number"]
    assert [row[2] for row in rows[1:]] == ["60000001", "60000001-2"]

    # Fixed in the downloaded file and imported again: the person is in, the rows are settled.
    fixed = check(client, text.replace("Narnia Ward", "Birch Ward"), name="held-rows.csv")
    assert "Columns not used: Problem." in fixed.content.decode()
    client.post(IMPORT, {"token": token_of(fixed), "mode": "all"})
    assert StaffProfile.objects.get(employee_number="60000001").posts.count() == 2
    assert not HeldRow.objects.filter(resolved_at__isnull=True).exists()
    assert (
        "No rows are held for review."
        in client.get(reverse("organisation_admin:held")).content.decode()
    )

    history = client.get(reverse("organisation_admin:history")).content.decode()
    assert "esr.csv" in history


def test_a_clean_file_imports_all_and_a_token_is_used_once(client, ld):
    client.force_login(ld)
    response = check(client, TWO_POSTS)
    assert "Import these people" in response.content.decode()
    token = token_of(response)
    assert client.post(IMPORT, {"token": token, "mode": "all"}).status_code == 302
    again = client.post(IMPORT, {"token": token, "mode": "all"}, follow=True)
    assert "The checked file has expired" in again.content.decode()
    assert StaffImport.objects.count() == 1


def test_a_forged_token_changes_nothing(client, ld):
    client.force_login(ld)
    response = client.post(IMPORT, {"token": "0" * 64, "mode": "all"}, follow=True)
    assert "The checked file has expired" in response.content.decode()
    assert not StaffImport.objects.exists()


def test_a_file_that_cannot_be_read_is_a_400(client, ld):
    client.force_login(ld)
    response = check(client, b"\xd0\xcf\x11\xe0" + b"\x00" * 64, name="old.xls")
    assert response.status_code == 400
    assert "older Excel file" in response.content.decode()


def test_leavers_are_listed_and_marked_only_when_the_box_is_ticked(client, ld, units):
    client.force_login(ld)
    gone = builders.staff(units["maple"], employee_number="90000001", first_name="Ivy")
    response = check(client, TWO_POSTS)
    html = response.content.decode()
    assert "Active people not in this file" in html and "90000001" in html
    client.post(IMPORT, {"token": token_of(response), "mode": "all"})
    gone.refresh_from_db()
    assert gone.status == "active"

    # From the import's page, later.
    record = StaffImport.objects.get()
    detail = reverse("organisation_admin:detail", args=[record.pk])
    page = client.get(detail).content.decode()
    assert "mark 1 person as left" in page
    assert client.post(detail).status_code == 302
    gone.refresh_from_db()
    assert gone.status == "left"
    assert "Confirmed by" not in page  # the page before confirming offered the button


def test_leavers_ticked_at_import(client, ld, units):
    client.force_login(ld)
    gone = builders.staff(units["maple"], employee_number="90000001")
    response = check(client, TWO_POSTS)
    client.post(IMPORT, {"token": token_of(response), "mode": "all", "leavers": "confirm"})
    gone.refresh_from_db()
    assert gone.status == "left" and StaffImport.objects.get().left == 1


def test_another_managers_import_is_not_found(client, ld, units):
    client.force_login(ld)
    client.post(IMPORT, {"token": token_of(check(client, TWO_POSTS)), "mode": "all"})
    record = StaffImport.objects.get()
    other = builders.make_user(email="ld2@nhs.net", is_staff=True)
    other.groups.add(Group.objects.get(name=LD_MANAGERS))
    ManagerScope.objects.create(user=other, unit=units["older"])
    client.force_login(other)
    detail = reverse("organisation_admin:detail", args=[record.pk])
    assert client.get(detail).status_code == 404
    assert client.post(detail).status_code == 404
    assert "esr.csv" not in client.get(reverse("organisation_admin:history")).content.decode()


def test_an_xlsx_upload(client, ld):
    import openpyxl

    book = openpyxl.Workbook()
    for line in TWO_POSTS.splitlines():
        book.active.append(line.split(","))
    data = io.BytesIO()
    book.save(data)
    client.force_login(ld)
    response = check(client, data.getvalue(), name="staff.xlsx")
    assert "Read as Excel workbook (.xlsx): 3 rows." in response.content.decode()


# The nightly command -----------------------------------------------------------------------


def test_the_nightly_command_imports_a_drop_folder_once_and_emails_ld(tmp_path, ld, mailoutbox):
    (tmp_path / "staff-in-post.csv").write_text(TWO_POSTS + BAD_PERSON)
    (tmp_path / "notes.txt").write_text("not a staff file")
    out = io.StringIO()
    call_command("esr_import", str(tmp_path), stdout=out)
    assert "staff-in-post.csv: imported: 2 new" in out.getvalue()
    assert "2 rows held" in out.getvalue()
    record = StaffImport.objects.get()
    assert record.source == "command" and record.actor is None and record.held == 2
    [message] = mailoutbox
    assert message.to == ["ld@nhs.net"]
    assert "Rows held for review: 2" in message.body and "Line 6:" in message.body
    assert "Gus" not in message.body  # counts, lines and problems; no names

    out = io.StringIO()
    call_command("esr_import", str(tmp_path / "staff-in-post.csv"), stdout=out)
    assert "already imported, skipped" in out.getvalue()
    assert StaffImport.objects.count() == 1 and len(mailoutbox) == 1
    assert HeldRow.objects.filter(resolved_at__isnull=True).count() == 2


def test_the_nightly_command_never_marks_leavers(tmp_path, ld, units, mailoutbox):
    gone = builders.staff(units["maple"], employee_number="90000001")
    (tmp_path / "esr.csv").write_text(TWO_POSTS)
    call_command("esr_import", str(tmp_path), stdout=io.StringIO())
    gone.refresh_from_db()
    assert gone.status == "active"
    assert "Nobody has been marked as left" in mailoutbox[0].body
    assert StaffImport.objects.get().missing_people == [gone.pk]


def test_the_nightly_command_all_or_nothing_fails_loudly(tmp_path, ld, mailoutbox):
    (tmp_path / "esr.csv").write_text(TWO_POSTS + BAD_PERSON)
    with pytest.raises(CommandError):
        call_command("esr_import", str(tmp_path), "--all-or-nothing", stdout=io.StringIO())
    assert not StaffProfile.objects.exists()
    assert "not imported" in mailoutbox[0].subject and "Line 6:" in mailoutbox[0].body


def test_the_nightly_command_dry_run_changes_nothing(tmp_path, ld, mailoutbox):
    (tmp_path / "esr.csv").write_text(TWO_POSTS)
    out = io.StringIO()
    call_command("esr_import", str(tmp_path / "esr.csv"), "--dry-run", stdout=out)
    assert "checked, not imported: 2 new" in out.getvalue()
    assert not StaffProfile.objects.exists() and mailoutbox == []


def test_the_nightly_command_refuses_a_missing_path(tmp_path):
    with pytest.raises(CommandError, match="neither a file nor a folder"):
        call_command("esr_import", str(tmp_path / "nowhere"))


def test_the_nightly_task_imports_the_drop_folder(tmp_path, ld, settings, mailoutbox):
    from organisation.tasks import import_drop_folder

    settings.BRIDGE_ESR_DROP_FOLDER = ""
    assert import_drop_folder.delay().get() == "no drop folder"
    (tmp_path / "esr.csv").write_text(TWO_POSTS)
    settings.BRIDGE_ESR_DROP_FOLDER = str(tmp_path)
    assert "esr.csv: imported: 2 new" in import_drop_folder.delay().get()
    assert "already imported" in import_drop_folder.delay().get()
    assert StaffProfile.objects.count() == 2 and len(mailoutbox) == 1


def test_the_hold_button_counts_in_words(client, ld):
    client.force_login(ld)
    one = TWO_POSTS.rsplit("20000001", 1)[0].rsplit("\n", 1)[0] + "\n"  # Ama alone
    html = check(client, one + BAD_PERSON.splitlines()[1] + "\n").content.decode()
    assert "Import the 1 person without problems and hold 1 row for review" in html


def test_marking_leavers_at_import_needs_the_change_permission(client, units):
    from django.contrib.auth.models import Permission

    importer = builders.make_user(email="importer@nhs.net", is_staff=True)
    importer.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="add_staffprofile"),
    )
    ManagerScope.objects.create(user=importer, unit=units["trust"])
    gone = builders.staff(units["maple"], employee_number="90000001")
    client.force_login(importer)
    response = check(client, TWO_POSTS)
    assert 'name="leavers"' not in response.content.decode()
    client.post(IMPORT, {"token": token_of(response), "mode": "all", "leavers": "confirm"})
    gone.refresh_from_db()
    assert gone.status == "active" and StaffImport.objects.get().left == 0


def test_the_person_page_lists_their_assignments_and_says_when_there_is_no_address(client, ld):
    from .test_esr_files import NO_EMAIL

    client.force_login(ld)
    for text in (TWO_POSTS, NO_EMAIL):
        client.post(IMPORT, {"token": token_of(check(client, text)), "mode": "all"})
    ama = StaffProfile.objects.get(employee_number="12345678")
    html = client.get(reverse("tracking_admin:person", args=[ama.pk])).content.decode()
    assert "ESR assignments" in html and "12345678-2" in html and "Bank" in html
    assert html.index("Aspen Ward</td>") < html.index("Maple Ward</td>")  # primary first
    dev = StaffProfile.objects.get(employee_number="40000001")
    html = client.get(reverse("tracking_admin:person", args=[dev.pk])).content.decode()
    assert "a staff record with no sign-in yet" in html
