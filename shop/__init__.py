"""The project: settings, URLs and entry points. Refuses, in one line, a Python the shop does not support."""

import sys

if sys.version_info < (3, 11):  # noqa: UP036 - this check is for older Pythons
    sys.exit("error: the shop needs Python 3.11 or newer (3.11, 3.12 and 3.13 are tested); this is %d.%d."  # noqa: UP031
             % sys.version_info[:2])
