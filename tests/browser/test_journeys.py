"""The journeys people take through Bridge, in a real browser, with accessibility scans."""

import io
import re

import pypdf
import pytest
from django.utils import timezone

from courses import services as course_services
from courses.models import CoursePage, ModulePage
from quizzes import services as quiz_services
from tests import builders
from tests.support.oidc import oidc_provider  # noqa: F401 (a fixture)

from .helpers import (
    fill_with_keyboard,
    fill_with_mouse,
    open_attempt,
    right_answers,
    tab_to,
)

# Each journey starts from the migrated database (Wagtail root page, site, collection) again.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAIL = "journey.nurse@nhs.net"
PASSWORD = "harbour-willow-copper-7"


def register(journey, page):
    page.goto(journey.url("/accounts/register/"))
    journey.check("register")
    page.fill("#id_first_name", "Siân")
    page.fill("#id_last_name", "O'Connor")
    page.fill("#id_email", EMAIL)
    page.fill("#id_job_title", "Staff nurse")
    page.select_option("#id_registration_body", "nmc")
    page.fill("#id_registration_number", "12A3456E")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/check-your-email/")
    journey.check("check-email")
    # The link in the e-mail (sent by the live server, kept by the locmem backend).
    from django.core import mail

    link = next(
        re.search(r"https?://\S+", message.body).group(0)
        for message in reversed(mail.outbox)
        if EMAIL in message.to
    )
    page.goto(link)
    journey.check("confirm-email")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/my-training/")


def modules():
    course = CoursePage.objects.get(slug="working-with-imhas")
    return course, list(ModulePage.objects.live_in(course))


def finish_other_modules(email, module_pages):
    """Modules 2-5 are completed on the server, to keep the journey short."""
    from accounts.models import User

    user = User.objects.get(email=email)
    for module in module_pages:
        attempt = quiz_services.attempt_start(
            user=user, quiz=module.knowledge_quiz(), context_id=module.pk
        )
        course_services.module_quiz_submit(
            user=user, module=module, attempt=attempt, answers=right_answers(attempt)
        )


def learner_journey(journey, page, *, phone=False):
    check = journey.no_horizontal_scroll if phone else (lambda label: None)
    register(journey, page)
    journey.check("my-training")
    check("my-training")
    course, module_pages = modules()
    page.click(f"a:has-text('{course.title}') >> nth=0")
    journey.check("course")
    check("course")
    page.click(f"a:has-text('{module_pages[0].title}')")
    page.wait_for_url(f"**{module_pages[0].url}")
    journey.check("module-1")
    check("module-1")

    # The film pauses at its first checkpoint; answer it where it appears, then carry on.
    # Skipping ahead is blocked on this film, so play it from the start at four times the speed.
    page.evaluate(
        "() => { const v = document.querySelector('video'); v.muted = true; "
        "v.playbackRate = 4; v.play(); }"
    )
    slot_form = page.locator("[data-checkpoint-slot] form[data-checkpoint]")
    slot_form.wait_for(state="visible", timeout=20000)
    assert page.evaluate("() => document.querySelector('video').paused")
    journey.shot("checkpoint")
    question_id = slot_form.get_attribute("data-question-id")
    slot_form.locator(
        f'label[for="{slot_form.locator("input[type=radio][value=false]").get_attribute("id")}"]'
    ).click()
    slot_form.locator("button[type=submit]").click()
    slot_form.locator("text=Correct.").wait_for()
    slot_form.locator("[data-resume]").click()
    assert question_id
    page.wait_for_function("() => !document.querySelector('video').paused")
    page.evaluate("() => document.querySelector('video').pause()")
    page.click("text=I have read the transcript instead")

    # The knowledge check: a wrong answer first, then the rewatch link, then a pass.
    knowledge = page.locator("section[id^=quiz-]", has_text="Knowledge check")
    knowledge.locator("button:has-text('Start')").click()
    page.locator("form[data-autosave-url]").wait_for()  # the server has made the attempt
    attempt = open_attempt(EMAIL, "knowledge")
    answers = right_answers(attempt)
    wrong = dict(answers)
    for question in attempt.questions():
        if hasattr(question, "correct_answer"):  # every true/false answered wrongly: below 80%
            wrong[question.pk] = ["true" if not question.correct_answer else "false"]
    fill_with_mouse(page, wrong)
    journey.check("quiz-answered")
    check("quiz")
    page.click("button:has-text('Submit answers')")
    page.wait_for_url("**/quiz/attempts/*/")
    assert "Not passed yet" in page.content()
    journey.check("result-not-passed")
    rewatch = page.locator("a:has-text('Rewatch')").first
    rewatch.click()
    page.wait_for_url(re.compile(r".*\?t=\d+#film"))
    knowledge = page.locator("section[id^=quiz-]", has_text="Knowledge check")
    knowledge.locator("button:has-text('Take it again')").click()
    page.locator("form[data-autosave-url]").wait_for()
    fill_with_mouse(page, right_answers(open_attempt(EMAIL, "knowledge")))
    page.click("button:has-text('Submit answers')")
    page.wait_for_url("**/quiz/attempts/*/")
    assert "You passed" in page.content()
    journey.check("result-passed")
    check("result")

    # The after-course questionnaire on the last module, then the rest done on the server (with
    # no page open that could write at the same moment: SQLite allows one writer).
    page.goto("about:blank")
    finish_other_modules(EMAIL, module_pages[1:])
    page.goto(journey.url(module_pages[-1].url))
    after = page.locator("section[id^=quiz-]", has_text="your views now")
    after.locator("button:has-text('Start')").click()
    page.locator("form[data-autosave-url]").wait_for()
    fill_with_mouse(page, right_answers(open_attempt(EMAIL, "attitude_post")))
    page.click("button:has-text('Submit answers')")
    page.wait_for_url("**/quiz/attempts/*/")
    journey.check("attitudes-after")

    # The certificate: download it, read its code, and prove it on the verify page.
    page.goto(journey.url("/my-training/"))
    journey.check("my-training-complete")
    check("my-training-complete")
    with page.expect_download() as download_info:
        page.click("a:has-text('Download your certificate')")
    pdf = download_info.value.path().read_bytes()
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "Siân O'Connor" in text
    # The code as printed, in groups, typed in lower case as someone might.
    code = re.search(r"[0-9A-Z]{4}(?:-[0-9A-Z]{4}){6}", text.split("Verification code")[-1]).group(
        0
    )
    (journey.folder / "certificate.pdf").write_bytes(pdf)
    page.goto(journey.url("/verify/"))
    journey.check("verify-form")
    page.fill("#code", code.lower())
    page.click("button:has-text('Check')")
    page.wait_for_url(f"**/verify/{code.replace('-', '')}/")
    assert "This certificate is valid" in page.content()
    journey.check("verify-valid")
    check("verify-valid")

    # The same certificate as an Open Badge, from the CPD record, checked as a file.
    page.goto(journey.url("/cpd/"))
    with page.expect_download() as download_info:
        page.click("a:has-text('Open Badge')")
    badge = download_info.value.path()
    assert badge.read_bytes().count(b".") == 2  # a compact JWS
    page.goto(journey.url("/verify/"))
    page.set_input_files("#credential", str(badge))
    page.click("button:has-text('Check the file')")
    page.wait_for_load_state()
    assert "The credential file you checked is genuine" in page.content()
    journey.check("verify-credential")


