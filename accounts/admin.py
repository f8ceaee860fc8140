"""Admin for the GraphQL API's credentials. A new key or token is shown once, right after saving."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import Permission

from accounts.models import ApiKey, ServiceToken, UserToken
from accounts.services import API_KEY_MAX_DAYS, API_KEY_MIN_DAYS, check_api_key_expiry
from core.errors import ValidationError


@admin.action(description="Revoke the selected credentials", permissions=["change"])
def revoke(modeladmin, request, queryset) -> None:
    for credential in queryset:
        credential.revoke()


class CredentialAdmin(admin.ModelAdmin):
    list_display = ("name", "key_prefix", "created_at", "expires_at", "revoked_at")
    readonly_fields = ("key_prefix", "created_at", "revoked_at")
    search_fields = ("name", "key_prefix")
    actions = (revoke,)

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            raw = obj.issue_secret()
            messages.warning(request, f"Copy this secret now; it is stored hashed and will not be shown again: {raw}")
        super().save_model(request, obj, form, change)


class ApiKeyForm(forms.ModelForm):
    class Meta:
        model = ApiKey
        fields = ("name", "expires_at")
        help_texts = {"expires_at": f"Required: {API_KEY_MIN_DAYS} to {API_KEY_MAX_DAYS} days from now, as in AppSync."}

    def clean_expires_at(self):
        try:
            check_api_key_expiry(self.cleaned_data["expires_at"])
        except ValidationError as error:
            raise forms.ValidationError(error.message) from None
        return self.cleaned_data["expires_at"]


@admin.register(ApiKey)
class ApiKeyAdmin(CredentialAdmin):
    form = ApiKeyForm
    fields = ("name", "expires_at", "key_prefix", "created_at", "revoked_at")


class ServiceTokenForm(forms.ModelForm):
    class Meta:
        model = ServiceToken
        fields = ("name", "scopes", "expires_at")

    # Set by ServiceTokenAdmin.get_form: whose permissions bound the scopes a token may carry.
    granting_user = None

    def clean_scopes(self) -> str:
        known = {
            f"{app}.{codename}"
            for app, codename in Permission.objects.values_list("content_type__app_label", "codename")
        }
        scopes = self.cleaned_data["scopes"].split()
        unknown = [scope for scope in scopes if scope not in known]
        if unknown:
            raise forms.ValidationError(f"Unknown permission: {unknown[0]}")
        # Nobody hands a token more than they hold themselves: no escalation through a service token.
        beyond = [scope for scope in scopes if not self.granting_user.has_perm(scope)]
        if beyond:
            raise forms.ValidationError(f"You cannot grant a permission you do not have: {beyond[0]}")
        return " ".join(scopes)


@admin.register(ServiceToken)
class ServiceTokenAdmin(CredentialAdmin):
    form = ServiceTokenForm
    list_display = (*CredentialAdmin.list_display, "scopes")
    fields = ("name", "scopes", "expires_at", "key_prefix", "created_at", "revoked_at")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"granting_user": request.user})


@admin.register(UserToken)
class UserTokenAdmin(CredentialAdmin):
    """Issued by signIn; here only to be seen and revoked."""

    list_display = ("user", "key_prefix", "created_at", "expires_at", "revoked_at")
    fields = ("user", "key_prefix", "created_at", "expires_at", "revoked_at")
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False
