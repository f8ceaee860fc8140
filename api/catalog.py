"""Catalog in the GraphQL API: Product and Category types, filters, reads, index queries and staff writes."""

from __future__ import annotations

import graphene

from api.auth import require_perm, require_public_read
from api.filters import (
    ModelBooleanInput,
    ModelFloatInput,
    ModelFloatKeyConditionInput,
    ModelIDInput,
    ModelIntInput,
    ModelSortDirection,
    ModelStringInput,
    ModelStringKeyConditionInput,
    condition_input,
    condition_predicate,
    filter_input,
    matches,
    top_level_eq,
)
from api.paging import clean_limit, filtered_page, in_memory, list_arguments, page_size_for
from api.scalars import AWSDateTime, iso_utc, money_in, money_out
from catalog import selectors, services
from catalog.domain import Category, Product, ProductQuery, ProductSort
from core.errors import NotFound, ValidationError


def category_names(info) -> dict[str, str]:
    """Category id -> name, once per request from the cached category list (no query per product)."""
    request = info.context
    names = getattr(request, "_graphql_category_names", None)
    if names is None:
        names = {category.id: category.name for category in selectors.category_list()}
        request._graphql_category_names = names
    return names


class ProductType(graphene.ObjectType):
    class Meta:
        name = "Product"

    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    description = graphene.String()
    price = graphene.Float(required=True)
    original_price = graphene.Float()
    category = graphene.String(description="The category's name, as in the reference API.")
    category_id = graphene.ID(required=True)
    image_url = graphene.String()
    stock = graphene.Int(required=True)
    in_stock = graphene.Boolean(required=True)
    featured = graphene.Boolean(required=True)
    is_new = graphene.Boolean(required=True)
    on_sale = graphene.Boolean(required=True)
    rating = graphene.Float()
    active = graphene.Boolean(required=True, description="Inactive products are hidden from shoppers.")
    created_at = AWSDateTime(required=True)
    updated_at = AWSDateTime(required=True)

    @staticmethod
    def resolve_price(product: Product, _info) -> float:
        return money_out(product.price)

    @staticmethod
    def resolve_original_price(product: Product, _info) -> float | None:
        return money_out(product.original_price)

    @staticmethod
    def resolve_rating(product: Product, _info) -> float:
        return money_out(product.rating)

    @staticmethod
    def resolve_category(product: Product, info) -> str | None:
        return category_names(info).get(product.category_id)


class CategoryType(graphene.ObjectType):
    class Meta:
        name = "Category"

    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    description = graphene.String()
    image_url = graphene.String()
    product_count = graphene.Int(required=True)
    created_at = AWSDateTime(required=True)
    updated_at = AWSDateTime(required=True)


class ModelProductConnection(graphene.ObjectType):
    items = graphene.NonNull(graphene.List(ProductType))
    next_token = graphene.String()


class ModelCategoryConnection(graphene.ObjectType):
    items = graphene.NonNull(graphene.List(CategoryType))
    next_token = graphene.String()


def _product_fields() -> dict:
    return {
        "id": ModelIDInput(), "name": ModelStringInput(), "slug": ModelStringInput(),
        "description": ModelStringInput(), "price": ModelFloatInput(), "original_price": ModelFloatInput(),
        "category": ModelStringInput(), "category_id": ModelIDInput(), "image_url": ModelStringInput(),
        "stock": ModelIntInput(), "in_stock": ModelBooleanInput(), "featured": ModelBooleanInput(),
        "is_new": ModelBooleanInput(), "on_sale": ModelBooleanInput(), "rating": ModelFloatInput(),
        "active": ModelBooleanInput(), "created_at": ModelStringInput(), "updated_at": ModelStringInput(),
    }


def _category_fields() -> dict:
    return {
        "id": ModelIDInput(), "name": ModelStringInput(), "slug": ModelStringInput(),
        "description": ModelStringInput(), "image_url": ModelStringInput(), "product_count": ModelIntInput(),
        "created_at": ModelStringInput(), "updated_at": ModelStringInput(),
    }


