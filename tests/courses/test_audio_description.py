"""Audio description: a film can carry a WebVTT descriptions track; the player offers it and the
transcript lists each description, marked as such."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.blocks import StructBlockValidationError
from wagtail.documents import get_document_model

from courses import webvtt
from courses.blocks import FilmBlock
from tests import builders

pytestmark = pytest.mark.django_db
DEMO = Path(__file__).resolve().parents[2] / "demo" / "film" / "imha-intro.descriptions.vtt"


def _document(name, body):
    document = get_document_model()(title=name)
    document.file.save(name, ContentFile(body), save=False)
    document.save()
    return document


@pytest.fixture
def described(course):
    module = course["modules"][0]
    descriptions = _document("described.vtt", DEMO.read_bytes())
    body = module.body.raw_data
    for block in body:
        if block["type"] == "film":
            block["value"]["descriptions"] = descriptions.pk
    module.body = body
    module.save_revision().publish()
    return module


def test_the_demo_descriptions_parse_into_timed_cues():
    cues = webvtt.parse(DEMO.read_text())
    assert len(cues) == 7
    assert cues[0].start == 0 and cues[0].text.startswith("A title card in NHS blue")
    assert [int(cue.start) for cue in cues] == [0, 7, 24, 44, 62, 79, 90]
    assert all(cue.end > cue.start for cue in cues)


def test_parse_copes_with_ids_settings_tags_and_notes():
    text = (
        "\ufeffWEBVTT\n\nNOTE made by hand\n\nintro\n00:01.500 --> 00:03.000 align:start\n"
        "<v Narrator>A <b>blue</b> card.\n\n01:00:02.000 --> 01:00:04.250\nLate cue\n"
    )
    cues = webvtt.parse(text)
    assert [(c.start, c.end, c.text) for c in cues] == [
        (1.5, 3.0, "A blue card."),
        (3602.0, 3604.25, "Late cue"),
    ]


def test_the_player_offers_the_track_and_the_transcript_lists_the_descriptions(
    learner_client, described
):
    html = learner_client.get(described.url).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    track = soup.select_one("video track[kind=descriptions]")
    assert track is not None and track["srclang"] == "en"
    response = learner_client.get(track["src"])
    assert response.status_code == 200 and response["Content-Type"].startswith("text/vtt")
    assert b"A title card in NHS blue" in response.content
    live = soup.select_one("[data-describe] [aria-live=polite]")
    assert live is not None
    transcript = soup.select_one(".bridge-transcript")
    items = transcript.select(".bridge-descriptions li")
    assert len(items) == 7
    assert items[1].get_text(" ", strip=True).startswith("Description 00:07 A white slide")


def test_a_film_without_descriptions_offers_none(learner_client, course):
    html = learner_client.get(course["modules"][0].url).content.decode()
    assert 'kind="descriptions"' not in html and "data-describe" not in html
    film_id = course["modules"][0].films()[0].id
    url = reverse("courses:film_descriptions", args=[course["modules"][0].pk, film_id])
    assert learner_client.get(url).status_code == 404


def test_descriptions_must_be_webvtt(course):
    block = FilmBlock()
    media, captions = course["media"], course["captions"]
    value = builders.film_block(media, captions)["value"]
    value["descriptions"] = _document("notes.txt", b"not a track").pk
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python(value))
    assert "Audio description must be a WebVTT (.vtt) file." in str(error.value.block_errors)
