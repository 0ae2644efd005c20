"""A database that is briefly away gives a 503 with Retry-After, never a 500, and Django
reconnects by itself on the next request."""

import json

import pytest
from django.db import DatabaseError, InterfaceError, OperationalError
from django.test import RequestFactory

from core.middleware import DatabaseUnavailableMiddleware

pytestmark = pytest.mark.django_db


def handle(exception, **extra):
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    request = RequestFactory().post("/modules/1/quiz/submit/", **extra)
    return middleware.process_exception(request, exception)


@pytest.mark.parametrize(
    "exception",
    [
        OperationalError("terminating connection due to administrator command"),
        InterfaceError("connection already closed"),
    ],
)
def test_a_lost_connection_is_a_503_with_retry_after(exception):
    response = handle(exception)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Nothing you saved before has been lost" in response.content.decode()


def test_the_film_player_gets_json_it_can_retry():
    response = handle(
        OperationalError("the database system is starting up"),
        data=b"{}",
        content_type="application/json",
    )
    assert response.status_code == 503 and json.loads(response.content)["retry"] is True


def test_other_errors_are_left_alone():
    assert handle(DatabaseError("syntax error")) is None
    assert handle(ValueError("a bug")) is None


def test_the_middleware_is_installed(settings):
    assert "core.middleware.DatabaseUnavailableMiddleware" in settings.MIDDLEWARE
