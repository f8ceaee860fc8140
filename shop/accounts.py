"""Sign up, sign in and sign out. Signing in (or up) merges the guest cart into the user's."""

from __future__ import annotations

from django import forms
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from cart.domain import user_owner
from cart.selectors import cart_get
from cart.services import cart_merge
from cart.session import GUEST_KEY, guest_cart_owner, remember_count


class SignUpForm(UserCreationForm):
    email = forms.EmailField(max_length=254)

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")


def sign_in_with_cart(request: HttpRequest, user: User) -> None:
    """Logs the user in and moves the guest cart into theirs (the one place this happens)."""
    guest = guest_cart_owner(request)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    mine = user_owner(user.pk)
    if guest:
        cart_merge(source_owner=guest, target_owner=mine)
        request.session.pop(GUEST_KEY, None)
    remember_count(request, cart_get(owner=mine).count)  # the header badge shows the saved cart at once


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


app_name = "accounts"
urlpatterns = [
    path("signup/", sign_up, name="signup"),
    path("login/", SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
