"""A real browser for the page tests: Debian's chromium driven by Playwright (never a downloaded
browser), against pytest-django's live server on 127.0.0.1, with axe-core from node_modules (npm ci)."""

from __future__ import annotations

import os
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is missing: apt-get install chromium (.ci/run does)", pytrace=False)
    if not AXE.exists():
        pytest.fail("axe-core is missing: npm ci (make test does)", pytrace=False)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread, which makes Django refuse database calls
    # from the test itself ("async context"); the test code is synchronous, as Playwright's docs note.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, args=FLAGS,
                                                                 headless=True)
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser):
    page = browser.new_page()
    page.set_default_timeout(15_000)
    yield page
    page.close()


@pytest.fixture
def shop(live_server, transactional_db, settings, tmp_path):
    """A small shop on the live server: categories, products (one with an uploaded-size image), an order."""
    from django.contrib.auth.models import Permission, User

    from catalog.services import category_create, product_create
    from orders.services import order_place

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    kitchen = category_create(name="Kitchen", description="Pots and pans")
    category_create(name="Garden")
    products = [product_create(name=f"{name}", price=Decimal(price), category_id=kitchen.id, stock=stock,
                               featured=True, description=f"A good {name.lower()}.",
                               image_url=f"/images/placeholder/{name.lower().replace(' ', '-')}.svg")
                for name, price, stock in (("Copper kettle", "39.00", 5), ("Cast iron pan", "24.50", 0),
                                           ("Tea towel", "6.00", 12), ("Bread knife", "18.00", 3))]
    shopper = User.objects.create_user("alice", "alice@example.com", "correct-horse-battery-9")
    staff = User.objects.create_user("staff", "staff@example.com", "correct-horse-battery-9", is_staff=True,
                                     is_superuser=True)
    staff.user_permissions.set(Permission.objects.all())
    order = order_place(user_id=shopper.pk, idempotency_key="k", items=[(products[0].id, 1), (products[2].id, 2)],
                        customer_name="Alice", customer_email="alice@example.com", shipping_address="1 Road\nTown")
    return {"url": live_server.url, "products": products, "category": kitchen, "order": order}


def sign_in(page, url: str, path: str, username: str) -> None:
    page.goto(f"{url}{path}")
    page.fill("#id_username", username)
    page.fill("#id_password", "correct-horse-battery-9")
    page.click("form:has(#id_password) [type=submit]")  # not the header's search form
    page.wait_for_url(lambda url: "/login/" not in url)  # signed in, and sent on


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page as loaded, one readable line each."""
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]
