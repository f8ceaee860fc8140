"""Staff admin pages backed by services and selectors, so they work on every storage backend.

Django's admin is bound to the ORM, but with SHOP_STORAGE=dynamodb the ORM tables are empty. The
ORM models stay registered only so the admin index lists them and Django's permissions
(`catalog.change_productrecord`, ...) decide access; `ServiceModelAdmin.get_urls()` swaps every
ORM-backed page for our own views, which read and write through the storage seam only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect, QueryDict
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse

from core.errors import ShopError, ValidationError

PAGE_PARAM = "cursor"
START_PARAM = "start"  # the first row's number on this page, carried by the page links for the row count
SELECTED = "_selected_action"  # Django admin's name for the checked rows, which its actions.js expects
MAX_SELECTED = 100
HISTORY_LIMIT = 200


class ServiceModelAdmin(admin.ModelAdmin):
    """Base for admin pages over services. Subclasses define `*_page` views; missing ones get no URL."""

    # Maps a service error's field name to the form field showing it, when they differ.
    error_fields: dict[str, str] = {}

    def get_urls(self) -> list[URLPattern]:
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        routes = [
            ("", "list_page", "changelist"),
            ("add/", "add_page", "add"),
            ("<str:object_id>/change/", "change_page", "change"),
            ("<str:object_id>/delete/", "delete_page", "delete"),
            ("<str:object_id>/history/", "history_page", "history"),
        ]
        return [
            path(route, self.admin_site.admin_view(getattr(self, view)), name=f"{info}_{name}")
            for route, view, name in routes
            if hasattr(self, view)
        ]

    # -- access ------------------------------------------------------------------------------------

    def require(self, allowed: bool) -> None:
        """403 unless the permission check passed (admin_view already sent anonymous users to login)."""
        if not allowed:
            raise PermissionDenied

    # -- rendering ---------------------------------------------------------------------------------

    def url(self, name: str, *args: str) -> str:
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return reverse(f"admin:{info}_{name}", args=args, current_app=self.admin_site.name)

    def render(self, request: HttpRequest, template: str, title: str, **context: Any) -> TemplateResponse:
        base = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "changelist_url": self.url("changelist"),
            "has_view_permission": self.has_view_permission(request),
            "has_add_permission": self.has_add_permission(request),
            "has_change_permission": self.has_change_permission(request),
            "has_delete_permission": self.has_delete_permission(request),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, template, {**base, **context})

    def admin_form(self, form: forms.Form, fieldsets: list | None = None) -> admin.helpers.AdminForm:
        """Wraps a plain form so admin/includes/fieldset.html renders it with the admin's markup."""
        fieldsets = fieldsets or [(None, {"fields": list(form.fields)})]
        return admin.helpers.AdminForm(form, fieldsets, {})

    def missing(self, request: HttpRequest, error: ShopError) -> HttpResponseRedirect:
        """Like Django's admin: an object that is gone sends staff back to the list with a warning."""
        messages.warning(request, f"{error.message} Perhaps it was deleted?")
        return HttpResponseRedirect(self.url("changelist"))

    # -- history -----------------------------------------------------------------------------------

    def object_label(self, object_id: str) -> str | None:
        """The object's name for titles, or None when it does not exist (any more). Subclasses read it."""
        return None

    def history_page(self, request: HttpRequest, object_id: str) -> TemplateResponse:
        """Django's admin history (LogEntry) of one object; still readable after the object was deleted."""
        self.require(self.has_view_permission(request))
        entries = list(LogEntry.objects.filter(content_type_id=self.content_type_id(), object_id=object_id)
                       .select_related("user").order_by("-action_time")[:HISTORY_LIMIT])
        label = self.object_label(object_id)
        exists = label is not None
        label = label or (entries[0].object_repr if entries else object_id)
        return self.render(request, "admin/shop/object_history.html", f"Change history: {label}",
                           entries=entries, object_id=object_id, label=label, object_exists=exists,
                           limited=len(entries) == HISTORY_LIMIT)

    def content_type_id(self) -> int:
        return ContentType.objects.get_for_model(self.model, for_concrete_model=False).pk

    # -- bulk actions --------------------------------------------------------------------------------

    def selected_ids(self, request: HttpRequest) -> list[str]:
        return list(dict.fromkeys(i for i in request.POST.getlist(SELECTED) if i))[:MAX_SELECTED]

    # -- writing -----------------------------------------------------------------------------------

    def show_error(self, form: forms.Form, error: ShopError) -> None:
        """Puts a service's refusal next to the field it names, or above the form."""
        field = getattr(error, "field", None) if isinstance(error, ValidationError) else None
        field = self.error_fields.get(field or "", field)
        form.add_error(field if field in form.fields else None, error.message)

    def log(self, request: HttpRequest, object_id: str, label: str, flag: int, fields: Iterable[str] = ()) -> None:
        """Admin history entry (Django's own table), so "Recent actions", history pages and audits see edits."""
        message = {ADDITION: [{"added": {}}], CHANGE: [{"changed": {"fields": list(fields)}}], DELETION: []}[flag]
        LogEntry.objects.create(
            user_id=request.user.pk,
            content_type_id=self.content_type_id(),
            object_id=object_id,
            object_repr=label[:200],
            action_flag=flag,
            change_message=json.dumps(message),
        )


