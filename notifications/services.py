"""Queueing and delivering email through the outbox (notifications.models.OutboxEmail).

`email_enqueue` writes the row; `outbox_deliver` sends what is due through Django's email backend
(SES in production, files or the console in development). Each row is claimed with a conditional
update before it is sent, so two workers never send the same email. A failed send is logged and
tried again later, each wait twice the one before, until MAX_ATTEMPTS.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.utils import timezone

from notifications.models import OutboxEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10  # about 8.5 hours of retries: 1, 2, 4 ... minutes, each wait capped at MAX_BACKOFF
FIRST_BACKOFF = timedelta(minutes=1)
MAX_BACKOFF = timedelta(hours=2)
# A claimed row is not offered to another worker for this long; a worker that died mid-send frees it then.
CLAIM_LEASE = timedelta(minutes=5)
BATCH = 50


@dataclass(frozen=True)
class Draft:
    """A rendered email, before it is queued."""

    to: str
    subject: str
    text: str
    html: str = ""


@dataclass(frozen=True)
class DeliveryReport:
    sent: int = 0
    failed: int = 0  # attempts that failed this run (retried later, or given up)
    gave_up: int = 0


def email_enqueue(*, kind: str, draft: Draft, reference: str = "", sensitive: bool = False) -> OutboxEmail | None:
    """Queues one email; None when an email of this kind about `reference` is already queued or sent."""
    row = OutboxEmail(kind=kind, reference=reference, to_email=draft.to, from_email=settings.SHOP_EMAIL_FROM,
                      subject=" ".join(draft.subject.split())[:200], body_text=draft.text, body_html=draft.html,
                      sensitive=sensitive)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:  # the same event told twice: one email is enough
        return None
    logger.info("email queued", extra={"fields": {"outboxId": row.pk, "kind": kind}})
    return row


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt: 1, 2, 4 ... minutes, at most MAX_BACKOFF."""
    return min(FIRST_BACKOFF * (2 ** max(0, attempts - 1)), MAX_BACKOFF)


def outbox_deliver(*, now: datetime | None = None, limit: int = BATCH) -> DeliveryReport:
    """Sends up to `limit` due emails, oldest due first."""
    now = now or timezone.now()
    due = list(OutboxEmail.objects.filter(sent_at=None, failed_at=None, next_attempt_at__lte=now)
               .order_by("next_attempt_at", "id")[:limit])
    sent = failed = gave_up = 0
    connection = None
    for row in due:
        if not _claim(row, now):
            continue  # another worker took it
        connection = connection or get_connection(fail_silently=False)
        try:
            connection.send_messages([_message(row, connection)])
        except Exception as error:  # any backend failure (network, SES refusal, a full disk) is retried
            failed += 1
            gave_up += _record_failure(row, error, now)
            connection = None  # start afresh: the failure may have broken the connection
        else:
            sent += 1
            _record_success(row)
    return DeliveryReport(sent=sent, failed=failed, gave_up=gave_up)


def outbox_retry_failed() -> int:
    """Offers the emails whose retries ran out for delivery again (after an outage was fixed)."""
    return OutboxEmail.objects.filter(sent_at=None).exclude(failed_at=None).update(
        failed_at=None, attempts=0, next_attempt_at=timezone.now())


def _claim(row: OutboxEmail, now: datetime) -> bool:
    claimed = OutboxEmail.objects.filter(pk=row.pk, sent_at=None, failed_at=None,
                                         next_attempt_at=row.next_attempt_at).update(next_attempt_at=now + CLAIM_LEASE)
    return bool(claimed)


def _message(row: OutboxEmail, connection) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(row.subject, row.body_text, row.from_email, [row.to_email],
                                     connection=connection)
    if row.body_html:
        message.attach_alternative(row.body_html, "text/html")
    return message


def _record_success(row: OutboxEmail) -> None:
    changes = {"sent_at": timezone.now(), "attempts": row.attempts + 1, "last_error": ""}
    if row.sensitive:
        changes.update(body_text="", body_html="")
    OutboxEmail.objects.filter(pk=row.pk).update(**changes)
    logger.info("email sent", extra={"fields": {"outboxId": row.pk, "kind": row.kind}})


def _record_failure(row: OutboxEmail, error: Exception, now: datetime) -> int:
    """Schedules the next attempt, or gives up after MAX_ATTEMPTS; returns 1 when it gave up."""
    attempts = row.attempts + 1
    detail = f"{type(error).__name__}: {error}"[:2000]
    if attempts >= MAX_ATTEMPTS:
        OutboxEmail.objects.filter(pk=row.pk).update(attempts=attempts, last_error=detail, failed_at=now)
        logger.error("email not sent, retries exhausted (manage.py send_outbox --retry-failed offers it again): %s",
                     detail, extra={"fields": {"outboxId": row.pk, "kind": row.kind}})
        return 1
    retry_at = now + backoff(attempts)
    OutboxEmail.objects.filter(pk=row.pk).update(attempts=attempts, last_error=detail, next_attempt_at=retry_at)
    logger.warning("email not sent, retrying at %s: %s", retry_at.isoformat(), detail,
                   extra={"fields": {"outboxId": row.pk, "kind": row.kind}})
    return 0
