"""Restricted documents are private: every stored file is fetched by every public path, as an
anonymous visitor and as a learner, and only Wagtail's serve view (after its restriction check)
or the captions view (the same check) ever hands a document over."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.urls import reverse
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import BaseViewRestriction, Collection, CollectionViewRestriction

from certificates.models import Certificate
from courses.models import CourseCompletion
from tests import builders

pytestmark = pytest.mark.django_db

SECRET = b"WEBVTT\n\n00:00.000 --> 00:02.000\nPRIVATE-CAPTION-TEXT\n"


def stored_files() -> list[tuple[str, Path]]:
    """Every file on disk in public media and private storage: (name relative to its root, path)."""
    found = []
    for root in (Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_STORAGE_ROOT)):
        for folder, _dirs, files in os.walk(root):
            for filename in files:
                path = Path(folder) / filename
                found.append((path.relative_to(root).as_posix(), path))
    return found


def public_paths(name: str) -> list[str]:
    """Every address a web server or a guess could map to a stored name."""
    base = name.rsplit("/", 1)[-1]
    return [
        f"/media/{name}",
        f"/media/{base}",
        f"/media/documents/{base}",
        f"/media/private/{name}",
        f"/private/{name}",
        f"/static/{name}",
    ]


@pytest.fixture
def restricted_world(learner):
    root = Collection.get_first_root_node()
    staff_only = root.add_child(name="Staff only")
    CollectionViewRestriction.objects.create(
        collection=staff_only, restriction_type=BaseViewRestriction.LOGIN
    )
    course = builders.make_course(modules=1)
    module = course["modules"][0]
    captions = module.films()[0].value["captions"]
    captions.collection = staff_only
    captions.file.save("secret-captions.vtt", ContentFile(SECRET))
    captions.save()
    handout = get_document_model()(title="Handout", collection=staff_only)
    handout.file.save("handout.txt", ContentFile(b"PRIVATE-HANDOUT-TEXT"))
    handout.save()
    completion = CourseCompletion.objects.create(
        user=learner, course=course["course"], completed_at=timezone.now()
    )
    from certificates.services import certificate_issue

    certificate = certificate_issue(completion=completion)
    assert Certificate.objects.filter(pk=certificate.pk).exists()
    return {"module": module, "captions": captions, "handout": handout}


def test_documents_are_stored_where_no_web_server_looks(restricted_world):
    for document in (restricted_world["captions"], restricted_world["handout"]):
        name = document.file.name
        assert name.startswith("documents/")
        assert storages["private"].exists(name)
        assert not storages["public_media"].exists(name)
        assert not (Path(settings.MEDIA_ROOT) / name).exists()
        with pytest.raises(NotImplementedError):
            default_storage.url(name)


@pytest.mark.parametrize("who", ["anonymous", "learner"])
def test_no_private_file_is_reachable_by_a_public_path(client, learner, restricted_world, who):
    if who == "learner":
        client.force_login(learner)
    private_root = Path(settings.PRIVATE_STORAGE_ROOT)
    files = stored_files()
    private = [(name, path) for name, path in files if path.is_relative_to(private_root)]
    # The captions, the handout and the certificate PDF, at least.
    assert len(private) >= 3
    fetched = 0
    for name, path in files:
        contents = path.read_bytes()
        for url in public_paths(name):
            response = client.get(url)
            fetched += 1
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if path.is_relative_to(private_root) or name.startswith("documents/"):
                assert not (response.status_code == 200 and contents in body), (url, name)
    assert fetched >= 6 * len(files)


def test_a_restricted_document_needs_sign_in_through_its_own_view(
    client, learner, restricted_world
):
    handout = restricted_world["handout"]
    url = handout.url
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/sign-in/" in anonymous["Location"]
    client.force_login(learner)
    allowed = client.get(url)
    assert allowed.status_code == 200
    assert b"".join(allowed.streaming_content) == b"PRIVATE-HANDOUT-TEXT"


def test_captions_obey_their_collections_restriction(client, learner, restricted_world):
    module = restricted_world["module"]
    url = reverse("courses:film_captions", args=[module.pk, module.films()[0].id])
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert b"PRIVATE-CAPTION-TEXT" not in anonymous.content
    client.force_login(learner)
    allowed = client.get(url)
    assert allowed.status_code == 200 and b"PRIVATE-CAPTION-TEXT" in allowed.content
    assert allowed["Cache-Control"] == "private, no-store"


def test_unrestricted_captions_stay_public_and_cacheable(client, course):
    module = course["modules"][0]
    response = client.get(reverse("courses:film_captions", args=[module.pk, module.films()[0].id]))
    assert response.status_code == 200 and response.content.startswith(b"WEBVTT")
    assert response["Cache-Control"] == "public, max-age=300"


def test_documents_uploaded_before_are_moved_to_private_storage():
    import importlib

    from django.apps import apps

    document = builders.film_assets()[1]
    name = document.file.name
    # As an older release stored it: in public media.
    with storages["private"].open(name, "rb") as handle:
        data = handle.read()
    storages["private"].delete(name)
    storages["public_media"].save(name, ContentFile(data))
    migration = importlib.import_module("core.migrations.0001_documents_to_private_storage")
    migration.move_documents(apps, None)
    assert storages["private"].exists(name) and not storages["public_media"].exists(name)
    migration.move_documents(apps, None)  # a second run changes nothing
    assert storages["private"].exists(name)
