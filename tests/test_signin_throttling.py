"""Brute force is refused: after SIGNIN_FAILURE_LIMIT failures for one account or from one address,
the sign-in page, the admin login and GraphQL signIn refuse even the right password until the
cool-off ends, with the same words whether the account exists or not."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

LIMIT = 3


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.SIGNIN_FAILURE_LIMIT = settings.AXES_FAILURE_LIMIT = LIMIT


def page_sign_in(username: str, password: str, address: str = "203.0.113.1"):
    return Client(REMOTE_ADDR=address).post("/account/login/", {"username": username, "password": password})


def admin_sign_in(username: str, password: str, address: str = "203.0.113.1"):
    return Client(REMOTE_ADDR=address).post("/admin/login/?next=/admin/", {"username": username, "password": password})


def graphql_sign_in(username: str, password: str, address: str = "203.0.113.1") -> dict:
    query = "mutation($u: String!, $p: String!) { signIn(input: {username: $u, password: $p}) { token } }"
    response = Client(REMOTE_ADDR=address).post("/graphql", json.dumps({"query": query, "variables": {"u": username,
                                                                                                     "p": password}}),
                                                content_type="application/json")
    return response.json()


DOORS = {"page": page_sign_in, "admin": admin_sign_in, "graphql": graphql_sign_in}


def refused(door: str, outcome) -> bool:
    if door == "graphql":
        return outcome.get("errors", [{}])[0].get("errorType") == "TooManyRequests"
    return outcome.status_code == 429 and "Too many failed sign-in attempts" in outcome.text


def signed_in(door: str, outcome) -> bool:
    if door == "graphql":
        return bool((outcome.get("data") or {}).get("signIn"))
    return outcome.status_code == 302


@pytest.fixture
def staff_member(make_staff):
    return make_staff("carol")


@pytest.mark.parametrize("door", DOORS)
def test_the_right_password_is_refused_after_too_many_wrong_ones_until_the_cool_off_ends(db, staff_member,
                                                                                         password, door):
    sign_in = DOORS[door]
    for n in range(LIMIT - 1):
        assert not refused(door, sign_in("carol", "wrong", address=f"198.51.100.{n}"))
    assert refused(door, sign_in("carol", "wrong", address="198.51.100.50"))
    assert refused(door, sign_in("carol", password, address="198.51.100.99"))  # per account: any address

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))  # cool-off: 15 min
    assert signed_in(door, sign_in("carol", password, address="198.51.100.99"))


@pytest.mark.parametrize("door", DOORS)
def test_one_address_guessing_many_accounts_is_locked_out(db, staff_member, password, door):
    sign_in = DOORS[door]
    for name in ("root", "admin", "test"):
        sign_in(name, "guess", address="192.0.2.66")
    assert refused(door, sign_in("carol", password, address="192.0.2.66"))
    assert signed_in(door, sign_in("carol", password, address="192.0.2.67"))


def test_the_message_does_not_tell_whether_the_account_exists(db, customer):
    for name in (customer.username, "nobody-by-this-name"):
        for n in range(LIMIT):
            locked = page_sign_in(name, "wrong", address=f"192.0.2.{n}")
        assert locked.status_code == 429
        assert name not in locked.text
        assert "try again after that" in locked.text and locked["Retry-After"] == "900"
    assert graphql_sign_in("nobody-by-this-name", "x", address="192.0.2.9")["errors"][0]["errorInfo"] == {
        "retryAfterSeconds": 900}


def test_a_wrong_password_below_the_limit_says_only_that_it_is_wrong(db, customer):
    response = page_sign_in(customer.username, "wrong")
    assert response.status_code == 200 and "Too many" not in response.text


@pytest.mark.parametrize(("remote", "forwarded", "client"), [
    ("127.0.0.1", "", "127.0.0.1"),
    ("127.0.0.1", "203.0.113.7", "203.0.113.7"),
    ("127.0.0.1", "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # a forged left part is ignored
    ("192.0.2.10", "203.0.113.7", "192.0.2.10"),  # not a trusted proxy: its header counts for nothing
])
def test_the_client_address_comes_from_x_forwarded_for_only_through_trusted_proxies(rf, remote, forwarded,
                                                                                    client):
    from accounts.throttling import client_ip

    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == client


def test_signing_in_to_an_own_account_does_not_reset_the_count_for_others(db, customer, other_customer, password):
    """Otherwise an attacker could alternate guesses with sign-ins to their own account forever."""
    for _round in range(2):
        page_sign_in(other_customer.username, "guess", address="192.0.2.80")
        assert page_sign_in(customer.username, password, address="192.0.2.80").status_code == 302
    assert refused("page", page_sign_in(other_customer.username, "guess", address="192.0.2.80"))
