from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe
from django.views.static import serve


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    message = exception.args[0] if exception.args and isinstance(exception.args[0], str) else ""
    return render(request, "404.html", {"message": message or "We couldn't find that page."}, status=404)


@require_safe
def media(request: HttpRequest, path: str) -> HttpResponse:
    """Uploaded images from MEDIA_ROOT when there is no media bucket (local runs)."""
    try:
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    except Http404:
        raise Http404 from None  # serve's message names the file's path on the server: not for shoppers
