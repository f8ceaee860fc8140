from __future__ import annotations

from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe
from django.views.static import serve


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    message = exception.args[0] if exception.args and isinstance(exception.args[0], str) else ""
    return render(request, "404.html", {"message": message or "We couldn't find that page."}, status=404)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """400, e.g. a host name this shop does not serve. Renders nothing that reads the Host header."""
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "403.html", status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form posted from a page open too long (or with cookies off): say how to retry, never Django's
    yellow debugging page. The way back is the page the form was on, when it is one of ours."""
    referer = request.META.get("HTTP_REFERER", "")
    back = referer if url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure()) else ""
    return render(request, "403_csrf.html", {"back": back}, status=403)


def method_not_allowed(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """The branded page for a 405 Django's decorators answered with an empty body (see the middleware)."""
    page = render(request, "405.html", status=405)
    page["Allow"] = response.get("Allow", "")
    return page


@require_safe
def media(request: HttpRequest, path: str) -> HttpResponse:
    """Uploaded images from MEDIA_ROOT when there is no media bucket (local runs)."""
    try:
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    except Http404:
        raise Http404 from None  # serve's message names the file's path on the server: not for shoppers


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    """/robots.txt, where crawlers look for it: the text of static/robots.txt (the one copy, also deployed
    with the static files)."""
    response = HttpResponse(_robots_text(), content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@cache
def _robots_text() -> str:
    return Path(finders.find("robots.txt")).read_text()
