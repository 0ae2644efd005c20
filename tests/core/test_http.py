"""The one JSON reader: what it accepts, and the 400 (never a 500) for everything else."""

import json

import pytest
from django.test import RequestFactory

from core.http import MAX_DEPTH, BadBody, id_or_none, json_object


def read(body: bytes | str, max_bytes: int = 100_000):
    if isinstance(body, str):
        body = body.encode("utf-8", "surrogatepass")
    request = RequestFactory().post("/", data=body, content_type="application/json")
    return json_object(request, max_bytes=max_bytes)


def refused(body, **kwargs) -> BadBody:
    with pytest.raises(BadBody) as caught:
        read(body, **kwargs)
    return caught.value


def test_a_plain_object_is_read():
    data = {"block": "abc", "segments": [[0, 12.5], [20, 31]], "answer": {"a": "b"}}
    assert read(json.dumps(data)) == data
    assert read(b"") == {}


@pytest.mark.parametrize(
    "body",
    ["[1]", '"text"', "3", "not json", b"\xff\xfe{}", '{"a": 1', "null"],
)
def test_anything_but_a_json_object_is_a_400(body):
    error = refused(body)
    assert error.status == 400
    assert json.loads(error.response.content)["error"] == "Send a JSON object."


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 50, 9_000, 100_000])
def test_deep_nesting_is_a_400(depth):
    body = '{"answer": ' + "[" * depth + "]" * depth + "}"
    error = refused(body, max_bytes=10**6)
    assert (error.status, error.message) == (400, "The data is nested too deeply.")


def test_nesting_at_the_limit_is_read():
    depth = MAX_DEPTH - 1
    assert read('{"a": ' + "[" * depth + "]" * depth + "}")["a"] == [[[[[]]]]]


@pytest.mark.parametrize(
    "number",
    ["9" * 401, "-" + "9" * 16, "1e999", "-1e999", "1e16", "NaN", "Infinity", "-Infinity"],
)
def test_numbers_out_of_range_or_not_finite_are_a_400(number):
    error = refused('{"segments": [[0, ' + number + "]]}")
    assert (error.status, error.message) == (400, "A number in the data is out of range.")


@pytest.mark.parametrize(
    "body",
    [
        '{"answer": "a\\u0000b"}',
        '{"answer": ["\\ud800"]}',
        '{"\\udfff": 1}',
        '{"answer": {"x\\u0000": "y"}}',
    ],
)
def test_nul_bytes_and_unpaired_surrogates_are_a_400(body):
    error = refused(body)
    assert error.message == "The data contains a character that cannot be saved."


def test_paired_surrogates_and_other_unicode_are_kept():
    data = read('{"answer": "\\ud83d\\ude00 Siân \\u200b \\u202e"}')
    assert data["answer"] == "😀 Siân \u200b \u202e"


def test_a_body_over_the_cap_is_a_413():
    assert refused("{}" + " " * 200, max_bytes=100).status == 413


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        (12, 12),
        (" 7 ", 7),
        ("0", None),
        ("-3", None),
        ("9" * 30, None),
        (10**30, None),
        (2**31, None),
        ("1e3", None),
        ("", None),
        (None, None),
        (True, None),
        (["1"], None),
    ],
)
def test_an_id_is_a_number_an_id_column_can_hold(value, expected):
    assert id_or_none(value) == expected
