"""A course exported as a SCORM package, played in Chromium under a real SCORM runtime
(scorm-again, from services/scorm-runtime) on a page that acts as the LMS, on an origin of its
own. The admin exports the package from the course's admin screen; the learner launches it from
the "LMS", signs in to Bridge in the window it opens and links their record; the course is
completed in Bridge; the runtime's CMI data then reads passed/completed with the score, for SCORM
1.2 and 2004. In the 1.2 journey the learner closes the LMS window before finishing, and the
result reaches the LMS at the next launch; in the 2004 one the open package reports it."""

import functools
import json
import threading
import zipfile
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest
from axe_playwright_python.sync_playwright import Axe

from scorm.models import Registration
from tests import builders
from tests.scorm.conftest import complete_module

from .conftest import FONTS, WCAG_TAGS, Journey, journey_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

RUNTIME = Path(__file__).resolve().parents[2] / "services/scorm-runtime/node_modules/scorm-again"

# The LMS: scorm-again's API on the window the package's frame looks up to, with the learner and
# whatever the LMS kept from an earlier launch (its suspend data) in the page's fragment.
LMS_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Test LMS</title>
<script src="runtime/%(script)s"></script>
<script>
  var start = JSON.parse(decodeURIComponent(location.hash.slice(1)));
  var scorm12 = start.version === "1.2";
  var api = scorm12 ? new Scorm12API({logLevel: 4}) : new Scorm2004API({logLevel: 4});
  if (scorm12) {
    api.cmi.core.student_id = start.learner; api.cmi.core.student_name = start.name;
    if (start.suspend_data) { api.cmi.core.entry = "resume"; }
  } else {
    api.cmi.learner_id = start.learner; api.cmi.learner_name = start.name;
    if (start.suspend_data) { api.cmi.entry = "resume"; }
  }
  if (start.suspend_data) { api.cmi.suspend_data = start.suspend_data; }
  window[scorm12 ? "API" : "API_1484_11"] = api;
  window.lmsRead = function (key) { return scorm12 ? api.LMSGetValue(key) : api.GetValue(key); };
