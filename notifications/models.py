"""The email outbox: every email the shop sends is first a row here, in Django's database.

A row is written once the write it reports has committed (or, for a password reset, when asked),
then delivered after the response by a background thread or `manage.py send_outbox`. A failed send
stays here with its error and a time for the next attempt, so an email is retried, never lost.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone


class OutboxEmail(models.Model):
    class Kind(models.TextChoices):
        ORDER_PLACED = "order_placed", "Order confirmation"
        ORDER_SHIPPED = "order_shipped", "Order shipped"
        ORDER_CANCELLED = "order_cancelled", "Order cancelled"
        PASSWORD_RESET = "password_reset", "Password reset"

    kind = models.CharField(max_length=32, choices=Kind.choices)
    # What the email is about (an order id), so one event queues one email however often it is told.
    reference = models.CharField(max_length=64, blank=True)
    to_email = models.EmailField(max_length=254)
    from_email = models.CharField(max_length=320)
    subject = models.CharField(max_length=200)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    # Bodies holding a secret (a password reset link) are erased once sent.
    sensitive = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True, help_text="Set when the retries ran out.")

    class Meta:
        db_table = "notifications_outbox"
        verbose_name = "outbox email"
        indexes = [
            models.Index(fields=["next_attempt_at"], name="outbox_due",
                         condition=Q(sent_at__isnull=True, failed_at__isnull=True)),
            models.Index(fields=["reference", "kind"], name="outbox_reference"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["kind", "reference"], condition=~Q(reference=""),
                                    name="outbox_one_email_per_event"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.to_email}"

    @property
    def status(self) -> str:
        if self.sent_at is not None:
            return "sent"
        return "failed" if self.failed_at is not None else "queued"
