"""Limits that keep one request cheap; each refusal is a ValidationError naming the limit.

`limit` (items per list, at most 1000) lives in api.paging.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest
from graphene.validation import depth_limit_validator
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationRule,
)
from graphql.language import Visitor


def body_too_large(request: HttpRequest) -> bool:
    """Whether the request's body is over GRAPHQL_MAX_BODY_BYTES (or says a length that is not a number)."""
    limit = settings.GRAPHQL_MAX_BODY_BYTES
    try:
        if int(request.META.get("CONTENT_LENGTH") or 0) > limit:
            return True
        return len(request.body) > limit
    except (ValueError, RequestDataTooBig):
        return True


MAX_DEPTH = 8  # the deepest real query (cart item -> product) is 4; introspection is not counted
MAX_ALIASES = 30
MAX_OPERATIONS = 5  # operation definitions per document
MAX_ROOT_FIELDS = 10  # root fields (operations run) per request
MAX_JSON_DEPTH = 64  # nesting of the request body; real variables are a few levels deep


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
        if len(root_field_nodes(self.context.document, node)) > MAX_ROOT_FIELDS:
            self.report_error(
                GraphQLError(f"An operation may select at most {MAX_ROOT_FIELDS} root fields.", node)
            )
        return Visitor.SKIP if self.operations > MAX_OPERATIONS else None


def root_field_nodes(document: DocumentNode, operation: OperationDefinitionNode) -> list[FieldNode]:
    """The root fields an operation runs, looking through fragments, so a fragment can hide a field
    from neither the root-field limit nor the request log."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    found: list[FieldNode] = []
    seen: set[str] = set()  # a fragment is expanded once, which also ends fragment cycles

    def walk(selection_set: SelectionSetNode) -> None:
        for node in selection_set.selections:
            if isinstance(node, FieldNode):
                found.append(node)
            elif isinstance(node, InlineFragmentNode):
                walk(node.selection_set)
            elif isinstance(node, FragmentSpreadNode):
                name = node.name.value
                if name in fragments and name not in seen:
                    seen.add(name)
                    walk(fragments[name].selection_set)

    walk(operation.selection_set)
    return found


# Run after graphql-core's standard rules have passed: the depth rule follows fragment spreads
# without a cycle check, so it must never see a document the standard NoFragmentCycles refuses.
LIMIT_RULES = (DepthLimit, AliasLimit, OperationLimit)


def json_depth(value: object) -> int:
    """How deeply objects and arrays nest in parsed JSON, counted without recursion.

    Python 3.12 and later parse a body nested thousands deep without a RecursionError, so the
    depth is checked on the parsed value rather than left to the parser's recursion limit.
    """
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_JSON_DEPTH:
            return deepest
        stack.extend((child, depth + 1) for child in children)
    return deepest
