"""The site's URLs: health checks, admin, the GraphQL API, then the shopper pages."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from api.view import ShopGraphQLView
from observability import health
from shop import views

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("admin/", admin.site.urls),
    re_path(r"^graphql/?$", ShopGraphQLView.as_view(graphiql=settings.DEBUG), name="graphql"),
    path("account/", include("accounts.urls")),
    path("cart/", include("cart.urls")),
    path("", include("orders.urls")),
    path("", include("catalog.urls")),
]

if not settings.MEDIA_BUCKET:
    # Without a media bucket (local `make run`), uploaded product images are served by the app.
    # Production sets MEDIA_BUCKET and CloudFront serves /media/ instead.
    urlpatterns.append(re_path(r"^media/(?P<path>.+)$", views.media, name="media"))

handler400 = "shop.views.bad_request"
handler403 = "shop.views.permission_denied"
handler404 = "shop.views.page_not_found"
handler500 = "observability.views.server_error"
