"""Talking to an app instance a test started, as a shopper's browser and an API client do."""

from __future__ import annotations

import re

import requests

HIDDEN_FIELD = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


class Browser:
    """A shopper's browser: one cookie jar, whichever instance the load balancer picks."""

    def __init__(self) -> None:
        self.session = requests.Session()

    def get(self, url: str, **kwargs) -> requests.Response:
        return self.session.get(url, timeout=30, allow_redirects=False, **kwargs)

    def post_form(self, page_url: str, data: dict, *, action: str | None = None,
                  headers: dict | None = None) -> requests.Response:
        """GETs the page (for its CSRF token and other hidden fields), then POSTs the form to `action`
        (default: the page)."""
        page = self.get(page_url)
        hidden = dict(HIDDEN_FIELD.findall(page.text))
        assert "csrfmiddlewaretoken" in hidden, f"no form on {page_url} ({page.status_code})"
        return self.session.post(action or page_url, data={**hidden, **data},
                                 timeout=30, allow_redirects=False, headers={"Referer": page_url, **(headers or {})})

    def sign_in(self, base: str, username: str, password: str, headers: dict | None = None) -> requests.Response:
        return self.post_form(f"{base}/account/login/", {"username": username, "password": password},
                              headers=headers)


def graphql(base: str, query: str, variables: dict | None = None, *, verify: str | bool = True,
            **headers: str) -> dict:
    """POST /graphql; `verify`: the certificate to trust for an https server a test started."""
    response = requests.post(f"{base}/graphql", json={"query": query, "variables": variables or {}},
                             headers=headers, timeout=30, verify=verify)
    assert response.status_code == 200, response.text
    return response.json()
