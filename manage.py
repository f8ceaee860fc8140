#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys

if __name__ == "__main__":
    if sys.version_info < (3, 11):  # noqa: UP036 - this check is for older Pythons
        sys.exit("error: the shop needs Python 3.11 or newer (3.11, 3.12 and 3.13 are tested); this is %d.%d."  # noqa: UP031
                 % sys.version_info[:2])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as error:
        # A configuration mistake (a missing secret, a bad setting) deserves one clear line, not a traceback.
        sys.exit(f"error: {error}")