ModelProductFilterInput = filter_input("ModelProductFilterInput", _product_fields())
ModelProductConditionInput = condition_input("ModelProductConditionInput", _product_fields())
ModelCategoryFilterInput = filter_input("ModelCategoryFilterInput", _category_fields())
ModelCategoryConditionInput = condition_input("ModelCategoryConditionInput", _category_fields(),
                                              derived=("product_count",))


def product_values(product: Product, names: dict[str, str]) -> dict[str, object]:
    """The product as filters and conditions see it: the API's fields, prices as Decimal."""
    return {
        "id": product.id, "name": product.name, "slug": product.slug, "description": product.description,
        "price": product.price, "original_price": product.original_price,
        "category": names.get(product.category_id), "category_id": product.category_id,
        "image_url": product.image_url, "stock": product.stock, "in_stock": product.in_stock,
        "featured": product.featured, "is_new": product.is_new, "on_sale": product.on_sale,
        "rating": product.rating, "active": product.active, "created_at": iso_utc(product.created_at),
        "updated_at": iso_utc(product.updated_at),
    }


def category_values(category: Category) -> dict[str, object]:
    return {
        "id": category.id, "name": category.name, "slug": category.slug, "description": category.description,
        "image_url": category.image_url, "product_count": category.product_count,
        "created_at": iso_utc(category.created_at), "updated_at": iso_utc(category.updated_at),
    }


def _product_page(info, query: ProductQuery, condition: dict | None, limit: object,
                  next_token: str | None) -> ModelProductConnection:
    limit = clean_limit(limit)
    names = category_names(info) if condition else {}
    items, token = filtered_page(
        lambda cursor, size: selectors.product_list(query=query, cursor=cursor, limit=size),
        lambda product: matches(condition, product_values(product, names)),
        scope=query.scope(), token=next_token, limit=limit, page_size=page_size_for(limit, bool(condition)),
    )
    return ModelProductConnection(items=items, next_token=token)


def _and(filter: dict | None, field: str, key_condition: dict | None) -> dict | None:
    """The filter and an index query's sort-key condition, both applied to what the index returns."""
    parts = [part for part in (filter, {field: key_condition} if key_condition else None) if part]
    return {"and_": parts} if len(parts) > 1 else (parts[0] if parts else None)


def _index_arguments(sort_field: str, key_condition: type) -> dict:
    return {"category_id": graphene.ID(required=True), sort_field: key_condition(),
            "sort_direction": ModelSortDirection(), **list_arguments(ModelProductFilterInput)}


