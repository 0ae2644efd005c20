"""What organisation announces upward: many staff records changed at once (an ESR import).

During ``staff_batch()`` the per-record ``post_save`` receivers of other apps may skip their
work (``batch_active()``); ``staff_changed`` then goes out once, inside the same transaction, with
every profile id the batch touched.
"""

from __future__ import annotations

import contextlib
import contextvars

from django.dispatch import Signal

staff_changed = Signal()  # sent with profile_ids=[...]

_batch: contextvars.ContextVar[set | None] = contextvars.ContextVar("staff_batch", default=None)


def batch_active() -> bool:
    return _batch.get() is not None


@contextlib.contextmanager
def staff_batch():
    """Collect the ids of the profiles changed inside the block; announce them at its end."""
    touched: set[int] = set()
    token = _batch.set(touched)
    try:
        yield touched
    finally:
        _batch.reset(token)
    if touched:
        from .models import StaffProfile

        staff_changed.send(sender=StaffProfile, profile_ids=sorted(touched))
