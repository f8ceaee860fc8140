"""Every page renders with production's static storage (hashed names from a manifest).

The other tests use plain static storage for speed, which accepts any path; the manifest storage
raises for a path it does not know (a template building names from pieces, say), so this renders
each kind of page once with it, as gunicorn does after `collectstatic`.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client, override_settings

from accounts.services import public_user_id

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)

MANIFEST = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    storages = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                "staticfiles": {"BACKEND": MANIFEST}}
    with override_settings(STATIC_ROOT=root, STORAGES=storages):
        call_command("collectstatic", "--noinput", "-v0")
    return root


@pytest.fixture
def production_static(settings, static_root):
    settings.STATIC_ROOT = static_root
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST}}


def test_every_kind_of_page_renders(production_static, make_product, category, password, place_order):
    product = make_product(name="Mug", stock=5)
    admin = User.objects.create_superuser("root", "root@example.com", password)
    order = place_order(user_id=public_user_id(admin), items=[(product.id, 1)])
    client = Client()
    client.force_login(admin)
    client.post("/cart/add/", {"product_id": product.id, "quantity": "1"})
    pages = [
        "/", "/products/", f"/categories/{category.slug}/", f"/products/{product.slug}/", "/cart/", "/checkout/",
        "/account/orders/", f"/account/orders/{order.id}/", f"/orders/{order.id}/thank-you/", "/no-such-page/",
        "/admin/", "/admin/catalog/productrecord/", "/admin/catalog/productrecord/?active=1&in_stock=0",
        f"/admin/catalog/productrecord/{product.id}/change/", "/admin/catalog/productrecord/add/",
        "/admin/catalog/categoryrecord/", f"/admin/catalog/categoryrecord/{category.id}/change/",
        f"/admin/catalog/productrecord/{product.id}/delete/",
        "/admin/orders/orderrecord/", f"/admin/orders/orderrecord/{order.id}/change/",
    ]
    statuses = {page: client.get(page).status_code for page in pages}
    assert statuses == {page: 404 if page == "/no-such-page/" else 200 for page in pages}
    assert "/static/shop." in client.get("/").text  # hashed name from the manifest
