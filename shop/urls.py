from django.contrib import admin
from django.urls import include, path

from shop import accounts

urlpatterns = [
    path("admin/", admin.site.urls),
    path("account/", include((accounts.urlpatterns, "accounts"))),
    path("cart/", include("cart.urls")),
    path("", include("orders.urls")),
    path("", include("catalog.urls")),
]

handler404 = "shop.views.page_not_found"
