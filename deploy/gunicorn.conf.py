"""gunicorn settings for `make run` and production; bind and workers come from the environment.

gunicorn manages the processes; each worker is a uvicorn event loop serving the ASGI entry point
(`gunicorn --config deploy/gunicorn.conf.py shop.asgi:application`): real-time WebSockets on the loop,
pages and the HTTP API on GUNICORN_THREADS threads per worker (shop/asgi.py).

Logs: one JSON line per request from the app (observability) and gunicorn's own messages, on stdout.

Every variable is checked here, in the master, before any worker starts, and so is the whole Django
configuration: a bad value stops the server with one line (`error: NAME='value' is not allowed: ...`)
and exit status 1, instead of workers failing to boot with tracebacks.
"""

import importlib
import multiprocessing
import os
import sys
from pathlib import Path

# gunicorn reads this file before it puts the working directory on sys.path.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.core.exceptions import ImproperlyConfigured

try:
    from shop.env import env, env_int, env_networks

    bind = env("GUNICORN_BIND") or f"{env('HOST', '127.0.0.1')}:{env_int('PORT', 8000, minimum=1, maximum=65535)}"
    workers = env_int("WEB_CONCURRENCY", min(4, multiprocessing.cpu_count() * 2 + 1), minimum=1, maximum=64)
    threads = env_int("GUNICORN_THREADS", 2, minimum=1, maximum=64)
    timeout = env_int("GUNICORN_TIMEOUT", 30, minimum=1, maximum=3600)
    graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 20, minimum=0, maximum=3600)
    # Behind a load balancer, idle keep-alive connections must outlive the balancer's (ALB: 60 s).
    keepalive = env_int("GUNICORN_KEEPALIVE", 75, minimum=0, maximum=3600)
    max_requests = env_int("GUNICORN_MAX_REQUESTS", 0, minimum=0, maximum=10_000_000)  # recycle workers if set
    max_requests_jitter = max_requests // 10
    # X-Forwarded-Proto (and, in accounts/throttling.py, X-Forwarded-For) count only from these proxies.
    forwarded_allow_ips = ",".join(env_networks("FORWARDED_ALLOW_IPS", "127.0.0.1,::1"))

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
    importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"])
except ImproperlyConfigured as error:
    sys.exit(f"error: {error}")

errorlog = "-"
worker_class = "deploy.uvicorn_worker.ShopUvicornWorker"
# gunicorn's control socket is one path per user ($HOME/.gunicorn/gunicorn.ctl): several instances on
# one machine would fight over it, and nothing here uses it.
control_socket_disable = True
