"""Which cart a request uses: the signed-in user's, or a guest cart whose id lives in the session."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest

from accounts.services import public_user_id
from cart.domain import guest_owner, user_owner
from cart.services import cart_merge
from core.ids import new_id

GUEST_KEY = "guest_cart_id"
COUNT_KEY = "cart_count"


def cart_owner(request: HttpRequest, *, create: bool = False) -> str | None:
    """The owner key of this request's cart; a guest gets one only when `create` (first add)."""
    if request.user.is_authenticated:
        return user_owner(public_user_id(request.user))
    guest_id = request.session.get(GUEST_KEY)
    if guest_id is None and create:
        guest_id = request.session[GUEST_KEY] = new_id()
    return guest_owner(guest_id) if guest_id else None


def guest_cart_owner(request: HttpRequest) -> str | None:
    guest_id = request.session.get(GUEST_KEY)
    return guest_owner(guest_id) if guest_id else None


def claim_guest_cart(request: HttpRequest, user: User, *, guest: str | None) -> None:
    """Moves the guest cart `guest` (read before sign-in rotated the session) into the user's cart and
    forgets it. The one place this happens: the sign-in and sign-up pages and GraphQL's signIn call it."""
    if guest:
        cart_merge(source_owner=guest, target_owner=user_owner(public_user_id(user)))
        request.session.pop(GUEST_KEY, None)


def remember_count(request: HttpRequest, count: int) -> None:
    """Keeps the header badge's count in the session. An unchanged count is not written back, and a
    count of 0 is not written into a session that has none: a shopper who only looks at an empty cart
    gets no session row (the guest cart gets one on its first write)."""
    if request.session.get(COUNT_KEY, 0) != count:
        request.session[COUNT_KEY] = count


def cart_count(request: HttpRequest) -> int:
    session = getattr(request, "session", None)
    return session.get(COUNT_KEY, 0) if session is not None else 0
