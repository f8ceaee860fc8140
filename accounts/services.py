"""Credential writes and checks for the API door: issue, verify and revoke keys and tokens.

The GraphQL door authenticates callers with these functions only; it never touches the models.
"""

from __future__ import annotations

import math
import time
from datetime import datetime, timedelta
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth import get_user
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from accounts.models import ApiKey, Identity, ServiceToken, SignOutEverywhere, UserToken, hash_secret
from core.errors import ValidationError
from core.local_cache import LocalCache

SIGNED_IN_AT = "signed_in_at"  # the session key a sign-out-everywhere is compared with (accounts.middleware)

# How long a verified API key is trusted from the shared cache; a revocation clears it at once.
API_KEY_CACHE_SECONDS = 60
# And from each process's own table, which spares a busy key the shared-cache read: a revoked key stops
# working at once on the instance that revoked it, and within these seconds on every other.
API_KEY_LOCAL_SECONDS = 2
local_api_keys = LocalCache(1024)
# Asked on every signed-in request; user_sign_out_everywhere clears it.
SIGNED_OUT_CACHE_SECONDS = 3600
_public_ids = LocalCache(10_000)  # accounts -> public id, per process (about 2 MB)

# As in AppSync: an API key lives from 1 to 365 days (and can be extended, within 365 days from now).
API_KEY_MIN_DAYS, API_KEY_MAX_DAYS = 1, 365


def api_key_expiry(*, days: int) -> datetime:
    if isinstance(days, bool) or not isinstance(days, int) or not API_KEY_MIN_DAYS <= days <= API_KEY_MAX_DAYS:
        raise ValidationError(f"An API key expires after {API_KEY_MIN_DAYS} to {API_KEY_MAX_DAYS} days.",
                              field="days")
    return timezone.now() + timedelta(days=days)


def check_api_key_expiry(expires_at: datetime | None) -> None:
    """An expiry staff set by hand: within AppSync's window, counted from now."""
    now = timezone.now()
    if expires_at is None or not now + timedelta(days=API_KEY_MIN_DAYS) - timedelta(minutes=5) <= expires_at \
            <= now + timedelta(days=API_KEY_MAX_DAYS):
        raise ValidationError(f"An API key expires {API_KEY_MIN_DAYS} to {API_KEY_MAX_DAYS} days from now.",
                              field="expires_at")


def api_key_create(*, name: str, days: int) -> tuple[ApiKey, str]:
    """A new API key and its secret, which is shown once and stored only hashed."""
    key = ApiKey(name=name, expires_at=api_key_expiry(days=days))
    raw = key.issue_secret()
    key.save()
    return key, raw


def api_key_is_valid(raw: str, *, local_only: bool = False) -> bool:
    """Whether this is a live API key, answered from the shared cache without a database read on each
    request: an entry holds the key's expiry (0 when unknown or revoked) for API_KEY_CACHE_SECONDS, and any
    change to a key (revoked, edited, deleted) removes its entry at once (accounts.signals); each process
    keeps what it read for API_KEY_LOCAL_SECONDS. `local_only`: from that table alone (a key it does not
    hold is not valid), for a caller that must not wait for the shared cache."""
    if not raw.startswith(ApiKey.PREFIX) or len(raw) > 200:
        return False
    key_hash = hash_secret(raw)
    entry = _api_key_entry(key_hash)
    expires = local_api_keys.get(entry)
    if expires is None:
        if local_only:
            return False
        expires = cache.get(entry)
        if expires is None:
            found = ApiKey.objects.filter(key_hash=key_hash).first()
            expires = 0.0 if found is None or not found.is_active else (
                found.expires_at.timestamp() if found.expires_at else math.inf)
            cache.set(entry, expires, API_KEY_CACHE_SECONDS)
        local_api_keys.set(entry, expires, API_KEY_LOCAL_SECONDS)
    return expires > time.time()


