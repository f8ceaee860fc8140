"""Limits that keep one request cheap; each refusal is a ValidationError naming the limit.

`limit` (items per list, at most 1000) lives in shop.graphql.paging; the body size in the view.
"""

from __future__ import annotations

from graphene.validation import depth_limit_validator
from graphql import FieldNode, GraphQLError, OperationDefinitionNode, ValidationRule, specified_rules
from graphql.language import Visitor

MAX_DEPTH = 8  # the deepest real query (cart item -> product) is 4; introspection is not counted
MAX_ALIASES = 30
MAX_OPERATIONS = 5  # operation definitions per document
MAX_ROOT_FIELDS = 10  # root fields (operations run) per request


class DepthLimit(ValidationRule):
    """graphene's depth validator, built per request so MAX_DEPTH is read when validating."""

    def __new__(cls, context) -> ValidationRule:
        return depth_limit_validator(max_depth=MAX_DEPTH)(context)


class AliasLimit(ValidationRule):
    def __init__(self, context) -> None:
        super().__init__(context)
        self.aliases = 0

    def enter_field(self, node: FieldNode, *_args) -> object:
        if node.alias is not None:
            self.aliases += 1
            if self.aliases == MAX_ALIASES + 1:
                self.report_error(GraphQLError(f"The request uses more than {MAX_ALIASES} aliases.", node))
        return None


class OperationLimit(ValidationRule):
    def __init__(self, context) -> None:
        super().__init__(context)
        self.operations = 0

    def enter_operation_definition(self, node: OperationDefinitionNode, *_args) -> object:
        self.operations += 1
        if self.operations == MAX_OPERATIONS + 1:
            self.report_error(GraphQLError(f"A request may define at most {MAX_OPERATIONS} operations.", node))
        if len(node.selection_set.selections) > MAX_ROOT_FIELDS:
            self.report_error(
                GraphQLError(f"An operation may select at most {MAX_ROOT_FIELDS} root fields.", node)
            )
        return Visitor.SKIP if self.operations > MAX_OPERATIONS else None


# graphql-core's standard rules plus ours (passing rules to validate() replaces the standard ones).
RULES = (*specified_rules, DepthLimit, AliasLimit, OperationLimit)
