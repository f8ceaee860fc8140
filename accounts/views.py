"""Sign up, sign in and sign out, and the account overview. Signing in (or up) claims the guest cart."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import backends
from accounts.forms import ShopPasswordResetForm, SignUpForm
from accounts.services import public_user_id, user_sign_out_everywhere, user_token_count, user_tokens_revoke_all
from cart.domain import user_owner
from cart.selectors import cart_get
from cart.session import claim_guest_cart, guest_cart_owner, remember_count


def sign_in_with_cart(request: HttpRequest, user: User) -> None:
    """Logs the user in and moves the guest cart into theirs."""
    guest = guest_cart_owner(request)
    login(request, user, backend=backends.PATH)
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


# -- passwords: Django's own views, the shop's templates and URLs (README "Accounts") -----------------


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ShopPasswordResetForm
    template_name = "accounts/password_reset.html"
    subject_template_name = "email/password_reset_subject.txt"
    email_template_name = "email/password_reset.txt"
    html_email_template_name = "email/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "timeout_hours": max(1, settings.PASSWORD_RESET_TIMEOUT // 3600)}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # Whoever knew the old password may hold API tokens made with it: they die with it.
        user_tokens_revoke_all(user=form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)  # keeps this session signed in (update_session_auth_hash)
        user_tokens_revoke_all(user=form.user)
        return response


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"
