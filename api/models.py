"""The real-time bus's log when it runs on Django's database (api.realtime.bus.DatabaseBus)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class RealtimeEvent(models.Model):
    """One event for subscribers: written once a change has committed, read by every serving process
    that polls for rows newer than the last it saw, and deleted after a few minutes."""

    id = models.BigAutoField(primary_key=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    message = models.TextField()

    class Meta:
        verbose_name = "real-time event"
        default_permissions = ()  # nothing for staff to do with it
