"""Every error is the service's own page: NHS.UK layout, a heading, a message, a way back; JSON for
a JSON endpoint; Retry-After where waiting helps."""

import json

import pytest
from django.db import OperationalError
from django.test import Client, RequestFactory, override_settings
from django.urls import include, path

from core import errors
from core.errors import error_response

STATUSES = [400, 403, 404, 405, 409, 413, 429, 500, 503]


def nhs_page(response) -> str:
    html = response.content.decode()
    assert 'class="nhsuk-header' in html
    assert 'class="nhsuk-footer' in html
    assert 'href="/"' in html  # a way back to the start, whatever went wrong
    return html


@pytest.mark.django_db
@pytest.mark.parametrize("status", STATUSES)
def test_each_status_has_an_nhs_page_with_a_heading_and_a_message(status):
    request = RequestFactory().get("/somewhere/", HTTP_REFERER="http://testserver/my-training/")
    response = error_response(request, status)
    assert response.status_code == status
    html = nhs_page(response)
    heading, message = errors.DEFAULTS[status]
    assert f"<h1>{heading}</h1>" in html
    assert str(message).split(".")[0] in html
    if status in errors.STANDALONE:
        assert "/my-training/" not in html  # rendered without the request: no session to read
    else:
        assert 'href="http://testserver/my-training/"' in html


def test_a_link_back_is_never_to_another_site():
    request = RequestFactory().get("/x/", HTTP_REFERER="https://elsewhere.example/phish")
    assert "elsewhere.example" not in error_response(request, 404).content.decode()


@pytest.mark.parametrize("status", STATUSES)
def test_a_json_caller_gets_json(status):
    request = RequestFactory().post("/x/", data=b"{}", content_type="application/json")
    response = error_response(request, status, message="Specific words.")
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"error": "Specific words."}


@pytest.mark.parametrize(("status", "seconds"), [(429, "60"), (503, "5")])
def test_waiting_statuses_say_how_long(status, seconds):
    response = error_response(RequestFactory().get("/"), status)
    assert response["Retry-After"] == seconds


def boom(request):
    raise ValueError("a bug")


def database_gone(request):
    raise OperationalError("database is locked")


urlpatterns = [path("boom/", boom), path("gone/", database_gone), path("", include("lms.urls"))]
handler500 = "core.errors.server_error"


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_an_unexpected_error_is_the_nhs_500_page():
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in nhs_page(response)


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_locked_or_lost_database_is_the_nhs_503_page(client):
    response = client.get("/gone/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Try again in a moment" in nhs_page(response)


@pytest.mark.django_db
def test_a_missing_page_is_the_nhs_404_page(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in nhs_page(response)


@pytest.mark.django_db
def test_a_forged_form_is_the_nhs_403_page():
    response = Client(enforce_csrf_checks=True).post("/accounts/sign-in/", {"username": "x"})
    assert response.status_code == 403
    html = nhs_page(response)
    assert "This form has expired" in html


@pytest.mark.django_db
def test_a_bad_request_is_the_nhs_400_page(client):
    response = client.get("/verify/", HTTP_HOST="elsewhere.example")
    assert response.status_code == 400
    assert "Sorry, we could not use that" in nhs_page(response)


@pytest.mark.django_db
def test_a_wrong_method_is_the_nhs_405_page_with_allow(client, learner):
    client.force_login(learner)
    response = client.get("/modules/1/quiz/submit/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "This address cannot be used that way" in nhs_page(response)
