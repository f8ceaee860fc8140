"""The two kinds of conditional write every SQL repository makes, with their failures typed."""

from __future__ import annotations

from django.db import IntegrityError, models, transaction

from core.errors import AlreadyExists, StaleWrite


def insert(record: models.Model, entity: str) -> None:
    """INSERT; a taken id is AlreadyExists. The savepoint keeps the unit of work's transaction usable."""
    try:
        with transaction.atomic():
            record.save(force_insert=True)
    except IntegrityError:
        if type(record).objects.filter(pk=record.pk).exists():
            raise AlreadyExists(entity, record.pk) from None
        raise StaleWrite(entity, record.pk) from None  # a unique value (a slug) was taken meanwhile


def update_pinned(rows: models.QuerySet, entity: str, entity_id: str, **values: object) -> None:
    """UPDATE the rows still matching `rows` (the id plus the values the caller read); none is StaleWrite."""
    if not rows.update(**values):
        raise StaleWrite(entity, entity_id)


def delete_pinned(rows: models.QuerySet, entity: str, entity_id: str) -> None:
    if not rows.delete()[0]:
        raise StaleWrite(entity, entity_id)


def column_values(record: models.Model, *, exclude: tuple[str, ...] = ()) -> dict[str, object]:
    """Every concrete column but the key, for an UPDATE that rewrites the whole row."""
    return {f.attname: getattr(record, f.attname) for f in type(record)._meta.concrete_fields
            if not f.primary_key and f.name not in exclude}