def api_key_forget(*, key_hash: str) -> None:
    cache.delete(_api_key_entry(key_hash))
    local_api_keys.delete(_api_key_entry(key_hash))


def _api_key_entry(key_hash: str) -> str:
    return f"accounts:api-key:{key_hash}"


def service_token_scopes(raw: str) -> frozenset[str] | None:
    """The permissions a live service token grants, or None when the token is unknown or dead."""
    if not raw.startswith(ServiceToken.PREFIX):
        return None
    token = ServiceToken.find_active(raw)
    return token.scope_set if token is not None else None


def user_token_issue(*, user: User) -> tuple[UserToken, str]:
    return UserToken.issue(user)


def user_token_find(raw: str) -> UserToken | None:
    """The live token with this secret whose user is still active with the same password, or None."""
    token = UserToken.find_active(raw)
    if token is None or not token.user.is_active or not token.password_unchanged:
        return None
    return token


def user_token_revoke(token: UserToken) -> None:
    token.revoke()


def public_user_id(user: User) -> str:
    """The user's public id (see Identity), made on first use; what carts and orders are owned by.
    It never changes, so each process remembers it: a signed-in page needs no query for it. (Keyed with
    the account's creation time too, so a database whose ids start over, as a test's does, is no trap.)"""
    account = f"{user.pk}:{user.date_joined.isoformat()}"
    public_id = _public_ids.get(account)
    if public_id is None:
        try:
            public_id = user.identity.public_id
        except Identity.DoesNotExist:
            identity, _ = Identity.objects.get_or_create(user=user)
            user.identity = identity
            public_id = identity.public_id
        _public_ids.set(account, public_id, math.inf)
    return public_id


def user_token_count(*, user: User) -> int:
    """How many tokens of the user are live (shown on the account page)."""
    return sum(1 for token in UserToken.objects.filter(user=user, revoked_at__isnull=True) if token.is_active
               and token.password_unchanged)


def user_tokens_revoke_all(*, user: User) -> int:
    """Revokes every live token of the user; returns how many."""
    return UserToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


def user_sign_out_everywhere(*, user: User) -> None:
    """Ends every session the user has (at their next request) and revokes every token."""
    with transaction.atomic():
        SignOutEverywhere.objects.update_or_create(user=user, defaults={"at": timezone.now()})
        user_tokens_revoke_all(user=user)
        # Now, and again once committed: a request reading the old time meanwhile may have cached it.
        cache.delete(_signed_out_entry(user.pk))
        transaction.on_commit(lambda: cache.delete(_signed_out_entry(user.pk)))


def user_signed_out_since(*, user_id: int, signed_in_at: float | None) -> bool:
    """True when the user asked to be signed out everywhere after `signed_in_at` (a POSIX time). Asked on
    every signed-in request, so the answer's source (the time, or 0 for never) sits in the shared cache;
    user_sign_out_everywhere clears it."""
    at = cache.get(_signed_out_entry(user_id))
    if at is None:
        found = SignOutEverywhere.objects.filter(user_id=user_id).values_list("at", flat=True).first()
        at = found.timestamp() if found is not None else 0.0
        cache.set(_signed_out_entry(user_id), at, SIGNED_OUT_CACHE_SECONDS)
    return bool(at) and (signed_in_at is None or signed_in_at < at)


def _signed_out_entry(user_id: int) -> str:
    return f"accounts:signed-out:{user_id}"


def session_user(session_key: str) -> User | None:
    """The active user a session cookie speaks for, checked as a page request's would be (the password
    hash it was made with, sign out everywhere): for connections that are not Django requests (WebSocket)."""
    if not session_key or len(session_key) > 64:
        return None
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")(session_key=session_key)
    user = get_user(SimpleNamespace(session=store))
    if not user.is_authenticated or not user.is_active:
        return None
    if user_signed_out_since(user_id=user.pk, signed_in_at=store.get(SIGNED_IN_AT)):
        return None
    return user
