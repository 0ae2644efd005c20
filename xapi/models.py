from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Statement(models.Model):
    """The outbox: one xAPI statement, written in the transaction of what it records and
    delivered to the learning record store afterwards. Its id is the statement's own, stable
    for the event, so a resend is the same statement."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        REJECTED = "rejected", _("Refused by the record store")

    id = models.UUIDField(primary_key=True, editable=False)
    verb = models.CharField(max_length=40)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="xapi_due")]

    def __str__(self) -> str:
        return f"{self.verb} {self.id}"
