"""`manage.py check --deploy` warns when production would write its email to files or the console."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, Warning, register

DEVELOPMENT_BACKENDS = {
    "django.core.mail.backends.filebased.EmailBackend", "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend", "django.core.mail.backends.dummy.EmailBackend",
}


@register(Tags.security, deploy=True)
def email_is_delivered(app_configs, **kwargs) -> list[Warning]:
    warnings = []
    if settings.EMAIL_BACKEND in DEVELOPMENT_BACKENDS:
        warnings.append(Warning(
            f"EMAIL_BACKEND is {settings.EMAIL_BACKEND}: order and password emails are not delivered.",
            hint="Set EMAIL_BACKEND=ses (Amazon SES) and SHOP_EMAIL_FROM to a verified sender.",
            id="notifications.W001"))
    if settings.SHOP_EMAIL_FROM == settings.DEV_EMAIL_FROM:
        warnings.append(Warning("SHOP_EMAIL_FROM is the development default.",
                                hint="Set it to the verified SES sender, e.g. Cloud Shop <shop@example.com>.",
                                id="notifications.W002"))
    return warnings
