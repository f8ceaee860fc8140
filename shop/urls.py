from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from shop import accounts, views
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
    # Without a media bucket (local `make run`), uploaded product images are served by the app.
    # Production sets MEDIA_BUCKET and CloudFront serves /media/ instead.
    urlpatterns.append(re_path(r"^media/(?P<path>.+)$", views.media, name="media"))

handler404 = "shop.views.page_not_found"
handler500 = "shop.observability.views.server_error"
