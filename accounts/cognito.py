"""Amazon Cognito user-pool tokens, as AppSync's AMAZON_COGNITO_USER_POOLS mode accepts them.

A token is an RS256 JWT signed by one of the pool's keys (its JWKS, fetched from the Cognito endpoint
boto3 would use, cached, and fetched again when a token names a key we do not know). It is accepted
when its issuer is the configured pool, it was issued to one of COGNITO_APP_CLIENT_IDS (`aud` on ID
tokens, `client_id` on access tokens), `token_use` is `id` or `access`, and it has not expired.

The first token of a `sub` creates a shop user linked to it (accounts.Identity.cognito_sub, the public
id being the sub); it is never merged into an existing account, whatever the email says. The user's
Cognito groups decide their Django groups through COGNITO_GROUPS on every token.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import threading
import time
import urllib.request
from dataclasses import dataclass, field

import boto3
import jwt
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import IntegrityError, transaction

from accounts.models import Identity

logger = logging.getLogger(__name__)

JWKS_TIMEOUT_SECONDS = 3
# A token naming an unknown key fetches the JWKS again, but not more often than this (a flood of forged
# tokens must not become a flood of requests to Cognito).
JWKS_REFRESH_SECONDS = 60
LEEWAY_SECONDS = 30  # clock skew between Cognito and us


@dataclass
class _Keys:
    url: str = ""
    by_kid: dict[str, object] = field(default_factory=dict)
    fetched_at: float = 0.0


_keys = _Keys()
_lock = threading.Lock()


def is_configured() -> bool:
    return bool(settings.COGNITO_USER_POOL_ID)


def looks_like_jwt(raw: str) -> bool:
    return raw.count(".") == 2 and raw.startswith("eyJ")


@dataclass(frozen=True)
class Pool:
    issuer: str
    jwks_url: str


def pool() -> Pool:
    """The configured pool's issuer and key URL (worked out once per configuration)."""
    env = os.environ.get
    return _pool(settings.COGNITO_USER_POOL_ID, env("AWS_ENDPOINT_URL_COGNITO_IDP"), env("AWS_ENDPOINT_URL"),
                 env("AWS_REGION"), env("AWS_DEFAULT_REGION"), env("AWS_PROFILE"))


@functools.lru_cache(maxsize=8)
def _pool(pool_id: str, *_configuration: str | None) -> Pool:
    # The region is boto3's configured one, else the pool id's prefix (us-east-1_...); the keys live on
    # the endpoint boto3 would call (AWS_ENDPOINT_URL_COGNITO_IDP or AWS_ENDPOINT_URL locally).
    session = boto3.session.Session()
    region = session.region_name or pool_id.split("_", 1)[0]
    endpoint = session.client("cognito-idp", region_name=region).meta.endpoint_url
    return Pool(issuer=f"https://cognito-idp.{region}.amazonaws.com/{pool_id}",
                jwks_url=f"{endpoint.rstrip('/')}/{pool_id}/.well-known/jwks.json")


def user_for_token(raw: str) -> User | None:
    """The active shop user a valid Cognito token speaks for (created on first sight), or None."""
    claims = verified_claims(raw)
    if claims is None:
        return None
    user = _user_for(claims)
    if user is None or not user.is_active:
        return None
    _sync_groups(user, claims.get("cognito:groups") or [])
    return user


def verified_claims(raw: str) -> dict | None:
    """The token's claims if every check passes, else None (the reason is logged at debug level)."""
    if not is_configured() or not looks_like_jwt(raw):
        return None
    try:
        header = jwt.get_unverified_header(raw)
        if header.get("alg") != "RS256":  # never "none", never a symmetric algorithm keyed by our public key
            return None
        configured = pool()
        key = _key(configured.jwks_url, str(header.get("kid", "")))
        if key is None:
            return None
        claims = jwt.decode(raw, key=key, algorithms=["RS256"], issuer=configured.issuer, leeway=LEEWAY_SECONDS,
                            options={"verify_aud": False, "require": ["exp", "iss", "sub", "token_use"]})
    except jwt.PyJWTError as error:
        logger.debug("Cognito token refused: %s", error)
        return None
    # ID tokens name their app client in `aud`, access tokens in `client_id`; no other kind is accepted.
    client = {"id": claims.get("aud"), "access": claims.get("client_id")}.get(claims.get("token_use"))
    if client not in settings.COGNITO_APP_CLIENT_IDS or not isinstance(claims.get("sub"), str):
        return None
    return claims


def _key(url: str, kid: str):
    """The pool's public key with this id; the JWKS is fetched again when the id is unknown."""
    with _lock:
        if _keys.url != url:  # another pool or endpoint (tests, a changed configuration)
            _keys.url, _keys.by_kid, _keys.fetched_at = url, {}, 0.0
        if kid not in _keys.by_kid and time.monotonic() - _keys.fetched_at >= JWKS_REFRESH_SECONDS:
            _keys.by_kid = _fetch_keys(url) or _keys.by_kid
            _keys.fetched_at = time.monotonic()
        return _keys.by_kid.get(kid)


def _fetch_keys(url: str) -> dict[str, object]:
    try:
        with urllib.request.urlopen(url, timeout=JWKS_TIMEOUT_SECONDS) as response:  # noqa: S310 - AWS's https URL
            document = json.load(response)
        return {key["kid"]: jwt.PyJWK(key).key for key in document.get("keys", []) if key.get("kid")}
    except (OSError, ValueError, KeyError, jwt.PyJWTError) as error:
        logger.warning("could not fetch the Cognito keys from %s: %s", url, error)
        return {}


def _user_for(claims: dict) -> User | None:
    sub = claims["sub"]
    identity = Identity.objects.select_related("user").filter(cognito_sub=sub).first()
    if identity is not None:
        user = identity.user
        if claims.get("email") and not user.email:  # an access token came first; ID tokens carry the email
            user.email = str(claims["email"])
            user.save(update_fields=["email"])
        return user
    name = str(claims.get("cognito:username") or claims.get("username") or sub)[:100]
    try:
        with transaction.atomic():
            username = name if not User.objects.filter(username=name).exists() else f"{name}~{sub[:8]}"
            user = User.objects.create_user(username=username[:150], email=str(claims.get("email") or ""))
            user.set_unusable_password()  # Cognito holds the password
            user.save(update_fields=["password"])
            Identity.objects.create(user=user, public_id=sub, cognito_sub=sub)
    except IntegrityError:  # the same sub's first two requests raced: the other one created the user
        identity = Identity.objects.select_related("user").filter(cognito_sub=sub).first()
        return identity.user if identity is not None else None
    return user


def _sync_groups(user: User, cognito_groups: list) -> None:
    """Mapped Django groups follow the token's Cognito groups; unmapped Django groups are left alone."""
    mapping = settings.COGNITO_GROUPS
    wanted = {mapping[name] for name in cognito_groups if name in mapping}
    current = set(user.groups.filter(name__in=mapping.values()).values_list("name", flat=True))
    if wanted != current:
        user.groups.remove(*Group.objects.filter(name__in=current - wanted))
        user.groups.add(*(Group.objects.get_or_create(name=name)[0] for name in wanted - current))
    if user.is_staff != bool(wanted):
        user.is_staff = bool(wanted)
        user.save(update_fields=["is_staff"])
