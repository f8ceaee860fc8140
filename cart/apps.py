from django.apps import AppConfig


class CartConfig(AppConfig):
    name = "cart"

    def ready(self) -> None:
        from cart.domain import CartItemChanged
        from cart.selectors import cart_changed
        from core.events import subscribe

        subscribe(CartItemChanged, cart_changed)  # a cached cart page goes stale with the cart
