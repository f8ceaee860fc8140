"""Email tests: orders placed and moved through the services, their emails read where they landed."""

from __future__ import annotations

import contextlib
import email
import email.policy
import json
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from email.message import EmailMessage

import boto3
import pytest

from tests.aws import MotoServer


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs the SQL backend's on-commit callbacks as the test's own transaction would on commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@dataclass
class Ses:
    """SES on moto's server, as the shop's sender sees it: verify the sender, read what was sent."""

    address: str
    client: object
    server_url: str

    def verify(self) -> None:
        self.client.create_email_identity(EmailIdentity=self.address)

    def sent(self) -> list[EmailMessage]:
        """Messages SES accepted from this test's sender (moto keeps every one; its data API lists them)."""
        try:
            with urllib.request.urlopen(f"{self.server_url}/moto-api/data.json", timeout=10) as response:
                data = json.load(response)
        except urllib.error.HTTPError as error:
            raise AssertionError(error.read().decode()[-3000:]) from None
        return [email.message_from_string(raw["raw_data"], policy=email.policy.default)
                for raw in data.get("ses", {}).get("RawMessage", []) if self.address in (raw.get("source") or "")]


@pytest.fixture(scope="module")
def ses_server(moto_server):
    """A moto server of the email tests' own: its data API (which lists what SES accepted) dumps every
    resource of every service, and fails on some that other tests leave on the shared server."""
    server = MotoServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def ses(settings, ses_server, monkeypatch):
    """The SES backend against moto's server, with a sender of this test's own (not yet verified).

    Only SES is pointed at that server, through boto3's per-service AWS_ENDPOINT_URL_SESV2."""
    address = f"orders@{uuid.uuid4().hex[:12]}.example.com"
    settings.EMAIL_BACKEND = "notifications.ses.SesEmailBackend"
    settings.SHOP_EMAIL_FROM = f"Cloud Shop <{address}>"
    monkeypatch.setenv("AWS_ENDPOINT_URL_SESV2", ses_server.url)
    client = boto3.client("sesv2")
    yield Ses(address=address, client=client, server_url=ses_server.url)
    with contextlib.suppress(client.exceptions.NotFoundException):
        client.delete_email_identity(EmailIdentity=address)
