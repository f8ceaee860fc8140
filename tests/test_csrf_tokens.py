"""shop.csrf_tokens makes the tokens Django's CSRF middleware makes and accepts (the page-cache tests post
forms with them); here, their shape and their letters."""

from __future__ import annotations

from collections import Counter

from django.middleware.csrf import CSRF_ALLOWED_CHARS, _unmask_cipher_token
from django.test import RequestFactory

from shop.csrf_tokens import csrf_token


def test_a_new_visitor_gets_a_secret_and_a_token_masking_it():
    request = RequestFactory().get("/")
    token = csrf_token(request)
    secret = request.META["CSRF_COOKIE"]
    assert len(secret) == 32 and len(token) == 64 and set(secret + token) <= set(CSRF_ALLOWED_CHARS)
    assert _unmask_cipher_token(token) == secret and request.META["CSRF_COOKIE_NEEDS_UPDATE"]


def test_a_returning_visitor_keeps_the_secret_and_each_token_is_masked_afresh():
    request = RequestFactory().get("/")
    request.META["CSRF_COOKIE"] = "c" * 32
    first, second = csrf_token(request), csrf_token(request)
    assert first != second and {_unmask_cipher_token(first), _unmask_cipher_token(second)} == {"c" * 32}


def test_every_letter_is_drawn():
    letters = Counter("".join(csrf_token(RequestFactory().get("/")) for _ in range(300)))
    assert set(letters) == set(CSRF_ALLOWED_CHARS)
    assert max(letters.values()) < 3 * min(letters.values())  # roughly even