class CatalogQuery(graphene.ObjectType):
    get_product = graphene.Field(ProductType, id=graphene.ID(required=True))
    list_products = graphene.Field(
        ModelProductConnection, **list_arguments(ModelProductFilterInput),
        description="Active products, newest first. limit: default 100, at most 1000. The filter is "
        "applied after reading, like AppSync: a page may hold fewer than `limit` items and a nextToken.",
    )
    products_by_category_and_price = graphene.Field(
        ModelProductConnection, **_index_arguments("price", ModelFloatKeyConditionInput),
        description="@index(name: \"byCategoryPrice\", sortKeyFields: [\"price\"]): a category's active "
        "products by price, ASC (default) or DESC.",
    )
    products_by_category_and_created_at = graphene.Field(
        ModelProductConnection, **_index_arguments("created_at", ModelStringKeyConditionInput),
        description="@index(name: \"byCategoryNewest\", sortKeyFields: [\"createdAt\"]): a category's active "
        "products by creation time, ASC (default) or DESC.",
    )
    get_category = graphene.Field(CategoryType, id=graphene.ID(required=True))
    list_categories = graphene.Field(ModelCategoryConnection, **list_arguments(ModelCategoryFilterInput))

    @staticmethod
    def resolve_get_product(_root, info, id: str) -> Product | None:
        require_public_read(info)
        try:
            return selectors.product_get(product_id=id)
        except NotFound:
            return None

    @staticmethod
    def resolve_list_products(_root, info, filter=None, limit=None, next_token=None) -> ModelProductConnection:
        require_public_read(info)
        # What storage can narrow by goes into the query; the whole filter is still checked per item.
        query = ProductQuery(
            category_id=top_level_eq(filter, "category_id"),
            featured=top_level_eq(filter, "featured"),
            in_stock=top_level_eq(filter, "in_stock"),
        )
        return _product_page(info, query, filter, limit, next_token)

    @staticmethod
    def resolve_products_by_category_and_price(_root, info, category_id: str, price=None, sort_direction=None,
                                               filter=None, limit=None, next_token=None) -> ModelProductConnection:
        require_public_read(info)
        descending = sort_direction == ModelSortDirection.DESC.value
        sort = ProductSort.PRICE_DESC if descending else ProductSort.PRICE_ASC
        query = ProductQuery(category_id=category_id, sort=sort)
        return _product_page(info, query, _and(filter, "price", price), limit, next_token)

    @staticmethod
    def resolve_products_by_category_and_created_at(_root, info, category_id: str, created_at=None,
                                                    sort_direction=None, filter=None, limit=None,
                                                    next_token=None) -> ModelProductConnection:
        require_public_read(info)
        descending = sort_direction == ModelSortDirection.DESC.value
        query = ProductQuery(category_id=category_id, sort=ProductSort.NEWEST if descending else ProductSort.OLDEST)
        return _product_page(info, query, _and(filter, "created_at", created_at), limit, next_token)

    @staticmethod
    def resolve_get_category(_root, info, id: str) -> Category | None:
        require_public_read(info)
        try:
            return selectors.category_get(category_id=id)
        except NotFound:
            return None

    @staticmethod
    def resolve_list_categories(_root, info, filter=None, limit=None, next_token=None) -> ModelCategoryConnection:
        require_public_read(info)
        limit = clean_limit(limit)
        items, token = filtered_page(
            in_memory(selectors.category_list()), lambda category: matches(filter, category_values(category)),
            scope="categories", token=next_token, limit=limit, page_size=limit,
        )
        return ModelCategoryConnection(items=items, next_token=token)


# --- staff writes -------------------------------------------------------------------------------

# Every stored field of the type is in its create/update input, as in an Amplify @model API.
_PRODUCT_INPUT = {
    "name": graphene.String, "slug": graphene.String, "description": graphene.String, "price": graphene.Float,
    "original_price": graphene.Float, "category": graphene.String, "category_id": graphene.ID,
    "image_url": graphene.String, "stock": graphene.Int, "in_stock": graphene.Boolean,
    "featured": graphene.Boolean, "is_new": graphene.Boolean, "on_sale": graphene.Boolean,
    "rating": graphene.Float, "active": graphene.Boolean,
}
_CATEGORY_INPUT = {"name": graphene.String, "slug": graphene.String, "description": graphene.String,
                   "image_url": graphene.String}
_MONEY = ("price", "original_price", "rating")
_NULLABLE = ("original_price", "description", "image_url")


def _input_type(name: str, fields: dict, required: tuple[str, ...] = ()) -> type[graphene.InputObjectType]:
    attrs = {key: scalar(required=key in required) for key, scalar in fields.items()}
    return type(name, (graphene.InputObjectType,), attrs)


CreateProductInput = _input_type("CreateProductInput", {"id": graphene.ID, **_PRODUCT_INPUT},
                                 required=("name", "price"))
UpdateProductInput = _input_type("UpdateProductInput", {"id": graphene.ID, **_PRODUCT_INPUT}, required=("id",))
DeleteProductInput = _input_type("DeleteProductInput", {"id": graphene.ID}, required=("id",))
CreateCategoryInput = _input_type("CreateCategoryInput", {"id": graphene.ID, **_CATEGORY_INPUT}, required=("name",))
UpdateCategoryInput = _input_type("UpdateCategoryInput", {"id": graphene.ID, **_CATEGORY_INPUT}, required=("id",))
DeleteCategoryInput = _input_type("DeleteCategoryInput", {"id": graphene.ID}, required=("id",))


