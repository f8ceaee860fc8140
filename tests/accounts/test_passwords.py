"""Password reset by email (Django's views, the shop's pages and outbox) and the password-change page."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from notifications.models import OutboxEmail
from notifications.services import outbox_deliver
from tests.mail import read_mail_folder, text_of

NEW_PASSWORD = "a-brand-new-passphrase-42"
ME = '{ listOrders { items { id } } }'


def sign_in_over_graphql(username: str, password: str) -> str:
    mutation = "mutation($u: String!, $p: String!) { signIn(input: {username: $u, password: $p}) { token } }"
    response = Client().post("/graphql", json.dumps({"query": mutation, "variables": {"u": username, "p": password}}),
                             content_type="application/json")
    return response.json()["data"]["signIn"]["token"]


def bearer_works(token: str) -> bool:
    response = Client().post("/graphql", json.dumps({"query": ME}), content_type="application/json",
                             HTTP_AUTHORIZATION=f"Bearer {token}")
    return "errors" not in response.json()


def can_sign_in(password: str) -> bool:
    """Through the sign-in page (throttled by django-axes, which needs a request: not Client.login)."""
    return Client().post("/account/login/", {"username": "alice", "password": password}).status_code == 302


def test_the_whole_reset_flow_over_http(customer, password, mail_folder, client):
    token = sign_in_over_graphql("alice", password)
    assert bearer_works(token)
    sign_in_page = client.get("/account/login/").content.decode()
    assert 'href="/account/password/reset/"' in sign_in_page

    response = client.post("/account/password/reset/", {"email": "ALICE@example.com"})
    assert response.status_code == 302 and response["Location"] == "/account/password/reset/sent/"
    assert "If an account uses that address" in client.get(response["Location"]).content.decode()

    assert outbox_deliver().sent == 1
    [message] = read_mail_folder(mail_folder)
    assert message["To"] == "alice@example.com" and message["Subject"] == "Reset your Cloud Shop password"
    link = re.search(r"http://127\.0\.0\.1:8000(/account/password/reset/\S+/)", text_of(message)).group(1)
    assert OutboxEmail.objects.get().body_text == ""  # the link is not kept once sent

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200 and "Choose a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    weak = client.post(set_url, {"new_password1": "123", "new_password2": "123"})
    assert weak.status_code == 200 and "too short" in weak.content.decode()
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == "/account/password/reset/done/"
    assert "Your password is changed" in client.get(done["Location"]).content.decode()

    assert not can_sign_in(password)
    assert can_sign_in(NEW_PASSWORD)
    assert not bearer_works(token)  # API tokens made with the old password die with it
    again = client.get(link, follow=True).content.decode()
    assert "This link no longer works" in again  # a reset link works once


def test_an_unknown_address_gets_the_same_answer_and_no_email(db, customer, client):
    known = client.post("/account/password/reset/", {"email": "alice@example.com"})
    unknown = client.post("/account/password/reset/", {"email": "nobody@example.com"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert list(OutboxEmail.objects.values_list("to_email", flat=True)) == ["alice@example.com"]
    bad = client.post("/account/password/reset/", {"email": "not an address"})
    assert bad.status_code == 200 and "Enter a valid email address." in bad.content.decode()


def test_a_forged_reset_link_changes_nothing(customer, password, client):
    page = client.get("/account/password/reset/MQ/forged-token/", follow=True)
    assert page.status_code == 200 and "This link no longer works" in page.content.decode()
    assert can_sign_in(password)


def test_password_change_page(customer, password, customer_client):
    token = sign_in_over_graphql("alice", password)
    assert Client().get("/account/password/")["Location"].startswith("/account/login/")
    assert 'href="/account/password/"' in customer_client.get("/account/orders/").content.decode()
    page = customer_client.get("/account/password/")
    assert page.status_code == 200 and "Change your password" in page.content.decode()

    wrong = customer_client.post("/account/password/", {"old_password": "nope", "new_password1": NEW_PASSWORD,
                                                       "new_password2": NEW_PASSWORD})
    assert wrong.status_code == 200 and "incorrect" in wrong.content.decode()
    assert bearer_works(token)

    done = customer_client.post("/account/password/", {"old_password": password, "new_password1": NEW_PASSWORD,
                                                      "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == "/account/password/changed/"
    assert customer_client.get("/account/orders/").status_code == 200  # still signed in here
    assert User.objects.get(username="alice").check_password(NEW_PASSWORD)
    assert not bearer_works(token)


@pytest.mark.parametrize("path", ["/", "/products/"])
def test_the_header_offers_sign_up_to_guests(db, client, path):
    html = client.get(path).content.decode()
    assert 'href="/account/signup/?next=' in html and 'href="/account/login/?next=' in html
