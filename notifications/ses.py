"""Django email backend for Amazon SES (the SES v2 API through boto3's standard configuration).

EMAIL_BACKEND=notifications.ses.SesEmailBackend (or `ses`). Region, credentials and endpoint come
from the environment like every other AWS client here (AWS_REGION, a role, AWS_ENDPOINT_URL for a
local endpoint). Each message goes as raw MIME, so the HTML alternative and headers are kept. The
client retries throttling and 5xx itself; anything left raises, and the outbox retries it later.
"""

from __future__ import annotations

import boto3
from botocore.config import Config
from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage

CLIENT_CONFIG = Config(retries={"mode": "standard", "max_attempts": 3}, connect_timeout=5, read_timeout=15)


class SesEmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently: bool = False, **kwargs: object) -> None:
        super().__init__(fail_silently=fail_silently, **kwargs)
        self.client = None

    def open(self) -> bool:
        if self.client is not None:
            return False
        self.client = boto3.client("sesv2", config=CLIENT_CONFIG)
        return True

    def close(self) -> None:
        self.client = None

    def send_messages(self, email_messages: list[EmailMessage]) -> int:
        if not email_messages:
            return 0
        self.open()
        sent = 0
        for message in email_messages:
            recipients = message.recipients()
            if not recipients:
                continue
            request = {
                "FromEmailAddress": message.from_email,
                "Destination": {"ToAddresses": recipients},
                "Content": {"Raw": {"Data": message.message().as_bytes(linesep="\r\n")}},
            }
            if settings.SES_CONFIGURATION_SET:
                request["ConfigurationSetName"] = settings.SES_CONFIGURATION_SET
            try:
                self.client.send_email(**request)
            except Exception:
                if not self.fail_silently:
                    raise
                continue
            sent += 1
        return sent