</script></head>
<body><main><h1>Test LMS</h1>
<iframe title="The course" src="package/index.html" style="width:100%%;height:700px"></iframe>
</main></body></html>
"""


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def lms(tmp_path):
    """A static web server on loopback for the LMS page, the runtime and the unzipped package."""
    (tmp_path / "runtime").mkdir()
    for name in ("scorm12.js", "scorm2004.js"):
        (tmp_path / "runtime" / name).write_bytes((RUNTIME / "dist" / name).read_bytes())
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(tmp_path))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield tmp_path, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def lms_open(page, base, version, *, suspend_data=""):
    start = {"version": version, "learner": "ESR-0042", "name": "Okafor, Ada"}
    if suspend_data:
        start["suspend_data"] = suspend_data
    page.goto(f"{base}/lms.html#" + quote(json.dumps(start)))
    return page.frame_locator("iframe")


def read(page, key):
    return page.evaluate("key => window.lmsRead(key)", key)


def axe_clean(page, label):
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = [f"{v['id']}: {v['help']}" for v in result.response["violations"]]
    assert not violations, f"{label}: " + "; ".join(violations)


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_a_package_plays_to_completion_under_a_scorm_runtime(
    journey, page, browser, lms, staff_admin, version
):
    folder, lms_base = lms
    (folder / "lms.html").write_text(
        LMS_PAGE % {"script": "scorm12.js" if version == "1.2" else "scorm2004.js"}
    )
    course = builders.make_course(modules=2, title="Working with advocates")
    learner = builders.make_user(email="ada.okafor@nhs.net", first_name="Ada", last_name="Okafor")

    # The admin exports the package from the course's page in the admin.
    page.goto(journey.url("/admin/login/"))
    page.fill("#id_username", staff_admin.email)
    page.fill("#id_password", builders.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    page.goto(journey.url(f"/admin/pages/{course['course'].pk}/"))
    page.click("header button[aria-label='Actions']")
    page.click("a:has-text('Export as SCORM')")
    page.wait_for_url("**/admin/scorm/courses/**")
    journey.check(f"export-{version}")
    page.check(f"input[name=version][value='{version}']")
    page.fill("input[name=lms_name]", "ESR")
    with page.expect_download() as download_info:
        page.click("button:has-text('Export the package')")
    with zipfile.ZipFile(download_info.value.path()) as archive:
        archive.extractall(folder / "package")

    # The learner, in a browser of their own, opens it from the LMS.
    context = browser.new_context()
    # The NHS font, as every journey gets it, for the window the package opens too (routed on the
    # context: that window starts loading before a page-level route could be set on it).
    context.route(FONTS, Journey._font)
    learner_page = context.new_page()
    errors = []
    learner_page.on("pageerror", lambda error: errors.append(str(error)))
    frame = lms_open(learner_page, lms_base, version)
    status = frame.locator("#bridge-status")
    status.get_by_text("Open the course in Bridge to begin").wait_for()
    axe_clean(learner_page, "package in the LMS")
    learner_page.screenshot(path=str(journey.folder / f"lms-{version}-first-launch.png"))
    suspend = read(learner_page, "cmi.suspend_data")
    token = json.loads(suspend)["bridge"]
    assert len(token) == 43
    if version == "1.2":
        assert read(learner_page, "cmi.core.lesson_status") == "not attempted"
    with context.expect_page() as opened:
        frame.locator("#bridge-open").click()
    bridge = opened.value
    bridge_journey = Journey(f"scorm-{version}-learner", bridge, journey_server(journey))
    bridge.wait_for_url("**/accounts/sign-in/**")
    bridge.fill("input[name=username]", learner.email)
    bridge.fill("input[name=password]", builders.PASSWORD)
    bridge.click("main button[type=submit]")
    bridge.wait_for_url("**/scorm/launch/**")
    assert "ESR-0042" in bridge.locator("main").inner_text()
    bridge_journey.check("link-your-record")
    bridge.click("button:has-text('Link and start the course')")
    bridge.wait_for_url(f"**{course['course'].url}")
    registration = Registration.objects.get()
    assert registration.user == learner and registration.lms_learner_id == "ESR-0042"

    if version == "1.2":
        # The learner closes the LMS window, then finishes the course in Bridge.
        learner_page.close()
        for module in course["modules"]:
            complete_module(learner, module, all_right=module is course["modules"][0])
        # Next launch from the LMS, with what it kept: the result is reported at once.
        learner_page = context.new_page()
        learner_page.on("pageerror", lambda error: errors.append(str(error)))
        frame = lms_open(learner_page, lms_base, version, suspend_data=suspend)
        frame.locator("#bridge-status").get_by_text("Completed on").wait_for()
        assert read(learner_page, "cmi.core.lesson_status") == "passed"
        assert read(learner_page, "cmi.core.score.raw") == "75"
        assert read(learner_page, "cmi.core.score.max") == "100"
        assert json.loads(read(learner_page, "cmi.suspend_data"))["bridge"] == token
    else:
        # The package stays open in the LMS while the learner works in Bridge.
        complete_module(learner, course["modules"][0])
        frame.locator("#bridge-status").get_by_text("50% of the course done").wait_for()
        assert read(learner_page, "cmi.completion_status") == "incomplete"
        assert read(learner_page, "cmi.progress_measure") == "0.5"
        complete_module(learner, course["modules"][1], all_right=False)
        frame.locator("#bridge-status").get_by_text("Completed on").wait_for(timeout=20000)
        assert read(learner_page, "cmi.completion_status") == "completed"
        assert read(learner_page, "cmi.success_status") == "passed"
        assert read(learner_page, "cmi.score.scaled") == "0.75"
        assert read(learner_page, "cmi.progress_measure") == "1"
    assert "Your result has been sent to ESR" in frame.locator("#bridge-status").inner_text()
    axe_clean(learner_page, "package reporting completion")
    learner_page.screenshot(path=str(journey.folder / f"lms-{version}-completed.png"))
    assert not errors, errors
    Registration.objects.get().refresh_from_db()
    assert Registration.objects.get().last_reported_at is not None
    context.close()
