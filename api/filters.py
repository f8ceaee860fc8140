"""Amplify's filter inputs and one evaluator for every type.

Like AppSync over DynamoDB, a filter is applied to items after they are read: resolvers push what
the storage seam can narrow down (e.g. a category) into the storage query, then keep the items for
which `matches` is true. Values are compared as the API exposes them (prices as Decimal, times as
AppSync ISO strings), so `price: {lt: 20.5}` and `createdAt: {beginsWith: "2024-05"}` behave as in AppSync.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import graphene

from core.errors import ValidationError

LOGICAL = ("and_", "or_", "not_")


def _comparisons(scalar, *, text: bool) -> dict:
    fields = {name: scalar() for name in ("ne", "eq", "le", "lt", "ge", "gt")}
    fields["between"] = graphene.List(graphene.NonNull(scalar))
    fields["attribute_exists"] = graphene.Boolean()
    if text:
        fields.update(contains=scalar(), not_contains=scalar(), begins_with=scalar())
    return fields


ModelStringInput = type("ModelStringInput", (graphene.InputObjectType,), _comparisons(graphene.String, text=True))
ModelIDInput = type("ModelIDInput", (graphene.InputObjectType,), _comparisons(graphene.ID, text=True))
ModelIntInput = type("ModelIntInput", (graphene.InputObjectType,), _comparisons(graphene.Int, text=False))
ModelFloatInput = type("ModelFloatInput", (graphene.InputObjectType,), _comparisons(graphene.Float, text=False))


class ModelBooleanInput(graphene.InputObjectType):
    ne = graphene.Boolean()
    eq = graphene.Boolean()
    attribute_exists = graphene.Boolean()


def filter_input(name: str, fields: dict) -> type[graphene.InputObjectType]:
    """A Model<Type>FilterInput with and/or/not, e.g. filter_input("ModelProductFilterInput", {...})."""
    attrs = dict(fields)
    attrs["and_"] = graphene.List(lambda: cls, name="and")
    attrs["or_"] = graphene.List(lambda: cls, name="or")
    attrs["not_"] = graphene.InputField(lambda: cls, name="not")
    cls = type(name, (graphene.InputObjectType,), attrs)
    return cls


def matches(condition: Mapping | None, values: Mapping[str, object]) -> bool:
    """True when the item (its exposed values by Python field name) satisfies the whole filter tree."""
    if not condition:
        return True
    for key, value in condition.items():
        if value is None:
            continue
        if key == "and_":
            ok = all(matches(part, values) for part in value)
        elif key == "or_":
            ok = not value or any(matches(part, values) for part in value)
        elif key == "not_":
            ok = not matches(value, values)
        else:
            ok = _compare(values.get(key), value)
        if not ok:
            return False
    return True


def _compare(actual: object, condition: Mapping) -> bool:
    for op, raw in condition.items():
        if raw is None:
            continue
        if op == "attribute_exists":
            ok = (actual is not None) == raw
        elif actual is None:
            ok = op == "ne"
        elif op == "between":
            if len(raw) != 2:
                raise ValidationError("between takes exactly two values: [low, high].", field="filter")
            ok = _norm(raw[0]) <= actual <= _norm(raw[1])
        else:
            ok = _OPS[op](actual, _norm(raw))
        if not ok:
            return False
    return True


def _norm(value: object) -> object:
    # Floats from the client meet Decimal prices: compare exactly via their shortest str form.
    return Decimal(str(value)) if isinstance(value, float) else value


_OPS = {
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
    "le": lambda a, b: a <= b,
    "lt": lambda a, b: a < b,
    "ge": lambda a, b: a >= b,
    "gt": lambda a, b: a > b,
    "contains": lambda a, b: str(b) in str(a),
    "not_contains": lambda a, b: str(b) not in str(a),
    "begins_with": lambda a, b: str(a).startswith(str(b)),
}


def top_level_eq(condition: Mapping | None, key: str) -> object:
    """The `eq` of a top-level field (ANDed with everything else), which storage may narrow by."""
    if not condition or not isinstance(condition.get(key), Mapping):
        return None
    return condition[key].get("eq")
