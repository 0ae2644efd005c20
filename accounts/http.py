"""Reading request bodies the same way everywhere."""

import json

from django.http import JsonResponse


class BadBody(Exception):
    """The body cannot be used; ``response`` is the 4xx to send back."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.response = JsonResponse({"error": message}, status=status)


def json_object(request, *, max_bytes: int) -> dict:
    """The request body as a JSON object, or BadBody (413 when too large, 400 otherwise)."""
    if len(request.body) > max_bytes:
        raise BadBody("Too much data.", status=413)
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        raise BadBody("Send a JSON object.") from None
    if not isinstance(data, dict):
        raise BadBody("Send a JSON object.")
    return data