def _product_changes(data: dict) -> dict:
    """The service's arguments for the fields the client sent (an explicit null clears an optional one)."""
    changes = {key: value for key, value in data.items() if key not in ("id", "category")}
    for key in _MONEY:
        if key in changes:
            changes[key] = money_in(changes[key])
    if "category" in data:
        # The reference API names the category; find it by name (it must agree with a categoryId sent too).
        by_name = {category.name: category.id for category in selectors.category_list()}
        if data["category"] not in by_name:
            raise ValidationError("Choose an existing category.", field="category")
        if changes.setdefault("category_id", by_name[data["category"]]) != by_name[data["category"]]:
            raise ValidationError("category and categoryId name different categories.", field="category")
    for key, value in changes.items():
        if value is None and key not in _NULLABLE:
            raise ValidationError(f"{key} cannot be null.", field=key)
    return changes


def _category_changes(data: dict) -> dict:
    fields = {key: value for key, value in data.items() if key != "id"}
    if fields.get("name", "") is None:
        raise ValidationError("name cannot be null.", field="name")
    return {key: "" if value is None else value for key, value in fields.items()}


def _product_condition(info, condition):
    names = category_names(info) if condition else {}
    return condition_predicate(condition, lambda product: product_values(product, names))


class CatalogMutation(graphene.ObjectType):
    create_product = graphene.Field(ProductType, input=CreateProductInput(required=True),
                                    condition=ModelProductConditionInput())
    update_product = graphene.Field(ProductType, input=UpdateProductInput(required=True),
                                    condition=ModelProductConditionInput())
    delete_product = graphene.Field(ProductType, input=DeleteProductInput(required=True),
                                    condition=ModelProductConditionInput())
    create_category = graphene.Field(CategoryType, input=CreateCategoryInput(required=True),
                                     condition=ModelCategoryConditionInput())
    update_category = graphene.Field(CategoryType, input=UpdateCategoryInput(required=True),
                                     condition=ModelCategoryConditionInput())
    delete_category = graphene.Field(CategoryType, input=DeleteCategoryInput(required=True),
                                     condition=ModelCategoryConditionInput())

    @staticmethod
    def resolve_create_product(_root, info, input: dict, condition=None) -> Product:
        require_perm(info, "catalog.add_productrecord")
        return services.product_create(id=input.get("id"), condition=_product_condition(info, condition),
                                       **_product_changes(input))

    @staticmethod
    def resolve_update_product(_root, info, input: dict, condition=None) -> Product:
        require_perm(info, "catalog.change_productrecord")
        return services.product_update(product_id=input["id"], condition=_product_condition(info, condition),
                                       **_product_changes(input))

    @staticmethod
    def resolve_delete_product(_root, info, input: dict, condition=None) -> Product:
        require_perm(info, "catalog.delete_productrecord")
        return services.product_delete(product_id=input["id"], condition=_product_condition(info, condition))

    @staticmethod
    def resolve_create_category(_root, info, input: dict, condition=None) -> Category:
        require_perm(info, "catalog.add_categoryrecord")
        created = services.category_create(id=input.get("id"), **_category_changes(input),
                                           condition=condition_predicate(condition, category_values))
        return selectors.category_get(category_id=created.id)  # with its product count

    @staticmethod
    def resolve_update_category(_root, info, input: dict, condition=None) -> Category:
        require_perm(info, "catalog.change_categoryrecord")
        services.category_update(category_id=input["id"], condition=condition_predicate(condition, category_values),
                                 **_category_changes(input))
        return selectors.category_get(category_id=input["id"])

    @staticmethod
    def resolve_delete_category(_root, info, input: dict, condition=None) -> Category:
        require_perm(info, "catalog.delete_categoryrecord")
        category = selectors.category_get(category_id=input["id"])
        services.category_delete(category_id=category.id, condition=condition_predicate(condition, category_values))
        return category
