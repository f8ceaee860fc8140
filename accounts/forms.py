from __future__ import annotations

from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm
from django.contrib.auth.models import User
from django.template.loader import render_to_string

from notifications.models import OutboxEmail
from notifications.services import Draft, email_enqueue
from notifications.worker import deliver_soon


class SignUpForm(UserCreationForm):
    email = forms.EmailField(max_length=254)

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")


class ShopPasswordResetForm(PasswordResetForm):
    """Django's reset form, with its email queued in the outbox instead of sent during the request.

    The page answers the same whether or not an account uses the address (Django's form mails only
    existing, active users); queueing keeps an SES round trip from telling the two apart by time.
    Links point at SHOP_SITE_URL, the shop's public address, never at a Host header.
    """

    def save(self, **kwargs: object) -> None:
        site = urlsplit(settings.SHOP_SITE_URL)
        super().save(**{**kwargs, "domain_override": site.netloc, "use_https": site.scheme == "https"})

    def send_mail(self, subject_template_name: str, email_template_name: str, context: dict, from_email: str | None,
                  to_email: str, html_email_template_name: str | None = None) -> None:
        context = {**context, "site_url": settings.SHOP_SITE_URL}
        draft = Draft(
            to=to_email,
            subject="".join(render_to_string(subject_template_name, context).splitlines()),
            text=render_to_string(email_template_name, context),
            html=render_to_string(html_email_template_name, context) if html_email_template_name else "",
        )
        if email_enqueue(kind=OutboxEmail.Kind.PASSWORD_RESET, draft=draft, sensitive=True) is not None:
            deliver_soon()
