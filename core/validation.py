"""Checks shared by every service, so the same input is refused the same way from every door."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.utils.text import slugify

from core.errors import ValidationError
from core.money import MAX_PRICE, to_money


def clean_text(value: object, field: str, *, max_length: int, required: bool = True) -> str:
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise ValidationError(f"{_label(field)} is required.", field=field)
    if len(text) > max_length:
        raise ValidationError(f"{_label(field)} must be at most {max_length} characters.", field=field)
    return text


def clean_int(value: object, field: str, *, minimum: int, maximum: int) -> int:
    if isinstance(value, bool):
        raise ValidationError(f"{_label(field)} must be a whole number.", field=field)
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError(f"{_label(field)} must be a whole number.", field=field) from None
    if not minimum <= number <= maximum:
        raise ValidationError(f"{_label(field)} must be between {minimum} and {maximum}.", field=field)
    return number


def clean_money(value: object, field: str, *, minimum: Decimal = Decimal("0.00")) -> Decimal:
    try:
        amount = to_money(value)
    except (TypeError, ValueError):
        raise ValidationError(f"{_label(field)} must be an amount like 19.99.", field=field) from None
    if not minimum <= amount <= MAX_PRICE:
        raise ValidationError(f"{_label(field)} must be between {minimum} and {MAX_PRICE}.", field=field)
    return amount


def clean_email(value: object, field: str = "customer_email") -> str:
    email = clean_text(value, field, max_length=254)
    try:
        validate_email(email)
    except DjangoValidationError:
        raise ValidationError("Enter a valid email address.", field=field) from None
    return email


def clean_slug(value: object, *, fallback: str, field: str = "slug") -> str:
    raw = clean_text(value, field, max_length=200, required=False)
    slug = slugify(raw or fallback)
    if not slug:
        raise ValidationError("Slug must contain letters or digits.", field=field)
    if raw and slug != raw:
        raise ValidationError("Slug may contain only lowercase letters, digits and hyphens.", field=field)
    return slug


def _label(field: str) -> str:
    return field.replace("_", " ").capitalize()
