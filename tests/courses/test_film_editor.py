"""The trainer's film editor speaks plainly: times as mm:ss, and each missing part named."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from courses.blocks import TimecodeField, timecode
from courses.models import ModulePage
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer(client, course):
    user = builders.make_trainer()
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    "typed,seconds",
    [("1:30", 90), ("01:30", 90), ("0:05", 5), ("90", 90), ("1:02:30", 3750), (" 12:00 ", 720)],
)
def test_times_are_typed_as_minutes_and_seconds(typed, seconds):
    assert TimecodeField().clean(typed) == seconds


@pytest.mark.parametrize("typed", ["1:75", "1.30", "abc", "-5", "1:2:3:4"])
def test_a_time_that_is_not_one_says_how_to_write_it(typed):
    with pytest.raises(Exception) as error:
        TimecodeField().clean(typed)
    assert "like 1:30" in str(error.value)


def test_times_show_as_minutes_and_seconds():
    assert [timecode(s) for s in (0, 5, 90, 3750)] == ["00:00", "00:05", "01:30", "1:02:30"]


def test_a_chapter_and_checkpoint_entered_as_mm_ss_are_kept_in_seconds(client, trainer, course):
    module = course["modules"][0]
    question = builders.true_false(text="Pause: is the IMHA independent?", correct=True)
    data = builders.module_form_data(
        module,
        film=(course["media"], course["captions"], "Timed film"),
        checkpoints=[{"time": "1:05", "question": str(question.pk)}],
    )
    data["body-1-value-chapters-0-value-start"] = "0:45"
    response = client.post(reverse("wagtailadmin_pages:edit", args=[module.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    film = ModulePage.objects.get(pk=module.pk).films()[0].value
    assert film["chapters"][0]["start"] == 45
    assert film["checkpoints"][0]["time"] == 65
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[module.pk])).content.decode()
    assert "00:45" in edit and "01:05" in edit


def test_a_film_missing_its_parts_names_each_one_in_words(client, trainer, course):
    module = course["modules"][0]
    data = {
        "title": module.title,
        "slug": module.slug,
        "summary": "",
        "estimated_minutes": "10",
        "body": streamfield(
            [
                (
                    "film",
                    {
                        "title": "",
                        "video": str(course["media"].pk),
                        "embed_url": "",
                        "captions": "",
                        "descriptions": "",
                        "transcript": rich_text(""),
                        "chapters": builders.listblock([{"start": "", "title": ""}]),
                        "checkpoints": builders.listblock([{"time": "5", "question": ""}]),
                        "prevent_skipping": "",
                        "duration": "",
                    },
                )
            ]
        ),
        "film_watched_percent": "90",
        "comments": {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0"},
        "action-publish": "publish",
    }
    flat = nested_form_data(data)
    flat.update({"comments-TOTAL_FORMS": "0", "comments-INITIAL_FORMS": "0"})
    response = client.post(reverse("wagtailadmin_pages:edit", args=[module.pk]), flat)
    html = response.content.decode()
    assert response.status_code == 200
    for message in (
        "Give the film a title",
        "Choose the film&#x27;s captions",
        "Add the film&#x27;s transcript",
        "Enter a time in the film, like 1:30",
        "Give the chapter a title",
        "Choose the question the film pauses for",
    ):
        assert message in html, message
    assert "This field is required." not in html


def test_a_half_built_film_can_be_saved_as_a_draft(client, trainer, course):
    module = course["modules"][0]
    data = builders.module_form_data(module, film=(course["media"], course["captions"], ""))
    data.pop("action-publish")
    data["body-1-value-captions"] = ""
    response = client.post(reverse("wagtailadmin_pages:edit", args=[module.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = ModulePage.objects.get(pk=module.pk).get_latest_revision_as_object()
    assert draft.films()[0].value["captions"] is None
