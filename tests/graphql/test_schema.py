"""schema.graphql at the repository root is the exported SDL; this fails when it is stale."""

from __future__ import annotations

import io

from django.core.management import call_command

from api.management.commands.graphql_schema import schema_path
from api.schema import sdl


def test_schema_file_is_up_to_date():
    assert schema_path().read_text() == sdl(), "schema.graphql is stale: run `python manage.py graphql_schema`"


def test_check_mode_reports_up_to_date():
    out = io.StringIO()
    call_command("graphql_schema", "--check", stdout=out)
    assert "up to date" in out.getvalue()


def test_amplify_names_and_scalars():
    text = sdl()
    for expected in ("listProducts(filter: ModelProductFilterInput, limit: Int, nextToken: String)",
                     "scalar AWSDateTime", "scalar AWSJSON", "scalar AWSEmail",
                     "createOrder(input: CreateOrderInput!, condition: ModelOrderConditionInput): Order",
                     "updateProduct(input: UpdateProductInput!, condition: ModelProductConditionInput): Product",
                     "deleteCartItem(input: DeleteCartItemInput!, condition: ModelCartItemConditionInput): CartItem",
                     "productsByCategoryAndPrice(categoryId: ID!, price: ModelFloatKeyConditionInput, "
                     "sortDirection: ModelSortDirection, filter: ModelProductFilterInput, limit: Int, "
                     "nextToken: String): ModelProductConnection",
                     "beginsWith: String", "notContains: String", "size: ModelSizeInput",
                     "attributeType: ModelAttributeTypes", "enum ModelSortDirection"):
        assert expected in text, expected
