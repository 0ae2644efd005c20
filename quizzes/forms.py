"""Reading answers out of a posted form: inputs named ``q<id>`` or ``q<id>-<part>``."""

import re

FIELD = re.compile(r"^q(\d{1,9})(?:-([A-Za-z0-9_-]{1,64}))?$")
MAX_PARTS = 100


def answers_from_post(data) -> dict[int, object]:
    """``{question_id: raw}``: values of ``q<id>`` as a list; ``q<id>-part`` inputs as a dict."""
    answers: dict[int, object] = {}
    for key in data:
        match = FIELD.match(key)
        if not match:
            continue
        question_id, part = int(match[1]), match[2]
        if part is None:
            answers[question_id] = data.getlist(key)
        else:
            parts = answers.setdefault(question_id, {})
            if isinstance(parts, dict) and len(parts) < MAX_PARTS:
                parts[part] = data.get(key, "")
    return answers
