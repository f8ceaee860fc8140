"""Amazon Cognito user-pool tokens (AppSync's AMAZON_COGNITO_USER_POOLS mode), against moto's cognito-idp
over HTTP: the pool is made by `deploy provision`'s own routine, users sign up and sign in with InitiateAuth,
and the API checks the RS256 signature against the pool's JWKS, the issuer, the client and the expiry."""

from __future__ import annotations

import base64
import gzip
import json
import os
import time
import uuid
from importlib import resources

import boto3
import jwt
import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client

from accounts import cognito
from deploy.cognito import ensure_user_pool
from deploy.config import Names
from deploy.report import Report
from tests.graphql.conftest import error_types
from tests.graphql.matrix import OPERATIONS, USERS, fill

ME = "{ me { id username } }"
PASSWORD = "Correct-horse-9"


@pytest.fixture(scope="module")
def cognito_pool(moto_server):
    """One pool and app client for the module (made by `deploy provision`'s routine), and its users'
    tokens, signed up and signed in once each (a token stays valid for an hour)."""
    names = Names(stack=f"t{uuid.uuid4().hex[:8]}", region="us-east-1", account="123456789012",
                  static_bucket="b", media_bucket="b", namespace="Shop", service="shop")
    idp = boto3.client("cognito-idp")
    with open(os.devnull, "w") as quiet:
        pool_id, client_id = ensure_user_pool(idp, names, ["staff"], Report(out=quiet))
    return {"idp": idp, "pool_id": pool_id, "client_id": client_id, "tokens": {}}


@pytest.fixture
def pool(cognito_pool, settings, db):
    """The module's pool, configured as the app's."""
    settings.COGNITO_USER_POOL_ID, settings.COGNITO_APP_CLIENT_IDS = cognito_pool["pool_id"], [
        cognito_pool["client_id"]]
    settings.COGNITO_GROUPS = {"staff": "staff"}
    return cognito_pool


