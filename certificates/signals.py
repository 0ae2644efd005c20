"""Signals that let apps above certificates act on its events, without an import from below."""

from django.dispatch import Signal

# Sent inside the transaction that makes a certificate, with ``certificate``: the CPD record adds
# its automatic entry in the same transaction.
certificate_issued = Signal()
