"""Signed-in requests read their user from the shared cache, and a change to the user shows at once."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def user_queries(client: Client, url: str) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return sum('FROM "auth_user"' in q["sql"] for q in queries.captured_queries), response


def test_a_signed_in_page_reads_its_user_from_the_cache(customer_client):
    customer_client.get("/account/")
    count, page = user_queries(customer_client, "/account/")
    assert page.status_code == 200 and count == 0


def test_deactivating_or_changing_the_password_signs_out_at_once(customer, customer_client):
    customer_client.get("/account/")
    customer.is_active = False
    customer.save()
    assert customer_client.get("/account/").status_code == 302

    other = Client()
    other.force_login(User.objects.create_user("bea", "bea@example.com", "a-long-passphrase-1"))
    other.get("/account/")
    bea = User.objects.get(username="bea")
    bea.set_password("another-long-passphrase-2")
    bea.save()
    assert other.get("/account/").status_code == 302  # the session's password hash no longer matches
