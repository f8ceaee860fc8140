"""`make bench`, serving: requests per second of the shop's pages and API, each against a bare Django
"hello" view (benchmarks/bare/) served the same way in the same run, driven by wrk on 127.0.0.1.

    .venv/bin/python -m benchmarks.serving [--seconds 5] [--rounds 3] [--products 1000] [--serving asgi|wsgi|both]

`asgi` is how the shop is served (gunicorn + uvicorn workers, shop.asgi); `wsgi` is the serving before
real-time (gunicorn's threaded worker, shop.wsgi), kept to compare the two. Both use WEB_CONCURRENCY=2
and GUNICORN_THREADS=2, and wrk -t2 -c16. Bounded: each URL is driven for --seconds (at most 60) in each of
--rounds rounds (at most 10), and keeps its best round: a shared machine's other work only ever slows a run
down, and the rounds go through every URL in turn, so the bare view and the shop's pages meet the same weather.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.services import AppServer, app_environment, manage

SERVINGS = {
    "asgi": {"shop": "shop.asgi:application", "bare": "benchmarks.bare.asgi:application", "worker_class": None},
    "wsgi": {"shop": "shop.wsgi:application", "bare": "benchmarks.bare.wsgi:application", "worker_class": "gthread"},
}
SETUP = """
import json
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import User
from django.utils.module_loading import import_string
from accounts.services import api_key_create, public_user_id
from cart.domain import user_owner
from cart.services import cart_add
from catalog.selectors import category_list
from catalog.models import ProductRecord
products = list(ProductRecord.objects.filter(active=True, stock__gt=5).order_by("name")[:3])
shopper = User.objects.create_user("bench", "bench@example.com", "bench-password-123")
for product in products:
    cart_add(owner=user_owner(public_user_id(shopper)), product_id=product.pk, quantity=1)
session = import_string(settings.SESSION_ENGINE + ".SessionStore")()
session.update({SESSION_KEY: str(shopper.pk), BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[-1],
                HASH_SESSION_KEY: shopper.get_session_auth_hash(), "cart_count": 3})
session.save()
# A browser's cookies: the session, and the CSRF cookie its forms were served with.
cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}={'c' * 32}"
print(json.dumps({"api_key": api_key_create(name="bench", days=1)[1], "product": products[0].slug,
                  "category": category_list()[0].slug, "session": cookie}))
"""
LIST_PRODUCTS = '{ listProducts(limit: 20) { items { id name price inStock } nextToken } }'
WRK_POST = """wrk.method = "POST"
wrk.body = {body}
wrk.headers["Content-Type"] = "application/json"
wrk.headers["x-api-key"] = {key}
"""


def wrk(url: str, seconds: int, script: Path | None = None, cookie: str = "") -> tuple[float, int]:
    """Requests per second and the count of non-2xx/3xx answers."""
    command = ["wrk", "-t2", "-c16", f"-d{seconds}s", *(["-s", str(script)] if script else []),
               *(["-H", f"Cookie: {cookie}"] if cookie else []), url]
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30,  # noqa: S603 - our URLs
                         check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return rate, int(errors.group(1)) if errors else 0


def lua_post(folder: Path, body: dict, api_key: str) -> Path:
    script = folder / "graphql.lua"
    script.write_text(WRK_POST.format(body=json.dumps(json.dumps(body)), key=json.dumps(api_key)))
    return script


def measure(serving: str, env: dict, folder: Path, facts: dict, seconds: int,
            rounds: int) -> list[tuple[str, float, int]]:
    setup = SERVINGS[serving]
    bare = AppServer({**env, "DJANGO_SETTINGS_MODULE": "benchmarks.bare.settings"}, workers=2, threads=2,
                     app=setup["bare"], worker_class=setup["worker_class"]).start()
    shop = None
    try:
        shop = AppServer(env, workers=2, threads=2, app=setup["shop"], worker_class=setup["worker_class"]).start()
        graphql = lua_post(folder, {"query": LIST_PRODUCTS}, facts["api_key"])
        targets = [("bare Django view", bare.url + "/", None, ""), ("/", shop.url + "/", None, ""),
                   ("/products/", shop.url + "/products/", None, ""),
                   ("/products/?sort=price_asc", shop.url + "/products/?sort=price_asc", None, ""),
                   ("category page", f"{shop.url}/categories/{facts['category']}/", None, ""),
                   ("product page", f"{shop.url}/products/{facts['product']}/", None, ""),
                   ("listProducts(limit: 20), API key, cached", shop.url + "/graphql", graphql, ""),
                   ("/cart/, signed in, 3 items", shop.url + "/cart/", None, facts["session"])]
        for _label, url, script, cookie in targets:
            wrk(url, 2, script, cookie)  # warm-up: caches filled, connections made
        best: dict[str, float] = {}
        errors: dict[str, int] = {}  # in every round: one bad round is reported
        for _round in range(rounds):
            for label, url, script, cookie in targets:
                rate, failed = wrk(url, seconds, script, cookie)
                best[label] = max(best.get(label, 0.0), rate)
                errors[label] = errors.get(label, 0) + failed
        return [(label, best[label], errors[label]) for label, *_ in targets]
    finally:
        bare.stop()
        if shop is not None:
            shop.stop()


def report(serving: str, results: list[tuple[str, float, int]]) -> None:
    baseline = results[0][1]
    print(f"\n{serving}: {SERVINGS[serving]['shop']} (gunicorn, 2 workers x 2 threads), wrk -t2 -c16, best round")
    print("| URL | req/s | share of the bare view |\n|---|---|---|")
    for label, rate, errors in results:
        flag = f" ({errors} non-2xx/3xx)" if errors else ""
        print(f"| {label} | {rate:,.0f}{flag} | {rate / baseline:.3f} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5, choices=range(1, 61), metavar="1-60")
    parser.add_argument("--rounds", type=int, default=3, choices=range(1, 11), metavar="1-10")
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--serving", choices=["asgi", "wsgi", "both"], default="asgi")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("error: wrk is missing: apt-get install wrk (make bench does)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        folder = Path(tmp)
        env = app_environment(SQLITE_PATH=str(folder / "db.sqlite3"), DJANGO_ALLOWED_HOSTS="127.0.0.1",
                              EMAIL_BACKEND="file", EMAIL_FILE_PATH=str(folder / "mail"),
                              CACHE_DIR=str(folder / "cache"))
        seed = ["seed_shop", "--products", str(args.products), "--no-progress"]
        for command in (["migrate", "--noinput", "-v0"], seed):
            done = manage(*command, env=env, timeout=900)
            if done.returncode:
                print(done.stderr, file=sys.stderr)
                return 1
        facts = json.loads(manage("shell", "--no-imports", "-c", SETUP, env=env).stdout.strip().splitlines()[-1])
        for serving in (["wsgi", "asgi"] if args.serving == "both" else [args.serving]):
            report(serving, measure(serving, env, folder, facts, args.seconds, args.rounds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
