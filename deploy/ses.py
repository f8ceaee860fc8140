"""The SES sender identity (SHOP_EMAIL_FROM): provision checks it exists and says whether SES verified it.

SES sends only from verified identities. Creating an email-address identity makes SES mail a
verification link to that address; a domain identity (if the operator made one) covers every
address at the domain. Nothing here can click the link: the report says what is still to do.
"""

from __future__ import annotations

from email.utils import parseaddr

from botocore.exceptions import ClientError

from core.aws import error_code
from deploy.errors import DeployError
from deploy.report import Report


def sender_address(sender: str) -> str:
    _name, address = parseaddr(sender)
    if "@" not in address:
        raise DeployError(f"SHOP_EMAIL_FROM={sender!r} is not an email address like Cloud Shop <shop@example.com>.")
    return address.lower()


def ensure_sender_identity(client, sender: str, report: Report) -> None:
    address = sender_address(sender)
    domain = address.rsplit("@", 1)[1]
    for identity in (address, domain):
        status = _verification(client, identity)
        if status is not None:
            report.unchanged("ses identity", identity, status)
            return
    report.created("ses identity", address, "SES mails a verification link to it: click it before the shop sends")
    if not report.dry_run:
        client.create_email_identity(EmailIdentity=address)


def _verification(client, identity: str) -> str | None:
    try:
        found = client.get_email_identity(EmailIdentity=identity)
    except ClientError as error:
        if error_code(error) in {"NotFoundException", "NotFound"}:
            return None
        raise
    if found.get("VerifiedForSendingStatus"):
        return "verified for sending"
    return f"verification {str(found.get('VerificationStatus') or 'PENDING').lower()}: not yet allowed to send"
