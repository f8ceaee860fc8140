"""The bare project served as shop/asgi.py serves the shop's pages: its WSGI app on a thread pool."""

import os

from benchmarks.bare.wsgi import application as wsgi_application
from shop.wsgi_threads import WsgiOnThreads

application = WsgiOnThreads(wsgi_application, threads=int(os.environ.get("GUNICORN_THREADS", "2")))
