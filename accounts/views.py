"""Sign up, sign in and sign out, and the account overview. Signing in (or up) claims the guest cart."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.forms import SignUpForm
from accounts.services import public_user_id, user_sign_out_everywhere, user_token_count
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


@require_safe
@login_required
def overview(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/overview.html", {"live_tokens": user_token_count(user=request.user)})


@require_POST
@login_required
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    """Every session of the user (this one too) and every API token ends now."""
    user_sign_out_everywhere(user=request.user)
    logout(request)
    messages.success(request, "You are signed out everywhere: on every device and in every app.")
    return redirect("accounts:login")
