"""Checkout and the shopper's order history."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from accounts.services import public_user_id
from cart.selectors import cart_get
from cart.session import cart_owner, remember_count
from catalog.selectors import product_get_many
from core.errors import InvalidCursor, NotFound, OutOfStock, ShopError
from notifications.selectors import order_email_status
from observability import count_metric
from orders.forms import CheckoutForm
from orders.selectors import order_get_for_user, order_list_for_user
from orders.services import order_place


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def checkout(request: HttpRequest) -> HttpResponse:
    owner = cart_owner(request)
    short_lines = []
    if request.method == "POST":
        form = CheckoutForm(request.POST)
        if form.is_valid():
            try:
                order = order_place(user_id=public_user_id(request.user), cart_owner=owner, **form.cleaned_data)
            except OutOfStock as error:
                count_metric("OutOfStock")
                short_lines = error.lines
                form.add_error(None, error.message)
            except ShopError as error:
                form.add_error(None, error.message)
            else:
                remember_count(request, 0)
                count_metric("OrdersPlaced")
                return redirect("orders:confirmation", order_id=order.id)
    else:
        form = CheckoutForm(initial={"customer_name": request.user.get_full_name(),
                                     "customer_email": request.user.email})
    cart = cart_get(owner=owner)
    if not cart.lines and request.method != "POST":
        return redirect("cart:detail")
    status = 400 if request.method == "POST" else 200
    return render(request, "orders/checkout.html", {"form": form, "cart": cart, "short_lines": short_lines},
                  status=status)


@login_required
@require_safe
def confirmation(request: HttpRequest, order_id: str) -> HttpResponse:
    order = _own_order(request, order_id)
    # The page says only what was done: queued, sent, or (retries exhausted) not sent.
    return render(request, "orders/confirmation.html", {"order": order, "product_slugs": _product_slugs(order),
                                                        "email_status": order_email_status(order_id=order.id)})


@login_required
@require_safe
def order_history(request: HttpRequest) -> HttpResponse:
    cursor = request.GET.get("cursor") or None
    try:
        page = order_list_for_user(user_id=public_user_id(request.user), cursor=cursor)
    except InvalidCursor:
        page, cursor = order_list_for_user(user_id=public_user_id(request.user)), None
    return render(request, "orders/history.html", {"page": page, "orders": page.items, "is_first_page": not cursor})


@login_required
@require_safe
def order_detail(request: HttpRequest, order_id: str) -> HttpResponse:
    order = _own_order(request, order_id)
    return render(request, "orders/detail.html", {"order": order, "product_slugs": _product_slugs(order)})


def _product_slugs(order) -> dict[str, str]:
    """Where each line's product is on sale today (one batch read); lines of products gone or hidden
    since are shown without a link."""
    products = product_get_many(product_ids=[line.product_id for line in order.lines])
    return {pid: product.slug for pid, product in products.items() if product.active}


def _own_order(request: HttpRequest, order_id: str):
    try:
        return order_get_for_user(user_id=public_user_id(request.user), order_id=order_id)
    except NotFound as error:
        raise Http404(error.message) from None
