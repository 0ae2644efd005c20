"""Ralph's LRS API (ralph-malph 5.1.0) with its file-system backend, as the tests run it.

Two faults of that backend in 5.1.0 are mended here, and nothing else is changed:
1. ``FSLRSBackend.write`` uses the data backend's default operation, "create", which refuses to
   write once the statements file exists: only the first statement was ever stored. It appends.
2. The ``verb`` and ``activity`` query filters compare an IRI object with a plain string, so
   they never matched. They compare strings.

Run with: ``uvicorn app:app`` (see tests/support/lrs.py for the environment it needs).
"""

from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

_write = FSLRSBackend.write
_by_verb = FSLRSBackend._add_filter_by_verb
_by_activity = FSLRSBackend._add_filter_by_activity


def _append(self, data, target=None, chunk_size=None, ignore_errors=False, operation_type=None):
    operation = operation_type or BaseOperationType.APPEND
    return _write(self, data, target, chunk_size, ignore_errors, operation)


def _verb(filters, verb_id):
    return _by_verb(filters, str(verb_id) if verb_id else verb_id)


def _activity(filters, object_id, related):
    return _by_activity(filters, str(object_id) if object_id else object_id, related)


FSLRSBackend.write = _append
FSLRSBackend._add_filter_by_verb = staticmethod(_verb)
FSLRSBackend._add_filter_by_activity = staticmethod(_activity)

from ralph.api import app  # noqa: E402,F401
