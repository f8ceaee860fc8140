"""Who is calling: AppSync's authorization modes, implemented with Django's means.

- API key (`x-api-key`): the public catalog reads.
- Signed-in user: a token from `signIn` or an Amazon Cognito user-pool token (`Authorization`, with or
  without `Bearer`), or the Django session (same origin, CSRF enforced).
- Staff / service (AppSync's IAM role): staff users with Django model permissions, or a service
  token whose scopes name those permissions.
Resolvers check with `authorize(info, ...)`; a denial raises Unauthorized before any side effect.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest
from django.middleware.csrf import CsrfViewMiddleware

from accounts import cognito
from accounts.models import UserToken
from accounts.services import api_key_is_valid, public_user_id, service_token_scopes, user_token_find
from api.errors import Unauthorized
from cart.domain import user_owner

ANONYMOUS, API_KEY, USER, SERVICE, PAGE = "anonymous", "apiKey", "user", "service", "page"


@dataclass(frozen=True)
class Caller:
    kind: str = ANONYMOUS
    user: User | None = None
    scopes: frozenset[str] = field(default_factory=frozenset)
    token: UserToken | None = None

    @property
    def is_user(self) -> bool:
        return self.kind == USER and self.user is not None

    @property
    def user_id(self) -> str:
        """The public id (accounts.Identity): what owns the caller's cart and orders, and `userId`."""
        return public_user_id(self.user) if self.user is not None else ""

    @property
    def cart_owner(self) -> str:
        return user_owner(self.user_id) if self.user is not None else ""

    def can_read_public(self) -> bool:
        # PAGE: the shop's own pages over a same-origin WebSocket (api/realtime), like a signed-out shopper.
        return self.kind != ANONYMOUS

    def has_perm(self, perm: str) -> bool:
        if self.kind == SERVICE:
            return perm in self.scopes
        user = self.user
        return self.is_user and user.is_active and user.is_staff and user.has_perm(perm)


def authenticate(request: HttpRequest) -> Caller:
    header = request.headers.get("Authorization", "").strip()
    if not header:
        user = getattr(request, "user", AnonymousUser())
        if user.is_authenticated and user.is_active and _csrf_passes(request):
            return Caller(kind=USER, user=user)
    return caller_for_credentials(authorization=header, api_key=request.headers.get("x-api-key", ""))


def caller_for_credentials(*, authorization: str, api_key: str, local_only: bool = False) -> Caller:
    """The caller an `Authorization` header and an `x-api-key` make (HTTP requests and WebSocket headers).

    A credential that was sent but is not valid counts for nothing; the API key may still apply.
    `local_only` (an API key alone): from this process's table of verdicts, never the shared cache.
    """
    if authorization.strip():
        caller = _bearer(token_of(authorization.strip()))
        if caller is not None:
            return caller
    if api_key_is_valid(api_key, local_only=local_only):
        return Caller(kind=API_KEY)
    return Caller()


def token_of(header: str) -> str:
    """The token in an Authorization header: `Bearer <token>`, or the bare token as Amplify sends it in
    its userPool, oidc and lambda modes."""
    scheme, _, rest = header.partition(" ")
    return rest.strip() if scheme.lower() == "bearer" and rest.strip() else header


def _bearer(raw: str) -> Caller | None:
    if cognito.looks_like_jwt(raw):  # a Cognito user pool token (AMAZON_COGNITO_USER_POOLS)
        user = cognito.user_for_token(raw)
        return Caller(kind=USER, user=user) if user is not None else None
    scopes = service_token_scopes(raw)
    if scopes is not None:
        return Caller(kind=SERVICE, scopes=scopes)
    token = user_token_find(raw)
    return Caller(kind=USER, user=token.user, token=token) if token is not None else None


def _csrf_passes(request: HttpRequest) -> bool:
    """The view is csrf_exempt because token callers need no CSRF token; a session caller does.

    A request that fails the check is not refused outright: it simply is not signed in (so a forged
    cross-site request gets no one's privileges) and other credentials it carries still count.
    """
    check = CsrfViewMiddleware(lambda _request: None)
    return check.process_view(request, lambda _request: None, (), {}) is None


def caller_of(info) -> Caller:
    return getattr(info.context, "graphql_caller", None) or Caller()


def authorize(info, allowed: bool) -> None:
    if not allowed:
        raise Unauthorized.to_access(info.field_name, info.parent_type.name)


def require_public_read(info) -> Caller:
    caller = caller_of(info)
    authorize(info, caller.can_read_public())
    return caller


def require_user(info) -> Caller:
    caller = caller_of(info)
    authorize(info, caller.is_user)
    return caller


def require_perm(info, perm: str) -> Caller:
    caller = caller_of(info)
    authorize(info, caller.has_perm(perm))
    return caller