def sign_up(pool, username: str = "carla", email: str = "carla@example.com", groups: tuple = ()) -> dict:
    """The Cognito user's tokens: signed up and confirmed the first time, as a shopper would be."""
    if username not in pool["tokens"]:
        idp = pool["idp"]
        idp.sign_up(ClientId=pool["client_id"], Username=username, Password=PASSWORD,
                    UserAttributes=[{"Name": "email", "Value": email}])
        idp.admin_confirm_sign_up(UserPoolId=pool["pool_id"], Username=username)
        for group in groups:
            idp.admin_add_user_to_group(UserPoolId=pool["pool_id"], Username=username, GroupName=group)
        pool["tokens"][username] = idp.initiate_auth(
            ClientId=pool["client_id"], AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": username, "PASSWORD": PASSWORD})["AuthenticationResult"]
    return pool["tokens"][username]


def call(query: str, authorization: str, variables: dict | None = None) -> dict:
    response = Client().post("/graphql", json.dumps({"query": query, "variables": variables or {}}),
                             content_type="application/json", HTTP_AUTHORIZATION=authorization)
    assert response.status_code == 200
    return response.json()


def moto_signing_key():
    """moto signs every pool's tokens with this key (it ships in the package): enough to forge a token
    that differs from a real one in exactly one claim."""
    with resources.files("moto").joinpath("cognitoidp/resources/jwks-private.json.gz").open("rb") as raw:
        return jwt.PyJWK(json.loads(gzip.decompress(raw.read()))).key


def claims_of(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def test_id_and_access_tokens_are_accepted_with_or_without_bearer(pool):
    tokens = sign_up(pool)
    sub = claims_of(tokens["IdToken"])["sub"]
    for token in (tokens["IdToken"], tokens["AccessToken"]):
        for header in (token, f"Bearer {token}"):
            assert call(ME, header)["data"]["me"] == {"id": sub, "username": "carla"}
    user = User.objects.get(identity__cognito_sub=sub)
    assert user.email == "carla@example.com" and not user.has_usable_password()
    assert User.objects.filter(identity__cognito_sub=sub).count() == 1  # created once, on the first token


def test_a_cognito_shopper_fills_a_cart_and_orders(pool, make_product):
    token = sign_up(pool)["IdToken"]
    mug = make_product(name="Mug", stock=5)
    sub = claims_of(token)["sub"]
    item = call('mutation($i: CreateCartItemInput!) { createCartItem(input: $i) { userId } }', token,
                {"i": {"productId": mug.id, "quantity": 2, "userId": sub}})
    assert item["data"]["createCartItem"] == {"userId": sub}
    order = call('mutation { createOrder(input: {customerEmail: "carla@example.com", customerName: "Carla", '
                 'shippingAddress: "1 Road"}) { userId totalAmount } }', token)
    assert order["data"]["createOrder"] == {"userId": sub, "totalAmount": 20.0}


def test_the_account_is_never_merged_into_a_local_one_by_email(pool, customer):
    token = sign_up(pool, username="alice", email=customer.email)["IdToken"]
    me = call(ME, token)["data"]["me"]
    assert me["id"] == claims_of(token)["sub"] and me["username"] != customer.username
    assert User.objects.get(identity__public_id=me["id"]).pk != customer.pk


def test_cognito_groups_map_to_django_groups_and_staff(pool, make_product):
    staff_token = sign_up(pool, username="sam", email="sam@example.com", groups=("staff",))["IdToken"]
    shopper_token = sign_up(pool)["IdToken"]
    kettle = make_product(name="Kettle")
    update = 'mutation($i: UpdateProductInput!) { updateProduct(input: $i) { price } }'
    assert error_types(call(update, staff_token, {"i": {"id": kettle.id, "price": 12.5}})) == ["Unauthorized"]

    sam = User.objects.get(username="sam")
    assert sam.is_staff and list(sam.groups.values_list("name", flat=True)) == ["staff"]
    sam.groups.get().permissions.add(Permission.objects.get(codename="change_productrecord"))
    assert call(update, staff_token, {"i": {"id": kettle.id, "price": 12.5}})["data"]["updateProduct"] == {
        "price": 12.5}
    assert error_types(call(update, shopper_token, {"i": {"id": kettle.id, "price": 1}})) == ["Unauthorized"]


def forged(token: str, **changes) -> str:
    return jwt.encode({**claims_of(token), **changes}, moto_signing_key(), algorithm="RS256",
                      headers={"kid": "dummy"})


@pytest.mark.parametrize("kind", ["tampered", "expired", "wrong pool", "wrong client", "alg none", "refresh",
                                  "unknown key", "garbage"])
def test_bad_tokens_are_unauthorized(pool, kind):
    token = sign_up(pool)["IdToken"]
    assert call(ME, forged(token))["data"]["me"]  # the forging itself yields an accepted token
    header, _payload, signature = token.split(".")
    bad = {
        "tampered": ".".join([header, base64.urlsafe_b64encode(json.dumps(
            {**claims_of(token), "sub": str(uuid.uuid4())}).encode()).decode().rstrip("="), signature]),
        "expired": forged(token, exp=int(time.time()) - 3600, iat=int(time.time()) - 7200),
        "wrong pool": forged(token, iss="https://cognito-idp.us-east-1.amazonaws.com/us-east-1_SomeOtherPool"),
        "wrong client": forged(token, aud="some-other-client"),
        "alg none": jwt.encode(claims_of(token), None, algorithm="none"),
        "refresh": forged(token, token_use="refresh"),
        "unknown key": jwt.encode(claims_of(token), moto_signing_key(), algorithm="RS256", headers={"kid": "other"}),
        "garbage": "eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln",
    }[kind]
    for header_value in (bad, f"Bearer {bad}"):
        assert error_types(call(ME, header_value)) == ["Unauthorized"]


def test_a_wrong_client_in_the_pool_is_refused(pool):
    other = pool["idp"].create_user_pool_client(UserPoolId=pool["pool_id"], ClientName="other",
                                                ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH",
                                                                   "ALLOW_REFRESH_TOKEN_AUTH"])
    sign_up(pool)  # carla exists
    tokens = pool["idp"].initiate_auth(ClientId=other["UserPoolClient"]["ClientId"], AuthFlow="USER_PASSWORD_AUTH",
                                       AuthParameters={"USERNAME": "carla", "PASSWORD": PASSWORD})
    assert error_types(call(ME, tokens["AuthenticationResult"]["AccessToken"])) == ["Unauthorized"]


def test_the_keys_are_fetched_once_and_again_only_for_an_unknown_key(pool, monkeypatch):
    fetches = []
    real_fetch = cognito._fetch_keys
    monkeypatch.setattr(cognito, "_fetch_keys", lambda url: fetches.append(url) or real_fetch(url))
    monkeypatch.setattr(cognito, "_keys", cognito._Keys())
    token = sign_up(pool)["IdToken"]
    for _ in range(3):
        assert call(ME, token)["data"]["me"]
    assert len(fetches) == 1 and fetches[0].endswith(f"/{pool['pool_id']}/.well-known/jwks.json")
    unknown = jwt.encode(claims_of(token), moto_signing_key(), algorithm="RS256", headers={"kid": "rotated"})
    assert error_types(call(ME, unknown)) == ["Unauthorized"]
    assert len(fetches) == 1  # refreshed at most once a minute, so forged key ids cost Cognito nothing
    monkeypatch.setattr(cognito, "JWKS_REFRESH_SECONDS", 0)
    assert error_types(call(ME, unknown)) == ["Unauthorized"] and len(fetches) == 2


COGNITO_ALLOWED = {field for field, _type, _doc, allowed in OPERATIONS if allowed >= USERS}


@pytest.mark.parametrize(("field", "type_name", "document", "allowed"), OPERATIONS, ids=[op[0] for op in OPERATIONS])
def test_a_cognito_shopper_in_the_authorization_matrix(pool, world, field, type_name, document, allowed):
    """A Cognito user is a signed-in user like any other: allowed what every user is, nothing more."""
    token = sign_up(pool)["IdToken"]
    body = call(fill(document, world), token)
    if allowed >= USERS:
        assert "Unauthorized" not in error_types(body), body
    else:
        assert error_types(body) == ["Unauthorized"], body