def page_links(request: HttpRequest, next_cursor: str | None, rows: int = 0) -> dict[str, Any]:
    """Keyset pagination links: the next page carries the selector's opaque cursor, "first" drops it.

    Also the row count of this page ("rows 51-100"): a total would cost a full scan on DynamoDB, so
    the links carry the first row's number instead (a forged one only mislabels the page).
    """
    params = request.GET.copy()
    params.pop(PAGE_PARAM, None)
    params.pop(START_PARAM, None)
    start = _start(request) if request.GET.get(PAGE_PARAM) else 1
    links: dict[str, Any] = {"first_page_url": "?" + params.urlencode() if request.GET.get(PAGE_PARAM) else "",
                             "row_count": rows, "first_row": start, "last_row": start + rows - 1}
    if next_cursor:
        params[PAGE_PARAM] = next_cursor
        params[START_PARAM] = str(start + rows)
        links["next_page_url"] = "?" + params.urlencode()
    return links


def _start(request: HttpRequest) -> int:
    try:
        return max(1, min(int(request.GET.get(START_PARAM, "1")), 10**9))
    except ValueError:
        return 1


def sort_header(request: HttpRequest, label: str, current: str, orders: list[tuple[str, str]],
                param: str = "sort") -> dict[str, str]:
    """A sortable column heading. `orders` are the column's (value, "ascending"/"descending") sorts;
    its link goes to the next one (or the first), restarting from the first page."""
    params: QueryDict = request.GET.copy()
    for name in (PAGE_PARAM, START_PARAM, param):
        params.pop(name, None)
    values = [value for value, _direction in orders]
    position = values.index(current) if current in values else -1
    params[param] = values[(position + 1) % len(values)]
    direction = orders[position][1] if position >= 0 else ""
    return {"label": label, "url": "?" + params.urlencode(), "sorted": direction}
def filter_choices(request: HttpRequest, param: str, choices: Iterable[tuple[str, str]],
                   all_label: str = "All") -> list[dict[str, Any]]:
    """Choices in the shape admin/filter.html expects; picking a filter restarts from the first page."""
    current = request.GET.get(param, "")

    def link(value: str) -> str:
        params: QueryDict = request.GET.copy()
        params.pop(PAGE_PARAM, None)
        params.pop(START_PARAM, None)
        params.pop(param, None)
        if value:
            params[param] = value
        return "?" + params.urlencode()

    options = [("", all_label), *choices]
    return [{"display": label, "query_string": link(value), "selected": value == current} for value, label in options]


def redirect_after_save(request: HttpRequest, admin: ServiceModelAdmin, object_id: str) -> HttpResponseRedirect:
    """Honours the admin's three save buttons: save, save and continue editing, save and add another."""
    if "_continue" in request.POST:
        return HttpResponseRedirect(admin.url("change", object_id))
    if "_addanother" in request.POST:
        return HttpResponseRedirect(admin.url("add"))
    return HttpResponseRedirect(admin.url("changelist"))

