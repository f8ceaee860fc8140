"""WSGI entry point for gunicorn (see deploy/gunicorn.conf.py, which checks the settings first)."""

import os
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
try:
    application = get_wsgi_application()
except ImproperlyConfigured as error:  # a bad setting is one line, not a traceback (any WSGI server)
    sys.stderr.write(f"error: {error}\n")
    raise SystemExit(1) from None
