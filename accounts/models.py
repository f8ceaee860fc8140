"""Credentials of the GraphQL API: API keys, service tokens and signed-in users' tokens.

These are auth data and live in Django's database beside the users (not behind the shop storage
seam); the API door reaches them through accounts.services. Only a SHA-256 of each secret is
stored: the secrets are long random strings, so a fast hash is enough and a leaked table grants
nothing. The raw value is shown once, when it is issued.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.crypto import constant_time_compare


def hash_secret(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class Credential(models.Model):
    PREFIX = ""

    name = models.CharField(max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters of the secret, so people can tell their keys apart in the admin.
    key_prefix = models.CharField(max_length=16, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(null=True, blank=True, help_text="Empty: never expires.")
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.name or self.key_prefix} ({self.key_prefix}…)"

    def issue_secret(self) -> str:
        """Sets a new random secret and returns it; the caller shows it once, then it is gone."""
        raw = self.PREFIX + secrets.token_urlsafe(32)
        self.key_hash = hash_secret(raw)
        self.key_prefix = raw[: len(self.PREFIX) + 6]
        return raw

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    @classmethod
    def find_active(cls, raw: str):
        """The live credential with this secret, or None (unknown, expired or revoked)."""
        if not raw or not raw.startswith(cls.PREFIX) or len(raw) > 200:
            return None
        found = cls.objects.filter(key_hash=hash_secret(raw)).first()
        return found if found is not None and found.is_active else None


class ApiKey(Credential):
    """AppSync's API key mode: grants the public catalog reads, nothing else."""

    PREFIX = "da2-"

    class Meta:
        verbose_name = "API key"


class ServiceToken(Credential):
    """A machine caller (AppSync's IAM role): may do exactly what its scopes name."""

    PREFIX = "svc-"

    scopes = models.TextField(
        blank=True,
        help_text="Permission names separated by spaces or newlines, e.g. catalog.change_productrecord "
        "orders.change_orderrecord.",
    )

    class Meta:
        verbose_name = "service token"

    @property
    def scope_set(self) -> frozenset[str]:
        return frozenset(self.scopes.split())


class UserToken(Credential):
    """Issued by the signIn mutation, revoked by signOut; sent as `Authorization: Bearer <token>`.

    A token dies with its user's password: it carries a fingerprint of the password hash (Django's
    session auth hash, the same thing that ends sessions on a password change) and is refused once the
    fingerprint no longer matches, however the password changed (the change page, a reset, the admin,
    `set_password` in a shell).
    """

    PREFIX = "usr-"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    password_fingerprint = models.CharField(max_length=128, editable=False, default="")

    class Meta:
        verbose_name = "user token"

    @classmethod
    def issue(cls, user, *, now: datetime | None = None) -> tuple[UserToken, str]:
        token = cls(user=user, name=user.get_username()[:100], password_fingerprint=user.get_session_auth_hash())
        raw = token.issue_secret()
        token.expires_at = (now or timezone.now()) + timedelta(seconds=settings.GRAPHQL_TOKEN_SECONDS)
        token.save()
        return token, raw

    @property
    def password_unchanged(self) -> bool:
        return constant_time_compare(self.password_fingerprint, self.user.get_session_auth_hash())


def new_public_id() -> str:
    return str(uuid.uuid4())


class Identity(models.Model):
    """A user's public id: what API clients see as `userId` and what owns carts and orders.

    Cognito's `sub` for users who sign in through Amazon Cognito, a random UUID for everyone else, never
    the database key (which would leak how many users there are and tie clients to one database).
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True,
                                related_name="identity")
    public_id = models.CharField(max_length=64, unique=True, default=new_public_id, editable=False)
    # Set for users created from a Cognito token: the pool's `sub`, equal to public_id.
    cognito_sub = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "public identity"
        verbose_name_plural = "public identities"

    def __str__(self) -> str:
        return self.public_id


class SignOutEverywhere(models.Model):
    """When the user last asked to be signed out everywhere: sessions started before are ended
    (accounts.middleware), and every token was revoked at that moment (accounts.services)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True,
                                related_name="sign_out_everywhere")
    at = models.DateTimeField()

    class Meta:
        verbose_name = "sign-out everywhere"
