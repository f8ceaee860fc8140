"""Safe by default in production: `check --deploy` is clean with only the three required variables,
plain HTTP is redirected (probes excepted), HTTPS responses carry HSTS, cookies are Secure, and every
page and the admin satisfy the Content-Security-Policy without inline-script exceptions beyond nonces."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "k" * 20 + "-Zq8#random-enough-for-the-check-" + "9" * 20,
              "DJANGO_ALLOWED_HOSTS": "shop.example.com"}


def run(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SQLITE_", "DATABASE_", "REDIS_"))}
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={**clean, "DJANGO_SETTINGS_MODULE": "shop.settings", **PRODUCTION, **env})


def test_check_deploy_is_clean_with_only_debug_secret_and_hosts():
    result = run("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_turning_hsts_off_behind_a_proxy_that_sets_it_is_possible_and_reported():
    result = run("manage.py", "check", "--deploy", DJANGO_HSTS_SECONDS="0")
    assert "security.W004" in result.stderr + result.stdout


def test_local_http_runs_say_so_explicitly():
    printed = run("-c", "import django; django.setup(); from django.conf import settings as s; "
                  "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)")
    assert printed.stdout.split() == ["True", "True", "True", "31536000"]
    local = run("-c", "import django; django.setup(); from django.conf import settings as s; "
                "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE)",
                DJANGO_SECURE_SSL_REDIRECT="0", DJANGO_SECURE_COOKIES="0")
    assert local.stdout.split() == ["False", "False"]


@pytest.fixture
def production(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_PRELOAD = True


def test_plain_http_is_redirected_except_the_probes(db, production):
    client = Client()
    response = client.get("/products/?q=mug")
    assert response.status_code == 301 and response["Location"] == "https://testserver/products/?q=mug"
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200


def test_https_responses_carry_hsts_and_secure_cookies(db, production):
    response = Client().get("/account/login/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response.cookies["csrftoken"]["secure"]


class InlineCode(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' refuses: scripts without src or nonce, event
    handler attributes, style attributes and javascript: URLs."""

    def __init__(self, nonce: str) -> None:
        super().__init__()
        self.nonce = nonce
        self.refused: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and not values.get("src") and values.get("nonce") != self.nonce:
            self.refused.append(f"<script> without src or this response's nonce: {values}")
        if tag == "script" and values.get("src", "").startswith(("http:", "https:", "//")):
            self.refused.append(f"script from another origin: {values['src']}")
        for name, value in attrs:
            if name.startswith("on") or name == "style" or (value or "").strip().lower().startswith("javascript:"):
                self.refused.append(f"<{tag} {name}={value!r}>")


def refused_by_csp(response) -> list[str]:
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"
    nonce = re.search(r"'nonce-([^']+)'", directives["script-src"])
    parser = InlineCode(nonce.group(1) if nonce else "")
    parser.feed(response.content.decode())
    return parser.refused


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_every_page_and_the_admin_satisfy_the_content_security_policy(make_product, category, password,
                                                                      place_order):
    product = make_product(name="Mug", stock=5)
    admin = User.objects.create_superuser("root", "root@example.com", password)
    order = place_order(user_id=admin.pk, items=[(product.id, 1)])
    client = Client()
    client.force_login(admin)
    client.post("/cart/add/", {"product_id": product.id, "quantity": "1"})
    pages = [
        "/", "/products/", f"/categories/{category.slug}/", f"/products/{product.slug}/", "/cart/", "/checkout/",
        "/account/", "/account/orders/", f"/account/orders/{order.id}/", f"/orders/{order.id}/thank-you/",
        "/no-such-page/", "/admin/", "/admin/catalog/productrecord/",
        f"/admin/catalog/productrecord/{product.id}/change/",
        "/admin/catalog/productrecord/add/", "/admin/catalog/categoryrecord/", "/admin/orders/orderrecord/",
        f"/admin/orders/orderrecord/{order.id}/change/", "/admin/auth/user/", f"/admin/auth/user/{admin.pk}/change/",
        "/admin/accounts/apikey/add/", "/admin/axes/accessattempt/",
    ]
    refused = {page: refused_by_csp(client.get(page)) for page in pages}
    assert refused == {page: [] for page in pages}
    anonymous = {page: refused_by_csp(Client().get(page)) for page in ("/account/login/", "/account/signup/",
                                                                     "/admin/login/")}
    assert anonymous == {page: [] for page in anonymous}


def test_templates_get_the_nonce_and_the_policy_names_it(rf):
    from django.http import HttpResponse
    from django.template import engines

    from shop.middleware import CSPMiddleware

    request = rf.get("/")
    middleware = CSPMiddleware(lambda r: None)
    middleware.process_request(request)
    html = engines["django"].from_string('<script nonce="{{ request.csp_nonce }}"></script>').render(
        {}, request)
    assert f'nonce="{request.csp_nonce}"' in html and len(str(request.csp_nonce)) >= 16
    policy = middleware.process_response(request, HttpResponse(html))["Content-Security-Policy"]
    assert f"'nonce-{request.csp_nonce}'" in policy


def test_the_policy_built_once_is_django_csps_own(rf):
    import csp.middleware
    from django.http import HttpResponse

    from shop.middleware import CSPMiddleware

    ours, theirs = (CSPMiddleware(lambda r: None), csp.middleware.CSPMiddleware(lambda r: None))
    headers = []
    for middleware in (ours, theirs):
        request = rf.get("/")
        middleware.process_request(request)
        headers.append(middleware.process_response(request, HttpResponse("x"))["Content-Security-Policy"])
    assert headers[0] == headers[1] and "script-src 'self'" in headers[0]
