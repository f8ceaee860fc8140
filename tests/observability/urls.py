"""The shop's URLs plus views that play GraphQL, checkout and a crash, for the monitoring tests."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path

from observability import count_metric
from shop.urls import handler404, handler500
from shop.urls import urlpatterns as shop_urlpatterns

SECRET_DETAIL = "internal detail: db password is hunter2"


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(SECRET_DETAIL)


def graphql(request: HttpRequest) -> JsonResponse:
    request.graphql_operations = ["ProductList", "Cart"]
    request.graphql_error_types = ["NotFound"]
    request.graphql_cache = "hit"
    return JsonResponse({"data": {}})


def place_order(request: HttpRequest) -> HttpResponse:
    count_metric("OrdersPlaced")
    count_metric("OutOfStock", 2)
    return HttpResponse("ok")


urlpatterns = [
    path("test/boom/", boom, name="boom"),
    path("test/graphql", graphql, name="graphql"),
    path("test/order/", place_order, name="order"),
    *shop_urlpatterns,
]
__all__ = ["handler404", "handler500", "urlpatterns"]
