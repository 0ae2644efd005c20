"""Small helpers the journeys share: answering a quiz on the page, and keyboard navigation."""

from quizzes.models import QuizAttempt
from tests import builders


def open_attempt(email: str, purpose: str) -> QuizAttempt:
    """The attempt the live server just made; read on a fresh connection so it is never stale."""
    from django.db import connection

    connection.close()
    return QuizAttempt.objects.filter(
        user__email=email, purpose=purpose, status="in_progress"
    ).latest("pk")


def right_answers(attempt: QuizAttempt) -> dict:
    return {question.pk: builders.right_raw(question) for question in attempt.questions()}


def fill_with_mouse(page, answers: dict) -> None:
    """Answer on the page as a person would: click labels, pick from lists, type."""
    for question_id, raw in answers.items():
        if isinstance(raw, dict):
            for part, value in raw.items():
                field = page.locator(f'[name="q{question_id}-{part}"]')
                if field.evaluate("e => e.tagName") == "SELECT":
                    field.select_option(value)
                else:
                    field.fill(value)
            continue
        for value in raw:
            choice = page.locator(f'input[name="q{question_id}"][value="{value}"]')
            if choice.count():
                page.locator(f'label[for="{choice.get_attribute("id")}"]').click()
            else:
                page.locator(f'textarea[name="q{question_id}"]').fill(value)


def focused(page) -> dict:
    return page.evaluate(
        """() => { const e = document.activeElement; return {tag: e.tagName, name: e.name || '',
        type: e.type || '', value: e.value || '', text: (e.innerText || '').trim(), id: e.id || '',
        outline: getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).boxShadow}; }"""
    )


def tab_to(page, predicate, *, limit: int = 250, backwards: bool = False) -> dict:
    """Press Tab (or Shift+Tab) until the focused element matches; fail if it never does."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        element = focused(page)
        if predicate(element):
            return element
    raise AssertionError("Never reached the element with the keyboard")


def fill_with_keyboard(page, answers: dict) -> None:
    """Answer using only Tab, arrow keys, Space and typing."""
    for question_id, raw in answers.items():
        if isinstance(raw, dict):
            for part, value in raw.items():
                name = f"q{question_id}-{part}"
                element = tab_to(page, lambda e, name=name: e["name"] == name)
                if element["tag"] == "SELECT":
                    options = page.locator(f'[name="{name}"] option').evaluate_all(
                        "os => os.map(o => o.value)"
                    )
                    page.keyboard.press("Home")
                    for _ in range(options.index(value)):
                        page.keyboard.press("ArrowDown")
                else:
                    page.keyboard.type(value)
            continue
        name = f"q{question_id}"
        first = tab_to(page, lambda e, name=name: e["name"] == name)
        if first["tag"] == "TEXTAREA":
            page.keyboard.type(raw[0])
        elif first["type"] == "radio":
            values = page.locator(f'input[name="{name}"]').evaluate_all(
                "es => es.map(e => e.value)"
            )
            target = values.index(raw[0])
            current = values.index(first["value"])
            page.keyboard.press("Space")  # select the focused option first
            for _ in range((target - current) % len(values)):
                page.keyboard.press("ArrowDown")
        else:  # checkboxes: Tab through the group, Space on each that should be ticked
            values = page.locator(f'input[name="{name}"]').evaluate_all(
                "es => es.map(e => e.value)"
            )
            for index, value in enumerate(values):
                if index:
                    page.keyboard.press("Tab")
                if value in raw:
                    page.keyboard.press("Space")
