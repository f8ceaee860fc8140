"""Delivers queued email in a background thread of the web process, after the response's write committed.

The shopper's request only writes the outbox row; the send (an SES call, or a slow SMTP server)
happens here, so it can neither fail nor slow a checkout. Each run also retries whatever else is
due, so a failed email is retried on the next one; `manage.py send_outbox` covers quiet times.
With EMAIL_DELIVERY=command the web process never sends and the command does it all.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from django.conf import settings
from django.db import connection

from notifications.services import outbox_deliver

logger = logging.getLogger(__name__)

_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="email-outbox")
_lock = threading.Lock()
_pending: Future | None = None


def deliver_soon() -> Future | None:
    """Schedules one delivery run unless one is already waiting to start (it will see the new row)."""
    global _pending
    if settings.EMAIL_DELIVERY != "background":
        return None
    with _lock:
        if _pending is not None and not _pending.running() and not _pending.done():
            return _pending
        _pending = _executor.submit(_run)
        return _pending


def _run() -> None:
    try:
        outbox_deliver()
    except Exception:  # the outbox itself unreachable (database locked, ...): the rows wait for the next run
        logger.exception("email delivery run failed")
    finally:
        connection.close()  # this thread's own database connection


def wait_idle(timeout: float = 30) -> None:
    """Blocks until the scheduled delivery run has finished (tests, a graceful shutdown)."""
    pending = _pending
    if pending is not None:
        pending.result(timeout=timeout)
