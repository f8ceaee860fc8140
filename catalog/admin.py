"""Staff pages for categories and products, over catalog.services/selectors (see core.admin)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.models import ADDITION, CHANGE, DELETION
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.urls import reverse

from catalog import selectors, services
from catalog.domain import Category, Product, ProductQuery, ProductSort
from catalog.images import product_image_store
from catalog.models import CategoryRecord, ProductRecord
from catalog.staff_forms import PRODUCT_FIELDSETS, TRI_STATE, CategoryForm, ProductFilterForm, ProductForm
from core.admin import ServiceModelAdmin, filter_choices, page_links, redirect_after_save, sort_header
from core.errors import Conflict, InvalidCursor, NotFound, ShopError, ValidationError

PRODUCTS_PER_PAGE = 50
PRODUCT_ACTIONS = {"activate_selected", "deactivate_selected", "delete_selected"}


@admin.register(CategoryRecord)
class CategoryAdmin(ServiceModelAdmin):
    def object_label(self, object_id: str) -> str | None:
        try:
            return _fresh_category(object_id).name
        except NotFound:
            return None
    def list_page(self, request: HttpRequest) -> HttpResponse:
        self.require(self.has_view_permission(request))
        categories = _fresh_categories()
        return self.render(request, "admin/shop/category_list.html", "Select category to change",
                           categories=categories, row_count=len(categories), first_row=1, last_row=len(categories))

    def add_page(self, request: HttpRequest) -> HttpResponse:
        self.require(self.has_add_permission(request))
        form = CategoryForm(_posted(request))
        if request.method == "POST" and form.is_valid():
            try:
                category = services.category_create(**form.cleaned_data)
            except ShopError as error:  # a refused value, or a change that lost a race
                self.show_error(form, error)
            else:
                self.log(request, category.id, category.name, ADDITION)
                messages.success(request, f"The category “{category.name}” was added successfully.")
                return redirect_after_save(request, self, category.id)
        return self.render(request, "admin/shop/change_form.html", "Add category", form=form,
                           adminform=self.admin_form(form), add=True)

    def change_page(self, request: HttpRequest, object_id: str) -> HttpResponse:
        self.require(self.has_view_permission(request))
        try:
            category = _fresh_category(object_id)
        except NotFound as error:
            return self.missing(request, error)
        can_change = self.has_change_permission(request)
        if request.method == "POST":
            self.require(can_change)
        form = CategoryForm(_posted(request), initial=CategoryForm.initial_for(category))
        if request.method == "POST" and form.is_valid():
            edited = form.edited_fields()
            try:
                category = services.category_update(category_id=category.id,
                                                    **{name: form.cleaned_data[name] for name in edited})
            except ShopError as error:
                self.show_error(form, error)
            else:
                self.log(request, category.id, category.name, CHANGE, edited)
                messages.success(request, f"The category “{category.name}” was changed successfully.")
                return redirect_after_save(request, self, category.id)
        _read_only(form, not can_change)
        return self.render(request, "admin/shop/change_form.html", _verb(can_change, "category"),
                           subtitle=category.name, form=form, adminform=self.admin_form(form), original=category,
                           object_id=category.id, can_change=can_change,
                           view_on_site_url=reverse("catalog:category", args=[category.slug]))

    def delete_page(self, request: HttpRequest, object_id: str) -> HttpResponse:
        self.require(self.has_delete_permission(request))
        try:
            category = _fresh_category(object_id)
        except NotFound as error:
            return self.missing(request, error)
        if request.method == "POST":
            try:
                services.category_delete(category_id=category.id)
            except (ValidationError, Conflict) as error:
                # The service refuses while products still use the category; say so where staff look.
                messages.error(request, f"The category “{category.name}” was not deleted: {error.message}")
                return HttpResponseRedirect(self.url("change", category.id))
            except NotFound as error:
                return self.missing(request, error)
            self.log(request, category.id, category.name, DELETION)
            messages.success(request, f"The category “{category.name}” was deleted successfully.")
            return HttpResponseRedirect(self.url("changelist"))
        return self.render(request, "admin/shop/delete_confirmation.html", "Are you sure?",
                           original=category, object_id=category.id)


@admin.register(ProductRecord)
class ProductAdmin(ServiceModelAdmin):
    error_fields = {"category_id": "category"}

    def object_label(self, object_id: str) -> str | None:
        try:
            return selectors.product_get(product_id=object_id, include_inactive=True).name
        except NotFound:
            return None

    def actions_for(self, request: HttpRequest) -> list[tuple[str, str]]:
        actions = []
        if self.has_change_permission(request):
            actions += [("activate_selected", "Activate selected products"),
                        ("deactivate_selected", "Deactivate selected products (hide them from shoppers)")]
        if self.has_delete_permission(request):
            actions.append(("delete_selected", "Delete selected products"))
        return actions

    def run_action(self, request: HttpRequest) -> HttpResponse:
        """The list's bulk actions; deleting asks for confirmation first, like Django's admin."""
        action, ids = request.POST.get("action", ""), self.selected_ids(request)
        if action not in dict(self.actions_for(request)):
            self.require(action not in PRODUCT_ACTIONS)  # a real action without its permission: 403
            messages.warning(request, "Choose an action.")
            return HttpResponseRedirect(self.url("changelist"))
        if not ids:
            messages.warning(request, "Items must be selected in order to perform actions on them. "
                                      "No items have been changed.")
            return HttpResponseRedirect(self.url("changelist"))
        if action == "delete_selected":
            if request.POST.get("post") != "yes":
                found = selectors.product_get_many(product_ids=ids)
                return self.render(request, "admin/shop/delete_selected.html", "Are you sure?",
                                   objects=[found[i] for i in ids if i in found])
            outcome = services.products_delete(product_ids=ids)
            for product in outcome.done:
                self.log(request, product.id, product.name, DELETION)
            verb = "deleted"
        else:
            active = action == "activate_selected"
            outcome = services.products_set_active(product_ids=ids, active=active)
            for product in outcome.done:
                self.log(request, product.id, product.name, CHANGE, ["active"])
            verb = "activated" if active else "deactivated"
        if outcome.done:
            messages.success(request, f"Successfully {verb} {len(outcome.done)} "
                                      f"product{'s' if len(outcome.done) != 1 else ''}.")
        for _product_id, message in outcome.refused:
            messages.error(request, f"One product was not {verb}: {message}")
        return HttpResponseRedirect(request.get_full_path())

    def list_page(self, request: HttpRequest) -> HttpResponse:
        self.require(self.has_view_permission(request))
        if request.method == "POST":
            return self.run_action(request)
        categories = _fresh_categories()
        params = request.GET
        filters = ProductFilterForm(params)
        query, cursor = ProductQuery(active=None), None
        if filters.is_valid():
            data = filters.cleaned_data
            query = ProductQuery(
                category_id=data["category"] or None, search=data["q"], active=filters.flag(data["active"]),
                in_stock=filters.flag(data["in_stock"]), sort=ProductSort(data["sort"] or ProductSort.NEWEST),
            )
            cursor = data["cursor"] or None
        else:
            messages.warning(request, "Some filters were not understood and are ignored.")
            params = QueryDict()
        try:
            page = selectors.product_list(query=query, cursor=cursor, limit=PRODUCTS_PER_PAGE)
        except InvalidCursor as error:
            messages.error(request, error.message)
            page = selectors.product_list(query=query, limit=PRODUCTS_PER_PAGE)
        names = {c.id: c.name for c in categories}
        rows = [(product, names.get(product.category_id, "—")) for product in page.items]
        filter_specs = [
            ("category", filter_choices(request, "category", [(c.id, c.name) for c in categories])),
            ("active", filter_choices(request, "active", TRI_STATE)),
            ("in stock", filter_choices(request, "in_stock", TRI_STATE)),
            ("sort order", filter_choices(request, "sort", [(s.value, s.label) for s in ProductSort][1:],
                                          all_label=ProductSort.NEWEST.label)),
        ]
        hidden = [(k, v) for k, v in params.items() if k not in {"q", "cursor", "start"}]
        sort = query.sort.value
        columns = {
            "name": sort_header(request, "Name", sort, [(ProductSort.NAME, "ascending")]),
            "price": sort_header(request, f"Price ({settings.SHOP_CURRENCY})", sort,
                                 [(ProductSort.PRICE_ASC, "ascending"), (ProductSort.PRICE_DESC, "descending")]),
            "added": sort_header(request, "Added (UTC)", sort, [(ProductSort.NEWEST, "descending")]),
        }
        return self.render(request, "admin/shop/product_list.html", "Select product to change", rows=rows,
                           search=query.search, hidden_params=hidden, filter_specs=filter_specs, columns=columns,
                           actions=self.actions_for(request),
                           has_filters_applied=any(params.get(k) for k in ("q", "category", "active", "in_stock")),
                           **page_links(request, page.next_cursor, len(rows)))

    def add_page(self, request: HttpRequest) -> HttpResponse:
        self.require(self.has_add_permission(request))
        initial = {"active": True, "stock": 0, "rating": "0.0"}
        form = ProductForm(_posted(request), _uploads(request), initial=initial, categories=_fresh_categories())
        if request.method == "POST" and form.is_valid():
            try:
                product = services.product_create(**_with_image(form, form.service_values()))
            except ShopError as error:
                self.show_error(form, error)
            else:
                self.log(request, product.id, product.name, ADDITION)
                messages.success(request, f"The product “{product.name}” was added successfully.")
                return redirect_after_save(request, self, product.id)
        return self.render(request, "admin/shop/change_form.html", "Add product", form=form,
                           adminform=self.admin_form(form, PRODUCT_FIELDSETS), add=True)

    def change_page(self, request: HttpRequest, object_id: str) -> HttpResponse:
        self.require(self.has_view_permission(request))
        try:
            product = selectors.product_get(product_id=object_id, include_inactive=True)
        except NotFound as error:
            return self.missing(request, error)
        can_change = self.has_change_permission(request)
        if request.method == "POST":
            self.require(can_change)
        form = ProductForm(_posted(request), _uploads(request), initial=ProductForm.initial_for(product),
                           categories=_fresh_categories())
        if request.method == "POST" and form.is_valid():
            result = self._save(request, product, form)
            if isinstance(result, HttpResponse):
                return result
            form = result
        _read_only(form, not can_change)
        return self.render(request, "admin/shop/change_form.html", _verb(can_change, "product"),
                           subtitle=product.name, form=form, adminform=self.admin_form(form, PRODUCT_FIELDSETS),
                           original=product, object_id=product.id, can_change=can_change,
                           view_on_site_url=reverse("catalog:product_detail", args=[product.slug])
                           if product.active else "")

    def _save(self, request: HttpRequest, product: Product, form: ProductForm) -> HttpResponse | ProductForm:
        """Sends only what staff edited, so a sale made while the page was open is never overwritten."""
        edited = form.edited_fields()
        loaded_stock = form.loaded_value("stock")
        if "stock" in edited and loaded_stock is not None and loaded_stock != product.stock:
            # Orders moved the stock since the page was rendered: show the new figure and let staff
            # decide; re-submitting the page as shown then applies their number.
            data = request.POST.copy()
            data[form["stock"].html_initial_name] = str(product.stock)
            form = ProductForm(data, initial=ProductForm.initial_for(product), categories=form.categories)
            form.is_valid()
            form.add_error("stock", f"Stock changed from {loaded_stock} to {product.stock} while you were "
                                    "editing (orders placed or cancelled). Check the figure and save again.")
            return form
        try:
            saved = services.product_update(product_id=product.id, **_with_image(form, form.service_values(edited)))
        except ShopError as error:
            self.show_error(form, error)
            return form
        self.log(request, saved.id, saved.name, CHANGE, edited)
        messages.success(request, f"The product “{saved.name}” was changed successfully.")
        return redirect_after_save(request, self, saved.id)

    def delete_page(self, request: HttpRequest, object_id: str) -> HttpResponse:
        self.require(self.has_delete_permission(request))
        try:
            product = selectors.product_get(product_id=object_id, include_inactive=True)
            if request.method == "POST":
                services.product_delete(product_id=product.id)
        except NotFound as error:
            return self.missing(request, error)
        except Conflict as error:
            messages.error(request, f"The product “{product.name}” was not deleted: {error.message}")
            return HttpResponseRedirect(self.url("change", product.id))
        if request.method == "POST":
            self.log(request, product.id, product.name, DELETION)
            messages.success(request, f"The product “{product.name}” was deleted successfully.")
            return HttpResponseRedirect(self.url("changelist"))
        return self.render(request, "admin/shop/delete_confirmation.html", "Are you sure?",
                           original=product, object_id=product.id)


def _read_only(form: CategoryForm | ProductForm, read_only: bool) -> None:
    """Staff with only the view permission see the values but get no inputs that could post."""
    if read_only:
        for field in form.fields.values():
            field.disabled = True


def _verb(can_change: bool, noun: str) -> str:
    return f"{'Change' if can_change else 'View'} {noun}"


def _posted(request: HttpRequest) -> QueryDict | None:
    """Bind forms on every POST, even an empty one, so missing input is reported rather than ignored."""
    return request.POST if request.method == "POST" else None


def _uploads(request: HttpRequest):
    return request.FILES if request.method == "POST" else None


def _with_image(form: ProductForm, values: dict[str, object]) -> dict[str, object]:
    """Stores an uploaded image (media bucket or MEDIA_ROOT) and points the product at it."""
    if upload := form.cleaned_data.get("image"):
        stored = product_image_store(upload=upload)
        values["image_url"], values["image_renditions"] = stored.url, stored.renditions
    return values


def _fresh_categories() -> list[Category]:
    """Categories read from storage, not from the shoppers' cache: staff must not edit a stale copy
    (the cache is per process, so another worker's write may not have cleared this one's)."""
    selectors.forget_categories()
    return selectors.category_list()


def _fresh_category(category_id: str) -> Category:
    selectors.forget_categories()
    return selectors.category_get(category_id=category_id)
