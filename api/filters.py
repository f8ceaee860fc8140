"""Amplify's filter inputs and one evaluator for every type.

Like AppSync over DynamoDB, a filter is applied to items after they are read: resolvers push what
the storage seam can narrow down (e.g. a category) into the storage query, then keep the items for
which `matches` is true. Values are compared as the API exposes them (prices as Decimal, times as
AppSync ISO strings), so `price: {lt: 20.5}` and `createdAt: {beginsWith: "2024-05"}` behave as in AppSync.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal

import graphene

from core.errors import ValidationError

LOGICAL = ("and_", "or_", "not_")


class ModelAttributeTypes(graphene.Enum):
    """DynamoDB's attribute types, for `attributeType` (how AppSync names them)."""

    binary = "binary"
    binarySet = "binarySet"
    bool = "bool"
    list = "list"
    map = "map"
    number = "number"
    numberSet = "numberSet"
    string = "string"
    stringSet = "stringSet"
    _null = "_null"


class ModelSizeInput(graphene.InputObjectType):
    """Compares the length of a string (or list) value."""

    ne = graphene.Int()
    eq = graphene.Int()
    le = graphene.Int()
    lt = graphene.Int()
    ge = graphene.Int()
    gt = graphene.Int()
    between = graphene.List(graphene.NonNull(graphene.Int))


class ModelSortDirection(graphene.Enum):
    ASC = "ASC"
    DESC = "DESC"


def _comparisons(scalar, *, text: bool) -> dict:
    fields = {name: scalar() for name in ("ne", "eq", "le", "lt", "ge", "gt")}
    fields["between"] = graphene.List(graphene.NonNull(scalar))
    fields["attribute_exists"] = graphene.Boolean()
    fields["attribute_type"] = ModelAttributeTypes()
    if text:
        fields.update(contains=scalar(), not_contains=scalar(), begins_with=scalar(), size=ModelSizeInput())
    return fields


ModelStringInput = type("ModelStringInput", (graphene.InputObjectType,), _comparisons(graphene.String, text=True))
ModelIDInput = type("ModelIDInput", (graphene.InputObjectType,), _comparisons(graphene.ID, text=True))
ModelIntInput = type("ModelIntInput", (graphene.InputObjectType,), _comparisons(graphene.Int, text=False))
ModelFloatInput = type("ModelFloatInput", (graphene.InputObjectType,), _comparisons(graphene.Float, text=False))


class ModelBooleanInput(graphene.InputObjectType):
    ne = graphene.Boolean()
    eq = graphene.Boolean()
    attribute_exists = graphene.Boolean()
    attribute_type = ModelAttributeTypes()


def _key_condition(name: str, scalar, *, text: bool) -> type[graphene.InputObjectType]:
    """The sort-key condition of an index query (Amplify's Model<Scalar>KeyConditionInput)."""
    fields = {op: scalar() for op in ("eq", "le", "lt", "ge", "gt")}
    fields["between"] = graphene.List(graphene.NonNull(scalar))
    if text:
        fields["begins_with"] = scalar()
    return type(name, (graphene.InputObjectType,), fields)


ModelStringKeyConditionInput = _key_condition("ModelStringKeyConditionInput", graphene.String, text=True)
ModelFloatKeyConditionInput = _key_condition("ModelFloatKeyConditionInput", graphene.Float, text=False)


def _subscription_comparisons(scalar, *, text: bool) -> dict:
    fields = {name: scalar() for name in ("ne", "eq", "le", "lt", "ge", "gt")}
    fields["between"] = graphene.List(scalar)
    fields["in_"] = graphene.List(scalar, name="in")
    fields["not_in"] = graphene.List(scalar, name="notIn")
    if text:
        fields.update(contains=scalar(), not_contains=scalar(), begins_with=scalar())
    return fields


# Amplify's inputs for subscription filters: AppSync's enhanced filtering operators (with in/notIn, no not).
ModelSubscriptionStringInput = type("ModelSubscriptionStringInput", (graphene.InputObjectType,),
                                    _subscription_comparisons(graphene.String, text=True))
ModelSubscriptionIDInput = type("ModelSubscriptionIDInput", (graphene.InputObjectType,),
                                _subscription_comparisons(graphene.ID, text=True))
ModelSubscriptionIntInput = type("ModelSubscriptionIntInput", (graphene.InputObjectType,),
                                 _subscription_comparisons(graphene.Int, text=False))
ModelSubscriptionFloatInput = type("ModelSubscriptionFloatInput", (graphene.InputObjectType,),
                                   _subscription_comparisons(graphene.Float, text=False))


class ModelSubscriptionBooleanInput(graphene.InputObjectType):
    ne = graphene.Boolean()
    eq = graphene.Boolean()


def subscription_filter_input(name: str, fields: dict) -> type[graphene.InputObjectType]:
    """A ModelSubscription<Type>FilterInput: per-field operators combined with and/or."""
    attrs = dict(fields)
    attrs["and_"] = graphene.List(lambda: cls, name="and")
    attrs["or_"] = graphene.List(lambda: cls, name="or")
    cls = type(name, (graphene.InputObjectType,), attrs)
    return cls


def filter_input(name: str, fields: dict) -> type[graphene.InputObjectType]:
    """A Model<Type>FilterInput with and/or/not, e.g. filter_input("ModelProductFilterInput", {...}).

    Condition inputs (Model<Type>ConditionInput) have the same shape without `id`."""
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
        elif op == "attribute_type":
            ok = actual is not None and _attribute_type(actual) == getattr(raw, "value", raw)
        elif actual is None:
            ok = op == "ne"
        elif op == "between":
            if len(raw) != 2:
                raise ValidationError("between takes exactly two values: [low, high].", field="filter")
            ok = _norm(raw[0]) <= actual <= _norm(raw[1])
        elif op == "size":
            ok = isinstance(actual, str | list) and _compare(len(actual), raw)
        elif op in ("in_", "not_in"):
            ok = (actual in [_norm(item) for item in raw]) == (op == "in_")
        else:
            ok = _OPS[op](actual, _norm(raw))
        if not ok:
            return False
    return True


def _attribute_type(value: object) -> str:
    """The DynamoDB type a value is stored as (missing values have none: attributeType is then false)."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float | Decimal):
        return "number"
    if isinstance(value, list):
        return "list"
    if isinstance(value, Mapping):
        return "map"
    return "string"


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


def condition_input(name: str, fields: dict, *, derived: tuple[str, ...] = ()) -> type[graphene.InputObjectType]:
    """A Model<Type>ConditionInput: the filter's fields without `id` (nor counters `derived` from other
    items, which no write could hold still), with and/or/not."""
    return filter_input(name, {key: value for key, value in fields.items() if key not in ("id", *derived)})


def condition_predicate(condition: Mapping | None, values: Callable[[object], Mapping[str, object]]):
    """The services' `condition` (a predicate over the stored item, None when there is none) for an
    AppSync condition input; None when no condition was sent."""
    if not condition:
        return None
    return lambda item: matches(condition, values(item) if item is not None else {})
