"""Reading a revision back without a query per reference.

modelcluster rebuilds a revision's object and its child records one by one and checks every foreign
key of each in a query of its own (`model_from_serializable_data(check_fks=True)`): minutes with 40
attendees and 60 items with their decisions and tasks cost hundreds of queries to open. Here the same
check is made for all of them at once, one query per referenced model, with modelcluster's rules: a
child record whose CASCADE reference is gone is dropped (so is the object itself when `strict`), a
SET_NULL reference (or a CASCADE one of the object itself) becomes None, DO_NOTHING stays.
"""

from collections import defaultdict

from django.db import models
from modelcluster.models import get_all_child_relations

# (model, field name) -> the set of values that exist
_Existing = dict[tuple[type[models.Model], str], set]


class UnhandledReference(Exception):
    """A dangling reference with an on_delete rule modelcluster refuses as well (PROTECT, …)."""


def _references(model: type[models.Model]) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if field.remote_field is not None and isinstance(field.remote_field, models.ManyToOneRel)
    ]


def _target(field: models.Field) -> tuple[type[models.Model], str]:
    return field.remote_field.model, field.remote_field.field_name


def _collect(model: type[models.Model], data: dict, wanted: dict) -> None:
    for field in _references(model):
        value = data.get(field.name)
        if value is not None:
            related, name = _target(field)
            wanted[(related, name)].add(related._meta.get_field(name).to_python(value))
    for relation in get_all_child_relations(model):
        for child in data.get(relation.get_accessor_name()) or []:
            _collect(relation.related_model, child, wanted)


def _cleaned(model: type[models.Model], data: dict, existing: _Existing, *, strict: bool) -> dict | None:
    data = dict(data)
    for field in _references(model):
        value = data.get(field.name)
        if value is None:
            continue
        related, name = _target(field)
        if related._meta.get_field(name).to_python(value) in existing[(related, name)]:
            continue
        on_delete = field.remote_field.on_delete
        if on_delete == models.DO_NOTHING:
            continue
        if on_delete == models.CASCADE and strict:
            return None
        if on_delete not in (models.CASCADE, models.SET_NULL):
            raise UnhandledReference(field)
        data[field.name] = None
    for relation in get_all_child_relations(model):
        name = relation.get_accessor_name()
        if data.get(name) is not None:
            children = (_cleaned(relation.related_model, child, existing, strict=True) for child in data[name])
            data[name] = [child for child in children if child is not None]
    return data


def without_dangling_references(model: type[models.Model], data: dict, *, strict: bool = False) -> dict | None:
    """`data` (a revision's content) with its references, and its child records', checked against
    the database in one query per referenced model; None when the object itself is to be dropped.
    Pass the result to `from_serializable_data(..., check_fks=False)`."""
    wanted: dict[tuple[type[models.Model], str], set] = defaultdict(set)
    _collect(model, data, wanted)
    existing = {
        (related, name): set(
            related._default_manager.filter(**{f"{name}__in": values}).order_by().values_list(name, flat=True)
        )
        for (related, name), values in wanted.items()
    }
    return _cleaned(model, data, existing, strict=strict)
