"""Delivers queued email: once (cron), or in a loop (a sidecar beside the web processes)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser

from notifications.services import outbox_deliver, outbox_retry_failed


class Command(BaseCommand):
    help = "Send the emails due in the outbox; failed sends are retried later with a growing wait."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="keep delivering every --interval seconds")
        parser.add_argument("--interval", type=float, default=30.0, help="seconds between runs with --loop")
        parser.add_argument("--retry-failed", action="store_true",
                            help="first offer again the emails whose retries ran out")

    def handle(self, *args: object, loop: bool, interval: float, retry_failed: bool, **options: object) -> None:
        if not 1 <= interval <= 3600:
            self.stderr.write("error: --interval must be from 1 to 3600 seconds.")
            raise SystemExit(2)
        if retry_failed:
            self.stdout.write(f"{outbox_retry_failed()} failed email(s) queued again.")
        while True:
            report = outbox_deliver()
            if report.sent or report.failed or not loop:
                self.stdout.write(f"{report.sent} sent, {report.failed} failed"
                                  + (f" ({report.gave_up} gave up)" if report.gave_up else "") + ".")
            if not loop:
                return
            time.sleep(interval)
