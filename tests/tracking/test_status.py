"""Every status, including the renewal edges (the day before and the day of expiry)."""

import datetime

import pytest

from tracking import status as st

TODAY = datetime.date(2026, 11, 26)


def s(**kwargs):
    defaults = {
        "today": TODAY,
        "due": None,
        "completed_on": None,
        "expires_on": None,
        "started": False,
    }
    return st.status_for(**{**defaults, **kwargs})


def test_not_started_and_in_progress_when_due_is_far():
    far = TODAY + datetime.timedelta(days=31)
    assert s(due=far) == st.NOT_STARTED
    assert s(due=far, started=True) == st.IN_PROGRESS
    assert s() == st.NOT_STARTED


@pytest.mark.parametrize(
    "days,expected", [(30, st.DUE_SOON), (0, st.DUE_SOON), (-1, st.OVERDUE), (31, st.NOT_STARTED)]
)
def test_due_soon_and_overdue_edges(days, expected):
    assert s(due=TODAY + datetime.timedelta(days=days)) == expected


def test_completed_without_renewal_stays_completed():
    assert s(
        completed_on=TODAY - datetime.timedelta(days=4000),
        due=TODAY - datetime.timedelta(days=4100),
    ) == (st.COMPLETED)


@pytest.mark.parametrize(
    "days_to_expiry,expected",
    [
        (61, st.COMPLETED),
        (60, st.EXPIRING_SOON),
        (1, st.EXPIRING_SOON),
        (0, st.EXPIRED),
        (-1, st.EXPIRED),
    ],
)
def test_renewal_edges(days_to_expiry, expected):
    expires = TODAY + datetime.timedelta(days=days_to_expiry)
    assert (
        s(completed_on=expires - datetime.timedelta(days=3 * 365), expires_on=expires) == expected
    )


def test_expiry_adds_calendar_months():
    assert st.expiry(datetime.date(2024, 2, 29), 36) == datetime.date(2027, 2, 28)
    assert st.expiry(datetime.date(2026, 1, 1), None) is None
