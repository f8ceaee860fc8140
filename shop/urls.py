from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, re_path

from shop import accounts
from shop.graphql.view import ShopGraphQLView
from shop.observability import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    re_path(r"^graphql/?$", ShopGraphQLView.as_view(graphiql=settings.DEBUG), name="graphql"),
    path("account/", include((accounts.urlpatterns, "accounts"))),
    path("cart/", include("cart.urls")),
    path("", include("orders.urls")),
    path("", include("catalog.urls")),
]

if not settings.MEDIA_BUCKET:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)  # DEBUG only; no-op otherwise

handler404 = "shop.views.page_not_found"
handler500 = "shop.observability.views.server_error"
