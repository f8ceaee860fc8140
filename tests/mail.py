"""Reading the emails the shop sent: the file backend's folder (development) and parsed messages."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from pathlib import Path

SENDER = "Cloud Shop <orders@shop.example.com>"


def use_mail_folder(settings, tmp_path: Path) -> Path:
    """Django's file backend writing into a fresh folder, as in development."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    settings.SHOP_EMAIL_FROM = SENDER
    return tmp_path / "mail"


def read_mail_folder(folder) -> list[EmailMessage]:
    """Every message the file backend wrote (one file per connection, messages separated by a rule)."""
    messages = []
    for path in sorted(folder.iterdir()) if folder.exists() else []:
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk.strip() + b"\n", policy=email.policy.default))
    return messages


def text_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


