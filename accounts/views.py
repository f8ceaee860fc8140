"""Sign up, sign in and sign out. Signing in (or up) claims the guest cart for the user."""

from __future__ import annotations

from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from accounts.forms import SignUpForm
from accounts.services import public_user_id
from cart.domain import user_owner
from cart.selectors import cart_get
from cart.session import claim_guest_cart, guest_cart_owner, remember_count


def sign_in_with_cart(request: HttpRequest, user: User) -> None:
    """Logs the user in and moves the guest cart into theirs."""
    guest = guest_cart_owner(request)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    claim_guest_cart(request, user, guest=guest)
    # The header badge shows the saved cart at once.
    remember_count(request, cart_get(owner=user_owner(public_user_id(user))).count)


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        sign_in_with_cart(self.request, form.get_user())
        return redirect(self.get_success_url())


@require_http_methods(["GET", "HEAD", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sign_in_with_cart(request, form.save())
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
            target = "catalog:home"
        return redirect(target)
    return render(request, "accounts/signup.html", {"form": form, "next": request.GET.get("next", "")},
                  status=400 if request.method == "POST" else 200)
