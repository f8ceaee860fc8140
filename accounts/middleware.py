"""Ends a session whose user has since asked to be signed out everywhere (accounts.services)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

from accounts.services import SIGNED_IN_AT, user_signed_out_since


class SignOutEverywhereMiddleware:
    """One indexed lookup per signed-in request; anonymous requests cost nothing."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user_signed_out_since(
            user_id=user.pk, signed_in_at=request.session.get(SIGNED_IN_AT)
        ):
            logout(request)
        return self.get_response(request)