def test_learner(journey, page):
    learner_journey(journey, page)


def test_learner_phone(journey, page):
    page.set_viewport_size({"width": 390, "height": 844})
    learner_journey(journey, page, phone=True)


def test_learner_keyboard_only(journey, page):
    """Sign in, open a module, and pass its knowledge check with the keyboard alone."""
    user = builders.make_user(email="keys@nhs.net", first_name="Kay")
    _course, module_pages = modules()
    module = module_pages[1]  # gaps, matching, single choice and true/false
    page.goto(journey.url("/accounts/sign-in/"))
    tab_to(page, lambda e: e["id"] == "id_username")
    page.keyboard.type(user.email)
    page.keyboard.press("Tab")
    page.keyboard.type(builders.PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/my-training/")
    page.goto(journey.url(module.url))
    skip = tab_to(page, lambda e: e["text"].startswith("Skip to main content"))
    assert skip["tag"] == "A"
    page.keyboard.press("Enter")
    start = tab_to(page, lambda e: e["tag"] == "BUTTON" and e["text"].startswith("Start"))
    assert start["outline"] != "none none", "the focused button must show a focus indicator"
    page.keyboard.press("Enter")
    page.locator("form[data-autosave-url]").wait_for()  # the server has made the attempt
    journey.check("keyboard-quiz")
    attempt = open_attempt(user.email, "knowledge")
    fill_with_keyboard(page, right_answers(attempt))
    tab_to(page, lambda e: e["tag"] == "BUTTON" and e["text"] == "Submit answers")
    page.keyboard.press("Enter")
    page.wait_for_url("**/quiz/attempts/*/")
    assert "You passed" in page.content(), page.content()[:3000]
    journey.check("keyboard-result")
    back = tab_to(page, lambda e: e["text"] == "Back to the module")
    assert back["tag"] == "A"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{module.url}")
    assert timezone.now()


# As Excel saves ESR's staff in post report: Windows-1252, UK dates, ESR's column names, one row
# per assignment (Ben also has a bank post), a new starter without an e-mail, and one person whose
# ward is not in Bridge (held for review).
ESR_ROWS = [
    "Employee Number,Assignment Number,First Name,Last Name,Email Address,Position Title,"
    "Organisation,Staff Group,Assignment Status,Assignment Category,Primary Assignment,"
    "Assignment Start Date",
    "200001,200001,Ama,Mensah,ama.mensah@nhs.net,Staff Nurse,Aspen Ward,Registered Nursing,"
    "Active Assignment,Permanent,Yes,02/01/2024",
    "200002,200002,Ben,Hughes,ben.hughes@nhs.net,Healthcare Assistant,Birch Ward,"
    "Support to Clinical,Active Assignment,Permanent,Yes,15/06/2023",
    "200002,200002-2,Ben,Hughes,ben.hughes@nhs.net,Healthcare Assistant,Maple Ward,"
    "Support to Clinical,Active Assignment,Bank,No,01/09/2025",
    "200003,200003,Zoë,O’Brien,zoe.obrien@nhs.net,Staff Nurse,Maple Ward,Registered Nursing,"
    "Active Assignment,Permanent,Yes,31/03/2022",
    "200004,200004,Dev,Patel,dev.patel@nhs.net,Charge Nurse,Aspen Ward,Registered Nursing,"
    "Active Assignment,Permanent,Yes,01/02/2019",
    "200005,200005,Eve,Long,,Healthcare Assistant,Maple Ward,Support to Clinical,"
    "Active Assignment,Fixed Term Temp,Yes,23/11/2026",
    "200006,200006,Gus,Hale,gus.hale@nhs.net,Staff Nurse,Narnia Ward,Registered Nursing,"
    "Active Assignment,Permanent,Yes,01/01/2025",
]
ESR_CSV = "\n".join(ESR_ROWS) + "\n"
# No accepted axe exceptions on the L&D pages: add one here only with a written reason.
ADMIN_EXCEPTIONS: dict[str, str] = {}
# Wagtail's stream-field editor (a question's steps, a module's body): its collapse and insert
# buttons are 24px but packed against each other, so axe's spacing rule for 24px targets trips
# on whichever sits closest. Bridge's admin stylesheet spaces the insert buttons; the rest are
# Wagtail's own layout. Every other rule still holds on these screens.
EDITOR_EXCEPTIONS = {
    **ADMIN_EXCEPTIONS,
    "target-size": "Wagtail's stream-field editor packs its 24px block controls together",
}


def test_ld_manager(journey, page, tmp_path):
    """Import staff, assign the course to a directorate, drill down to a team, export XLSX."""
    import openpyxl
    from django.contrib.auth.models import Group

    from accounts.roles import LD_MANAGERS, roles_setup
    from organisation.models import ManagerScope

    roles_setup(content_root=builders.home_page())
    units = builders.trust_tree()
    manager = builders.make_user(email="ld@nhs.net", is_staff=True)
    manager.groups.add(Group.objects.get(name=LD_MANAGERS))
    ManagerScope.objects.create(user=manager, unit=units["trust"])
    page.goto(journey.url("/admin/login/"))
    page.fill("#id_username", manager.email)
    page.fill("#id_password", builders.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")

    csv_file = tmp_path / "esr.csv"
    csv_file.write_bytes(ESR_CSV.encode("cp1252"))
    page.goto(journey.url("/admin/staff-import/"))
    journey.check("import", exceptions=ADMIN_EXCEPTIONS)
    page.set_input_files("input[type=file]", str(csv_file))
    page.click("button:has-text('Check the file')")
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "Read as CSV, Windows-1252: 7 rows." in main, main[:2000]
    assert "Organisation 'Narnia Ward' is not a unit" in main
    journey.check("import-checked", exceptions=ADMIN_EXCEPTIONS)
    page.click("button:has-text('Import the 5 people without problems and hold 1 row for review')")
    page.wait_for_url("**/admin/staff-import/history/*/")
    assert "5 new" in page.content() and "1 row is held for review" in page.content()
    journey.check("import-done", exceptions=ADMIN_EXCEPTIONS)
    page.click("a:has-text('All imports')")
    page.wait_for_url("**/admin/staff-import/history/")
    journey.check("import-history", exceptions=ADMIN_EXCEPTIONS)
    page.goto(journey.url("/admin/staff-import/held/"))
    assert "Narnia Ward" in page.locator("main").inner_text()
    journey.check("held-rows", exceptions=ADMIN_EXCEPTIONS)

    page.goto(journey.url("/admin/compliance/assignments/"))
    page.select_option("#id_course", label=CoursePage.objects.get().title)
    page.select_option("#id_unit", label="Adult")
    page.fill("#id_due_within_days", "30")
    journey.check("assign", exceptions=ADMIN_EXCEPTIONS)
    page.click("button:has-text('Assign')")
    page.wait_for_load_state()
    assert "The course is assigned." in page.content(), page.locator("main").inner_text()[:2000]

    page.goto(journey.url("/admin/compliance/"))
    assert (
        "0% compliant: 0 of 3" in page.content()
    )  # Aspen (2) and Birch (1); Maple is not in Adult
    journey.check("dashboard", exceptions=ADMIN_EXCEPTIONS)
    page.click("table a:has-text('Adult')")
    page.wait_for_url("**/admin/compliance/?unit=*")
    page.click("table a:has-text('Aspen Ward')")
    page.locator("th:has-text('Ama Mensah')").wait_for()
    assert "Dev Patel" in page.content() and "Ben Hughes" not in page.content()
    journey.check("team", exceptions=ADMIN_EXCEPTIONS)
    with page.expect_download() as download_info:
        page.click("a:has-text('Export Excel')")
    workbook = openpyxl.load_workbook(
        io.BytesIO(download_info.value.path().read_bytes()), read_only=True
    )
    rows = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    assert rows[0][:2] == ["Employee number", "Name"]
    assert sorted(r[1] for r in rows[1:]) == ["Ama Mensah", "Dev Patel"]
    assert {r[6] for r in rows[1:]} == {"Due soon"}
    assert units["adult"]


def choose(page, button_text: str, link_text: str) -> None:
    """Open a Wagtail chooser and pick an item, paging through the list when needed."""
    page.locator(f"button:has-text('{button_text}'):visible").first.click()
    target = page.locator(f'.modal a:has-text("{link_text}"):visible')
    for _ in range(10):
        page.wait_for_timeout(500)
        if target.count():
            break
        page.locator(".modal a:has-text('Next'):visible").last.click()
    target.first.click()
    page.wait_for_timeout(500)


def test_trainer(journey, page):
    """A new trainer starts from nothing: upload a film with its captions to the film library,
    write a question, build a quiz, write a module around the film with a chapter and a
    checkpoint in mm:ss, preview, publish, and see it as a learner. Nothing the demo made (its
    film, captions or questions) is used; every admin screen is scanned and screenshotted."""
    from pathlib import Path

    from django.contrib.auth.models import Group

    from accounts.roles import TRAINERS, roles_setup
    from courses.models import Film

    film_dir = Path(__file__).resolve().parents[2] / "demo" / "film"
    course, _modules = modules()
    films_before = set(Film.objects.values_list("pk", flat=True))
    roles_setup(content_root=builders.home_page())
    trainer = builders.make_user(email="trainer.journey@nhs.net", is_staff=True)
    trainer.groups.add(Group.objects.get(name=TRAINERS))
    page.goto(journey.url("/accounts/sign-in/"))
    page.fill("#id_username", trainer.email)
    page.fill("#id_password", builders.PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/admin/")  # a trainer lands where their work is
    journey.check("admin-home", exceptions=ADMIN_EXCEPTIONS)

    # 1. The film, with its captions, in one form; the transcript comes from the captions.
    page.goto(journey.url("/admin/films/add/"))
    journey.check("film-add", exceptions=ADMIN_EXCEPTIONS)
    page.fill("#id_title", "Ward round film")
    page.set_input_files("#id_video_file", str(film_dir / "imha-intro.mp4"))
    page.set_input_files("#id_captions_file", str(film_dir / "imha-intro.vtt"))
    page.set_input_files("#id_descriptions_file", str(film_dir / "imha-intro.descriptions.vtt"))
    page.locator("button[type=submit]:has-text('Save')").first.click()
    page.wait_for_url("**/admin/films/")
    journey.check("film-list", exceptions=ADMIN_EXCEPTIONS)
    page.click("a:has-text('Ward round film')")
    page.locator("video[data-film-player]").wait_for()
    assert page.locator("video[data-film-player] track[kind=captions]").count() == 1
    assert "welcome the advocate as a bridge" in page.content()  # the drafted transcript
    journey.check("film-edit-plays", exceptions=ADMIN_EXCEPTIONS)

    # 2. A new question, and a quiz that uses it (found through the chooser's search).
    page.goto(journey.url("/admin/questions/ordering/add/"))
    page.fill("#id_text", "Put the steps for a newly detained patient in order")
    for index, step in enumerate(
        ["Explain IMHA help in person", "Give it in writing", "Offer a referral"]
    ):
        page.locator("#items-root button.c-sf-add-button").last.click()
        page.fill(f"#items-{index}-value", step)
    journey.check("ordering-question", exceptions=EDITOR_EXCEPTIONS)
    page.locator("button[type=submit]:has-text('Save')").first.click()
    page.wait_for_url("**/admin/questions/ordering/")

    page.goto(journey.url("/admin/quizzes/add/"))
    page.fill("#id_title", "Ward round check")
    page.click("text=Add question")
    search(page, "Choose question", "newly detained", "Put the steps for a newly detained")
    journey.check("quiz-add", exceptions=ADMIN_EXCEPTIONS)
    page.locator("button[type=submit]:has-text('Save')").first.click()
    page.wait_for_url("**/admin/quizzes/")

    # 3. The module: the library film, a chapter and a checkpoint in mm:ss, then the quiz.
    page.goto(journey.url(f"/admin/pages/add/courses/modulepage/{course.pk}/"))
    page.fill("#id_title", "Advocates in ward rounds")
    page.locator("#body-root button.c-sf-add-button").first.click()
    page.locator("[role=option]:has-text('Film')").click()
    choose(page, "Choose film", "Ward round film")
    page.fill("#body-0-value-chapters-0-value-start", "0:00")
    page.fill("#body-0-value-chapters-0-value-title", "Start")
    page.fill("#body-0-value-checkpoints-0-value-time", "0:05")
    search(page, "Choose question", "newly detained", "Put the steps for a newly detained")
    page.locator("#body-root button.c-sf-add-button").last.click()
    page.locator("[role=option]:has-text('Quiz')").click()
    choose(page, "Choose quiz", "Ward round check")
    journey.check("module-add", exceptions=EDITOR_EXCEPTIONS)
    page.locator("button[data-side-panel-toggle][aria-label='Toggle preview']").click()
    preview = page.frame_locator("iframe.w-preview__iframe").last
    preview.locator("h1:has-text('Advocates in ward rounds')").wait_for(timeout=30000)
    journey.shot("preview")
    # "Publish" sits in the footer's action menu; press it as the menu would.
    page.evaluate("() => document.querySelector('button[name=action-publish]').click()")
    page.wait_for_function("() => document.body.innerText.includes('has been published')")
    journey.check("published", exceptions=ADMIN_EXCEPTIONS)

    from django.db import connection

    module = None
    for _ in range(20):  # read afresh: the server thread wrote it through its own connection
        connection.close()
        module = ModulePage.objects.filter(title="Advocates in ward rounds", live=True).first()
        if module:
            break
        page.wait_for_timeout(500)
    assert module is not None, list(ModulePage.objects.values_list("title", "live"))
    film_value = module.films()[0].value
    new_film = Film.objects.get(title="Ward round film")
    assert new_film.pk not in films_before and film_value["film"].pk == new_film.pk
    assert film_value["chapters"][0]["start"] == 0 and film_value["checkpoints"][0]["time"] == 5
    assert film_value["checkpoints"][0]["question"].text.startswith("Put the")

    # 4. A learner sees it.
    learner = builders.make_user(email="sees.it@nhs.net")
    page.context.clear_cookies()
    page.goto(journey.url("/accounts/sign-in/"))
    page.fill("#id_username", learner.email)
    page.fill("#id_password", builders.PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/my-training/")
    page.goto(journey.url(module.url))
    assert "Ward round film" in page.content()
    assert page.locator("video track[kind=captions]").count() == 1
    assert page.locator("video track[kind=descriptions]").count() == 1
    assert "Questions in this film" in page.content()
    journey.check("learner-sees-new-module")
    page.locator("section[id^=quiz-] button:has-text('Start')").click()
    page.locator("select[name^='q']").first.wait_for()
    assert page.locator("form[data-autosave-url] select").count() == 3  # one position per step
    # One position given: kept as a draft, said calmly, never "not saved".
    page.locator("form[data-autosave-url] select").first.select_option("2")
    status = page.locator("form[data-autosave-url] [data-save-status]")
    page.wait_for_function(
        "() => document.querySelector('form[data-autosave-url] [data-save-status]')"
        ".textContent.includes('is kept')"
    )
    assert "Not saved" not in status.inner_text()
    journey.check("learner-quiz-draft")


def search(page, button_text: str, query: str, link_text: str) -> None:
    """Open a Wagtail chooser, search it, and pick the result."""
    page.locator(f"button:has-text('{button_text}'):visible").first.click()
    box = page.locator(".modal input[name=q]:visible")
    box.wait_for()
    box.fill(query)
    target = page.locator(f'.modal a:has-text("{link_text}"):visible')
    target.first.wait_for()
    target.first.click()
    page.wait_for_timeout(500)


def test_audio_description(journey, page):
    """A screen-reader user turns on the description track: each cue reaches the live region as
    the film plays, and the transcript lists the descriptions."""
    user = builders.make_user(email="describe@nhs.net")
    _course, module_pages = modules()
    page.goto(journey.url("/accounts/sign-in/"))
    page.fill("#id_username", user.email)
    page.fill("#id_password", builders.PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/my-training/")
    page.goto(journey.url(module_pages[0].url))
    panel = page.locator("[data-describe]")
    panel.wait_for()
    assert page.locator(".bridge-transcript .bridge-descriptions li").count() == 7
    page.check("[data-describe-on]")
    # Switching descriptions on loads their track; a learner presses play after that, and so
    # does this test (2 is HTMLTrackElement.LOADED).
    page.wait_for_function(
        "() => document.querySelector('track[kind=descriptions]').readyState === 2"
    )
    page.evaluate("() => { const v = document.querySelector('video'); v.muted = true; v.play(); }")
    live = page.locator("[data-describe-live]")
    page.wait_for_function(
        "() => document.querySelector('[data-describe-live]').textContent.includes('title card')"
    )
    assert live.inner_text().startswith("Description: A title card in NHS blue")
    page.evaluate("() => { const v = document.querySelector('video'); v.currentTime = 6.5; }")
    page.wait_for_function(
        "() => document.querySelector('[data-describe-live]').textContent.includes('What an IMHA')"
    )
    page.evaluate("() => document.querySelector('video').pause()")
    journey.check("audio-description")


def test_a_change_in_the_law(journey, page):
    """A trainer records that a provision commences; the course is under review; the learner who
    holds its certificate is told and their certificate says which law it describes; their L&D
    manager assigns them the revised course."""
    from django.contrib.auth.models import Group

    from accounts.roles import LD_MANAGERS
    from certificates import services as certificate_services
    from courses.models import CourseCompletion
    from organisation.models import ManagerScope

    course = CoursePage.objects.get()
    learner = builders.make_user(email="held.nurse@nhs.net", first_name="Ama")
    units = builders.trust_tree()
    builders.staff(units["aspen"], user=learner)
    completion = CourseCompletion.objects.create(
        user=learner,
        course=course,
        completed_at=timezone.now(),
        course_revision_id=course.live_revision_id,
    )
    certificate = certificate_services.certificate_issue(completion=completion)
    manager = builders.make_user(email="ld.law@nhs.net", is_staff=True)
    manager.groups.add(Group.objects.get(name=LD_MANAGERS))
    ManagerScope.objects.create(user=manager, unit=units["adult"])

    def admin_sign_in(email, password):
        page.goto(journey.url("/admin/login/"))
        page.fill("#id_username", email)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_url("**/admin/")

    admin_sign_in("trainer@example.nhs.uk", "bridge-trainer-2026")
    page.goto(journey.url("/admin/law/"))
    journey.check("law-overview", exceptions=ADMIN_EXCEPTIONS)
    page.click("a:has-text('Record a change'):has-text('MHA 2025 s40')")
    page.wait_for_url("**/record-change/")
    page.select_option("#id_kind", "commenced")
    page.fill("#id_effective_on", timezone.localdate().isoformat())
    page.fill("#id_note", "Detained patients are referred to an IMHA unless they decline.")
    journey.check("record-change", exceptions=ADMIN_EXCEPTIONS)
    page.click("main button[type=submit]")
    page.wait_for_url("**/admin/law/")
    main = page.locator("main").inner_text()
    assert "Recorded and applied" in page.content()
    assert f"Course: {course.title}" in main
    journey.check("law-flagged", exceptions=ADMIN_EXCEPTIONS)
    page.context.clear_cookies()

    page.goto(journey.url("/accounts/sign-in/"))
    page.fill("input[name=username]", learner.email)
    page.fill("input[name=password]", builders.PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/my-training/")
    assert "The law has changed" in page.locator("main").inner_text()
    journey.check("law-notice")
    page.click("button:has-text('I have read this')")
    page.wait_for_url("**/my-training/")
    assert "The law has changed" not in page.locator("main").inner_text()
    page.goto(journey.url(course.url))
    main = page.locator("main").inner_text()
    assert "Under review" in main and "The law this course teaches" in main
    journey.check("course-under-review")
    page.goto(journey.url(f"/verify/{certificate.code}/"))
    assert "Describes the law before" in page.locator("main").inner_text()
    journey.check("verify-law-before")
    page.context.clear_cookies()

    admin_sign_in(manager.email, builders.PASSWORD)
    page.goto(journey.url("/admin/law/"))
    page.click("a:has-text('Assign the revised course')")
    page.wait_for_url("**/retrain/")
    due = timezone.localdate() + timezone.timedelta(days=60)
    page.fill("#id_due_date", due.isoformat())
    journey.check("retrain", exceptions=ADMIN_EXCEPTIONS)
    page.click("main button[type=submit]")
    page.wait_for_url("**/admin/law/")
    assert "The revised course is assigned to 1 person." in page.content()
    page.context.clear_cookies()

    # The course team revises the course and sends it for sign-off; it cannot publish it itself.
    from law.services import LEGAL_REVIEWERS, LIVED_REVIEWERS

    admin_sign_in("trainer@example.nhs.uk", "bridge-trainer-2026")
    page.click(f"main a:has-text('{course.title}')")
    page.wait_for_url("**/edit/**")
    assert page.locator("#id_law_as_at").is_disabled()
    page.click(".w-dropdown-button button:has-text('More actions')")
    journey.shot("review-revise")
    assert page.get_by_role("button", name="Publish", exact=True).count() == 0
    page.get_by_role("button", name="Send for sign-off", exact=True).click()
    page.wait_for_url("**/admin/pages/**")
    page.context.clear_cookies()

    # The two sign-offs: a clinical or legal reviewer, then a lived-experience reviewer.

    for email, first, group, action in [
        ("legal.reviewer@nhs.net", "Priya", LEGAL_REVIEWERS, "Approve"),
        ("lived.reviewer@nhs.net", "Joe", LIVED_REVIEWERS, "Approve and Publish"),
    ]:
        reviewer = builders.make_user(email=email, first_name=first, last_name="Reviewer")
        reviewer.groups.add(Group.objects.get(name=group))
        admin_sign_in(email, builders.PASSWORD)
        assert course.title in page.locator("main").inner_text()
        journey.shot(f"review-dashboard-{first}")
        page.click(f"main a:has-text('{course.title}')")
        page.wait_for_url("**/edit/**")
        page.click(".w-dropdown-button button:has-text('More actions')")
        journey.shot(f"review-actions-{first}")
        page.get_by_role("button", name=action, exact=True).click()
        page.wait_for_url("**/admin/")
        assert "permission" not in page.locator("main").inner_text()
        journey.shot(f"review-approved-{first}")
        page.context.clear_cookies()
    course.refresh_from_db()
    assert course.live and not course.has_unpublished_changes
    page.goto(journey.url(course.url))
    main = page.locator("main").inner_text()
    assert "Under review" not in main
    assert "Priya Reviewer" in main and "Joe Reviewer" in main
    journey.check("course-reviewed")

    # L&D: the revised course is assigned and nobody of theirs is on current law yet.
    admin_sign_in(manager.email, builders.PASSWORD)
    page.goto(journey.url("/admin/compliance/"))
    assert "0% trained on current law: 0 of 1" in page.locator("main").inner_text()
    page.context.clear_cookies()
    # The learner opens the revised course's first module; completing it (the other journeys
    # take a whole course through the browser) earns a certificate on the law as it stands.
    page.goto(journey.url("/accounts/sign-in/"))
    page.fill("input[name=username]", learner.email)
    page.fill("input[name=password]", builders.PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/my-training/")
    first_module = ModulePage.objects.live().child_of(course).first()
    page.goto(journey.url(first_module.url))
    assert first_module.title in page.locator("main").inner_text()
    page.context.clear_cookies()
    revised = CourseCompletion.objects.create(
        user=learner,
        course=course,
        round=2,
        completed_at=timezone.now(),
        course_revision_id=course.live_revision_id,
    )
    assert certificate_services.certificate_issue(completion=revised).law_as_at == (
        timezone.localdate()
    )
    admin_sign_in(manager.email, builders.PASSWORD)
    page.goto(journey.url("/admin/compliance/"))
    main = page.locator("main").inner_text()
    assert "100% trained on current law: 1 of 1" in main, main[:600]
    journey.check("trained-on-current-law", exceptions=ADMIN_EXCEPTIONS)


def test_a_follow_up_weeks_later(journey, page):
    """Twelve weeks after completing, the learner is asked again: the statements, what they did
    differently; the answer is kept and can start a reflective account."""
    from followups import services as followup_services

    course = CoursePage.objects.get()
    learner = builders.make_user(email="later.nurse@nhs.net", first_name="Bea")
    from courses.models import CourseCompletion

    CourseCompletion.objects.create(
        user=learner,
        course=course,
        completed_at=timezone.now() - timezone.timedelta(weeks=12),
        course_revision_id=course.live_revision_id,
    )
    assert followup_services.followups_send() == {"invited": 1, "reminded": 0}
    page.goto(journey.url("/accounts/sign-in/"))
    page.fill("input[name=username]", learner.email)
    page.fill("input[name=password]", builders.PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/my-training/")
    page.click(f"a:has-text('Follow-up: {course.title}')")
    page.wait_for_url("**/follow-up/**")
    journey.check("follow-up")
    for fieldset in page.locator("form fieldset:has(.nhsuk-radios)").all():
        fieldset.locator(".nhsuk-radios__input").nth(3).check()
    page.check("text=I told a patient about their right to an IMHA")
    page.fill("#id_changes", "I explain advocacy at every admission now.")
    page.click("button:has-text('Send my answers')")
    page.wait_for_url("**/follow-up/**")
    main = page.locator("main").inner_text()
    assert "You answered on" in main and "I explain advocacy at every admission now." in main
    journey.check("follow-up-answered")


def sign_in_on_site(page, base: str, email: str) -> None:
    page.goto(base + "/accounts/sign-in/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", builders.PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def test_a_team_session(journey, page, browser, demo):
    """A trainer plans a session with the form and runs one on the ward's screen: three nurses
    sign in by its code on their phones and answer the poll (fewer than five: the spread stays
    hidden); the trainer closes the register; each nurse downloads a certificate of attendance
    with their hours on it; L&D see the session on the dashboard and in the export."""
    import csv
    import datetime

    from django.contrib.auth.models import Group

    from accounts.roles import LD_MANAGERS
    from organisation.models import ManagerScope
    from teamsessions import services as session_services
    from teamsessions.models import TeamSession

    from .conftest import Journey

    course = CoursePage.objects.get()
    units = builders.trust_tree()
    trainer = builders.make_trainer(email="fay.trainer@nhs.net", first_name="Fay")
    nurses = []
    for first in ("Ama", "Ben", "Cal"):
        nurse = builders.make_user(email=f"{first.lower()}@nhs.net", first_name=first)
        builders.staff(units["aspen"], user=nurse)
        nurses.append(nurse)

    sign_in_on_site(page, journey.base, trainer.email)
    page.goto(journey.url("/my-training/"))
    page.click("a:has-text('Plan and run team sessions')")
    page.wait_for_url("**/sessions/")
    journey.check("sessions")
    page.click("a:has-text('Plan a session')")
    journey.check("plan")
    page.select_option("#id_course", label=course.title)
    page.select_option("#id_unit", label="Aspen Ward")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page.fill("#id_day", tomorrow.isoformat())
    page.fill("#id_start", "14:00")
    page.fill("#id_end", "13:00")
    page.click("button:has-text('Plan the session')")
    assert "The end time must be after the start time." in page.locator("main").inner_text()
    journey.refused_as_expected(400)
    journey.check("plan-error")
    page.fill("#id_end", "15:00")
    page.fill("#id_place", "Aspen Ward day room")
    page.click("button:has-text('Plan the session')")
    page.wait_for_url("**/sessions/*/")
    assert "Session planned. The team has been told." in page.content()
    journey.check("planned")

    # The one happening now (planned last week).
    start = timezone.now() - datetime.timedelta(minutes=30)
    now = session_services.session_schedule(
        actor=trainer,
        data={
            "course": course,
            "module": None,
            "unit": units["aspen"],
            "facilitator_role": TeamSession.FacilitatorRole.TRAINER,
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=1),
            "place": "Aspen Ward day room",
            "video_link": "",
            "capacity": 12,
        },
    )
    page.goto(journey.url(f"/sessions/{now.pk}/"))
    page.click("a:has-text('Open the shared screen')")
    page.wait_for_url("**/present/")
    assert now.short_code in page.locator(".bridge-session-code [aria-hidden]").inner_text()
    page.click("button:has-text('Open the poll')")
    page.wait_for_url("**/present/#now")
    journey.check("shared-screen")

    phones = []
    for nurse in nurses:
        context = browser.new_context(viewport={"width": 375, "height": 667})
        phone = context.new_page()
        phone_journey = Journey(f"team-session-{nurse.first_name.lower()}", phone, demo)
        sign_in_on_site(phone, journey.base, nurse.email)
        phone.goto(journey.url("/sessions/join/"))
        phone.fill("#id_code", now.short_code.lower())
        phone.click("button:has-text('Sign in to the session')")
        phone.wait_for_url("**/here/")
        assert "You are on the register" in phone.locator("main").inner_text()
        first = phone.locator("form.bridge-poll-form").first
        first.locator(".nhsuk-radios__label").nth(3).click()
        first.locator("button[type=submit]").click()
        phone.wait_for_url("**/here/#poll")
        assert "Answer sent." in phone.locator("main").inner_text()
        if not phones:
            phone_journey.check("phone-poll")
            phone_journey.no_horizontal_scroll("phone-poll")
        phones.append((context, phone, phone_journey))

    # The shared screen refreshes itself: three on the register, the spread still hidden.
    page.locator("[data-signed]:text-is('3')").wait_for()
    page.locator("[data-spread] p:text-is('3 answers so far: shown from 5.')").wait_for()
    page.click("a:has-text('Back to the register')")
    page.wait_for_url(f"**/sessions/{now.pk}/")
    register = page.locator("table:has(caption:text('Who was there, and when'))").inner_text()
    for nurse in nurses:
        assert nurse.get_full_name() in register
    journey.check("register")
    # The session runs on: 45 minutes pass (every moment of it moves back, as a clock would).
    from django.db.models import F

    from teamsessions.models import Attendance

    gone = datetime.timedelta(minutes=45)
    TeamSession.objects.filter(pk=now.pk).update(
        starts_at=F("starts_at") - gone, ends_at=F("ends_at") - gone
    )
    Attendance.objects.filter(session=now).update(arrived_at=F("arrived_at") - gone)
    page.reload()
    page.click("button:has-text('Close the register')")
    page.wait_for_load_state()
    assert "Register closed." in page.content()

    for nurse, (context, phone, phone_journey) in zip(nurses, phones, strict=True):
        phone.goto(journey.url("/my-training/"))
        panel = phone.locator("main").inner_text()
        assert "participatory" in panel
        with phone.expect_download() as download_info:
            phone.click("a:has-text('Certificate of attendance')")
        text = "".join(
            p.extract_text()
            for p in pypdf.PdfReader(io.BytesIO(download_info.value.path().read_bytes())).pages
        )
        assert nurse.get_full_name() in text and "Aspen Ward" in text
        assert "Participatory CPD time\n30 minutes" in text, text
        phone_journey.no_console_errors("certificate")
        context.close()

    manager = builders.make_user(email="ld@nhs.net", is_staff=True)
    manager.groups.add(Group.objects.get(name=LD_MANAGERS))
    ManagerScope.objects.create(user=manager, unit=units["trust"])
    context = browser.new_context()
    admin = context.new_page()
    admin_journey = Journey("team-session-ld", admin, demo)
    admin.goto(journey.url("/admin/login/"))
    admin.fill("#id_username", manager.email)
    admin.fill("#id_password", builders.PASSWORD)
    admin.click("button[type=submit]")
    admin.wait_for_url("**/admin/")
    admin.goto(journey.url("/admin/compliance/"))
    row = admin.locator("table:has(caption:text('Team sessions by team')) tbody tr").first
    assert "Aspen Ward" in row.inner_text() and "1.5" in row.inner_text()
    admin_journey.check("dashboard-sessions", exceptions=ADMIN_EXCEPTIONS)
    with admin.expect_download() as download_info:
        admin.click("a:has-text('Download team sessions (CSV)')")
    rows = list(
        csv.DictReader(io.StringIO(download_info.value.path().read_text(encoding="utf-8-sig")))
    )
    assert sorted(r["name"] for r in rows) == sorted(n.get_full_name() for n in nurses)
    context.close()


def test_sign_in_with_an_nhs_account(journey, page, settings, oidc_provider):  # noqa: F811
    """A nurse chooses "Sign in with your NHS account", signs in on the trust's provider (a real
    OpenID Connect provider on loopback), comes back to My training with an account made for
    them, and signing out of Bridge signs them out at the provider too."""
    from accounts.models import SsoIdentity, User
    from tests.support.oidc import sso_settings

    sso_settings(settings, oidc_provider)
    oidc_provider.user(
        "entra-journey-1",
        email="kemi.adeyemi@nhs.net",
        email_verified=True,
        given_name="Kemi",
        family_name="Adeyemi",
    )
    page.goto(journey.url("/accounts/sign-in/"))
    journey.check("sign-in-choices")
    page.click("a:has-text('Sign in with your NHS account')")
    page.wait_for_url(oidc_provider.url + "/oauth2/authorize*")
    page.fill("input[name=sub]", "entra-journey-1")
    page.click("button:has-text('Authorize')")
    page.wait_for_url("**/my-training/")
    # The provider's own page asks the internet for something this machine cannot reach: its
    # console line is the provider's, not Bridge's.
    journey.console_errors[:] = [
        e for e in journey.console_errors if not e.startswith(oidc_provider.url)
    ]
    assert "Welcome, Kemi" in page.locator("main").inner_text()
    journey.check("my-training-after-sso")
    user = User.objects.get(email="kemi.adeyemi@nhs.net")
    assert SsoIdentity.objects.get(user=user).subject == "entra-journey-1"
    page.click("button:has-text('Sign out')")
    page.wait_for_url(oidc_provider.url + "/oauth2/end_session*")
    journey.console_errors[:] = [
        e for e in journey.console_errors if not e.startswith(oidc_provider.url)
    ]
    page.goto(journey.url("/my-training/"))  # signed out of Bridge: to the sign-in page
    page.wait_for_url("**/accounts/sign-in/**")
