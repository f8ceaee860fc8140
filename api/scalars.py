"""AppSync's scalars, under AppSync's names, so client code written for AppSync keeps working."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal

import graphene
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from graphql import StringValueNode, ValueNode, value_from_ast_untyped


def iso_utc(value: datetime | None) -> str | None:
    """AppSync's form: UTC with milliseconds and a Z, e.g. 2024-05-01T12:00:00.000Z."""
    if value is None:
        return None
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def money_out(value: Decimal | None) -> float | None:
    """Decimal -> Float only at the edge (the reference API types prices as Float); two places survive."""
    return None if value is None else float(value)


def money_in(value: object) -> str | None:
    """Client Float -> str for the services' Decimal parsing; str(float) is the shortest exact repr."""
    return None if value is None else str(value)


class AWSDateTime(graphene.Scalar):
    """An ISO 8601 date and time with a zone (always UTC in responses)."""

    @staticmethod
    def serialize(value: datetime) -> str:
        return iso_utc(value)

    @staticmethod
    def parse_value(value: object) -> datetime:
        if not isinstance(value, str):
            raise ValueError("AWSDateTime must be an ISO 8601 string with a time zone.")
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if parsed.tzinfo is None:
            raise ValueError("AWSDateTime needs a time zone, e.g. 2024-05-01T12:00:00Z.")
        return parsed.astimezone(UTC)

    @classmethod
    def parse_literal(cls, node: ValueNode, _variables=None) -> datetime:
        if not isinstance(node, StringValueNode):
            raise ValueError("AWSDateTime must be a string.")
        return cls.parse_value(node.value)


class AWSEmail(graphene.Scalar):
    """An email address; refused at the edge when malformed."""

    @staticmethod
    def serialize(value: str) -> str:
        return value

    @staticmethod
    def parse_value(value: object) -> str:
        if not isinstance(value, str):
            raise ValueError("AWSEmail must be a string.")
        try:
            validate_email(value)
        except DjangoValidationError:
            raise ValueError("Enter a valid email address.") from None
        return value

    @classmethod
    def parse_literal(cls, node: ValueNode, _variables=None) -> str:
        if not isinstance(node, StringValueNode):
            raise ValueError("AWSEmail must be a string.")
        return cls.parse_value(node.value)


class AWSJSON(graphene.Scalar):
    """JSON sent as a string, as AppSync does; an already-parsed list or object is accepted too."""

    @staticmethod
    def serialize(value: object) -> str:
        return json.dumps(value, separators=(",", ":"))

    @staticmethod
    def parse_value(value: object) -> object:
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                raise ValueError("AWSJSON must be valid JSON.") from None
        return value

    @classmethod
    def parse_literal(cls, node: ValueNode, variables=None) -> object:
        if isinstance(node, StringValueNode):
            return cls.parse_value(node.value)
        return value_from_ast_untyped(node, variables)
