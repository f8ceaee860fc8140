"""Credential writes and checks for the API door: issue, verify and revoke keys and tokens.

The GraphQL door authenticates callers with these functions only; it never touches the models.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import User
from django.utils import timezone

from accounts.models import ApiKey, ServiceToken, UserToken


def api_key_create(*, name: str, expires_at: datetime | None) -> tuple[ApiKey, str]:
    """A new API key and its secret, which is shown once and stored only hashed."""
    key = ApiKey(name=name, expires_at=expires_at)
    raw = key.issue_secret()
    key.save()
    return key, raw


def api_key_is_valid(raw: str) -> bool:
    return ApiKey.find_active(raw) is not None


def service_token_scopes(raw: str) -> frozenset[str] | None:
    """The permissions a live service token grants, or None when the token is unknown or dead."""
    if not raw.startswith(ServiceToken.PREFIX):
        return None
    token = ServiceToken.find_active(raw)
    return token.scope_set if token is not None else None


def user_token_issue(*, user: User) -> tuple[UserToken, str]:
    return UserToken.issue(user)


def user_token_find(raw: str) -> UserToken | None:
    """The live token with this secret whose user is still active, or None."""
    token = UserToken.find_active(raw)
    if token is None or not token.user.is_active:
        return None
    return token


def user_token_revoke(token: UserToken) -> None:
    token.revoke()


def user_tokens_revoke_all(*, user: User) -> int:
    """Revokes every live API token of the user (a password reset or change); returns how many."""
    return UserToken.objects.filter(user=user, revoked_at=None).update(revoked_at=timezone.now())
