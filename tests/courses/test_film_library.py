"""A film is one thing in the admin: the video and its captions uploaded in one form, played back
on its page, with the transcript taken from the captions; a module then chooses it."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.test.utils.form_data import rich_text

from courses.models import Film, ModulePage
from tests import builders

pytestmark = pytest.mark.django_db
FILM_DIR = Path(__file__).resolve().parents[2] / "demo" / "film"
ADD = "wagtailsnippets_courses_film:add"


@pytest.fixture
def trainer(client, db):
    user = builders.make_trainer()
    client.force_login(user)
    return user


def _files(**names):
    video = SimpleUploadedFile(
        "ward.mp4", (FILM_DIR / "imha-intro.mp4").read_bytes(), content_type="video/mp4"
    )
    captions = SimpleUploadedFile(
        "ward.vtt", (FILM_DIR / "imha-intro.vtt").read_bytes(), content_type="text/vtt"
    )
    files = {"video_file": video, "captions_file": captions}
    files.update(names)
    return {k: v for k, v in files.items() if v is not None}


def _post(client, url, files, transcript="", **fields):
    data = {
        "title": "Ward round film",
        "transcript": rich_text(transcript),
        "duration": "",
        **fields,
        **files,
    }
    return client.post(url, data)


def test_one_form_uploads_the_video_and_captions_and_drafts_the_transcript(client, trainer):
    response = _post(client, reverse(ADD), _files())
    assert response.status_code == 302, response.content.decode()[:3000]
    film = Film.objects.get()
    assert film.video.file.name.endswith(".mp4") and film.captions.file.name.endswith(".vtt")
    assert film.duration == 101  # read from the file's own header
    assert film.video.duration == 101
    assert "<p>Working with Independent Mental Health Advocates." in film.transcript
    assert "welcome the advocate as a bridge." in film.transcript
    assert film.video.collection.name == "Films" == film.captions.collection.name
    # its page plays it, with the captions
    edit = client.get(reverse("wagtailsnippets_courses_film:edit", args=[film.pk]))
    html = edit.content.decode()
    assert edit.status_code == 200
    assert f'src="{film.video.file.url}"' in html and 'kind="captions"' in html


def test_a_transcript_the_trainer_wrote_is_kept(client, trainer):
    response = _post(client, reverse(ADD), _files(), transcript="<p>Our own words.</p>")
    assert response.status_code == 302
    assert "Our own words." in Film.objects.get().transcript
    assert "Advocates" not in Film.objects.get().transcript


@pytest.mark.parametrize(
    "files,message",
    [
        ({"video_file": None}, "Choose the video file to upload"),
        ({"captions_file": None}, "Choose the captions file (WebVTT) to upload"),
        (
            {"video_file": SimpleUploadedFile("x.mp4", b"not a film at all")},
            "The video must be an MP4 or WebM file.",
        ),
        (
            {"captions_file": SimpleUploadedFile("x.vtt", b"1\n00:00 --> 00:01\nHi")},
            "its first line reads WEBVTT",
        ),
        ({"captions_file": SimpleUploadedFile("x.vtt", b"WEBVTT\n\n")}, "no timed lines"),
    ],
)
def test_each_missing_or_wrong_file_is_named(client, trainer, files, message):
    response = _post(client, reverse(ADD), _files(**files))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Film.objects.exists()


def test_a_module_that_chooses_the_film_plays_it_with_its_tracks(client, trainer, learner, course):
    _post(
        client,
        reverse(ADD),
        _files(
            descriptions_file=SimpleUploadedFile(
                "d.vtt", (FILM_DIR / "imha-intro.descriptions.vtt").read_bytes()
            )
        ),
    )
    film = Film.objects.get()
    module = course["modules"][0]
    body = [b for b in module.body.raw_data if b["type"] != "film"]
    body.insert(
        0,
        {
            "type": "film",
            "value": {
                "film": film.pk,
                "title": "",
                "chapters": [],
                "checkpoints": [],
                "prevent_skipping": False,
            },
        },
    )
    module.body = body
    module.save_revision().publish()
    module = ModulePage.objects.get(pk=module.pk)
    client.force_login(learner)
    html = client.get(module.url).content.decode()
    assert "Ward round film" in html  # the film's own title, as the block gave none
    assert film.video.file.url in html
    assert "welcome the advocate as a bridge." in html  # the transcript, from the captions
    block_id = module.films()[0].id
    for name in ("film_captions", "film_descriptions"):
        track = client.get(reverse(f"courses:{name}", args=[module.pk, block_id]))
        assert track.status_code == 200 and track.content.startswith(b"WEBVTT")


def test_a_learner_cannot_open_the_film_library(client, learner):
    client.force_login(learner)
    response = client.get(reverse(ADD))
    assert response.status_code in (302, 403)
