"""Credentials die together: a deactivated account loses every token at once.

(A password change needs no signal: tokens carry a fingerprint of the password hash and are refused
once it changes. A deactivation through a bulk `update()` skips signals, which is why
accounts.services.user_token_find also checks `is_active`; this makes the revocation visible and
permanent, so re-activating the account does not bring old tokens back.)
"""

from __future__ import annotations

import time

from django.contrib.auth.models import User
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.backends import forget_user
from accounts.models import ApiKey
from accounts.services import SIGNED_IN_AT, api_key_forget, user_tokens_revoke_all


@receiver(post_save, sender=User, dispatch_uid="accounts.revoke_tokens_of_deactivated_users")
def revoke_tokens_of_deactivated_users(sender, instance: User, created: bool, **kwargs) -> None:
    if not created and not instance.is_active:
        user_tokens_revoke_all(user=instance)


@receiver(post_save, sender=User, dispatch_uid="accounts.forget_changed_users")
@receiver(post_delete, sender=User, dispatch_uid="accounts.forget_deleted_users")
def forget_changed_users(sender, instance: User, **kwargs) -> None:
    """Signed-in requests read their user from the cache (accounts.backends): a change shows at once."""
    forget_user(instance.pk)


@receiver(user_logged_in, dispatch_uid="accounts.remember_when_signed_in")
def remember_when_signed_in(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = time.time()


@receiver(post_save, sender=ApiKey, dispatch_uid="accounts.forget_changed_api_keys")
@receiver(post_delete, sender=ApiKey, dispatch_uid="accounts.forget_deleted_api_keys")
def forget_changed_api_keys(sender, instance: ApiKey, **kwargs) -> None:
    """A revoked, edited or deleted API key stops working on the next request (accounts.services)."""
    api_key_forget(key_hash=instance.key_hash)
