"""Messages in the NHS.UK voice: an error summary at the top with a specific message for each
field, never Django's "This field is required.", and filters whose empty choice reads "All"."""

import re

import pytest
from bs4 import BeautifulSoup
from django import forms
from django.urls import reverse

from core import forms as nhs_forms
from core.text import SafeTextFormMixin

pytestmark = pytest.mark.django_db


def _summary(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    box = soup.select_one(".nhsuk-error-summary")
    assert box is not None, "no error summary at the top"
    return [li.get_text(" ", strip=True) for li in box.select("li")]


def _no_django_voice(response):
    html = response.content.decode()
    assert "This field is required" not in html
    assert "---------" not in html


def test_registration_says_what_each_field_needs(client):
    response = client.post(reverse("accounts:register"), {"email": "nurse.at.nhs.net"})
    assert response.status_code == 400
    assert _summary(response) == [
        "Enter your first name",
        "Enter your last name",
        "Enter an email address in the correct format, like name@nhs.net",
        "Enter a password",
        "Enter your password again",
    ]
    _no_django_voice(response)
    # each summary entry links to its field
    soup = BeautifulSoup(response.content, "html.parser")
    for link in soup.select(".nhsuk-error-summary a"):
        assert soup.find(id=link["href"].lstrip("#")) is not None


def test_an_empty_post_is_checked_not_shown_as_a_blank_form(learner_client):
    response = learner_client.post(reverse("cpd:reflective_account_add"), {})
    assert response.status_code == 400
    assert "Enter what you learned" in _summary(response)


def test_the_cpd_entry_form_speaks_plainly(learner_client):
    response = learner_client.post(
        reverse("cpd:entry_add"), {"date": "31/02/2026", "hours": "two", "topic": ""}
    )
    messages = _summary(response)
    assert "Enter the date you did it as a real date, like 31/03/2026" in messages
    assert "Enter the hours as a number, like 1.5" in messages
    assert "Select how you learned" in messages and "Enter the topic" in messages
    _no_django_voice(response)


def test_sign_in_asks_for_each_part(client):
    response = client.post(reverse("accounts:login"), {})
    assert response.status_code == 400
    assert _summary(response) == ["Enter your email address", "Enter your password"]


def test_filters_offer_all_and_optional_choices_offer_none():
    class Filter(SafeTextFormMixin, forms.Form):
        is_filter = True
        colour = forms.ChoiceField(choices=[("", "---------"), ("r", "Red")], required=False)

    class Optional(SafeTextFormMixin, forms.Form):
        colour = forms.ChoiceField(choices=[("", "---------"), ("r", "Red")], required=False)

    assert "All" in str(Filter()["colour"]) and "---------" not in str(Filter()["colour"])
    assert ">None<" in str(Optional()["colour"])


def test_the_dashboard_filter_reads_all(client):
    from tests import builders

    admin = builders.make_user(is_staff=True, is_superuser=True)
    builders.make_course()
    client.force_login(admin)
    html = client.get(reverse("tracking_admin:dashboard")).content.decode()
    course_select = re.search(r'<select name="course".*?</select>', html, re.S).group(0)
    assert '<option value="" selected>All</option>' in course_select
    assert "---------" not in html


def test_a_field_with_its_own_message_keeps_it():
    class Own(SafeTextFormMixin, forms.Form):
        name = forms.CharField(error_messages={"required": "Tell us who you are"})

    form = Own(data={})
    assert not form.is_valid() and form.errors["name"] == ["Tell us who you are"]
    assert nhs_forms.BLANK == "---------"
