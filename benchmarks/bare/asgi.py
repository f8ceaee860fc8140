"""The bare project served as shop/asgi.py serves the shop's pages: its WSGI app on a thread pool."""

import os

from a2wsgi import WSGIMiddleware

from benchmarks.bare.wsgi import application as wsgi_application

application = WSGIMiddleware(wsgi_application, workers=int(os.environ.get("GUNICORN_THREADS", "2")))
