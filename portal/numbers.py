"""Numbers as Czech readers write them: 12 636 (a non-breaking space between thousands), 8,7; amounts of
money in whole crowns or with both digits of the hellers: 3 500, 3 500,50."""

from decimal import Decimal

from django.utils.translation import get_language

NBSP = "\u00a0"


def _written(digits: str) -> str:
    """Python's "12,636.70" as the reader's language writes it: "12 636,70" in Czech."""
    whole, _, fraction = digits.partition(".")
    whole = whole.replace(",", NBSP)
    separator = "," if get_language() == "cs" else "."
    return f"{whole}{separator}{fraction}" if fraction else whole


def format_number(value) -> str:
    """12636 -> "12 636" (non-breaking space), 8.7 -> "8,7" in Czech; "8.7" in English."""
    if value is None or value == "":
        return ""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    if isinstance(value, Decimal | float):
        return _written(f"{value:,.2f}".rstrip("0").rstrip("."))
    return _written(f"{int(value):,}")


def format_money(value) -> str:
    """An amount in crowns: 3500 -> "3 500", 3500.5 -> "3 500,50" (never "3 500,5")."""
    if value is None or value == "":
        return ""
    amount = Decimal(str(value)).quantize(Decimal("0.01"))
    return _written(f"{int(amount):,}" if amount == amount.to_integral_value() else f"{amount:,.2f}")
