"""Staff forms for categories and products.

The forms only parse input into Python types (Decimal, int, bool); every business rule (slug unique,
compare-at price above the price, category exists, ...) stays in catalog.services, whose
ValidationError the admin puts next to the field it names. Limits mirror the services' so the
browser can hint at them, but the services remain the authority.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms

from catalog.domain import Category, Product, ProductSort
from catalog.images import image_check
from catalog.rules import MAX_STOCK
from core.errors import ValidationError
from core.money import MAX_PRICE

PRODUCT_FIELDSETS = [
    (None, {"fields": ["name", "slug", "category", "description", "image", "image_url"]}),
    ("Price and stock", {"fields": ["price", "original_price", "stock"]}),
    ("Merchandising", {"fields": ["active", "featured", "is_new", "rating"]}),
]


class EditForm(forms.Form):
    """`show_hidden_initial` posts back the values the page was rendered with, so `edited_fields()` is
    what staff actually changed; the admin sends only those and never overwrites a change made
    meanwhile (a sale's stock decrement, another staff member's edit) with a stale figure."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.show_hidden_initial = True

    def edited_fields(self) -> list[str]:
        """Fields staff changed on the page; a field posted without its hidden initial counts as edited."""
        return [n for n in self.fields if self[n].html_initial_name not in self.data or n in self.changed_data]

    def loaded_value(self, name: str) -> object:
        """The value the page showed when it was rendered (None if the browser did not send it back)."""
        field, bound = self.fields[name], self[name]
        try:
            return field.to_python(self.data.get(bound.html_initial_name))
        except forms.ValidationError:
            return None


class CategoryForm(EditForm):
    name = forms.CharField(max_length=100)
    slug = forms.CharField(max_length=200, required=False, help_text="Leave empty to derive it from the name.")
    description = forms.CharField(max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    image_url = forms.CharField(max_length=500, required=False, label="Image URL")

    @staticmethod
    def initial_for(category: Category) -> dict[str, object]:
        return {"name": category.name, "slug": category.slug, "description": category.description,
                "image_url": category.image_url}


class ProductForm(EditForm):
    name = forms.CharField(max_length=200)
    slug = forms.CharField(max_length=200, required=False, help_text="Leave empty to derive it from the name.")
    category = forms.ChoiceField()
    description = forms.CharField(max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4}))
    image = forms.FileField(required=False, label="Upload image",
                            help_text="PNG, JPEG, WebP or GIF, up to 5 MB and 40 million pixels; "
                                      "resized for the pages and stripped of metadata (camera, location). "
                                      "Replaces the image URL.")
    image_url = forms.CharField(max_length=500, required=False, label="Image URL")
    price = forms.DecimalField(max_digits=8, decimal_places=2, min_value=Decimal("0.01"), max_value=MAX_PRICE)
    original_price = forms.DecimalField(
        max_digits=8, decimal_places=2, min_value=Decimal("0.01"), max_value=MAX_PRICE, required=False,
        label="Compare-at price", help_text="Optional; shown struck through when higher than the price.",
    )
    stock = forms.IntegerField(min_value=0, max_value=MAX_STOCK)
    active = forms.BooleanField(required=False, help_text="Inactive products are hidden from shoppers.")
    featured = forms.BooleanField(required=False)
    is_new = forms.BooleanField(required=False, label="New")
    rating = forms.DecimalField(max_digits=2, decimal_places=1, min_value=Decimal("0"), max_value=Decimal("5"))

    def __init__(self, *args: object, categories: list[Category], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.categories = categories
        self.fields["image"].show_hidden_initial = False  # a file has no "value as rendered"
        self.fields["category"].choices = [("", "---------")] + [(c.id, c.name) for c in categories]

    @staticmethod
    def initial_for(product: Product) -> dict[str, object]:
        return {
            "name": product.name, "slug": product.slug, "category": product.category_id,
            "description": product.description, "image_url": product.image_url, "price": product.price,
            "original_price": product.original_price, "stock": product.stock, "active": product.active,
            "featured": product.featured, "is_new": product.is_new, "rating": product.rating,
        }

    def edited_fields(self) -> list[str]:
        return [name for name in super().edited_fields() if name != "image"]

    def clean_image(self) -> object:
        upload = self.cleaned_data["image"]
        if upload:
            try:
                image_check(upload)
            except ValidationError as error:
                raise forms.ValidationError(error.message) from None
        return upload

    def service_values(self, names: list[str] | None = None) -> dict[str, object]:
        """Cleaned data under the services' names (`category` -> `category_id`), optionally only `names`.

        An uploaded image is not stored here (forms don't write); the admin stores it and passes its URL.
        """
        names = [n for n in (list(self.cleaned_data) if names is None else names) if n != "image"]
        return {("category_id" if n == "category" else n): self.cleaned_data[n] for n in names}


TRI_STATE = [("1", "Yes"), ("0", "No")]


class ProductFilterForm(forms.Form):
    """The product list's query string. Unknown values are refused rather than silently ignored."""

    q = forms.CharField(required=False, max_length=100)
    category = forms.CharField(required=False, max_length=64)
    active = forms.ChoiceField(required=False, choices=TRI_STATE)
    in_stock = forms.ChoiceField(required=False, choices=TRI_STATE)
    sort = forms.ChoiceField(required=False, choices=[(s.value, s.label) for s in ProductSort])
    cursor = forms.CharField(required=False, max_length=2000)

    def clean_q(self) -> str:
        return self.cleaned_data["q"].strip()

    @staticmethod
    def flag(value: str) -> bool | None:
        return {"1": True, "0": False}.get(value)
