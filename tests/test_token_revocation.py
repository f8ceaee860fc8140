"""Credentials die together: a user's bearer tokens stop working after a password change (any way it
is made), a deactivation, or "sign out everywhere" (the account page's button or the mutation)."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.test import Client

from accounts.models import UserToken

ORDERS = "{ listOrders { items { id } } }"


def call(query: str, token: str, client: Client | None = None) -> dict:
    response = (client or Client()).post("/graphql", json.dumps({"query": query}), content_type="application/json",
                                         HTTP_AUTHORIZATION=f"Bearer {token}")
    return response.json()


def works(token: str) -> bool:
    return "errors" not in call(ORDERS, token)


@pytest.fixture
def token(customer, password) -> str:
    query = 'mutation { signIn(input: {username: "alice", password: "%s"}) { token } }' % password  # noqa: UP031
    raw = Client().post("/graphql", json.dumps({"query": query}), content_type="application/json").json()
    raw = raw["data"]["signIn"]["token"]
    assert works(raw)
    return raw


def test_set_password_anywhere_kills_the_tokens(customer, token):
    customer.set_password("a-brand-new-passphrase-7")
    customer.save()
    assert not works(token)


def test_a_password_changed_in_the_admin_kills_the_tokens(customer, token, db, password):
    admin = Client()
    admin.force_login(User.objects.create_superuser("root", "root@example.com", password))
    response = admin.post(f"/admin/auth/user/{customer.pk}/password/",
                          {"password1": "a-brand-new-passphrase-7", "password2": "a-brand-new-passphrase-7",
                           "usable_password": "true"})
    assert response.status_code == 302
    assert not works(token)


def test_a_password_changed_behind_every_signal_still_kills_the_tokens(customer, token):
    from django.contrib.auth.hashers import make_password

    User.objects.filter(pk=customer.pk).update(password=make_password("a-brand-new-passphrase-7"))
    assert not works(token)


def test_deactivation_revokes_every_token_for_good(customer, token):
    other = UserToken.issue(customer)[1]
    customer.is_active = False
    customer.save()
    assert not works(token) and not works(other)
    assert not UserToken.objects.filter(user=customer, revoked_at__isnull=True).exists()
    customer.is_active = True
    customer.save()
    assert not works(token) and not works(other)  # re-activating brings no old token back


def test_the_sign_out_everywhere_mutation_revokes_every_token_and_session(customer, token):
    other_token = UserToken.issue(customer)[1]
    browser = Client()
    browser.force_login(customer)
    assert browser.get("/account/").status_code == 200

    assert call("mutation { signOutEverywhere }", token) == {"data": {"signOutEverywhere": True}}
    assert not works(token) and not works(other_token)
    assert browser.get("/account/").status_code == 302  # the browser session ended too


def test_the_sign_out_everywhere_button_ends_this_and_every_other_session(customer, token):
    here, elsewhere = Client(), Client()
    here.force_login(customer)
    elsewhere.force_login(customer)
    page = here.get("/account/")
    assert page.status_code == 200 and b"Sign out everywhere" in page.content and b"1 active" in page.content

    response = here.post("/account/sign-out-everywhere/")
    assert response.status_code == 302 and response["Location"] == "/account/login/"
    assert not works(token)
    for browser in (here, elsewhere):
        assert browser.get("/account/").status_code == 302
    # Signing in again afterwards works as usual.
    again = Client()
    again.force_login(customer)
    assert again.get("/account/").status_code == 200


def test_sign_out_everywhere_needs_a_signed_in_caller(db):
    body = Client().post("/graphql", json.dumps({"query": "mutation { signOutEverywhere }"}),
                         content_type="application/json").json()
    assert body["errors"][0]["errorType"] == "Unauthorized"
    assert Client().post("/account/sign-out-everywhere/").status_code == 302  # to the sign-in page
    assert Session.objects.count() == 0


def test_the_account_page_links_orders_and_the_password_change(customer_client):
    page = customer_client.get("/account/").content.decode()
    assert 'href="/account/orders/"' in page and 'href="/account/password/"' in page
