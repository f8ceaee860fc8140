"""The CSRF token put into a cached page's forms: what django.middleware.csrf.get_token returns, made from
one read of the operating system's random source instead of 64.

Django draws every character of a token with its own secrets.choice, one system call each: 32 for the
secret a new visitor's CSRF cookie keeps, 32 for the mask that makes each page's token different. A system
call releases the GIL, and while a server's other threads are busy every release is a switch between
threads: under load a cached product page cost half again as much CPU (`make bench`). Here both strings
come from one os.urandom call, in the same alphabet, uniformly (bytes past the last whole multiple of the
alphabet's size are dropped, never folded onto its first letters), in the format CsrfViewMiddleware checks
(mask + secret enciphered with it); tests/test_page_cache.py posts forms with these tokens.
"""

from __future__ import annotations

import os

from django.http import HttpRequest
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH

_ALPHABET = len(CSRF_ALLOWED_CHARS)
_UNBIASED_BELOW = 256 - 256 % _ALPHABET  # a byte under this maps onto the alphabet with no letter favoured
# bytes.translate tables: a random byte to a letter (the biased ones deleted), a letter to its position.
_TO_LETTER = bytes(CSRF_ALLOWED_CHARS.encode()[byte % _ALPHABET] for byte in range(256))
_BIASED = bytes(range(_UNBIASED_BELOW, 256))
_POSITION = {letter: position for position, letter in enumerate(CSRF_ALLOWED_CHARS)}


def csrf_token(request: HttpRequest) -> str:
    """As get_token(request): the request's CSRF secret (a new one for a new visitor, which the CSRF
    middleware then sets as its cookie), masked afresh."""
    secret = request.META.get("CSRF_COOKIE")
    fresh = _random_letters(CSRF_SECRET_LENGTH * (2 if secret is None else 1))
    if secret is None:
        secret, fresh = fresh[:CSRF_SECRET_LENGTH], fresh[CSRF_SECRET_LENGTH:]
        request.META["CSRF_COOKIE"] = secret
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True  # as get_token: the cookie is (re)sent, renewing it
    cipher = "".join(CSRF_ALLOWED_CHARS[(_POSITION[s] + _POSITION[m]) % _ALPHABET]
                     for s, m in zip(secret, fresh, strict=True))
    return fresh + cipher


def _random_letters(count: int) -> str:
    letters = b""
    while len(letters) < count:  # about 3 % of bytes are dropped: one read nearly always suffices
        letters += os.urandom(count + 16).translate(_TO_LETTER, _BIASED)
    return letters[:count].decode()
