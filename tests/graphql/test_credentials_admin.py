"""Credentials in the admin: nobody grants more than they hold, and only `change` may revoke."""

from __future__ import annotations

from accounts.models import ApiKey, ServiceToken

TOKENS = "/admin/accounts/servicetoken/"


def test_a_token_cannot_carry_permissions_its_creator_lacks(staff_client):
    clerk = staff_client("clerk", ["add_servicetoken", "view_servicetoken", "change_productrecord"])
    refused = clerk.post(f"{TOKENS}add/", {"name": "sneaky", "scopes": "orders.change_orderrecord"})
    assert refused.status_code == 200
    assert "You cannot grant a permission you do not have: orders.change_orderrecord" in refused.text
    assert not ServiceToken.objects.exists()

    allowed = clerk.post(f"{TOKENS}add/", {"name": "pricing", "scopes": "catalog.change_productrecord"})
    assert allowed.status_code == 302
    assert ServiceToken.objects.get().scopes == "catalog.change_productrecord"


def test_view_only_staff_cannot_revoke(staff_client):
    key = ApiKey(name="web")
    key.issue_secret()
    key.save()
    viewer = staff_client("viewer", ["view_apikey"])
    response = viewer.post("/admin/accounts/apikey/", {"action": "revoke", "_selected_action": [key.pk]})
    assert response.status_code in (200, 302)
    key.refresh_from_db()
    assert key.revoked_at is None

    manager = staff_client("manager", ["view_apikey", "change_apikey"])
    manager.post("/admin/accounts/apikey/", {"action": "revoke", "_selected_action": [key.pk]})
    key.refresh_from_db()
    assert key.revoked_at is not None
