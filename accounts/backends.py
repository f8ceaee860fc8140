"""Django's ModelBackend, with the user of a signed-in request read from the shared cache.

Every signed-in page loads its user from the session's user id; the cache holds the user row (never its
permission caches) for USER_CACHE_SECONDS, and any change to the user (a save: password, active, staff;
a delete) removes it at once (accounts.signals). Permissions are still read from the database when a
request asks for them. A bulk `update()` of users bypasses the signal and shows within
USER_CACHE_SECONDS.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User
from django.core.cache import cache

USER_CACHE_SECONDS = 300
PATH = "accounts.backends.CachedModelBackend"  # what sessions record as their backend
# Attributes Django caches on a user object; never shared between requests.
_REQUEST_CACHES = ("_perm_cache", "_user_perm_cache", "_group_perm_cache", "identity")


class CachedModelBackend(ModelBackend):
    def get_user(self, user_id) -> User | None:
        key = entry(user_id)
        user = cache.get(key)
        if user is None:
            user = super().get_user(user_id)  # None when missing, or inactive
            if user is None:
                return None
            for name in _REQUEST_CACHES:
                user.__dict__.pop(name, None)
            user._state.fields_cache.pop("identity", None)
            cache.set(key, user, USER_CACHE_SECONDS)
        return user if self.user_can_authenticate(user) else None


def entry(user_id) -> str:
    return f"accounts:user:{user_id}"


def forget_user(user_id) -> None:
    cache.delete(entry(user_id))
