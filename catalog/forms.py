from __future__ import annotations

from django import forms

from catalog.domain import ProductSort


class ProductFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=100, label="Search")
    category = forms.CharField(required=False, max_length=120)
    sort = forms.ChoiceField(required=False, choices=[(s.value, s.label) for s in ProductSort])
    cursor = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].widget = forms.Select(
            choices=[("", "All categories")] + [(c.slug, c.name) for c in categories]
        )

    def clean_q(self) -> str:
        return self.cleaned_data["q"].strip()
