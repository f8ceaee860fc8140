"""Credentials: sign in/out, tokens and keys (hashed, expiring, revocable), session + CSRF, CORS, commands."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client, RequestFactory
from django.utils import timezone

from accounts.models import ApiKey, UserToken, hash_secret
from api.view import ShopGraphQLView
from tests.graphql.conftest import error_types

SIGN_IN = "mutation($u: String!, $p: String!) { signIn(input: {username: $u, password: $p}) { token expiresAt } }"
MINE = "{ listCartItems { items { id } } }"
PUBLIC = "{ listCategories { items { id } } }"


def post(client: Client, query: str, variables: dict | None = None, **headers):
    return client.post("/graphql", json.dumps({"query": query, "variables": variables}),
                       content_type="application/json", **headers)


def test_sign_in_issues_a_hashed_expiring_token_and_sign_out_revokes_it(customer, password):
    client = Client()
    body = post(client, SIGN_IN, {"u": "alice", "p": password}).json()
    token = body["data"]["signIn"]["token"]
    assert body["data"]["signIn"]["expiresAt"].endswith("Z")
    stored = UserToken.objects.get(user=customer)
    assert stored.key_hash == hash_secret(token) and token not in stored.key_hash
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert "errors" not in post(client, MINE, **auth).json()
    assert post(client, "mutation { signOut }", **auth).json() == {"data": {"signOut": True}}
    assert error_types(post(client, MINE, **auth).json()) == ["Unauthorized"]


def test_wrong_password_is_unauthorized(customer):
    body = post(Client(), SIGN_IN, {"u": "alice", "p": "wrong"}).json()
    assert error_types(body) == ["Unauthorized"] and not UserToken.objects.exists()


def test_expired_token_and_expired_or_revoked_api_keys_count_for_nothing(customer, api_key):
    _token, raw = UserToken.issue(customer, now=timezone.now() - timedelta(days=2))
    assert error_types(post(Client(), MINE, HTTP_AUTHORIZATION=f"Bearer {raw}").json()) == ["Unauthorized"]
    assert "errors" not in post(Client(), PUBLIC, HTTP_X_API_KEY=api_key).json()
    key = ApiKey.objects.get()  # staff edit keys in the admin (a save), which the verification cache hears of
    key.expires_at = timezone.now() - timedelta(seconds=1)
    key.save()
    assert error_types(post(Client(), PUBLIC, HTTP_X_API_KEY=api_key).json()) == ["Unauthorized"]
    key.expires_at = None
    key.save()
    assert "errors" not in post(Client(), PUBLIC, HTTP_X_API_KEY=api_key).json()
    key.revoke()
    assert error_types(post(Client(), PUBLIC, HTTP_X_API_KEY=api_key).json()) == ["Unauthorized"]


def test_session_callers_need_the_csrf_token(customer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(customer)
    # Without the token the session does not count: a forged cross-site request is no one.
    assert error_types(post(client, MINE).json()) == ["Unauthorized"]
    csrf = _get_new_csrf_string()
    client.cookies["csrftoken"] = csrf
    assert "errors" not in post(client, MINE, HTTP_X_CSRFTOKEN=csrf).json()


def test_create_api_key_command_prints_the_key_once(db):
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_key", "--name", "storefront", "--days", "30", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    key = ApiKey.objects.get(name="storefront")
    assert raw.startswith("da2-") and key.key_hash == hash_secret(raw) and raw not in err.getvalue()
    assert timedelta(days=29) < key.expires_at - timezone.now() <= timedelta(days=30)
    assert "errors" not in post(Client(), PUBLIC, HTTP_X_API_KEY=raw).json()


AMPLIFY_HEADERS = ["x-api-key", "authorization", "content-type", "x-amz-user-agent", "x-amz-date",
                   "x-amz-security-token"]


@pytest.mark.parametrize(("origin", "allowed"), [("https://shop.example.com", True), ("https://evil.example", False)])
def test_cors_preflight_allows_the_headers_amplify_sends(db, settings, origin, allowed):
    settings.CORS_ALLOWED_ORIGINS = ["https://shop.example.com"]
    response = Client().options("/graphql", HTTP_ORIGIN=origin, HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
                                HTTP_ACCESS_CONTROL_REQUEST_HEADERS=", ".join(AMPLIFY_HEADERS))
    assert response.status_code == 200
    if allowed:
        assert response["Access-Control-Allow-Origin"] == origin
        headers = {h.strip() for h in response["Access-Control-Allow-Headers"].lower().split(",")}
        assert set(AMPLIFY_HEADERS) <= headers
        assert "POST" in response["Access-Control-Allow-Methods"]
    else:
        assert "Access-Control-Allow-Origin" not in response


def test_the_token_may_come_with_or_without_the_bearer_scheme(customer):
    raw = UserToken.issue(customer)[1]
    for header in (f"Bearer {raw}", f"bearer {raw}", raw):  # Amplify's userPool/oidc/lambda modes send it bare
        assert "errors" not in post(Client(), MINE, HTTP_AUTHORIZATION=header).json(), header
    assert error_types(post(Client(), MINE, HTTP_AUTHORIZATION=f"Basic {raw}").json()) == ["Unauthorized"]


def test_every_answer_carries_appsyncs_request_id_header(db, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://shop.example.com"]
    response = post(Client(), PUBLIC, HTTP_ORIGIN="https://shop.example.com", HTTP_X_REQUEST_ID="req-12345678")
    assert response["x-amzn-RequestId"] == "req-12345678" == response["X-Request-ID"]
    assert "x-amzn-requestid" in response["Access-Control-Expose-Headers"].lower()
    assert Client().post("/graphql", "{bad", content_type="application/json")["x-amzn-RequestId"]


def test_graphiql_is_served_on_get_when_enabled_from_our_own_static_files(db):
    request = RequestFactory().get("/graphql", HTTP_ACCEPT="text/html")
    response = ShopGraphQLView.as_view(graphiql=True)(request)
    assert response.status_code == 200 and b"graphiql" in response.content.lower()
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets and not [url for url in assets if "//" in url]  # nothing from a CDN: it works offline
    for url in assets:
        assert finders.find(url.removeprefix(settings.STATIC_URL).removeprefix("/")), url
    assert "<script>" not in html and "x-api-key" in html  # no inline script (CSP); the header to fill in
    # Without DEBUG (as in tests) the URL only answers POST.
    assert Client().get("/graphql", HTTP_ACCEPT="text/html").status_code == 405
