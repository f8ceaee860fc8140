from django.urls import path

from orders import views

app_name = "orders"
urlpatterns = [
    path("checkout/", views.checkout, name="checkout"),
    path("orders/<str:order_id>/thank-you/", views.confirmation, name="confirmation"),
    path("account/orders/", views.order_history, name="history"),
    path("account/orders/<str:order_id>/", views.order_detail, name="detail"),
]
