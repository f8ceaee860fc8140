"""Staff pages for orders, over orders.services/selectors (see core.admin).

Orders are placed by shoppers only; staff list them, read them and move their status. There is no
add or delete: an order is a record of a sale.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from core.admin import PAGE_PARAM, ServiceModelAdmin, filter_choices, page_links, sort_header
from core.errors import Conflict, InvalidCursor, NotFound, ValidationError
from orders import selectors, services
from orders.domain import OrderQuery, OrderStatus
from orders.models import OrderRecord
from orders.staff_forms import OrderStatusForm

ORDERS_PER_PAGE = 50


@admin.register(OrderRecord)
class OrderAdmin(ServiceModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def object_label(self, object_id: str) -> str | None:
        try:
            return selectors.order_get(order_id=object_id).number
        except NotFound:
            return None

    def list_page(self, request: HttpRequest) -> HttpResponse:
        """Newest (or oldest) first, by status; the search box finds an order by number, or an email's orders."""
        self.require(self.has_view_permission(request))
        status = _status(request.GET.get("status", ""))
        if status is None and request.GET.get("status"):
            messages.warning(request, "Unknown status filter ignored.")
        search = request.GET.get("q", "").strip()[:254]
        sort = "oldest" if request.GET.get("sort") == "oldest" else "newest"
        query = OrderQuery(status=status, oldest_first=sort == "oldest")
        if search and (by_number := selectors.order_find_by_number(number=search)) is not None:
            return HttpResponseRedirect(self.url("change", by_number.id))  # one order: open it
        if search and "@" in search:
            query = OrderQuery(customer_email=search, oldest_first=query.oldest_first)
        elif search:
            messages.warning(request, f"No order has the number “{search}”. Search by an order number "
                                      "(SH-ABCDE-FGHIJ) or a full email address.")
        try:
            page = selectors.order_page(query=query, cursor=request.GET.get(PAGE_PARAM) or None,
                                        limit=ORDERS_PER_PAGE)
        except InvalidCursor as error:
            messages.error(request, error.message)
            page = selectors.order_page(query=query, limit=ORDERS_PER_PAGE)
        statuses = [(s.value, s.value.title()) for s in OrderStatus]
        columns = {"placed": sort_header(request, "Placed (UTC)", sort,
                                         [("newest", "descending"), ("oldest", "ascending")])}
        hidden = [(k, v) for k, v in request.GET.items() if k not in {"q", PAGE_PARAM, "start"}]
        return self.render(request, "admin/shop/order_list.html", "Select order to change", orders=page.items,
                           filter_specs=[("status", filter_choices(request, "status", statuses))],
                           search=search, hidden_params=hidden, columns=columns,
                           has_filters_applied=status is not None or bool(search),
                           **page_links(request, page.next_cursor, len(page.items)))

    def change_page(self, request: HttpRequest, object_id: str) -> HttpResponse:
        self.require(self.has_view_permission(request))
        try:
            order = selectors.order_get(order_id=object_id)
        except NotFound as error:
            return self.missing(request, error)
        can_change = self.has_change_permission(request)
        if request.method == "POST":
            self.require(can_change)
        form = OrderStatusForm(request.POST if request.method == "POST" else None, order=order)
        if request.method == "POST" and form.is_valid():
            old = order.status
            try:
                order = services.order_change_status(order_id=order.id, status=form.cleaned_data["status"])
            except ValidationError as error:  # includes InvalidTransition: the move is not allowed
                self.show_error(form, error)
            except Conflict:
                # Lost a race with another status change: show the order as it now is.
                messages.error(request, "Someone else changed this order's status meanwhile; nothing was changed. "
                                        "Check the current status and try again.")
                return HttpResponseRedirect(self.url("change", order.id))
            except NotFound as error:
                return self.missing(request, error)
            else:
                self.log(request, order.id, order.number, CHANGE, [f"status {old.value} → {order.status.value}"])
                messages.success(request, f"Order {order.number} is now {order.status.value.title()}.")
                return HttpResponseRedirect(self.url("change", order.id))
        return self.render(request, "admin/shop/order_detail.html", f"Order {order.number}", order=order,
                           form=form, show_status_form=can_change and bool(order.allowed_statuses or form.errors))


def _status(value: str) -> OrderStatus | None:
    try:
        return OrderStatus(value.upper()) if value else None
    except ValueError:
        return None

