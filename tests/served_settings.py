"""Settings of the app instances the tests start with gunicorn: production's, except static files.

Production serves hashed names from a manifest that `collectstatic` writes (make run does); the
instances a test starts serve plain names instead, so no test writes into the checkout's staticfiles/.
"""

from shop.settings import *  # noqa: F403

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
